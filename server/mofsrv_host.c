/* libmofsrv: the host — schema, providers, store and the routes between
 * them (see mofsrv.h). */
#include "server/mofsrv_host.h"

#include <stdlib.h>
#include <string.h>

#include "server/mofsrv_conform.h"
#include "server/mofsrv_http.h"
#include "server/mofsrv_ops.h"
#include "server/mofsrv_pull.h"
#include "server/mofsrv_workers.h"

static int oom(mofrt_error *err)
{
    return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
}

static int not_now(const mofsrv *s, const char *what, mofrt_error *err)
{
    if (s->started)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "%s after mofsrv_start", what);
    return 0;
}

/* ---- host services for providers (mofrt_host) ------------------------------ */
static int host_get_instance(const mofrt_host *h, const mofrt_path *name, mofrt_instance **out,
                             mofrt_error *err)
{
    return mofsrv_get_copy(h->impl, name, out, err);
}

static int host_enumerate(const mofrt_host *h, const char *class_name, mofrt_sink *out, mofrt_error *err)
{
    return mofsrv_enumerate_to(h->impl, class_name, out, err);
}

static const mofrt_class_desc *host_find_class(const mofrt_host *h, const char *name)
{
    const mofsrv *s = h->impl;
    for (size_t i = 0; i < s->nmods; i++)
        for (size_t j = 0; j < s->mods[i].m->nclasses; j++)
            if (mofrt_name_eq(s->mods[i].m->classes[j]->name, name))
                return s->mods[i].m->classes[j];
    for (size_t i = 0; i < s->nadded; i++)
        if (mofrt_name_eq(s->added[i].p->cls->name, name))
            return s->added[i].p->cls;
    return NULL;
}

static bool host_is_a(const mofrt_host *h, const char *name, const char *ancestor)
{
    const mofsrv *s = h->impl;
    return mofsrv_class_is_a(mofsrv_schema_find(&s->schema, name), ancestor);
}

/* ---- life ---------------------------------------------------------------------- */
mofsrv *mofsrv_new(const char *ns, mofrt_error *err)
{
    mofrt_init();
    mofsrv *s = calloc(1, sizeof *s);
    if (!s || !(s->ns = mofrt_strdup(ns && *ns ? ns : "root/cimv2"))) {
        free(s);
        oom(err);
        return NULL;
    }
    for (char *p = s->ns; *p; p++)
        if (*p == '\\')
            *p = '/';
    s->host.abi = MOFRT_PROVIDER_ABI;
    s->host.ns = s->ns;
    s->host.get_instance = host_get_instance;
    s->host.enumerate = host_enumerate;
    s->host.find_class = host_find_class;
    s->host.is_a = host_is_a;
    s->host.impl = s;
    if (pthread_mutex_init(&s->pull_mu, NULL) != 0) {
        free(s->ns);
        free(s);
        oom(err);
        return NULL;
    }
    if (pthread_mutex_init(&s->store_write_mu, NULL) != 0) {
        pthread_mutex_destroy(&s->pull_mu);
        free(s->ns);
        free(s);
        oom(err);
        return NULL;
    }
    /* up to 8 idle producer threads kept: enough for the enumerations a
     * few busy clients start, each a thread start less */
    if (!(s->workers = mofsrv_workers_new(8))) {
        pthread_mutex_destroy(&s->store_write_mu);
        pthread_mutex_destroy(&s->pull_mu);
        free(s->ns);
        free(s);
        oom(err);
        return NULL;
    }
    return s;
}

void mofsrv_stop(mofsrv *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nlisteners; i++) {
        mofsrv_http_stop(s->listeners[i]);
        mofsrv_auth_free(&s->auths[i]);
    }
    free(s->listeners);
    free(s->auths);
    s->listeners = NULL;
    s->auths = NULL;
    s->nlisteners = 0;
}

void mofsrv_free(mofsrv *s)
{
    if (!s)
        return;
    mofsrv_stop(s);
    mofsrv_pull_close_all(s);
    mofsrv_workers_free(s->workers);   /* every producer has ended: the listeners and pulls are gone */
    pthread_mutex_destroy(&s->pull_mu);
    pthread_mutex_destroy(&s->store_write_mu);
    for (size_t i = s->nmods; i-- > 0;) {
        mofsrv_mod *m = &s->mods[i];
        if (m->loaded && m->m->unload)
            m->m->unload(m->ctx);
        mofsrv_module_close(m->dl);
    }
    free(s->mods);
    free(s->added);
    mofsrv_persist_close(s->persist);
    if (s->has_store)
        mofsrv_store_destroy(&s->store);
    free(s->routes);
    free(s->methods);
    mofsrv_schema_free(&s->schema);
    free(s->ns);
    free(s);
}

