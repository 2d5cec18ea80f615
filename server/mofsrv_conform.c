/* libmofsrv: a client's instance checked and typed against its class (see
 * mofsrv_conform.h). Cost: linear in the instance's size (values, nested
 * embedded instances and reference keys), times log of the class's
 * property count for the lookups. */
#include "server/mofsrv_conform.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/mofsrv_classprops.h"
#include "server/mofsrv_host.h"

/* Embedded instances and references inside each other: deeper than the
 * CIM-XML decoder's own nesting bound is refused, not recursed into. */
#define CONFORM_MAX_DEPTH 16

typedef struct conform_ctx {
    const mofsrv_schema *s;
    mofrt_limits lim;
} conform_ctx;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int invalid(mofrt_error *err, const char *fmt, ...)
{
    char msg[MOFRT_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PARAM, "%s", msg);
}

/* A value's text that does not parse as the declared type is the
 * client's fault (the parser says syntax or range). */
static int as_param(mofrt_error *err)
{
    if (err && err->kind != MOFRT_E_NOMEM && err->kind != MOFRT_E_LIMIT)
        err->code = MOFRT_CIM_ERR_INVALID_PARAMETER;
    return -1;
}

static const char *kind_of(const mofrt_value *v)
{
    if (v->untyped)
        return "an untyped value";
    return v->type == MOFRT_T_INSTANCE ? "an embedded instance" : mofrt_type_name(v->type);
}

static int conform_props(const conform_ctx *x, const mofsrv_class *c, const mofrt_instance *in, unsigned flags,
                         unsigned depth, mofrt_instance **out, mofrt_error *err);
static int conv_scalar(const conform_ctx *x, mofrt_type t, const char *cls, const mofrt_value *v, unsigned depth,
                       mofrt_value *out, mofrt_error *err);

static int decode_embedded(const conform_ctx *x, const char *text, unsigned depth, mofrt_instance **out,
                           mofrt_error *err)
{
    if (mofrt_xml_decode_instance(text, strlen(text), &x->lim, depth + 1, out, err) == 0)
        return 0;
    as_param(err);
    mofrt_error_prefix(err, "malformed embedded instance");
    return -1;
}

/* A key value of a reference, typed as the referenced class declares the
 * key: a KEYVALUE's text (string, boolean or numeric) is read again as
 * that type, so 1 of a uint32 key is uint32 1 and 300 of a uint8 key is
 * refused. */
static int key_value(const conform_ctx *x, const mofrt_prop_desc *d, const mofrt_value *v, unsigned depth,
                     mofrt_value *out, mofrt_error *err)
{
    if (v->is_null || v->is_array)
        return invalid(err, "a key value must be a scalar");
    if (d->type == MOFRT_T_REFERENCE || d->type == MOFRT_T_INSTANCE || d->type == MOFRT_T_NONE)
        return conv_scalar(x, d->type, d->ref_class, v, depth, out, err);
    if (v->type == d->type && !v->untyped)
        return mofrt_value_copy(out, v, err);
    if (v->type == MOFRT_T_STRING || v->untyped)
        return mofrt_value_parse(d->type, v->v.s ? v->v.s : "", out, err) < 0 ? as_param(err) : 0;
    if (v->type == MOFRT_T_REFERENCE || v->type == MOFRT_T_INSTANCE)
        return invalid(err, "expected a %s value, got %s", mofrt_type_name(d->type), kind_of(v));
    mofrt_buf b = MOFRT_BUF_INIT;
    int rc = mofrt_value_print(v, &b, err);
    if (rc == 0 && b.failed)
        rc = mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    if (rc == 0 && mofrt_value_parse(d->type, b.data ? b.data : "", out, err) < 0)
        rc = as_param(err);
    mofrt_buf_free(&b);
    return rc;
}

/* The reference `path`, checked and typed: an instance name of class
 * `cls` (NULL or "": any class) or of a subclass, with exactly that
 * class's keys. */
