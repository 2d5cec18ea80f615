/* libmofsrv internals: the host (struct mofsrv) and its routing. Shared by
 * the library's files and by programs in this tree that link providers in
 * and reach the store directly (examples/hvcluster); not installed. */
#ifndef MOFSRV_HOST_H
#define MOFSRV_HOST_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "runtime/mofrt.h"
#include "server/mofsrv.h"
#include "server/mofsrv_auth.h"
#include "server/mofsrv_persist.h"
#include "server/mofsrv_schema.h"
#include "server/mofsrv_store.h"

/* Who serves the instances of one class: a provider and its context. The
 * store is a provider too (mofsrv_store_provider, ctx = the host). */
typedef struct mofsrv_route {
    const mofrt_class_provider *prov;   /* NULL: nobody (no store) */
    void *ctx;
} mofsrv_route;

typedef struct mofsrv_mod {
    void *dl;                           /* dlopen handle, NULL when linked in */
    const mofrt_module *m;
    void *ctx;                          /* from load() */
    bool loaded;
} mofsrv_mod;

typedef struct mofsrv_added {
    const mofrt_class_provider *p;
    void *ctx;
} mofsrv_added;

/* A parameter fault a provider answers with a method return code instead
 * of a CIM error (hvclusterd: a malformed embedded instance is 4): writes
 * the METHODRESPONSE into resp and returns true, or false. */
typedef bool (*mofsrv_param_fault_fn)(void *ctx, const mofrt_request *req, const mofrt_error *e,
                                      mofrt_buf *resp);

struct mofsrv_http;

struct mofsrv {
    char *ns;
    bool has_schema, has_store, started;
    bool has_classes;                   /* mofsrv_add_classes was called */
    mofsrv_schema schema;
    mofsrv_store store;
    mofsrv_persist *persist;            /* NULL: the store lives in memory only */
    size_t nmods;
    mofsrv_mod *mods;
    size_t nadded;
    mofsrv_added *added;
    mofsrv_route *routes;               /* one per schema class (index) */
    mofrt_provider *methods;            /* method dispatch: providers with methods */
    mofrt_dispatch_table table;
    mofrt_host host;
    size_t nlisteners;
    struct mofsrv_http **listeners;
    mofsrv_auth *auths;                 /* one per listener (count 0 = none) */
    mofsrv_param_fault_fn param_fault;
    void *param_fault_ctx;
    /* The store provider's changes (mofsrv_storeprov.c): its checks (the
     * instance exists or not, the associations that refer to it) and the
     * durable commit are one step under it, so two CreateInstance of one
     * key cannot both succeed. */
    pthread_mutex_t store_write_mu;
    /* open pull enumerations (mofsrv_pull.c) */
    pthread_mutex_t pull_mu;
    struct mofsrv_pullctx *pulls;
    unsigned npulls;
    /* the threads the enumerations' producers run in (mofsrv_producer.c) */
    struct mofsrv_workers *workers;
};

/* The store's generic function table (ctx = the host). */
extern const mofrt_class_provider mofsrv_store_provider;

/* The route of a schema class. */
const mofsrv_route *mofsrv_route_of(const mofsrv *s, const mofsrv_class *c);

/* Stops the listeners (before providers' own threads are stopped). */
void mofsrv_stop(mofsrv *s);

void mofsrv_set_param_fault(mofsrv *s, mofsrv_param_fault_fn fn, void *ctx);

/* Commits t to the store: durable first when there is a state file, then
 * applied. Consumes t. */
int mofsrv_store_commit(mofsrv *s, mofsrv_txn *t, mofrt_error *err);

/* A provider other than the store deleted the instance of class cls named
 * by name: the store's association instances that refer to it are
 * deleted too, in one durable transaction (DeleteInstance's cascade, as
 * for the store's own instances). 0 (also without a store), or -1 with
 * err. (mofsrv_storeprov.c) */
int mofsrv_store_cascade(mofsrv *s, const mofsrv_class *cls, const mofrt_path *name, mofrt_error *err);

/* Namespaces compare case-insensitively, '\\' as '/', outer slashes ignored. */
bool mofsrv_ns_eq(const char *a, size_t alen, const char *b);

#endif
