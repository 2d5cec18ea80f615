/* Decoding of CIM-XML request messages: METHODCALL (extrinsic) and
 * IMETHODCALL (intrinsic) inside CIM/MESSAGE/SIMPLEREQ. */
#include "runtime/mofrt_internal.h"
#include "runtime/mofrt_str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int invalid(mofrt__dec *d, const char *fmt, const char *arg)
{
    return mofrt_error_set(d->err, MOFRT_CIM_ERR_FAILED, MOFRT_E_CIMXML, fmt, arg ? arg : "");
}

static int nomem(mofrt__dec *d)
{
    return mofrt_error_set(d->err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
}

void mofrt_request_clear(mofrt_request *req)
{
    if (!req)
        return;
    for (size_t i = 0; i < req->nparams; i++) {
        free(req->params[i].name);
        mofrt_value_clear(&req->params[i].value);
    }
    free(req->params);
    free(req->msg_id);
    free(req->protocol_version);
    free(req->method);
    free(req->ns);
    mofrt_path_free(req->target);
    memset(req, 0, sizeof *req);
}

const mofrt_param *mofrt_request_param(const mofrt_request *req, const char *name)
{
    for (size_t i = 0; req && i < req->nparams; i++)
        if (mofrt_name_eq(req->params[i].name, name))
            return &req->params[i];
    return NULL;
}

/* Marks a failure inside a parameter's value as the parameter's fault:
 * the answer is then CIM_ERR_INVALID_PARAMETER naming it. */
static int param_fault(mofrt__dec *d, const char *name)
{
    if (d->err && d->err->kind != MOFRT_E_NOMEM && d->err->kind != MOFRT_E_LIMIT) {
        d->err->code = MOFRT_CIM_ERR_INVALID_PARAMETER;
        d->err->kind = MOFRT_E_PARAM;
    }
    char where[96];
    snprintf(where, sizeof where, "parameter '%.60s'", name);
    mofrt_error_prefix(d->err, where);
    return -1;
}

/* Value child of a PARAMVALUE / IPARAMVALUE. `t` is the PARAMTYPE (NONE
 * when untyped). */
static int dec_param_child(mofrt__dec *d, const mofrt__node *c, mofrt_type t, bool typed, bool emb,
                           mofrt_param *p)
{
    mofrt_value *v = &p->value;
    if (!c) {
        p->kind = MOFRT_PV_NONE;
        *v = mofrt_value_null(t);
        return 0;
    }
    bool is_ref = mofrt__is(c, "VALUE.REFERENCE") || mofrt__is(c, "VALUE.REFARRAY") ||
                  mofrt__is(c, "INSTANCENAME");
    if (typed && (is_ref != (t == MOFRT_T_REFERENCE)))
        return mofrt_error_set(d->err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PARAM,
                               "PARAMTYPE %s does not match the %s element", mofrt_type_name(t),
                               (const char *)c->name);
    if (mofrt__is(c, "VALUE")) {
        p->kind = MOFRT_PV_VALUE;
        return mofrt__dec_value(d, c, t, emb, v);
    }
    if (mofrt__is(c, "VALUE.ARRAY")) {
        p->kind = MOFRT_PV_VALUE;
        return mofrt__dec_value_array(d, c, t, emb, v);
    }
    if (mofrt__is(c, "VALUE.REFERENCE") || mofrt__is(c, "INSTANCENAME")) {
        p->kind = mofrt__is(c, "INSTANCENAME") ? MOFRT_PV_INSTANCENAME : MOFRT_PV_REFERENCE;
        mofrt_path *path = NULL;
        int rc = p->kind == MOFRT_PV_INSTANCENAME
                     ? mofrt__dec_instancename(d, c, NULL, NULL, &path)
                     : mofrt__dec_value_reference(d, c, &path);
        if (rc == 0)
            *v = mofrt_value_ref_take(path);
        return rc;
    }
    if (mofrt__is(c, "VALUE.REFARRAY")) {
        p->kind = MOFRT_PV_REFERENCE;
        return mofrt__dec_value_refarray(d, c, v);
    }
    if (mofrt__is(c, "CLASSNAME")) {
        p->kind = MOFRT_PV_CLASSNAME;
        const char *n = mofrt__attr(c, "NAME");
        int rc = (n && *n) ? mofrt_value_string(v, n, d->err) : invalid(d, "CLASSNAME without NAME%s", NULL);
        return rc;
    }
    if (mofrt__is(c, "INSTANCE") || mofrt__is(c, "VALUE.NAMEDINSTANCE")) {
        mofrt_instance *inst = NULL;
        p->kind = mofrt__is(c, "INSTANCE") ? MOFRT_PV_INSTANCE : MOFRT_PV_NAMEDINSTANCE;
        int rc = p->kind == MOFRT_PV_INSTANCE ? mofrt__dec_instance(d, c, &inst)
                                               : mofrt__dec_named_instance(d, c, &inst);
        if (rc == 0)
            *v = mofrt_value_instance_take(inst);
        return rc;
    }
    return mofrt_error_set(d->err, MOFRT_CIM_ERR_NOT_SUPPORTED, MOFRT_E_CIMXML,
                           "%s is not supported as a parameter value", (const char *)c->name);
}

static int add_params(mofrt__dec *d, const mofrt__node *first, const char *elem, bool intrinsic,
                      mofrt_request *req)
{
    size_t n = 0;
    for (const mofrt__node *c = first; c; c = mofrt__next_elem(c))
        n++;
    if (n > d->lim->max_params)
        return mofrt_error_set(d->err, MOFRT_CIM_ERR_SERVER_LIMITS_EXCEEDED, MOFRT_E_LIMIT,
                               "%zu parameters exceed the limit of %zu", n, d->lim->max_params);
    if (n == 0)
        return 0;
    req->params = calloc(n, sizeof *req->params);
    if (!req->params)
        return nomem(d);
    for (const mofrt__node *c = first; c; c = mofrt__next_elem(c)) {
        if (!mofrt__is(c, elem))
            return invalid(d, "unexpected %s among the parameters", (const char *)c->name);
        mofrt_param *p = &req->params[req->nparams];
        const char *name = mofrt__attr(c, "NAME");
        if (!name || !*name)
            return invalid(d, "%s without NAME", elem);
        p->name = mofrt_strdup(name);
        if (!p->name)
            return nomem(d);
        req->nparams++;
        for (size_t j = 0; j + 1 < req->nparams; j++)
            if (mofrt_name_eq(req->params[j].name, p->name))
                return mofrt_error_set(d->err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PARAM,
                                       "parameter '%.60s' given twice", p->name);
        mofrt_type t = MOFRT_T_NONE;
        if (!intrinsic) {
            const char *pt = mofrt__attr(c, "PARAMTYPE");
            if (pt) {
                t = mofrt_type_from_name(pt);
                p->typed = true;
                if (t == MOFRT_T_NONE) {
                    mofrt_error_set(d->err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PARAM,
                                    "unknown PARAMTYPE '%.40s'", pt);
                    return param_fault(d, p->name);
                }
            }
            p->embedded = mofrt__embedded_attr(c);
            if (p->embedded && t == MOFRT_T_STRING)
                t = MOFRT_T_INSTANCE;
        }
        if (dec_param_child(d, mofrt__first_elem(c), t, p->typed, p->embedded, p) < 0)
            return param_fault(d, p->name);
    }
    return 0;
}

static int dec_methodcall(mofrt__dec *d, const mofrt__node *call, mofrt_request *req)
{
    const mofrt__node *path = mofrt__first_elem(call);
    if (!path)
        return invalid(d, "METHODCALL without a target path%s", NULL);
    const mofrt__node *l = mofrt__first_elem(path);
    if (mofrt__is(path, "LOCALINSTANCEPATH")) {
        if (mofrt__dec_localnamespacepath(d, l, &req->ns) < 0 ||
            mofrt__dec_instancename(d, mofrt__next_elem(l), NULL, req->ns, &req->target) < 0)
            return -1;
    } else if (mofrt__is(path, "LOCALCLASSPATH")) {
        if (mofrt__dec_localnamespacepath(d, l, &req->ns) < 0)
            return -1;
        const mofrt__node *cn = mofrt__next_elem(l);
        const char *cls = mofrt__is(cn, "CLASSNAME") ? mofrt__attr(cn, "NAME") : NULL;
        if (!cls || !*cls)
            return invalid(d, "LOCALCLASSPATH needs a CLASSNAME%s", NULL);
        req->target = mofrt_path_new(NULL, req->ns, cls);
        if (!req->target)
            return nomem(d);
        req->static_call = true;
    } else {
        return invalid(d, "METHODCALL target must be LOCALINSTANCEPATH or LOCALCLASSPATH, not %s",
                       (const char *)path->name);
    }
    return add_params(d, mofrt__next_elem(path), "PARAMVALUE", false, req);
}

static int dec_imethodcall(mofrt__dec *d, const mofrt__node *call, mofrt_request *req)
{
    const mofrt__node *l = mofrt__first_elem(call);
    if (mofrt__dec_localnamespacepath(d, l, &req->ns) < 0)
        return -1;
    return add_params(d, mofrt__next_elem(l), "IPARAMVALUE", true, req);
}

static int dec_envelope(mofrt__dec *d, const mofrt__node *root, mofrt_request *req)
{
    if (!mofrt__is(root, "CIM"))
        return invalid(d, "root element must be CIM, not %s", root ? (const char *)root->name : "(none)");
    const mofrt__node *msg = mofrt__first_elem(root);
    if (!mofrt__is(msg, "MESSAGE"))
        return invalid(d, "CIM must contain MESSAGE (declarations are not requests)%s", NULL);
    bool present;
    req->msg_id = mofrt__attr_dup(msg, "ID", &present);
    if (!present)
        return invalid(d, "MESSAGE without ID%s", NULL);
    if (!req->msg_id)
        return nomem(d);
    req->protocol_version = mofrt__attr_dup(msg, "PROTOCOLVERSION", &present);
    if (present && !req->protocol_version)
        return nomem(d);
    const mofrt__node *sreq = mofrt__first_elem(msg);
    if (mofrt__is(sreq, "MULTIREQ"))
        return mofrt_error_set(d->err, MOFRT_CIM_ERR_NOT_SUPPORTED, MOFRT_E_CIMXML,
                               "MULTIREQ is not supported");
    if (!mofrt__is(sreq, "SIMPLEREQ"))
        return invalid(d, "MESSAGE must contain SIMPLEREQ, not %s", sreq ? (const char *)sreq->name : "nothing");
    const mofrt__node *call = mofrt__first_elem(sreq);
    while (mofrt__is(call, "CORRELATOR"))
        call = mofrt__next_elem(call);
    bool intrinsic = mofrt__is(call, "IMETHODCALL");
    if (!intrinsic && !mofrt__is(call, "METHODCALL"))
        return invalid(d, "SIMPLEREQ must contain METHODCALL or IMETHODCALL, not %s",
                       call ? (const char *)call->name : "nothing");
    req->intrinsic = intrinsic;
    req->method = mofrt__attr_dup(call, "NAME", &present);
    if (!req->method || !*req->method)
        return present && !req->method ? nomem(d) : invalid(d, "method call without NAME%s", NULL);
    return intrinsic ? dec_imethodcall(d, call, req) : dec_methodcall(d, call, req);
}

int mofrt_xml_decode_request(const char *xml, size_t len, const mofrt_limits *lim,
                             mofrt_request *out, mofrt_error *err)
{
    return mofrt_decoder_request(NULL, xml, len, lim, out, err);
}

int mofrt_decoder_request(mofrt_decoder *dec, const char *xml, size_t len,
                          const mofrt_limits *lim, mofrt_request *out, mofrt_error *err)
{
    mofrt_limits storage;
    lim = mofrt__limits(lim, &storage);
    memset(out, 0, sizeof *out);
    /* Without a caller's decoder, one lives for this call so embedded
     * instances reuse the request's parser context. */
    mofrt_decoder *own = dec ? NULL : mofrt_decoder_new();
    mofrt_decoder *use = dec ? dec : own;
    mofrt__tree *tree = mofrt__xml_parse(use, xml, len, lim, err);
    if (!tree) {
        mofrt_decoder_free(own);
        return -1;
    }
    mofrt__dec d = { lim, err, 0, use, tree };
    int rc = dec_envelope(&d, mofrt__tree_root(tree), out);
    mofrt__tree_release(use, tree);
    mofrt_decoder_free(own);
    if (rc < 0) {
        /* Keep what identifies the call so a CIM ERROR can still be
         * answered for parameter faults; drop the rest. */
        for (size_t i = 0; i < out->nparams; i++) {
            free(out->params[i].name);
            mofrt_value_clear(&out->params[i].value);
        }
        free(out->params);
        out->params = NULL;
        out->nparams = 0;
    }
    return rc;
}
