/* libmofsrv: the in-memory instance store.
 *
 * Instances (generic mofrt_instance with their instance name) indexed by a
 * normalised key (class + key values) and listed per class. A rwlock guards
 * it: readers (GetInstance, enumerations, provider checks) take it shared,
 * the committer applies durable transactions under it exclusively. Pointers
 * returned by lookups are valid while the caller holds the read lock. */
#ifndef MOFSRV_STORE_H
#define MOFSRV_STORE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "server/mofsrv_schema.h"
#include "server/mofsrv_txn.h"
#include "runtime/mofrt.h"

struct mofsrv_ref;

typedef struct mofsrv_entry {
    char *key;                 /* normalised key string */
    mofrt_instance *inst;      /* owned; inst->path is its instance name */
    size_t cls;                /* class index in the schema */
    struct mofsrv_entry *prev, *next;   /* in its class list, in the order stored */
    /* an association instance: its references in the reference index */
    struct mofsrv_ref *refs;
    size_t nrefs;
    bool irregular;            /* a reference the index cannot key (extra keys): in irregular */
    size_t irr_pos;            /* its position there */
} mofsrv_entry;

/* A place in a walk of a class list kept while the walker has let the
 * store's lock go (mofsrv_store_each_yield): `at` is the next entry to
 * visit, moved on by the store when that entry leaves the list. */
typedef struct mofsrv_store_cursor {
    struct mofsrv_store_cursor *prev, *next;   /* the list's parked cursors */
    mofsrv_entry *at;
} mofsrv_store_cursor;

/* The instances of exactly one class, in the order they were stored: a
 * linked list, so that an entry leaves it without moving another (a
 * parked walk then misses and repeats nothing). */
typedef struct mofsrv_classlist {
    mofsrv_entry *head, *tail;
    size_t count;
    mofsrv_store_cursor *parked;
} mofsrv_classlist;

typedef struct mofsrv_entryvec {
    size_t count, cap;
    mofsrv_entry **items;
} mofsrv_entryvec;

typedef struct mofsrv_store {
    const mofsrv_schema *schema;
    pthread_rwlock_t lock;
    pthread_mutex_t park_mu;       /* the parked cursors (parked under the read lock) */
    size_t count, nbuckets;
    mofsrv_entry **buckets;        /* open addressing, NULL = empty, TOMB = deleted */
    size_t tombs;
    mofsrv_classlist *lists;       /* one per schema class */
    /* The reference index: every reference of a stored association
     * instance, keyed by what it names (the root class of the reference's
     * class and the key values), chained per hash slot; an instance's
     * referrers are found without a scan of the associations. */
    struct mofsrv_ref **rslots;
    size_t nrslots, nrefs;
    mofsrv_entryvec irregular;     /* associations with a reference the index cannot key */
    size_t ref_visits;             /* candidates each_referrer handed out (tests) */
} mofsrv_store;

int mofsrv_store_init(mofsrv_store *st, const mofsrv_schema *schema, mofrt_error *err);
void mofsrv_store_destroy(mofsrv_store *st);

void mofsrv_store_rdlock(mofsrv_store *st);
void mofsrv_store_wrlock(mofsrv_store *st);
void mofsrv_store_unlock(mofsrv_store *st);

/* Lookups (caller holds a lock): the instance named by path, whose class
 * may be the instance's class or one of its ancestors. NULL when absent. */
const mofrt_instance *mofsrv_store_get(const mofsrv_store *st, const mofrt_path *path);

/* Inserts or replaces (caller holds the write lock). Takes inst, which must
 * have its path set (mofsrv_schema_path_of). */
int mofsrv_store_put(mofsrv_store *st, mofrt_instance *inst, mofrt_error *err);
/* Removes; returns true when something was removed. */
bool mofsrv_store_del(mofsrv_store *st, const mofrt_path *path);

/* Calls fn for every instance of cls and its subclasses (caller holds a
 * lock); stops early when fn returns non-zero and returns that value. */
