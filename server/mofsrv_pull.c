/* libmofsrv: pull enumerations (see mofsrv_pull.h). */
#include "server/mofsrv_pull.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/mofsrv_intrinsic.h"
#include "server/mofsrv_ops.h"

#define DEFAULT_TIMEOUT_S 60u
#define MAX_TIMEOUT_S 600u

typedef struct item {
    char *xml;
    size_t len;
} item;

typedef struct mofsrv_pullctx {
    struct mofsrv_pullctx *next;
    char id[64];
    mofsrv *s;
    bool paths;                 /* INSTANCEPATH results, else VALUE.INSTANCEWITHPATH */
    mofrt_op op;                /* its strings are owned copies (below) */
    char *strs[7];              /* user, class_name, assoc_class, result_class, role, result_role */
    char **props;
    mofrt_path *source;         /* Associators / References */
    const mofsrv_class *cls;
    pthread_t thread;
    bool started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    item q[MOFSRV_PULL_QUEUE];
    size_t head, count;
    bool done, cancel, failed, busy;
    mofrt_error err;
    uint64_t deadline_ms;
    unsigned timeout_s;
} pullctx;

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* ---- the producer -------------------------------------------------------------- */
typedef struct producer {
    mofsrv_xsink x;
    pullctx *c;
    mofrt_buf buf;
} producer;

/* One result encoded on its own, then queued (waiting while the queue is
 * full); fails once the consumer has closed the context. */
static int produce(void *arg, const mofrt_instance *inst, const mofrt_path *path, mofrt_error *err)
{
    producer *p = arg;
    pullctx *c = p->c;
    mofrt_xw w;
    mofrt_buf_reset(&p->buf);
    mofrt_xw_init(&w, &p->buf);
    p->x.w = &w;
    size_t before = p->x.count;
    if (mofsrv_xsink_take(&p->x, inst, path, err) < 0)
        return -1;
    if (p->x.count == before)
        return 0;   /* filtered out */
    if (mofrt_xw_finish(&w, err) < 0)
        return -1;
    item it = { malloc(p->buf.len ? p->buf.len : 1), p->buf.len };
    if (!it.xml)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    memcpy(it.xml, p->buf.data, p->buf.len);
    pthread_mutex_lock(&c->mu);
    while (c->count == MOFSRV_PULL_QUEUE && !c->cancel)
        pthread_cond_wait(&c->cv, &c->mu);
    bool cancel = c->cancel;
    if (!cancel) {
        c->q[(c->head + c->count) % MOFSRV_PULL_QUEUE] = it;
        c->count++;
        pthread_cond_broadcast(&c->cv);
    }
    pthread_mutex_unlock(&c->mu);
    if (cancel) {
        free(it.xml);
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_LIMIT, "the enumeration was closed");
    }
    return 0;
}

