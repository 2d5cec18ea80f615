/* libmofsrv: a pool of threads kept between jobs (see mofsrv_workers.h). */
#include "server/mofsrv_workers.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

typedef struct wjob {
    void (*fn)(void *);
    void *arg;
    struct wjob *next;
} wjob;

typedef struct worker {
    pthread_t t;
    struct mofsrv_workers *pool;
    struct worker *next;
} worker;

struct mofsrv_workers {
    pthread_mutex_t mu;
    pthread_cond_t cv;          /* a job queued, or stop */
    pthread_cond_t gone;        /* a thread left live for ended */
    wjob *head, *tail;          /* jobs no thread has taken yet */
    unsigned queued, idle, max_idle;
    bool stop;
    worker *live;               /* threads running or waiting */
    worker *ended;              /* threads that have returned: to join */
};

/* Joins the threads that have ended (under w->mu: they no longer take it). */
static void reap(mofsrv_workers *w)
{
    while (w->ended) {
        worker *e = w->ended;
        w->ended = e->next;
        pthread_join(e->t, NULL);
        free(e);
    }
}

static void *worker_main(void *arg)
{
    worker *me = arg;
    mofsrv_workers *w = me->pool;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->head && !w->stop) {
            w->idle++;
            pthread_cond_wait(&w->cv, &w->mu);
            w->idle--;
        }
        if (!w->head)
            break;   /* stop */
        wjob *j = w->head;
        w->head = j->next;
        if (!w->head)
            w->tail = NULL;
        w->queued--;
        pthread_mutex_unlock(&w->mu);
        j->fn(j->arg);
        free(j);
        pthread_mutex_lock(&w->mu);
        if (!w->head && w->idle >= w->max_idle)
            break;   /* enough threads wait already */
    }
    for (worker **pp = &w->live; *pp; pp = &(*pp)->next)
        if (*pp == me) {
            *pp = me->next;
            break;
        }
    me->next = w->ended;
    w->ended = me;
    pthread_cond_broadcast(&w->gone);
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

mofsrv_workers *mofsrv_workers_new(unsigned max_idle)
{
    mofsrv_workers *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    if (pthread_mutex_init(&w->mu, NULL) != 0) {
        free(w);
        return NULL;
    }
    if (pthread_cond_init(&w->cv, NULL) != 0) {
        pthread_mutex_destroy(&w->mu);
        free(w);
        return NULL;
    }
    if (pthread_cond_init(&w->gone, NULL) != 0) {
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        free(w);
        return NULL;
    }
    w->max_idle = max_idle;
    return w;
}

int mofsrv_workers_run(mofsrv_workers *w, void (*fn)(void *), void *arg)
{
    wjob *j = malloc(sizeof *j);
    if (!j)
        return -1;
    j->fn = fn;
    j->arg = arg;
    j->next = NULL;
    pthread_mutex_lock(&w->mu);
    reap(w);
    if (w->idle <= w->queued) {   /* every idle thread has a job waiting for it: one more */
        worker *nw = calloc(1, sizeof *nw);
        if (!nw || (nw->pool = w, pthread_create(&nw->t, NULL, worker_main, nw) != 0)) {
            pthread_mutex_unlock(&w->mu);
            free(nw);
            free(j);
            return -1;
        }
        nw->next = w->live;
        w->live = nw;
    }
    if (w->tail)
        w->tail->next = j;
    else
        w->head = j;
    w->tail = j;
    w->queued++;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return 0;
}

void mofsrv_workers_count(mofsrv_workers *w, unsigned *threads, unsigned *idle)
{
    pthread_mutex_lock(&w->mu);
    unsigned n = 0;
    for (const worker *x = w->live; x; x = x->next)
        n++;
    *threads = n;
    *idle = w->idle;
    pthread_mutex_unlock(&w->mu);
}

void mofsrv_workers_free(mofsrv_workers *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stop = true;
    pthread_cond_broadcast(&w->cv);
    while (w->live)
        pthread_cond_wait(&w->gone, &w->mu);
    reap(w);
    pthread_mutex_unlock(&w->mu);
    pthread_cond_destroy(&w->gone);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w);
}
