/* libmofsrv: the classes of a METHODCALL's class-valued parameters.
 *
 * A REF parameter (`FLT_Depot REF Target`) takes a path of the declared
 * class or of a subclass; an [EmbeddedInstance("FLT_Cargo")] parameter an
 * instance of that class or a subclass (DSP0004 7.4 for references, the
 * EmbeddedInstance qualifier in DSP0004 5.6.3). libmofrt's dispatch cannot
 * tell (it knows no class hierarchy); the host does, from its classes
 * (modules' metadata, --schema), and refuses another class before the
 * provider runs. */
#ifndef MOFSRV_PARAMCLASS_H
#define MOFSRV_PARAMCLASS_H

#include "server/mofsrv_schema.h"

/* 0 when every given REF / EmbeddedInstance parameter of m in req names
 * the declared class or a subclass of it (arrays: each element; NULL
 * values and parameters m does not declare are left to the dispatch);
 * else -1 with CIM_ERR_INVALID_PARAMETER (kind MOFRT_E_PARAM) naming the
 * parameter, the class given and the class declared. */
int mofsrv_param_classes_check(const mofsrv_schema *schema, const mofrt_method_desc *m, const mofrt_request *req,
                               mofrt_error *err);

/* e is such a fault (for a host's param_fault hook: hvclusterd answers
 * Hyper-V's return code 6, Invalid Type, for it). */
bool mofsrv_param_class_fault(const mofrt_error *e);

#endif
