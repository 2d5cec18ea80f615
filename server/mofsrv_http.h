/* libmofsrv: CIM-XML over HTTP (DSP0200) on libmicrohttpd.
 *
 * POST /cimom with CIMOperation: MethodCall, CIMMethod and CIMObject
 * (percent-decoded, checked against the body: 400 + CIMError
 * header-mismatch). Intrinsic calls go to mofsrv_intrinsic.c, extrinsic ones
 * through the provider's generated dispatch table. A pool of threads
 * polling many connections each (epoll; by default one per online CPU, at
 * least MOFSRV_THREADS_MIN), or a thread per connection; each connection
 * has its own libmofrt decoder; idle connections time out, and so do
 * requests that take too long to arrive or answers too long to be read.
 * Connections over max_conns wait in the kernel's listen queue until one
 * ends (each ends within the time-outs above). */
#ifndef MOFSRV_HTTP_H
#define MOFSRV_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "server/mofsrv_auth.h"
#include "server/mofsrv_host.h"

typedef struct mofsrv_http_cfg {
    const char *listen;        /* "HOST:PORT" or "[V6]:PORT"; port 0 = any free port */
    const mofsrv_auth *auth;       /* NULL: no authentication (loopback only) */
    unsigned timeout_s;        /* connection inactivity timeout */
    unsigned request_timeout_s; /* a request must arrive whole (headers and body)
                                  within this, however steadily bytes trickle;
                                  its answer be taken within it (whole) or at
                                  64 KiB per this much (streamed) */
    unsigned max_conns;
    size_t max_body;           /* request bodies above are refused with 413 */
    const char *cert_pem, *key_pem;   /* TLS when both are set (PEM text) */
    unsigned threads;          /* 0: the default pool; N: N polling threads;
                                  MOFSRV_THREADS_PER_CONNECTION (see
                                  mofsrv_listen_cfg.threads) */
    const char *tls_priority;  /* GnuTLS priority string; NULL: MOFSRV_TLS_PRIORITY */
} mofsrv_http_cfg;

typedef struct mofsrv_http mofsrv_http;

/* Parses --listen: "A.B.C.D:PORT" or "[V6]:PORT" (inet_pton forms, port
 * 0..65535 in decimal); -1 with err for anything else. */
int mofsrv_listen_parse(const char *listen, struct sockaddr_storage *ss, mofrt_error *err);

/* NULL with a message in err on failure (bad address, non-loopback
 * without auth, bind error). */
mofsrv_http *mofsrv_http_start(const mofsrv_http_cfg *cfg, mofsrv *s, mofrt_error *err);
unsigned mofsrv_http_port(const mofsrv_http *s);
void mofsrv_http_stop(mofsrv_http *s);

#endif
