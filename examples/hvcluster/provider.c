/* hvclusterd provider: the Msvm_CollectionReferencePointService methods. */
#include "examples/hvcluster/provider_int.h"

#include "server/mofsrv_paramclass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RET(code) (MOFRT_SET_VALUE(ret, (uint32_t)(code)), 0)

/* ---- CreateReferencePoint -------------------------------------------------- */
typedef struct crp_plan {
    uint16_t type;              /* 1 log based, 2 RCT based */
    uint8_t level;              /* settings' ConsistencyLevel (0 unknown) */
    char *collection_id;
    mofrt_path *collection;     /* stored path of the Msvm_VirtualSystemCollection */
    hv_paths vms;               /* member Msvm_ComputerSystem paths */
    mofsrv_txn txn;
    mofrt_path *rpc;            /* new Msvm_ReferencePointCollection */
    hv_paths created;
    size_t ndisks;
    char **disks;
    bool offline;               /* a member disk is offline */
} crp_plan;

static void plan_clear(crp_plan *pl)
{
    free(pl->collection_id);
    mofrt_path_free(pl->collection);
    hv_paths_clear(&pl->vms);
    mofsrv_txn_clear(&pl->txn);
    mofrt_path_free(pl->rpc);
    hv_paths_clear(&pl->created);
    for (size_t i = 0; i < pl->ndisks; i++)
        free(pl->disks[i]);
    free(pl->disks);
}

/* Parameter checks that need no lock: 0 or a return code. */
static uint32_t check_params(hv_provider *p, const CRP(In) *in, crp_plan *pl)
{
    if (!MOFRT_IS_SET(&in->Collection))
        return CRP(INVALID_PARAMETER);
    const mofsrv_class *cc = mofsrv_schema_find(p->schema, in->Collection.v->class_name);
    if (!cc || !mofsrv_class_is_a(cc, "Msvm_VirtualSystemCollection"))
        return CRP(INVALID_TYPE);
    if (!MOFRT_IS_SET(&in->ReferencePointType))
        return CRP(INVALID_PARAMETER);
    uint16_t t = in->ReferencePointType.v;
    if (t >= CRP(ReferencePointType_VENDOR_SPECIFIC_FIRST))
        return CRP(NOT_SUPPORTED);
    if (t != CRP(ReferencePointType_LOG_BASED) && t != CRP(ReferencePointType_RCT_BASED))
        return CRP(INVALID_PARAMETER);   /* 0 Unknown or DMTF Reserved */
    pl->type = t;
    pl->level = 0;
    if (MOFRT_IS_SET(&in->ReferencePointSettings)) {
        const mofrt_emb *e = &in->ReferencePointSettings.v;
        uint64_t level = 0;
        if (e->typed) {
            const Msvm_CollectionReferencePointSettingData *sd = e->typed;
            if (MOFRT_IS_SET(&sd->ConsistencyLevel))
                level = sd->ConsistencyLevel.v;
        } else {
            const mofsrv_class *sc = e->generic ? mofsrv_schema_find(p->schema, e->generic->class_name) : NULL;
            if (!sc || !mofsrv_class_is_a(sc, "Msvm_CollectionReferencePointSettingData"))
                return CRP(INVALID_TYPE);
            const mofrt_value *v = mofrt_instance_get(e->generic, "ConsistencyLevel");
            if (v && !v->is_null && !hv_get_uint(e->generic, "ConsistencyLevel", &level))
                return CRP(INVALID_PARAMETER);
        }
        if (level != Msvm_CollectionReferencePointSettingData_ConsistencyLevel_UNKNOWN &&
            level != Msvm_CollectionReferencePointSettingData_ConsistencyLevel_APPLICATION_CONSISTENT &&
            level != Msvm_CollectionReferencePointSettingData_ConsistencyLevel_CRASH_CONSISTENT)
            return CRP(INVALID_PARAMETER);
        pl->level = (uint8_t)level;
    }
    mofsrv_store_rdlock(p->store);
    const mofrt_instance *coll = mofsrv_store_get(p->store, in->Collection.v);
    const char *id = coll ? hv_get_str(coll, "CollectionID") : NULL;
    if (id) {
        pl->collection_id = mofrt_strdup(id);
        pl->collection = mofrt_path_copy(coll->path);
    }
    mofsrv_store_unlock(p->store);
    if (!id)
        return CRP(INVALID_PARAMETER);   /* no such collection */
    if (!pl->collection_id || !pl->collection)
        return CRP(FAILED);
    return 0;
}