static int conform_ref(const conform_ctx *x, const char *cls, const mofrt_path *path, unsigned depth,
                       mofrt_path **out, mofrt_error *err)
{
    *out = NULL;
    if (depth > CONFORM_MAX_DEPTH)
        return invalid(err, "references nested too deeply");
    const mofsrv_class *pc = mofsrv_schema_find(x->s, path->class_name);
    if (!pc)
        return invalid(err, "a reference to class %.100s, which the server does not have", path->class_name);
    if (cls && *cls && !mofrt_name_eq(pc->name, cls) && !mofsrv_class_is_a(pc, cls))
        return invalid(err, "a reference to an instance of %.100s, which is not a %.100s", pc->name, cls);
    mofsrv_props props;
    if (mofsrv_props_of(pc, &props, err) < 0)
        return -1;
    mofrt_path *np = mofrt_path_new(path->host, path->ns, pc->name);
    int rc = np ? 0 : mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < path->count; i++) {
        const mofrt_key *k = &path->keys[i];
        const mofrt_prop_desc *d = mofsrv_props_find(&props, k->name);
        mofrt_value kv = MOFRT_VALUE_INIT;
        if (!d || !(d->flags & MOFRT_F_KEY)) {
            rc = invalid(err, "a reference to %.100s: %.100s is not a key of that class", pc->name, k->name);
        } else if (key_value(x, d, &k->value, depth + 1, &kv, err) < 0) {
            char where[160];
            snprintf(where, sizeof where, "a reference to %.60s: key %.60s", pc->name, k->name);
            mofrt_error_prefix(err, where);
            rc = -1;
        } else {
            rc = mofrt_path_add_key(np, d->name, &kv, err);
        }
    }
    for (size_t i = 0; rc == 0 && i < pc->nkeys; i++)
        if (!mofrt_path_get_key(path, pc->keys[i]))
            rc = invalid(err, "a reference to %.100s without its key %.100s", pc->name, pc->keys[i]);
    mofsrv_props_free(&props);
    if (rc < 0) {
        mofrt_path_free(np);
        return -1;
    }
    *out = np;
    return 0;
}

/* The embedded instance `inst`, checked and typed: of class `cls` (NULL
 * or "": any class the server has) or a subclass, not abstract. */
static int conform_embedded(const conform_ctx *x, const char *cls, const mofrt_instance *inst, unsigned depth,
                            mofrt_instance **out, mofrt_error *err)
{
    *out = NULL;
    if (!inst)
        return invalid(err, "an embedded instance without content");
    if (depth > CONFORM_MAX_DEPTH)
        return invalid(err, "embedded instances nested too deeply");
    const mofsrv_class *ec = mofsrv_schema_find(x->s, inst->class_name);
    if (!ec)
        return invalid(err, "an embedded instance of class %.100s, which the server does not have",
                       inst->class_name);
    if (cls && *cls && !mofrt_name_eq(ec->name, cls) && !mofsrv_class_is_a(ec, cls))
        return invalid(err, "an embedded instance of %.100s, which is not a %.100s", ec->name, cls);
    if (mofsrv_class_abstract(ec))
        return invalid(err, "an embedded instance of the abstract class %.100s", ec->name);
    if (conform_props(x, ec, inst, 0, depth + 1, out, err) < 0) {
        char where[128];
        snprintf(where, sizeof where, "embedded %.100s", ec->name);
        mofrt_error_prefix(err, where);
        return -1;
    }
    return 0;
}

/* One non-NULL scalar value as type t (cls: the reference's or embedded
 * instance's declared class). */