static void *run(void *arg)
{
    pullctx *c = arg;
    producer p;
    memset(&p, 0, sizeof p);
    p.c = c;
    mofsrv_xsink_init(&p.x, c->s, &c->op, c->source ? NULL : c->cls,
                      c->paths ? MOFSRV_EMIT_INSTANCEPATH : MOFSRV_EMIT_INSTANCEWITHPATH, NULL);
    mofsrv_nsink n;
    mofsrv_nsink_init(&n, c->s, produce, &p);
    mofrt_error e;
    mofrt_error_clear(&e);
    int rc;
    if (c->op.kind == MOFRT_OP_REFERENCES || c->op.kind == MOFRT_OP_REFERENCE_NAMES)
        rc = mofsrv_references(c->s, &c->op, c->source, &n.base, &e);
    else if (c->op.kind == MOFRT_OP_ASSOCIATORS || c->op.kind == MOFRT_OP_ASSOCIATOR_NAMES)
        rc = mofsrv_associators(c->s, &c->op, c->source, &n.base, &e);
    else
        rc = mofsrv_enumerate(c->s, &c->op, c->cls, &n.base, &e);
    mofrt_buf_free(&p.buf);
    pthread_mutex_lock(&c->mu);
    c->done = true;
    if (rc < 0 && !c->cancel) {
        c->failed = true;
        c->err = e;
    }
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

static void ctx_free(pullctx *c)
{
    if (c->started) {
        pthread_mutex_lock(&c->mu);
        c->cancel = true;
        pthread_cond_broadcast(&c->cv);
        pthread_mutex_unlock(&c->mu);
        pthread_join(c->thread, NULL);
    }
    for (size_t i = 0; i < c->count; i++)
        free(c->q[(c->head + i) % MOFSRV_PULL_QUEUE].xml);
    pthread_mutex_destroy(&c->mu);
    pthread_cond_destroy(&c->cv);
    for (size_t i = 0; i < sizeof c->strs / sizeof c->strs[0]; i++)
        free(c->strs[i]);
    for (size_t i = 0; i < c->op.nprops; i++)
        free(c->props[i]);
    free(c->props);
    mofrt_path_free(c->source);
    free(c);
}

/* ---- the context table ------------------------------------------------------------- */
/* Removes expired contexts (not in use) from the table into *gone. Caller
 * holds pull_mu. */
static void reap(mofsrv *s, pullctx **gone)
{
    uint64_t now = now_ms();
    for (pullctx **pp = &s->pulls; *pp;) {
        pullctx *c = *pp;
        if (!c->busy && c->deadline_ms < now) {
            *pp = c->next;
            s->npulls--;
            c->next = *gone;
            *gone = c;
        } else {
            pp = &c->next;
        }
    }
}

static void free_list(pullctx *c)
{
    while (c) {
        pullctx *n = c->next;
        ctx_free(c);
        c = n;
    }
}

/* The context named id, marked busy (one pull at a time per context). */
static pullctx *acquire(mofsrv *s, const char *id, mofrt_cim_status *why)
{
    pullctx *gone = NULL, *found = NULL;
    pthread_mutex_lock(&s->pull_mu);
    reap(s, &gone);
    for (pullctx *c = s->pulls; c && !found; c = c->next)
        if (strcmp(c->id, id) == 0)
            found = c;
    *why = MOFRT_CIM_ERR_INVALID_ENUMERATION_CONTEXT;
    if (found && found->busy) {
        *why = MOFRT_CIM_ERR_PULL_CANNOT_BE_ABANDONED;
        found = NULL;
    }
    if (found)
        found->busy = true;
    pthread_mutex_unlock(&s->pull_mu);
    free_list(gone);
    return found;
}

static void release(mofsrv *s, pullctx *c, bool close)
{
    pthread_mutex_lock(&s->pull_mu);
    c->busy = false;
    c->deadline_ms = now_ms() + (uint64_t)c->timeout_s * 1000u;
    if (close) {
        for (pullctx **pp = &s->pulls; *pp; pp = &(*pp)->next)
            if (*pp == c) {
                *pp = c->next;
                s->npulls--;
                break;
            }
    }
    pthread_mutex_unlock(&s->pull_mu);
    if (close)
        ctx_free(c);
}

void mofsrv_pull_close_all(mofsrv *s)
{
    pthread_mutex_lock(&s->pull_mu);
    pullctx *all = s->pulls;
    s->pulls = NULL;
    s->npulls = 0;
    pthread_mutex_unlock(&s->pull_mu);
    free_list(all);
}

/* ---- parameters ------------------------------------------------------------------------ */
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

/* A typed or untyped scalar parameter converted to t; absent or NULL: 0
 * with *given false; -1 when malformed. */
static int scalar(const mofrt_request *req, const char *name, mofrt_type t, mofrt_value *out, bool *given)
{
    const mofrt_param *p = mofrt_request_param(req, name);
    *given = false;
    if (!p || p->value.is_null)
        return 0;
    if ((p->kind != MOFRT_PV_VALUE && p->kind != MOFRT_PV_CLASSNAME) ||
        mofrt_value_convert(&p->value, t, false, out, NULL) < 0)
        return -1;
    *given = true;
    return 0;
}

static char *dup_or_null(const char *s, bool *oom)
{
    if (!s)
        return NULL;
    char *d = mofrt_strdup(s);
    *oom |= d == NULL;
    return d;
}

/* ---- the answer ---------------------------------------------------------------------- */
/* Up to max results of c into an IMETHODRESPONSE; closes c at the end of
 * the sequence or on an error. */
static void answer(mofsrv *s, pullctx *c, const mofrt_request *req, uint32_t max, mofrt_buf *resp)
{
    /* wait for max results, or a full queue (the producer waits for us), or the end */
    uint32_t want = max < MOFSRV_PULL_QUEUE ? max : MOFSRV_PULL_QUEUE;
    pthread_mutex_lock(&c->mu);
    while (c->count < want && !c->done)
        pthread_cond_wait(&c->cv, &c->mu);
    if (c->failed && c->count == 0) {
        mofrt_error e = c->err;
        pthread_mutex_unlock(&c->mu);
        release(s, c, true);
        mofrt_buf_reset(resp);
        (void)mofrt_xml_encode_error_response(resp, req->msg_id, req->method, true, &e, NULL);
        return;
    }
    mofrt_xw w;
    mofrt_buf_reset(resp);
    mofrt_xw_init(&w, resp);
    mofrt_xml_imethodresponse_begin(&w, req->msg_id, req->method, true);
    for (uint32_t i = 0; i < max && c->count; i++) {
        item *it = &c->q[c->head];
        mofrt_xw_raw(&w, it->xml, it->len);
        free(it->xml);
        c->head = (c->head + 1) % MOFSRV_PULL_QUEUE;
        c->count--;
    }
    bool end = c->done && c->count == 0 && !c->failed;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    mofrt_xw_end(&w);   /* IRETURNVALUE */
    mofrt_xw_start(&w, "PARAMVALUE");
    mofrt_xw_attr(&w, "NAME", "EnumerationContext");
    mofrt_xw_attr(&w, "PARAMTYPE", "string");
    if (!end) {
        mofrt_xw_start(&w, "VALUE");
        mofrt_xw_text(&w, c->id);
        mofrt_xw_end(&w);
    }
    mofrt_xw_end(&w);
    mofrt_xw_start(&w, "PARAMVALUE");
    mofrt_xw_attr(&w, "NAME", "EndOfSequence");
    mofrt_xw_attr(&w, "PARAMTYPE", "boolean");
    mofrt_xw_start(&w, "VALUE");
    mofrt_xw_text(&w, end ? "TRUE" : "FALSE");
    mofrt_xw_end(&w);
    mofrt_xw_end(&w);
    mofrt_xml_imethodresponse_end(&w);
    release(s, c, end);
    if (mofrt_xw_finish(&w, NULL) < 0)
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_FAILED, "cannot encode the answer", NULL);
}

