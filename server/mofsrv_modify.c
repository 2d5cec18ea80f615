/* libmofsrv: ModifyInstance's checks, GetProperty and SetProperty (see
 * mofsrv_modify.h). */
#include "server/mofsrv_modify.h"

#include <stdlib.h>
#include <string.h>

#include "server/mofsrv_classprops.h"
#include "server/mofsrv_conform.h"
#include "server/mofsrv_ops.h"

/* The class whose properties inst may have: by a base-class name, the
 * INSTANCE of a subclass (as GetInstance gave it) has that subclass's. */
static const mofsrv_class *props_class(const mofsrv *s, const char *named, const char *inst_class)
{
    const mofsrv_class *c = mofsrv_schema_find(&s->schema, named);
    const mofsrv_class *ic = c ? mofsrv_schema_find(&s->schema, inst_class) : NULL;
    return ic && mofsrv_class_is_a(ic, c->name) ? ic : c;
}

static int bad(mofrt_error *err, const char *what, const char *name)
{
    return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PARAM, "%s%.200s", what, name);
}

int mofsrv_check_names(const mofsrv_props *props, const mofrt_op *op, const mofrt_instance *inst, bool *wanted,
                       mofrt_error *err)
{
    for (size_t i = 0; i < props->count && wanted; i++)
        wanted[i] = !op || !op->has_props;
    for (size_t i = 0; i < inst->count; i++)
        if (!mofsrv_props_find(props, inst->props[i].name))
            return bad(err, "no such property: ", inst->props[i].name);
    for (size_t i = 0; op && op->has_props && i < op->nprops; i++) {
        const mofrt_prop_desc *d = op->props[i] ? mofsrv_props_find(props, op->props[i]) : NULL;
        if (op->props[i] && !d)
            return bad(err, "PropertyList: no such property: ", op->props[i]);
        if (d && wanted)
            wanted[d - props->items] = true;
    }
    return 0;
}

/* The provider sees the keys and the properties `wanted` marks (borrowed
 * from inst), or inst itself when every one is wanted. A property the
 * PropertyList names and inst lacks is given as its default, or NULL
 * (DSP0200 5.3.2.8: it is set to that, not left as it was), so a module
 * and the store apply it alike. */
static int modify_view(const mofsrv *s, const mofrt_op *op, const mofrt_instance *inst, const mofsrv_props *props,
                       const bool *wanted, mofrt_error *err)
{
    if (!op->has_props)
        return mofsrv_modify(s, op, inst, err);
    mofrt_instance view = *inst;
    bool *given = calloc(props->count ? props->count : 1, sizeof *given);
    view.props = malloc((inst->count + props->count + 1) * sizeof *view.props);
    if (!view.props || !given) {
        free(view.props);
        free(given);
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    }
    view.count = 0;
    for (size_t i = 0; i < inst->count; i++) {
        const mofrt_prop_desc *d = mofsrv_props_find(props, inst->props[i].name);
        if (d)
            given[d - props->items] = true;
        if (d && ((d->flags & MOFRT_F_KEY) || wanted[d - props->items]))
            view.props[view.count++] = inst->props[i];
    }
    size_t borrowed = view.count;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < props->count; i++) {
        const mofrt_prop_desc *d = &props->items[i];
        if (!wanted[i] || given[i] || (d->flags & MOFRT_F_KEY))
            continue;
        mofrt_property *p = &view.props[view.count];
        p->name = (char *)d->name;   /* borrowed: the view is never freed as an instance */
        if ((rc = mofsrv_conform_default(&s->schema, d, &p->value, err)) == 0)
            view.count++;
    }
    view.cap = view.count;
    if (rc == 0)
        rc = mofsrv_modify(s, op, &view, err);
    for (size_t i = borrowed; i < view.count; i++)
        mofrt_value_clear(&view.props[i].value);
    free(view.props);
    free(given);
    return rc;
}

