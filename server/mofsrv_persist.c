/* libmofsrv: snapshot + journal with group commit (see mofsrv_persist.h). */
#include "server/mofsrv_persist.h"

#include "server/mofsrv_file.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SNAP_MAGIC "HVSNAP1\n"
#define SNAP_CHUNK 128               /* instances per snapshot record */
#define COMPACT_MIN (8u << 20)       /* journal bytes before compaction is considered */

typedef struct commit_req {
    mofsrv_txn *txn;
    mofrt_buf rec;                   /* the record's payload (framed by the committer: it numbers them) */
    uint32_t crc;                    /* of rec */
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
    size_t jrecs;                    /* records in the journal: the next one is numbered jrecs + 1 */
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

/* Records (journal and snapshot): "HVJ2 SEQ LEN CRC\n", LEN bytes of
 * payload, "\n". SEQ is the record's place in its file (1, 2, ...), so a
 * record repeated, reordered or missing is seen on reading; CRC (CRC-32 of
 * the payload, hex) and LEN make a damaged or torn record seen. Files
 * written before SEQ was added hold "HVJ1 LEN CRC\n" records: they are read
 * as they are (no sequence to check), and records appended to them are
 * HVJ2 numbered by their place in the file. */
static void put_record(mofrt_buf *out, size_t seq, const char *payload, size_t len, uint32_t crc)
{
    mofrt_buf_printf(out, "HVJ2 %zu %zu %08x\n", seq, len, (unsigned)crc);
    mofrt_buf_put(out, payload, len);
    mofrt_buf_putc(out, '\n');
}

/* Appends the framed record (number seq) of ops [from, to) to out. */
static int frame_txn(const mofsrv_txn *t, size_t from, size_t to, size_t seq, mofrt_buf *out, mofrt_error *err)
{
    mofrt_buf payload = MOFRT_BUF_INIT;
    if (mofsrv_txn_encode(t, from, to, &payload, err) < 0) {
        mofrt_buf_free(&payload);
        return -1;
    }
    put_record(out, seq, payload.data, payload.len, crc32_buf(payload.data, payload.len));
    mofrt_buf_free(&payload);
    if (out->failed)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    return 0;
}

enum { REC_OK = 0, REC_END = 1, REC_UNREADABLE = -1, REC_BAD_CRC = -2, REC_BAD_HEADER = -3 };

/* Parses the record at data[*off]; on success sets payload, *seq (0 for an
 * HVJ1 record: none) and advances (REC_BAD_CRC sets them too, without
 * advancing). What a write cut by a crash leaves is a prefix of a record,
 * so:
 * REC_UNREADABLE: a short record: its header line is not finished (no
 * newline in what is left, under 64 bytes), or its length runs past the
 * data (a torn write looks so when nothing whole follows);
 * REC_BAD_CRC: the record is whole (its header, all LEN bytes and its
 * end are there) but its checksum is wrong;
 * REC_BAD_HEADER: its header line is whole but is no record header, its
 * end is not where LEN says although the bytes are there, or LEN runs past
 * the data while what is there is exactly one payload with the header's
 * checksum and its end (a damaged LEN).
 * The last two are damage wherever they are: a cut write leaves a short
 * record, never a whole one with other bytes. */
static int next_record(const char *data, size_t len, size_t *off, const char **payload, size_t *plen,
                       size_t *seq)
{
    size_t o = *off;
    if (o == len)
        return REC_END;
    const char *nl = memchr(data + o, '\n', len - o < 64 ? len - o : 64);
    if (!nl)
        return len - o < 64 ? REC_UNREADABLE : REC_BAD_HEADER;
    bool v2 = len - o >= 5 && strncmp(data + o, "HVJ2 ", 5) == 0;
    if (!v2 && strncmp(data + o, "HVJ1 ", 5) != 0)
        return REC_BAD_HEADER;
    char hdr[64];
    size_t hl = (size_t)(nl - (data + o));
    memcpy(hdr, data + o, hl);
    hdr[hl] = '\0';
    char *end = hdr + 4;
    errno = 0;
    unsigned long long sq = 0;
    if (v2) {
        sq = strtoull(end + 1, &end, 10);
        if (errno || *end != ' ' || sq == 0 || end[1] < '0' || end[1] > '9')
            return REC_BAD_HEADER;
    }
    unsigned long long n = strtoull(end + 1, &end, 10);
    if (errno || *end != ' ' || end[1] == '\0')
        return REC_BAD_HEADER;
    unsigned long crc = strtoul(end + 1, &end, 16);
    if (*end)
        return REC_BAD_HEADER;
    size_t start = o + hl + 1;
    if (n > len || start + n + 1 > len) {
        bool whole_other_len = start < len && data[len - 1] == '\n' &&
                               crc32_buf(data + start, len - 1 - start) == (uint32_t)crc;
        return whole_other_len ? REC_BAD_HEADER : REC_UNREADABLE;
    }
    if (data[start + n] != '\n')
        return REC_BAD_HEADER;
    *payload = data + start;   /* also for REC_BAD_CRC: what it seems to hold, for the report */
    *plen = (size_t)n;
    *seq = (size_t)sq;
    if (crc32_buf(data + start, (size_t)n) != (uint32_t)crc)
        return REC_BAD_CRC;
    *off = start + (size_t)n + 1;
    return REC_OK;
}

/* Reads the whole of fd (a regular file: mofsrv_open_regular) into b. */
static int read_fd(int fd, const char *path, mofrt_buf *b, mofrt_error *err)
{
    char chunk[65536];
    ssize_t n;
    off_t off = 0;
    while ((n = pread(fd, chunk, sizeof chunk, off)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot read %s: %s",
                                   path, strerror(errno));
        }
        mofrt_buf_put(b, chunk, (size_t)n);
        off += n;
    }
    if (b->failed)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    return 0;
}

