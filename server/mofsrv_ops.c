/* libmofsrv: instance operations routed to the providers of a class and
 * of its subclasses (see mofsrv_ops.h). */
#include "server/mofsrv_ops.h"

#include <stdlib.h>
#include <string.h>

/* A provider's failure as the client sees it: a code always set. */
static int failed(mofrt_call_status st, mofrt_error *err)
{
    if (st == MOFRT_CALL_NOT_IMPLEMENTED && err->code == MOFRT_CIM_OK)
        err->code = MOFRT_CIM_ERR_NOT_SUPPORTED;
    if (err->code == MOFRT_CIM_OK)
        err->code = MOFRT_CIM_ERR_FAILED;
    return -1;
}

static const mofsrv_class *class_of(const mofsrv *s, const char *name, mofrt_error *err)
{
    const mofsrv_class *c = mofsrv_schema_find(&s->schema, name);
    if (!c)
        mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_CLASS, MOFRT_E_DISPATCH, "no class %.200s",
                        name ? name : "");
    return c;
}

/* A sink forwarding to another, counting what passes. */
typedef struct count_sink {
    mofrt_sink base;
    mofrt_sink *inner;
    size_t n;
} count_sink;

static int c_instance(mofrt_sink *b, const mofrt_instance *i, mofrt_error *e)
{
    count_sink *c = (count_sink *)b;
    c->n++;
    return mofrt_post_instance(c->inner, i, e);
}
static int c_object(mofrt_sink *b, const mofrt_class_desc *k, const void *o, mofrt_error *e)
{
    count_sink *c = (count_sink *)b;
    c->n++;
    return mofrt_post_object(c->inner, k, o, e);
}
static int c_path(mofrt_sink *b, const mofrt_path *p, mofrt_error *e)
{
    count_sink *c = (count_sink *)b;
    c->n++;
    return mofrt_post_path(c->inner, p, e);
}

/* GetInstance from a provider's enumeration, when it has no get (as
 * KonkretCMPI does, and as the host computes Associators/References from
 * an association's enumeration): what it posts with name's keys. */
typedef struct match_sink {
    mofsrv_nsink n;
    const mofsrv *s;
    const mofrt_path *name;
    mofrt_sink *out;
    size_t found;
} match_sink;

static int take_match(void *arg, const mofrt_instance *inst, const mofrt_path *path, mofrt_error *err)
{
    match_sink *m = arg;
    if (m->found || !inst)
        return 0;
    /* the same keys; the class the one named or a subclass of it */
    mofrt_path k = *m->name;
    k.class_name = path->class_name;
    k.host = k.ns = NULL;
    if (!mofsrv_class_is_a(mofsrv_schema_find(&m->s->schema, path->class_name), m->name->class_name) ||
        !mofrt_path_equal(&k, path))
        return 0;
    m->found++;
    return mofrt_post_instance(m->out, inst, err);
}

static mofrt_call_status get_by_enumeration(const mofsrv *s, const mofsrv_route *r, const mofrt_op *op,
                                            const mofrt_path *name, mofrt_sink *out, size_t *found,
                                            mofrt_error *err)
{
    if (!r->prov->ft->enumerate)
        return MOFRT_CALL_NOT_IMPLEMENTED;
    match_sink m = { .s = s, .name = name, .out = out };
    mofsrv_nsink_init(&m.n, s, take_match, &m);
    mofrt_op eop = *op;
    eop.kind = MOFRT_OP_ENUMERATE_INSTANCES;
    eop.names_only = false;
    eop.deep_inheritance = true;
    mofrt_call_status st = r->prov->ft->enumerate(r->prov, r->ctx, &eop, &m.n.base, err);
    *found = m.found;
    return st;
}

int mofsrv_get(const mofsrv *s, const mofrt_op *op, const mofrt_path *name, mofrt_sink *out,
               mofrt_error *err)
{
    mofrt_error_clear(err);
    const mofsrv_class *c = class_of(s, name->class_name, err);
    if (!c)
        return -1;
    bool store_done = false, unsupported = false;
    for (size_t i = 0; i < c->nsubs; i++) {
        const mofsrv_route *r = mofsrv_route_of(s, c->subs[i]);
        if (!r || !r->prov)
            continue;
        if (r->prov == &mofsrv_store_provider) {
            if (store_done)
                continue;   /* the store looks through every subclass at once */
            store_done = true;
        }
        if (!r->prov->ft) {
            unsupported = true;
            continue;
        }
        count_sink cs = { { c_instance, c_object, c_path }, out, 0 };
        mofrt_error e;
        mofrt_error_clear(&e);
        mofrt_call_status st = MOFRT_CALL_NOT_IMPLEMENTED;
        if (r->prov->ft->get)
            st = r->prov->ft->get(r->prov, r->ctx, op, name, &cs.base, &e);
        if (st == MOFRT_CALL_NOT_IMPLEMENTED) {
            mofrt_error_clear(&e);
            st = get_by_enumeration(s, r, op, name, &cs.base, &cs.n, &e);
        }
        if (st == MOFRT_CALL_OK && cs.n)
            return 0;
        if (st == MOFRT_CALL_NOT_IMPLEMENTED) {
            unsupported = true;
            continue;
        }
        if (st == MOFRT_CALL_FAILED && e.code != MOFRT_CIM_ERR_NOT_FOUND) {
            *err = e;
            return failed(st, err);
        }
    }
    if (unsupported && c->nsubs == 1)
        return mofrt_error_set(err, MOFRT_CIM_ERR_NOT_SUPPORTED, MOFRT_E_DISPATCH,
                               "%.100s.get is not implemented", c->name);
    return mofrt_error_set(err, MOFRT_CIM_ERR_NOT_FOUND, MOFRT_E_DISPATCH, "no such instance");
}

