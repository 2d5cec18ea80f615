/* libmofsrv: snapshot + journal with group commit (see mofsrv_persist.h). */
#include "server/mofsrv_persist.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SNAP_MAGIC "HVSNAP1\n"
#define SNAP_CHUNK 128               /* instances per snapshot record */
#define COMPACT_MIN (8u << 20)       /* journal bytes before compaction is considered */

typedef struct commit_req {
    mofsrv_txn *txn;
    mofrt_buf rec;                   /* framed record */
    int rc;
    bool done;
    mofrt_error err;
    struct commit_req *next;
} commit_req;

struct mofsrv_persist {
    mofsrv_store *st;
    char *path, *jpath, *tmppath;
    int jfd;
    off_t jsize;
    size_t snap_size;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    commit_req *head, *tail;
    bool stop;
    pthread_t thread;
};

/* ---- records ----------------------------------------------------------- */
static uint32_t crc32_buf(const void *data, size_t n)
{
    static const uint32_t nib[16] = {
        0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4,
        0x4db26158, 0x5005713c, 0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
        0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
    };
    const unsigned char *p = data;
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        c = (c >> 4) ^ nib[c & 15];
        c = (c >> 4) ^ nib[c & 15];
    }
    return c ^ 0xffffffffu;
}

/* Appends the framed record of ops [from, to) to out. */
static int frame_txn(const mofsrv_txn *t, size_t from, size_t to, mofrt_buf *out, mofrt_error *err)
{
    mofrt_buf payload = MOFRT_BUF_INIT;
    if (mofsrv_txn_encode(t, from, to, &payload, err) < 0) {
        mofrt_buf_free(&payload);
        return -1;
    }
    mofrt_buf_printf(out, "HVJ1 %zu %08x\n", payload.len, (unsigned)crc32_buf(payload.data, payload.len));
    mofrt_buf_put(out, payload.data, payload.len);
    mofrt_buf_putc(out, '\n');
    mofrt_buf_free(&payload);
    if (out->failed)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    return 0;
}

/* Parses the record at data[*off]; on success sets payload and advances.
 * Returns 0 ok, 1 end of data, -1 torn/corrupt. */
static int next_record(const char *data, size_t len, size_t *off, const char **payload, size_t *plen)
{
    size_t o = *off;
    if (o == len)
        return 1;
    const char *nl = memchr(data + o, '\n', len - o < 64 ? len - o : 64);
    if (!nl || strncmp(data + o, "HVJ1 ", 5) != 0)
        return -1;
    char hdr[64];
    size_t hl = (size_t)(nl - (data + o));
    memcpy(hdr, data + o, hl);
    hdr[hl] = '\0';
    char *end;
    errno = 0;
    unsigned long long n = strtoull(hdr + 5, &end, 10);
    if (errno || *end != ' ')
        return -1;
    unsigned long crc = strtoul(end + 1, &end, 16);
    if (*end)
        return -1;
    size_t start = o + hl + 1;
    if (n > len || start + n + 1 > len || data[start + n] != '\n')
        return -1;
    if (crc32_buf(data + start, (size_t)n) != (uint32_t)crc)
        return -1;
    *payload = data + start;
    *plen = (size_t)n;
    *off = start + (size_t)n + 1;
    return 0;
}

static int read_file(const char *path, mofrt_buf *b, mofrt_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot open %s: %s", path,
                               strerror(errno));
    char chunk[65536];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            close(fd);
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot read %s: %s",
                                   path, strerror(errno));
        }
        mofrt_buf_put(b, chunk, (size_t)n);
    }
    close(fd);
    if (b->failed)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    return 0;
}