/* The settings' ConsistencyLevel (1 application, 2 crash) in the two
 * target classes' value maps (Msvm_ReferencePointCollection has them the
 * other way round). */
static uint16_t rpc_level(uint8_t level)
{
    switch (level) {
    case Msvm_CollectionReferencePointSettingData_ConsistencyLevel_APPLICATION_CONSISTENT:
        return Msvm_ReferencePointCollection_ConsistencyLevel_APPLICATION_CONSISTENT;
    case Msvm_CollectionReferencePointSettingData_ConsistencyLevel_CRASH_CONSISTENT:
        return Msvm_ReferencePointCollection_ConsistencyLevel_CRASH_CONSISTENT;
    default:
        return Msvm_ReferencePointCollection_ConsistencyLevel_UNKNOWN;
    }
}

typedef struct disk_walk {
    const char *vm;
    const mofrt_instance *found[64];
    size_t n;
} disk_walk;

static int disk_one(void *arg, const mofrt_instance *inst)
{
    disk_walk *w = arg;
    const char *owner = hv_get_str(inst, "VirtualSystemIdentifier");
    if (owner && strcmp(owner, w->vm) == 0 && w->n < sizeof w->found / sizeof w->found[0])
        w->found[w->n++] = inst;
    return 0;
}

static int add_disk_id(crp_plan *pl, const char *id)
{
    char **n = realloc(pl->disks, (pl->ndisks + 1) * sizeof *n);
    if (!n)
        return -1;
    pl->disks = n;
    if (!(pl->disks[pl->ndisks] = mofrt_strdup(id)))
        return -1;
    pl->ndisks++;
    return 0;
}

/* One member VM: its disks checked, its reference point built. */
static uint32_t plan_vm(hv_provider *p, crp_plan *pl, const mofrt_instance *vm, mofrt_error *err)
{
    const char *name = hv_get_str(vm, "Name");
    if (!name)
        return CRP(FAILED);
    disk_walk dw = { .vm = name, .n = 0 };
    const mofsrv_class *dc = mofsrv_schema_find(p->schema, "HvSim_VirtualDisk");
    if (dc)
        mofsrv_store_each(p->store, dc, disk_one, &dw);
    const char *disk_ids[64], *rct_ids[64];
    char rct_buf[64][320];
    for (size_t i = 0; i < dw.n; i++) {
        const mofrt_instance *d = dw.found[i];
        bool rct = false, online = true;
        (void)hv_get_bool(d, "SupportsResilientChangeTracking", &rct);
        (void)hv_get_bool(d, "Online", &online);
        if (pl->type == CRP(ReferencePointType_RCT_BASED) && !rct)
            return CRP(INVALID_STATE);
        if (!online)
            pl->offline = true;
        disk_ids[i] = hv_get_str(d, "InstanceID");
        if (!disk_ids[i] || add_disk_id(pl, disk_ids[i]) < 0)
            return CRP(FAILED);
        rct_ids[i] = NULL;
        if (pl->type == CRP(ReferencePointType_RCT_BASED)) {
            /* a fresh RCT id per disk: bump the disk's sequence */
            uint64_t seq = 0;
            (void)hv_get_uint(d, "RctSequence", &seq);
            seq++;
            snprintf(rct_buf[i], sizeof rct_buf[i], "rctX:{%.200s}:%llu", disk_ids[i],
                     (unsigned long long)seq);
            rct_ids[i] = rct_buf[i];
            mofrt_instance *upd = mofrt_instance_copy(d);
            mofrt_value v = mofrt_value_uint(MOFRT_T_UINT64, seq);
            if (!upd || mofrt_instance_set(upd, "RctSequence", &v, err) < 0 ||
                mofsrv_txn_put(&pl->txn, upd, err) < 0)
                return CRP(FAILED);
        }
    }
    char guid[37], iid[64];
    hv_ids_guid(&p->ids, guid);
    snprintf(iid, sizeof iid, "Microsoft:%s", guid);
    Msvm_VirtualSystemReferencePoint rp;
    memset(&rp, 0, sizeof rp);
    hv_fstr(&rp.InstanceID, iid);
    hv_fstr(&rp.VirtualSystemIdentifier, name);
    hv_fstr(&rp.ElementName, name);
    MOFRT_SET_VALUE(&rp.ReferencePointType, pl->type);
    if (pl->level)
        MOFRT_SET_VALUE(&rp.ConsistencyLevel, (uint16_t)pl->level);   /* same map as the settings */
    MOFRT_SET_VALUE(&rp.HasAssociatedData, pl->type == CRP(ReferencePointType_LOG_BASED));
    hv_fstrs(&rp.VirtualDiskIdentifiers, disk_ids, dw.n);
    if (pl->type == CRP(ReferencePointType_RCT_BASED))
        hv_fstrs(&rp.ResilientChangeTrackingIdentifiers, rct_ids, dw.n);
    mofrt_instance *rpi = hv_from_struct(p, &Msvm_VirtualSystemReferencePoint_desc, &rp, err);
    if (!rpi || hv_paths_add(&pl->created, mofrt_path_copy(rpi->path)) < 0) {
        mofrt_instance_free(rpi);
        return CRP(FAILED);
    }
    Msvm_CollectedReferencePoints link;
    memset(&link, 0, sizeof link);
    hv_fref(&link.Collection, pl->rpc);
    hv_fref(&link.Member, rpi->path);
    if (mofsrv_txn_put(&pl->txn, rpi, err) < 0)
        return CRP(FAILED);
    mofrt_instance *li = hv_from_struct(p, &Msvm_CollectedReferencePoints_desc, &link, err);
    if (!li || hv_paths_add(&pl->created, mofrt_path_copy(li->path)) < 0 ||
        mofsrv_txn_put(&pl->txn, li, err) < 0)
        return CRP(FAILED);
    return 0;
}

