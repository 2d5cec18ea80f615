/* hvclusterd: the Msvm_CollectionReferencePointService provider.
 *
 * Its methods are reached through the dispatch table built from the
 * generated Msvm_CollectionReferencePointService_provider(); they read the
 * simulated host from the store and change it only through durable
 * transactions (committed to libmofsrv's store: mofsrv_store_commit). CreateReferencePoint checks its parameters and
 * the collection's state synchronously (return codes 1-6), then either does
 * the work inline (--sync: 0) or commits the reference points with a
 * running Msvm_ConcreteJob and lets the job worker finish it (4096): the
 * job ends Completed (7), or Exception (10) when a member disk is offline,
 * in which case what it created is removed again. */
#ifndef HV_PROVIDER_H
#define HV_PROVIDER_H

#include <stdbool.h>

#include "examples/hvcluster/gen/WindowsHyperVCluster_V2.h"
#include "examples/hvcluster/ids.h"
#include "examples/hvcluster/jobs.h"
#include "examples/hvcluster/locks.h"
#include "server/mofsrv_host.h"
#include "server/mofsrv_store.h"

typedef struct hv_provider_cfg {
    const char *ns;            /* served namespace, e.g. "root/HyperVCluster/v2" */
    bool sync;                 /* --sync: do the work inline, return 0 */
    unsigned lock_timeout_ms;  /* --lock-timeout-ms */
    unsigned job_ms;           /* --job-ms: simulated job duration */
} hv_provider_cfg;

typedef struct hv_provider {
    hv_provider_cfg cfg;
    mofsrv *srv;               /* the host: its schema, its store */
    const mofsrv_schema *schema;
    mofsrv_store *store;
    hv_locks locks;
    hv_jobs jobs;
    hv_ids ids;
    Msvm_CollectionReferencePointService_ops ops;
    mofrt_class_provider methods;   /* the service's methods (its instances are the store's) */
} hv_provider;

/* Starts the job worker and resumes jobs a crash left running. */
/* The host's schema and store must be loaded and open. */
int hv_provider_start(hv_provider *p, const hv_provider_cfg *cfg, mofsrv *srv, mofrt_error *err);
/* Finishes queued jobs, then stops. */
void hv_provider_stop(hv_provider *p);

/* A parameter fault the dispatcher reported (err kind MOFRT_E_PARAM) that
 * the method answers with a return code instead of a CIM error: a
 * malformed or mistyped ReferencePointSettings embedded instance is 4
 * (Invalid Parameter) for CreateReferencePoint. Writes that METHODRESPONSE
 * into resp (reset first) and returns true; false when not applicable. */
bool hv_provider_param_fault(void *p, const mofrt_request *req, const mofrt_error *e, mofrt_buf *resp);

#endif
