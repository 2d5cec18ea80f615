/* libmofsrv: DSP0200 request handling, apart from the HTTP library.
 *
 * mofsrv_http.c is a thin libmicrohttpd adapter: once the request line and the
 * headers have arrived it calls mofsrv_precheck() (so that a request refused by
 * its headers is answered before its body is read), collects the body, and
 * calls mofsrv_process(). mofsrv_handle() does both steps on a request whose body is
 * already complete, as tests/fuzz/fuzz_http.c does. None of these functions
 * touches the network: they read the request and fill an mofsrv_response. */
#ifndef MOFSRV_HANDLER_H
#define MOFSRV_HANDLER_H

#include <stdbool.h>
#include <stddef.h>

#include "server/mofsrv_auth.h"
#include "server/mofsrv_host.h"

/* What request handling reads; all of it outlives the handler. */
typedef struct mofsrv_handler {
    const mofsrv_auth *auth;   /* NULL: no authentication */
    size_t max_body;           /* larger bodies are answered 413 */
    mofsrv *s;
    /* Answers of the classic enumerations (EnumerateInstances(Names),
     * Associators, References and their Names) may be streamed: results
     * go out as they come, memory stays flat (mofsrv_response.stream). */
    bool stream;
} mofsrv_handler;

/* The request headers: get(ctx, name) is the value of header `name` (names
 * compare case-insensitively, as in HTTP), NULL when absent. */
typedef struct mofsrv_headers {
    const char *(*get)(void *ctx, const char *name);
    void *ctx;
} mofsrv_headers;

/* The answer. status is an HTTP status (200 with a CIM-XML MESSAGE in body,
 * else an empty body); cimerror, when not NULL, is the value of the CIMError
 * header (a static string). The HTTP layer adds the fixed headers of each
 * status (Content-Type and CIMOperation for 200, Allow for 405,
 * WWW-Authenticate for 401). */
typedef struct mofsrv_response {
    unsigned status;
    const char *cimerror;
    mofrt_buf body;
    /* A streamed answer (only when the handler allows it): body is its
     * beginning, the rest comes from stream (mofsrv_producer_take), then
     * MOFSRV_STREAM_TAIL. NULL: body is the whole answer. */
    struct mofsrv_producer *stream;
} mofsrv_response;

/* What closes a streamed IMETHODRESPONSE after its last result. */
#define MOFSRV_STREAM_TAIL "</IRETURNVALUE></IMETHODRESPONSE></SIMPLERSP></MESSAGE></CIM>"

#define MOFSRV_RESPONSE_INIT { 0, NULL, MOFRT_BUF_INIT, NULL }
void mofsrv_response_free(mofsrv_response *r);
/* The rest of a streamed answer read into body (stream freed): 0, or -1
 * when the operation failed midway (body cleared, status 500). */
int mofsrv_response_drain(mofsrv_response *r);

/* Checks on method, URL and headers, done before the body is read: 0 to go
 * on, else the status, also set in out (with out->cimerror). */
unsigned mofsrv_precheck(const mofsrv_handler *h, const char *method, const char *url, const mofsrv_headers *hd,
                     mofsrv_response *out);

/* The CIM operation of a whole body (that passed mofsrv_precheck): decodes it
 * with dec (a per-connection decoder, may be NULL), checks CIMMethod and
 * CIMObject against it and answers into out. Returns out->status. */
unsigned mofsrv_process(const mofsrv_handler *h, mofrt_decoder *dec, const mofsrv_headers *hd, const char *body,
                    size_t len, mofsrv_response *out);

/* A whole request: mofsrv_precheck, 413 when len > h->max_body, mofsrv_process,
 * a streamed answer drained into out->body. Returns out->status (200..599). */
unsigned mofsrv_handle(const mofsrv_handler *h, mofrt_decoder *dec, const char *method, const char *url,
                   const mofsrv_headers *hd, const char *body, size_t len, mofsrv_response *out);

#endif