int mofsrv_load_schema_mem(mofsrv *s, const char *xml, size_t len, mofrt_error *err)
{
    if (not_now(s, "mofsrv_load_schema", err) < 0)
        return -1;
    if (s->has_schema || s->nmods)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                               s->has_schema ? "the schema is already loaded" : "load the schema before adding modules");
    if (mofsrv_schema_load_mem(xml, len, &s->schema, err) < 0)
        return -1;
    s->has_schema = true;
    return 0;
}

int mofsrv_load_schema(mofsrv *s, const char *path, mofrt_error *err)
{
    if (not_now(s, "mofsrv_load_schema", err) < 0)
        return -1;
    if (s->has_schema || s->nmods)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                               s->has_schema ? "the schema is already loaded" : "load the schema before adding modules");
    if (mofsrv_schema_load(path, &s->schema, err) < 0)
        return -1;
    s->has_schema = true;
    return 0;
}

int mofsrv_add_classes(mofsrv *s, const mofrt_class_desc *const *descs, size_t n, mofrt_error *err)
{
    if (not_now(s, "mofsrv_add_classes", err) < 0)
        return -1;
    if (s->has_classes || s->nmods)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                               s->has_classes ? "the classes are already added" : "add the classes before modules");
    if (mofsrv_schema_add_descs(&s->schema, descs, n, NULL, err) < 0)
        return -1;
    s->has_schema = s->has_classes = true;
    return 0;
}

int mofsrv_add_module(mofsrv *s, const mofrt_module *m, mofrt_error *err)
{
    if (not_now(s, "mofsrv_add_module", err) < 0 || mofrt_module_check(m, err) < 0)
        return -1;
    if (s->has_store)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "add modules before mofsrv_open_store");
    /* the module's classes join the schema: GetClass, routing and the
     * store know them from its generated metadata */
    if (mofsrv_schema_add_descs(&s->schema, m->classes, m->nclasses, m->name ? m->name : "module", err) < 0)
        return -1;
    mofsrv_mod *n = realloc(s->mods, (s->nmods + 1) * sizeof *n);
    if (!n)
        return oom(err);
    s->mods = n;
    memset(&s->mods[s->nmods], 0, sizeof *n);
    s->mods[s->nmods++].m = m;
    return 0;
}

int mofsrv_add_provider(mofsrv *s, const mofrt_class_provider *p, void *ctx, mofrt_error *err)
{
    if (not_now(s, "mofsrv_add_provider", err) < 0)
        return -1;
    if (!p || !p->cls || !p->cls->name)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "a provider without a class");
    mofsrv_added *n = realloc(s->added, (s->nadded + 1) * sizeof *n);
    if (!n)
        return oom(err);
    s->added = n;
    s->added[s->nadded].p = p;
    s->added[s->nadded++].ctx = ctx;
    return 0;
}

int mofsrv_open_store(mofsrv *s, const char *state_path, mofrt_error *err)
{
    return mofsrv_open_store_with(s, state_path, false, NULL, err);
}

int mofsrv_open_store_with(mofsrv *s, const char *state_path, bool recover, mofrt_buf *report,
                           mofrt_error *err)
{
    if (not_now(s, "mofsrv_open_store", err) < 0)
        return -1;
    if (!s->has_schema && !s->nmods)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                               "the store needs the schema or a module first");
    if (s->has_store)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "the store is already open");
    if (mofsrv_store_init(&s->store, &s->schema, err) < 0)
        return -1;
    s->has_store = true;
    if (state_path) {
        s->persist = mofsrv_persist_open(state_path, &s->store, recover, report, err);
        if (!s->persist)
            return -1;
    } else if (mofsrv_store_fill(&s->store, err) < 0) {
        return -1;
    }
    mofsrv_schema_drop_instances(&s->schema);   /* the store has them now (or its state) */
    return mofsrv_conform_stored(s, report, err);   /* a property the schema dropped */
}