static int read_file(const char *path, const char *what, mofrt_buf *b, mofrt_error *err)
{
    int fd = mofsrv_open_regular(path, O_RDONLY, 0, what, err);
    if (fd < 0)
        return -1;
    int rc = read_fd(fd, path, b, err);
    close(fd);
    return rc;
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

/* The first offset after `at` where a whole record starts (at a line
 * start), or len when none does. */
static size_t next_whole(const char *data, size_t len, size_t at)
{
    for (size_t o = at + 1; o + 5 <= len; o++) {
        const char *h = memchr(data + o, 'H', len - o);
        if (!h)
            break;
        o = (size_t)(h - data);
        if (data[o - 1] != '\n' || o + 5 > len ||
            (memcmp(data + o, "HVJ1 ", 5) != 0 && memcmp(data + o, "HVJ2 ", 5) != 0))
            continue;
        size_t off = o, seq;
        const char *payload;
        size_t plen;
        if (next_record(data, len, &off, &payload, &plen, &seq) == REC_OK)
            return o;
    }
    return len;
}

/* Decodes and applies (st NULL: only decodes) every record of data and
 * says where it stopped. A record that cannot be read is a torn last
 * record when no whole record follows it (its write was cut by a crash:
 * it was never acknowledged), and damage otherwise: the records after it
 * were acknowledged, and cutting them would lose them silently. A whole
 * record with a wrong checksum, or numbered out of its place (repeated,
 * reordered, one missing before it), is damage even when last: it was
 * written whole, so it may have been acknowledged. */
static int replay(mofsrv_store *st, mofrt_decoder *dec, const char *data, size_t len, mofsrv_replay *r,
                  mofrt_error *err)
{
    memset(r, 0, sizeof *r);
    size_t off = 0;
    for (;;) {
        const char *payload;
        size_t plen, seq;
        size_t at = off;
        int n = next_record(data, len, &off, &payload, &plen, &seq);
        if (n == REC_END) {
            r->good_len = len;
            return 0;
        }
        if (n == REC_OK && seq && seq != r->nrec + 1) {
            snprintf(r->why, sizeof r->why, "is numbered %zu where %zu was due (a record repeated, reordered "
                     "or missing)", seq, r->nrec + 1);
            n = REC_BAD_CRC;
            off = at;
        } else if (n == REC_BAD_CRC) {
            snprintf(r->why, sizeof r->why, "is whole but its checksum is wrong");
        } else if (n == REC_BAD_HEADER) {
            snprintf(r->why, sizeof r->why, "has a damaged header");
        }
        if (n < 0) {
            r->good_len = at;
            r->resume = next_whole(data, len, at);
            if (r->resume == len && n == REC_UNREADABLE) {
                r->torn = true;
                return 0;
            }
            if (n == REC_UNREADABLE)
                snprintf(r->why, sizeof r->why, "cannot be read");
            r->damaged = true;
            /* count what follows, as far as it can be read */
            for (size_t o = r->resume; o < len;) {
                int k = next_record(data, len, &o, &payload, &plen, &seq);
                if (k == REC_END)
                    break;
                if (k < 0)
                    o = next_whole(data, len, o);
                else
                    r->after++;
            }
            return 0;
        }
        mofsrv_txn t = MOFSRV_TXN_INIT;
        if (mofsrv_txn_decode(dec, payload, plen, &t, err) < 0 || (st && mofsrv_store_apply(st, &t, err) < 0)) {
            mofsrv_txn_clear(&t);
            char where[96];
            snprintf(where, sizeof where, "record %zu (byte %zu)", r->nrec + 1, at);
            mofrt_error_prefix(err, where);
            return -1;
        }
        mofsrv_txn_clear(&t);
        r->nrec++;
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
        for (const mofsrv_entry *e = st->lists[c].head; e && rc == 0; e = e->next) {
            chunk.ops[chunk.count++].inst = e->inst;   /* borrowed */
            if (chunk.count == SNAP_CHUNK) {
                rc = frame_txn(&chunk, 0, chunk.count, nrec + 1, out, err);
                chunk.count = 0;
                nrec++;
            }
        }
    }
    if (rc == 0 && chunk.count) {
        rc = frame_txn(&chunk, 0, chunk.count, nrec + 1, out, err);
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
    /* a new file: whatever FILE.tmp was (a FIFO would block) is gone */
    if (unlink(tmppath) < 0 && errno != ENOENT)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot remove %s: %s",
                               tmppath, strerror(errno));
    int fd = open(tmppath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
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
    mofsrv_replay r;
    int rc = replay(st, dec, data, e, &r, err);
    mofrt_decoder_free(dec);
    if (rc < 0)
        return -1;
    if (r.good_len != e || r.nrec != want)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_SYNTAX,
                               "state file is corrupt (record %zu at byte %zu)", r.nrec + 1,
                               r.good_len + sizeof SNAP_MAGIC - 1);
    if (ninst)
        *ninst = r.nrec;
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
        if (ftruncate(p->jfd, 0) == 0 && fdatasync(p->jfd) == 0) {
            p->jsize = 0;
            p->jrecs = 0;
        }
    } else {
        /* keep journaling; try again once the journal has grown further */
        p->snap_size = (size_t)p->jsize;
    }
    mofrt_buf_free(&img);
    return rc;
}