/* State checks and the new objects, under the collection lock. */
static uint32_t plan_state(hv_provider *p, crp_plan *pl, mofrt_error *err)
{
    uint32_t rc = 0;
    mofsrv_store_rdlock(p->store);
    const mofrt_instance *coll = mofsrv_store_get(p->store, pl->collection);
    if (!coll) {
        rc = CRP(INVALID_PARAMETER);
        goto out;
    }
    if (hv_find_assoc(p, "Msvm_CollectedVirtualSystems", "Collection", pl->collection, "Member", NULL,
                      &pl->vms) < 0) {
        rc = CRP(FAILED);
        goto out;
    }
    if (pl->vms.count == 0) {
        rc = CRP(INVALID_STATE);
        goto out;
    }
    uint64_t mode = Msvm_VirtualSystemCollection_ReplicationMode_NONE;
    (void)hv_get_uint(coll, "ReplicationMode", &mode);
    if (pl->type == CRP(ReferencePointType_LOG_BASED) &&
        mode == Msvm_VirtualSystemCollection_ReplicationMode_NONE) {
        rc = CRP(INVALID_STATE);
        goto out;
    }
    /* the reference point collection first: the members link to it */
    char guid[37];
    hv_ids_guid(&p->ids, guid);
    Msvm_ReferencePointCollection c;
    memset(&c, 0, sizeof c);
    hv_fstr(&c.CollectionID, guid);
    hv_fstr(&c.VirtualSystemCollectionId, pl->collection_id);
    hv_fstr(&c.ElementName, pl->collection_id);
    MOFRT_SET_VALUE(&c.ReferencePointType, pl->type);
    MOFRT_SET_VALUE(&c.ConsistencyLevel, rpc_level(pl->level));
    MOFRT_SET_VALUE(&c.HasAssociatedLog, pl->type == CRP(ReferencePointType_LOG_BASED));
    mofrt_instance *ci = hv_from_struct(p, &Msvm_ReferencePointCollection_desc, &c, err);
    if (!ci || !(pl->rpc = mofrt_path_copy(ci->path)) ||
        hv_paths_add(&pl->created, mofrt_path_copy(ci->path)) < 0 || mofsrv_txn_put(&pl->txn, ci, err) < 0) {
        if (!pl->rpc)
            mofrt_instance_free(ci);
        rc = CRP(FAILED);
        goto out;
    }
    Msvm_ReferencePointOfVirtualSystemCollection dep;
    memset(&dep, 0, sizeof dep);
    hv_fref(&dep.Antecedent, pl->collection);
    hv_fref(&dep.Dependent, pl->rpc);
    mofrt_instance *di = hv_from_struct(p, &Msvm_ReferencePointOfVirtualSystemCollection_desc, &dep, err);
    if (!di || hv_paths_add(&pl->created, mofrt_path_copy(di->path)) < 0 || mofsrv_txn_put(&pl->txn, di, err) < 0) {
        rc = CRP(FAILED);
        goto out;
    }
    for (size_t i = 0; i < pl->vms.count && rc == 0; i++) {
        const mofrt_instance *vm = mofsrv_store_get(p->store, pl->vms.items[i]);
        rc = vm ? plan_vm(p, pl, vm, err) : CRP(INVALID_STATE);
    }
out:
    mofsrv_store_unlock(p->store);
    return rc;
}

