/* hvclusterd: DSP0200 HTTP front end on libmicrohttpd. */
#include "examples/hvcluster/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "examples/hvcluster/intrinsic.h"

struct hv_server {
    struct MHD_Daemon *d;
    hv_server_cfg cfg;
    hv_provider *prov;
    const hv_schema *schema;
    hv_store *store;
    unsigned port;
};

typedef struct req_ctx {
    mofrt_buf body;
    bool too_big;
} req_ctx;

/* ---- responses ---------------------------------------------------------- */
static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, mofrt_buf *body,
                             const char *cimerror)
{
    struct MHD_Response *r;
    if (body && body->data && !body->failed) {
        size_t len = body->len;
        r = MHD_create_response_from_buffer(len, mofrt_buf_take(body), MHD_RESPMEM_MUST_FREE);
    } else {
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    if (!r)
        return MHD_NO;
    if (status == MHD_HTTP_OK) {
        MHD_add_response_header(r, "Content-Type", "application/xml; charset=\"utf-8\"");
        MHD_add_response_header(r, "CIMOperation", "MethodResponse");
    }
    if (cimerror)
        MHD_add_response_header(r, "CIMError", cimerror);
    if (status == MHD_HTTP_UNAUTHORIZED)
        MHD_add_response_header(r, "WWW-Authenticate", "Basic realm=\"hvclusterd\"");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(r, "Allow", "POST");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

/* ---- header helpers ------------------------------------------------------ */
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

/* Percent-decoded copy (malloc'd), NULL on a bad escape or OOM. */
static char *pct_decode(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%') {
            int h = i + 2 < n ? hexval(s[i + 1]) : -1;
            int l = h >= 0 ? hexval(s[i + 2]) : -1;
            if (h < 0 || l < 0 || (h == 0 && l == 0)) {
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

/* Namespaces compare case-insensitively, '\\' as '/', outer slashes ignored. */
static bool ns_eq(const char *a, size_t alen, const char *b)
{
    size_t blen = b ? strlen(b) : 0;
    while (alen && (*a == '/' || *a == '\\'))
        a++, alen--;
    while (alen && (a[alen - 1] == '/' || a[alen - 1] == '\\'))
        alen--;
    while (blen && (*b == '/' || *b == '\\'))
        b++, blen--;
    while (blen && (b[blen - 1] == '/' || b[blen - 1] == '\\'))
        blen--;
    if (alen != blen)
        return false;
    for (size_t i = 0; i < alen; i++) {
        char x = a[i] == '\\' ? '/' : a[i], y = b[i] == '\\' ? '/' : b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

/* CIMMethod / CIMObject agree with the body (DSP0200 7.3). */
static bool headers_match(struct MHD_Connection *c, const mofrt_request *req)
{
    const char *hm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "CIMMethod");
    const char *ho = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "CIMObject");
    char *m = hm ? pct_decode(hm) : NULL, *o = ho ? pct_decode(ho) : NULL;
    bool ok = m && o && mofrt_name_eq(m, req->method);
    if (ok && req->intrinsic) {
        ok = ns_eq(o, strlen(o), req->ns);
    } else if (ok) {
        char *colon = strchr(o, ':');
        mofrt_path *p = NULL;
        ok = colon && ns_eq(o, (size_t)(colon - o), req->ns) && req->target &&
             mofrt_path_parse(colon + 1, &p, NULL) == 0 && mofrt_path_equal(p, req->target);
        mofrt_path_free(p);
    }
    free(m);
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

static void extrinsic(hv_server *s, const mofrt_request *req, mofrt_buf *resp)
{
    const hv_class *c = hv_schema_find(s->schema, req->target->class_name);
    if (!c) {
        cim_error(resp, req, MOFRT_CIM_ERR_NOT_FOUND, "no class ", req->target->class_name);
        return;
    }
    if (!req->static_call) {
        hv_store_rdlock(s->store);
        bool exists = hv_store_get(s->store, req->target) != NULL;
        hv_store_unlock(s->store);
        if (!exists) {
            cim_error(resp, req, MOFRT_CIM_ERR_NOT_FOUND, "no such instance of ", c->name);
            return;
        }
    }
    mofrt_error err;
    mofrt_dispatch_result r = mofrt_dispatch(&s->prov->table, req, resp, &err);
    if (r == MOFRT_DISPATCH_CIM_ERROR && err.kind == MOFRT_E_PARAM)
        (void)hv_provider_param_fault(s->prov, req, &err, resp);
}

static enum MHD_Result process(hv_server *s, struct MHD_Connection *c, req_ctx *rc)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    mofrt_decoder *dec = ci ? ci->socket_context : NULL;
    mofrt_request req;
    mofrt_error err;
    mofrt_buf resp = MOFRT_BUF_INIT;
    enum MHD_Result ret;
    if (mofrt_decoder_request(dec, rc->body.data ? rc->body.data : "", rc->body.len, NULL, &req, &err) < 0) {
        bool known = req.msg_id && req.method;
        if (known && (err.kind == MOFRT_E_PARAM || err.kind == MOFRT_E_LIMIT)) {
            if (!headers_match(c, &req)) {
                ret = reply(c, MHD_HTTP_BAD_REQUEST, NULL, "header-mismatch");
            } else {
                if (!hv_provider_param_fault(s->prov, &req, &err, &resp))
                    (void)mofrt_xml_encode_error_response(&resp, req.msg_id, req.method, req.intrinsic,
                                                          &err, NULL);
                ret = reply(c, MHD_HTTP_OK, &resp, NULL);
            }
        } else {
            bool wf = err.kind == MOFRT_E_XML || err.kind == MOFRT_E_XML_DTD;
            ret = reply(c, MHD_HTTP_BAD_REQUEST, NULL, wf ? "request-not-well-formed" : "request-not-valid");
        }
        mofrt_request_clear(&req);
        mofrt_buf_free(&resp);
        return ret;
    }
    if (!headers_match(c, &req)) {
        ret = reply(c, MHD_HTTP_BAD_REQUEST, NULL, "header-mismatch");
    } else {
        if (!ns_eq(req.ns, strlen(req.ns ? req.ns : ""), s->prov->cfg.ns))
            cim_error(&resp, &req, MOFRT_CIM_ERR_INVALID_NAMESPACE, "no namespace ", req.ns);
        else if (req.intrinsic)
            hv_intrinsic(s->schema, s->store, &req, &resp);
        else
            extrinsic(s, &req, &resp);
        ret = reply(c, MHD_HTTP_OK, &resp, NULL);
    }
    mofrt_request_clear(&req);
    mofrt_buf_free(&resp);
    return ret;
}

/* ---- libmicrohttpd callbacks --------------------------------------------- */
/* Checks done before the body is read: 0 to go on, else the status to
 * answer with (and *cimerror). */
static unsigned precheck(hv_server *s, struct MHD_Connection *c, const char *url, const char *method,
                         const char **cimerror)
{
    *cimerror = NULL;
    if (strcmp(method, "M-POST") == 0)
        return MHD_HTTP_NOT_IMPLEMENTED;
    if (strcmp(method, "POST") != 0)
        return MHD_HTTP_METHOD_NOT_ALLOWED;
    if (strcmp(url, "/cimom") != 0)
        return MHD_HTTP_NOT_FOUND;
    if (s->cfg.auth &&
        !hv_auth_check(s->cfg.auth, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization")))
        return MHD_HTTP_UNAUTHORIZED;
    const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (len && strtoull(len, NULL, 10) > s->cfg.max_body)
        return 413u;
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (ct && strncmp(ct, "application/xml", 15) != 0 && strncmp(ct, "text/xml", 8) != 0)
        return MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
    const char *op = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "CIMOperation");
    if (!op || !mofrt_name_eq(op, "MethodCall")) {
        *cimerror = "unsupported-operation";
        return MHD_HTTP_BAD_REQUEST;
    }
    const char *pv = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "CIMProtocolVersion");
    if (pv && strncmp(pv, "1.", 2) != 0) {
        *cimerror = "unsupported-protocol-version";
        return MHD_HTTP_NOT_IMPLEMENTED;
    }
    if (!MHD_lookup_connection_value(c, MHD_HEADER_KIND, "CIMMethod") ||
        !MHD_lookup_connection_value(c, MHD_HEADER_KIND, "CIMObject")) {
        *cimerror = "header-mismatch";
        return MHD_HTTP_BAD_REQUEST;
    }
    return 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    hv_server *s = cls;
    req_ctx *rc = *con_cls;
    if (!rc) {
        const char *cimerror;
        unsigned status = precheck(s, c, url, method, &cimerror);
        if (status)
            return reply(c, status, NULL, cimerror);
        rc = calloc(1, sizeof *rc);
        if (!rc)
            return MHD_NO;
        *con_cls = rc;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!rc->too_big && rc->body.len + *upload_data_size > s->cfg.max_body) {
            rc->too_big = true;
            mofrt_buf_free(&rc->body);
        }
        if (!rc->too_big)
            mofrt_buf_put(&rc->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (rc->too_big)
        return reply(c, 413u, NULL, NULL);
    if (rc->body.failed)
        return reply(c, MHD_HTTP_INTERNAL_SERVER_ERROR, NULL, NULL);
    return process(s, c, rc);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)c, (void)toe;
    req_ctx *rc = *con_cls;
    if (rc) {
        mofrt_buf_free(&rc->body);
        free(rc);
        *con_cls = NULL;
    }
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    (void)cls, (void)c;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        *socket_context = mofrt_decoder_new();
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
        mofrt_decoder_free(*socket_context);
        *socket_context = NULL;
    }
}

/* ---- start / stop --------------------------------------------------------- */
static bool is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const void *)sa;
        return memcmp(&s6->sin6_addr, &in6addr_loopback, sizeof in6addr_loopback) == 0;
    }
    return false;
}

