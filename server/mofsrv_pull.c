/* libmofsrv: pull enumerations (see mofsrv_pull.h). */
#include "server/mofsrv_pull.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "server/mofsrv_intrinsic.h"
#include "server/mofsrv_ops.h"
#include "server/mofsrv_params.h"
#include "server/mofsrv_producer.h"

#define DEFAULT_TIMEOUT_S 60u
#define MAX_TIMEOUT_S 600u

typedef struct mofsrv_pullctx {
    struct mofsrv_pullctx *next;
    char id[64];
    /* The user who opened it (empty without authentication): only that
     * user may pull or close it. */
    char user[MOFSRV_AUTH_MAX_LINE + 1];
    bool paths;                 /* INSTANCEPATH results, else VALUE.INSTANCEWITHPATH */
    mofsrv_producer *p;
    bool busy;                  /* a request is using it */
    bool counted;               /* the store serves it: total is known */
    uint64_t total;             /* its results, counted when it was opened */
    uint64_t deadline_ms;
    unsigned timeout_s;
} pullctx;

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void ctx_free(pullctx *c)
{
    mofsrv_producer_free(c->p);
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

/* The context named id, opened by user, marked busy (one pull at a time
 * per context). Another user's context is answered as one that does not
 * exist: its id says nothing to them. */
static pullctx *acquire(mofsrv *s, const char *id, const char *user, mofrt_cim_status *why)
{
    pullctx *gone = NULL, *found = NULL;
    pthread_mutex_lock(&s->pull_mu);
    reap(s, &gone);
    for (pullctx *c = s->pulls; c && !found; c = c->next)
        if (strcmp(c->id, id) == 0 && strcmp(c->user, user ? user : "") == 0)
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

/* ---- the answer ---------------------------------------------------------------------- */
/* Up to max results of c into an IMETHODRESPONSE; closes c at the end of
 * the sequence or on an error. */
static void answer(mofsrv *s, pullctx *c, const mofrt_request *req, uint32_t max, mofrt_buf *resp)
{
    mofrt_buf items = MOFRT_BUF_INIT;
    bool end;
    mofrt_error e;
    if (mofsrv_producer_take(c->p, max, max, &items, &end, &e) < 0) {
        mofrt_buf_free(&items);
        release(s, c, true);
        mofrt_buf_reset(resp);
        (void)mofrt_xml_encode_error_response(resp, req->msg_id, req->method, true, &e, NULL);
        return;
    }
    mofrt_xw w;
    mofrt_buf_reset(resp);
    mofrt_xw_init(&w, resp);
    mofrt_xml_imethodresponse_begin(&w, req->msg_id, req->method, true);
    mofrt_xw_raw(&w, items.data ? items.data : "", items.len);
    mofrt_buf_free(&items);
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

/* ---- EnumerationCount --------------------------------------------------------------- */
bool mofsrv_store_count(mofsrv *s, const mofsrv_class *cls, uint64_t *n)
{
    *n = 0;
    for (size_t i = 0; i < cls->nsubs; i++) {
        const mofsrv_route *r = mofsrv_route_of(s, cls->subs[i]);
        if (r && r->prov && r->prov != &mofsrv_store_provider)
            return false;
    }
    if (!s->has_store)
        return true;
    mofsrv_store_rdlock(&s->store);
    for (size_t i = 0; i < cls->nsubs; i++)
        *n += mofsrv_store_count_exact(&s->store, cls->subs[i]);
    mofsrv_store_unlock(&s->store);
    return true;
}

/* The results c has left, when known without running it further. */
static bool remaining(const pullctx *c, uint64_t *n)
{
    uint64_t taken;
    if (mofsrv_producer_left(c->p, &taken, n))
        return true;
    if (!c->counted)
        return false;
    *n = c->total > taken ? c->total - taken : 0;
    return true;
}

static void count_answer(const mofrt_request *req, uint64_t n, mofrt_buf *resp)
{
    char text[24];
    snprintf(text, sizeof text, "%llu", (unsigned long long)n);
    mofrt_xw w;
    mofrt_buf_reset(resp);
    mofrt_xw_init(&w, resp);
    mofrt_xml_imethodresponse_begin(&w, req->msg_id, req->method, true);
    mofrt_xw_start(&w, "VALUE");
    mofrt_xw_text(&w, text);
    mofrt_xw_end(&w);
    mofrt_xw_end(&w);   /* IRETURNVALUE */
    mofrt_xml_imethodresponse_end(&w);
    if (mofrt_xw_finish(&w, NULL) < 0)
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_FAILED, "cannot encode the answer", NULL);
}

/* ---- Open* ------------------------------------------------------------------------------ */
/* A context id nobody can guess (another user's context is not found by
 * trying ids): "mofsrv-" and 128 random bits in hex, from the kernel's
 * CSPRNG (getrandom(2)). */
static int new_context_id(char id[64])
{
    unsigned char r[16];
    size_t got = 0;
    while (got < sizeof r) {
        ssize_t n = getrandom(r + got, sizeof r - got, 0);
        if (n < 0)
            return -1;
        got += (size_t)n;
    }
    int len = snprintf(id, 64, "mofsrv-");
    for (size_t i = 0; i < sizeof r; i++)
        len += snprintf(id + len, (size_t)(64 - len), "%02x", r[i]);
    return 0;
}

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
    mofsrv_op_params ob;
    if (mofsrv_op_params_read(s, req, user, kind, enumeration ? enum_names : refs ? ref_names : assoc_names, &ob,
                              resp) < 0)
        return;
    mofrt_value cont = MOFRT_VALUE_INIT, tmo = MOFRT_VALUE_INIT, max = MOFRT_VALUE_INIT, fq = MOFRT_VALUE_INIT;
    bool has_cont, has_tmo, has_max, has_fq;
    if (mofsrv_param_scalar(req, "ContinueOnError", MOFRT_T_BOOLEAN, &cont, &has_cont) < 0 ||
        mofsrv_param_scalar(req, "OperationTimeout", MOFRT_T_UINT32, &tmo, &has_tmo) < 0 ||
        mofsrv_param_scalar(req, "MaxObjectCount", MOFRT_T_UINT32, &max, &has_max) < 0 ||
        mofsrv_param_scalar(req, "FilterQuery", MOFRT_T_STRING, &fq, &has_fq) < 0) {
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
    /* 0 is "no time-out" (DSP0200 5.3.2.41): a context nobody pulls or
     * closes would be held for ever, so it is refused as DSP0200 lets a
     * server refuse a time-out it does not allow (it was taken as 60 s) */
    if (has_tmo && (tmo.v.u == 0 || tmo.v.u > MAX_TIMEOUT_S)) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_OPERATION_TIMEOUT,
                              tmo.v.u ? "OperationTimeout above 600 s"
                                      : "OperationTimeout 0 (no time-out) is not allowed: 1 to 600 s",
                              NULL);
        goto out;
    }
    mofrt_op *op = &ob.op;
    op->names_only = paths;
    if (!mofrt_request_param(req, "DeepInheritance"))
        op->deep_inheritance = true;   /* DSP0200 5.3.2.41: the pull operations' default */
    const char *cname;
    const mofsrv_class *cls = NULL;
    const mofrt_path *source = NULL;
    if ((op->assoc_class && !mofsrv_param_class(s, req, op->assoc_class, resp)) ||
        (op->result_class && !mofsrv_param_class(s, req, op->result_class, resp)))
        goto out;
    if (enumeration) {
        if (mofsrv_param_classname(req, "ClassName", &cname) < 0 || !cname) {
            mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "ClassName must be a CLASSNAME", NULL);
            goto out;
        }
        if (!(cls = mofsrv_param_class(s, req, cname, resp)))
            goto out;
    } else {
        if (!(source = mofsrv_param_instancename(req, "InstanceName", resp)) ||
            !(cls = mofsrv_param_class(s, req, source->class_name, resp)))
            goto out;
    }
    op->class_name = cls->name;
    uint64_t total = 0;
    bool counted = enumeration && mofsrv_store_count(s, cls, &total);
    mofrt_error e;
    pullctx *c = calloc(1, sizeof *c);
    if (c)
        c->p = mofsrv_producer_start(s, op, cls, source,
                                     paths ? MOFSRV_EMIT_INSTANCEPATH : MOFSRV_EMIT_INSTANCEWITHPATH, &e);
    if (!c || !c->p) {
        free(c);
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_FAILED, "cannot start the enumeration", NULL);
        goto out;
    }
    c->paths = paths;
    c->counted = counted;
    c->total = total;
    c->timeout_s = has_tmo ? (unsigned)tmo.v.u : DEFAULT_TIMEOUT_S;
    snprintf(c->user, sizeof c->user, "%s", user ? user : "");
    char id[sizeof c->id];
    if (new_context_id(id) < 0) {
        ctx_free(c);
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_FAILED, "no random bytes for the enumeration context", NULL);
        goto out;
    }
    pthread_mutex_lock(&s->pull_mu);
    pullctx *gone = NULL;
    reap(s, &gone);
    bool full = s->npulls >= MOFSRV_PULL_MAX;
    unsigned mine = 0;   /* an authenticated user's share */
    for (const pullctx *o = s->pulls; o && user && *user; o = o->next)
        mine += strcmp(o->user, user) == 0;
    bool over_share = mine >= MOFSRV_PULL_PER_USER;
    full |= over_share;
    if (!full) {
        memcpy(c->id, id, sizeof id);
        c->busy = true;
        c->next = s->pulls;
        s->pulls = c;
        s->npulls++;
    }
    pthread_mutex_unlock(&s->pull_mu);
    free_list(gone);
    if (full) {
        ctx_free(c);
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_SERVER_LIMITS_EXCEEDED,
                              over_share ? "too many open enumerations of this user (16 of the 64 at most)"
                                         : "too many open enumerations",
                              NULL);
        goto out;
    }
    answer(s, c, req, has_max ? (uint32_t)max.v.u : 0, resp);
