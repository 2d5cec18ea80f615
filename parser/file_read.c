/* Finding, reading and decoding a source file (parser/file_read.h): only
 * the file system, malloc and the caller's arguments, so any thread can. */
#include "parser/file_read.h"
#include "common/prefault.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A buffer this big or bigger is mapped in before it is read into
 * (common/prefault.h); in a smaller one, most pages are malloc's again. */
enum { PREFAULT_OVER = 16 * 1024 };

static char *str_dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p)
        abort();
    return memcpy(p, s, n);
}

/* Reads a whole file into r->text (raw bytes, with room for the two NUL
 * bytes the decoded text ends with) and r->len. An included file must be
 * a regular file (regular_only): a FIFO, a terminal or a device named by a
 * hostile #pragma include would block or never end (it is opened without
 * blocking, to be looked at first). */
static void read_all(const char *path, size_t max, bool regular_only, size_t defer_over,
                     file_read *r)
{
    r->err = 0;
    r->too_big = r->not_regular = false;
    int fd = open(path, (regular_only ? O_RDONLY | O_NONBLOCK | O_NOCTTY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) {
        r->err = errno;
        return;
    }
    struct stat *st = &r->st;
    if (fstat(fd, st) != 0) {
        r->err = errno;
        close(fd);
        return;
    }
    if (S_ISDIR(st->st_mode) || (regular_only && !S_ISREG(st->st_mode))) {
        r->err = S_ISDIR(st->st_mode) ? EISDIR : EINVAL;
        r->not_regular = !S_ISDIR(st->st_mode);
        close(fd);
        return;
    }
    if ((uint64_t)st->st_size > max || (uint64_t)st->st_size > defer_over) {
        r->too_big = (uint64_t)st->st_size > max;
        r->deferred = !r->too_big;
        close(fd);
        return;
    }
    size_t cap = st->st_size > 0 ? (size_t)st->st_size + 2 : 4096, len = 0;
    unsigned char *buf = malloc(cap);
    if (!buf)
        abort();
    if (cap >= PREFAULT_OVER)   /* read into whole: mapped in one call */
        prefault(buf, cap);
    for (;;) {
        if (len == cap) {
            /* A pipe or device has no size: stop one byte past the limit. */
            if (len > max) {
                r->too_big = true;
                free(buf);
                close(fd);
                return;
            }
            cap = cap > max / 2 ? max + 1 : cap * 2;
            unsigned char *p = realloc(buf, cap);
            if (!p)
                abort();
            buf = p;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            r->err = errno;
            free(buf);
            close(fd);
            return;
        }
        if (n == 0)
            break;
        len += (size_t)n;
        /* a regular file has the size fstat gave: no read to find its end
         * (one system call a file; a schema has thousands) */
        if (S_ISREG(st->st_mode) && len == (size_t)st->st_size)
            break;
    }
    close(fd);
    if (cap < len + 2) {
        unsigned char *p = realloc(buf, len + 2);
        if (!p)
            abort();
        buf = p;
    }
    r->text = (char *)buf;
    r->len = len;
}

/* Decodes the raw bytes read in their own buffer (source_decode_in_place). */
static void decode(file_read *r, bool with_lines)
{
    if (!r->text)
        return;
    size_t len;
    r->text = source_decode_in_place((unsigned char *)r->text, r->len, &len, &r->enc, &r->ascii,
                                     &r->decode_err, &r->err_offset);
    r->len = r->decode_err ? r->err_offset : len;
    if (with_lines)
        r->lines = source_scan_lines(r->text, r->len, &r->nlines, &r->lines16);
}

void file_read_path(const char *path, size_t max_file_size, file_read *r)
{
    memset(r, 0, sizeof *r);
    r->found = str_dup(path);
    read_all(path, max_file_size, false, SIZE_MAX, r);
    decode(r, false);
}

static char *join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (!p)
        abort();
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

char *file_read_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        char *dot = malloc(2);
        if (!dot)
            abort();
        return strcpy(dot, ".");
    }
    size_t n = (size_t)(slash - path);
    char *p = malloc(n + 2);
    if (!p)
        abort();
    memcpy(p, path, n ? n : 1);
    p[n ? n : 1] = '\0';
    return p;
}

/* Whether a real path (from realpath(3)) lies inside one of the
 * --include-root folders (also real paths): "/a/b" holds "/a/b/x.mof" but
 * not "/a/bc.mof". No roots: everything is inside. */
static bool inside_roots(const include_search *s, const char *real)
{
    if (s->nroots == 0)
        return true;
    for (size_t i = 0; i < s->nroots; i++) {
        const char *root = s->roots[i];
        size_t n = strlen(root);
        if (n == 1 && root[0] == '/')
            return true;
        if (strncmp(real, root, n) == 0 && (real[n] == '/' || real[n] == '\0'))
            return true;
    }
    return false;
}

void file_read_include(const include_search *s, const char *here, const char *written,
                       bool with_lines, size_t defer_over, file_read *r)
{
    memset(r, 0, sizeof *r);
    r->err = ENOENT;
    char *name = str_dup(written);
    for (char *c = name; *c; c++)   /* Windows files write include paths with '\\' */
        if (*c == '\\')
            *c = '/';
    for (size_t i = 0; i <= s->ndirs && r->err == ENOENT && !r->outside; i++) {
        const char *dir = i == 0 ? here : s->dirs[i - 1];
        free(r->found);
        if (name[0] == '/' || !strcmp(dir, "."))   /* show "x.mof", not "./x.mof" */
            r->found = str_dup(name);
        else
            r->found = join(dir, name);
        if (s->nroots == 0) {
            read_all(r->found, s->max_file_size, true, defer_over, r);
        } else {
            /* --include-root: the file read is the one the real path
             * names, after every symbolic link and "..", and only inside */
            char *real = realpath(r->found, NULL);
            if (!real) {
                r->err = errno;
                continue;
            }
            r->outside = !inside_roots(s, real);
            if (!r->outside)
                read_all(real, s->max_file_size, true, defer_over, r);
            else
                r->err = 0;
            free(real);
        }
        if (r->too_big)
            break;
    }
    free(name);
    decode(r, with_lines);
}

const char *file_read_why(const file_read *r)
{
    return r->not_regular ? "not a regular file" : strerror(r->err);
}

void file_read_free(file_read *r)
{
    free(r->found);
    free(r->text);
    free(r->lines);
    memset(r, 0, sizeof *r);
}
