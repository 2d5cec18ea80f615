/* hvclusterd provider: association lookups, instance building, jobs. */
#include "examples/hvcluster/provider_int.h"

#include <stdlib.h>
#include <string.h>

int hv_paths_add(hv_paths *l, mofrt_path *p)
{
    if (!p)
        return -1;
    if (l->count == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 8;
        mofrt_path **n = realloc(l->items, nc * sizeof *n);
        if (!n) {
            mofrt_path_free(p);
            return -1;
        }
        l->items = n;
        l->cap = nc;
    }
    l->items[l->count++] = p;
    return 0;
}

void hv_paths_clear(hv_paths *l)
{
    for (size_t i = 0; i < l->count; i++)
        mofrt_path_free(l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

typedef struct assoc_walk {
    const char *role, *other;
    const mofrt_path *target;
    hv_paths *assocs, *others;
    int rc;
} assoc_walk;

static int assoc_one(void *arg, const mofrt_instance *inst)
{
    assoc_walk *w = arg;
    const mofrt_path *r = hv_get_ref(inst, w->role);
    if (!r || !mofrt_path_equal(r, w->target))
        return 0;
    if (w->assocs && hv_paths_add(w->assocs, mofrt_path_copy(inst->path)) < 0)
        return w->rc = -1;
    if (w->others) {
        const mofrt_path *o = hv_get_ref(inst, w->other);
        if (o && hv_paths_add(w->others, mofrt_path_copy(o)) < 0)
            return w->rc = -1;
    }
    return 0;
}

int hv_find_assoc(const hv_provider *p, const char *assoc_class, const char *role,
                  const mofrt_path *target, const char *other, hv_paths *assocs, hv_paths *others)
{
    const mofsrv_class *c = mofsrv_schema_find(p->schema, assoc_class);
    if (!c)
        return 0;
    assoc_walk w = { role, other, target, assocs, others, 0 };
    mofsrv_store_each(p->store, c, assoc_one, &w);
    return w.rc;
}

mofrt_instance *hv_from_struct(const hv_provider *p, const mofrt_class_desc *cls, void *obj,
                               mofrt_error *err)
{
    mofrt_instance *inst = mofrt_struct_to_instance(cls, obj, err);
    mofrt_struct_clear(cls, obj);
    if (!inst)
        return NULL;
    inst->path = mofsrv_schema_path_of(p->schema, inst, err);
    if (!inst->path) {
        mofrt_instance_free(inst);
        return NULL;
    }
    return inst;
}

mofrt_path *hv_out_path(const hv_provider *p, const mofrt_path *path)
{
    mofrt_path *c = mofrt_path_copy(path);
    if (c && mofrt_path_set_ns(c, NULL, p->cfg.ns, NULL) < 0) {
        mofrt_path_free(c);
        return NULL;
    }
    return c;
}

int hv_new_job(hv_provider *p, mofsrv_txn *t, uint16_t job_type, uint16_t state, const char *what,
               mofrt_path **job, mofrt_error *err)
{
    char guid[37];
    hv_ids_guid(&p->ids, guid);
    Msvm_ConcreteJob j;
    memset(&j, 0, sizeof j);
    mofrt_datetime now = hv_now();
    hv_fstr(&j.InstanceID, guid);
    hv_fstr(&j.Caption, what);
    hv_fstr(&j.Description, what);
    hv_fstr(&j.ElementName, what);
    hv_fstr(&j.Name, what);
    hv_fstr(&j.JobStatus, state == CIM_ConcreteJob_JobState_COMPLETED ? "Job completed successfully"
                                                                       : "Job is running");
    MOFRT_SET_VALUE(&j.JobType, job_type);
    MOFRT_SET_VALUE(&j.JobState, state);
    MOFRT_SET_VALUE(&j.PercentComplete, (uint16_t)(state == CIM_ConcreteJob_JobState_COMPLETED ? 100 : 0));
    MOFRT_SET_VALUE(&j.ErrorCode, (uint16_t)0);
    MOFRT_SET_VALUE(&j.Cancellable, false);
    MOFRT_SET_VALUE(&j.DeleteOnCompletion, false);
    MOFRT_SET_VALUE(&j.TimeSubmitted, now);
    MOFRT_SET_VALUE(&j.StartTime, now);
    MOFRT_SET_VALUE(&j.TimeOfLastStateChange, now);
    mofrt_instance *inst = hv_from_struct(p, &Msvm_ConcreteJob_desc, &j, err);
    if (!inst)
        return -1;
    *job = mofrt_path_copy(inst->path);
    if (!*job) {
        mofrt_instance_free(inst);
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    }
    return mofsrv_txn_put(t, inst, err);
}