static int write_all(int fd, const char *data, size_t len, off_t off)
{
    while (len) {
        ssize_t n = pwrite(fd, data, len, off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += n;
        len -= (size_t)n;
        off += n;
    }
    return 0;
}

/* Decodes and applies (or just counts) every record of data; returns the
 * offset where a torn/corrupt tail starts (len when none), -1 on a record
 * that is whole but cannot be decoded. */
static long long replay(mofsrv_store *st, mofrt_decoder *dec, const char *data, size_t len,
                        size_t *nrec, mofrt_error *err)
{
    size_t off = 0;
    for (;;) {
        const char *payload;
        size_t plen;
        size_t at = off;
        int r = next_record(data, len, &off, &payload, &plen);
        if (r == 1)
            return (long long)len;
        if (r < 0)
            return (long long)at;
        mofsrv_txn t = MOFSRV_TXN_INIT;
        if (mofsrv_txn_decode(dec, payload, plen, &t, err) < 0) {
            mofsrv_txn_clear(&t);
            mofrt_error_prefix(err, "state record");
            return -1;
        }
        if (st)
            mofsrv_store_apply(st, &t);
        mofsrv_txn_clear(&t);
        (*nrec)++;
    }
}

/* ---- snapshots --------------------------------------------------------- */
static int fsync_dir(const char *path)
{
    char *dir = mofrt_strdup(path);
    if (!dir)
        return -1;
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        slash[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        strcpy(dir, ".");
    int fd = open(dir, O_RDONLY | O_CLOEXEC);
    free(dir);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Serialises the store (caller holds a lock) into a snapshot image. */
static int snapshot_image(const mofsrv_store *st, mofrt_buf *out, mofrt_error *err)
{
    mofrt_buf_puts(out, SNAP_MAGIC);
    size_t nrec = 0;
    mofsrv_txn chunk = MOFSRV_TXN_INIT;
    chunk.ops = calloc(SNAP_CHUNK, sizeof *chunk.ops);
    if (!chunk.ops)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    chunk.cap = SNAP_CHUNK;
    int rc = 0;
    for (size_t c = 0; c < st->schema->nclasses && rc == 0; c++) {
        const mofsrv_classlist *l = &st->lists[c];
        for (size_t i = 0; i < l->count && rc == 0; i++) {
            chunk.ops[chunk.count++].inst = l->items[i]->inst;   /* borrowed */
            if (chunk.count == SNAP_CHUNK) {
                rc = frame_txn(&chunk, 0, chunk.count, out, err);
                chunk.count = 0;
                nrec++;
            }
        }
    }
    if (rc == 0 && chunk.count) {
        rc = frame_txn(&chunk, 0, chunk.count, out, err);
        nrec++;
    }
    free(chunk.ops);   /* the instances are the store's */
    if (rc == 0)
        mofrt_buf_printf(out, "HVEND %zu\n", nrec);
    if (rc == 0 && out->failed)
        rc = mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    return rc;
}

/* tmp file, fsync, rename, directory fsync. */
static int replace_file(const char *path, const char *tmppath, const mofrt_buf *img, mofrt_error *err)
{
    int fd = open(tmppath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot create %s: %s",
                               tmppath, strerror(errno));
    if (write_all(fd, img->data, img->len, 0) < 0 || fsync(fd) < 0) {
        int e = errno;
        close(fd);
        unlink(tmppath);
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot write %s: %s",
                               tmppath, strerror(e));
    }
    close(fd);
    if (rename(tmppath, path) < 0) {
        int e = errno;
        unlink(tmppath);
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot rename to %s: %s",
                               path, strerror(e));
    }
    if (fsync_dir(path) < 0)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot sync the directory of %s",
                               path);
    return 0;
}

/* Loads a snapshot image (data) into st (NULL: only verify). */
static int load_snapshot(mofsrv_store *st, const char *data, size_t len, size_t *ninst, mofrt_error *err)
{
    if (len < sizeof SNAP_MAGIC - 1 || memcmp(data, SNAP_MAGIC, sizeof SNAP_MAGIC - 1) != 0)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_SYNTAX, "not a libmofsrv state file");
    data += sizeof SNAP_MAGIC - 1;
    len -= sizeof SNAP_MAGIC - 1;
    /* the end marker is the last line */
    if (len < 8 || data[len - 1] != '\n')
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_SYNTAX, "state file is truncated");
    size_t e = len - 1;
    while (e > 0 && data[e - 1] != '\n')
        e--;
    unsigned long long want;
    char tail[64];
    size_t tl = len - e;
    if (tl >= sizeof tail)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_SYNTAX, "state file is truncated");
    memcpy(tail, data + e, tl);
    tail[tl] = '\0';
    if (sscanf(tail, "HVEND %llu", &want) != 1)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_SYNTAX, "state file is truncated");
    mofrt_decoder *dec = mofrt_decoder_new();
    size_t nrec = 0;
    long long at = replay(st, dec, data, e, &nrec, err);
    mofrt_decoder_free(dec);
    if (at < 0)
        return -1;
    if ((size_t)at != e || nrec != want)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_SYNTAX,
                               "state file is corrupt (record %zu)", nrec + 1);
    if (ninst)
        *ninst = nrec;
    return 0;
}

