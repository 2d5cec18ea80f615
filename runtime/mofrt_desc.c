/* Descriptor-driven routines over generated structs: typed struct <->
 * instance, method In filling, Out encoding, and release. */
#include "runtime/mofrt_internal.h"
#include "runtime/mofrt_str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const mofrt_method_desc *mofrt_class_find_method(const mofrt_class_desc *cls, const char *name)
{
    for (size_t i = 0; cls && name && i < cls->nmethods; i++)
        if (mofrt_name_eq(cls->methods[i].name, name))
            return &cls->methods[i];
    return NULL;
}

const mofrt_prop_desc *mofrt_class_find_prop(const mofrt_class_desc *cls, const char *name)
{
    for (size_t i = 0; cls && name && i < cls->nprops; i++)
        if (mofrt_name_eq(cls->props[i].name, name))
            return &cls->props[i];
    return NULL;
}

void mofrt_struct_clear(const mofrt_class_desc *cls, void *obj)
{
    if (!cls || !obj)
        return;
    for (size_t i = 0; i < cls->nprops; i++)
        mofrt_field_clear(cls->props[i].type, cls->props[i].flags, (char *)obj + cls->props[i].offset);
}

void mofrt_struct_free(const mofrt_class_desc *cls, void *obj)
{
    mofrt_struct_clear(cls, obj);
    free(obj);
}

/* ---- a class's properties by name, for p lookups in O(p log P) --------------- */
static int by_prop_name(const void *x, const void *y)
{
    return mofrt_name_cmp((*(const mofrt_prop_desc *const *)x)->name, (*(const mofrt_prop_desc *const *)y)->name);
}

static int name_vs_prop(const void *key, const void *elem)
{
    return mofrt_name_cmp(key, (*(const mofrt_prop_desc *const *)elem)->name);
}

/* cls's properties sorted by name (malloc'd; NULL when it has none or out of memory). */
static const mofrt_prop_desc **props_by_name(const mofrt_class_desc *cls)
{
    const mofrt_prop_desc **idx = cls->nprops ? malloc(cls->nprops * sizeof *idx) : NULL;
    for (size_t i = 0; idx && i < cls->nprops; i++)
        idx[i] = &cls->props[i];
    if (idx)
        qsort(idx, cls->nprops, sizeof *idx, by_prop_name);
    return idx;
}

static const mofrt_prop_desc *prop_named(const mofrt_prop_desc **idx, size_t n, const char *name)
{
    const mofrt_prop_desc **p = idx && name ? bsearch(name, idx, n, sizeof *idx, name_vs_prop) : NULL;
    return p ? *p : NULL;
}

const char *mofrt__unknown_prop(const mofrt_class_desc *cls, const mofrt_instance *inst, bool *oom)
{
    *oom = false;
    if (!inst->count)
        return NULL;
    const mofrt_prop_desc **idx = props_by_name(cls);
    if (cls->nprops && !idx) {
        *oom = true;
        return NULL;
    }
    const char *unknown = NULL;
    for (size_t i = 0; !unknown && i < inst->count; i++)
        if (!prop_named(idx, cls->nprops, inst->props[i].name))
            unknown = inst->props[i].name;
    free(idx);
    return unknown;
}

int mofrt_struct_from_instance(const mofrt_class_desc *cls, const mofrt_instance *inst,
                               void *obj, const mofrt_limits *lim, mofrt_error *err)
{
    if (!inst->count)
        return 0;
    /* each of the instance's properties looked up by halves (a search of
     * the instance per class property was O(p P)); a repeated name: the
     * first, as mofrt_instance_get finds it */
    const mofrt_prop_desc **idx = props_by_name(cls);
    bool *done = calloc(cls->nprops ? cls->nprops : 1, sizeof *done);
    if ((cls->nprops && !idx) || !done) {
        free(idx);
        free(done);
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < inst->count; i++) {
        const mofrt_prop_desc *pd = prop_named(idx, cls->nprops, inst->props[i].name);
        if (!pd || done[pd - cls->props])
            continue;   /* not the class's: stays absent */
        done[pd - cls->props] = true;
        if (mofrt_field_from_value(pd->type, pd->flags, pd->embedded, &inst->props[i].value,
                                   (char *)obj + pd->offset, lim, err) < 0) {
            char where[96];
            snprintf(where, sizeof where, "property '%.60s'", pd->name);
            mofrt_error_prefix(err, where);
            mofrt_struct_clear(cls, obj);
            rc = -1;
        }
    }
    free(idx);
    free(done);
    return rc;
}

mofrt_instance *mofrt_struct_to_instance(const mofrt_class_desc *cls, const void *obj,
                                         mofrt_error *err)
{
    mofrt_instance *inst = mofrt_instance_new(cls->name);
    if (!inst) {
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < cls->nprops; i++) {
        const mofrt_prop_desc *pd = &cls->props[i];
        const void *field = (const char *)obj + pd->offset;
        if (mofrt__field_state(pd->type, pd->flags, field) == MOFRT_ABSENT)
            continue;
        mofrt_value v;
        /* a descriptor names each property once: appended, not searched
         * for (a search per property was O(p^2) per instance) */
        if (mofrt_field_to_value(pd->type, pd->flags, field, &v, err) < 0 ||
            mofrt_instance_add(inst, pd->name, &v, err) < 0) {
            mofrt_instance_free(inst);
            return NULL;
        }
    }
    return inst;
}

