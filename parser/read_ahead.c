/* Reading included files ahead on a second thread (parser/read_ahead.h).
 * Every field below is read and written under mu, except the thread's
 * copy of the name it reads (job), which only the thread touches. The
 * thread reads a file into a result of its own, outside the lock, and
 * puts it in its slot under the lock, unless the main thread dropped it
 * meanwhile. A batch's names and folder are only read by the thread,
 * never written, while the batch is on the stack; the thread copies the
 * ones it reads, so the batch may go while it reads. */
#include "parser/read_ahead.h"
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum slot_state {
    SLOT_WAITING,   /* nobody has started it */
    SLOT_READING,   /* the thread reads it */
    SLOT_DONE,      /* read, its result waits for the main thread */
    SLOT_TAKEN      /* the main thread has it (or read it itself) */
} slot_state;

enum { TRASH_MAX = READ_AHEAD_FILES };

/* The results of a batch are kept in a ring of READ_AHEAD_FILES, not one
 * per include (CIM 2.49's top file has 1,634): result i is in ring[i %
 * READ_AHEAD_FILES]. Two results there never live at once: the main
 * thread takes them in order, so while result i waits, the ones after it
 * that were started wait too, and the thread starts no more than
 * READ_AHEAD_FILES waiting results. */
typedef struct batch {
    char *here;
    const char **names;
    unsigned char *state;   /* slot_state of each name */
    size_t n;
    size_t next;            /* the thread's place: names before it are started */
    file_read ring[READ_AHEAD_FILES];
} batch;

struct read_ahead {
    const include_search *s;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t work;   /* the thread waits: nothing to read, or no room */
    batch **stack;         /* stack[depth - 1] is the top batch */
    size_t depth, cap;     /* cap: the include depth limit + 1 */
    const batch *reading;  /* the batch of the slot the thread reads */
    /* The main thread did not wait for the file the thread reads: it read
     * it itself, or popped its batch. The thread frees what it read. */
    bool dropped;
    size_t held_files, held_bytes;   /* read and not taken */
    bool stop;
    bool waits_work, waits_room;     /* why the thread waits */
    /* The thread's copy of the folder and the name it reads ("here\0name\0"). */
    char *job;
    size_t job_cap;
    /* Results given back, for the thread to free (TRASH_MAX: room for
     * what the main thread takes while the thread waits for room). */
    file_read trash[TRASH_MAX];
    size_t ntrash;
};

static size_t bytes_of(const file_read *r)
{
    return r->len + r->nlines * (r->lines16 ? 2 : 4);
}

static bool room(const read_ahead *ra)
{
    return ra->held_files == 0 ||
           (ra->held_files < READ_AHEAD_FILES && ra->held_bytes < READ_AHEAD_BYTES);
}

/* After the main thread took or dropped results: the thread, waiting for
 * room, goes on once a quarter of the bound is free: not at every file
 * (waking it is a system call), and early enough that it is reading
 * again before the main thread has taken what is left (a thread woken in
 * a virtual machine may take a few hundred microseconds to run). */
static void wake_for_room(read_ahead *ra)
{
    if (ra->waits_room && ra->held_files <= READ_AHEAD_FILES / 4 * 3 &&
        ra->held_bytes <= READ_AHEAD_BYTES / 4 * 3) {
        ra->waits_room = false;   /* one signal, not one per file taken */
        pthread_cond_signal(&ra->work);
    }
}

/* The next name to read: the top batch's first not started, else the
 * batch below's... false: none. */
static bool next_name(read_ahead *ra, batch **in, size_t *i)
{
    for (size_t d = ra->depth; d > 0; d--) {
        batch *b = ra->stack[d - 1];
        while (b->next < b->n && b->state[b->next] != SLOT_WAITING)
            b->next++;
        if (b->next < b->n) {
            *in = b;
            *i = b->next;
            return true;
        }
    }
    return false;
}

void (*read_ahead_test_hold)(read_ahead *ra, const char *written);

/* Copies here and name into the thread's job buffer; returns the name's
 * copy (the folder's is ra->job). */
