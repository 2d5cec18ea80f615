/* mofc diff: one property, reference, method or parameter against its old
 * declaration, and the qualifier rules table. */
#include "schema/check.h"
#include "schema/compare_internal.h"
#include <inttypes.h>
#include <string.h>

/* ---- the qualifier rules -------------------------------------------------
 * FLAG: a boolean qualifier turned on (gained) or off (lost).
 * UPPER: an upper bound (a smaller value, or a new bound, narrows).
 * LOWER: a lower bound (a larger value, or a new bound, narrows).
 * TEXT: a string that changed (either id).
 * DEPRECATED: added; the message names the replacement. */
typedef enum qr_kind { QR_FLAG, QR_UPPER, QR_LOWER, QR_TEXT, QR_DEPRECATED } qr_kind;

static const struct qrule {
    const char *name;
    qr_kind kind;
    diag_id gained, lost;      /* FLAG; UPPER/LOWER: narrowed, widened */
    const char *gained_fmt, *lost_fmt;
} qrules[] = {
    {"Key", QR_FLAG, DIAG_DIFF_KEY_ADDED, DIAG_DIFF_KEY_REMOVED, "%s became a key", "%s is no longer a key"},
    {"Required", QR_FLAG, DIAG_DIFF_REQUIRED_ADDED, DIAG_DIFF_REQUIRED_REMOVED, "%s became Required",
     "%s is no longer Required"},
    {"Abstract", QR_FLAG, DIAG_DIFF_ABSTRACT_ADDED, DIAG_DIFF_ABSTRACT_REMOVED, "%s became Abstract",
     "%s is no longer Abstract"},
    {"Association", QR_FLAG, DIAG_DIFF_ASSOCIATION_CHANGED, DIAG_DIFF_ASSOCIATION_CHANGED,
     "%s became an association", "%s is no longer an association"},
    {"Static", QR_FLAG, DIAG_DIFF_STATIC_CHANGED, DIAG_DIFF_STATIC_CHANGED, "%s became Static",
     "%s is no longer Static"},
    {"Write", QR_FLAG, DIAG_DIFF_WRITE_ADDED, DIAG_DIFF_WRITE_REMOVED, "%s became Write",
     "%s is no longer Write"},
    {"MaxLen", QR_UPPER, DIAG_DIFF_MAXLEN_NARROWED, DIAG_DIFF_MAXLEN_WIDENED, NULL, NULL},
    {"MaxValue", QR_UPPER, DIAG_DIFF_MAXVALUE_NARROWED, DIAG_DIFF_MAXVALUE_WIDENED, NULL, NULL},
    {"MinValue", QR_LOWER, DIAG_DIFF_MINVALUE_NARROWED, DIAG_DIFF_MINVALUE_WIDENED, NULL, NULL},
    {"Description", QR_TEXT, DIAG_DIFF_DESCRIPTION_CHANGED, DIAG_DIFF_DESCRIPTION_CHANGED, NULL, NULL},
    {"Deprecated", QR_DEPRECATED, DIAG_DIFF_DEPRECATED_ADDED, DIAG_DIFF_DEPRECATED_ADDED, NULL, NULL},
};

static bool q_flag(const model_qualifier *q)
{
    return q && (!q->value || (q->value->kind == VAL_BOOL && q->value->u.b));
}

/* An integer qualifier value (MaxLen is uint32, MinValue/MaxValue sint64). */
static bool q_int(const model_qualifier *q, int64_t *v)
{
    if (!q || !q->value || q->value->kind != VAL_INT)
        return false;
    uint64_t m = q->value->u.i.mag;
    *v = q->value->u.i.neg ? -(int64_t)(m - 1) - 1 : (int64_t)m;
    return true;
}

static const char *q_text(const model_qualifier *q)
{
    return q && q->value && q->value->kind == VAL_STRING ? q->value->u.str.s : NULL;
}

/* The first replacement a Deprecated qualifier names; NULL for none or
 * "No value", DSP0004's word for "no replacement". */
static const char *q_first(const model_qualifier *q)
{
    const ast_value *v = q ? q->value : NULL;
    if (v && v->kind == VAL_ARRAY && v->u.arr.n)
        v = v->u.arr.items[0];
    if (!v || v->kind != VAL_STRING || !v->u.str.len || name_eq(v->u.str.s, "No value"))
        return NULL;
    return v->u.str.s;
}

static void bound_text(char *buf, size_t n, bool has, int64_t v)
{
    if (has)
        snprintf(buf, n, "%" PRId64, v);
    else
        snprintf(buf, n, "none");
}