static int create_reference_point(void *ctx, const mofrt_invocation *inv, const CRP(In) *in,
                                  CRP(Out) *out, mofrt_f_uint32 *ret, mofrt_error *err)
{
    (void)inv;
    hv_provider *p = ctx;
    crp_plan pl;
    memset(&pl, 0, sizeof pl);
    uint32_t rc = check_params(p, in, &pl);
    if (rc) {
        plan_clear(&pl);
        return RET(rc);
    }
    if (hv_locks_acquire(&p->locks, pl.collection_id, p->cfg.lock_timeout_ms) < 0) {
        plan_clear(&pl);
        return RET(CRP(TIMEOUT));
    }
    mofrt_error e;
    rc = plan_state(p, &pl, &e);
    if (rc == 0 && p->cfg.sync && pl.offline)
        rc = CRP(FAILED);   /* inline, the job's failure is the call's */
    mofrt_path *job = NULL;
    if (rc == 0 && !p->cfg.sync) {
        Msvm_AffectedJobElement aje;
        memset(&aje, 0, sizeof aje);
        if (hv_new_job(p, &pl.txn, Msvm_ConcreteJob_JobType_CREATE_REFERENCE_POINT_ON_COLLECTION,
                       CIM_ConcreteJob_JobState_RUNNING, "Create Reference Point on Collection", &job,
                       &e) < 0) {
            rc = CRP(FAILED);
        } else {
            hv_fref(&aje.AffectedElement, pl.rpc);
            hv_fref(&aje.AffectingElement, job);
            mofrt_instance *ai = hv_from_struct(p, &Msvm_AffectedJobElement_desc, &aje, &e);
            if (!ai || hv_paths_add(&pl.created, mofrt_path_copy(ai->path)) < 0 ||
                mofsrv_txn_put(&pl.txn, ai, &e) < 0)
                rc = CRP(FAILED);
        }
    }
    if (rc == 0 && mofsrv_store_commit(p->srv, &pl.txn, &e) < 0)
        rc = CRP(FAILED);   /* nothing was written, the store is unchanged */
    if (rc != 0 || p->cfg.sync) {
        hv_locks_release(&p->locks, pl.collection_id);
        if (rc == 0)
            MOFRT_SET_VALUE(&out->ResultingReferencePointCollection, hv_out_path(p, pl.rpc));
        mofrt_path_free(job);
        plan_clear(&pl);
        return RET(rc ? rc : CRP(COMPLETED_WITH_NO_ERROR));
    }
    MOFRT_SET_VALUE(&out->ResultingReferencePointCollection, hv_out_path(p, pl.rpc));
    MOFRT_SET_VALUE(&out->Job, hv_out_path(p, job));
    /* the job worker finishes and releases the collection lock */
    crp_task *t = calloc(1, sizeof *t);
    if (!t) {
        hv_locks_release(&p->locks, pl.collection_id);   /* job stays running until restart */
    } else {
        t->base.due_ms = hv_mono_ms() + p->cfg.job_ms;
        t->collection_id = pl.collection_id;
        pl.collection_id = NULL;
        t->job = job;
        job = NULL;
        t->created = pl.created;
        memset(&pl.created, 0, sizeof pl.created);
        t->disks = pl.disks;
        t->ndisks = pl.ndisks;
        pl.disks = NULL;
        pl.ndisks = 0;
        hv_jobs_submit(&p->jobs, &t->base);
    }
    mofrt_path_free(job);
    plan_clear(&pl);
    (void)err;
    return RET(CRP(METHOD_PARAMETERS_CHECKED_JOB_STARTED));
}

