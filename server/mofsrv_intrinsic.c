/* libmofsrv: intrinsic operations — parameters, routing, response. */
#include "server/mofsrv_intrinsic.h"

#include <stdlib.h>
#include <string.h>

#include "server/mofsrv_classprops.h"
#include "server/mofsrv_modify.h"
#include "server/mofsrv_ops.h"
#include "server/mofsrv_params.h"
#include "server/mofsrv_producer.h"
#include "server/mofsrv_pull.h"

void mofsrv_error_response(const mofrt_request *req, mofrt_buf *resp, mofrt_cim_status code,
                           const char *msg, const char *arg)
{
    mofrt_error e;
    mofrt_error_set(&e, code, MOFRT_E_NONE, "%s%.200s", msg, arg ? arg : "");
    mofrt_buf_reset(resp);
    (void)mofrt_xml_encode_error_response(resp, req->msg_id, req->method, true, &e, NULL);
}

static void err_response(const mofrt_request *req, mofrt_buf *resp, const mofrt_error *e)
{
    mofrt_buf_reset(resp);
    (void)mofrt_xml_encode_error_response(resp, req->msg_id, req->method, true, e, NULL);
}

/* ClassName, required. */
static const mofsrv_class *class_param(mofsrv *s, const mofrt_request *req, mofrt_buf *resp)
{
    const char *name;
    if (mofsrv_param_classname(req, "ClassName", &name) < 0 || !name) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "ClassName must be a CLASSNAME", NULL);
        return NULL;
    }
    return mofsrv_param_class(s, req, name, resp);
}

/* ---- responses ------------------------------------------------------------------ */
static void begin(mofrt_xw *w, mofrt_buf *resp, const mofrt_request *req)
{
    mofrt_buf_reset(resp);
    mofrt_xw_init(w, resp);
    mofrt_xml_imethodresponse_begin(w, req->msg_id, req->method, true);
}

static void end(mofrt_xw *w, const mofrt_request *req, mofrt_buf *resp)
{
    mofrt_xml_imethodresponse_end(w);
    if (mofrt_xw_finish(w, NULL) < 0)
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_FAILED, "cannot encode the answer", NULL);
}

/* A successful answer without a return value. */
static void empty_answer(const mofrt_request *req, mofrt_buf *resp)
{
    mofrt_xw w;
    begin(&w, resp, req);
    end(&w, req, resp);
}

/* ---- classes ----------------------------------------------------------------------- */
static void get_class(mofsrv *s, const mofrt_request *req, mofrt_buf *resp)
{
    static const char *const names[] = { "ClassName", "LocalOnly", "IncludeQualifiers",
                                         "IncludeClassOrigin", "PropertyList", NULL };
    mofsrv_op_params ob;
    if (mofsrv_op_params_read(s, req, NULL, 0, names, &ob, resp) < 0)
        return;
    bool quals;
    (void)mofsrv_param_bool(req, "IncludeQualifiers", true, &quals);
    const char *name;
    const mofsrv_class *c = NULL;
    if (mofsrv_param_classname(req, "ClassName", &name) < 0 || !name)
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "ClassName must be a CLASSNAME", NULL);
    else if (!(c = mofsrv_schema_find(&s->schema, name)))   /* DSP0200 5.3.2.1: NOT_FOUND */
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_NOT_FOUND, "no class ", name);
    if (c) {
        mofrt_xw w;
        begin(&w, resp, req);
        mofsrv_schema_write_class(&w, c, ob.op.local_only, quals, ob.op.include_class_origin, &ob.op);
        end(&w, req, resp);
    }
    mofsrv_op_params_clear(&ob);
}

