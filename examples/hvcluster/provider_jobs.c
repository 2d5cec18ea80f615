/* hvclusterd provider: finishing CreateReferencePoint jobs, and resuming
 * those a crash interrupted. */
#include "examples/hvcluster/provider_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void hv_crp_task_free(crp_task *t)
{
    while (t) {
        crp_task *then = t->then;
        free(t->collection_id);
        mofrt_path_free(t->job);
        hv_paths_clear(&t->created);
        for (size_t i = 0; i < t->ndisks; i++)
            free(t->disks[i]);
        free(t->disks);
        free(t);
        t = then;
    }
}

static int set_uint(mofrt_instance *inst, const char *name, mofrt_type t, uint64_t v)
{
    mofrt_value val = mofrt_value_uint(t, v);
    return mofrt_instance_set(inst, name, &val, NULL);
}

static int set_str(mofrt_instance *inst, const char *name, const char *s)
{
    mofrt_value val = MOFRT_VALUE_INIT;
    if (mofrt_value_string(&val, s, NULL) < 0)
        return -1;
    return mofrt_instance_set(inst, name, &val, NULL);
}

/* The job's final state into t: 7, or 10 with the error (and the created
 * objects removed). */
static int build_finish(hv_provider *p, crp_task *task, mofsrv_txn *t)
{
    char problem[512] = "";
    mofsrv_store_rdlock(p->store);
    if (task->created.count == 0)
        snprintf(problem, sizeof problem, "the reference point collection of the job is missing");
    for (size_t i = 0; i < task->ndisks && !problem[0]; i++) {
        mofrt_path *dp = mofrt_path_new(NULL, NULL, "HvSim_VirtualDisk");
        const mofrt_instance *d = NULL;
        if (dp && mofrt_path_add_key_string(dp, "InstanceID", task->disks[i], NULL) == 0)
            d = mofsrv_store_get(p->store, dp);
        mofrt_path_free(dp);
        bool online = true;
        if (!d)
            snprintf(problem, sizeof problem, "virtual disk '%.200s' no longer exists", task->disks[i]);
        else if (hv_get_bool(d, "Online", &online) && !online)
            snprintf(problem, sizeof problem, "virtual disk '%.200s' is offline", task->disks[i]);
    }
    const mofrt_instance *job = mofsrv_store_get(p->store, task->job);
    mofrt_instance *upd = job ? mofrt_instance_copy(job) : NULL;
    mofsrv_store_unlock(p->store);
    if (!upd)
        return -1;
    bool ok = !problem[0];
    mofrt_datetime now = hv_now();
    mofrt_value when = mofrt_value_datetime(&now);
    int rc = set_uint(upd, "JobState", MOFRT_T_UINT16,
                      ok ? CIM_ConcreteJob_JobState_COMPLETED : CIM_ConcreteJob_JobState_EXCEPTION);
    rc |= set_uint(upd, "PercentComplete", MOFRT_T_UINT16, 100);
    rc |= mofrt_instance_set(upd, "TimeOfLastStateChange", &when, NULL);
    rc |= set_str(upd, "JobStatus", ok ? "Job completed successfully" : "Job failed");
    if (!ok) {
        rc |= set_uint(upd, "ErrorCode", MOFRT_T_UINT16, 32768);
        rc |= set_str(upd, "ErrorDescription", problem);
        rc |= set_str(upd, "ErrorSummaryDescription", problem);
    }
    if (rc || mofsrv_txn_put(t, upd, NULL) < 0) {
        if (rc)
            mofrt_instance_free(upd);
        return -1;
    }
    for (size_t i = 0; !ok && i < task->created.count; i++)
        if (mofsrv_txn_del(t, mofrt_path_copy(task->created.items[i]), NULL) < 0)
            return -1;
    return 0;
}

/* Records the job's end; a commit that fails (disk full) is retried, after
 * that the job stays running in the state file and is resumed at the next
 * start. */
static void finish_job(hv_provider *p, crp_task *task)
{
    for (int attempt = 0; attempt < 20; attempt++) {
        mofsrv_txn t = MOFSRV_TXN_INIT;
        mofrt_error e;
        if (build_finish(p, task, &t) == 0 && mofsrv_store_commit(p->srv, &t, &e) == 0)
            break;
        mofsrv_txn_clear(&t);
        struct timespec ts = { 0, 100 * 1000000L };
        nanosleep(&ts, NULL);
    }
}

void hv_crp_task_run(void *ctx, hv_task *base)
{
    hv_provider *p = ctx;
    crp_task *task = (crp_task *)base;
    for (crp_task *t = task; t; t = t->then)
        finish_job(p, t);
    hv_locks_release(&p->locks, task->collection_id);
    hv_crp_task_free(task);
}

typedef struct running_walk {
    hv_paths jobs;
    int rc;
} running_walk;

static int running_one(void *arg, const mofrt_instance *inst)
{
    running_walk *w = arg;
    uint64_t type = 0, state = 0;
    if (hv_get_uint(inst, "JobType", &type) &&
        type == Msvm_ConcreteJob_JobType_CREATE_REFERENCE_POINT_ON_COLLECTION &&
        hv_get_uint(inst, "JobState", &state) && state == CIM_ConcreteJob_JobState_RUNNING &&
        hv_paths_add(&w->jobs, mofrt_path_copy(inst->path)) < 0)
        return w->rc = -1;
    return 0;
}

