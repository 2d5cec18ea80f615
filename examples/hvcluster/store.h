/* hvclusterd: the in-memory instance store.
 *
 * Instances (generic mofrt_instance with their instance name) indexed by a
 * normalised key (class + key values) and listed per class. A rwlock guards
 * it: readers (GetInstance, enumerations, provider checks) take it shared,
 * the committer applies durable transactions under it exclusively. Pointers
 * returned by lookups are valid while the caller holds the read lock. */
#ifndef HV_STORE_H
#define HV_STORE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "examples/hvcluster/schema.h"
#include "runtime/mofrt.h"

typedef struct hv_entry {
    char *key;                 /* normalised key string */
    mofrt_instance *inst;      /* owned; inst->path is its instance name */
    size_t cls;                /* class index in the schema */
    size_t pos;                /* position in the class list */
} hv_entry;

typedef struct hv_classlist {
    size_t count, cap;
    hv_entry **items;
} hv_classlist;

typedef struct hv_store {
    const hv_schema *schema;
    pthread_rwlock_t lock;
    size_t count, nbuckets;
    hv_entry **buckets;        /* open addressing, NULL = empty, TOMB = deleted */
    size_t tombs;
    hv_classlist *lists;       /* one per schema class */
} hv_store;

int hv_store_init(hv_store *st, const hv_schema *schema, mofrt_error *err);
void hv_store_destroy(hv_store *st);

void hv_store_rdlock(hv_store *st);
void hv_store_wrlock(hv_store *st);
void hv_store_unlock(hv_store *st);

/* Lookups (caller holds a lock): the instance named by path, whose class
 * may be the instance's class or one of its ancestors. NULL when absent. */
const mofrt_instance *hv_store_get(const hv_store *st, const mofrt_path *path);

/* Inserts or replaces (caller holds the write lock). Takes inst, which must
 * have its path set (hv_schema_path_of). */
int hv_store_put(hv_store *st, mofrt_instance *inst, mofrt_error *err);
/* Removes; returns true when something was removed. */
bool hv_store_del(hv_store *st, const mofrt_path *path);

/* Calls fn for every instance of cls and its subclasses (caller holds a
 * lock); stops early when fn returns non-zero and returns that value. */
typedef int (*hv_store_fn)(void *arg, const mofrt_instance *inst);
int hv_store_each(const hv_store *st, const hv_class *cls, hv_store_fn fn, void *arg);

/* Normalised form of a path for a class and its key list: lowercase class
 * name, then "\x1f" key "=" value for each key of keys (sorted), values in
 * text form (references normalised recursively). NULL on OOM or when a key
 * is missing. */
char *hv_store_key(const char *class_name, const char *const *keys, size_t nkeys,
                   const mofrt_path *path);

#endif
