/* hvclusterd: DSP0200 request handling, apart from the HTTP library.
 *
 * server.c is a thin libmicrohttpd adapter: once the request line and the
 * headers have arrived it calls hv_precheck() (so that a request refused by
 * its headers is answered before its body is read), collects the body, and
 * calls hv_process(). hv_handle() does both steps on a request whose body is
 * already complete, as tests/fuzz/fuzz_http.c does. None of these functions
 * touches the network: they read the request and fill an hv_response. */
#ifndef HV_HANDLER_H
#define HV_HANDLER_H

#include <stdbool.h>
#include <stddef.h>

#include "examples/hvcluster/auth.h"
#include "examples/hvcluster/provider.h"

/* What request handling reads; all of it outlives the handler. */
typedef struct hv_handler {
    const hv_auth *auth;       /* NULL: no authentication */
    size_t max_body;           /* larger bodies are answered 413 */
    hv_provider *prov;
    const hv_schema *schema;
    hv_store *store;
} hv_handler;

/* The request headers: get(ctx, name) is the value of header `name` (names
 * compare case-insensitively, as in HTTP), NULL when absent. */
typedef struct hv_headers {
    const char *(*get)(void *ctx, const char *name);
    void *ctx;
} hv_headers;

/* The answer. status is an HTTP status (200 with a CIM-XML MESSAGE in body,
 * else an empty body); cimerror, when not NULL, is the value of the CIMError
 * header (a static string). The HTTP layer adds the fixed headers of each
 * status (Content-Type and CIMOperation for 200, Allow for 405,
 * WWW-Authenticate for 401). */
typedef struct hv_response {
    unsigned status;
    const char *cimerror;
    mofrt_buf body;
} hv_response;

#define HV_RESPONSE_INIT { 0, NULL, MOFRT_BUF_INIT }
void hv_response_free(hv_response *r);

/* Checks on method, URL and headers, done before the body is read: 0 to go
 * on, else the status, also set in out (with out->cimerror). */
unsigned hv_precheck(const hv_handler *h, const char *method, const char *url, const hv_headers *hd,
                     hv_response *out);

/* The CIM operation of a whole body (that passed hv_precheck): decodes it
 * with dec (a per-connection decoder, may be NULL), checks CIMMethod and
 * CIMObject against it and answers into out. Returns out->status. */
unsigned hv_process(const hv_handler *h, mofrt_decoder *dec, const hv_headers *hd, const char *body,
                    size_t len, hv_response *out);

/* A whole request: hv_precheck, 413 when len > h->max_body, hv_process.
 * Returns out->status (200..599). */
unsigned hv_handle(const hv_handler *h, mofrt_decoder *dec, const char *method, const char *url,
                   const hv_headers *hd, const char *body, size_t len, hv_response *out);

#endif
