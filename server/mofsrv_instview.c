/* libmofsrv: the instance as sent — every class property, the request's
 * filters, class origins (see mofsrv_instview.h). */
#include "server/mofsrv_instview.h"

#include <stdlib.h>
#include <string.h>

/* ---- the view -------------------------------------------------------------------- */
/* The index of property name in inst, looked for at *cursor first (a
 * provider posts in declaration order, so the walk is linear); SIZE_MAX
 * when absent. */
static size_t find_prop(const mofrt_instance *inst, const char *name, size_t *cursor)
{
    if (*cursor < inst->count && mofrt_name_eq(inst->props[*cursor].name, name))
        return (*cursor)++;
    for (size_t j = 0; j < inst->count; j++)
        if (mofrt_name_eq(inst->props[j].name, name)) {
            *cursor = j + 1;
            return j;
        }
    return (size_t)-1;
}

/* The posted instance is sent as it is: no filter, every class property
 * there in declaration order, nothing else. */
static bool unchanged(const mofrt_prop_desc *props, size_t n, const mofrt_instance *inst)
{
    if (inst->count != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!mofrt_name_eq(inst->props[i].name, props[i].name))
            return false;
    return true;
}

/* only: the properties of the class DeepInheritance=false keeps (NULL:
 * every class's), looked up in O(log n) per property */
static bool wanted(const mofrt_op *op, const mofsrv_props *only, const mofsrv_class *c, const char *name,
                   const char *origin)
{
    if (!mofrt_op_wants(op, name))
        return false;
    if (only && !mofsrv_props_find(only, name))
        return false;
    /* LocalOnly (a parameter of GetInstance and EnumerateInstances only;
     * op->local_only is true by default for the class operations): what
     * the instance's class itself defines or overrides */
    bool local = op && op->local_only &&
                 (op->kind == MOFRT_OP_GET_INSTANCE || op->kind == MOFRT_OP_ENUMERATE_INSTANCES);
    return !(local && origin && !mofrt_name_eq(origin, c->name));
}

const mofrt_instance *mofsrv_iview_make(mofsrv_iview *v, const mofsrv_schema *schema, const mofrt_op *op,
                                        const mofsrv_class *only_of, const mofrt_instance *inst)
{
    memset(v, 0, sizeof *v);
    const mofsrv_class *c = mofsrv_schema_find(schema, inst->class_name);
    bool origins = op && op->include_class_origin;
    bool filters = (op && (op->has_props || op->local_only)) || only_of;   /* (local_only: see wanted) */
    /* the class's properties: a descriptor's as they are (no copy per
     * result), a CLASS element's read once for this result */
    const mofrt_prop_desc *props = NULL;
    size_t n = 0;
    if (c && c->desc) {
        props = c->desc->props;
        n = c->desc->nprops;
    } else if (c) {
        if (mofsrv_props_of(c, &v->cprops, NULL) < 0)
            return NULL;
        props = v->cprops.items;
        n = v->cprops.count;
    }
    if (!filters && !origins && (!c || unchanged(props, n, inst)))
        return inst;
    if (!c)
        n = inst->count;
    v->props = malloc((n ? n : 1) * sizeof *v->props);
    v->origins = origins ? calloc(n ? n : 1, sizeof *v->origins) : NULL;
    if (!v->props || (origins && !v->origins)) {
        mofsrv_iview_clear(v);
        return NULL;
    }
    v->inst = *inst;
    v->inst.props = v->props;
    v->inst.count = 0;
    v->inst.cap = n;
    if (!c) {   /* an unknown class: as posted, PropertyList applied */
        for (size_t i = 0; i < inst->count; i++)
            if (mofrt_op_wants(op, inst->props[i].name))
                v->props[v->inst.count++] = inst->props[i];
        return &v->inst;
    }
    /* DeepInheritance=false: the properties of the requested class, sorted
     * once per instance rather than searched once per property */
    const mofsrv_props *only = NULL;
    if (only_of && only_of != c) {
        if (mofsrv_props_of(only_of, &v->oprops, NULL) < 0) {
            mofsrv_iview_clear(v);
            return NULL;
        }
        only = &v->oprops;
    }
    size_t cursor = 0;
    for (size_t i = 0; i < n; i++) {
        const mofrt_prop_desc *p = &props[i];
        if (!wanted(op, only, c, p->name, p->origin))
            continue;
        size_t j = find_prop(inst, p->name, &cursor);
        mofrt_property *out = &v->props[v->inst.count];
        if (j != (size_t)-1) {
            *out = inst->props[j];
        } else {
            out->name = (char *)p->name;   /* borrowed: the view never frees names */
            out->value = mofrt_value_null(p->type);
            out->value.is_array = (p->flags & MOFRT_F_ARRAY) != 0;
        }
        if (origins)
            v->origins[v->inst.count] = p->origin;
        v->inst.count++;
    }
    return &v->inst;
}

void mofsrv_iview_clear(mofsrv_iview *v)
{
    free(v->props);
    free(v->origins);
    mofsrv_props_free(&v->cprops);
    mofsrv_props_free(&v->oprops);
    memset(v, 0, sizeof *v);
}