/* ---- Open* ------------------------------------------------------------------------------ */
static void open_enum(mofsrv *s, const mofrt_request *req, const char *user, mofrt_buf *resp, mofrt_op_kind kind,
                      bool paths)
{
    static const char *const enum_names[] = { "ClassName", "DeepInheritance", "IncludeClassOrigin",
                                              "PropertyList", "FilterQueryLanguage", "FilterQuery",
                                              "OperationTimeout", "ContinueOnError", "MaxObjectCount", NULL };
    static const char *const assoc_names[] = { "InstanceName", "AssocClass", "ResultClass", "Role", "ResultRole",
                                               "IncludeClassOrigin", "PropertyList", "FilterQueryLanguage",
                                               "FilterQuery", "OperationTimeout", "ContinueOnError",
                                               "MaxObjectCount", NULL };
    static const char *const ref_names[] = { "InstanceName", "ResultClass", "Role", "IncludeClassOrigin",
                                             "PropertyList", "FilterQueryLanguage", "FilterQuery",
                                             "OperationTimeout", "ContinueOnError", "MaxObjectCount", NULL };
    bool enumeration = kind == MOFRT_OP_ENUMERATE_INSTANCES || kind == MOFRT_OP_ENUMERATE_INSTANCE_NAMES;
    bool refs = kind == MOFRT_OP_REFERENCES || kind == MOFRT_OP_REFERENCE_NAMES;
    const char *bad = unknown_param(req, enumeration ? enum_names : refs ? ref_names : assoc_names);
    if (bad) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "unknown parameter ", bad);
        return;
    }
    mofrt_value deep = MOFRT_VALUE_INIT, cont = MOFRT_VALUE_INIT, tmo = MOFRT_VALUE_INIT, max = MOFRT_VALUE_INIT;
    mofrt_value cname = MOFRT_VALUE_INIT, fq = MOFRT_VALUE_INIT;
    bool has_deep, has_cont, has_tmo, has_max, has_cname, has_fq;
    if (scalar(req, "DeepInheritance", MOFRT_T_BOOLEAN, &deep, &has_deep) < 0 ||
        scalar(req, "ContinueOnError", MOFRT_T_BOOLEAN, &cont, &has_cont) < 0 ||
        scalar(req, "OperationTimeout", MOFRT_T_UINT32, &tmo, &has_tmo) < 0 ||
        scalar(req, "MaxObjectCount", MOFRT_T_UINT32, &max, &has_max) < 0 ||
        scalar(req, "FilterQuery", MOFRT_T_STRING, &fq, &has_fq) < 0) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "malformed parameter", NULL);
        goto out;
    }
    if (has_fq) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED,
                              "FilterQuery is not supported", NULL);
        goto out;
    }
    if (has_cont && cont.v.b) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_CONTINUATION_ON_ERROR_NOT_SUPPORTED,
                              "ContinueOnError is not supported", NULL);
        goto out;
    }
    if (has_tmo && tmo.v.u > MAX_TIMEOUT_S) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_OPERATION_TIMEOUT, "OperationTimeout above 600 s",
                              NULL);
        goto out;
    }
    pullctx *c = calloc(1, sizeof *c);
    if (!c || pthread_mutex_init(&c->mu, NULL) != 0) {
        free(c);
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_FAILED, "out of memory", NULL);
        goto out;
    }
    pthread_cond_init(&c->cv, NULL);
    c->s = s;
    c->paths = paths;
    c->timeout_s = has_tmo && tmo.v.u ? (unsigned)tmo.v.u : DEFAULT_TIMEOUT_S;
    c->op.kind = kind;
    c->op.ns = s->ns;
    c->op.host = &s->host;
    c->op.names_only = paths;
    c->op.deep_inheritance = has_deep ? deep.v.b : true;
    bool oom = false;
    mofrt_cim_status code = MOFRT_CIM_ERR_INVALID_PARAMETER;
    const char *problem = NULL, *what = NULL;
    const char *role = NULL, *rrole = NULL, *ac = NULL, *rc = NULL;
    const mofrt_param *p;
    if ((p = mofrt_request_param(req, "Role")) && !p->value.is_null && p->value.type == MOFRT_T_STRING)
        role = p->value.v.s;
    if ((p = mofrt_request_param(req, "ResultRole")) && !p->value.is_null && p->value.type == MOFRT_T_STRING)
        rrole = p->value.v.s;
    if ((p = mofrt_request_param(req, "AssocClass")) && !p->value.is_null && p->value.type == MOFRT_T_STRING)
        ac = p->value.v.s;
    if ((p = mofrt_request_param(req, "ResultClass")) && !p->value.is_null && p->value.type == MOFRT_T_STRING)
        rc = p->value.v.s;
    c->op.user = c->strs[0] = dup_or_null(user, &oom);
    c->op.assoc_class = c->strs[2] = dup_or_null(ac, &oom);
    c->op.result_class = c->strs[3] = dup_or_null(rc, &oom);
    c->op.role = c->strs[4] = dup_or_null(role, &oom);
    c->op.result_role = c->strs[5] = dup_or_null(rrole, &oom);
    if ((ac && !mofsrv_schema_find(&s->schema, ac)) || (rc && !mofsrv_schema_find(&s->schema, rc))) {
        code = MOFRT_CIM_ERR_INVALID_CLASS;
        problem = "no class ";
        what = ac && !mofsrv_schema_find(&s->schema, ac) ? ac : rc;
    }
    if (enumeration) {
        if (scalar(req, "ClassName", MOFRT_T_STRING, &cname, &has_cname) < 0 || !has_cname)
            problem = "ClassName must be a CLASSNAME";
        else if (!(c->cls = mofsrv_schema_find(&s->schema, cname.v.s)))
            code = MOFRT_CIM_ERR_INVALID_CLASS, problem = "no class ", what = cname.v.s;
        else
            c->op.class_name = c->strs[1] = dup_or_null(c->cls->name, &oom);
    } else {
        p = mofrt_request_param(req, "InstanceName");
        if (!p || (p->kind != MOFRT_PV_INSTANCENAME && p->kind != MOFRT_PV_REFERENCE) || !p->value.v.ref)
            problem = "InstanceName must be an INSTANCENAME";
        else if (!(c->cls = mofsrv_schema_find(&s->schema, p->value.v.ref->class_name)))
            code = MOFRT_CIM_ERR_INVALID_CLASS, problem = "no class ", what = p->value.v.ref->class_name;
        else {
            c->source = mofrt_path_copy(p->value.v.ref);
            c->op.class_name = c->strs[1] = dup_or_null(c->cls->name, &oom);
            oom |= !c->source;
        }
    }
    p = mofrt_request_param(req, "PropertyList");
    if (p && !p->value.is_null && p->kind == MOFRT_PV_VALUE && p->value.is_array) {
        c->props = calloc(p->value.v.arr.count + 1, sizeof *c->props);
        oom |= !c->props;
        for (size_t i = 0; c->props && i < p->value.v.arr.count; i++) {
            const mofrt_value *v = &p->value.v.arr.items[i];
            if (!v->is_null && v->type == MOFRT_T_STRING && (c->props[c->op.nprops] = mofrt_strdup(v->v.s)))
                c->op.nprops++;
        }
        c->op.has_props = true;
        c->op.props = (const char *const *)c->props;
    }
    if (oom)
        code = MOFRT_CIM_ERR_FAILED, problem = "out of memory", what = NULL;
    if (problem) {
        ctx_free(c);
        mofsrv_error_response(req, resp, code, problem, what);
        goto out;
    }
    pthread_mutex_lock(&s->pull_mu);
    pullctx *gone = NULL;
    reap(s, &gone);
    bool full = s->npulls >= MOFSRV_PULL_MAX;
    if (!full) {
        snprintf(c->id, sizeof c->id, "mofsrv-%llu-%p", (unsigned long long)++s->pull_seq, (void *)c);
        c->busy = true;
        c->started = pthread_create(&c->thread, NULL, run, c) == 0;
        if (c->started) {
            c->next = s->pulls;
            s->pulls = c;
            s->npulls++;
        }
    }
    pthread_mutex_unlock(&s->pull_mu);
    free_list(gone);
    if (full || !c->started) {
        ctx_free(c);
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_SERVER_LIMITS_EXCEEDED,
                              full ? "too many open enumerations" : "cannot start the enumeration", NULL);
        goto out;
    }
    answer(s, c, req, has_max ? (uint32_t)max.v.u : 0, resp);
