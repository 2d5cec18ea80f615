#include "codegen/gen_pipe.h"
#include "codegen/gen_meta.h"
#include <stdlib.h>
#include <string.h>

bool gen_slot_init(gen_slot *s)
{
    memset(s, 0, sizeof *s);
    arena_init_reused(&s->strings);
    s->tree = tmpl_tree_new();
    gen_slot_reset(s);
    return !tmpl_tree_failed(s->tree);
}

void gen_slot_reset(gen_slot *s)
{
    tmpl_tree_reset(s->tree);
    arena_reset(&s->strings);
    tmpl_value *holder = tmpl_new_object(s->tree);
    s->classes = tmpl_object_set_list(holder, "classes");
    s->tables = NULL;   /* set by the class built into it */
    s->ntodo = 0;
    s->nenums = 0;
    s->failed = false;
}

/* items (n of them, room for *cap) with room for one more: maybe moved;
 * NULL (s failed) when memory ran out. */
static void *room(gen_slot *s, void *items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return items;
    size_t c = *cap ? 2 * *cap : 64;
    void *grown = realloc(items, c * size);
    if (!grown) {
        s->failed = true;
        return NULL;
    }
    *cap = c;
    return grown;
}

void gen_slot_enum(gen_slot *s, const gen_enum *e)
{
    gen_enum *all = room(s, s->enums, s->nenums, &s->enums_cap, sizeof *all);
    if (all) {
        s->enums = all;
        all[s->nenums++] = *e;
    }
}

void gen_slot_table(gen_slot *s, const char *name, const model_quals *q, bool propagated_all)
{
    gen_table_todo *all = room(s, s->todo, s->ntodo, &s->todo_cap, sizeof *all);
    if (all) {
        s->todo = all;
        all[s->ntodo++] = (gen_table_todo){name, q, propagated_all};
    }
}

void gen_slot_free(gen_slot *s)
{
    tmpl_tree_free(s->tree);
    arena_free(&s->strings);
    diag_free(&s->diag);
    free(s->todo);
    free(s->enums);
    s->tree = NULL;
    s->todo = NULL;
    s->enums = NULL;
}

void gen_slot_fill(gen_slot *s)
{
    for (size_t i = 0; i < s->ntodo; i++)
        gen_qual_table(&s->strings, s->tables, s->todo[i].name, s->todo[i].q, s->todo[i].propagated_all);
    for (size_t i = 0; i < s->nenums; i++)
        gen_enum_fill(&s->strings, &s->enums[i]);
    s->ntodo = 0;
    s->nenums = 0;
}

bool gen_slot_push(tmpl_value *class_stream, gen_slot *s, tmpl_error *err)
{
    gen_slot_fill(s);
    if (tmpl_tree_failed(s->tree)) {
        memset(err, 0, sizeof *err);
        strcpy(err->message, "out of memory");
        return false;
    }
    const tmpl_member *c = tmpl_value_first(s->classes);
    return !c || tmpl_stream_push(class_stream, tmpl_member_value(c), err);
}

/* Slots in all: those being built and rendered, and room between them
 * for classes that take longer than others to build or render. Whichever
 * thread is ahead sleeps until the other has made a batch of room (the
 * renderer until BATCH slots are ready, the builder until REFILL are
 * free), so that a wake-up (a system call and a switch on both
 * processors) is paid for a few classes, not for each, and each is
 * signalled once, after the mutex is let go (a waiter woken while the
 * signaller holds it would only block on it again). */
#define NSLOTS 16
#define BATCH 4
#define REFILL (NSLOTS / 2)

struct gen_pipe {
    mofc_ctx *ctx;
    pthread_mutex_t *ctx_lock;
    tmpl_value *class_stream;
    pthread_t thread;
    pthread_mutex_t mu;          /* guards everything below */
    pthread_cond_t ready_cv;     /* BATCH slots are ready, or the builder is done */
    pthread_cond_t free_cv;      /* REFILL slots are free, or rendering failed */
    gen_slot slots[NSLOTS];
    gen_slot *ready[NSLOTS];     /* put, in order: ready[head .. head+nready) */
    size_t head, nready;
    gen_slot *free[NSLOTS];
    size_t nfree;
    bool done;                   /* the builder puts no more */
    /* asleep on ready_cv, free_cv, and not signalled yet (the signaller
     * clears it: one signal a sleep) */
    bool render_waits, build_waits;
    bool failed;                 /* a push failed: err says why */
    tmpl_error err;
};

/* The run's sink gets s's diagnostics (what a build on this thread would
 * have reported before rendering the class). */
static void replay(gen_pipe *p, gen_slot *s)
{
    if (!s->diag.n && !s->diag.dropped_head)
        return;
    pthread_mutex_lock(p->ctx_lock);
    diag_replay(&p->ctx->diag, &s->diag);
    pthread_mutex_unlock(p->ctx_lock);
}

