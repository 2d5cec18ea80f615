/* libmofsrv: Associators, AssociatorNames, References, ReferenceNames
 * (DSP0200 5.3.2.14-17). Every association class of the schema is asked
 * in turn: its provider's own associators/references when it has them,
 * else (the default an author gets for enumerating the association) its
 * instances are enumerated and those whose references name the source are
 * used. The filters: AssocClass (Associators) / ResultClass (References)
 * on the association's class, Role on the source's reference, ResultRole
 * and ResultClass (Associators) on the other end. */
#include "server/mofsrv_ops.h"
#include "server/mofsrv_pathset.h"
#include "server/mofsrv_store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct walk {
    const mofsrv *s;
    const mofrt_op *op;
    const mofrt_path *source;
    mofrt_sink *out;
    bool refs;                 /* References(Names), else Associators(Names) */
    mofsrv_pathset seen;       /* the paths sent: each result goes out once */
} walk;

static const mofrt_path *ref_of(const mofrt_value *v)
{
    return v && !v->is_null && !v->is_array && v->type == MOFRT_T_REFERENCE ? v->v.ref : NULL;
}

/* The instance of the other end, posted (or its name only). */
static int post_target(walk *w, const mofrt_path *target, mofrt_error *err)
{
    bool added;
    if (!mofsrv_pathset_add(&w->seen, target, &added))
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    if (!added)
        return 0;
    if (w->op->names_only)
        return mofrt_post_path(w->out, target, err);
    mofrt_instance *inst = NULL;
    mofrt_error e;
    if (mofsrv_get_copy(w->s, target, &inst, &e) < 0)
        return 0;   /* a dangling reference: the object is gone, nothing to return */
    int rc = mofrt_post_instance(w->out, inst, err);
    mofrt_instance_free(inst);
    return rc;
}

static int take_assoc(void *arg, const mofrt_instance *inst, const mofrt_path *path, mofrt_error *err)
{
    walk *w = arg;
    const mofrt_op *op = w->op;
    mofrt_instance *fetched = NULL;
    if (!inst) {   /* the provider posted names: the references are in the keys */
        mofrt_error e;
        if (mofsrv_get_copy(w->s, path, &fetched, &e) < 0)
            return 0;
        inst = fetched;
    }
    int rc = 0;
    for (size_t i = 0; i < inst->count && rc == 0; i++) {
        const mofrt_property *p = &inst->props[i];
        const mofrt_path *r = ref_of(&p->value);
        if (!r || !mofrt_path_equal(r, w->source) || (op->role && !mofrt_name_eq(op->role, p->name)))
            continue;
        if (w->refs) {
            bool added;
            if (!mofsrv_pathset_add(&w->seen, path, &added))
                rc = mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
            else if (added)
                rc = op->names_only ? mofrt_post_path(w->out, path, err) : mofrt_post_instance(w->out, inst, err);
            break;
        }
        for (size_t j = 0; j < inst->count && rc == 0; j++) {
            const mofrt_path *t = j == i ? NULL : ref_of(&inst->props[j].value);
            if (!t || (op->result_role && !mofrt_name_eq(op->result_role, inst->props[j].name)))
                continue;
            if (op->result_class) {
                const mofsrv_class *tc = mofsrv_schema_find(&w->s->schema, t->class_name);
                if (!tc || !mofsrv_class_is_a(tc, op->result_class))
                    continue;
            }
            rc = post_target(w, t, err);
        }
    }
    mofrt_instance_free(fetched);
    return rc;
}

/* Forwards what a provider's own associators/references post, once each. */
static int take_direct(void *arg, const mofrt_instance *inst, const mofrt_path *path, mofrt_error *err)
{
    walk *w = arg;
    bool added;
    if (!mofsrv_pathset_add(&w->seen, path, &added))
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    if (!added)
        return 0;
    return inst && !w->op->names_only ? mofrt_post_instance(w->out, inst, err) : mofrt_post_path(w->out, path, err);
}

static int run(const mofsrv *s, const mofrt_op *op, const mofrt_path *source, mofrt_sink *out, bool refs,
               mofrt_error *err)
{
    mofrt_error_clear(err);
    const char *filter = refs ? op->result_class : op->assoc_class;
    if (!mofsrv_schema_find(&s->schema, source->class_name))
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_DISPATCH,
                               "ObjectName: no class %.200s", source->class_name);
    /* a path naming a base class of the instance (GetInstance finds it so):
     * the associations refer to it by its own class, so it is looked up by
     * its own name */
    mofrt_instance *real = NULL;
    const mofsrv_class *sc = mofsrv_schema_find(&s->schema, source->class_name);
    mofrt_error ge;
    if (sc->nsubs > 1 && mofsrv_get_copy(s, source, &real, &ge) == 0 && real->path)
        source = real->path;
    walk w = { s, op, source, out, refs, MOFSRV_PATHSET_INIT };
    mofsrv_nsink assoc, direct;
    mofsrv_nsink_init(&assoc, s, take_assoc, &w);
    mofsrv_nsink_init(&direct, s, take_direct, &w);
    int rc = 0;
    for (size_t i = 0; i < s->schema.nclasses && rc == 0; i++) {
        const mofsrv_class *a = &s->schema.classes[i];
        if (!a->association || (filter && !mofsrv_class_is_a(a, filter)))
            continue;
        const mofsrv_route *r = mofsrv_route_of(s, a);
        if (!r || !r->prov || !r->prov->ft)
            continue;
        /* the store enumerates a class with its subclasses: ask it once,
         * at the top of each hierarchy it serves */
        const mofsrv_class *up = a->super;
        if (r->prov == &mofsrv_store_provider && up && up->association &&
            mofsrv_route_of(s, up)->prov == r->prov && (!filter || mofsrv_class_is_a(up, filter)))
            continue;
        const mofrt_provider_ft *ft = r->prov->ft;
        mofrt_call_status (*own)(const mofrt_class_provider *, void *, const mofrt_op *, const mofrt_path *,
                                 mofrt_sink *, mofrt_error *) = refs ? ft->references : ft->associators;
        mofrt_error e;
        mofrt_error_clear(&e);
        mofrt_call_status st = MOFRT_CALL_NOT_IMPLEMENTED;
        if (own)
            st = own(r->prov, r->ctx, op, source, &direct.base, &e);
        if (st == MOFRT_CALL_NOT_IMPLEMENTED && ft->enumerate) {
            /* the default: this class's instances, exactly */
            mofrt_op eop = *op;
            eop.kind = MOFRT_OP_ENUMERATE_INSTANCES;
            eop.class_name = a->name;
            eop.names_only = false;
            eop.has_props = false;
            mofrt_error_clear(&e);
            st = ft->enumerate(r->prov, r->ctx, &eop, &assoc.base, &e);
        }
        if (st == MOFRT_CALL_FAILED) {
            *err = e;
            if (err->code == MOFRT_CIM_OK)
                err->code = MOFRT_CIM_ERR_FAILED;
            rc = -1;
        }
    }
    mofsrv_pathset_clear(&w.seen);
    mofrt_instance_free(real);
    return rc;
}

int mofsrv_associators(const mofsrv *s, const mofrt_op *op, const mofrt_path *source, mofrt_sink *out,
                       mofrt_error *err)
{
    return run(s, op, source, out, false, err);
}

int mofsrv_references(const mofsrv *s, const mofrt_op *op, const mofrt_path *source, mofrt_sink *out,
                      mofrt_error *err)
{
    return run(s, op, source, out, true, err);
}
