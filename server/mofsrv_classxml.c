/* libmofsrv: the CLASS element of GetClass / EnumerateClasses written from
 * the class metadata mofc gen puts into a module's descriptors
 * (runtime/mofrt_desc.h): qualifiers with their flavors, defaults, class
 * origin. DSP0201 5.2 (CLASS, PROPERTY*, METHOD, PARAMETER*, QUALIFIER).
 * Every element that may hold content is written with an end tag (wbemcli
 * refuses a self-closed PROPERTY). */
#include "server/mofsrv_classxml.h"

#include <stdio.h>
#include <string.h>

/* TYPE attribute: an embedded instance travels as a string. */
static const char *type_attr(mofrt_type t)
{
    return t == MOFRT_T_INSTANCE ? "string" : mofrt_type_name(t);
}

static const mofrt_qual_desc *find_qual(size_t n, const mofrt_qual_desc *q, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (mofrt_name_eq(q[i].name, name))
            return &q[i];
    return NULL;
}

/* A literal as VALUE or VALUE.ARRAY (nothing for no value). */
static void literal(mofrt_xw *w, const mofrt_literal *v, bool array)
{
    if (!v->text)
        return;
    if (!array) {
        if (v->count && v->text[0]) {
            mofrt_xw_start(w, "VALUE");
            mofrt_xw_text(w, v->text[0]);
            mofrt_xw_end(w);
        }
        return;
    }
    mofrt_xw_start(w, "VALUE.ARRAY");
    for (size_t i = 0; i < v->count; i++) {
        if (v->text[i]) {
            mofrt_xw_start(w, "VALUE");
            mofrt_xw_text(w, v->text[i]);
        } else {
            mofrt_xw_start(w, "VALUE.NULL");
        }
        mofrt_xw_end(w);
    }
    mofrt_xw_end(w);
}

/* QUALIFIER elements; inherited = the element itself is inherited, so
 * every qualifier on it is too, and a Restricted one (not ToSubclass) is
 * not inherited at all (DSP0004 5.6.1.2: the member's table is its
 * declaring class's). local_only drops inherited ones. */
static void quals(mofrt_xw *w, size_t n, const mofrt_qual_desc *q, bool inherited, bool local_only)
{
    for (size_t i = 0; i < n; i++) {
        bool prop = inherited || (q[i].flags & MOFRT_Q_PROPAGATED);
        if ((local_only && prop) || (inherited && (q[i].flags & MOFRT_Q_RESTRICTED)))
            continue;
        mofrt_xw_start(w, "QUALIFIER");
        mofrt_xw_attr(w, "NAME", q[i].name);
        mofrt_xw_attr(w, "TYPE", type_attr(q[i].type));
        if (prop)
            mofrt_xw_attr(w, "PROPAGATED", "true");
        mofrt_xw_attr(w, "OVERRIDABLE", q[i].flags & MOFRT_Q_DISABLE_OVERRIDE ? "false" : "true");
        mofrt_xw_attr(w, "TOSUBCLASS", q[i].flags & MOFRT_Q_RESTRICTED ? "false" : "true");
        if (q[i].flags & MOFRT_Q_TRANSLATABLE)
            mofrt_xw_attr(w, "TRANSLATABLE", "true");
        literal(w, &q[i].value, (q[i].flags & MOFRT_Q_ARRAY) != 0);
        mofrt_xw_end(w);
    }
}

/* The EmbeddedInstance qualifier of a class-typed member (WMI's `Class
 * Name` type) that has none of its own: CIM-XML can say it no other way. */
static void embedded_qual(mofrt_xw *w, mofrt_type t, const char *cls, size_t n, const mofrt_qual_desc *q)
{
    if (t != MOFRT_T_INSTANCE || !cls || find_qual(n, q, "EmbeddedInstance") || find_qual(n, q, "EmbeddedObject"))
        return;
    mofrt_xw_start(w, "QUALIFIER");
    mofrt_xw_attr(w, "NAME", "EmbeddedInstance");
    mofrt_xw_attr(w, "TYPE", "string");
    mofrt_xw_start(w, "VALUE");
    mofrt_xw_text(w, cls);
    mofrt_xw_end(w);
    mofrt_xw_end(w);
}

/* ARRAYSIZE of a fixed-size array (DSP0201 PROPERTY.ARRAY, PARAMETER.ARRAY). */
static void array_size(mofrt_xw *w, unsigned flags)
{
    unsigned n = MOFRT_ARRAYSIZE_OF(flags);
    if (!n || !(flags & MOFRT_F_ARRAY))
        return;
    char buf[8];
    snprintf(buf, sizeof buf, "%u", n);
    mofrt_xw_attr(w, "ARRAYSIZE", buf);
}

