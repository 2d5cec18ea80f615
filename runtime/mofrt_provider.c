/* libmofrt: the small generic part of the provider interface (see
 * mofrt_provider.h): sink calls, PropertyList test, module checks. */
#include "mofrt_provider.h"

#include "mofrt_str.h"

bool mofrt_op_wants(const mofrt_op *op, const char *name)
{
    if (!op || !op->has_props)
        return true;
    if (op->props_sorted) {
        size_t lo = 0, hi = op->nprops;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = mofrt_name_cmp(op->props[mid], name);
            if (c == 0)
                return name != NULL;
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        return false;
    }
    for (size_t i = 0; i < op->nprops; i++)
        if (op->props[i] && mofrt_name_eq(op->props[i], name))
            return true;
    return false;
}

/* A sink without the entry asked for is a host bug: say so, never crash. */
static int no_entry(mofrt_error *err, const char *what)
{
    return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "the host's sink takes no %s", what);
}

int mofrt_post_instance(mofrt_sink *s, const mofrt_instance *inst, mofrt_error *err)
{
    if (!inst)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "NULL instance posted");
    return s && s->instance ? s->instance(s, inst, err) : no_entry(err, "instances");
}

int mofrt_post_object(mofrt_sink *s, const mofrt_class_desc *cls, const void *obj, mofrt_error *err)
{
    if (!cls || !obj)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "NULL object posted");
    return s && s->object ? s->object(s, cls, obj, err) : no_entry(err, "typed objects");
}

int mofrt_post_path(mofrt_sink *s, const mofrt_path *path, mofrt_error *err)
{
    if (!path)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "NULL path posted");
    return s && s->path ? s->path(s, path, err) : no_entry(err, "paths");
}

static bool has_class(const mofrt_module *m, const mofrt_class_desc *c)
{
    for (size_t i = 0; i < m->nclasses; i++)
        if (m->classes[i] == c)
            return true;
    return false;
}

int mofrt_module_check(const mofrt_module *m, mofrt_error *err)
{
    if (!m)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "no module");
    if (m->abi != MOFRT_PROVIDER_ABI)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                               "module built for provider ABI %u, this host has %u", m->abi,
                               (unsigned)MOFRT_PROVIDER_ABI);
    if ((m->nclasses && !m->classes) || (m->nproviders && !m->providers))
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "module tables missing");
    for (size_t i = 0; i < m->nclasses; i++)
        if (!m->classes[i] || !m->classes[i]->name)
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "module class %zu has no name", i);
    for (size_t i = 0; i < m->nproviders; i++) {
        const mofrt_class_provider *p = &m->providers[i];
        if (!p->cls || !has_class(m, p->cls))
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                                   "provider %zu serves a class the module does not declare", i);
        for (size_t j = 0; j < i; j++)
            if (mofrt_name_eq(m->providers[j].cls->name, p->cls->name))
                return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                                       "class %.100s has two providers", p->cls->name);
    }
    return 0;
}

mofrt_call_status mofrt_not_implemented(const mofrt_class_desc *cls, const char *what, mofrt_error *err)
{
    mofrt_error_set(err, MOFRT_CIM_ERR_NOT_SUPPORTED, MOFRT_E_DISPATCH, "%.100s.%.60s is not implemented",
                    cls && cls->name ? cls->name : "?", what);
    return MOFRT_CALL_NOT_IMPLEMENTED;
}