void mofrt_xml_write_struct(mofrt_xw *w, const mofrt_class_desc *cls, const void *obj)
{
    mofrt_instance *inst = mofrt_struct_to_instance(cls, obj, NULL);
    if (!inst) {
        w->bad = true;
        return;
    }
    mofrt_xml_write_instance(w, inst);
    mofrt_instance_free(inst);
}

static bool is_in(const mofrt_param_desc *pd)
{
    /* Parameters without IN or OUT are input parameters (DSP0004 default). */
    return (pd->flags & MOFRT_F_IN) || !(pd->flags & MOFRT_F_OUT);
}

void mofrt_method_in_clear(const mofrt_method_desc *m, void *in)
{
    for (size_t i = 0; m && in && i < m->nparams; i++)
        if (is_in(&m->params[i]))
            mofrt_field_clear(m->params[i].type, m->params[i].flags, (char *)in + m->params[i].in_offset);
}

void mofrt_method_out_clear(const mofrt_method_desc *m, void *out)
{
    for (size_t i = 0; m && out && i < m->nparams; i++)
        if (m->params[i].flags & MOFRT_F_OUT)
            mofrt_field_clear(m->params[i].type, m->params[i].flags, (char *)out + m->params[i].out_offset);
}

static const mofrt_param_desc *find_param(const mofrt_method_desc *m, const char *name)
{
    for (size_t i = 0; i < m->nparams; i++)
        if (mofrt_name_eq(m->params[i].name, name))
            return &m->params[i];
    return NULL;
}

/* Parameter faults are always CIM_ERR_INVALID_PARAMETER (except OOM). */
static int param_fault(mofrt_error *err, const char *name)
{
    if (err && err->kind != MOFRT_E_NOMEM) {
        err->code = MOFRT_CIM_ERR_INVALID_PARAMETER;
        err->kind = MOFRT_E_PARAM;
    }
    char where[96];
    snprintf(where, sizeof where, "parameter '%.60s'", name);
    mofrt_error_prefix(err, where);
    return -1;
}

int mofrt_method_fill_in(const mofrt_method_desc *m, const mofrt_request *req, void *in,
                         const mofrt_limits *lim, mofrt_error *err)
{
    mofrt_limits storage;
    lim = mofrt__limits(lim, &storage);
    for (size_t i = 0; i < req->nparams; i++) {
        const mofrt_param *p = &req->params[i];
        const mofrt_param_desc *pd = find_param(m, p->name);
        if (!pd) {
            mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PARAM,
                            "method %.60s has no parameter '%.60s'", m->name, p->name);
            goto fail;
        }
        if (!is_in(pd)) {
            mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PARAM,
                            "parameter '%.60s' of %.60s is output-only", pd->name, m->name);
            goto fail;
        }
        void *field = (char *)in + pd->in_offset;
        if (mofrt__field_state(pd->type, pd->flags, field) != MOFRT_ABSENT) {
            mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PARAM,
                            "parameter '%.60s' given twice", pd->name);
            goto fail;
        }
        if (mofrt_field_from_value(pd->type, pd->flags, pd->embedded, &p->value, field, lim, err) < 0) {
            param_fault(err, pd->name);
            goto fail;
        }
    }
    for (size_t i = 0; i < m->nparams; i++) {
        const mofrt_param_desc *pd = &m->params[i];
        if (!is_in(pd) || !(pd->flags & MOFRT_F_REQUIRED))
            continue;
        mofrt_state st = mofrt__field_state(pd->type, pd->flags, (char *)in + pd->in_offset);
        if (st != MOFRT_SET) {
            mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PARAM,
                            st == MOFRT_NULL ? "required parameter '%.60s' is NULL"
                                             : "missing required parameter '%.60s'",
                            pd->name);
            goto fail;
        }
    }
    return 0;
fail:
    mofrt_method_in_clear(m, in);
    return -1;
}

int mofrt_method_encode_out(const mofrt_method_desc *m, const char *msg_id, const void *out,
                            const mofrt_f_any *ret, mofrt_buf *response, mofrt_error *err)
{
    mofrt_xw w;
    mofrt_xw_init(&w, response);
    mofrt_xml_response_begin(&w, msg_id);
    mofrt_xw_start(&w, "METHODRESPONSE");
    mofrt_xw_attr(&w, "NAME", m->name);
    mofrt_value v;
    if (m->ret_type != MOFRT_T_NONE && ret) {
        if (mofrt_field_to_value(m->ret_type, 0, ret, &v, err) < 0)
            return -1;
        if (v.type == MOFRT_T_NONE)
            v = mofrt_value_null(m->ret_type);   /* provider left it absent */
        mofrt__write_paramvalue(&w, "RETURNVALUE", NULL, &v);
        mofrt_value_clear(&v);
    }
    for (size_t i = 0; i < m->nparams; i++) {
        const mofrt_param_desc *pd = &m->params[i];
        if (!(pd->flags & MOFRT_F_OUT))
            continue;
        const void *field = (const char *)out + pd->out_offset;
        if (mofrt__field_state(pd->type, pd->flags, field) == MOFRT_ABSENT)
            continue;
        if (mofrt_field_to_value(pd->type, pd->flags, field, &v, err) < 0) {
            char where[96];
            snprintf(where, sizeof where, "output parameter '%.60s'", pd->name);
            mofrt_error_prefix(err, where);
            return -1;
        }
        mofrt__write_paramvalue(&w, "PARAMVALUE", pd->name, &v);
        mofrt_value_clear(&v);
    }
    mofrt_xw_end(&w);
    mofrt_xml_response_end(&w);
    return mofrt_xw_finish(&w, err);
}
