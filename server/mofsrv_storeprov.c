/* libmofsrv: the instance store as a provider, for every class no module
 * serves. Reads under the store's read lock; every change is one
 * transaction, durable (fsync'd journal) before it is answered and before
 * any reader sees it (mofsrv_store_commit). Changes are serialized
 * (s->store_write_mu): what a change checks (the instance exists, or does
 * not) still holds when it is committed. DeleteInstance deletes, in the
 * same transaction, the association instances of the store that refer to
 * the instance (as WMI's repository does; OpenPegasus' leaves them
 * dangling), so no reference outlives its object; a module's DeleteInstance
 * does the same to the store's associations after the module deleted
 * (mofsrv_store_cascade). Referring associations are found through the
 * store's reference index: a delete costs what it removes. */
#include "server/mofsrv_ops.h"

#include <stdlib.h>
#include <string.h>

#include "server/mofsrv_classprops.h"
#include "server/mofsrv_conform.h"
#include "server/mofsrv_producer.h"

typedef struct post_walk {
    mofrt_sink *out;
    mofrt_error *err;
    bool names;
} post_walk;

static int post_one(void *arg, const mofrt_instance *inst)
{
    post_walk *w = arg;
    return w->names ? mofrt_post_path(w->out, inst->path, w->err)
                    : mofrt_post_instance(w->out, inst, w->err);
}

static mofrt_call_status st_get(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                const mofrt_path *name, mofrt_sink *out, mofrt_error *err)
{
    (void)self, (void)op;
    mofsrv *s = ctx;
    mofsrv_store_rdlock(&s->store);
    const mofrt_instance *inst = mofsrv_store_get(&s->store, name);
    int rc = inst ? mofrt_post_instance(out, inst, err) : 0;
    mofsrv_store_unlock(&s->store);
    if (!inst)
        mofrt_error_set(err, MOFRT_CIM_ERR_NOT_FOUND, MOFRT_E_PROVIDER, "no such instance");
    return inst && rc == 0 ? MOFRT_CALL_OK : MOFRT_CALL_FAILED;
}

static bool producer_due(void *arg)
{
    (void)arg;
    return mofsrv_producer_over();
}

static void producer_wait(void *arg)
{
    (void)arg;
    mofsrv_producer_wait();
}

/* Every class under op->class_name that the store serves, exactly. The
 * read lock is let go between batches and while the reader of a producer
 * has no room (mofsrv_store_each_yield): an enumeration whose client reads
 * slowly or not at all (a paused pull) holds no lock a change waits for. */
static mofrt_call_status st_enumerate(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                      mofrt_sink *out, mofrt_error *err)
{
    mofsrv *s = ctx;
    const mofsrv_class *c = mofsrv_schema_find(&s->schema, op->class_name);
    if (!c)
        return MOFRT_CALL_OK;
    post_walk w = { out, err, op->names_only };
    const mofsrv_store_yield y = { producer_due, producer_wait, NULL };
    bool was = mofsrv_producer_defer(true);
    int rc = 0;
    mofsrv_store_rdlock(&s->store);
    for (size_t i = 0; i < c->nsubs && rc == 0; i++)
        if (mofsrv_route_of(s, c->subs[i])->prov == self)
            rc = mofsrv_store_each_yield(&s->store, c->subs[i], post_one, &w, &y);
    mofsrv_store_unlock(&s->store);
    (void)mofsrv_producer_defer(was);
    return rc == 0 ? MOFRT_CALL_OK : MOFRT_CALL_FAILED;
}

/* Association instances of the store that refer to the instance of class
 * cls named by `name` (target: that instance when the store holds it;
 * NULL for a module's instance), added to t as deletes. The caller holds
 * the read lock. Found through the store's reference index
 * (mofsrv_store_each_referrer): costs the associations that refer to it,
 * not every stored association. */
typedef struct refs_walk {
    mofsrv *s;
    const mofsrv_class *cls;
    const mofrt_path *name;
    const mofrt_instance *target;
    mofsrv_txn *t;
    mofrt_error *err;
} refs_walk;