int mofsrv_enumerate(const mofsrv *s, const mofrt_op *op, const mofsrv_class *c, mofrt_sink *out,
                     mofrt_error *err)
{
    mofrt_error_clear(err);
    bool store_done = false;
    for (size_t i = 0; i < c->nsubs; i++) {
        const mofsrv_route *r = mofsrv_route_of(s, c->subs[i]);
        if (!r || !r->prov)
            continue;
        if (r->prov == &mofsrv_store_provider) {
            if (store_done)
                continue;
            store_done = true;
        }
        mofrt_call_status st = MOFRT_CALL_NOT_IMPLEMENTED;
        mofrt_error e;
        mofrt_error_clear(&e);
        if (r->prov->ft && r->prov->ft->enumerate)
            st = r->prov->ft->enumerate(r->prov, r->ctx, op, out, &e);
        if (st == MOFRT_CALL_OK)
            continue;
        /* a subclass whose provider cannot enumerate (a NULL entry, or
         * CIM_ERR_NOT_SUPPORTED: the skeleton's stub) is left out, as
         * CIMOMs do; the requested class's own provider must */
        if (i > 0 && (st == MOFRT_CALL_NOT_IMPLEMENTED || e.code == MOFRT_CIM_ERR_NOT_SUPPORTED))
            continue;
        if (st == MOFRT_CALL_NOT_IMPLEMENTED && e.code == MOFRT_CIM_OK)
            mofrt_error_set(&e, MOFRT_CIM_ERR_NOT_SUPPORTED, MOFRT_E_DISPATCH,
                            "%.100s.enumerate is not implemented", c->subs[i]->name);
        *err = e;
        return failed(st, err);
    }
    return 0;
}

/* The route of the class an instance or path names exactly. */
static const mofsrv_route *exact_route(const mofsrv *s, const char *class_name, const char *what,
                                       mofrt_error *err)
{
    const mofsrv_class *c = class_of(s, class_name, err);
    if (!c)
        return NULL;
    const mofsrv_route *r = mofsrv_route_of(s, c);
    if (!r || !r->prov || !r->prov->ft) {
        mofrt_error_set(err, MOFRT_CIM_ERR_NOT_SUPPORTED, MOFRT_E_DISPATCH, "%.100s.%s is not implemented",
                        c->name, what);
        return NULL;
    }
    return r;
}

static int not_impl(const char *class_name, const char *what, mofrt_error *err)
{
    return mofrt_error_set(err, MOFRT_CIM_ERR_NOT_SUPPORTED, MOFRT_E_DISPATCH, "%.100s.%s is not implemented",
                           class_name, what);
}

int mofsrv_create(const mofsrv *s, const mofrt_op *op, const mofrt_instance *inst, mofrt_path **created,
                  mofrt_error *err)
{
    mofrt_error_clear(err);
    *created = NULL;
    const mofsrv_route *r = exact_route(s, inst->class_name, "create", err);
    if (!r)
        return -1;
    if (!r->prov->ft->create)
        return not_impl(inst->class_name, "create", err);
    mofrt_call_status st = r->prov->ft->create(r->prov, r->ctx, op, inst, created, err);
    if (st != MOFRT_CALL_OK) {
        mofrt_path_free(*created);
        *created = NULL;
        return failed(st, err);
    }
    if (!*created)
        *created = mofsrv_schema_path_of(&s->schema, inst, err);
    return *created ? 0 : -1;
}

/* One change (ModifyInstance: arg is the instance; DeleteInstance: the
 * path) through one provider; NOT_IMPLEMENTED when it has none. */
typedef mofrt_call_status (*change_fn)(const mofsrv_route *r, const mofrt_op *op, const void *arg, mofrt_error *err);

static mofrt_call_status modify_one(const mofsrv_route *r, const mofrt_op *op, const void *arg, mofrt_error *err)
{
    if (!r->prov->ft->modify)
        return MOFRT_CALL_NOT_IMPLEMENTED;
    return r->prov->ft->modify(r->prov, r->ctx, op, arg, err);
}