static int add_disks(crp_task *t, const mofrt_instance *vsrp)
{
    const mofrt_value *v = mofrt_instance_get(vsrp, "VirtualDiskIdentifiers");
    if (!v || v->is_null || !v->is_array)
        return 0;
    for (size_t i = 0; i < v->v.arr.count; i++) {
        const mofrt_value *e = &v->v.arr.items[i];
        if (e->is_null || e->type != MOFRT_T_STRING)
            continue;
        char **n = realloc(t->disks, (t->ndisks + 1) * sizeof *n);
        if (!n)
            return -1;
        t->disks = n;
        if (!(t->disks[t->ndisks] = mofrt_strdup(e->v.s)))
            return -1;
        t->ndisks++;
    }
    return 0;
}

/* Rebuilds the task of a running job from the state (caller holds the
 * read lock). */
static crp_task *task_from_state(hv_provider *p, const mofrt_path *job)
{
    crp_task *t = calloc(1, sizeof *t);
    if (!t || !(t->job = mofrt_path_copy(job)))
        goto fail;
    hv_paths rpcs = { 0 };
    if (hv_find_assoc(p, "Msvm_AffectedJobElement", "AffectingElement", job, "AffectedElement",
                      &t->created, &rpcs) < 0)
        goto fail_rpcs;
    for (size_t i = 0; i < rpcs.count; i++) {
        const mofrt_path *rpc = rpcs.items[i];
        const mofrt_instance *ri = mofsrv_store_get(p->store, rpc);
        const char *cid = ri ? hv_get_str(ri, "VirtualSystemCollectionId") : NULL;
        if (!ri)
            continue;
        if (cid && !t->collection_id && !(t->collection_id = mofrt_strdup(cid)))
            goto fail_rpcs;
        hv_paths members = { 0 };
        if (hv_paths_add(&t->created, mofrt_path_copy(ri->path)) < 0 ||
            hv_find_assoc(p, "Msvm_ReferencePointOfVirtualSystemCollection", "Dependent", rpc, NULL,
                          &t->created, NULL) < 0 ||
            hv_find_assoc(p, "Msvm_CollectedReferencePoints", "Collection", rpc, "Member", &t->created,
                          &members) < 0) {
            hv_paths_clear(&members);
            goto fail_rpcs;
        }
        for (size_t m = 0; m < members.count; m++) {
            const mofrt_instance *vi = mofsrv_store_get(p->store, members.items[m]);
            if (vi && (hv_paths_add(&t->created, mofrt_path_copy(vi->path)) < 0 || add_disks(t, vi) < 0)) {
                hv_paths_clear(&members);
                goto fail_rpcs;
            }
        }
        hv_paths_clear(&members);
    }
    hv_paths_clear(&rpcs);
    if (!t->collection_id && !(t->collection_id = mofrt_strdup("")))
        goto fail;
    if (!t->collection_id[0])
        hv_paths_clear(&t->created);   /* nothing usable: the job fails */
    return t;
fail_rpcs:
    hv_paths_clear(&rpcs);
fail:
    hv_crp_task_free(t);
    return NULL;
}

int hv_crp_recover(hv_provider *p, mofrt_error *err)
{
    const mofsrv_class *jc = mofsrv_schema_find(p->schema, "Msvm_ConcreteJob");
    if (!jc)
        return 0;
    running_walk w = { { 0 }, 0 };
    mofsrv_store_rdlock(p->store);
    mofsrv_store_each(p->store, jc, running_one, &w);
    int rc = w.rc;
    crp_task **leads = calloc(w.jobs.count ? w.jobs.count : 1, sizeof *leads);
    size_t nleads = 0;
    if (!leads)
        rc = -1;
    for (size_t i = 0; i < w.jobs.count && rc == 0; i++) {
        crp_task *t = task_from_state(p, w.jobs.items[i]);
        if (!t) {
            rc = -1;
            break;
        }
        /* Jobs that could not record their end (disk full) may be
         * several on one collection: the first resumed takes the lock and
         * finishes the others after itself. */
        crp_task *lead = NULL;
        for (size_t k = 0; k < nleads && !lead; k++)
            if (strcmp(leads[k]->collection_id, t->collection_id) == 0)
                lead = leads[k];
        if (lead) {
            t->then = lead->then;
            lead->then = t;
            continue;
        }
        if (hv_locks_acquire(&p->locks, t->collection_id, 0) < 0) {
            hv_crp_task_free(t);
            rc = -1;
            break;
        }
        leads[nleads++] = t;
    }
    /* queued only now: a queued task may run, and be freed, at once */
    for (size_t k = 0; k < nleads; k++) {
        leads[k]->base.due_ms = hv_mono_ms() + p->cfg.job_ms;
        hv_jobs_submit(&p->jobs, &leads[k]->base);
    }
    free(leads);
    mofsrv_store_unlock(p->store);
    hv_paths_clear(&w.jobs);
    if (rc < 0)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "cannot resume the running jobs");
    return 0;
}
