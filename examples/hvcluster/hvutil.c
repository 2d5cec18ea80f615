/* hvclusterd: helpers on instances, fields and time. */
#include "examples/hvcluster/hvutil.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *hv_get_str(const mofrt_instance *inst, const char *name)
{
    const mofrt_value *v = inst ? mofrt_instance_get(inst, name) : NULL;
    return v && !v->is_null && !v->is_array && v->type == MOFRT_T_STRING ? v->v.s : NULL;
}

bool hv_get_uint(const mofrt_instance *inst, const char *name, uint64_t *out)
{
    const mofrt_value *v = inst ? mofrt_instance_get(inst, name) : NULL;
    if (!v || v->is_null || v->is_array || !mofrt_type_is_unsigned(v->type))
        return false;
    *out = v->v.u;
    return true;
}

bool hv_get_bool(const mofrt_instance *inst, const char *name, bool *out)
{
    const mofrt_value *v = inst ? mofrt_instance_get(inst, name) : NULL;
    if (!v || v->is_null || v->is_array || v->type != MOFRT_T_BOOLEAN)
        return false;
    *out = v->v.b;
    return true;
}

const mofrt_path *hv_get_ref(const mofrt_instance *inst, const char *name)
{
    const mofrt_value *v = inst ? mofrt_instance_get(inst, name) : NULL;
    return v && !v->is_null && !v->is_array && v->type == MOFRT_T_REFERENCE ? v->v.ref : NULL;
}

void hv_fstr(mofrt_f_string *f, const char *s)
{
    free(f->v);
    f->v = mofrt_strdup(s);
    f->state = f->v ? MOFRT_SET : MOFRT_NULL;
}

void hv_fref(mofrt_f_ref *f, const mofrt_path *p)
{
    mofrt_path_free(f->v);
    f->v = mofrt_path_copy(p);
    f->state = f->v ? MOFRT_SET : MOFRT_NULL;
}

void hv_fstrs(mofrt_a_string *f, const char *const *s, size_t n)
{
    char **items = calloc(n ? n : 1, sizeof *items);
    f->state = MOFRT_NULL;
    if (!items)
        return;
    for (size_t i = 0; i < n; i++)
        items[i] = mofrt_strdup(s[i]);
    f->items = items;
    f->count = n;
    f->nulls = NULL;
    f->state = MOFRT_SET;
}

mofrt_datetime hv_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return mofrt_datetime_from_time(ts.tv_sec, (uint32_t)(ts.tv_nsec / 1000), false);
}

uint64_t hv_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}
