/* libmofsrv: intrinsic operations (DSP0200 5.3.2 and 5.4): their
 * parameters read and checked, the operation routed to the providers
 * (mofsrv_ops.h), the IMETHODRESPONSE written. */
#ifndef MOFSRV_INTRINSIC_H
#define MOFSRV_INTRINSIC_H

#include "server/mofsrv_host.h"

struct mofsrv_producer;

/* Answers req (an IMETHODCALL in the served namespace) into resp: an
 * IMETHODRESPONSE with the result or a CIM ERROR. user is the
 * authenticated user (NULL without authentication). With stream not NULL
 * an enumeration that has more results than fit the producer's queue is
 * streamed: resp holds the beginning, *stream the rest (see
 * mofsrv_response.stream). */
void mofsrv_intrinsic(mofsrv *s, const mofrt_request *req, const char *user, mofrt_buf *resp,
                      struct mofsrv_producer **stream);

/* Resets resp to an IMETHODRESPONSE with ERROR code and "msg arg". */
void mofsrv_error_response(const mofrt_request *req, mofrt_buf *resp, mofrt_cim_status code,
                           const char *msg, const char *arg);

#endif