/* ---- DestroyReferencePoint / RemoveAssociatedData ----------------------- */
/* Shared front part: the reference point collection, locked. 0 or a return
 * code (same values for both methods). */
static uint32_t try_lock_rpc(hv_provider *p, const mofrt_f_ref *arg, mofrt_path **rpc, char **cid,
                          uint64_t *type, bool *has_log)
{
    if (!MOFRT_IS_SET(arg))
        return CRP(INVALID_PARAMETER);
    const mofsrv_class *c = mofsrv_schema_find(p->schema, arg->v->class_name);
    if (!c || !mofsrv_class_is_a(c, "Msvm_ReferencePointCollection"))
        return CRP(INVALID_TYPE);
    mofsrv_store_rdlock(p->store);
    const mofrt_instance *inst = mofsrv_store_get(p->store, arg->v);
    const char *id = inst ? hv_get_str(inst, "VirtualSystemCollectionId") : NULL;
    if (id) {
        *cid = mofrt_strdup(id);
        *rpc = mofrt_path_copy(inst->path);
    }
    mofsrv_store_unlock(p->store);
    if (!id)
        return CRP(INVALID_PARAMETER);
    if (!*cid || !*rpc)
        return CRP(FAILED);
    if (hv_locks_acquire(&p->locks, *cid, p->cfg.lock_timeout_ms) < 0)
        return CRP(TIMEOUT);
    /* re-read under the lock: it may have been destroyed meanwhile */
    mofsrv_store_rdlock(p->store);
    inst = mofsrv_store_get(p->store, *rpc);
    *type = 0;
    *has_log = false;
    if (inst) {
        (void)hv_get_uint(inst, "ReferencePointType", type);
        (void)hv_get_bool(inst, "HasAssociatedLog", has_log);
    }
    mofsrv_store_unlock(p->store);
    if (!inst) {
        hv_locks_release(&p->locks, *cid);
        return CRP(INVALID_PARAMETER);
    }
    return 0;
}

/* Commits t (plus a completed job of job_type unless --sync), answers. */
static uint32_t finish_inline(hv_provider *p, mofsrv_txn *t, uint16_t job_type, const char *what,
                              mofrt_f_ref *job_out)
{
    mofrt_error e;
    mofrt_path *job = NULL;
    if (!p->cfg.sync &&
        hv_new_job(p, t, job_type, CIM_ConcreteJob_JobState_COMPLETED, what, &job, &e) < 0) {
        mofsrv_txn_clear(t);
        return CRP(FAILED);
    }
    if (mofsrv_store_commit(p->srv, t, &e) < 0) {
        mofrt_path_free(job);
        return CRP(FAILED);
    }
    if (!job)
        return CRP(COMPLETED_WITH_NO_ERROR);
    MOFRT_SET_VALUE(job_out, hv_out_path(p, job));
    mofrt_path_free(job);
    return CRP(METHOD_PARAMETERS_CHECKED_JOB_STARTED);
}

/* Finds and locks the reference point collection a method names; on
 * failure (the return value) nothing is held and nothing is left to free. */
static uint32_t lock_rpc(hv_provider *p, const mofrt_f_ref *arg, mofrt_path **rpc, char **cid,
                         uint64_t *type, bool *has_log)
{
    *rpc = NULL;
    *cid = NULL;
    uint32_t rc = try_lock_rpc(p, arg, rpc, cid, type, has_log);
    if (rc) {
        mofrt_path_free(*rpc);
        free(*cid);
        *rpc = NULL;
        *cid = NULL;
    }
    return rc;
}