static int conv_scalar(const conform_ctx *x, mofrt_type t, const char *cls, const mofrt_value *v, unsigned depth,
                       mofrt_value *out, mofrt_error *err)
{
    bool text = v->untyped || v->type == MOFRT_T_STRING;
    if (t == MOFRT_T_REFERENCE) {
        mofrt_path *parsed = NULL, *np = NULL;
        if (text && mofrt_path_parse(v->v.s ? v->v.s : "", &parsed, err) < 0)
            return as_param(err);
        if (!text && v->type != MOFRT_T_REFERENCE)
            return invalid(err, "expected a reference, got %s", kind_of(v));
        int rc = conform_ref(x, cls, parsed ? parsed : v->v.ref, depth, &np, err);
        mofrt_path_free(parsed);
        if (rc == 0)
            *out = mofrt_value_ref_take(np);
        return rc;
    }
    if (t == MOFRT_T_INSTANCE) {
        mofrt_instance *decoded = NULL, *ni = NULL;
        const mofrt_instance *src = NULL;
        if (text || (v->type == MOFRT_T_INSTANCE && !v->v.emb.inst && v->v.emb.text)) {
            const char *s = text ? v->v.s : v->v.emb.text;
            if (decode_embedded(x, s ? s : "", depth, &decoded, err) < 0)
                return -1;
            src = decoded;
        } else if (v->type == MOFRT_T_INSTANCE) {
            src = v->v.emb.inst;
        } else {
            return invalid(err, "expected an embedded instance, got %s", kind_of(v));
        }
        int rc = conform_embedded(x, cls, src, depth, &ni, err);
        mofrt_instance_free(decoded);
        if (rc == 0)
            *out = mofrt_value_instance_take(ni);
        return rc;
    }
    if (t == MOFRT_T_NONE)   /* a declaration without a known type: as given */
        return mofrt_value_copy(out, v, err);
    if (v->untyped)
        return mofrt_value_parse(t, v->v.s ? v->v.s : "", out, err) < 0 ? as_param(err) : 0;
    if (v->type != t)
        return invalid(err, "expected a %s value, got %s", mofrt_type_name(t), kind_of(v));
    return mofrt_value_copy(out, v, err);
}

/* A property's value as declared by d: NULL, scalar or array. */
static int conv_value(const conform_ctx *x, const mofrt_prop_desc *d, const mofrt_value *v, unsigned depth,
                      mofrt_value *out, mofrt_error *err)
{
    bool arr = (d->flags & MOFRT_F_ARRAY) != 0;
    if (v->is_null) {
        *out = mofrt_value_null(d->type);
        out->is_array = arr;
        return 0;
    }
    if (v->is_array != arr)
        return invalid(err, arr ? "is an array, given a scalar" : "is a scalar, given an array");
    if (!arr)
        return conv_scalar(x, d->type, d->ref_class, v, depth, out, err);
    if (mofrt_value_array(out, d->type, v->v.arr.count, err) < 0)
        return -1;
    for (size_t i = 0; i < v->v.arr.count; i++) {
        const mofrt_value *it = &v->v.arr.items[i];
        if (it->is_null)
            continue;
        if (conv_scalar(x, d->type, d->ref_class, it, depth, &out->v.arr.items[i], err) < 0) {
            char where[32];
            snprintf(where, sizeof where, "element %zu", i);
            mofrt_error_prefix(err, where);
            mofrt_value_clear(out);
            return -1;
        }
    }
    return 0;
}

/* A MOF default (the CIM-XML text of each element) as a value of d. */
static int literal_scalar(const conform_ctx *x, mofrt_type t, const char *text, mofrt_value *out, mofrt_error *err)
{
    if (!text) {
        *out = mofrt_value_null(t);
        return 0;
    }
    if (t != MOFRT_T_INSTANCE)
        return mofrt_value_parse(t, text, out, err);
    mofrt_instance *inst = NULL;
    if (decode_embedded(x, text, 0, &inst, err) < 0)
        return -1;
    *out = mofrt_value_instance_take(inst);
    return 0;
}

static int default_value(const conform_ctx *x, const mofrt_prop_desc *d, mofrt_value *out, mofrt_error *err)
{
    if (!(d->flags & MOFRT_F_ARRAY))
        return literal_scalar(x, d->type, d->def.count ? d->def.text[0] : NULL, out, err);
    if (mofrt_value_array(out, d->type, d->def.count, err) < 0)
        return -1;
    for (size_t i = 0; i < d->def.count; i++)
        if (literal_scalar(x, d->type, d->def.text[i], &out->v.arr.items[i], err) < 0) {
            mofrt_value_clear(out);
            return -1;
        }
    return 0;
}

/* The typed instance in the class's declaration order: each property
 * found once through the sorted index (given[] maps a declared property to
 * the input's, the last of a repeated name winning as mofrt_instance_set
 * would), then built by appending, so the cost is O(p log p) for p
 * properties, not a search of the instance per property; and the store
 * keeps its instances in declaration order, which is the order GetInstance
 * sends (mofsrv_instview.c walks both in step). */
