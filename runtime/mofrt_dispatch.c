/* Method dispatch: (class, method) -> provider thunk, with the In/Out
 * structs built and encoded from the descriptors. */
#include "runtime/mofrt_internal.h"
#include "runtime/mofrt_str.h"

#include <stdlib.h>
#include <string.h>

const mofrt_provider *mofrt_dispatch_find(const mofrt_dispatch_table *t, const char *class_name)
{
    for (size_t i = 0; t && class_name && i < t->count; i++)
        if (t->providers[i].cls && mofrt_name_eq(t->providers[i].cls->name, class_name))
            return &t->providers[i];
    return NULL;
}

/* Writes the ERROR response; the caller's err already holds the error. */
static mofrt_dispatch_result answer_error(const mofrt_request *req, mofrt_buf *response,
                                          mofrt_error *err)
{
    mofrt_error tmp;
    const mofrt_error *e = err;
    if (!err) {   /* caller does not want details, but the response needs them */
        mofrt_error_set(&tmp, MOFRT_CIM_ERR_FAILED, MOFRT_E_NONE, "failed");
        e = &tmp;
    }
    if (mofrt_xml_encode_error_response(response, req->msg_id, req->method, req->intrinsic, e, NULL) < 0)
        return MOFRT_DISPATCH_BAD_REQUEST;
    return MOFRT_DISPATCH_CIM_ERROR;
}

mofrt_dispatch_result mofrt_dispatch(const mofrt_dispatch_table *t, const mofrt_request *req,
                                     mofrt_buf *response, mofrt_error *err)
{
    mofrt_error local;
    if (!err)
        err = &local;
    mofrt_error_clear(err);
    if (req->intrinsic || !req->target) {
        mofrt_error_set(err, MOFRT_CIM_ERR_NOT_SUPPORTED, MOFRT_E_DISPATCH,
                        "intrinsic method %.60s is not served by the method dispatcher", req->method);
        return answer_error(req, response, err);
    }
    const mofrt_provider *prov = mofrt_dispatch_find(t, req->target->class_name);
    if (!prov) {
        mofrt_error_set(err, MOFRT_CIM_ERR_NOT_FOUND, MOFRT_E_DISPATCH, "no provider for class %.80s",
                        req->target->class_name);
        return answer_error(req, response, err);
    }
    const mofrt_method_desc *m = mofrt_class_find_method(prov->cls, req->method);
    if (!m) {
        mofrt_error_set(err, MOFRT_CIM_ERR_METHOD_NOT_FOUND, MOFRT_E_DISPATCH,
                        "class %.60s has no method %.60s", prov->cls->name, req->method);
        return answer_error(req, response, err);
    }
    /* [Static] both ways (DSP0004 5.6.3.49): a static method is invoked on
     * the class, any other on an instance. */
    bool is_static = (m->flags & MOFRT_M_STATIC) != 0;
    if (is_static != req->static_call) {
        mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_DISPATCH,
                        is_static ? "%.60s.%.60s is static: invoke it on the class path"
                                  : "%.60s.%.60s is not static: invoke it on an instance path",
                        prov->cls->name, m->name);
        return answer_error(req, response, err);
    }
    void *in = calloc(1, m->in_size ? m->in_size : 1);
    void *out = calloc(1, m->out_size ? m->out_size : 1);
    mofrt_f_any ret;
    memset(&ret, 0, sizeof ret);
    mofrt_dispatch_result res;
    if (!in || !out) {
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        res = answer_error(req, response, err);
        goto done;
    }
    if (mofrt_method_fill_in(m, req, in, NULL, err) < 0) {
        res = answer_error(req, response, err);
        goto done;
    }
    mofrt_invocation inv = { req, req->target, req->ns, prov->cls, m, req->user };
    mofrt_call_status st = m->thunk ? m->thunk(prov->ops, prov->ctx, &inv, in, out, &ret, err)
                                    : MOFRT_CALL_NOT_IMPLEMENTED;
    if (st == MOFRT_CALL_NOT_IMPLEMENTED) {
        mofrt_error_set(err, MOFRT_CIM_ERR_NOT_SUPPORTED, MOFRT_E_DISPATCH,
                        "%.60s.%.60s is not implemented", prov->cls->name, m->name);
        res = answer_error(req, response, err);
    } else if (st != MOFRT_CALL_OK) {
        if (err->code == MOFRT_CIM_OK)
            err->code = MOFRT_CIM_ERR_FAILED;
        if (err->kind == MOFRT_E_NONE)
            err->kind = MOFRT_E_PROVIDER;
        if (!err->message[0])
            strcpy(err->message, "provider failed");
        res = answer_error(req, response, err);
    } else {
        size_t mark = response->len;
        if (mofrt_method_encode_out(m, req->msg_id, out, &ret, response, err) == 0) {
            res = MOFRT_DISPATCH_OK;
        } else {
            /* drop the half-written response, answer with the error */
            response->len = mark;
            if (response->data)
                response->data[mark] = '\0';
            response->failed = false;
            res = answer_error(req, response, err);
        }
    }
    mofrt_field_clear(m->ret_type, 0, &ret);
done:
    mofrt_method_in_clear(m, in);
    mofrt_method_out_clear(m, out);
    free(in);
    free(out);
    return res;
}

mofrt_dispatch_result mofrt_dispatch_xml(const mofrt_dispatch_table *t, const char *xml,
                                         size_t len, const mofrt_limits *lim,
                                         mofrt_buf *response, mofrt_error *err)
{
    return mofrt_dispatch_xml_with(t, NULL, xml, len, lim, response, err);
}

mofrt_dispatch_result mofrt_dispatch_xml_with(const mofrt_dispatch_table *t, mofrt_decoder *dec,
                                              const char *xml, size_t len, const mofrt_limits *lim,
                                              mofrt_buf *response, mofrt_error *err)
{
    mofrt_error local;
    if (!err)
        err = &local;
    mofrt_request req;
    mofrt_dispatch_result res;
    if (mofrt_decoder_request(dec, xml, len, lim, &req, err) < 0) {
        /* Answer in CIM terms when the call is identified and the fault is
         * in a parameter; otherwise the document itself is bad. */
        bool known = req.msg_id && req.method;
        res = (known && (err->kind == MOFRT_E_PARAM || err->kind == MOFRT_E_LIMIT))
                  ? answer_error(&req, response, err)
                  : MOFRT_DISPATCH_BAD_REQUEST;
    } else {
        res = mofrt_dispatch(t, &req, response, err);
    }
    mofrt_request_clear(&req);
    return res;
}
