/* Error struct helpers: formatting, prefixing, CIM status names. */
#include "runtime/mofrt_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void mofrt_error_clear(mofrt_error *err)
{
    if (!err)
        return;
    err->code = MOFRT_CIM_OK;
    err->kind = MOFRT_E_NONE;
    err->message[0] = '\0';
}

int mofrt_error_set(mofrt_error *err, mofrt_cim_status code, mofrt_err_kind kind,
                    const char *fmt, ...)
{
    if (!err)
        return -1;
    err->code = code;
    err->kind = kind;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    if (n < 0)
        err->message[0] = '\0';
    return -1;
}

void mofrt_error_prefix(mofrt_error *err, const char *prefix)
{
    if (!err || !prefix)
        return;
    /* Truncation is intended: the message has a fixed size. */
    char tmp[MOFRT_ERRMSG_MAX];
    size_t np = strlen(prefix), nm = strlen(err->message), cap = sizeof tmp - 1, n = 0;
    if (np > cap)
        np = cap;
    memcpy(tmp, prefix, np);
    n = np;
    if (n + 2 <= cap) {
        memcpy(tmp + n, ": ", 2);
        n += 2;
    }
    if (nm > cap - n)
        nm = cap - n;
    memcpy(tmp + n, err->message, nm);
    n += nm;
    tmp[n] = '\0';
    memcpy(err->message, tmp, n + 1);
}

const char *mofrt_cim_status_name(mofrt_cim_status code)
{
    switch (code) {
    case MOFRT_CIM_OK: return "CIM_ERR_OK";
    case MOFRT_CIM_ERR_FAILED: return "CIM_ERR_FAILED";
    case MOFRT_CIM_ERR_ACCESS_DENIED: return "CIM_ERR_ACCESS_DENIED";
    case MOFRT_CIM_ERR_INVALID_NAMESPACE: return "CIM_ERR_INVALID_NAMESPACE";
    case MOFRT_CIM_ERR_INVALID_PARAMETER: return "CIM_ERR_INVALID_PARAMETER";
    case MOFRT_CIM_ERR_INVALID_CLASS: return "CIM_ERR_INVALID_CLASS";
    case MOFRT_CIM_ERR_NOT_FOUND: return "CIM_ERR_NOT_FOUND";
    case MOFRT_CIM_ERR_NOT_SUPPORTED: return "CIM_ERR_NOT_SUPPORTED";
    case MOFRT_CIM_ERR_CLASS_HAS_CHILDREN: return "CIM_ERR_CLASS_HAS_CHILDREN";
    case MOFRT_CIM_ERR_CLASS_HAS_INSTANCES: return "CIM_ERR_CLASS_HAS_INSTANCES";
    case MOFRT_CIM_ERR_INVALID_SUPERCLASS: return "CIM_ERR_INVALID_SUPERCLASS";
    case MOFRT_CIM_ERR_ALREADY_EXISTS: return "CIM_ERR_ALREADY_EXISTS";
    case MOFRT_CIM_ERR_NO_SUCH_PROPERTY: return "CIM_ERR_NO_SUCH_PROPERTY";
    case MOFRT_CIM_ERR_TYPE_MISMATCH: return "CIM_ERR_TYPE_MISMATCH";
    case MOFRT_CIM_ERR_QUERY_LANGUAGE_NOT_SUPPORTED: return "CIM_ERR_QUERY_LANGUAGE_NOT_SUPPORTED";
    case MOFRT_CIM_ERR_INVALID_QUERY: return "CIM_ERR_INVALID_QUERY";
    case MOFRT_CIM_ERR_METHOD_NOT_AVAILABLE: return "CIM_ERR_METHOD_NOT_AVAILABLE";
    case MOFRT_CIM_ERR_METHOD_NOT_FOUND: return "CIM_ERR_METHOD_NOT_FOUND";
    case MOFRT_CIM_ERR_NAMESPACE_NOT_EMPTY: return "CIM_ERR_NAMESPACE_NOT_EMPTY";
    case MOFRT_CIM_ERR_INVALID_ENUMERATION_CONTEXT: return "CIM_ERR_INVALID_ENUMERATION_CONTEXT";
    case MOFRT_CIM_ERR_INVALID_OPERATION_TIMEOUT: return "CIM_ERR_INVALID_OPERATION_TIMEOUT";
    case MOFRT_CIM_ERR_PULL_HAS_BEEN_ABANDONED: return "CIM_ERR_PULL_HAS_BEEN_ABANDONED";
    case MOFRT_CIM_ERR_PULL_CANNOT_BE_ABANDONED: return "CIM_ERR_PULL_CANNOT_BE_ABANDONED";
    case MOFRT_CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED: return "CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED";
    case MOFRT_CIM_ERR_CONTINUATION_ON_ERROR_NOT_SUPPORTED: return "CIM_ERR_CONTINUATION_ON_ERROR_NOT_SUPPORTED";
    case MOFRT_CIM_ERR_SERVER_LIMITS_EXCEEDED: return "CIM_ERR_SERVER_LIMITS_EXCEEDED";
    case MOFRT_CIM_ERR_SERVER_IS_SHUTTING_DOWN: return "CIM_ERR_SERVER_IS_SHUTTING_DOWN";
    }
    return "CIM_ERR_UNKNOWN";
}