static int conform_props(const conform_ctx *x, const mofsrv_class *c, const mofrt_instance *in, unsigned flags,
                         unsigned depth, mofrt_instance **out, mofrt_error *err)
{
    *out = NULL;
    mofsrv_props props;
    if (mofsrv_props_of(c, &props, err) < 0)
        return -1;
    mofrt_instance *o = mofrt_instance_new(c->name);
    size_t *given = calloc(props.count ? props.count : 1, sizeof *given);   /* input index + 1 */
    int rc = o && given ? 0 : mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < in->count; i++) {
        const mofrt_prop_desc *d = mofsrv_props_find(&props, in->props[i].name);
        if (!d)
            rc = invalid(err, "class %.100s has no property %.100s", c->name, in->props[i].name);
        else
            given[d - props.items] = i + 1;
    }
    for (size_t i = 0; rc == 0 && i < props.count; i++) {
        const mofrt_prop_desc *d = &props.items[i];
        mofrt_value v = MOFRT_VALUE_INIT;
        if (given[i]) {
            if (conv_value(x, d, &in->props[given[i] - 1].value, depth, &v, err) < 0) {
                mofrt_error_prefix(err, d->name);
                rc = -1;
                break;
            }
        } else if (!(flags & MOFSRV_CONFORM_DEFAULTS) || !d->def.text) {
            continue;
        } else if (default_value(x, d, &v, err) < 0) {
            char where[160];
            snprintf(where, sizeof where, "the default of %.70s.%.70s", c->name, d->name);
            mofrt_error_prefix(err, where);
            if (err && err->kind != MOFRT_E_NOMEM)
                err->code = MOFRT_CIM_ERR_FAILED;   /* the schema's value, not the client's */
            rc = -1;
            break;
        }
        rc = mofrt_instance_add(o, d->name, &v, err);
    }
    free(given);
    mofsrv_props_free(&props);
    if (rc < 0) {
        mofrt_instance_free(o);
        return -1;
    }
    *out = o;
    return 0;
}

int mofsrv_conform(const mofsrv_schema *s, const mofsrv_class *c, const mofrt_instance *in, unsigned flags,
                   mofrt_instance **out, mofrt_error *err)
{
    conform_ctx x = { s, mofrt_limits_default() };
    return conform_props(&x, c, in, flags, 0, out, err);
}

int mofsrv_conform_default(const mofsrv_schema *s, const mofrt_prop_desc *d, mofrt_value *out, mofrt_error *err)
{
    if (!d->def.text) {
        *out = mofrt_value_null(d->type);
        out->is_array = (d->flags & MOFRT_F_ARRAY) != 0;
        return 0;
    }
    conform_ctx x = { s, mofrt_limits_default() };
    if (default_value(&x, d, out, err) == 0)
        return 0;
    if (err && err->kind != MOFRT_E_NOMEM)
        err->code = MOFRT_CIM_ERR_FAILED;   /* the schema's value, not the client's */
    return -1;
}

int mofsrv_conform_name(const mofsrv_schema *s, const mofsrv_class *c, const mofrt_path *name, mofrt_path **out,
                        mofrt_error *err)
{
    conform_ctx x = { s, mofrt_limits_default() };
    return conform_ref(&x, c->name, name, 0, out, err);
}