/* Appends nrec framed records (data) to the journal, durably. */
static bool append(mofsrv_persist *p, const char *data, size_t len, size_t nrec)
{
    if (write_all(p->jfd, data, len, p->jsize) == 0 && fdatasync(p->jfd) == 0) {
        p->jsize += (off_t)len;
        p->jrecs += nrec;
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
            put_record(&all, p->jrecs + n + 1, r->rec.data, r->rec.len, r->crc);
        bool ok = !all.failed && append(p, all.data, all.len, n);
        for (commit_req *r = batch; r; r = r->next) {
            /* the batch failed: retry one by one (numbered again), so only
             * what cannot be written fails */
            bool one = false;
            if (!ok && n > 1) {
                mofrt_buf_reset(&all);
                put_record(&all, p->jrecs + 1, r->rec.data, r->rec.len, r->crc);
                one = !all.failed && append(p, all.data, all.len, 1);
            }
            r->rc = ok || one ? 0 : -1;
            if (r->rc < 0)
                mofrt_error_set(&r->err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                                "the new state cannot be persisted: %s", strerror(errno));
        }
        mofrt_buf_free(&all);
        mofsrv_store_wrlock(p->st);
        for (commit_req *r = batch; r; r = r->next)
            if (r->rc == 0)
                (void)mofsrv_store_apply(p->st, r->txn, NULL);   /* checked before the commit */
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
    if (mofsrv_txn_encode(t, 0, t->count, &r.rec, err) < 0 || r.rec.failed) {
        if (r.rec.failed)
            mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        mofrt_buf_free(&r.rec);
        mofsrv_txn_clear(t);
        return -1;
    }
    r.crc = crc32_buf(r.rec.data, r.rec.len);   /* here, in the caller's thread, not the committer's */
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

/* Lists the whole records of data[from, len) and what each did, for the
 * operator: what a recovery drops. Unreadable stretches are named too. */
static void describe_lost(const char *data, size_t from, size_t len, mofrt_buf *report)
{
    mofrt_decoder *dec = mofrt_decoder_new();
    for (size_t o = from; o < len;) {
        size_t at = o;
        const char *payload;
        size_t plen, seq;
        int k = next_record(data, len, &o, &payload, &plen, &seq);
        if (k == REC_UNREADABLE || k == REC_BAD_HEADER) {
            o = next_whole(data, len, at);
            mofrt_buf_printf(report, "  bytes %zu..%zu: cannot be read%s\n", at, o,
                             k == REC_BAD_HEADER ? " (damaged header)" : "");
            continue;
        }
        if (k == REC_BAD_CRC)   /* whole: listed for what it seems to hold */
            o = (size_t)(payload - data) + plen + 1;
        mofsrv_txn t = MOFSRV_TXN_INIT;
        mofrt_error e;
        mofrt_buf_printf(report, "  record at byte %zu%s:", at, k == REC_BAD_CRC ? " (checksum wrong)" : "");
        if (!dec || mofsrv_txn_decode(dec, payload, plen, &t, &e) < 0) {
            mofrt_buf_puts(report, " (cannot be decoded)\n");
            mofsrv_txn_clear(&t);
            continue;
        }
        for (size_t i = 0; i < t.count; i++) {
            char *ps = mofrt_path_to_string(t.ops[i].inst ? t.ops[i].inst->path : t.ops[i].del);
            mofrt_buf_printf(report, "%s %s %s", i ? ";" : "", t.ops[i].inst ? "put" : "delete",
                             ps ? ps : "?");
            free(ps);
        }
        mofrt_buf_putc(report, '\n');
        mofsrv_txn_clear(&t);
    }
    mofrt_decoder_free(dec);
}

/* Writes data to path (a new file) and syncs it. */
static int save_copy(const char *path, const char *data, size_t len, mofrt_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 || write_all(fd, data, len, 0) < 0 || fsync(fd) < 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot write %s: %s", path,
                               strerror(e));
    }
    close(fd);
    return fsync_dir(path);
}

