#include "codegen/gen_out.h"
#include "common/diag.h"
#include "common/prefault.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GEN_OUT_BUF ((size_t)1 << 16)
/* The old file is read this much at a time: the output comes in pieces
 * of a few KiB (a class at a time), and stdio's 4 KiB buffer made a read
 * system call of each (CIM 2.49: 3,900 of them). */
#define GEN_OLD_BUF ((size_t)1 << 18)

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
    o->old = keep_same ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    o->old_buf = o->old >= 0 ? malloc(GEN_OLD_BUF) : NULL;
    if (o->old >= 0 && !o->old_buf) {
        close(o->old);   /* compared no more: written as it comes */
        o->old = -1;
    }
    /* Fresh pages (malloc maps a buffer this big anew): mapped in one
     * call, not faulted in one by one by the first read (common/prefault.h). */
    if (o->old_buf)
        prefault(o->old_buf, GEN_OLD_BUF);
}

static void close_old(gen_out *o)
{
    if (o->old >= 0)
        close(o->old);
    free(o->old_buf);
    o->old = -1;
    o->old_buf = NULL;
}

/* The next bytes of the old file in old_buf (o->old_pos < o->old_have);
 * 0 at its end, -1 with errno on an error. */
static int old_more(gen_out *o)
{
    if (o->old_pos < o->old_have)
        return 1;
    ssize_t k;
    do
        k = read(o->old, o->old_buf, GEN_OLD_BUF);
    while (k < 0 && errno == EINTR);
    if (k <= 0)
        return (int)k;
    o->old_pos = 0;
    o->old_have = (size_t)k;
    return 1;
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
    if (o->old >= 0) {
        size_t left = o->len;
        o->old_pos = o->old_have = 0;
        if (left && lseek(o->old, 0, SEEK_SET) != 0)
            return report(o, errno);
        while (left) {
            int more = old_more(o);
            if (more <= 0)
                return report(o, more < 0 ? errno : EIO);
            size_t k = o->old_have < left ? o->old_have : left;
            if (!write_fd(o, o->old_buf, k))
                return false;
            o->old_pos = k;
            left -= k;
        }
        close_old(o);
    }
    return true;
}

/* Whether the old file continues with exactly data. */
static bool same_as_old(gen_out *o, const char *data, size_t len)
{
    while (len) {
        if (old_more(o) <= 0)
            return false;
        size_t k = o->old_have - o->old_pos;
        if (k > len)
            k = len;
        if (memcmp(o->old_buf + o->old_pos, data, k))
            return false;
        o->old_pos += k;
        data += k;
        len -= k;
    }
    return true;
}

bool gen_out_write(gen_out *o, const char *data, size_t len)
{
    if (o->failed)
        return false;
    if (o->fd < 0 && o->old >= 0) {
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
    close_old(o);
    if (o->fd >= 0) {
        close(o->fd);
        unlink(o->tmp);
    }
    free(o->buf);
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
    if (o->fd < 0 && o->old >= 0 && old_more(o) == 0) {
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
    /* mkstemp makes the file 0600; generated sources are ordinary files.
     * No fsync, as for a compiler's outputs (and mofc fmt -i): the rename
     * already gives readers, and a run that is stopped, the old file or the
     * new one; surviving a power cut is left to the file system, and the
     * fsync of CIM 2.49's two files took 35-50 ms here, a quarter of gen. */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(o->fd, 0666 & ~mask) != 0 || close(o->fd) != 0) {
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