/* ---- keys do not change ------------------------------------------------------------ */
int mofsrv_conform_keys(const mofsrv_schema *s, const mofsrv_class *c, const mofrt_instance *in,
                        const mofrt_path *name, mofrt_error *err)
{
    conform_ctx x = { s, mofrt_limits_default() };
    mofsrv_props props;
    if (mofsrv_props_of(c, &props, err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < c->nkeys; i++) {
        const mofrt_value *given = mofrt_instance_get(in, c->keys[i]);
        const mofrt_value *named = mofrt_path_get_key(name, c->keys[i]);
        const mofrt_prop_desc *d = mofsrv_props_find(&props, c->keys[i]);
        if (!given || given->is_null || !named || !d)
            continue;   /* the instance name alone says which instance */
        mofrt_value a = MOFRT_VALUE_INIT, b = MOFRT_VALUE_INIT;
        if (conv_value(&x, d, given, 0, &a, err) < 0) {
            mofrt_error_prefix(err, d->name);
            rc = -1;
        } else if (key_value(&x, d, named, 0, &b, err) < 0) {
            mofrt_error_prefix(err, "the instance name's key");
            rc = -1;
        } else if (!mofrt_value_equal(&a, &b)) {
            rc = invalid(err, "%.100s is a key: its value cannot change (the instance name has another)",
                         d->name);
        }
        mofrt_value_clear(&a);
        mofrt_value_clear(&b);
    }
    mofsrv_props_free(&props);
    return rc;
}

/* ---- stored instances under a changed schema ---------------------------------------- */
typedef struct dropped_prop {
    const char *cls, *prop;   /* the stored instance's spelling, valid until the commit */
    size_t n;
} dropped_prop;

typedef struct stored_walk {
    const mofsrv_class *c;
    const mofsrv_props *props;
    mofsrv_txn *t;
    dropped_prop *drops;
    size_t ndrops, cap;
    mofrt_error *err;
} stored_walk;

static int note_drop(stored_walk *w, const char *prop)
{
    for (size_t i = 0; i < w->ndrops; i++)
        if (w->drops[i].cls == w->c->name && mofrt_name_eq(w->drops[i].prop, prop)) {
            w->drops[i].n++;
            return 0;
        }
    if (w->ndrops == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 8;
        dropped_prop *d = realloc(w->drops, cap * sizeof *d);
        if (!d)
            return mofrt_error_set(w->err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        w->drops = d;
        w->cap = cap;
    }
    w->drops[w->ndrops++] = (dropped_prop){ w->c->name, prop, 1 };
    return 0;
}

/* The instance without the properties its class does not declare, as a
 * put in w->t; nothing when it has none. */
static int drop_undeclared(void *arg, const mofrt_instance *inst)
{
    stored_walk *w = arg;
    size_t undeclared = 0;
    for (size_t i = 0; i < inst->count; i++)
        undeclared += !mofsrv_props_find(w->props, inst->props[i].name);
    if (!undeclared)
        return 0;
    mofrt_instance *o = mofrt_instance_new(inst->class_name);
    if (!o || !(o->path = mofrt_path_copy(inst->path))) {
        mofrt_instance_free(o);
        return mofrt_error_set(w->err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < inst->count; i++) {
        const mofrt_property *p = &inst->props[i];
        mofrt_value v;
        int rc = !mofsrv_props_find(w->props, p->name)
                     ? note_drop(w, p->name)
                     : mofrt_value_copy(&v, &p->value, w->err) < 0 ? -1 : mofrt_instance_set(o, p->name, &v, w->err);
        if (rc < 0) {
            mofrt_instance_free(o);
            return -1;
        }
    }
    return mofsrv_txn_put(w->t, o, w->err) < 0 ? -1 : 0;
}

int mofsrv_conform_stored(struct mofsrv *s, mofrt_buf *report, mofrt_error *err)
{
    mofsrv_txn t = MOFSRV_TXN_INIT;
    stored_walk w = { NULL, NULL, &t, NULL, 0, 0, err };
    int rc = 0;
    mofsrv_store_rdlock(&s->store);
    for (size_t i = 0; i < s->schema.nclasses && rc == 0; i++) {
        mofsrv_props props;
        w.c = &s->schema.classes[i];
        if (mofsrv_props_of(w.c, &props, err) < 0) {
            rc = -1;
            break;
        }
        w.props = &props;
        rc = mofsrv_store_each_exact(&s->store, w.c, drop_undeclared, &w);
        mofsrv_props_free(&props);
    }
    mofsrv_store_unlock(&s->store);
    for (size_t i = 0; rc == 0 && report && i < w.ndrops; i++)
        mofrt_buf_printf(report, "warning: class %s has no property %s any more: dropped from %zu stored instance(s)\n",
                         w.drops[i].cls, w.drops[i].prop, w.drops[i].n);
    free(w.drops);
    if (rc < 0 || t.count == 0) {
        mofsrv_txn_clear(&t);
        return rc;
    }
    return mofsrv_store_commit(s, &t, err);   /* durable: said once, not at every start */
}