/* The journal's damage: refused, or with recover cut at the damage after
 * saving everything from there in JOURNAL.damaged-<time> and listing it. */
static int journal_damaged(mofsrv_persist *p, const char *data, size_t len, const mofsrv_replay *r,
                           bool recover, mofrt_buf *report, mofrt_error *err)
{
    if (!recover)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_SYNTAX,
                               "%s is damaged: record %zu at byte %zu %s and %zu acknowledged "
                               "record%s follow%s it (only a short last record is a torn write); nothing was "
                               "changed. Starting with --recover-journal keeps the %zu records before it and "
                               "drops the rest, listing what is lost",
                               p->jpath, r->nrec + 1, r->good_len, r->why, r->after, r->after == 1 ? "" : "s",
                               r->after == 1 ? "s" : "", r->nrec);
    char *saved = malloc(strlen(p->jpath) + 40);
    if (!saved)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    sprintf(saved, "%s.damaged-%lld", p->jpath, (long long)time(NULL));
    int rc = save_copy(saved, data + r->good_len, len - r->good_len, err);
    if (rc == 0) {
        mofrt_buf_printf(report,
                         "recovering %s: record %zu at byte %zu %s; kept the %zu records "
                         "before it, lost %zu bytes (saved in %s) holding the damaged record and %zu "
                         "acknowledged record%s after it:\n",
                         p->jpath, r->nrec + 1, r->good_len, r->why, r->nrec, len - r->good_len, saved, r->after,
                         r->after == 1 ? "" : "s");
        describe_lost(data, r->good_len, len, report);
    }
    free(saved);
    return rc;
}

/* Reads the journal (open on p->jfd) into st; a torn last record is cut,
 * damage refused or recovered (journal_damaged). */
