/* hvclusterd: HTTP Basic credentials (RFC 7617) from a file of
 * "user:password" lines (blank lines and lines starting with '#' ignored).
 * The file must be a regular file; a line longer than HV_AUTH_MAX_LINE
 * bytes, holding a NUL byte or without "user:" is refused with FILE:LINE,
 * never split or skipped. */
#ifndef HV_AUTH_H
#define HV_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/mofrt.h"

/* Bytes of one "user:password" line (without its end); longer decoded
 * credentials are refused too. */
#define HV_AUTH_MAX_LINE 1023

typedef struct hv_auth {
    size_t count;
    char **entries;            /* "user:password" */
} hv_auth;

/* 0, or -1 with err (naming the file, and the line when one is at fault)
 * when the file cannot be read, has a bad line or holds no entry. */
int hv_auth_load(hv_auth *a, const char *path, mofrt_error *err);
void hv_auth_free(hv_auth *a);
/* The value of an Authorization header ("Basic <base64>", the scheme in
 * any case) matches an entry. NULL never matches. */
bool hv_auth_check(const hv_auth *a, const char *header);

#endif