/* Renders s (a slot taken from the queue); false with *err filled when
 * that failed. */
static bool render_slot(gen_pipe *p, gen_slot *s, bool failed, tmpl_error *err)
{
    if (failed) {
        diag_clear(&s->diag);   /* the build would have stopped before */
        return true;
    }
    replay(p, s);
    if (s->failed) {
        memset(err, 0, sizeof *err);
        strcpy(err->message, "out of memory");
        return false;
    }
    return gen_slot_push(p->class_stream, s, err);
}

static void *render_main(void *arg)
{
    gen_pipe *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->nready < BATCH && !p->done) {
            p->render_waits = true;
            pthread_cond_wait(&p->ready_cv, &p->mu);
        }
        if (!p->nready)
            break;   /* done, and every slot rendered */
        gen_slot *s = p->ready[p->head];
        p->head = (p->head + 1) % NSLOTS;
        p->nready--;
        bool failed = p->failed;
        pthread_mutex_unlock(&p->mu);
        tmpl_error err;
        bool ok = render_slot(p, s, failed, &err);
        pthread_mutex_lock(&p->mu);
        if (!ok && !p->failed) {
            p->failed = true;
            p->err = err;
        }
        p->free[p->nfree++] = s;
        bool wake = p->build_waits && (p->nfree >= REFILL || p->failed);
        if (wake) {
            p->build_waits = false;
            pthread_mutex_unlock(&p->mu);
            pthread_cond_signal(&p->free_cv);
            pthread_mutex_lock(&p->mu);
        }
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

gen_pipe *gen_pipe_start(mofc_ctx *ctx, pthread_mutex_t *ctx_lock, tmpl_value *class_stream)
{
    gen_pipe *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    *p = (gen_pipe){.ctx = ctx, .ctx_lock = ctx_lock, .class_stream = class_stream};
    size_t n = 0;
    while (n < NSLOTS && gen_slot_init(&p->slots[n]))
        n++;
    bool ok = n == NSLOTS && pthread_mutex_init(&p->mu, NULL) == 0;
    bool cv1 = ok && pthread_cond_init(&p->ready_cv, NULL) == 0;
    bool cv2 = cv1 && pthread_cond_init(&p->free_cv, NULL) == 0;
    for (size_t i = 0; i < NSLOTS; i++)
        p->free[p->nfree++] = &p->slots[NSLOTS - 1 - i];
    if (cv2 && pthread_create(&p->thread, NULL, render_main, p) == 0)
        return p;
    if (cv2)
        pthread_cond_destroy(&p->free_cv);
    if (cv1)
        pthread_cond_destroy(&p->ready_cv);
    if (ok)
        pthread_mutex_destroy(&p->mu);
    for (size_t i = 0; i < NSLOTS && i <= n; i++)
        gen_slot_free(&p->slots[i]);
    free(p);
    return NULL;
}

gen_slot *gen_pipe_take(gen_pipe *p)
{
    pthread_mutex_lock(&p->mu);
    if (!p->nfree)
        while (p->nfree < REFILL && !p->failed) {
            p->build_waits = true;
            pthread_cond_wait(&p->free_cv, &p->mu);
        }
    gen_slot *s = p->failed ? NULL : p->free[--p->nfree];
    pthread_mutex_unlock(&p->mu);
    if (s)
        gen_slot_reset(s);
    return s;
}

bool gen_pipe_behind(gen_pipe *p)
{
    pthread_mutex_lock(&p->mu);
    bool behind = p->nready >= BATCH;
    pthread_mutex_unlock(&p->mu);
    return behind;
}

void gen_pipe_put(gen_pipe *p, gen_slot *s)
{
    pthread_mutex_lock(&p->mu);
    p->ready[(p->head + p->nready) % NSLOTS] = s;
    p->nready++;
    bool wake = p->render_waits && p->nready >= BATCH;
    if (wake)
        p->render_waits = false;
    pthread_mutex_unlock(&p->mu);
    if (wake)
        pthread_cond_signal(&p->ready_cv);
}

bool gen_pipe_finish(gen_pipe *p, tmpl_error *err)
{
    pthread_mutex_lock(&p->mu);
    p->done = true;
    p->render_waits = false;
    pthread_mutex_unlock(&p->mu);
    pthread_cond_signal(&p->ready_cv);
    pthread_join(p->thread, NULL);
    bool ok = !p->failed;
    if (!ok)
        *err = p->err;
    pthread_cond_destroy(&p->free_cv);
    pthread_cond_destroy(&p->ready_cv);
    pthread_mutex_destroy(&p->mu);
    for (size_t i = 0; i < NSLOTS; i++)
        gen_slot_free(&p->slots[i]);
    free(p);
    return ok;
}
