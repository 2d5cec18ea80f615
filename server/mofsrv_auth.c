/* libmofsrv: HTTP Basic authentication. */
#include "server/mofsrv_auth.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "server/mofsrv_file.h"
#include "runtime/mofrt_str.h"

/* Checks one line (without its end) and keeps it; -1 with err (FILE:LINE)
 * when it is not a credential. */
static int add_line(mofsrv_auth *a, size_t **lines, const char *path, size_t lineno, const char *line,
                    size_t n, mofrt_error *err)
{
    if (!n || line[0] == '#')
        return 0;   /* comments may be of any length */
    if (n > MOFSRV_AUTH_MAX_LINE)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                               "%s:%zu: line longer than %d bytes", path, lineno, MOFSRV_AUTH_MAX_LINE);
    if (strlen(line) != n)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "%s:%zu: NUL byte in the line",
                               path, lineno);
    const char *colon = strchr(line, ':');
    if (!colon || colon == line)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                               "%s:%zu: not a user:password line", path, lineno);
    /* " alice:pw" or "alice:pw " would be a user or password with the
     * blank in it, silently: no client sends that, so it is refused */
    bool blank = line[0] == ' ' || line[0] == '\t' || line[n - 1] == ' ' || line[n - 1] == '\t' ||
                 colon[-1] == ' ' || colon[-1] == '\t' || colon[1] == ' ' || colon[1] == '\t';
    if (blank)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                               "%s:%zu: blank at the start or end of the user name or password "
                               "(they are taken as written)", path, lineno);
    /* "eve:" would let eve in with no password at all */
    if (!colon[1])
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "%s:%zu: empty password for %.*s",
                               path, lineno, (int)(colon - line > 100 ? 100 : colon - line), line);
    char **e = realloc(a->entries, (a->count + 1) * sizeof *e);
    size_t *l = e ? realloc(*lines, (a->count + 1) * sizeof *l) : NULL;
    if (e)
        a->entries = e;
    if (l)
        *lines = l;
    if (!e || !l || !(e[a->count] = mofrt_strdup(line)))
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    l[a->count++] = lineno;
    return 0;
}

/* ---- one line per user ------------------------------------------------------------- */
typedef struct {
    const char *entry;
    size_t line;
} user_line;

/* User names (the entries up to ':'), exact bytes: "Eve" and "eve" are two users. */
static int by_user(const void *x, const void *y)
{
    const user_line *a = x, *b = y;
    size_t la = strcspn(a->entry, ":"), lb = strcspn(b->entry, ":");
    int c = memcmp(a->entry, b->entry, la < lb ? la : lb);
    if (c == 0)
        c = (la > lb) - (la < lb);
    return c ? c : (a->line > b->line) - (a->line < b->line);
}

/* Two lines for one user would make both passwords valid: refused at the
 * second, naming the first. Sorted once: n log n, not n^2. */
static int one_line_per_user(const mofsrv_auth *a, const char *path, const size_t *lines, mofrt_error *err)
{
    user_line *u = malloc((a->count ? a->count : 1) * sizeof *u);
    if (!u)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    for (size_t i = 0; i < a->count; i++)
        u[i] = (user_line){ a->entries[i], lines[i] };
    qsort(u, a->count, sizeof *u, by_user);
    int rc = 0;
    for (size_t i = 1; rc == 0 && i < a->count; i++) {
        size_t n = strcspn(u[i].entry, ":");
        if (n == strcspn(u[i - 1].entry, ":") && memcmp(u[i].entry, u[i - 1].entry, n) == 0)
            rc = mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                                 "%s:%zu: user %.*s already has a password (line %zu)", path, u[i].line,
                                 (int)(n > 100 ? 100 : n), u[i].entry, u[i - 1].line);
    }
    free(u);
    return rc;
}

int mofsrv_auth_load(mofsrv_auth *a, const char *path, mofrt_error *err)
{
    memset(a, 0, sizeof *a);
    int fd = mofsrv_open_regular(path, O_RDONLY, 0, "credentials file", err);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "r");
    if (!f) {
        if (fd >= 0) {
            close(fd);
            mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        }
        return -1;
    }
    /* getline: a line of any length is read whole, so a long one is
     * refused rather than split into two credentials */
    char *line = NULL;
    size_t cap = 0, lineno = 0, *lines = NULL;   /* each entry's line, for messages */
    ssize_t got;
    int rc = 0;
    while (rc == 0 && (got = getline(&line, &cap, f)) >= 0) {
        size_t n = (size_t)got;
        lineno++;
        if (n && line[n - 1] == '\n')
            n--;
        if (n && line[n - 1] == '\r')
            n--;
        line[n] = '\0';
        rc = add_line(a, &lines, path, lineno, line, n, err);
    }
    if (rc == 0 && ferror(f))
        rc = mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot read %s", path);
    free(line);
    fclose(f);
    if (rc == 0 && a->count == 0)
        rc = mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "%s holds no user:password line",
                             path);
    if (rc == 0)
        rc = one_line_per_user(a, path, lines, err);
    free(lines);
    if (rc < 0)
        mofsrv_auth_free(a);
    return rc;
}

void mofsrv_auth_free(mofsrv_auth *a)
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

bool mofsrv_auth_check(const mofsrv_auth *a, const char *header, char *user, size_t usize)
{
    if (!header)
        return false;
    while (*header == ' ' || *header == '\t')
        header++;
    /* RFC 7235 2.1: the scheme name is case-insensitive ("Basic", "BASIC") */
    if (strncasecmp(header, "Basic", 5) != 0 || (header[5] != ' ' && header[5] != '\t'))
        return false;
    header += 5;
    while (*header == ' ' || *header == '\t')
        header++;
    char out[MOFSRV_AUTH_MAX_LINE + 1];
    size_t n = 0;
    unsigned acc = 0;
    int bits = 0;
    const char *s = header;
    for (; *s && *s != '='; s++) {
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
    /* only padding may follow (RFC 4648 4), then optional white space */
    while (*s == '=')
        s++;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s)
        return false;
    out[n] = '\0';
    if (strlen(out) != n)
        return false;   /* NUL inside */
    bool ok = false;
    for (size_t i = 0; i < a->count; i++)
        ok |= same(a->entries[i], out);
    if (ok && user && usize) {
        size_t un = strcspn(out, ":");
        if (un >= usize)
            un = usize - 1;
        memcpy(user, out, un);
        user[un] = '\0';
    }
    return ok;
}
