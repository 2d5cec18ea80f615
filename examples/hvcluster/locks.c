/* hvclusterd: per-collection locks (a set of held ids + one condvar). */
#include "examples/hvcluster/locks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runtime/mofrt_str.h"

int hv_locks_init(hv_locks *l)
{
    memset(l, 0, sizeof *l);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    int rc = pthread_mutex_init(&l->mu, NULL) || pthread_cond_init(&l->cv, &ca) ? -1 : 0;
    pthread_condattr_destroy(&ca);
    return rc;
}

void hv_locks_destroy(hv_locks *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->held[i]);
    free(l->held);
    pthread_mutex_destroy(&l->mu);
    pthread_cond_destroy(&l->cv);
}

static size_t find(const hv_locks *l, const char *id)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->held[i], id) == 0)
            return i;
    return (size_t)-1;
}

int hv_locks_acquire(hv_locks *l, const char *id, unsigned timeout_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&l->mu);
    int rc = 0;
    while (find(l, id) != (size_t)-1 && rc == 0)
        if (pthread_cond_timedwait(&l->cv, &l->mu, &until) == ETIMEDOUT && find(l, id) != (size_t)-1)
            rc = -1;
    if (rc == 0) {
        char *copy = mofrt_strdup(id);
        if (l->count == l->cap) {
            size_t nc = l->cap ? l->cap * 2 : 8;
            char **nh = realloc(l->held, nc * sizeof *nh);
            if (nh) {
                l->held = nh;
                l->cap = nc;
            }
        }
        if (!copy || l->count == l->cap) {
            free(copy);
            rc = -1;
        } else {
            l->held[l->count++] = copy;
        }
    }
    pthread_mutex_unlock(&l->mu);
    return rc;
}

void hv_locks_release(hv_locks *l, const char *id)
{
    pthread_mutex_lock(&l->mu);
    size_t i = find(l, id);
    if (i != (size_t)-1) {
        free(l->held[i]);
        l->held[i] = l->held[--l->count];
    }
    pthread_cond_broadcast(&l->cv);
    pthread_mutex_unlock(&l->mu);
}
