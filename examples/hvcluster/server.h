/* hvclusterd: CIM-XML over HTTP (DSP0200) on libmicrohttpd.
 *
 * POST /cimom with CIMOperation: MethodCall, CIMMethod and CIMObject
 * (percent-decoded, checked against the body: 400 + CIMError
 * header-mismatch). Intrinsic calls go to intrinsic.c, extrinsic ones
 * through the provider's generated dispatch table. One thread per
 * connection (requests may wait for a collection lock or a commit), each
 * with its own libmofrt decoder; idle or slow connections time out. */
#ifndef HV_SERVER_H
#define HV_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "examples/hvcluster/auth.h"
#include "examples/hvcluster/provider.h"

typedef struct hv_server_cfg {
    const char *listen;        /* "HOST:PORT" or "[V6]:PORT"; port 0 = any free port */
    const hv_auth *auth;       /* NULL: no authentication (loopback only) */
    unsigned timeout_s;        /* connection inactivity timeout */
    unsigned max_conns;
    size_t max_body;           /* request bodies above are refused with 413 */
} hv_server_cfg;

typedef struct hv_server hv_server;

/* Parses --listen: "A.B.C.D:PORT" or "[V6]:PORT" (inet_pton forms, port
 * 0..65535 in decimal); -1 with err for anything else. */
int hv_listen_parse(const char *listen, struct sockaddr_storage *ss, mofrt_error *err);

/* NULL with a message in err on failure (bad address, non-loopback
 * without auth, bind error). */
hv_server *hv_server_start(const hv_server_cfg *cfg, hv_provider *prov, const hv_schema *schema,
                           hv_store *store, mofrt_error *err);
unsigned hv_server_port(const hv_server *s);
void hv_server_stop(hv_server *s);

#endif
