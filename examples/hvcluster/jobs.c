/* hvclusterd: job worker thread. */
#include "examples/hvcluster/jobs.h"

#include <string.h>
#include <time.h>

#include "examples/hvcluster/hvutil.h"

static void *worker(void *arg)
{
    hv_jobs *j = arg;
    pthread_mutex_lock(&j->mu);
    for (;;) {
        while (!j->head && !j->stop)
            pthread_cond_wait(&j->cv, &j->mu);
        if (!j->head)
            break;
        uint64_t now = hv_mono_ms();
        if (!j->stop && j->head->due_ms > now) {
            uint64_t due = j->head->due_ms;
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            uint64_t wait = due - now;
            ts.tv_sec += (time_t)(wait / 1000);
            ts.tv_nsec += (long)(wait % 1000) * 1000000L;
            if (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&j->cv, &j->mu, &ts);
            continue;
        }
        hv_task *t = j->head;
        j->head = t->next;
        if (!j->head)
            j->tail = NULL;
        pthread_mutex_unlock(&j->mu);
        j->fn(j->ctx, t);
        pthread_mutex_lock(&j->mu);
    }
    pthread_mutex_unlock(&j->mu);
    return NULL;
}

int hv_jobs_start(hv_jobs *j, hv_task_fn fn, void *ctx)
{
    memset(j, 0, sizeof *j);
    j->fn = fn;
    j->ctx = ctx;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    int rc = pthread_mutex_init(&j->mu, NULL) || pthread_cond_init(&j->cv, &ca) ? -1 : 0;
    pthread_condattr_destroy(&ca);
    for (unsigned i = 0; rc == 0 && i < HV_JOB_THREADS; i++) {
        if (pthread_create(&j->threads[i], NULL, worker, j) != 0)
            rc = -1;
        else
            j->nthreads++;
    }
    return rc;
}

void hv_jobs_submit(hv_jobs *j, hv_task *t)
{
    t->next = NULL;
    pthread_mutex_lock(&j->mu);
    if (j->tail)
        j->tail->next = t;
    else
        j->head = t;
    j->tail = t;
    pthread_cond_signal(&j->cv);
    pthread_mutex_unlock(&j->mu);
}

void hv_jobs_stop(hv_jobs *j)
{
    pthread_mutex_lock(&j->mu);
    j->stop = true;
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
    for (unsigned i = 0; i < j->nthreads; i++)
        pthread_join(j->threads[i], NULL);
    pthread_mutex_destroy(&j->mu);
    pthread_cond_destroy(&j->cv);
}
