/* libmofsrv: a pool of threads that run jobs (the producers of
 * enumerations, mofsrv_producer.c), kept between jobs: starting a thread
 * and joining it cost about 120 us of CPU (mostly in the kernel) on the
 * 2-CPU development machine, 4 times a whole GetInstance, which made an
 * empty enumeration that much dearer than a GetInstance. A job is handed
 * to an idle thread, or to a new one when none is idle; at most max_idle
 * threads stay waiting, the others end after their job. Thread-safe. */
#ifndef MOFSRV_WORKERS_H
#define MOFSRV_WORKERS_H

typedef struct mofsrv_workers mofsrv_workers;

/* An empty pool (no thread yet); NULL when out of memory. */
mofsrv_workers *mofsrv_workers_new(unsigned max_idle);

/* Runs fn(arg) in a thread of the pool; the job may run for as long as it
 * likes (e.g. wait for a reader). -1 when no thread is idle and none can
 * be started (then fn is not called). */
int mofsrv_workers_run(mofsrv_workers *w, void (*fn)(void *), void *arg);

/* How many threads the pool has (running a job or idle) and how many of
 * them wait for a job, at this moment. */
void mofsrv_workers_count(mofsrv_workers *w, unsigned *threads, unsigned *idle);

/* Ends the idle threads and joins every thread; the jobs must have
 * returned (their owners wait for them). NULL-safe. */
void mofsrv_workers_free(mofsrv_workers *w);

#endif
