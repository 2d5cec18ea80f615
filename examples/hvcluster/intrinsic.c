/* hvclusterd: intrinsic operations. */
#include "examples/hvcluster/intrinsic.h"

#include <string.h>

static void error_response(const mofrt_request *req, mofrt_buf *resp, mofrt_cim_status code,
                           const char *msg, const char *arg)
{
    mofrt_error e;
    mofrt_error_set(&e, code, MOFRT_E_NONE, "%s%.200s", msg, arg ? arg : "");
    mofrt_buf_reset(resp);
    (void)mofrt_xml_encode_error_response(resp, req->msg_id, req->method, true, &e, NULL);
}

/* Boolean IPARAMVALUE (untyped VALUE): def when absent; -1 when malformed. */
static int bool_param(const mofrt_request *req, const char *name, bool def, bool *out)
{
    const mofrt_param *p = mofrt_request_param(req, name);
    *out = def;
    if (!p || p->value.is_null)
        return 0;
    mofrt_value v = MOFRT_VALUE_INIT;
    if (p->kind != MOFRT_PV_VALUE || mofrt_value_convert(&p->value, MOFRT_T_BOOLEAN, false, &v, NULL) < 0)
        return -1;
    *out = v.v.b;
    mofrt_value_clear(&v);
    return 0;
}

/* Every parameter must be one of the names (NULL-terminated). */
static const char *unknown_param(const mofrt_request *req, const char *const *names)
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

static const hv_class *class_param(const hv_schema *schema, const mofrt_request *req, mofrt_buf *resp,
                                   bool required)
{
    const mofrt_param *p = mofrt_request_param(req, "ClassName");
    if (!p || p->value.is_null) {
        if (required)
            error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "missing ClassName", NULL);
        return NULL;
    }
    if (p->kind != MOFRT_PV_CLASSNAME && p->kind != MOFRT_PV_VALUE) {
        error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "ClassName must be a CLASSNAME", NULL);
        return NULL;
    }
    const char *name = p->value.v.s;
    const hv_class *c = hv_schema_find(schema, name);
    if (!c)
        error_response(req, resp, MOFRT_CIM_ERR_INVALID_CLASS, "no class ", name);
    return c;
}

static void get_class(const hv_schema *schema, const mofrt_request *req, mofrt_buf *resp)
{
    static const char *const names[] = { "ClassName", "LocalOnly", "IncludeQualifiers",
                                         "IncludeClassOrigin", "PropertyList", NULL };
    const char *bad = unknown_param(req, names);
    if (bad) {
        error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "unknown parameter ", bad);
        return;
    }
    bool local_only, quals, origin;
    if (bool_param(req, "LocalOnly", true, &local_only) < 0 ||
        bool_param(req, "IncludeQualifiers", true, &quals) < 0 ||
        bool_param(req, "IncludeClassOrigin", false, &origin) < 0) {
        error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "malformed boolean parameter", NULL);
        return;
    }
    const hv_class *c = class_param(schema, req, resp, true);
    if (!c) {
        if (!resp->len)
            error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "missing ClassName", NULL);
        return;
    }
    mofrt_xw w;
    mofrt_xw_init(&w, resp);
    mofrt_xml_imethodresponse_begin(&w, req->msg_id, req->method, true);
    hv_schema_write_class(&w, c, local_only, quals, origin);
    mofrt_xml_imethodresponse_end(&w);
    if (mofrt_xw_finish(&w, NULL) < 0)
        error_response(req, resp, MOFRT_CIM_ERR_FAILED, "cannot encode the class", NULL);
}

static void get_instance(const hv_schema *schema, hv_store *store, const mofrt_request *req,
                         mofrt_buf *resp)
{
    static const char *const names[] = { "InstanceName", "LocalOnly", "IncludeQualifiers",
                                         "IncludeClassOrigin", "PropertyList", NULL };
    const char *bad = unknown_param(req, names);
    if (bad) {
        error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "unknown parameter ", bad);
        return;
    }
    const mofrt_param *p = mofrt_request_param(req, "InstanceName");
    if (!p || p->kind != MOFRT_PV_INSTANCENAME || !p->value.v.ref) {
        error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "InstanceName must be an INSTANCENAME",
                       NULL);
        return;
    }
    const mofrt_path *path = p->value.v.ref;
    if (!hv_schema_find(schema, path->class_name)) {
        error_response(req, resp, MOFRT_CIM_ERR_INVALID_CLASS, "no class ", path->class_name);
        return;
    }
    hv_store_rdlock(store);
    const mofrt_instance *inst = hv_store_get(store, path);
    if (inst) {
        mofrt_xw w;
        mofrt_xw_init(&w, resp);
        mofrt_xml_imethodresponse_begin(&w, req->msg_id, req->method, true);
        mofrt_xml_write_instance(&w, inst);
        mofrt_xml_imethodresponse_end(&w);
        if (mofrt_xw_finish(&w, NULL) < 0)
            inst = NULL, mofrt_buf_reset(resp);
    }
    hv_store_unlock(store);
    if (!inst && !resp->len)
        error_response(req, resp, MOFRT_CIM_ERR_NOT_FOUND, "no such instance", NULL);
}

