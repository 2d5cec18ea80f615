/* hvclusterd: the job workers. Tasks start in FIFO order, each not before
 * its due time (the simulated duration, --job-ms), on one of HV_JOB_THREADS
 * threads (so job commits share fsyncs); the function given at start does
 * the work and frees the task. */
#ifndef HV_JOBS_H
#define HV_JOBS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct hv_task {
    uint64_t due_ms;           /* hv_mono_ms() time to run at */
    struct hv_task *next;
    /* the provider's payload follows (the task is the first member) */
} hv_task;

#define HV_JOB_THREADS 4

typedef void (*hv_task_fn)(void *ctx, hv_task *t);

typedef struct hv_jobs {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    hv_task *head, *tail;
    bool stop;
    hv_task_fn fn;
    void *ctx;
    pthread_t threads[HV_JOB_THREADS];
    unsigned nthreads;
} hv_jobs;

int hv_jobs_start(hv_jobs *j, hv_task_fn fn, void *ctx);
void hv_jobs_submit(hv_jobs *j, hv_task *t);
/* Runs what is queued (ignoring due times), then stops. */
void hv_jobs_stop(hv_jobs *j);

#endif
