/* hvclusterd: HTTP Basic authentication. */
#include "examples/hvcluster/auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/mofrt_str.h"

int hv_auth_load(hv_auth *a, const char *path)
{
    memset(a, 0, sizeof *a);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[1024];
    int rc = 0;
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n");
        line[n] = '\0';
        if (!n || line[0] == '#' || !strchr(line, ':'))
            continue;
        char **e = realloc(a->entries, (a->count + 1) * sizeof *e);
        if (!e || !(e[a->count] = mofrt_strdup(line))) {
            if (e)
                a->entries = e;
            rc = -1;
            break;
        }
        a->entries = e;
        a->count++;
    }
    fclose(f);
    if (rc < 0 || a->count == 0) {
        hv_auth_free(a);
        return -1;
    }
    return 0;
}

void hv_auth_free(hv_auth *a)
{
    for (size_t i = 0; i < a->count; i++)
        free(a->entries[i]);
    free(a->entries);
    memset(a, 0, sizeof *a);
}

static int b64(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Constant time over the length of the expected string. */
static bool same(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned char d = la != lb;
    for (size_t i = 0; i < la; i++)
        d |= (unsigned char)(a[i] ^ b[i < lb ? i : 0]);
    return d == 0;
}

bool hv_auth_check(const hv_auth *a, const char *header)
{
    if (!header)
        return false;
    while (*header == ' ')
        header++;
    if (strncmp(header, "Basic ", 6) != 0 && strncmp(header, "basic ", 6) != 0)
        return false;
    header += 6;
    while (*header == ' ')
        header++;
    char out[1024];
    size_t n = 0;
    unsigned acc = 0;
    int bits = 0;
    for (const char *s = header; *s && *s != '='; s++) {
        int v = b64(*s);
        if (v < 0 || n + 1 >= sizeof out)
            return false;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (char)((acc >> bits) & 0xff);
        }
    }
    out[n] = '\0';
    if (strlen(out) != n)
        return false;   /* NUL inside */
    bool ok = false;
    for (size_t i = 0; i < a->count; i++)
        ok |= same(a->entries[i], out);
    return ok;
}
