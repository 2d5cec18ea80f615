/* hvclusterd: per-collection operation locks. An operation on a collection
 * holds its lock from the parameter checks until its job ends (possibly
 * in another thread), so operations on one collection are serialized while
 * different collections proceed in parallel. Acquisition waits at most the
 * --lock-timeout-ms. */
#ifndef HV_LOCKS_H
#define HV_LOCKS_H

#include <pthread.h>
#include <stddef.h>

typedef struct hv_locks {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t count, cap;
    char **held;               /* collection ids currently locked */
} hv_locks;

int hv_locks_init(hv_locks *l);
void hv_locks_destroy(hv_locks *l);
/* 0 when acquired, -1 when still held by another operation after
 * timeout_ms (or on OOM). */
int hv_locks_acquire(hv_locks *l, const char *id, unsigned timeout_ms);
void hv_locks_release(hv_locks *l, const char *id);

#endif
