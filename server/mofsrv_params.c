/* libmofsrv: intrinsic operations' parameters (see mofsrv_params.h). */
#include "server/mofsrv_params.h"

#include <stdlib.h>
#include <string.h>

#include "server/mofsrv_intrinsic.h"

const char *mofsrv_param_unknown(const mofrt_request *req, const char *const *names)
{
    for (size_t i = 0; i < req->nparams; i++) {
        bool ok = false;
        for (const char *const *n = names; *n && !ok; n++)
            ok = mofrt_name_eq(req->params[i].name, *n);
        if (!ok)
            return req->params[i].name;
    }
    return NULL;
}

int mofsrv_param_scalar(const mofrt_request *req, const char *name, mofrt_type t, mofrt_value *out, bool *given)
{
    const mofrt_param *p = mofrt_request_param(req, name);
    *given = false;
    if (!p || p->value.is_null)
        return 0;
    if ((p->kind != MOFRT_PV_VALUE && p->kind != MOFRT_PV_CLASSNAME) || p->value.is_array ||
        mofrt_value_convert(&p->value, t, false, out, NULL) < 0)
        return -1;
    *given = true;
    return 0;
}

int mofsrv_param_bool(const mofrt_request *req, const char *name, bool def, bool *out)
{
    mofrt_value v = MOFRT_VALUE_INIT;
    bool given;
    *out = def;
    if (mofsrv_param_scalar(req, name, MOFRT_T_BOOLEAN, &v, &given) < 0)
        return -1;
    if (given)
        *out = v.v.b;
    mofrt_value_clear(&v);
    return 0;
}

int mofsrv_param_classname(const mofrt_request *req, const char *name, const char **out)
{
    const mofrt_param *p = mofrt_request_param(req, name);
    *out = NULL;
    if (!p || p->value.is_null)
        return 0;
    if ((p->kind != MOFRT_PV_CLASSNAME && p->kind != MOFRT_PV_VALUE) || p->value.is_array ||
        p->value.type != MOFRT_T_STRING)
        return -1;
    *out = p->value.v.s;
    return 0;
}

/* String VALUE parameter (Role, ResultRole): NULL when absent or NULL. */
static int string_param(const mofrt_request *req, const char *name, const char **out)
{
    const mofrt_param *p = mofrt_request_param(req, name);
    *out = NULL;
    if (!p || p->value.is_null)
        return 0;
    if (p->kind != MOFRT_PV_VALUE || p->value.is_array || p->value.type != MOFRT_T_STRING)
        return -1;
    *out = p->value.v.s;
    return 0;
}

const mofsrv_class *mofsrv_param_class(mofsrv *s, const mofrt_request *req, const char *name, mofrt_buf *resp)
{
    const mofsrv_class *c = mofsrv_schema_find(&s->schema, name);
    if (!c)
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_CLASS, "no class ", name);
    return c;
}

const mofrt_path *mofsrv_param_instancename(const mofrt_request *req, const char *name, mofrt_buf *resp)
{
    const mofrt_param *p = mofrt_request_param(req, name);
    if (!p || (p->kind != MOFRT_PV_INSTANCENAME && p->kind != MOFRT_PV_REFERENCE) || p->value.is_array ||
        !p->value.v.ref) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, name, " must be an INSTANCENAME");
        return NULL;
    }
    return p->value.v.ref;
}

static int by_name(const void *a, const void *b)
{
    return mofrt_name_cmp(*(const char *const *)a, *(const char *const *)b);
}

void mofsrv_op_sort_props(mofrt_op *op, const char **names, size_t n)
{
    qsort(names, n, sizeof *names, by_name);
    op->has_props = true;
    op->props_sorted = true;
    op->nprops = n;
    op->props = names;
}

int mofsrv_op_params_read(mofsrv *s, const mofrt_request *req, const char *user, mofrt_op_kind kind,
                          const char *const *names, mofsrv_op_params *ob, mofrt_buf *resp)
{
    memset(ob, 0, sizeof *ob);
    mofrt_op *op = &ob->op;
    op->kind = kind;
    op->ns = s->ns;
    op->user = user;
    op->host = &s->host;
    const char *bad = mofsrv_param_unknown(req, names);
    if (bad) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "unknown parameter ", bad);
        return -1;
    }
    bool instances = kind == MOFRT_OP_GET_INSTANCE || kind == MOFRT_OP_ENUMERATE_INSTANCES;
    if (mofsrv_param_bool(req, "LocalOnly", !instances, &op->local_only) < 0 ||
        mofsrv_param_bool(req, "DeepInheritance", kind == MOFRT_OP_ENUMERATE_INSTANCES, &op->deep_inheritance) < 0 ||
        mofsrv_param_bool(req, "IncludeQualifiers", false, &op->include_qualifiers) < 0 ||
        mofsrv_param_bool(req, "IncludeClassOrigin", false, &op->include_class_origin) < 0) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "malformed boolean parameter", NULL);
        return -1;
    }
    if (mofsrv_param_classname(req, "AssocClass", &op->assoc_class) < 0 ||
        mofsrv_param_classname(req, "ResultClass", &op->result_class) < 0 ||
        string_param(req, "Role", &op->role) < 0 || string_param(req, "ResultRole", &op->result_role) < 0) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "malformed filter parameter", NULL);
        return -1;
    }
    const mofrt_param *pl = mofrt_request_param(req, "PropertyList");
    if (pl && !pl->value.is_null) {
        if (pl->kind != MOFRT_PV_VALUE || !pl->value.is_array) {
            mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER,
                                  "PropertyList must be a VALUE.ARRAY", NULL);
            return -1;
        }
        size_t n = pl->value.v.arr.count;
        ob->props = calloc(n ? n : 1, sizeof *ob->props);
        if (!ob->props) {
            mofsrv_error_response(req, resp, MOFRT_CIM_ERR_FAILED, "out of memory", NULL);
            return -1;
        }
        for (size_t i = 0; i < n; i++) {
            const mofrt_value *v = &pl->value.v.arr.items[i];
            if (!v->is_null && v->type == MOFRT_T_STRING)
                ob->props[op->nprops++] = v->v.s;
        }
        mofsrv_op_sort_props(op, ob->props, op->nprops);
    }
    return 0;
}

void mofsrv_op_params_clear(mofsrv_op_params *ob)
{
    free(ob->props);
    ob->props = NULL;
}