out:
    mofrt_value_clear(&deep);
    mofrt_value_clear(&cont);
    mofrt_value_clear(&tmo);
    mofrt_value_clear(&max);
    mofrt_value_clear(&cname);
    mofrt_value_clear(&fq);
}

/* ---- Pull*, CloseEnumeration, EnumerationCount ---------------------------------------- */
static void pull(mofsrv *s, const mofrt_request *req, mofrt_buf *resp, bool paths, bool close, bool count)
{
    static const char *const names[] = { "EnumerationContext", "MaxObjectCount", NULL };
    static const char *const ctx_only[] = { "EnumerationContext", NULL };
    const char *bad = unknown_param(req, close || count ? ctx_only : names);
    if (bad) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "unknown parameter ", bad);
        return;
    }
    mofrt_value id = MOFRT_VALUE_INIT, max = MOFRT_VALUE_INIT;
    bool has_id, has_max;
    if (scalar(req, "EnumerationContext", MOFRT_T_STRING, &id, &has_id) < 0 || !has_id ||
        scalar(req, "MaxObjectCount", MOFRT_T_UINT32, &max, &has_max) < 0 || (!close && !count && !has_max)) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER,
                              close || count ? "EnumerationContext is required"
                                             : "EnumerationContext and MaxObjectCount are required", NULL);
        goto out;
    }
    mofrt_cim_status why;
    pullctx *c = acquire(s, id.v.s, &why);
    if (!c) {
        mofsrv_error_response(req, resp, why,
                              why == MOFRT_CIM_ERR_PULL_CANNOT_BE_ABANDONED ? "a pull on this context is running"
                                                                            : "no such enumeration context",
                              NULL);
    } else if (count) {
        release(s, c, false);
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_NOT_SUPPORTED,
                              "EnumerationCount: the count is known only at the end", NULL);
    } else if (close) {
        release(s, c, true);
        mofrt_xw w;
        mofrt_buf_reset(resp);
        mofrt_xw_init(&w, resp);
        mofrt_xml_imethodresponse_begin(&w, req->msg_id, req->method, false);
        mofrt_xml_imethodresponse_end(&w);
        (void)mofrt_xw_finish(&w, NULL);
    } else if (c->paths != paths) {
        release(s, c, false);
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_ENUMERATION_CONTEXT,
                              paths ? "the context enumerates instances, not paths"
                                    : "the context enumerates paths, not instances", NULL);
    } else {
        answer(s, c, req, (uint32_t)max.v.u, resp);
    }
