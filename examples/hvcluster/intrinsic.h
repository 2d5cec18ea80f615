/* hvclusterd: intrinsic operations (DSP0200 GetClass, GetInstance,
 * EnumerateInstances, EnumerateInstanceNames, EnumerateClasses,
 * EnumerateClassNames) over the schema and the store. */
#ifndef HV_INTRINSIC_H
#define HV_INTRINSIC_H

#include "examples/hvcluster/schema.h"
#include "examples/hvcluster/store.h"
#include "runtime/mofrt.h"

/* Answers req (an IMETHODCALL in the served namespace) into resp: an
 * IMETHODRESPONSE with the result or a CIM ERROR. */
void hv_intrinsic(const hv_schema *schema, hv_store *store, const mofrt_request *req,
                  mofrt_buf *resp);

#endif