static void enum_classes(mofsrv *s, const mofrt_request *req, mofrt_buf *resp, bool names_only)
{
    static const char *const names[] = { "ClassName", "DeepInheritance", "LocalOnly",
                                         "IncludeQualifiers", "IncludeClassOrigin", NULL };
    mofsrv_op_params ob;
    if (mofsrv_op_params_read(s, req, NULL, 0, names, &ob, resp) < 0)
        return;
    bool quals;
    (void)mofsrv_param_bool(req, "IncludeQualifiers", true, &quals);
    const char *base_name;
    const mofsrv_class *base = NULL;
    if (mofsrv_param_classname(req, "ClassName", &base_name) < 0) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "ClassName must be a CLASSNAME", NULL);
        return;
    }
    if (base_name && !(base = mofsrv_param_class(s, req, base_name, resp)))
        return;
    mofrt_xw w;
    begin(&w, resp, req);
    bool deep = ob.op.deep_inheritance;
    for (size_t i = 0; i < s->schema.nclasses; i++) {
        const mofsrv_class *c = &s->schema.classes[i];
        bool pick;
        if (deep)
            pick = base ? c != base && mofsrv_class_is_a(c, base->name) : true;
        else
            pick = base ? c->super == base : c->super == NULL;
        if (!pick)
            continue;
        if (names_only) {
            mofrt_xw_start(&w, "CLASSNAME");
            mofrt_xw_attr(&w, "NAME", c->name);
            mofrt_xw_end(&w);
        } else {
            mofsrv_schema_write_class(&w, c, ob.op.local_only, quals, ob.op.include_class_origin, NULL);
        }
    }
    end(&w, req, resp);
}

/* ---- streamed answers --------------------------------------------------------------- */
/* The operation in a producer: the answer whole when it ends within one
 * queue of results, else its beginning in resp and the rest in *stream. */
static void streamed(mofsrv *s, const mofrt_request *req, const mofrt_op *op, const mofsrv_class *c,
                     const mofrt_path *source, mofsrv_emit emit, mofrt_buf *resp, mofsrv_producer **stream)
{
    mofrt_error e;
    mofsrv_producer *p = mofsrv_producer_start(s, op, c, source, emit, &e);
    mofrt_buf items = MOFRT_BUF_INIT;
    bool done = true;
    if (!p || mofsrv_producer_take(p, MOFSRV_PRODUCER_QUEUE, MOFSRV_PRODUCER_QUEUE, &items, &done, &e) < 0) {
        mofsrv_producer_free(p);
        mofrt_buf_free(&items);
        err_response(req, resp, &e);
        return;
    }
    mofrt_xw w;
    begin(&w, resp, req);
    mofrt_xw_raw(&w, items.data ? items.data : "", items.len);
    mofrt_buf_free(&items);
    if (done) {
        mofsrv_producer_free(p);
        end(&w, req, resp);
        return;
    }
    if (resp->failed) {
        mofsrv_producer_free(p);
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_FAILED, "out of memory", NULL);
        return;
    }
    *stream = p;   /* the HTTP side sends the rest, then MOFSRV_STREAM_TAIL */
}

/* ---- instances ------------------------------------------------------------------ */
static void get_instance(mofsrv *s, const mofrt_request *req, const char *user, mofrt_buf *resp)
{
    static const char *const names[] = { "InstanceName", "LocalOnly", "IncludeQualifiers",
                                         "IncludeClassOrigin", "PropertyList", NULL };
    mofsrv_op_params ob;
    if (mofsrv_op_params_read(s, req, user, MOFRT_OP_GET_INSTANCE, names, &ob, resp) < 0)
        return;
    const mofrt_path *path = mofsrv_param_instancename(req, "InstanceName", resp);
    const mofsrv_class *c = path ? mofsrv_param_class(s, req, path->class_name, resp) : NULL;
    if (c) {
        ob.op.class_name = c->name;
        mofrt_xw w;
        begin(&w, resp, req);
        mofsrv_xsink x;
        mofsrv_xsink_init(&x, s, &ob.op, NULL, MOFSRV_EMIT_INSTANCE, &w);
        mofrt_error e;
        if (mofsrv_get(s, &ob.op, path, &x.n.base, &e) < 0)
            err_response(req, resp, &e);
        else
            end(&w, req, resp);
    }
    mofsrv_op_params_clear(&ob);
}