static mofrt_call_status del_one(const mofsrv_route *r, const mofrt_op *op, const void *arg, mofrt_error *err)
{
    if (!r->prov->ft->del)
        return MOFRT_CALL_NOT_IMPLEMENTED;
    return r->prov->ft->del(r->prov, r->ctx, op, arg, err);
}

/* ModifyInstance / DeleteInstance by an instance name: the instance it
 * names may be of a subclass that another provider serves, as GetInstance
 * finds it (mofsrv_get), so the providers of the class and of each
 * subclass in turn (the store once) until one does not answer
 * CIM_ERR_NOT_FOUND. Nobody has it: NOT_SUPPORTED when the class's own
 * provider cannot do it (as before subclasses were asked), else the first
 * provider's NOT_FOUND. */
static int change(const mofsrv *s, const mofrt_op *op, const char *class_name, const char *what, change_fn fn,
                  const void *arg, const mofsrv_class **by, mofrt_error *err)
{
    mofrt_error_clear(err);
    const mofsrv_route *own = exact_route(s, class_name, what, err);
    if (!own)
        return -1;
    const mofsrv_class *c = mofsrv_schema_find(&s->schema, class_name);
    bool store_done = false, own_unsupported = false, not_found = false;
    for (size_t i = 0; i < c->nsubs; i++) {
        const mofsrv_route *r = mofsrv_route_of(s, c->subs[i]);
        if (!r || !r->prov || !r->prov->ft)
            continue;
        if (r->prov == &mofsrv_store_provider) {
            if (store_done)
                continue;   /* the store looks through every subclass at once */
            store_done = true;
        }
        mofrt_error e;
        mofrt_error_clear(&e);
        mofrt_call_status st = fn(r, op, arg, &e);
        if (st == MOFRT_CALL_OK) {
            if (by)
                *by = c->subs[i];   /* the class whose provider did it */
            return 0;
        }
        if (st == MOFRT_CALL_NOT_IMPLEMENTED) {
            own_unsupported = own_unsupported || i == 0;
            continue;
        }
        if (e.code != MOFRT_CIM_ERR_NOT_FOUND) {
            *err = e;
            return failed(st, err);
        }
        if (!not_found)
            *err = e;
        not_found = true;
    }
    if (own_unsupported)
        return not_impl(class_name, what, err);
    if (!not_found)
        mofrt_error_set(err, MOFRT_CIM_ERR_NOT_FOUND, MOFRT_E_DISPATCH, "no such instance");
    return -1;
}

int mofsrv_modify(const mofsrv *s, const mofrt_op *op, const mofrt_instance *inst, mofrt_error *err)
{
    return change(s, op, inst->path->class_name, "modify", modify_one, inst, NULL, err);
}

int mofsrv_delete(const mofsrv *s, const mofrt_op *op, const mofrt_path *name, mofrt_error *err)
{
    const mofsrv_class *by = NULL;
    if (change(s, op, name->class_name, "del", del_one, name, &by, err) < 0)
        return -1;
    /* a module's instance: the store's associations referring to it go too */
    if (mofsrv_route_of(s, by)->prov != &mofsrv_store_provider &&
        mofsrv_store_cascade((mofsrv *)s, by, name, err) < 0) {
        mofrt_error_prefix(err, "deleted, but not the store's associations referring to it");
        return -1;
    }
    return 0;
}

/* ---- host services ----------------------------------------------------------- */
static int copy_take(void *arg, const mofrt_instance *inst, const mofrt_path *path, mofrt_error *err)
{
    mofrt_instance **out = arg;
    if (*out)
        return 0;
    if (!inst)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_PROVIDER, "a name posted for GetInstance");
    *out = mofrt_instance_copy(inst);
    if (*out && !(*out)->path)
        (*out)->path = mofrt_path_copy(path);
    if (!*out || !(*out)->path)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    return 0;
}

int mofsrv_get_copy(const mofsrv *s, const mofrt_path *name, mofrt_instance **out, mofrt_error *err)
{
    mofrt_op op = { .kind = MOFRT_OP_GET_INSTANCE, .ns = s->ns, .class_name = name->class_name,
                    .host = &s->host };
    return mofsrv_get_copy_op(s, &op, name, out, err);
}

int mofsrv_get_copy_op(const mofsrv *s, const mofrt_op *op, const mofrt_path *name, mofrt_instance **out,
                       mofrt_error *err)
{
    *out = NULL;
    mofsrv_nsink n;
    mofsrv_nsink_init(&n, s, copy_take, out);
    if (mofsrv_get(s, op, name, &n.base, err) < 0) {
        mofrt_instance_free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

int mofsrv_enumerate_to(const mofsrv *s, const char *class_name, mofrt_sink *out, mofrt_error *err)
{
    const mofsrv_class *c = class_of(s, class_name, err);
    if (!c)
        return -1;
    mofrt_op op = { .kind = MOFRT_OP_ENUMERATE_INSTANCES, .ns = s->ns, .class_name = c->name,
                    .deep_inheritance = true, .host = &s->host };
    return mofsrv_enumerate(s, &op, c, out, err);
}