/* ref names the deleted instance: resolved through the store for a stored
 * one (a reference may name it by a superclass); for a module's one, a
 * path of its class or an ancestor with its key values. */
static bool names_target(const refs_walk *w, const mofrt_path *ref)
{
    if (w->target)
        return mofsrv_store_get(&w->s->store, ref) == w->target;
    if (!mofsrv_class_is_a(w->cls, ref->class_name))
        return false;
    char *a = mofsrv_store_key(w->cls->name, w->cls->keys, w->cls->nkeys, ref);
    char *b = mofsrv_store_key(w->cls->name, w->cls->keys, w->cls->nkeys, w->name);
    bool same = a && b && strcmp(a, b) == 0;
    free(a);
    free(b);
    return same;
}

static int add_if_refers(void *arg, const mofrt_instance *assoc)
{
    refs_walk *w = arg;
    if (assoc == w->target)
        return 0;
    const mofsrv_class *ac = mofsrv_schema_find(&w->s->schema, assoc->class_name);
    if (!ac || mofsrv_route_of(w->s, ac)->prov != &mofsrv_store_provider)
        return 0;   /* a module's class the store keeps for it: the module's business */
    for (size_t i = 0; i < assoc->count; i++) {
        const mofrt_value *v = &assoc->props[i].value;
        if (v->is_null || v->is_array || v->type != MOFRT_T_REFERENCE || !v->v.ref || !names_target(w, v->v.ref))
            continue;
        mofrt_path *p = mofrt_path_copy(assoc->path);
        if (!p)
            return mofrt_error_set(w->err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        return mofsrv_txn_del(w->t, p, w->err) < 0 ? -1 : 0;
    }
    return 0;
}

static int referring_associations(mofsrv *s, const mofsrv_class *cls, const mofrt_path *name,
                                  const mofrt_instance *target, mofsrv_txn *t, mofrt_error *err)
{
    refs_walk w = { s, cls, name, target, t, err };
    return mofsrv_store_each_referrer(&s->store, cls, name, add_if_refers, &w) != 0 ? -1 : 0;
}

int mofsrv_store_cascade(mofsrv *s, const mofsrv_class *cls, const mofrt_path *name, mofrt_error *err)
{
    if (!s->has_store || !cls)
        return 0;
    mofsrv_txn t = MOFSRV_TXN_INIT;
    pthread_mutex_lock(&s->store_write_mu);
    mofsrv_store_rdlock(&s->store);
    int rc = referring_associations(s, cls, name, NULL, &t, err);
    mofsrv_store_unlock(&s->store);
    if (rc == 0 && t.count)
        rc = mofsrv_store_commit(s, &t, err);   /* one journal record */
    else
        mofsrv_txn_clear(&t);
    pthread_mutex_unlock(&s->store_write_mu);
    return rc;
}

static bool exists(mofsrv *s, const mofrt_path *p)
{
    mofsrv_store_rdlock(&s->store);
    bool found = mofsrv_store_get(&s->store, p) != NULL;
    mofsrv_store_unlock(&s->store);
    return found;
}

static mofrt_call_status commit_put(mofsrv *s, mofrt_instance *inst, mofrt_error *err)
{
    mofsrv_txn t = MOFSRV_TXN_INIT;
    if (mofsrv_txn_put(&t, inst, err) < 0 || mofsrv_store_commit(s, &t, err) < 0) {
        mofsrv_txn_clear(&t);
        return MOFRT_CALL_FAILED;
    }
    return MOFRT_CALL_OK;
}

static mofrt_call_status st_create(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                   const mofrt_instance *inst, mofrt_path **created, mofrt_error *err)
{
    (void)self, (void)op;
    mofsrv *s = ctx;
    const mofsrv_class *c = mofsrv_schema_find(&s->schema, inst->class_name);
    if (!c)
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_CLASS, MOFRT_E_PROVIDER, "no class %.100s",
                               inst->class_name), MOFRT_CALL_FAILED;
    /* DSP0004: an abstract class has no instances; NewInstance is then not
     * a correct instance of its class (DSP0200 5.3.2.6) */
    if (mofsrv_class_abstract(c))
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PROVIDER,
                               "%.100s is abstract: it cannot have instances", c->name), MOFRT_CALL_FAILED;
    mofrt_instance *copy;
    if (mofsrv_conform(&s->schema, c, inst, MOFSRV_CONFORM_DEFAULTS, &copy, err) < 0)
        return MOFRT_CALL_FAILED;
    copy->path = mofsrv_schema_path_of(&s->schema, copy, err);
    if (!copy->path) {
        mofrt_instance_free(copy);
        return MOFRT_CALL_FAILED;
    }
    pthread_mutex_lock(&s->store_write_mu);
    mofrt_call_status rc;
    if (exists(s, copy->path)) {
        mofrt_error_set(err, MOFRT_CIM_ERR_ALREADY_EXISTS, MOFRT_E_PROVIDER, "the instance exists");
        mofrt_instance_free(copy);
        rc = MOFRT_CALL_FAILED;
    } else if (!(*created = mofrt_path_copy(copy->path))) {
        mofrt_instance_free(copy);
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        rc = MOFRT_CALL_FAILED;
    } else {
        rc = commit_put(s, copy, err);
    }
    pthread_mutex_unlock(&s->store_write_mu);
    return rc;
}

