/* hvclusterd: internals shared by provider*.c. */
#ifndef HV_PROVIDER_INT_H
#define HV_PROVIDER_INT_H

#include "examples/hvcluster/hvutil.h"
#include "examples/hvcluster/provider.h"

#define SVC(x) Msvm_CollectionReferencePointService_##x
#define CRP(x) Msvm_CollectionReferencePointService_CreateReferencePoint_##x

/* A growable list of owned paths. */
typedef struct hv_paths {
    size_t count, cap;
    mofrt_path **items;
} hv_paths;

int hv_paths_add(hv_paths *l, mofrt_path *p);   /* takes p */
void hv_paths_clear(hv_paths *l);

/* Instances of assoc_class (and subclasses) whose reference `role` names
 * target: their paths into assocs (when not NULL) and the reference
 * `other` of each into others (when not NULL). Caller holds a store lock. */
int hv_find_assoc(const hv_provider *p, const char *assoc_class, const char *role,
                  const mofrt_path *target, const char *other, hv_paths *assocs,
                  hv_paths *others);

/* Generic instance from a typed struct, with its instance name set. Takes
 * (clears) the struct's fields. NULL with err on failure. */
mofrt_instance *hv_from_struct(const hv_provider *p, const mofrt_class_desc *cls, void *obj,
                               mofrt_error *err);

/* Path copy carrying the served namespace (for output parameters). */
mofrt_path *hv_out_path(const hv_provider *p, const mofrt_path *path);

/* A new Msvm_ConcreteJob (JobState `state`) into t; its path in *job. */
int hv_new_job(hv_provider *p, mofsrv_txn *t, uint16_t job_type, uint16_t state, const char *what,
               mofrt_path **job, mofrt_error *err);

/* The finishing work of a CreateReferencePoint job. */
typedef struct crp_task {
    hv_task base;
    char *collection_id;       /* locked until the task ends */
    mofrt_path *job;
    hv_paths created;          /* removed again when the job fails */
    size_t ndisks;
    char **disks;              /* HvSim_VirtualDisk InstanceIDs to check */
    struct crp_task *then;     /* resumed jobs of the same collection: finished
                                  after this one, under its lock */
} crp_task;

void hv_crp_task_run(void *ctx, hv_task *t);
void hv_crp_task_free(crp_task *t);
/* Re-queues CreateReferencePoint jobs a crash left running. */
int hv_crp_recover(hv_provider *p, mofrt_error *err);

#endif