static const char *copy_job(read_ahead *ra, const char *here, const char *name)
{
    size_t a = strlen(here) + 1, n = strlen(name) + 1;
    if (ra->job_cap < a + n) {
        free(ra->job);
        ra->job_cap = a + n < 256 ? 256 : a + n;
        ra->job = malloc(ra->job_cap);
        if (!ra->job)
            abort();
    }
    memcpy(ra->job, here, a);
    memcpy(ra->job + a, name, n);
    return ra->job + a;
}

static void *run(void *arg)
{
    read_ahead *ra = arg;
    pthread_mutex_lock(&ra->mu);
    while (!ra->stop) {
        if (ra->ntrash) {   /* free what was given back, outside the lock */
            file_read trash[TRASH_MAX];
            size_t n = ra->ntrash;
            memcpy(trash, ra->trash, n * sizeof *trash);
            ra->ntrash = 0;
            pthread_mutex_unlock(&ra->mu);
            for (size_t k = 0; k < n; k++)
                file_read_free(&trash[k]);
            pthread_mutex_lock(&ra->mu);
            continue;
        }
        batch *b = NULL;
        size_t i = 0;
        if (!room(ra) || !next_name(ra, &b, &i)) {
            ra->waits_room = !room(ra);
            ra->waits_work = !ra->waits_room;
            pthread_cond_wait(&ra->work, &ra->mu);
            ra->waits_room = ra->waits_work = false;
            continue;
        }
        b->state[i] = SLOT_READING;
        ra->reading = b;
        ra->dropped = false;
        const char *name = copy_job(ra, b->here, b->names[i]);
        pthread_mutex_unlock(&ra->mu);
        if (read_ahead_test_hold)
            read_ahead_test_hold(ra, name);
        file_read r;
        file_read_include(ra->s, ra->job, name, true, READ_AHEAD_MAX_FILE, &r);
        r.ahead = true;
        pthread_mutex_lock(&ra->mu);
        ra->reading = NULL;
        if (ra->dropped) {   /* b may be gone: only r is the thread's */
            pthread_mutex_unlock(&ra->mu);
            file_read_free(&r);
            pthread_mutex_lock(&ra->mu);
            continue;
        }
        b->ring[i % READ_AHEAD_FILES] = r;
        b->state[i] = SLOT_DONE;
        ra->held_files++;
        ra->held_bytes += bytes_of(&r);
    }
    pthread_mutex_unlock(&ra->mu);
    return NULL;
}

read_ahead *read_ahead_new(const include_search *s, size_t max_depth)
{
    read_ahead *ra = calloc(1, sizeof *ra);
    batch **stack = calloc(max_depth + 1, sizeof *stack);
    if (!ra || !stack)
        abort();
    ra->stack = stack;
    ra->cap = max_depth + 1;
    ra->s = s;
    pthread_attr_t attr;
    if (pthread_mutex_init(&ra->mu, NULL) != 0) {
        free(ra->stack);
        free(ra);
        return NULL;
    }
    pthread_cond_init(&ra->work, NULL);
    /* The thread takes no signal (they stay the main thread's, as in a
     * program without it) and a small stack: it calls open, read and
     * realpath, nothing deep. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&ra->thread, &attr, run, ra);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        pthread_cond_destroy(&ra->work);
        pthread_mutex_destroy(&ra->mu);
        free(ra->stack);
        free(ra);
        return NULL;
    }
    return ra;
}

void read_ahead_push(read_ahead *ra, char *here, const char **names, size_t n)
{
    batch *b = calloc(1, sizeof *b);
    unsigned char *state = calloc(n ? n : 1, 1);   /* SLOT_WAITING */
    if (!b || !state)
        abort();
    b->here = here;
    b->names = names;
    b->state = state;
    b->n = n;
    pthread_mutex_lock(&ra->mu);
    if (ra->depth == ra->cap)   /* the caller's include depth limit */
        abort();
    ra->stack[ra->depth++] = b;
    if (ra->waits_work)
        pthread_cond_signal(&ra->work);
    pthread_mutex_unlock(&ra->mu);
}

