/* libmofsrv: DSP0200 request handling (see mofsrv_handler.h); the HTTP side is in
 * mofsrv_http.c. */
#include "server/mofsrv_handler.h"

#include <stdlib.h>
#include <string.h>

#include "server/mofsrv_conform.h"
#include "server/mofsrv_intrinsic.h"
#include "server/mofsrv_ops.h"
#include "server/mofsrv_paramclass.h"
#include "server/mofsrv_producer.h"

/* ---- responses ---------------------------------------------------------- */
enum { MOFSRV_ANSWER_FIRST = 2048 };   /* bytes: a GetInstance answer is 0.5-2 KB */
static unsigned answer(mofsrv_response *out, unsigned status, const char *cimerror)
{
    out->status = status;
    out->cimerror = cimerror;
    if (status != 200) {
        mofrt_buf_free(&out->body);
        mofsrv_producer_free(out->stream);
        out->stream = NULL;
    }
    return status;
}

void mofsrv_response_free(mofsrv_response *r)
{
    if (!r)
        return;
    mofrt_buf_free(&r->body);
    mofsrv_producer_free(r->stream);
    r->stream = NULL;
}

int mofsrv_response_drain(mofsrv_response *r)
{
    bool end = !r->stream;
    int rc = 0;
    while (!end && rc == 0)
        rc = mofsrv_producer_take(r->stream, 1, MOFSRV_PRODUCER_QUEUE, &r->body, &end, NULL);
    mofsrv_producer_free(r->stream);
    r->stream = NULL;
    if (rc < 0) {
        answer(r, 500, NULL);
        return -1;
    }
    mofrt_buf_puts(&r->body, MOFSRV_STREAM_TAIL);
    return 0;
}