out:
    mofsrv_op_params_clear(&ob);
    mofrt_value_clear(&cont);
    mofrt_value_clear(&tmo);
    mofrt_value_clear(&max);
    mofrt_value_clear(&fq);
}

/* ---- Pull*, CloseEnumeration, EnumerationCount ---------------------------------------- */
static void pull(mofsrv *s, const mofrt_request *req, const char *user, mofrt_buf *resp, bool paths, bool close,
                 bool count)
{
    static const char *const names[] = { "EnumerationContext", "MaxObjectCount", NULL };
    static const char *const ctx_only[] = { "EnumerationContext", NULL };
    const char *bad = mofsrv_param_unknown(req, close || count ? ctx_only : names);
    if (bad) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER, "unknown parameter ", bad);
        return;
    }
    mofrt_value id = MOFRT_VALUE_INIT, max = MOFRT_VALUE_INIT;
    bool has_id, has_max;
    if (mofsrv_param_scalar(req, "EnumerationContext", MOFRT_T_STRING, &id, &has_id) < 0 || !has_id ||
        mofsrv_param_scalar(req, "MaxObjectCount", MOFRT_T_UINT32, &max, &has_max) < 0 || (!close && !count && !has_max)) {
        mofsrv_error_response(req, resp, MOFRT_CIM_ERR_INVALID_PARAMETER,
                              close || count ? "EnumerationContext is required"
                                             : "EnumerationContext and MaxObjectCount are required", NULL);
        goto out;
    }
    mofrt_cim_status why;
    pullctx *c = acquire(s, id.v.s, user, &why);
    if (!c) {
        mofsrv_error_response(req, resp, why,
                              why == MOFRT_CIM_ERR_PULL_CANNOT_BE_ABANDONED ? "a pull on this context is running"
                                                                            : "no such enumeration context",
                              NULL);
    } else if (count) {
        uint64_t n;
        bool known = remaining(c, &n);
        release(s, c, false);
        if (known)
            count_answer(req, n, resp);
        else
            mofsrv_error_response(req, resp, MOFRT_CIM_ERR_NOT_SUPPORTED,
                                  "EnumerationCount: a provider's enumeration is running, the count is known at its end",
                                  NULL);
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
        pull(s, req, user, resp, false, false, false);
    else if (mofrt_name_eq(m, "PullInstancePaths"))
        pull(s, req, user, resp, true, false, false);
    else if (mofrt_name_eq(m, "CloseEnumeration"))
        pull(s, req, user, resp, false, true, false);
    else if (mofrt_name_eq(m, "EnumerationCount"))
        pull(s, req, user, resp, false, false, true);
    else
        return false;
    return true;
}