void compare_quals(cmp *c, const elem *e, const model_quals *oq, const model_quals *nq,
                   mof_span old_at, mof_span new_at)
{
    char what[512];
    elem_text(what, sizeof what, e);
    for (size_t i = 0; i < sizeof qrules / sizeof qrules[0]; i++) {
        const struct qrule *r = &qrules[i];
        const model_qualifier *o = model_find_qualifier(oq, r->name);
        const model_qualifier *n = model_find_qualifier(nq, r->name);
        if ((!o || o->from) && (!n || n->from))
            continue;   /* inherited on both sides: reported where declared */
        mof_span at = n ? n->span : new_at, was = o ? o->span : old_at;
        switch (r->kind) {
        case QR_FLAG: {
            bool a = q_flag(o), b = q_flag(n);
            if (a != b)
                change(c, b ? r->gained : r->lost, at, was, NOTE_OLD, b ? r->gained_fmt : r->lost_fmt, what);
            break;
        }
        case QR_UPPER:
        case QR_LOWER: {
            int64_t a = 0, b = 0;
            bool ha = q_int(o, &a), hb = q_int(n, &b);
            if (ha == hb && a == b)
                break;
            /* No bound is the widest; otherwise compare the values. */
            bool narrowed = !ha ? true : !hb ? false : r->kind == QR_UPPER ? b < a : b > a;
            char from[32], to[32];
            bound_text(from, sizeof from, ha, a);
            bound_text(to, sizeof to, hb, b);
            change(c, narrowed ? r->gained : r->lost, at, was, NOTE_OLD, "%s of %s %s from %s to %s",
                   r->name, what, narrowed ? "narrowed" : "widened", from, to);
            break;
        }
        case QR_TEXT: {
            const char *a = q_text(o), *b = q_text(n);
            if ((a || b) && (!a || !b || strcmp(a, b)))
                change(c, r->gained, at, was, NOTE_OLD, "%s of %s %s", r->name, what,
                       !a ? "was added" : !b ? "was removed" : "changed");
            break;
        }
        case QR_DEPRECATED:
            if (!o && n) {
                const char *by = q_first(n);
                if (by)
                    change(c, r->gained, at, was, NOTE_OLD, "%s became Deprecated, replaced by '%s'", what, by);
                else
                    change(c, r->gained, at, was, NOTE_OLD, "%s became Deprecated (no replacement named)", what);
            }
            break;
        }
    }
}

/* ---- types ------------------------------------------------------------- */

typedef struct typed {
    mof_type type;
    bool array;
    uint64_t fixed;
    const char *ref, *embedded;
    bool embedded_object;
} typed;

static const char *or_none(const char *s) { return s ? s : "none"; }

static bool same_name(const char *a, const char *b)
{
    return a == b || (a && b && name_eq(a, b));
}

/* What a provider built from the old C and a client of the old schema
 * both depend on: the C type, array or not, and what it refers to. */
static void compare_types(cmp *c, const char *what, bool method, const typed *o, const typed *n,
                          mof_span at, mof_span was)
{
    if (o->type != n->type)
        change(c, method ? DIAG_DIFF_RETURN_CHANGED : DIAG_DIFF_TYPE_CHANGED, at, was, NOTE_OLD,
               "%s of %s changed from %s to %s", method ? "return type" : "type", what,
               mof_type_name(o->type), mof_type_name(n->type));
    else if (o->type == TYPE_REF && !same_name(o->ref, n->ref))
        change(c, DIAG_DIFF_REF_CLASS_CHANGED, at, was, NOTE_OLD, "%s now refers to '%s', not '%s'", what,
               or_none(n->ref), or_none(o->ref));
    if (o->array != n->array)
        change(c, DIAG_DIFF_ARRAY_CHANGED, at, was, NOTE_OLD, "%s changed from %s to %s", what,
               o->array ? "an array" : "a scalar", n->array ? "an array" : "a scalar");
    else if (o->array && o->fixed != n->fixed)
        change(c, DIAG_DIFF_ARRAY_SIZE_CHANGED, at, was, NOTE_OLD,
               "fixed size of %s changed from %" PRIu64 " to %" PRIu64 " (0: variable)", what, o->fixed,
               n->fixed);
    if (!same_name(o->embedded, n->embedded) || o->embedded_object != n->embedded_object)
        change(c, DIAG_DIFF_EMBEDDED_CHANGED, at, was, NOTE_OLD,
               "embedded class of %s changed from %s%s%s to %s%s%s", what, o->embedded ? "'" : "",
               o->embedded_object ? "any object" : or_none(o->embedded), o->embedded ? "'" : "",
               n->embedded ? "'" : "", n->embedded_object ? "any object" : or_none(n->embedded),
               n->embedded ? "'" : "");
}

static typed feature_type(const model_feature *f)
{
    typed t = {f->type, f->array, f->fixed_size, f->ref_class_name, f->embedded_class_name,
               f->embedded_object};
    return t;
}

static typed param_type(const model_param *p)
{
    typed t = {p->type, p->array, p->fixed_size, p->ref_class_name, p->embedded_class_name,
               p->embedded_object};
    return t;
}

static const char *kind_word(model_feature_kind k)
{
    return k == MF_METHOD ? "method" : k == MF_REFERENCE ? "reference" : "property";
}