int mofsrv_store_commit(mofsrv *s, mofsrv_txn *t, mofrt_error *err)
{
    if (!s->has_store) {
        mofsrv_txn_clear(t);
        return mofrt_error_set(err, MOFRT_CIM_ERR_NOT_SUPPORTED, MOFRT_E_USAGE, "no instance store");
    }
    if (s->persist)
        return mofsrv_persist_commit(s->persist, t, err);
    mofsrv_store_wrlock(&s->store);
    (void)mofsrv_store_apply(&s->store, t, NULL);   /* providers put known classes */
    mofsrv_store_unlock(&s->store);
    mofsrv_txn_clear(t);
    return 0;
}

/* ---- routes ------------------------------------------------------------------- */
static int route(mofsrv *s, const mofrt_class_provider *p, void *ctx, const char *from, mofrt_error *err)
{
    const mofsrv_class *c = mofsrv_schema_find(&s->schema, p->cls->name);
    if (!c)
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_CLASS, MOFRT_E_USAGE,
                               "%s serves class %.100s, which the schema does not have", from, p->cls->name);
    mofsrv_route *r = &s->routes[c->index];
    if (r->prov && r->prov != &mofsrv_store_provider)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "class %.100s has two providers",
                               c->name);
    if (p->ft) {   /* methods-only providers leave the instances to the store */
        r->prov = p;
        r->ctx = ctx;
    }
    if (p->cls->nmethods) {
        mofrt_provider mp = { p->cls, p->ops, ctx };
        s->methods[s->table.count++] = mp;
    }
    return 0;
}

const mofsrv_route *mofsrv_route_of(const mofsrv *s, const mofsrv_class *c)
{
    return c && s->routes ? &s->routes[c->index] : NULL;
}

int mofsrv_start(mofsrv *s, mofrt_error *err)
{
    if (not_now(s, "mofsrv_start", err) < 0)
        return -1;
    if (!s->has_schema && !s->nmods)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "no schema loaded and no module");
    size_t nprov = s->nadded;
    for (size_t i = 0; i < s->nmods; i++)
        nprov += s->mods[i].m->nproviders;
    s->routes = calloc(s->schema.nclasses ? s->schema.nclasses : 1, sizeof *s->routes);
    s->methods = calloc(nprov ? nprov : 1, sizeof *s->methods);
    if (!s->routes || !s->methods)
        return oom(err);
    for (size_t i = 0; s->has_store && i < s->schema.nclasses; i++) {
        s->routes[i].prov = &mofsrv_store_provider;
        s->routes[i].ctx = s;
    }
    s->table.providers = s->methods;
    for (size_t i = 0; i < s->nmods; i++) {
        mofsrv_mod *m = &s->mods[i];
        if (m->m->load) {
            if (m->m->load(&s->host, &m->ctx, err) < 0) {
                mofrt_error_prefix(err, m->m->name ? m->m->name : "module");
                return -1;
            }
        }
        m->loaded = true;
        for (size_t j = 0; j < m->m->nproviders; j++)
            if (route(s, &m->m->providers[j], m->ctx, m->m->name ? m->m->name : "a module", err) < 0)
                return -1;
    }
    for (size_t i = 0; i < s->nadded; i++)
        if (route(s, s->added[i].p, s->added[i].ctx, "a provider", err) < 0)
            return -1;
    s->started = true;
    return 0;
}

const mofrt_host *mofsrv_host(const mofsrv *s)
{
    return &s->host;
}

void mofsrv_set_param_fault(mofsrv *s, mofsrv_param_fault_fn fn, void *ctx)
{
    s->param_fault = fn;
    s->param_fault_ctx = ctx;
}

bool mofsrv_ns_eq(const char *a, size_t alen, const char *b)
{
    size_t blen = b ? strlen(b) : 0;
    while (alen && (*a == '/' || *a == '\\'))
        a++, alen--;
    while (alen && (a[alen - 1] == '/' || a[alen - 1] == '\\'))
        alen--;
    while (blen && (*b == '/' || *b == '\\'))
        b++, blen--;
    while (blen && (b[blen - 1] == '/' || b[blen - 1] == '\\'))
        blen--;
    if (alen != blen)
        return false;
    for (size_t i = 0; i < alen; i++) {
        char x = a[i] == '\\' ? '/' : a[i], y = b[i] == '\\' ? '/' : b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}