out:
    mofrt_value_clear(&id);
    mofrt_value_clear(&max);
}

bool mofsrv_pull(mofsrv *s, const mofrt_request *req, const char *user, mofrt_buf *resp)
{
    const char *m = req->method;
    if (mofrt_name_eq(m, "OpenEnumerateInstances"))
        open_enum(s, req, user, resp, MOFRT_OP_ENUMERATE_INSTANCES, false);
    else if (mofrt_name_eq(m, "OpenEnumerateInstancePaths"))
        open_enum(s, req, user, resp, MOFRT_OP_ENUMERATE_INSTANCE_NAMES, true);
    else if (mofrt_name_eq(m, "OpenAssociatorInstances"))
        open_enum(s, req, user, resp, MOFRT_OP_ASSOCIATORS, false);
    else if (mofrt_name_eq(m, "OpenAssociatorInstancePaths"))
        open_enum(s, req, user, resp, MOFRT_OP_ASSOCIATOR_NAMES, true);
    else if (mofrt_name_eq(m, "OpenReferenceInstances"))
        open_enum(s, req, user, resp, MOFRT_OP_REFERENCES, false);
    else if (mofrt_name_eq(m, "OpenReferenceInstancePaths"))
        open_enum(s, req, user, resp, MOFRT_OP_REFERENCE_NAMES, true);
    else if (mofrt_name_eq(m, "PullInstancesWithPath"))
        pull(s, req, resp, false, false, false);
    else if (mofrt_name_eq(m, "PullInstancePaths"))
        pull(s, req, resp, true, false, false);
    else if (mofrt_name_eq(m, "CloseEnumeration"))
        pull(s, req, resp, false, true, false);
    else if (mofrt_name_eq(m, "EnumerationCount"))
        pull(s, req, resp, false, false, true);
    else
        return false;
    return true;
}
