/* libmofrt: CIM status codes and the error struct every fallible call fills.
 *
 * Convention for the whole library: a function that can fail returns int,
 * 0 on success and -1 on failure, and fills the mofrt_error the caller passed
 * (the pointer may be NULL when the caller does not care why). Nothing is ever
 * printed and the process is never ended from inside libmofrt. */
#ifndef MOFRT_ERROR_H
#define MOFRT_ERROR_H

#include <stddef.h>

/* CIM status codes (DSP0200 / DSP0201 "CIM_ERR_*"). */
typedef enum mofrt_cim_status {
    MOFRT_CIM_OK = 0,
    MOFRT_CIM_ERR_FAILED = 1,
    MOFRT_CIM_ERR_ACCESS_DENIED = 2,
    MOFRT_CIM_ERR_INVALID_NAMESPACE = 3,
    MOFRT_CIM_ERR_INVALID_PARAMETER = 4,
    MOFRT_CIM_ERR_INVALID_CLASS = 5,
    MOFRT_CIM_ERR_NOT_FOUND = 6,
    MOFRT_CIM_ERR_NOT_SUPPORTED = 7,
    MOFRT_CIM_ERR_CLASS_HAS_CHILDREN = 8,
    MOFRT_CIM_ERR_CLASS_HAS_INSTANCES = 9,
    MOFRT_CIM_ERR_INVALID_SUPERCLASS = 10,
    MOFRT_CIM_ERR_ALREADY_EXISTS = 11,
    MOFRT_CIM_ERR_NO_SUCH_PROPERTY = 12,
    MOFRT_CIM_ERR_TYPE_MISMATCH = 13,
    MOFRT_CIM_ERR_QUERY_LANGUAGE_NOT_SUPPORTED = 14,
    MOFRT_CIM_ERR_INVALID_QUERY = 15,
    MOFRT_CIM_ERR_METHOD_NOT_AVAILABLE = 16,
    MOFRT_CIM_ERR_METHOD_NOT_FOUND = 17,
    MOFRT_CIM_ERR_NAMESPACE_NOT_EMPTY = 20,
    MOFRT_CIM_ERR_INVALID_ENUMERATION_CONTEXT = 21,
    MOFRT_CIM_ERR_INVALID_OPERATION_TIMEOUT = 22,
    MOFRT_CIM_ERR_PULL_HAS_BEEN_ABANDONED = 23,
    MOFRT_CIM_ERR_PULL_CANNOT_BE_ABANDONED = 24,
    MOFRT_CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED = 25,
    MOFRT_CIM_ERR_CONTINUATION_ON_ERROR_NOT_SUPPORTED = 26,
    MOFRT_CIM_ERR_SERVER_LIMITS_EXCEEDED = 27,
    MOFRT_CIM_ERR_SERVER_IS_SHUTTING_DOWN = 28
} mofrt_cim_status;

/* Why a call failed, finer than the CIM code: lets a server pick the HTTP
 * answer (a request that is not well-formed XML is an HTTP 400 with
 * "CIMError: request-not-well-formed", not a CIM ERROR element) and lets
 * tests check the exact reason. */
typedef enum mofrt_err_kind {
    MOFRT_E_NONE = 0,
    MOFRT_E_NOMEM,        /* allocation failed */
    MOFRT_E_SYNTAX,       /* a value's text does not parse (number, datetime, path) */
    MOFRT_E_RANGE,        /* parses but out of range (uint8 256) */
    MOFRT_E_XML,          /* not well-formed XML (truncated, garbage) */
    MOFRT_E_XML_DTD,      /* DOCTYPE internal subset / entity declarations */
    MOFRT_E_CIMXML,       /* well-formed XML but not valid CIM-XML */
    MOFRT_E_LIMIT,        /* a mofrt_limits bound was exceeded */
    MOFRT_E_PARAM,        /* method parameter rejected (wrong type, unknown, missing) */
    MOFRT_E_DISPATCH,     /* no such class/method, or not implemented */
    MOFRT_E_PROVIDER,     /* raised by a provider function */
    MOFRT_E_USAGE         /* the caller broke an API contract (NULL argument...) */
} mofrt_err_kind;

#define MOFRT_ERRMSG_MAX 256

typedef struct mofrt_error {
    mofrt_cim_status code;     /* CIM status to report; MOFRT_CIM_OK when none */
    mofrt_err_kind kind;
    char message[MOFRT_ERRMSG_MAX]; /* human readable, always NUL-terminated */
} mofrt_error;

/* Reset to "no error". NULL-safe. */
void mofrt_error_clear(mofrt_error *err);

/* Fill err (NULL-safe) with a printf-style message (truncated to fit).
 * Always returns -1 so callers can write `return mofrt_error_set(...)`. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
int mofrt_error_set(mofrt_error *err, mofrt_cim_status code, mofrt_err_kind kind,
                    const char *fmt, ...);

/* Prefix the existing message with "prefix: " (used to name the parameter or
 * property a nested error came from). Keeps code and kind. NULL-safe. */
void mofrt_error_prefix(mofrt_error *err, const char *prefix);

/* "CIM_ERR_INVALID_PARAMETER" etc., "CIM_ERR_UNKNOWN" for other numbers. */
const char *mofrt_cim_status_name(mofrt_cim_status code);

#endif