static mofrt_call_status modify_locked(mofsrv *s, const mofrt_op *op, const mofrt_instance *inst,
                                       mofrt_error *err);

/* The modified instance, in class c's declaration order: each property
 * from `changed` (typed, c's) when op's PropertyList names it (all
 * without one) and it is not a key, else as stored in `old`. The two
 * instances and the PropertyList are indexed by c's declared properties
 * once (O(p log p) for p properties, not a search per property); the
 * values are moved out of both. NULL with err when out of memory. */
static mofrt_instance *merge(const mofsrv_class *c, mofrt_instance *old, mofrt_instance *changed, const mofrt_op *op,
                             mofrt_error *err)
{
    mofsrv_props props;
    if (mofsrv_props_of(c, &props, err) < 0)
        return NULL;
    size_t n = props.count ? props.count : 1;
    size_t *was = calloc(n, sizeof *was), *now = calloc(n, sizeof *now);   /* index + 1 */
    bool *wanted = calloc(n, sizeof *wanted);
    mofrt_instance *m = was && now && wanted ? mofrt_instance_new(old->class_name) : NULL;
    int rc = m && (m->path = mofrt_path_copy(old->path)) ? 0 : -1;
    const mofrt_prop_desc *d;
    for (size_t i = 0; rc == 0 && i < old->count; i++)
        if ((d = mofsrv_props_find(&props, old->props[i].name)))
            was[d - props.items] = i + 1;
    for (size_t i = 0; rc == 0 && i < changed->count; i++)
        if ((d = mofsrv_props_find(&props, changed->props[i].name)))
            now[d - props.items] = i + 1;
    for (size_t i = 0; rc == 0 && i < props.count; i++)
        wanted[i] = !op->has_props && !(props.items[i].flags & MOFRT_F_KEY);
    for (size_t i = 0; rc == 0 && op->has_props && i < op->nprops; i++)
        if (op->props[i] && (d = mofsrv_props_find(&props, op->props[i])) && !(d->flags & MOFRT_F_KEY))
            wanted[d - props.items] = true;
    for (size_t i = 0; rc == 0 && i < props.count; i++) {
        mofrt_property *from = now[i] && wanted[i] ? &changed->props[now[i] - 1]
                               : was[i]            ? &old->props[was[i] - 1]
                                                   : NULL;
        if (from)
            rc = mofrt_instance_add(m, from->name, &from->value, err);
    }
    /* (a stored property the class no longer declares was dropped at start-up) */
    free(was);
    free(now);
    free(wanted);
    mofsrv_props_free(&props);
    if (rc < 0) {
        mofrt_instance_free(m);
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        return NULL;
    }
    return m;
}

