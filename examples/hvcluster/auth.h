/* hvclusterd: HTTP Basic credentials from a file of "user:password" lines
 * (blank lines and lines starting with '#' ignored). */
#ifndef HV_AUTH_H
#define HV_AUTH_H

#include <stdbool.h>
#include <stddef.h>

typedef struct hv_auth {
    size_t count;
    char **entries;            /* "user:password" */
} hv_auth;

/* 0, or -1 when the file cannot be read or holds no entry. */
int hv_auth_load(hv_auth *a, const char *path);
void hv_auth_free(hv_auth *a);
/* The value of an Authorization header ("Basic <base64>") matches an
 * entry. NULL never matches. */
bool hv_auth_check(const hv_auth *a, const char *header);

#endif