void read_ahead_take(read_ahead *ra, size_t i, file_read *r)
{
    pthread_mutex_lock(&ra->mu);
    batch *b = ra->stack[ra->depth - 1];
    if (b->state[i] != SLOT_DONE) {
        /* Not read yet: read here rather than wait. The thread may be
         * reading it but not running (a busy machine preempts it): waiting
         * made a check slower than on one thread. It frees its copy. */
        if (b->state[i] == SLOT_READING)
            ra->dropped = true;
        b->state[i] = SLOT_TAKEN;
        pthread_mutex_unlock(&ra->mu);
        file_read_include(ra->s, b->here, b->names[i], false, SIZE_MAX, r);
        return;
    }
    file_read *slot = &b->ring[i % READ_AHEAD_FILES];
    *r = *slot;
    memset(slot, 0, sizeof *slot);
    b->state[i] = SLOT_TAKEN;
    ra->held_files--;
    ra->held_bytes -= bytes_of(r);
    wake_for_room(ra);
    pthread_mutex_unlock(&ra->mu);
    if (r->deferred) {   /* a big file: read here */
        read_ahead_give_back(ra, r);
        file_read_include(ra->s, b->here, b->names[i], false, SIZE_MAX, r);
    }
}

bool read_ahead_dropped(read_ahead *ra)
{
    pthread_mutex_lock(&ra->mu);
    bool dropped = ra->dropped;
    pthread_mutex_unlock(&ra->mu);
    return dropped;
}

void read_ahead_give_back(read_ahead *ra, file_read *r)
{
    bool mine = !r->ahead;
    if (!mine) {
        pthread_mutex_lock(&ra->mu);
        mine = ra->ntrash == TRASH_MAX;   /* full: rare, freed here then */
        if (!mine) {
            ra->trash[ra->ntrash++] = *r;
            memset(r, 0, sizeof *r);
            if (ra->ntrash >= TRASH_MAX / 2 && (ra->waits_work || ra->waits_room)) {
                ra->waits_work = ra->waits_room = false;
                pthread_cond_signal(&ra->work);
            }
        }
        pthread_mutex_unlock(&ra->mu);
    }
    if (mine)
        file_read_free(r);
}

static void free_batch(batch *b)
{
    free(b->names);
    free(b->here);
    free(b->state);
    free(b);
}

/* Pops the top batch, under mu. The thread may be reading one of its
 * names: it has its own copy of them, and drops what it reads. */
static batch *pop_locked(read_ahead *ra)
{
    batch *b = ra->stack[ra->depth - 1];
    if (ra->reading == b)
        ra->dropped = true;
    for (size_t i = 0; i < b->n; i++)
        if (b->state[i] == SLOT_DONE) {
            file_read *r = &b->ring[i % READ_AHEAD_FILES];
            ra->held_files--;
            ra->held_bytes -= bytes_of(r);
            file_read_free(r);
            b->state[i] = SLOT_TAKEN;
        }
    ra->depth--;
    return b;
}

void read_ahead_pop(read_ahead *ra)
{
    pthread_mutex_lock(&ra->mu);
    batch *b = pop_locked(ra);
    wake_for_room(ra);
    pthread_mutex_unlock(&ra->mu);
    free_batch(b);
}

void read_ahead_free(read_ahead *ra)
{
    if (!ra)
        return;
    pthread_mutex_lock(&ra->mu);
    ra->stop = true;
    pthread_cond_signal(&ra->work);
    pthread_mutex_unlock(&ra->mu);
    pthread_join(ra->thread, NULL);
    while (ra->depth > 0)   /* the thread is gone: no lock needed */
        free_batch(pop_locked(ra));
    for (size_t i = 0; i < ra->ntrash; i++)
        file_read_free(&ra->trash[i]);
    free(ra->stack);
    free(ra->job);
    pthread_cond_destroy(&ra->work);
    pthread_mutex_destroy(&ra->mu);
    free(ra);
}
