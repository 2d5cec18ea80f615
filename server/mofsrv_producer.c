/* libmofsrv: operations running in their own thread (see mofsrv_producer.h). */
#include "server/mofsrv_producer.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/mofsrv_workers.h"

typedef struct item {
    char *xml;
    size_t len;
} item;

struct mofsrv_producer {
    const mofsrv *s;
    mofrt_op op;                /* its strings are the copies below */
    char *strs[6];
    char **props;
    mofrt_path *source;
    const mofsrv_class *cls;
    mofsrv_emit emit;
    bool started;               /* handed to a thread of s->workers */
    pthread_mutex_t mu;
    /* Wake-ups are batched: the reader is woken when as many results as it
     * waits for are queued (or the operation ended), the producer when
     * the reader has taken results from a full queue; a wake-up per result
     * cost a futex call and a context switch per instance. */
    pthread_cond_t cv;          /* the reader's: `want` results queued, or the end */
    pthread_cond_t room;        /* the producer's: room in the queue, or cancel */
    size_t want;                /* what the waiting reader waits for (0: none waits) */
    bool full;                  /* the producer waits for room (the reader stops waiting for more) */
    const atomic_bool *reader_busy;   /* mofsrv_producer_watch */
    item *q;                    /* a ring of cap results */
    size_t cap, head, count;
    size_t bytes;               /* the queued results' encoded bytes */
    /* mofsrv_producer_defer's mode and whether the last post left the
     * queue past its bounds: the operation's thread's own (no lock) */
    bool deferring, over;
    uint64_t taken;             /* results handed out by take */
    bool done, cancel, failed;
    mofrt_error err;
    /* the thread's own */
    mofsrv_xsink x;
    mofrt_buf buf;
};

/* The queued bytes of every producer of the process (a process's memory
 * is what the bound protects, whichever server of it queues). */
static atomic_size_t queued_total;

/* The producer whose operation this thread runs (mofsrv_producer_defer). */
static _Thread_local mofsrv_producer *running;

static uint64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Whether the thread that reads p is handling another request now: it
 * cannot take from p until that request ends, and that request may wait
 * for something this operation holds (the store's lock, a provider's
 * mutex held while it posts). Called with p->mu held. */
static bool reader_busy(const mofsrv_producer *p)
{
    return p->reader_busy && atomic_load(p->reader_busy);
}

/* Doubles the queue (its results kept in order); false when out of
 * memory (then the producer waits as for a slow reader). */
static bool grow(mofsrv_producer *p)
{
    item *q = malloc(2 * p->cap * sizeof *q);
    if (!q)
        return false;
    for (size_t i = 0; i < p->count; i++)
        q[i] = p->q[(p->head + i) % p->cap];
    free(p->q);
    p->q = q;
    p->cap *= 2;
    p->head = 0;
    return true;
}

/* Whether a result of len bytes may join the queue now (p->mu held): an
 * empty queue takes one whatever its size (the operation goes on); else
 * within the process's total, and within the queue's own bounds unless
 * grow_past (its reader's thread is busy: mofsrv_producer_watch). */
static bool room_for(const mofsrv_producer *p, size_t len, bool grow_past)
{
    if (p->count == 0)
        return true;
    if (atomic_load(&queued_total) + len > MOFSRV_PRODUCER_TOTAL_BYTES)
        return false;
    return grow_past || (p->count < MOFSRV_PRODUCER_QUEUE && p->bytes + len <= MOFSRV_PRODUCER_QUEUE_BYTES);
}

static void wait_ms(mofsrv_producer *p, unsigned ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += (long)ms * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    (void)pthread_cond_timedwait(&p->room, &p->mu, &ts);
}

/* Waits (p->mu held) until a result of len bytes may be queued, or the
 * reader has gone. may_hold: the operation may hold a lock meanwhile (a
 * provider's post), so the queue grows past its bounds while the reader's
 * thread is busy, and a wait at the total with that thread busy for
 * MOFSRV_PRODUCER_STALL_MS fails (-1 with err) rather than last for ever. */
static int wait_room(mofsrv_producer *p, size_t len, bool may_hold, mofrt_error *err)
{
    uint64_t stalled = 0;
    while (!p->cancel) {
        bool busy = may_hold && reader_busy(p);
        if (room_for(p, len, busy) && (p->count < p->cap || grow(p)))
            break;
        bool at_total = p->count && atomic_load(&queued_total) + len > MOFSRV_PRODUCER_TOTAL_BYTES;
        if (busy && at_total) {
            uint64_t now = mono_ms();
            if (!stalled) {
                stalled = now;
            } else if (now - stalled >= MOFSRV_PRODUCER_STALL_MS) {
                p->full = false;
                return mofrt_error_set(err, MOFRT_CIM_ERR_SERVER_LIMITS_EXCEEDED, MOFRT_E_LIMIT,
                                       "the server's enumeration queues are full and the answer's reader is busy");
            }
        } else {
            stalled = 0;
        }
        p->full = true;
        if (p->want)
            pthread_cond_signal(&p->cv);   /* the reader takes what there is */
        /* Room comes from this queue's reader (a signal), from other
         * queues for the total, or from the reader's thread leaving a
         * request: those two are looked at every MOFSRV_PRODUCER_WATCH_MS. */
        if (p->reader_busy || at_total)
            wait_ms(p, MOFSRV_PRODUCER_WATCH_MS);
        else
            pthread_cond_wait(&p->room, &p->mu);
    }
    p->full = false;
    return 0;
}