static void enumerate(mofsrv *s, const mofrt_request *req, const char *user, mofrt_buf *resp, bool names_only,
                      mofsrv_producer **stream)
{
    static const char *const inst_names[] = { "ClassName", "LocalOnly", "DeepInheritance",
                                              "IncludeQualifiers", "IncludeClassOrigin",
                                              "PropertyList", NULL };
    static const char *const name_names[] = { "ClassName", NULL };
    mofsrv_op_params ob;
    if (mofsrv_op_params_read(s, req, user, names_only ? MOFRT_OP_ENUMERATE_INSTANCE_NAMES : MOFRT_OP_ENUMERATE_INSTANCES,
                names_only ? name_names : inst_names, &ob, resp) < 0)
        return;
    const mofsrv_class *c = class_param(s, req, resp);
    /* a class the store serves with no instance or one is answered here,
     * not through a producer thread (the hand-off is most of an empty
     * enumeration's cost); the answer is the same, and no bigger than a
     * GetInstance's (more would bypass the producers' bounds in bytes) */
    uint64_t n;
    if (c && stream && !(mofsrv_store_count(s, c, &n) && n <= 1)) {
        ob.op.class_name = c->name;
        ob.op.names_only = names_only;
        streamed(s, req, &ob.op, c, NULL, names_only ? MOFSRV_EMIT_NAME : MOFSRV_EMIT_NAMED, resp, stream);
    } else if (c) {
        ob.op.class_name = c->name;
        ob.op.names_only = names_only;
        mofrt_xw w;
        begin(&w, resp, req);
        mofsrv_xsink x;
        mofsrv_xsink_init(&x, s, &ob.op, c, names_only ? MOFSRV_EMIT_NAME : MOFSRV_EMIT_NAMED, &w);
        if (!names_only && !ob.op.deep_inheritance)
            x.only_of = c;
        mofrt_error e;
        if (mofsrv_enumerate(s, &ob.op, c, &x.n.base, &e) < 0)
            err_response(req, resp, &e);
        else
            end(&w, req, resp);
    }
    mofsrv_op_params_clear(&ob);
}

static void create_instance(mofsrv *s, const mofrt_request *req, const char *user, mofrt_buf *resp)
{
    static const char *const names[] = { "NewInstance", NULL };
    mofsrv_op_params ob;
    if (mofsrv_op_params_read(s, req, user, MOFRT_OP_CREATE_INSTANCE, names, &ob, resp) < 0)
        return;
    const mofrt_param *p = mofrt_request_param(req, "NewInstance");
    const mofrt_instance *inst = p && (p->kind == MOFRT_PV_INSTANCE || p->kind == MOFRT_PV_NAMEDINSTANCE)
                                     ? p->value.v.emb.inst : NULL;
    if (!inst) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "NewInstance must be an INSTANCE", NULL);
        return;
    }
    const mofsrv_class *c = mofsrv_param_class(s, req, inst->class_name, resp);
    if (!c)
        return;
    ob.op.class_name = c->name;
    mofrt_path *created = NULL;
    mofrt_error e;
    mofsrv_props props;
    int rc = mofsrv_props_of(c, &props, &e);
    if (rc == 0) {
        rc = mofsrv_check_names(&props, NULL, inst, NULL, &e);
        mofsrv_props_free(&props);
    }
    if (rc < 0 || mofsrv_create(s, &ob.op, inst, &created, &e) < 0) {
        err_response(req, resp, &e);
        return;
    }
    mofrt_xw w;
    begin(&w, resp, req);
    mofrt_xml_write_instancename(&w, created);
    end(&w, req, resp);
    mofrt_path_free(created);
}

static void modify_instance(mofsrv *s, const mofrt_request *req, const char *user, mofrt_buf *resp)
{
    static const char *const names[] = { "ModifiedInstance", "IncludeQualifiers", "PropertyList", NULL };
    mofsrv_op_params ob;
    if (mofsrv_op_params_read(s, req, user, MOFRT_OP_MODIFY_INSTANCE, names, &ob, resp) < 0)
        return;
    const mofrt_param *p = mofrt_request_param(req, "ModifiedInstance");
    const mofrt_instance *inst = p && p->kind == MOFRT_PV_NAMEDINSTANCE ? p->value.v.emb.inst : NULL;
    const mofsrv_class *c = NULL;
    if (!inst || !inst->path)
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER,
                              "ModifiedInstance must be a VALUE.NAMEDINSTANCE", NULL);
    else
        c = mofsrv_param_class(s, req, inst->path->class_name, resp);
    if (c) {
        ob.op.class_name = c->name;
        mofrt_error e;
        if (mofsrv_modify_instance(s, &ob.op, inst, &e) < 0)
            err_response(req, resp, &e);
        else
            empty_answer(req, resp);
    }
    mofsrv_op_params_clear(&ob);
}

