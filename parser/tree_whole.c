/* Which errors still leave a whole tree: validation runs after them, so
 * that a bad escape does not hide the schema's other problems. */
#include "parser/mof_parse.h"

/* The token or item is well formed; only a value or a name in it is not,
 * and the tree holds every declaration as written. */
bool mof_parse_leaves_tree_whole(diag_id id)
{
    switch (id) {
    case DIAG_BAD_ESCAPE: case DIAG_UNKNOWN_ESCAPE: case DIAG_STRING_NEWLINE:
    case DIAG_BAD_CHAR16: case DIAG_BAD_NUMBER: case DIAG_INT_TOO_LARGE:
    case DIAG_EMPTY_INSTANCE: case DIAG_INCLUDE_BACKSLASH: case DIAG_BAD_LOCALE:
    case DIAG_UNKNOWN_PRAGMA: case DIAG_BAD_FLAVOR: case DIAG_WMI_EXTENSION:
    case DIAG_VALUELESS_PROPERTY:
        return true;
    default:
        return false;
    }
}

bool mof_parse_tree_whole(const mofc_ctx *ctx)
{
    if (ctx->diag.stopped)
        return false;
    for (size_t i = 0; i < ctx->diag.n; i++)
        if (ctx->diag.items[i].sev == SEV_ERROR && !mof_parse_leaves_tree_whole(ctx->diag.items[i].id))
            return false;
    return true;
}
