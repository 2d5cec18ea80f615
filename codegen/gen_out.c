#include "codegen/gen_out.h"
#include "common/diag.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GEN_OUT_BUF ((size_t)1 << 16)

static void lock(gen_out *o)
{
    if (o->lock)
        pthread_mutex_lock(o->lock);
}

static void unlock(gen_out *o)
{
    if (o->lock)
        pthread_mutex_unlock(o->lock);
}

static bool report(gen_out *o, int e)
{
    mof_span none = {0, 0, 0};
    lock(o);
    if (!o->failed)
        diag_report(&o->ctx->diag, DIAG_GEN_OUTPUT, none, "cannot write '%s': %s", o->path, strerror(e));
    unlock(o);
    o->failed = true;
    return false;
}

void gen_out_open(gen_out *o, mofc_ctx *ctx, const char *path, bool keep_same)
{
    memset(o, 0, sizeof *o);
    o->ctx = ctx;
    o->path = path;
    o->fd = -1;
    o->old = keep_same ? fopen(path, "rb") : NULL;
}

static bool write_fd(gen_out *o, const char *p, size_t left)
{
    while (left) {
        ssize_t w = write(o->fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return report(o, w < 0 ? errno : ENOSPC);
        p += w;
        left -= (size_t)w;
    }
    return true;
}

/* The output differs from the old file: make the temporary file and give
 * it the len bytes that matched. */
static bool diverge(gen_out *o)
{
    lock(o);
    o->tmp = arena_printf(&o->ctx->arena, "%s.tmpXXXXXX", o->path);
    unlock(o);
    o->fd = mkstemp(o->tmp);
    if (o->fd < 0)
        return report(o, errno);
    o->buf = malloc(GEN_OUT_BUF);
    if (!o->buf)
        return report(o, ENOMEM);
    if (o->old) {
        char chunk[65536];
        size_t left = o->len;
        rewind(o->old);
        while (left) {
            size_t k = fread(chunk, 1, left < sizeof chunk ? left : sizeof chunk, o->old);
            if (!k)
                return report(o, ferror(o->old) ? errno : EIO);
            if (!write_fd(o, chunk, k))
                return false;
            left -= k;
        }
        fclose(o->old);
        o->old = NULL;
    }
    return true;
}

/* Whether the old file continues with exactly data. */
static bool same_as_old(gen_out *o, const char *data, size_t len)
{
    char chunk[65536];
    while (len) {
        size_t want = len < sizeof chunk ? len : sizeof chunk;
        if (fread(chunk, 1, want, o->old) != want || memcmp(chunk, data, want))
            return false;
        data += want;
        len -= want;
    }
    return true;
}

bool gen_out_write(gen_out *o, const char *data, size_t len)
{
    if (o->failed)
        return false;
    if (o->fd < 0 && o->old) {
        if (same_as_old(o, data, len)) {
            o->len += len;
            return true;
        }
    }
    if (o->fd < 0 && !diverge(o))
        return false;
    o->len += len;
    if (o->nbuf + len > GEN_OUT_BUF) {
        if (!write_fd(o, o->buf, o->nbuf))
            return false;
        o->nbuf = 0;
        if (len > GEN_OUT_BUF)
            return write_fd(o, data, len);
    }
    memcpy(o->buf + o->nbuf, data, len);
    o->nbuf += len;
    return true;
}

bool gen_out_write_fn(void *o, const char *data, size_t len) { return gen_out_write(o, data, len); }

static void cleanup(gen_out *o)
{
    if (o->old)
        fclose(o->old);
    if (o->fd >= 0) {
        close(o->fd);
        unlink(o->tmp);
    }
    free(o->buf);
    o->old = NULL;
    o->fd = -1;
    o->buf = NULL;
}

bool gen_out_close(gen_out *o, bool commit)
{
    if (!commit || o->failed) {
        cleanup(o);
        return !o->failed;
    }
    /* Still comparing: unchanged when the old file ends here too. */
    if (o->fd < 0 && o->old && fgetc(o->old) == EOF && !ferror(o->old)) {
        cleanup(o);
        return true;
    }
    if (o->fd < 0 && !diverge(o)) {
        cleanup(o);
        return false;
    }
    if (!write_fd(o, o->buf, o->nbuf)) {
        cleanup(o);
        return false;
    }
    /* mkstemp makes the file 0600; generated sources are ordinary files. */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(o->fd, 0666 & ~mask) != 0 || fsync(o->fd) != 0 || close(o->fd) != 0) {
        int e = errno;
        o->fd = -1;
        unlink(o->tmp);
        cleanup(o);
        return report(o, e);
    }
    o->fd = -1;
    if (rename(o->tmp, o->path) != 0) {
        int e = errno;
        unlink(o->tmp);
        cleanup(o);
        return report(o, e);
    }
    cleanup(o);
    return true;
}