static int destroy_reference_point(void *ctx, const mofrt_invocation *inv,
                                   const SVC(DestroyReferencePoint_In) *in,
                                   SVC(DestroyReferencePoint_Out) *out, mofrt_f_uint32 *ret,
                                   mofrt_error *err)
{
    (void)inv;
    (void)err;
    hv_provider *p = ctx;
    mofrt_path *rpc;
    char *cid;
    uint64_t type;
    bool has_log;
    uint32_t rc = lock_rpc(p, &in->AffectedReferencePointCollection, &rpc, &cid, &type, &has_log);
    if (rc)
        return RET(rc);
    hv_paths gone = { 0 }, members = { 0 };
    mofsrv_txn t = MOFSRV_TXN_INIT;
    mofsrv_store_rdlock(p->store);
    int frc = hv_find_assoc(p, "Msvm_ReferencePointOfVirtualSystemCollection", "Dependent", rpc, NULL,
                            &gone, NULL);
    frc |= hv_find_assoc(p, "Msvm_CollectedReferencePoints", "Collection", rpc, "Member", &gone, &members);
    frc |= hv_find_assoc(p, "Msvm_AffectedJobElement", "AffectedElement", rpc, NULL, &gone, NULL);
    mofsrv_store_unlock(p->store);
    for (size_t i = 0; i < members.count && frc == 0; i++) {
        frc = mofsrv_txn_del(&t, members.items[i], NULL);
        members.items[i] = NULL;
    }
    for (size_t i = 0; i < gone.count && frc == 0; i++) {
        frc = mofsrv_txn_del(&t, gone.items[i], NULL);
        gone.items[i] = NULL;
    }
    if (frc == 0)
        frc = mofsrv_txn_del(&t, rpc, NULL);
    else
        mofrt_path_free(rpc);
    hv_paths_clear(&gone);
    hv_paths_clear(&members);
    rc = frc ? CRP(FAILED)
             : finish_inline(p, &t, Msvm_ConcreteJob_JobType_DELETE_REFERENCE_POINT_ON_COLLECTION,
                             "Delete Reference Point on Collection", &out->Job);
    mofsrv_txn_clear(&t);
    hv_locks_release(&p->locks, cid);
    free(cid);
    return RET(rc);
}

static int set_bool_copy(mofsrv_txn *t, const mofrt_instance *inst, const char *name, bool v)
{
    mofrt_instance *c = mofrt_instance_copy(inst);
    mofrt_value b = mofrt_value_bool(v);
    if (!c || mofrt_instance_set(c, name, &b, NULL) < 0) {
        mofrt_instance_free(c);
        return -1;
    }
    return mofsrv_txn_put(t, c, NULL);
}

static int remove_associated_data(void *ctx, const mofrt_invocation *inv,
                                  const SVC(RemoveAssociatedData_In) *in,
                                  SVC(RemoveAssociatedData_Out) *out, mofrt_f_uint32 *ret,
                                  mofrt_error *err)
{
    (void)inv;
    (void)err;
    hv_provider *p = ctx;
    mofrt_path *rpc;
    char *cid;
    uint64_t type;
    bool has_log;
    uint32_t rc = lock_rpc(p, &in->AffectedReferencePointCollection, &rpc, &cid, &type, &has_log);
    if (rc)
        return RET(rc);
    if (type != CRP(ReferencePointType_LOG_BASED) || !has_log) {
        rc = CRP(INVALID_STATE);   /* only log based reference points have a log to drop */
    } else {
        hv_paths members = { 0 };
        mofsrv_txn t = MOFSRV_TXN_INIT;
        mofsrv_store_rdlock(p->store);
        int frc = hv_find_assoc(p, "Msvm_CollectedReferencePoints", "Collection", rpc, "Member", NULL,
                                &members);
        const mofrt_instance *ri = mofsrv_store_get(p->store, rpc);
        frc |= ri ? set_bool_copy(&t, ri, "HasAssociatedLog", false) : -1;
        for (size_t i = 0; i < members.count && frc == 0; i++) {
            const mofrt_instance *m = mofsrv_store_get(p->store, members.items[i]);
            if (m)
                frc = set_bool_copy(&t, m, "HasAssociatedData", false);
        }
        mofsrv_store_unlock(p->store);
        hv_paths_clear(&members);
        rc = frc ? CRP(FAILED)
                 : finish_inline(p, &t,
                                 Msvm_ConcreteJob_JobType_REMOVE_ASSOCIATED_DATA_FROM_REFERENCE_POINT_ON_COLLECTION,
                                 "Remove Associated Data from Reference Point on Collection", &out->Job);
        mofsrv_txn_clear(&t);
    }
    hv_locks_release(&p->locks, cid);
    mofrt_path_free(rpc);
    free(cid);
    return RET(rc);
}