int mofsrv_modify_instance(const mofsrv *s, const mofrt_op *op, const mofrt_instance *inst, mofrt_error *err)
{
    mofrt_error_clear(err);
    const mofsrv_class *pc = props_class(s, inst->path->class_name, inst->class_name);
    if (!pc)
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_CLASS, MOFRT_E_DISPATCH, "no class %.200s",
                               inst->path->class_name);
    mofsrv_props props;
    if (mofsrv_props_of(pc, &props, err) < 0)
        return -1;
    bool *wanted = calloc(props.count ? props.count : 1, sizeof *wanted);
    int rc = wanted ? 0 : mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    if (rc == 0)
        rc = mofsrv_check_names(&props, op, inst, wanted, err);
    if (rc == 0)
        rc = mofsrv_conform_keys(&s->schema, pc, inst, inst->path, err);
    if (rc == 0)
        rc = modify_view(s, op, inst, &props, wanted, err);
    free(wanted);
    mofsrv_props_free(&props);
    return rc;
}

/* The instance `name` names, with the client's user, asking for prop only;
 * *pc: its class, which must declare prop. */
static mofrt_instance *instance_with(const mofsrv *s, const mofrt_op *op, const mofrt_path *name,
                                     const char *prop, const mofsrv_class **pc, mofrt_error *err)
{
    const char *const want[] = { prop };
    mofrt_op gop = *op;
    gop.kind = MOFRT_OP_GET_INSTANCE;
    gop.class_name = name->class_name;
    gop.has_props = true;
    gop.nprops = 1;
    gop.props = want;
    mofrt_instance *inst = NULL;
    if (mofsrv_get_copy_op(s, &gop, name, &inst, err) < 0)
        return NULL;
    *pc = props_class(s, name->class_name, inst->class_name);
    mofsrv_props cp;
    if (mofsrv_props_of(*pc, &cp, err) < 0) {
        mofrt_instance_free(inst);
        return NULL;
    }
    bool has = mofsrv_props_find(&cp, prop) != NULL;
    mofsrv_props_free(&cp);
    if (!has) {
        mofrt_error_set(err, MOFRT_CIM_ERR_NO_SUCH_PROPERTY, MOFRT_E_PARAM, "class %.100s has no property %.100s",
                        (*pc)->name, prop);
        mofrt_instance_free(inst);
        return NULL;
    }
    return inst;
}

int mofsrv_get_property(const mofsrv *s, const mofrt_op *op, const mofrt_path *name, const char *prop,
                        mofrt_value *out, mofrt_error *err)
{
    mofrt_error_clear(err);
    const mofsrv_class *pc;
    mofrt_instance *inst = instance_with(s, op, name, prop, &pc, err);
    if (!inst)
        return -1;
    const mofrt_value *v = mofrt_instance_get(inst, prop);
    int rc = 0;
    if (v)
        rc = mofrt_value_copy(out, v, err);
    else
        *out = mofrt_value_null(MOFRT_T_STRING);
    mofrt_instance_free(inst);
    return rc;
}

int mofsrv_set_property(const mofsrv *s, const mofrt_op *op, const mofrt_path *name, const char *prop,
                        const mofrt_value *v, mofrt_error *err)
{
    mofrt_error_clear(err);
    const mofsrv_class *pc;
    mofrt_instance *cur = instance_with(s, op, name, prop, &pc, err);
    if (!cur)
        return -1;
    /* the one property, typed as the instance's class declares it */
    mofrt_instance *given = mofrt_instance_new(pc->name), *typed = NULL;
    mofrt_value copy;
    int rc = given ? mofrt_value_copy(&copy, v, err) : mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM,
                                                                        "out of memory");
    if (rc == 0)
        rc = mofrt_instance_set(given, prop, &copy, err);
    if (rc == 0 && mofsrv_conform(&s->schema, pc, given, 0, &typed, err) < 0) {
        if (err->code == MOFRT_CIM_ERR_INVALID_PARAMETER)
            err->code = MOFRT_CIM_ERR_TYPE_MISMATCH;   /* DSP0200 5.3.2.19 */
        rc = -1;
    }
    if (rc == 0)
        rc = mofsrv_conform_keys(&s->schema, pc, typed, cur->path, err);
    if (rc == 0 && !(typed->path = mofrt_path_copy(cur->path)))
        rc = mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    if (rc == 0) {
        const char *const props[] = { prop };
        mofrt_op mop = *op;
        mop.kind = MOFRT_OP_MODIFY_INSTANCE;
        mop.class_name = cur->path->class_name;
        mop.has_props = true;
        mop.nprops = 1;
        mop.props = props;
        rc = mofsrv_modify(s, &mop, typed, err);
    }
    mofrt_instance_free(typed);
    mofrt_instance_free(given);
    mofrt_instance_free(cur);
    return rc;
}