hv_server *hv_server_start(const hv_server_cfg *cfg, hv_provider *prov, const hv_schema *schema,
                           hv_store *store, mofrt_error *err)
{
    char host[256], port[16];
    const char *l = cfg->listen, *colon = strrchr(l, ':');
    size_t hl = colon ? (size_t)(colon - l) : 0;
    if (!colon || hl == 0 || hl >= sizeof host || strlen(colon + 1) >= sizeof port || !colon[1]) {
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "--listen wants HOST:PORT, not '%.100s'", l);
        return NULL;
    }
    if (l[0] == '[' && l[hl - 1] == ']') {
        memcpy(host, l + 1, hl - 2);
        host[hl - 2] = '\0';
    } else {
        memcpy(host, l, hl);
        host[hl] = '\0';
    }
    strcpy(port, colon + 1);
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &ai) != 0 || !ai) {
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "bad listen address '%.100s'", l);
        return NULL;
    }
    if (!is_loopback(ai->ai_addr) && !cfg->auth) {
        freeaddrinfo(ai);
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                        "listening on %.100s (not loopback) requires --auth FILE", l);
        return NULL;
    }
    hv_server *s = calloc(1, sizeof *s);
    if (!s) {
        freeaddrinfo(ai);
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        return NULL;
    }
    s->cfg = *cfg;
    s->prov = prov;
    s->schema = schema;
    s->store = store;
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     (ai->ai_family == AF_INET6 ? MHD_USE_IPv6 : 0);
    s->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
                            MHD_OPTION_SOCK_ADDR, ai->ai_addr,
                            MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
                            MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s,
                            MHD_OPTION_CONNECTION_LIMIT, cfg->max_conns,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
                            MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
                            MHD_OPTION_END);
    freeaddrinfo(ai);
    if (!s->d) {
        free(s);
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot listen on %.100s", l);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : 0;
    return s;
}

unsigned hv_server_port(const hv_server *s)
{
    return s->port;
}

void hv_server_stop(hv_server *s)
{
    if (!s)
        return;
    MHD_stop_daemon(s->d);
    free(s);
}