/* One result encoded on its own, then queued (waiting while the queue is
 * full, unless deferred); fails once the reader has gone. */
static int produce(void *arg, const mofrt_instance *inst, const mofrt_path *path, mofrt_error *err)
{
    mofsrv_producer *p = arg;
    mofrt_xw w;
    mofrt_buf_reset(&p->buf);
    mofrt_xw_init(&w, &p->buf);
    p->x.w = &w;
    size_t before = p->x.count;
    if (mofsrv_xsink_take(&p->x, inst, path, err) < 0)
        return -1;
    if (p->x.count == before)
        return 0;   /* filtered out */
    if (mofrt_xw_finish(&w, err) < 0)
        return -1;
    item it = { malloc(p->buf.len ? p->buf.len : 1), p->buf.len };
    if (!it.xml)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    memcpy(it.xml, p->buf.data, p->buf.len);
    pthread_mutex_lock(&p->mu);
    int rc = 0;
    if (p->deferring) {
        /* the operation holds a lock: queued now, it waits after letting go */
        if (p->count == p->cap && !grow(p))
            rc = mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    } else {
        rc = wait_room(p, it.len, true, err);
    }
    bool cancel = p->cancel;
    if (!cancel && rc == 0) {
        p->q[(p->head + p->count) % p->cap] = it;
        p->count++;
        p->bytes += it.len;
        atomic_fetch_add(&queued_total, it.len);
        if (p->want && p->count >= p->want)
            pthread_cond_signal(&p->cv);
        p->over = p->deferring && !room_for(p, 1, false);
    }
    pthread_mutex_unlock(&p->mu);
    if (cancel || rc < 0) {
        free(it.xml);
        return cancel ? mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_LIMIT, "the reader has gone") : -1;
    }
    return 0;
}

bool mofsrv_producer_defer(bool on)
{
    mofsrv_producer *p = running;
    if (!p)
        return false;
    bool was = p->deferring;
    p->deferring = on;
    p->over = false;
    return was;
}

bool mofsrv_producer_over(void)
{
    mofsrv_producer *p = running;
    return p && p->over;
}

void mofsrv_producer_wait(void)
{
    mofsrv_producer *p = running;
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    (void)wait_room(p, 1, false, NULL);   /* no lock held: it may wait as long as the reader takes */
    p->over = false;
    pthread_mutex_unlock(&p->mu);
}

static void run(void *arg)
{
    mofsrv_producer *p = arg;
    running = p;
    mofsrv_nsink n;
    mofsrv_nsink_init(&n, p->s, produce, p);
    mofrt_error e;
    mofrt_error_clear(&e);
    int rc;
    mofrt_op_kind k = p->op.kind;
    if (k == MOFRT_OP_REFERENCES || k == MOFRT_OP_REFERENCE_NAMES)
        rc = mofsrv_references(p->s, &p->op, p->source, &n.base, &e);
    else if (k == MOFRT_OP_ASSOCIATORS || k == MOFRT_OP_ASSOCIATOR_NAMES)
        rc = mofsrv_associators(p->s, &p->op, p->source, &n.base, &e);
    else
        rc = mofsrv_enumerate(p->s, &p->op, p->cls, &n.base, &e);
    mofrt_buf_free(&p->buf);
    running = NULL;
    pthread_mutex_lock(&p->mu);
    p->done = true;
    if (rc < 0 && !p->cancel) {
        p->failed = true;
        p->err = e;
    }
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);   /* the last touch of p: its owner may free it now */
}

static const char *dup_into(char **slot, const char *s, bool *oom)
{
    *slot = s ? mofrt_strdup(s) : NULL;
    *oom |= s && !*slot;
    return *slot;
}

