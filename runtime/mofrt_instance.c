/* Generic instances: class name + case-insensitively named values. */
#include "runtime/mofrt_value.h"
#include "runtime/mofrt_path.h"
#include "runtime/mofrt_str.h"

#include <stdlib.h>

mofrt_instance *mofrt_instance_new(const char *class_name)
{
    mofrt_instance *inst = calloc(1, sizeof *inst);
    if (!inst)
        return NULL;
    inst->class_name = mofrt_strdup(class_name ? class_name : "");
    if (!inst->class_name) {
        free(inst);
        return NULL;
    }
    return inst;
}

void mofrt_instance_free(mofrt_instance *inst)
{
    if (!inst)
        return;
    for (size_t i = 0; i < inst->count; i++) {
        free(inst->props[i].name);
        mofrt_value_clear(&inst->props[i].value);
    }
    free(inst->props);
    mofrt_path_free(inst->path);
    free(inst->class_name);
    free(inst);
}

static mofrt_property *find(const mofrt_instance *inst, const char *name)
{
    for (size_t i = 0; i < inst->count; i++)
        if (mofrt_name_eq(inst->props[i].name, name))
            return &inst->props[i];
    return NULL;
}

const mofrt_value *mofrt_instance_get(const mofrt_instance *inst, const char *name)
{
    if (!inst || !name)
        return NULL;
    mofrt_property *p = find(inst, name);
    return p ? &p->value : NULL;
}

int mofrt_instance_set(mofrt_instance *inst, const char *name, mofrt_value *v, mofrt_error *err)
{
    mofrt_property *p = find(inst, name);
    if (p) {
        mofrt_value_move(&p->value, v);
        return 0;
    }
    return mofrt_instance_add(inst, name, v, err);
}

int mofrt_instance_add(mofrt_instance *inst, const char *name, mofrt_value *v, mofrt_error *err)
{
    mofrt_property *p;
    if (inst->count == inst->cap) {
        size_t cap = inst->cap ? inst->cap * 2 : 8;
        mofrt_property *np = realloc(inst->props, cap * sizeof *np);
        if (!np)
            goto oom;
        inst->props = np;
        inst->cap = cap;
    }
    char *n = mofrt_strdup(name);
    if (!n)
        goto oom;
    p = &inst->props[inst->count++];
    p->name = n;
    p->value = *v;
    mofrt_value z = MOFRT_VALUE_INIT;
    *v = z;
    return 0;
oom:
    mofrt_value_clear(v);
    return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
}

mofrt_instance *mofrt_instance_copy(const mofrt_instance *inst)
{
    if (!inst)
        return NULL;
    mofrt_instance *c = mofrt_instance_new(inst->class_name);
    if (!c)
        return NULL;
    if (inst->path && !(c->path = mofrt_path_copy(inst->path)))
        goto fail;
    for (size_t i = 0; i < inst->count; i++) {
        mofrt_value v;
        if (mofrt_value_copy(&v, &inst->props[i].value, NULL) < 0 ||
            mofrt_instance_add(c, inst->props[i].name, &v, NULL) < 0)   /* names already unique */
            goto fail;
    }
    return c;
fail:
    mofrt_instance_free(c);
    return NULL;
}