static int export_reference_point(void *ctx, const mofrt_invocation *inv,
                                  const SVC(ExportReferencePoint_In) *in,
                                  SVC(ExportReferencePoint_Out) *out, mofrt_f_uint32 *ret,
                                  mofrt_error *err)
{
    (void)ctx, (void)inv, (void)in, (void)out, (void)err;
    return RET(1);   /* Not Supported: the simulator has no disks to export */
}

/* ---- set-up ---------------------------------------------------------------- */
int hv_provider_start(hv_provider *p, const hv_provider_cfg *cfg, mofsrv *srv, mofrt_error *err)
{
    memset(p, 0, sizeof *p);
    p->cfg = *cfg;
    p->srv = srv;
    p->schema = &srv->schema;
    p->store = &srv->store;
    hv_ids_init(&p->ids);
    if (hv_locks_init(&p->locks) < 0)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "cannot create locks");
    p->ops.CreateReferencePoint = create_reference_point;
    p->ops.DestroyReferencePoint = destroy_reference_point;
    p->ops.RemoveAssociatedData = remove_associated_data;
    p->ops.ExportReferencePoint = export_reference_point;
    p->methods.cls = &Msvm_CollectionReferencePointService_desc;
    p->methods.ops = &p->ops;
    if (hv_jobs_start(&p->jobs, hv_crp_task_run, p) < 0)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "cannot start the job worker");
    return hv_crp_recover(p, err);
}

void hv_provider_stop(hv_provider *p)
{
    hv_jobs_stop(&p->jobs);
    hv_locks_destroy(&p->locks);
    hv_ids_destroy(&p->ids);
}

bool hv_provider_param_fault(void *ctx, const mofrt_request *req, const mofrt_error *e, mofrt_buf *resp)
{
    const hv_provider *p = ctx;
    if (!req || req->intrinsic || !req->target || !req->msg_id || !req->method ||
        e->kind != MOFRT_E_PARAM)
        return false;
    const mofsrv_class *c = mofsrv_schema_find(p->schema, req->target->class_name);
    if (!c || !mofsrv_class_is_a(c, "Msvm_CollectionReferencePointService"))
        return false;
    if (mofsrv_param_class_fault(e)) {   /* the host found a parameter of another class: 6 Invalid Type */
        mofrt_value v = mofrt_value_uint(MOFRT_T_UINT32, CRP(INVALID_TYPE));
        mofrt_buf_reset(resp);
        return mofrt_xml_encode_methodresponse(resp, req->msg_id, req->method, &v, NULL, 0, NULL) == 0;
    }
    if (!mofrt_name_eq(req->method, "CreateReferencePoint"))
        return false;
    static const char prefix[] = "parameter '";
    static const char name[] = "ReferencePointSettings";
    const char *m = e->message;
    if (strncmp(m, prefix, sizeof prefix - 1) != 0)
        return false;
    m += sizeof prefix - 1;
    if (strlen(m) < sizeof name || m[sizeof name - 1] != '\'')
        return false;
    char got[sizeof name];
    memcpy(got, m, sizeof name - 1);
    got[sizeof name - 1] = '\0';
    if (!mofrt_name_eq(got, name))
        return false;
    mofrt_value v = mofrt_value_uint(MOFRT_T_UINT32, CRP(INVALID_PARAMETER));
    mofrt_buf_reset(resp);
    return mofrt_xml_encode_methodresponse(resp, req->msg_id, req->method, &v, NULL, 0, NULL) == 0;
}
