/* libmofsrv: HTTP Basic credentials (RFC 7617) from a file of
 * "user:password" lines (blank lines and lines starting with '#' ignored).
 * The file must be a regular file; a line longer than MOFSRV_AUTH_MAX_LINE
 * bytes, holding a NUL byte, without "user:", with an empty password
 * ("eve:") or naming a user an earlier line named is refused with
 * FILE:LINE, never split, skipped or taken as a second password. */
#ifndef MOFSRV_AUTH_H
#define MOFSRV_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/mofrt.h"

/* Bytes of one "user:password" line (without its end); longer decoded
 * credentials are refused too. */
#define MOFSRV_AUTH_MAX_LINE 1023

typedef struct mofsrv_auth {
    size_t count;
    char **entries;            /* "user:password" */
} mofsrv_auth;

/* 0, or -1 with err (naming the file, and the line when one is at fault)
 * when the file cannot be read, has a bad line or holds no entry. */
int mofsrv_auth_load(mofsrv_auth *a, const char *path, mofrt_error *err);
void mofsrv_auth_free(mofsrv_auth *a);
/* The value of an Authorization header ("Basic <base64>", the scheme in
 * any case) matches an entry. NULL never matches. */
/* user (may be NULL) receives, on success, the user name (the
 * credentials before ':'), NUL-terminated and cut to usize - 1 bytes. */
bool mofsrv_auth_check(const mofsrv_auth *a, const char *header, char *user, size_t usize);

#endif