static int write_named(void *arg, const mofrt_instance *inst)
{
    mofrt_xml_write_named_instance(arg, inst);
    return 0;
}

static int write_name(void *arg, const mofrt_instance *inst)
{
    mofrt_xml_write_instancename(arg, inst->path);
    return 0;
}

static void enumerate(const hv_schema *schema, hv_store *store, const mofrt_request *req,
                      mofrt_buf *resp, bool names_only)
{
    static const char *const inst_names[] = { "ClassName", "LocalOnly", "DeepInheritance",
                                              "IncludeQualifiers", "IncludeClassOrigin",
                                              "PropertyList", NULL };
    static const char *const name_names[] = { "ClassName", NULL };
    const char *bad = unknown_param(req, names_only ? name_names : inst_names);
    if (bad) {
        error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "unknown parameter ", bad);
        return;
    }
    const hv_class *c = class_param(schema, req, resp, true);
    if (!c)
        return;
    mofrt_xw w;
    mofrt_xw_init(&w, resp);
    mofrt_xml_imethodresponse_begin(&w, req->msg_id, req->method, true);
    hv_store_rdlock(store);
    hv_store_each(store, c, names_only ? write_name : write_named, &w);
    hv_store_unlock(store);
    mofrt_xml_imethodresponse_end(&w);
    if (mofrt_xw_finish(&w, NULL) < 0)
        error_response(req, resp, MOFRT_CIM_ERR_FAILED, "cannot encode the instances", NULL);
}

static void enum_classes(const hv_schema *schema, const mofrt_request *req, mofrt_buf *resp,
                         bool names_only)
{
    static const char *const names[] = { "ClassName", "DeepInheritance", "LocalOnly",
                                         "IncludeQualifiers", "IncludeClassOrigin", NULL };
    const char *bad = unknown_param(req, names);
    if (bad) {
        error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "unknown parameter ", bad);
        return;
    }
    bool deep, local_only, quals, origin;
    if (bool_param(req, "DeepInheritance", false, &deep) < 0 ||
        bool_param(req, "LocalOnly", true, &local_only) < 0 ||
        bool_param(req, "IncludeQualifiers", true, &quals) < 0 ||
        bool_param(req, "IncludeClassOrigin", false, &origin) < 0) {
        error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "malformed boolean parameter", NULL);
        return;
    }
    const mofrt_param *p = mofrt_request_param(req, "ClassName");
    const hv_class *base = NULL;
    if (p && !p->value.is_null && !(base = class_param(schema, req, resp, false)))
        return;
    mofrt_xw w;
    mofrt_xw_init(&w, resp);
    mofrt_xml_imethodresponse_begin(&w, req->msg_id, req->method, true);
    for (size_t i = 0; i < schema->nclasses; i++) {
        const hv_class *c = &schema->classes[i];
        bool pick;
        if (deep)
            pick = base ? c != base && hv_class_is_a(c, base->name) : true;
        else
            pick = base ? c->super == base : c->super == NULL;
        if (!pick)
            continue;
        if (names_only) {
            mofrt_xw_start(&w, "CLASSNAME");
            mofrt_xw_attr(&w, "NAME", c->name);
            mofrt_xw_end(&w);
        } else {
            hv_schema_write_class(&w, c, local_only, quals, origin);
        }
    }
    mofrt_xml_imethodresponse_end(&w);
    if (mofrt_xw_finish(&w, NULL) < 0)
        error_response(req, resp, MOFRT_CIM_ERR_FAILED, "cannot encode the classes", NULL);
}

void hv_intrinsic(const hv_schema *schema, hv_store *store, const mofrt_request *req, mofrt_buf *resp)
{
    const char *m = req->method;
    if (mofrt_name_eq(m, "GetClass"))
        get_class(schema, req, resp);
    else if (mofrt_name_eq(m, "GetInstance"))
        get_instance(schema, store, req, resp);
    else if (mofrt_name_eq(m, "EnumerateInstances"))
        enumerate(schema, store, req, resp, false);
    else if (mofrt_name_eq(m, "EnumerateInstanceNames"))
        enumerate(schema, store, req, resp, true);
    else if (mofrt_name_eq(m, "EnumerateClasses"))
        enum_classes(schema, req, resp, false);
    else if (mofrt_name_eq(m, "EnumerateClassNames"))
        enum_classes(schema, req, resp, true);
    else
        error_response(req, resp, MOFRT_CIM_ERR_NOT_SUPPORTED, "intrinsic method not supported: ", m);
}