mofsrv_producer *mofsrv_producer_start(const mofsrv *s, const mofrt_op *op, const mofsrv_class *c,
                                       const mofrt_path *source, mofsrv_emit emit, mofrt_error *err)
{
    mofsrv_producer *p = calloc(1, sizeof *p);
    item *q = malloc(MOFSRV_PRODUCER_QUEUE * sizeof *q);
    if (!p || !q || pthread_mutex_init(&p->mu, NULL) != 0) {
        free(p);
        free(q);
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        return NULL;
    }
    pthread_cond_init(&p->cv, NULL);
    pthread_cond_init(&p->room, NULL);
    p->q = q;
    p->cap = MOFSRV_PRODUCER_QUEUE;
    p->s = s;
    p->cls = c;
    p->emit = emit;
    p->op = *op;
    bool oom = false;
    p->op.user = dup_into(&p->strs[0], op->user, &oom);
    p->op.class_name = dup_into(&p->strs[1], op->class_name, &oom);
    p->op.assoc_class = dup_into(&p->strs[2], op->assoc_class, &oom);
    p->op.result_class = dup_into(&p->strs[3], op->result_class, &oom);
    p->op.role = dup_into(&p->strs[4], op->role, &oom);
    p->op.result_role = dup_into(&p->strs[5], op->result_role, &oom);
    p->op.nprops = 0;
    p->op.props = NULL;
    if (op->has_props) {
        p->props = calloc(op->nprops + 1, sizeof *p->props);
        oom |= !p->props;
        for (size_t i = 0; p->props && i < op->nprops; i++)
            if ((p->props[p->op.nprops] = mofrt_strdup(op->props[i])))
                p->op.nprops++;
            else
                oom = true;
        p->op.props = (const char *const *)p->props;
    }
    if (source && !(p->source = mofrt_path_copy(source)))
        oom = true;
    bool assoc = source != NULL;
    mofsrv_xsink_init(&p->x, s, &p->op, assoc ? NULL : c, emit, NULL);
    if (!assoc && !op->deep_inheritance && emit != MOFSRV_EMIT_NAME && emit != MOFSRV_EMIT_INSTANCEPATH)
        p->x.only_of = c;
    if (oom || mofsrv_workers_run(s->workers, run, p) != 0) {
        mofsrv_producer_free(p);
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "cannot start the operation");
        return NULL;
    }
    p->started = true;
    return p;
}

int mofsrv_producer_take(mofsrv_producer *p, size_t want, size_t max, mofrt_buf *out, bool *end,
                         mofrt_error *err)
{
    if (want > MOFSRV_PRODUCER_QUEUE)
        want = MOFSRV_PRODUCER_QUEUE;
    pthread_mutex_lock(&p->mu);
    /* full: the producer waits for room, so no more will come until this
     * takes (with an empty queue that is stale: room is on its way) */
    while (p->count < want && !p->done && !(p->full && p->count)) {
        p->want = want;
        pthread_cond_wait(&p->cv, &p->mu);
    }
    p->want = 0;
    /* Failed before anything went out (it ended within one queue): the
     * answer is the error alone, as DSP0200 has it (the queued results are
     * dropped with the producer); after, the caller cuts the answer. */
    if (p->failed && (p->count == 0 || p->taken == 0)) {
        if (err)
            *err = p->err;
        pthread_mutex_unlock(&p->mu);
        *end = true;
        return -1;
    }
    size_t bytes = 0;
    for (size_t i = 0; i < max && p->count && (i == 0 || bytes + p->q[p->head].len <= MOFSRV_PRODUCER_QUEUE_BYTES);
         i++) {
        item *it = &p->q[p->head];
        mofrt_buf_put(out, it->xml, it->len);
        free(it->xml);
        bytes += it->len;
        p->bytes -= it->len;
        p->head = (p->head + 1) % p->cap;
        p->count--;
        p->taken++;
    }
    atomic_fetch_sub(&queued_total, bytes);
    *end = p->done && p->count == 0 && !p->failed;
    if (p->full && bytes) {
        p->full = false;   /* until the producer finds it has no room again */
        pthread_cond_signal(&p->room);
    }
    pthread_mutex_unlock(&p->mu);
    if (out->failed)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    return 0;
}

void mofsrv_producer_watch(mofsrv_producer *p, const atomic_bool *reader_busy)
{
    pthread_mutex_lock(&p->mu);
    p->reader_busy = reader_busy;
    pthread_cond_signal(&p->room);   /* a producer waiting now looks at it */
    pthread_mutex_unlock(&p->mu);
}

bool mofsrv_producer_left(mofsrv_producer *p, uint64_t *taken, uint64_t *left)
{
    pthread_mutex_lock(&p->mu);
    bool known = p->done && !p->failed;
    *taken = p->taken;
    *left = p->count;
    pthread_mutex_unlock(&p->mu);
    return known;
}

void mofsrv_producer_free(mofsrv_producer *p)
{
    if (!p)
        return;
    if (p->started) {   /* cancel, then wait for the job's end */
        pthread_mutex_lock(&p->mu);
        p->cancel = true;
        pthread_cond_signal(&p->room);
        while (!p->done)
            pthread_cond_wait(&p->cv, &p->mu);
        pthread_mutex_unlock(&p->mu);
    }
    for (size_t i = 0; i < p->count; i++)
        free(p->q[(p->head + i) % p->cap].xml);
    atomic_fetch_sub(&queued_total, p->bytes);
    free(p->q);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    pthread_cond_destroy(&p->room);
    for (size_t i = 0; i < sizeof p->strs / sizeof p->strs[0]; i++)
        free(p->strs[i]);
    for (size_t i = 0; i < p->op.nprops; i++)
        free(p->props[i]);
    free(p->props);
    mofrt_path_free(p->source);
    mofrt_buf_free(&p->buf);
    free(p);
}
