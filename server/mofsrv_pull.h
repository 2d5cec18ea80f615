/* libmofsrv: the pull operations (DSP0200 5.3.2.x "Open*", "Pull*",
 * CloseEnumeration, EnumerationCount). */
#ifndef MOFSRV_PULL_H
#define MOFSRV_PULL_H

#include "server/mofsrv_host.h"

/* Answers req when it is a pull operation (true), else returns false. */
bool mofsrv_pull(mofsrv *s, const mofrt_request *req, const char *user, mofrt_buf *resp);

#endif