/* ---- committer ---------------------------------------------------------- */
static int maybe_compact(mofsrv_persist *p)
{
    size_t limit = p->snap_size * 2 > COMPACT_MIN ? p->snap_size * 2 : COMPACT_MIN;
    if ((size_t)p->jsize < limit)
        return 0;
    mofrt_buf img = MOFRT_BUF_INIT;
    mofrt_error err;
    mofsrv_store_rdlock(p->st);
    int rc = snapshot_image(p->st, &img, &err);
    mofsrv_store_unlock(p->st);
    if (rc == 0)
        rc = replace_file(p->path, p->tmppath, &img, &err);
    if (rc == 0) {
        p->snap_size = img.len;
        /* the snapshot holds everything: empty the journal */
        if (ftruncate(p->jfd, 0) == 0 && fdatasync(p->jfd) == 0)
            p->jsize = 0;
    } else {
        /* keep journaling; try again once the journal has grown further */
        p->snap_size = (size_t)p->jsize;
    }
    mofrt_buf_free(&img);
    return rc;
}

static bool append(mofsrv_persist *p, const char *data, size_t len)
{
    if (write_all(p->jfd, data, len, p->jsize) == 0 && fdatasync(p->jfd) == 0) {
        p->jsize += (off_t)len;
        return true;
    }
    /* cut back whatever part reached the file */
    if (ftruncate(p->jfd, p->jsize) == 0)
        (void)fdatasync(p->jfd);
    return false;
}

static void *committer(void *arg)
{
    mofsrv_persist *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->head && !p->stop)
            pthread_cond_wait(&p->work, &p->mu);
        if (!p->head && p->stop)
            break;
        commit_req *batch = p->head;
        p->head = p->tail = NULL;
        pthread_mutex_unlock(&p->mu);

        mofrt_buf all = MOFRT_BUF_INIT;
        size_t n = 0;
        for (commit_req *r = batch; r; r = r->next, n++)
            mofrt_buf_put(&all, r->rec.data, r->rec.len);
        bool ok = !all.failed && append(p, all.data, all.len);
        mofrt_buf_free(&all);
        for (commit_req *r = batch; r; r = r->next) {
            /* the batch failed: retry one by one, so only what cannot be
             * written fails */
            r->rc = ok || (n > 1 && append(p, r->rec.data, r->rec.len)) ? 0 : -1;
            if (r->rc < 0)
                mofrt_error_set(&r->err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                                "the new state cannot be persisted: %s", strerror(errno));
        }
        mofsrv_store_wrlock(p->st);
        for (commit_req *r = batch; r; r = r->next)
            if (r->rc == 0)
                mofsrv_store_apply(p->st, r->txn);
        mofsrv_store_unlock(p->st);
        (void)maybe_compact(p);

        pthread_mutex_lock(&p->mu);
        for (commit_req *r = batch; r; r = r->next)
            r->done = true;
        pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int mofsrv_persist_commit(mofsrv_persist *p, mofsrv_txn *t, mofrt_error *err)
{
    commit_req r;
    memset(&r, 0, sizeof r);
    r.txn = t;
    if (frame_txn(t, 0, t->count, &r.rec, err) < 0) {
        mofrt_buf_free(&r.rec);
        mofsrv_txn_clear(t);
        return -1;
    }
    pthread_mutex_lock(&p->mu);
    if (p->tail)
        p->tail->next = &r;
    else
        p->head = &r;
    p->tail = &r;
    pthread_cond_signal(&p->work);
    while (!r.done)
        pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
    mofrt_buf_free(&r.rec);
    mofsrv_txn_clear(t);
    if (r.rc < 0 && err)
        *err = r.err;
    return r.rc;
}

/* ---- open / close ---------------------------------------------------------- */
static char *concat(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 1);
    if (s) {
        memcpy(s, a, la);
        memcpy(s + la, b, lb + 1);
    }
    return s;
}