/* ---- header helpers ------------------------------------------------------ */
static const char *header(const mofsrv_headers *hd, const char *name)
{
    return hd && hd->get ? hd->get(hd->ctx, name) : NULL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decoded copy of s into buf (cap bytes) when it fits, else
 * malloc'd (freed by the caller when it is not buf); NULL on a bad escape
 * or OOM. */
static char *pct_decode(const char *s, char *buf, size_t cap)
{
    size_t n = strlen(s);
    char *out = n < cap ? buf : malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%') {
            int h = i + 2 < n ? hexval(s[i + 1]) : -1;
            int l = h >= 0 ? hexval(s[i + 2]) : -1;
            if (h < 0 || l < 0 || (h == 0 && l == 0)) {
                if (out != buf)
                    free(out);
                return NULL;
            }
            *o++ = (char)(h * 16 + l);
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

/* CIMMethod / CIMObject agree with the body (DSP0200 7.3). */
static bool headers_match(const mofsrv_headers *hd, const mofrt_request *req)
{
    const char *hm = header(hd, "CIMMethod");
    const char *ho = header(hd, "CIMObject");
    char mb[128], ob[512];   /* the usual lengths decode without malloc */
    char *m = hm ? pct_decode(hm, mb, sizeof mb) : NULL, *o = ho ? pct_decode(ho, ob, sizeof ob) : NULL;
    bool ok = m && o && mofrt_name_eq(m, req->method);
    if (ok && req->intrinsic) {
        ok = mofsrv_ns_eq(o, strlen(o), req->ns);
    } else if (ok) {
        char *colon = strchr(o, ':');
        mofrt_path *p = NULL;
        ok = colon && mofsrv_ns_eq(o, (size_t)(colon - o), req->ns) && req->target &&
             mofrt_path_parse(colon + 1, &p, NULL) == 0 && mofrt_path_equal(p, req->target);
        mofrt_path_free(p);
    }
    if (m != mb)
        free(m);
    if (o != ob)
        free(o);
    return ok;
}

/* ---- the CIM operation ---------------------------------------------------- */
static void cim_error(mofrt_buf *resp, const mofrt_request *req, mofrt_cim_status code,
                      const char *what, const char *arg)
{
    mofrt_error e;
    mofrt_error_set(&e, code, MOFRT_E_NONE, "%s%.200s", what, arg ? arg : "");
    mofrt_buf_reset(resp);
    (void)mofrt_xml_encode_error_response(resp, req->msg_id, req->method, req->intrinsic, &e, NULL);
}

static int discard(void *arg, const mofrt_instance *inst, const mofrt_path *path, mofrt_error *err)
{
    (void)arg, (void)inst, (void)path, (void)err;
    return 0;
}

/* InvokeMethod (DSP0200 5.3.3): the class and method known, [Static]
 * matching the kind of path (a static method on its class, any other on
 * an instance), the instance existing, then the provider's method. */
static void extrinsic(mofsrv *s, const mofrt_request *req, const char *user, mofrt_buf *resp)
{
    const mofsrv_class *c = mofsrv_schema_find(&s->schema, req->target->class_name);
    if (!c) {
        cim_error(resp, req, MOFRT_CIM_ERR_NOT_FOUND, "no class ", req->target->class_name);
        return;
    }
    int st = mofsrv_class_method_static(c, req->method);
    if (st < 0) {
        cim_error(resp, req, MOFRT_CIM_ERR_METHOD_NOT_FOUND, "no such method: ", req->method);
        return;
    }
    if (st == 1 && !req->static_call) {
        cim_error(resp, req, MOFRT_CIM_ERR_INVALID_PARAMETER,
                  "a static method is invoked on its class, not on an instance: ", req->method);
        return;
    }
    if (st == 0 && req->static_call) {
        cim_error(resp, req, MOFRT_CIM_ERR_INVALID_PARAMETER,
                  "a method that is not static is invoked on an instance, not on its class: ", req->method);
        return;
    }
    const mofrt_provider *p = mofrt_dispatch_find(&s->table, c->name);
    if (!p) {
        cim_error(resp, req, MOFRT_CIM_ERR_NOT_SUPPORTED, "no provider for the methods of ", c->name);
        return;
    }
    mofrt_error err;
    /* a REF / EmbeddedInstance parameter of another class: refused before the provider runs */
    const mofrt_method_desc *m = mofrt_class_find_method(p->cls, req->method);
    if (m && mofsrv_param_classes_check(&s->schema, m, req, &err) < 0) {
        if (!s->param_fault || !s->param_fault(s->param_fault_ctx, req, &err, resp))
            (void)mofrt_xml_encode_error_response(resp, req->msg_id, req->method, false, &err, NULL);
        return;
    }
    /* the provider is handed the target with its keys typed as the class
     * declares them (as GetInstance answers them), not as the CIM-XML
     * decoder guessed them (every numeric KEYVALUE a uint64) */
    mofrt_request typed = *req;
    mofrt_path *name = NULL;
    if (!req->static_call) {
        if (mofsrv_conform_name(&s->schema, c, req->target, &name, &err) < 0) {
            cim_error(resp, req, err.code, "the instance path: ", err.message);
            return;
        }
        typed.target = name;
        mofrt_op op = { .kind = MOFRT_OP_GET_INSTANCE, .ns = s->ns, .user = user, .class_name = c->name,
                        .host = &s->host };
        mofsrv_nsink n;
        mofsrv_nsink_init(&n, s, discard, NULL);
        if (mofsrv_get(s, &op, name, &n.base, &err) < 0) {
            if (err.code == MOFRT_CIM_ERR_NOT_FOUND)
                cim_error(resp, req, MOFRT_CIM_ERR_NOT_FOUND, "no such instance of ", c->name);
            else
                cim_error(resp, req, err.code, "", err.message);
            mofrt_path_free(name);
            return;
        }
    }
    mofrt_dispatch_result r = mofrt_dispatch(&s->table, &typed, resp, &err);
    if (r == MOFRT_DISPATCH_CIM_ERROR && err.kind == MOFRT_E_PARAM && s->param_fault)
        (void)s->param_fault(s->param_fault_ctx, &typed, &err, resp);
    mofrt_path_free(name);
}

unsigned mofsrv_process(const mofsrv_handler *h, mofrt_decoder *dec, const mofsrv_headers *hd, const char *body,
                    size_t len, mofsrv_response *out)
{
    mofrt_request req;
    mofrt_error err;
    mofrt_buf *resp = &out->body;
    unsigned status;
    mofrt_buf_reset(resp);
    /* room for a usual answer at once (else it grows 256, 512, 1024...) */
    (void)mofrt_buf_reserve(resp, MOFSRV_ANSWER_FIRST);
    /* the user the providers see (op->user, inv->user); mofsrv_precheck
     * has refused bad credentials, a direct caller gets 401 here too */
    char user[MOFSRV_AUTH_MAX_LINE + 1];
    if (h->auth && !mofsrv_auth_check(h->auth, header(hd, "Authorization"), user, sizeof user))
        return answer(out, 401, NULL);
    if (mofrt_decoder_request(dec, body ? body : "", len, NULL, &req, &err) < 0) {
        bool known = req.msg_id && req.method;
        if (known && (err.kind == MOFRT_E_PARAM || err.kind == MOFRT_E_LIMIT)) {
            if (!headers_match(hd, &req)) {
                status = answer(out, 400, "header-mismatch");
            } else {
                if (!h->s->param_fault || !h->s->param_fault(h->s->param_fault_ctx, &req, &err, resp))
                    (void)mofrt_xml_encode_error_response(resp, req.msg_id, req.method, req.intrinsic,
                                                          &err, NULL);
                status = answer(out, 200, NULL);
            }
        } else {
            bool wf = err.kind == MOFRT_E_XML || err.kind == MOFRT_E_XML_DTD;
            status = answer(out, 400, wf ? "request-not-well-formed" : "request-not-valid");
        }
        mofrt_request_clear(&req);
        return status;
    }
    if (!headers_match(hd, &req)) {
        status = answer(out, 400, "header-mismatch");
    } else {
        if (!mofsrv_ns_eq(req.ns, strlen(req.ns ? req.ns : ""), h->s->ns))
            cim_error(resp, &req, MOFRT_CIM_ERR_INVALID_NAMESPACE, "no namespace ", req.ns);
        else {
            req.user = h->auth ? user : NULL;
            if (req.intrinsic)
                mofsrv_intrinsic(h->s, &req, req.user, resp, h->stream ? &out->stream : NULL);
            else
                extrinsic(h->s, &req, req.user, resp);
        }
        status = answer(out, 200, NULL);
    }
    mofrt_request_clear(&req);
    return status;
}

/* ---- before the body --------------------------------------------------------- */
unsigned mofsrv_precheck(const mofsrv_handler *h, const char *method, const char *url, const mofsrv_headers *hd,
                     mofsrv_response *out)
{
    if (strcmp(method, "M-POST") == 0)
        return answer(out, 501, NULL);
    if (strcmp(method, "POST") != 0)
        return answer(out, 405, NULL);
    if (strcmp(url, "/cimom") != 0)
        return answer(out, 404, NULL);
    if (h->auth && !mofsrv_auth_check(h->auth, header(hd, "Authorization"), NULL, 0))
        return answer(out, 401, NULL);
    const char *len = header(hd, "Content-Length");
    if (len && strtoull(len, NULL, 10) > h->max_body)
        return answer(out, 413, NULL);
    const char *ct = header(hd, "Content-Type");
    if (ct && strncmp(ct, "application/xml", 15) != 0 && strncmp(ct, "text/xml", 8) != 0)
        return answer(out, 415, NULL);
    const char *op = header(hd, "CIMOperation");
    if (!op || !mofrt_name_eq(op, "MethodCall"))
        return answer(out, 400, "unsupported-operation");
    const char *pv = header(hd, "CIMProtocolVersion");
    if (pv && strncmp(pv, "1.", 2) != 0)
        return answer(out, 501, "unsupported-protocol-version");
    if (!header(hd, "CIMMethod") || !header(hd, "CIMObject"))
        return answer(out, 400, "header-mismatch");
    out->status = 0;
    out->cimerror = NULL;
    return 0;
}

unsigned mofsrv_handle(const mofsrv_handler *h, mofrt_decoder *dec, const char *method, const char *url,
                   const mofsrv_headers *hd, const char *body, size_t len, mofsrv_response *out)
{
    if (mofsrv_precheck(h, method, url, hd, out))
        return out->status;
    if (len > h->max_body)
        return answer(out, 413, NULL);
    (void)mofsrv_process(h, dec, hd, body, len, out);
    if (out->stream)
        (void)mofsrv_response_drain(out);   /* the whole answer, as this function promises */
    return out->status;
}
