#include "server/mofsrv_pull.h"

bool mofsrv_pull(mofsrv *s, const mofrt_request *req, const char *user, mofrt_buf *resp)
{
    (void)s, (void)req, (void)user, (void)resp;
    return false;
}