mofsrv_persist *mofsrv_persist_open(const char *path, mofsrv_store *st, mofrt_error *err)
{
    mofsrv_persist *p = calloc(1, sizeof *p);
    if (!p) {
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        return NULL;
    }
    p->st = st;
    p->jfd = -1;
    p->path = mofrt_strdup(path);
    p->jpath = concat(path, ".journal");
    p->tmppath = concat(path, ".tmp");
    if (!p->path || !p->jpath || !p->tmppath) {
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        goto fail;
    }
    struct stat sb;
    bool fresh = stat(path, &sb) != 0 && errno == ENOENT;
    if (fresh) {
        mofrt_buf img = MOFRT_BUF_INIT;
        int rc = mofsrv_store_fill(st, err);
        if (rc == 0)
            rc = snapshot_image(st, &img, err);
        if (rc == 0) {
            unlink(p->jpath);   /* a journal without its snapshot is stale */
            rc = replace_file(path, p->tmppath, &img, err);
        }
        p->snap_size = img.len;
        mofrt_buf_free(&img);
        if (rc < 0)
            goto fail;
    } else {
        mofrt_buf img = MOFRT_BUF_INIT;
        int rc = read_file(path, &img, err);
        if (rc == 0)
            rc = load_snapshot(st, img.data ? img.data : "", img.len, NULL, err);
        p->snap_size = img.len;
        mofrt_buf_free(&img);
        if (rc < 0) {
            mofrt_error_prefix(err, path);
            goto fail;
        }
    }
    p->jfd = open(p->jpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (p->jfd < 0) {
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot open %s: %s", p->jpath,
                        strerror(errno));
        goto fail;
    }
    mofrt_buf j = MOFRT_BUF_INIT;
    if (read_file(p->jpath, &j, err) < 0) {
        mofrt_buf_free(&j);
        goto fail;
    }
    mofrt_decoder *dec = mofrt_decoder_new();
    size_t nrec = 0;
    long long good = replay(st, dec, j.data ? j.data : "", j.len, &nrec, err);
    mofrt_decoder_free(dec);
    size_t jlen = j.len;
    mofrt_buf_free(&j);
    if (good < 0) {
        mofrt_error_prefix(err, p->jpath);
        goto fail;
    }
    if ((size_t)good != jlen && (ftruncate(p->jfd, (off_t)good) < 0 || fdatasync(p->jfd) < 0)) {
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot cut the torn tail of %s",
                        p->jpath);
        goto fail;
    }
    p->jsize = (off_t)good;
    if (pthread_mutex_init(&p->mu, NULL) != 0 || pthread_cond_init(&p->work, NULL) != 0 ||
        pthread_cond_init(&p->done, NULL) != 0 ||
        pthread_create(&p->thread, NULL, committer, p) != 0) {
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "cannot start the committer");
        goto fail;
    }
    return p;
fail:
    if (p->jfd >= 0)
        close(p->jfd);
    free(p->path);
    free(p->jpath);
    free(p->tmppath);
    free(p);
    return NULL;
}

void mofsrv_persist_close(mofsrv_persist *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->done);
    close(p->jfd);
    free(p->path);
    free(p->jpath);
    free(p->tmppath);
    free(p);
}

int mofsrv_persist_check(const char *path, const mofsrv_schema *schema, size_t *ninst, size_t *nrec,
                     bool *torn, mofrt_error *err)
{
    (void)schema;
    mofrt_buf img = MOFRT_BUF_INIT;
    int rc = read_file(path, &img, err);
    if (rc == 0)
        rc = load_snapshot(NULL, img.data ? img.data : "", img.len, ninst, err);
    mofrt_buf_free(&img);
    if (rc < 0)
        return -1;
    char *jpath = concat(path, ".journal");
    if (!jpath)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    mofrt_buf j = MOFRT_BUF_INIT;
    *nrec = 0;
    *torn = false;
    if (access(jpath, F_OK) == 0 && (rc = read_file(jpath, &j, err)) == 0) {
        mofrt_decoder *dec = mofrt_decoder_new();
        long long good = replay(NULL, dec, j.data ? j.data : "", j.len, nrec, err);
        mofrt_decoder_free(dec);
        if (good < 0)
            rc = -1;
        else
            *torn = (size_t)good != j.len;
    }
    mofrt_buf_free(&j);
    free(jpath);
    return rc;
}