static void origin_attrs(mofrt_xw *w, const char *origin, bool inherited, bool include_origin)
{
    if (include_origin && origin)
        mofrt_xw_attr(w, "CLASSORIGIN", origin);
    if (inherited)
        mofrt_xw_attr(w, "PROPAGATED", "true");
}

static void property(mofrt_xw *w, const mofrt_class_desc *d, const mofrt_prop_desc *p, const mofsrv_class_opts *o)
{
    bool inherited = p->origin && !mofrt_name_eq(p->origin, d->name);
    bool array = (p->flags & MOFRT_F_ARRAY) != 0;
    const char *el = p->type == MOFRT_T_REFERENCE ? "PROPERTY.REFERENCE" : array ? "PROPERTY.ARRAY" : "PROPERTY";
    mofrt_xw_start(w, el);
    mofrt_xw_attr(w, "NAME", p->name);
    origin_attrs(w, p->origin, inherited, o->include_class_origin);   /* in `mofc export`'s order */
    if (p->type == MOFRT_T_REFERENCE) {
        if (p->ref_class)
            mofrt_xw_attr(w, "REFERENCECLASS", p->ref_class);
    } else {
        mofrt_xw_attr(w, "TYPE", type_attr(p->type));
        array_size(w, p->flags);
    }
    if (p->type == MOFRT_T_INSTANCE)   /* EmbeddedInstance("C") or a class as the type names C */
        mofrt_xw_attr(w, "EmbeddedObject", p->ref_class ? "instance" : "object");
    if (o->include_qualifiers) {
        quals(w, p->nquals, p->quals, inherited, false);
        embedded_qual(w, p->type, p->ref_class, p->nquals, p->quals);
    }
    if (p->type != MOFRT_T_REFERENCE)
        literal(w, &p->def, array);
    mofrt_xw_end(w);
}

static void parameter(mofrt_xw *w, const mofrt_param_desc *p, bool include_qualifiers)
{
    bool array = (p->flags & MOFRT_F_ARRAY) != 0;
    bool ref = p->type == MOFRT_T_REFERENCE;
    const char *el = ref ? (array ? "PARAMETER.REFARRAY" : "PARAMETER.REFERENCE")
                         : (array ? "PARAMETER.ARRAY" : "PARAMETER");
    mofrt_xw_start(w, el);
    mofrt_xw_attr(w, "NAME", p->name);
    if (!ref)
        mofrt_xw_attr(w, "TYPE", type_attr(p->type));
    else if (p->ref_class)
        mofrt_xw_attr(w, "REFERENCECLASS", p->ref_class);
    array_size(w, p->flags);
    if (include_qualifiers) {
        quals(w, p->nquals, p->quals, false, false);
        embedded_qual(w, p->type, p->ref_class, p->nquals, p->quals);
    }
    mofrt_xw_end(w);
}

static void method(mofrt_xw *w, const mofrt_class_desc *d, const mofrt_method_desc *m, const mofsrv_class_opts *o)
{
    bool inherited = m->origin && !mofrt_name_eq(m->origin, d->name);
    mofrt_xw_start(w, "METHOD");
    mofrt_xw_attr(w, "NAME", m->name);
    origin_attrs(w, m->origin, inherited, o->include_class_origin);
    if (m->ret_type != MOFRT_T_NONE)
        mofrt_xw_attr(w, "TYPE", type_attr(m->ret_type));
    if (o->include_qualifiers)
        quals(w, m->nquals, m->quals, inherited, false);
    for (size_t i = 0; i < m->nparams; i++)
        parameter(w, &m->params[i], o->include_qualifiers);
    mofrt_xw_end(w);
}

void mofsrv_desc_write_class(mofrt_xw *w, const mofrt_class_desc *d, const mofsrv_class_opts *o)
{
    mofrt_xw_start(w, "CLASS");
    mofrt_xw_attr(w, "NAME", d->name);
    if (d->superclass)
        mofrt_xw_attr(w, "SUPERCLASS", d->superclass);
    if (o->include_qualifiers)
        quals(w, d->nquals, d->quals, false, o->local_only);
    for (size_t i = 0; i < d->nprops; i++) {
        const mofrt_prop_desc *p = &d->props[i];
        if (o->local_only && p->origin && !mofrt_name_eq(p->origin, d->name))
            continue;
        if (mofrt_op_wants(o->props, p->name))
            property(w, d, p, o);
    }
    for (size_t i = 0; i < d->nmethods; i++) {
        const mofrt_method_desc *m = &d->methods[i];
        if (!(o->local_only && m->origin && !mofrt_name_eq(m->origin, d->name)))
            method(w, d, m, o);
    }
    mofrt_xw_end(w);
}