/* The stored instance with the properties op names (all given ones when
 * there is no PropertyList) taken from inst; keys stay as stored. */
static mofrt_call_status st_modify(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                   const mofrt_instance *inst, mofrt_error *err)
{
    (void)self;
    mofsrv *s = ctx;
    pthread_mutex_lock(&s->store_write_mu);   /* not a deleted instance brought back */
    mofrt_call_status rc = modify_locked(s, op, inst, err);
    pthread_mutex_unlock(&s->store_write_mu);
    return rc;
}

/* The instance the path names may be of a subclass of the path's class
 * (as GetInstance finds it): the given INSTANCE must describe that
 * instance, so its class is the stored instance's class or a superclass
 * of it; an INSTANCE of another class (FLT_Depot for an FLT_Trip) is
 * refused, not applied. Its properties are checked and typed as the stored
 * instance's class declares them. */
static mofrt_call_status modify_locked(mofsrv *s, const mofrt_op *op, const mofrt_instance *inst, mofrt_error *err)
{
    mofsrv_store_rdlock(&s->store);
    const mofrt_instance *old = mofsrv_store_get(&s->store, inst->path);
    mofrt_instance *upd = old ? mofrt_instance_copy(old) : NULL;
    mofsrv_store_unlock(&s->store);
    if (!old)
        return mofrt_error_set(err, MOFRT_CIM_ERR_NOT_FOUND, MOFRT_E_PROVIDER, "no such instance"),
               MOFRT_CALL_FAILED;
    if (!upd)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory"), MOFRT_CALL_FAILED;
    const mofsrv_class *c = mofsrv_schema_find(&s->schema, upd->class_name);
    mofrt_instance *typed = NULL;
    if (!c || !mofsrv_class_is_a(c, inst->class_name)) {
        mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PROVIDER,
                        "ModifiedInstance: an INSTANCE of %.100s for an instance of %.100s", inst->class_name,
                        upd->class_name);
        goto fail;
    }
    if (mofsrv_conform(&s->schema, c, inst, 0, &typed, err) < 0)
        goto fail;
    mofrt_instance *merged = merge(c, upd, typed, op, err);
    mofrt_instance_free(typed);
    mofrt_instance_free(upd);
    if (!merged)
        return MOFRT_CALL_FAILED;
    return commit_put(s, merged, err);
fail:
    mofrt_instance_free(typed);
    mofrt_instance_free(upd);
    return MOFRT_CALL_FAILED;
}

static mofrt_call_status st_del(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                const mofrt_path *name, mofrt_error *err)
{
    (void)self, (void)op;
    mofsrv *s = ctx;
    mofsrv_txn t = MOFSRV_TXN_INIT;
    pthread_mutex_lock(&s->store_write_mu);
    mofsrv_store_rdlock(&s->store);
    const mofrt_instance *old = mofsrv_store_get(&s->store, name);
    mofrt_path *stored = old ? mofrt_path_copy(old->path) : NULL;
    int rc = 0;
    if (!old)
        rc = mofrt_error_set(err, MOFRT_CIM_ERR_NOT_FOUND, MOFRT_E_PROVIDER, "no such instance");
    else if (!stored)
        rc = mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    else if (mofsrv_txn_del(&t, stored, err) < 0)
        rc = -1;
    else
        rc = referring_associations(s, mofsrv_schema_find(&s->schema, old->class_name), old->path, old, &t, err);
    mofsrv_store_unlock(&s->store);
    if (rc == 0)
        rc = mofsrv_store_commit(s, &t, err);   /* one journal record: all or nothing */
    else
        mofsrv_txn_clear(&t);
    pthread_mutex_unlock(&s->store_write_mu);
    return rc == 0 ? MOFRT_CALL_OK : MOFRT_CALL_FAILED;
}

static const mofrt_provider_ft store_ft = { st_get, st_enumerate, st_create, st_modify, st_del, NULL, NULL };

const mofrt_class_provider mofsrv_store_provider = { NULL, &store_ft, NULL };