static int load_journal(mofsrv_persist *p, mofsrv_store *st, bool recover, mofrt_buf *report, mofrt_error *err)
{
    mofrt_buf j = MOFRT_BUF_INIT;
    if (read_fd(p->jfd, p->jpath, &j, err) < 0) {
        mofrt_buf_free(&j);
        return -1;
    }
    const char *data = j.data ? j.data : "";
    mofrt_decoder *dec = mofrt_decoder_new();
    mofsrv_replay r;
    int rc = replay(st, dec, data, j.len, &r, err);
    mofrt_decoder_free(dec);
    if (rc < 0)
        mofrt_error_prefix(err, p->jpath);
    else if (r.damaged)
        rc = journal_damaged(p, data, j.len, &r, recover, report, err);
    else if (r.torn && report)
        mofrt_buf_printf(report, "%s: cut a torn last record (%zu bytes at byte %zu, never acknowledged)\n",
                         p->jpath, j.len - r.good_len, r.good_len);
    size_t jlen = j.len;
    mofrt_buf_free(&j);
    if (rc < 0)
        return -1;
    if (r.good_len != jlen && (ftruncate(p->jfd, (off_t)r.good_len) < 0 || fdatasync(p->jfd) < 0))
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot cut %s at byte %zu: %s",
                               p->jpath, r.good_len, strerror(errno));
    p->jsize = (off_t)r.good_len;
    p->jrecs = r.nrec;
    return 0;
}

mofsrv_persist *mofsrv_persist_open(const char *path, mofsrv_store *st, bool recover, mofrt_buf *report,
                            mofrt_error *err)
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
    bool fresh = lstat(path, &sb) != 0 && errno == ENOENT;
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
        int rc = read_file(path, "state file", &img, err);
        if (rc == 0) {
            rc = load_snapshot(st, img.data ? img.data : "", img.len, NULL, err);
            if (rc < 0)
                mofrt_error_prefix(err, path);
        }
        p->snap_size = img.len;
        mofrt_buf_free(&img);
        if (rc < 0)
            goto fail;
    }
    p->jfd = mofsrv_open_regular(p->jpath, O_RDWR | O_CREAT, 0600, "journal", err);
    if (p->jfd < 0 || load_journal(p, st, recover, report, err) < 0)
        goto fail;
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

int mofsrv_persist_check(const char *path, const mofsrv_schema *schema, size_t *ninst, mofsrv_replay *jr,
                     mofrt_error *err)
{
    /* the same loading as start-up, into a store of its own: what start-up
     * would refuse, this refuses too */
    mofsrv_store st;
    if (mofsrv_store_init(&st, schema, err) < 0)
        return -1;
    mofrt_buf img = MOFRT_BUF_INIT;
    int rc = read_file(path, "state file", &img, err);
    if (rc == 0)
        rc = load_snapshot(&st, img.data ? img.data : "", img.len, ninst, err);
    mofrt_buf_free(&img);
    char *jpath = concat(path, ".journal");
    memset(jr, 0, sizeof *jr);
    if (rc == 0 && !jpath)
        rc = mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    struct stat sb;
    if (rc == 0 && !(lstat(jpath, &sb) != 0 && errno == ENOENT)) {
        mofrt_buf j = MOFRT_BUF_INIT;
        rc = read_file(jpath, "journal", &j, err);
        if (rc == 0) {
            mofrt_decoder *dec = mofrt_decoder_new();
            rc = replay(&st, dec, j.data ? j.data : "", j.len, jr, err);
            mofrt_decoder_free(dec);
            if (rc < 0)
                mofrt_error_prefix(err, jpath);
        }
        if (rc == 0 && jr->damaged)
            rc = mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_SYNTAX,
                                 "%s is damaged: record %zu at byte %zu %s and %zu "
                                 "acknowledged record%s follow%s it; start-up refuses it "
                                 "without --recover-journal",
                                 jpath, jr->nrec + 1, jr->good_len, jr->why, jr->after, jr->after == 1 ? "" : "s",
                                 jr->after == 1 ? "s" : "");
        mofrt_buf_free(&j);
    }
    free(jpath);
    mofsrv_store_destroy(&st);
    return rc;
}
