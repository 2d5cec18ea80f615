/* libmofsrv: the IPARAMVALUEs of intrinsic operations (DSP0200 5.3.2,
 * 5.3.2.4x for the pull operations) decoded once for both the classic
 * operations (mofsrv_intrinsic.c) and the pull ones (mofsrv_pull.c):
 * unknown parameters, typed scalars, class names, instance names, and the
 * flags, association filters and PropertyList every operation carries
 * into a mofrt_op. Functions that can answer write a CIM error response
 * into resp and return -1 (or NULL). */
#ifndef MOFSRV_PARAMS_H
#define MOFSRV_PARAMS_H

#include <stdbool.h>

#include "server/mofsrv_host.h"

/* The first parameter that is none of names (NULL-terminated), else NULL. */
const char *mofsrv_param_unknown(const mofrt_request *req, const char *const *names);

/* A typed or untyped scalar parameter converted to t (*out owned by the
 * caller: mofrt_value_clear); absent or NULL: 0 with *given false; -1 when
 * malformed. */
int mofsrv_param_scalar(const mofrt_request *req, const char *name, mofrt_type t, mofrt_value *out, bool *given);

/* A boolean parameter: def when absent or NULL; -1 when malformed. */
int mofsrv_param_bool(const mofrt_request *req, const char *name, bool def, bool *out);

/* A CLASSNAME (or string VALUE) parameter, borrowed from req: NULL when
 * absent or NULL; -1 when malformed. */
int mofsrv_param_classname(const mofrt_request *req, const char *name, const char **out);

/* The schema class `name` names; NULL with CIM_ERR_INVALID_CLASS written
 * when there is none. */
const mofsrv_class *mofsrv_param_class(mofsrv *s, const mofrt_request *req, const char *name, mofrt_buf *resp);

/* An INSTANCENAME parameter (InstanceName, ObjectName); NULL with the
 * response written when missing or not one. */
const mofrt_path *mofsrv_param_instancename(const mofrt_request *req, const char *name, mofrt_buf *resp);

/* op's PropertyList = the n names, sorted here (mofrt_name_cmp order) and
 * marked so (op->props_sorted): each test of a result's property against
 * the list is then a search by halves, a list of k names over n results
 * costs n log k, not n k. The list's order means nothing (DSP0200 5.3.2). */
void mofsrv_op_sort_props(mofrt_op *op, const char **names, size_t n);

/* The request's common parameters in op (strings borrowed from req; free
 * with mofsrv_op_params_clear). */
typedef struct mofsrv_op_params {
    mofrt_op op;
    const char **props;        /* the PropertyList names op->props points to */
} mofsrv_op_params;

/* Checks that every parameter is in names, then fills op: kind, ns, user,
 * host; LocalOnly (default false for GetInstance / EnumerateInstances,
 * else true), DeepInheritance (default true for EnumerateInstances only),
 * IncludeQualifiers, IncludeClassOrigin (default false); AssocClass,
 * ResultClass, Role, ResultRole; PropertyList (a VALUE.ARRAY; NULL = all).
 * 0, or -1 with the error response written. */
int mofsrv_op_params_read(mofsrv *s, const mofrt_request *req, const char *user, mofrt_op_kind kind,
                          const char *const *names, mofsrv_op_params *ob, mofrt_buf *resp);
void mofsrv_op_params_clear(mofsrv_op_params *ob);

#endif