static const char *direction(const model_param *p)
{
    return p->in && p->out ? "In, Out" : p->out ? "Out" : "In";
}

/* ---- parameters -------------------------------------------------------- */

static void compare_param(cmp *c, elem *e, const model_param *o, const model_param *n)
{
    char what[512];
    elem_text(what, sizeof what, e);
    if (o->in != n->in || o->out != n->out)
        change(c, DIAG_DIFF_DIRECTION_CHANGED, n->type_span, o->type_span, NOTE_OLD,
               "%s changed from %s to %s", what, direction(o), direction(n));
    typed ot = param_type(o), nt = param_type(n);
    compare_types(c, what, false, &ot, &nt, n->type_span, o->type_span);
    compare_quals(c, e, &o->quals, &n->quals, o->type_span, n->type_span);
    compare_vmap(c, e, o->vmap, n->vmap, &o->quals, &n->quals, o->type_span, n->type_span);
}

static void compare_params(cmp *c, const model_class *cls, const model_feature *o, const model_feature *n)
{
    name_table old_params;
    names_init(&old_params);
    for (size_t i = 0; i < o->nparams; i++)
        names_put(&old_params, o->params[i].name, &o->params[i]);
    name_table new_params;
    names_init(&new_params);
    elem e = {"parameter", cls->name, n->name, NULL};
    char what[512];
    for (size_t i = 0; i < n->nparams; i++) {
        const model_param *np = &n->params[i], *op = names_get(&old_params, np->name);
        names_put(&new_params, np->name, (void *)np);
        e.param = np->name;
        if (op) {
            compare_param(c, &e, op, np);
        } else if (np->in && np->required) {
            change(c, DIAG_DIFF_REQUIRED_PARAM, np->type_span, o->type_span, "the old method is here",
                   "required In parameter '%s' was added to '%s.%s'", np->name, cls->name, n->name);
        } else {
            elem_text(what, sizeof what, &e);
            change(c, DIAG_DIFF_PARAM_ADDED, np->type_span, o->type_span, "the old method is here",
                   "%s%s was added", np->in ? "optional " : "", what);
        }
    }
    for (size_t i = 0; i < o->nparams; i++) {
        const model_param *op = &o->params[i];
        if (names_get(&new_params, op->name))
            continue;
        e.param = op->name;
        elem_text(what, sizeof what, &e);
        change(c, DIAG_DIFF_PARAM_REMOVED, op->type_span, n->type_span, "the new method is here",
               "%s was removed", what);
    }
    names_free(&old_params);
    names_free(&new_params);
}

/* ---- features ---------------------------------------------------------- */

void compare_feature(cmp *c, const model_class *cls, const model_feature *o, const model_feature *n)
{
    elem e = {kind_word(n->kind), cls->name, n->name, NULL};
    char what[512];
    elem_text(what, sizeof what, &e);
    if ((o->kind == MF_METHOD) != (n->kind == MF_METHOD)) {
        change(c, DIAG_DIFF_TYPE_CHANGED, n->type_span, o->type_span, NOTE_OLD, "%s was a %s", what,
               kind_word(o->kind));
        return;
    }
    typed ot = feature_type(o), nt = feature_type(n);
    compare_types(c, what, n->kind == MF_METHOD, &ot, &nt, n->type_span, o->type_span);
    compare_quals(c, &e, &o->quals, &n->quals, o->type_span, n->type_span);
    compare_vmap(c, &e, o->vmap, n->vmap, &o->quals, &n->quals, o->type_span, n->type_span);
    if (n->kind != MF_METHOD && (o->def || n->def) && (!o->def || !n->def || !value_equal(o->def, n->def)))
        change(c, DIAG_DIFF_DEFAULT_CHANGED, n->def ? n->def->span : n->type_span,
               o->def ? o->def->span : o->type_span, NOTE_OLD, "default value of %s %s", what,
               !o->def ? "was added" : !n->def ? "was removed" : "changed");
    if (n->kind == MF_METHOD)
        compare_params(c, cls, o, n);
}

void feature_added(cmp *c, const model_class *cls, const model_feature *n, mof_span old_class)
{
    elem e = {kind_word(n->kind), cls->name, n->name, NULL};
    char what[512];
    elem_text(what, sizeof what, &e);
    const char *note = "the old class is here";
    if (n->key)
        change(c, DIAG_DIFF_KEY_ADDED, n->type_span, old_class, note, "%s was added as a key of '%s'",
               what, cls->name);
    else if (n->required)
        change(c, DIAG_DIFF_REQUIRED_ADDED, n->type_span, old_class, note, "Required %s was added", what);
    else
        change(c, n->kind == MF_METHOD ? DIAG_DIFF_METHOD_ADDED : DIAG_DIFF_PROPERTY_ADDED, n->type_span,
               old_class, note, "%s was added", what);
}