/* GetProperty / SetProperty (DSP0200 5.3.2.18 / 5.3.2.19): InstanceName,
 * PropertyName (a string VALUE), and for SetProperty NewValue (VALUE,
 * VALUE.ARRAY or VALUE.REFERENCE; absent or empty: NULL). */
static void property_op(mofsrv *s, const mofrt_request *req, const char *user, mofrt_buf *resp, bool set)
{
    static const char *const get_names[] = { "InstanceName", "PropertyName", NULL };
    static const char *const set_names[] = { "InstanceName", "PropertyName", "NewValue", NULL };
    mofsrv_op_params ob;
    if (mofsrv_op_params_read(s, req, user, set ? MOFRT_OP_MODIFY_INSTANCE : MOFRT_OP_GET_INSTANCE,
                              set ? set_names : get_names, &ob, resp) < 0)
        return;
    mofrt_value prop = MOFRT_VALUE_INIT;
    bool given = false;
    const mofrt_param *nv = set ? mofrt_request_param(req, "NewValue") : NULL;
    const mofrt_path *path = mofsrv_param_instancename(req, "InstanceName", resp);
    if (!path) {
        /* the answer is written */
    } else if (mofsrv_param_scalar(req, "PropertyName", MOFRT_T_STRING, &prop, &given) < 0 || !given || !prop.v.s) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "PropertyName must be a string VALUE",
                              NULL);
    } else if (nv && nv->kind != MOFRT_PV_NONE && nv->kind != MOFRT_PV_VALUE && nv->kind != MOFRT_PV_REFERENCE) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER,
                              "NewValue must be a VALUE, VALUE.ARRAY or VALUE.REFERENCE", NULL);
    } else if (mofsrv_param_class(s, req, path->class_name, resp)) {
        mofrt_error e;
        mofrt_value v = mofrt_value_null(MOFRT_T_STRING), null = v;
        ob.op.class_name = path->class_name;
        int rc = set ? mofsrv_set_property(s, &ob.op, path, prop.v.s, nv ? &nv->value : &null, &e)
                     : mofsrv_get_property(s, &ob.op, path, prop.v.s, &v, &e);
        if (rc < 0) {
            err_response(req, resp, &e);
        } else {
            mofrt_xw w;
            begin(&w, resp, req);
            mofrt_xml_write_value(&w, &v);   /* nothing for NULL (and SetProperty) */
            end(&w, req, resp);
        }
        mofrt_value_clear(&v);
    }
    mofrt_value_clear(&prop);
    mofsrv_op_params_clear(&ob);
}

static void delete_instance(mofsrv *s, const mofrt_request *req, const char *user, mofrt_buf *resp)
{
    static const char *const names[] = { "InstanceName", NULL };
    mofsrv_op_params ob;
    if (mofsrv_op_params_read(s, req, user, MOFRT_OP_DELETE_INSTANCE, names, &ob, resp) < 0)
        return;
    const mofrt_path *path = mofsrv_param_instancename(req, "InstanceName", resp);
    const mofsrv_class *c = path ? mofsrv_param_class(s, req, path->class_name, resp) : NULL;
    if (!c)
        return;
    ob.op.class_name = c->name;
    mofrt_error e;
    if (mofsrv_delete(s, &ob.op, path, &e) < 0) {
        err_response(req, resp, &e);
        return;
    }
    empty_answer(req, resp);
}

