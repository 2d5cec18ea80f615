/* libmofsrv's pool of producer threads (server/mofsrv_workers.c): every
 * job runs, an idle thread takes the next job (no thread start), jobs that
 * wait for each other each get a thread, at most max_idle threads stay
 * after a burst, and freeing joins them all. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#include "server/mofsrv_workers.h"

/* What the jobs share: a count of jobs run, and a gate they may wait at. */
typedef struct shared {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    unsigned ran;
    unsigned waiting;       /* jobs at the gate */
    unsigned gate;          /* the gate opens when this many wait (0: no gate) */
    pthread_t last;         /* the thread of the last job */
} shared;

static void shared_init(shared *s, unsigned gate)
{
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    s->ran = s->waiting = 0;
    s->gate = gate;
}

static void shared_destroy(shared *s)
{
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
}

static void job(void *arg)
{
    shared *s = arg;
    pthread_mutex_lock(&s->mu);
    if (s->gate) {
        s->waiting++;
        pthread_cond_broadcast(&s->cv);
        while (s->waiting < s->gate)
            pthread_cond_wait(&s->cv, &s->mu);
    }
    s->ran++;
    s->last = pthread_self();
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

static void wait_ran(shared *s, unsigned n)
{
    pthread_mutex_lock(&s->mu);
    while (s->ran < n)
        pthread_cond_wait(&s->cv, &s->mu);
    pthread_mutex_unlock(&s->mu);
}

/* Polls until the pool has `threads` threads, `idle` of them idle (5 s at
 * most); true when it got there. */
static bool settles(mofsrv_workers *w, unsigned threads, unsigned idle)
{
    for (int i = 0; i < 5000; i++) {
        unsigned t, n;
        mofsrv_workers_count(w, &t, &n);
        if (t == threads && n == idle)
            return true;
        struct timespec ms = { 0, 1000000 };
        nanosleep(&ms, NULL);
    }
    return false;
}

static void test_every_job_runs(void **state)
{
    (void)state;
    mofsrv_workers *w = mofsrv_workers_new(4);
    assert_non_null(w);
    shared s;
    shared_init(&s, 0);
    for (int i = 0; i < 200; i++)
        assert_int_equal(mofsrv_workers_run(w, job, &s), 0);
    wait_ran(&s, 200);
    assert_int_equal(s.ran, 200);
    mofsrv_workers_free(w);
    shared_destroy(&s);
}

static void test_idle_thread_is_reused(void **state)
{
    (void)state;
    mofsrv_workers *w = mofsrv_workers_new(4);
    shared s;
    shared_init(&s, 0);
    assert_int_equal(mofsrv_workers_run(w, job, &s), 0);
    wait_ran(&s, 1);
    assert_true(settles(w, 1, 1));   /* the thread waits for the next job */
    pthread_t first = s.last;
    for (unsigned i = 2; i <= 20; i++) {
        assert_int_equal(mofsrv_workers_run(w, job, &s), 0);
        wait_ran(&s, i);
        assert_true(settles(w, 1, 1));
        assert_true(pthread_equal(s.last, first));   /* the same thread, no new one */
    }
    mofsrv_workers_free(w);
    shared_destroy(&s);
}

static void test_waiting_jobs_get_threads_and_idle_is_bounded(void **state)
{
    (void)state;
    mofsrv_workers *w = mofsrv_workers_new(2);
    shared s;
    shared_init(&s, 6);   /* 6 jobs that wait for each other: 6 threads at once */
    for (int i = 0; i < 6; i++)
        assert_int_equal(mofsrv_workers_run(w, job, &s), 0);
    wait_ran(&s, 6);
    /* after the burst: 2 threads stay, idle; the 4 others have ended */
    assert_true(settles(w, 2, 2));
    shared_destroy(&s);
    shared_init(&s, 0);
    assert_int_equal(mofsrv_workers_run(w, job, &s), 0);   /* an idle one takes it */
    wait_ran(&s, 1);
    assert_true(settles(w, 2, 2));
    mofsrv_workers_free(w);   /* joins both */
    shared_destroy(&s);
}

static void test_free_of_unused_pool(void **state)
{
    (void)state;
    mofsrv_workers *w = mofsrv_workers_new(0);
    unsigned t = 9, n = 9;
    mofsrv_workers_count(w, &t, &n);
    assert_int_equal(t, 0);
    assert_int_equal(n, 0);
    mofsrv_workers_free(w);
    mofsrv_workers_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_job_runs),
        cmocka_unit_test(test_idle_thread_is_reused),
        cmocka_unit_test(test_waiting_jobs_get_threads_and_idle_is_bounded),
        cmocka_unit_test(test_free_of_unused_pool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