typedef int (*mofsrv_store_fn)(void *arg, const mofrt_instance *inst);
int mofsrv_store_each(const mofsrv_store *st, const mofsrv_class *cls, mofsrv_store_fn fn, void *arg);

/* Calls fn for each stored association instance that may refer to the
 * instance of class cls named by path (its keys are cls's keys; the
 * instance need not be in the store): those with a reference whose class
 * is in cls's hierarchy and whose key values are path's, found through
 * the reference index, plus the few whose references have keys their
 * class does not declare (the index cannot key them). Each at most once;
 * fn decides whether it really refers (a path may name the instance by a
 * superclass: the caller resolves it). Costs the candidates, not the
 * number of stored associations. Caller holds a lock. Stops early when
 * fn returns non-zero and returns that value. */
int mofsrv_store_each_referrer(mofsrv_store *st, const mofsrv_class *cls, const mofrt_path *path,
                               mofsrv_store_fn fn, void *arg);

/* How many instances of exactly cls the store holds (caller holds a lock). */
size_t mofsrv_store_count_exact(const mofsrv_store *st, const mofsrv_class *cls);

/* Only the instances of exactly cls (not of its subclasses). */
int mofsrv_store_each_exact(const mofsrv_store *st, const mofsrv_class *cls, mofsrv_store_fn fn, void *arg);

/* How a long walk lets the read lock go (mofsrv_store_each_yield). */
typedef struct mofsrv_store_yield {
    /* After an instance, with the lock held: let it go now (e.g. the
     * reader of what fn posts has no room for more)? NULL: never. */
    bool (*due)(void *arg);
    /* Without the lock: wait for what due() asked for. NULL: none. */
    void (*wait)(void *arg);
    void *arg;
} mofsrv_store_yield;

/* Let go at least this often, so that a change waits for one batch of a
 * walk, not for a whole enumeration. */
#define MOFSRV_STORE_YIELD_EVERY 256

/* mofsrv_store_each_exact for a walk that may take long (an enumeration
 * posting to a client that reads slowly, or not at all: a paused pull):
 * the caller holds the read lock, and the walk lets it go every
 * MOFSRV_STORE_YIELD_EVERY instances and whenever y->due() says so,
 * calling y->wait() meanwhile, then takes it again and goes on from where
 * it was (a parked cursor). Instances stored, changed or deleted
 * meanwhile are seen as they are when the walk reaches them; none that
 * stays in the list throughout is missed or visited twice. */
int mofsrv_store_each_yield(mofsrv_store *st, const mofsrv_class *cls, mofsrv_store_fn fn, void *arg,
                            const mofsrv_store_yield *y);

/* Applies t (caller holds the write lock); puts move the instances out of
 * t. -1 with err (the first failure; the rest is still applied) when an
 * instance cannot be stored, e.g. of a class the schema lacks: replaying a
 * journal must say so, not drop it. */
int mofsrv_store_apply(mofsrv_store *st, mofsrv_txn *t, mofrt_error *err);
/* Fills an empty store with the schema's instances (their paths made from
 * the class keys). */
int mofsrv_store_fill(mofsrv_store *st, mofrt_error *err);

/* Normalised form of a path for a class and its key list: lowercase class
 * name, then "\x1f" key "=" value for each key of keys (sorted), values in
 * text form (references normalised recursively). NULL on OOM or when a key
 * is missing. */
char *mofsrv_store_key(const char *class_name, const char *const *keys, size_t nkeys,
                   const mofrt_path *path);

/* Hash of a path's normalised form (lowercase class name, every key sorted
 * by name, values as mofsrv_store_key writes them; host and namespace left
 * out): paths mofrt_path_equal calls equal hash alike, except a string key
 * value that is a path against the equal reference. For hash sets of paths
 * that still compare with mofrt_path_equal. */
uint64_t mofsrv_path_hash(const mofrt_path *path);

#endif