/* ---- associations ------------------------------------------------------------------ */
static void associations(mofsrv *s, const mofrt_request *req, const char *user, mofrt_buf *resp,
                         mofrt_op_kind kind, mofsrv_producer **stream)
{
    static const char *const assoc_names[] = { "ObjectName", "AssocClass", "ResultClass", "Role",
                                               "ResultRole", "IncludeQualifiers", "IncludeClassOrigin",
                                               "PropertyList", NULL };
    static const char *const ref_names[] = { "ObjectName", "ResultClass", "Role", "IncludeQualifiers",
                                             "IncludeClassOrigin", "PropertyList", NULL };
    bool refs = kind == MOFRT_OP_REFERENCES || kind == MOFRT_OP_REFERENCE_NAMES;
    bool names_only = kind == MOFRT_OP_ASSOCIATOR_NAMES || kind == MOFRT_OP_REFERENCE_NAMES;
    mofsrv_op_params ob;
    if (mofsrv_op_params_read(s, req, user, kind, refs ? ref_names : assoc_names, &ob, resp) < 0)
        return;
    const mofrt_param *on = mofrt_request_param(req, "ObjectName");
    if (on && on->kind == MOFRT_PV_CLASSNAME) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_NOT_SUPPORTED,
                              "associations of classes (a CLASSNAME ObjectName) are not supported", NULL);
    } else {
        const mofrt_path *src = mofsrv_param_instancename(req, "ObjectName", resp);
        const mofsrv_class *c = src ? mofsrv_param_class(s, req, src->class_name, resp) : NULL;
        if ((ob.op.assoc_class && !mofsrv_param_class(s, req, ob.op.assoc_class, resp)) ||
            (ob.op.result_class && !mofsrv_param_class(s, req, ob.op.result_class, resp)))
            c = NULL;
        if (c && stream) {
            ob.op.class_name = c->name;
            ob.op.names_only = names_only;
            streamed(s, req, &ob.op, c, src, names_only ? MOFSRV_EMIT_OBJECTPATH : MOFSRV_EMIT_OBJECT, resp,
                     stream);
        } else if (c) {
            ob.op.class_name = c->name;
            ob.op.names_only = names_only;
            mofrt_xw w;
            begin(&w, resp, req);
            mofsrv_xsink x;
            mofsrv_xsink_init(&x, s, &ob.op, NULL, names_only ? MOFSRV_EMIT_OBJECTPATH : MOFSRV_EMIT_OBJECT, &w);
            mofrt_error e;
            int rc = refs ? mofsrv_references(s, &ob.op, src, &x.n.base, &e)
                          : mofsrv_associators(s, &ob.op, src, &x.n.base, &e);
            if (rc < 0)
                err_response(req, resp, &e);
            else
                end(&w, req, resp);
        }
    }
    mofsrv_op_params_clear(&ob);
}

void mofsrv_intrinsic(mofsrv *s, const mofrt_request *req, const char *user, mofrt_buf *resp,
                      mofsrv_producer **stream)
{
    const char *m = req->method;
    if (mofrt_name_eq(m, "GetClass"))
        get_class(s, req, resp);
    else if (mofrt_name_eq(m, "EnumerateClasses"))
        enum_classes(s, req, resp, false);
    else if (mofrt_name_eq(m, "EnumerateClassNames"))
        enum_classes(s, req, resp, true);
    else if (mofrt_name_eq(m, "GetInstance"))
        get_instance(s, req, user, resp);
    else if (mofrt_name_eq(m, "EnumerateInstances"))
        enumerate(s, req, user, resp, false, stream);
    else if (mofrt_name_eq(m, "EnumerateInstanceNames"))
        enumerate(s, req, user, resp, true, stream);
    else if (mofrt_name_eq(m, "CreateInstance"))
        create_instance(s, req, user, resp);
    else if (mofrt_name_eq(m, "ModifyInstance"))
        modify_instance(s, req, user, resp);
    else if (mofrt_name_eq(m, "DeleteInstance"))
        delete_instance(s, req, user, resp);
    else if (mofrt_name_eq(m, "GetProperty"))
        property_op(s, req, user, resp, false);
    else if (mofrt_name_eq(m, "SetProperty"))
        property_op(s, req, user, resp, true);
    else if (mofrt_name_eq(m, "Associators"))
        associations(s, req, user, resp, MOFRT_OP_ASSOCIATORS, stream);
    else if (mofrt_name_eq(m, "AssociatorNames"))
        associations(s, req, user, resp, MOFRT_OP_ASSOCIATOR_NAMES, stream);
    else if (mofrt_name_eq(m, "References"))
        associations(s, req, user, resp, MOFRT_OP_REFERENCES, stream);
    else if (mofrt_name_eq(m, "ReferenceNames"))
        associations(s, req, user, resp, MOFRT_OP_REFERENCE_NAMES, stream);
    else if (!mofsrv_pull(s, req, user, resp))
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_NOT_SUPPORTED, "intrinsic method not supported: ", m);
}
