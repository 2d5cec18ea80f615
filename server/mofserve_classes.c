/* mofserve: the checked model -> class descriptors (the shape mofc gen
 * emits as C tables, here built in memory): see mofserve_classes.h. The
 * descriptor of a class lists its inherited members too (GetClass with
 * LocalOnly=false shows them), so the member arrays cost the flattened
 * classes; what members share (names, qualifier tables, parameter tables,
 * Description texts) is built once, keyed by the model node it comes
 * from. */
#include "server/mofserve_classes.h"

#include <stdlib.h>
#include <string.h>

#include "codegen/export.h"
#include "common/ptr_map.h"
#include "common/strbuf.h"

typedef struct builder {
    arena *a;
    const schema_model *m;
    ptr_map strings;   /* model string -> its copy */
    ptr_map tables;    /* model_quals / model_feature (params) -> the built table */
} builder;

static const char *str(builder *b, const char *s)
{
    if (!s)
        return NULL;
    const char *have = ptr_map_get(&b->strings, s);
    if (!have) {
        have = arena_strdup(b->a, s);
        ptr_map_put(&b->strings, s, (void *)have);
    }
    return have;
}

static mofrt_type rt_type(mof_type t)
{
    switch (t) {
    case TYPE_BOOLEAN: return MOFRT_T_BOOLEAN;
    case TYPE_STRING: return MOFRT_T_STRING;
    case TYPE_CHAR16: return MOFRT_T_CHAR16;
    case TYPE_DATETIME: return MOFRT_T_DATETIME;
    case TYPE_UINT8: return MOFRT_T_UINT8;
    case TYPE_SINT8: return MOFRT_T_SINT8;
    case TYPE_UINT16: return MOFRT_T_UINT16;
    case TYPE_SINT16: return MOFRT_T_SINT16;
    case TYPE_UINT32: return MOFRT_T_UINT32;
    case TYPE_SINT32: return MOFRT_T_SINT32;
    case TYPE_UINT64: return MOFRT_T_UINT64;
    case TYPE_SINT64: return MOFRT_T_SINT64;
    case TYPE_REAL32: return MOFRT_T_REAL32;
    case TYPE_REAL64: return MOFRT_T_REAL64;
    case TYPE_REF: return MOFRT_T_REFERENCE;
    case TYPE_OBJECT: return MOFRT_T_INSTANCE;
    case TYPE_VOID:
    case TYPE_NONE: return MOFRT_T_NONE;
    default: return MOFRT_T_STRING;
    }
}

/* A member's runtime type: a string with EmbeddedInstance/EmbeddedObject
 * (or a class as its type) travels as an embedded instance. */
static mofrt_type member_type(mof_type t, const char *emb_name, bool emb_object)
{
    return t == TYPE_STRING && (emb_name || emb_object) ? MOFRT_T_INSTANCE : rt_type(t);
}

/* v as a literal: the text of each element (mofrt_literal); embedded: the
 * elements are embedded instances. No value: text NULL. */
static mofrt_literal literal(builder *b, const ast_value *v, bool embedded)
{
    mofrt_literal lit = { 0, NULL };
    if (!v || v->kind == VAL_NULL)
        return lit;
    size_t n = v->kind == VAL_ARRAY ? v->u.arr.n : 1;
    const char **text = arena_alloc(b->a, (n ? n : 1) * sizeof *text);
    strbuf t = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        const ast_value *e = v->kind == VAL_ARRAY ? v->u.arr.items[i] : v;
        t.len = 0;
        if (export_value_text(&t, b->m, e, embedded))
            text[i] = e->kind == VAL_STRING && !embedded ? str(b, e->u.str.s)
                                                         : arena_strndup(b->a, t.data ? t.data : "", t.len);
    }
    strbuf_free(&t);
    lit.count = n;
    lit.text = text;
    return lit;
}

/* The qualifier table of q, built once per model_quals; every qualifier
 * with its effective flavors (mofrt_qual_desc). */
static const mofrt_qual_desc *quals(builder *b, const model_quals *q)
{
    if (!q->n)
        return NULL;
    const mofrt_qual_desc *have = ptr_map_get(&b->tables, q);
    if (have)
        return have;
    mofrt_qual_desc *t = arena_alloc(b->a, q->n * sizeof *t);
    for (size_t i = 0; i < q->n; i++) {
        const model_qualifier *x = &q->items[i];
        const model_qualdecl *d = x->decl;
        unsigned f = 0;
        if (d && d->array)
            f |= MOFRT_Q_ARRAY;
        if (x->flavors & FL_DISABLE_OVERRIDE)
            f |= MOFRT_Q_DISABLE_OVERRIDE;
        if (!(x->flavors & FL_TO_SUBCLASS))
            f |= MOFRT_Q_RESTRICTED;
        if (x->flavors & FL_TRANSLATABLE)
            f |= MOFRT_Q_TRANSLATABLE;
        if (x->from)
            f |= MOFRT_Q_PROPAGATED;
        /* a boolean qualifier given without a value is true */
        static const ast_value true_value = { .kind = VAL_BOOL, .u.b = true };
        const ast_value *v = x->value ? x->value : (!d || d->type == TYPE_BOOLEAN) ? &true_value : NULL;
        t[i].name = str(b, d ? d->name : x->name);
        t[i].type = rt_type(d ? d->type : TYPE_BOOLEAN);
        t[i].flags = f;
        t[i].value = literal(b, v, false);
    }
    ptr_map_put(&b->tables, q, t);
    return t;
}

/* A fixed-size array's size in a member's flags (0 when variable, or
 * beyond what the flags hold: then GetClass says no ARRAYSIZE). */
static unsigned array_size(uint64_t n)
{
    return n <= 0xffffu ? MOFRT_F_ARRAYSIZE(n) : 0;
}

/* The parameter table of method f, built once (subclasses share it). */
static const mofrt_param_desc *params(builder *b, const model_feature *f)
{
    if (!f->nparams)
        return NULL;
    const mofrt_param_desc *have = ptr_map_get(&b->tables, f);
    if (have)
        return have;
    mofrt_param_desc *t = arena_alloc(b->a, f->nparams * sizeof *t);
    for (size_t i = 0; i < f->nparams; i++) {
        const model_param *p = &f->params[i];
        t[i].name = str(b, p->name);
        t[i].type = member_type(p->type, p->embedded_class_name, p->embedded_object);
        t[i].flags = (p->array ? MOFRT_F_ARRAY : 0) | (p->in ? MOFRT_F_IN : 0) | (p->out ? MOFRT_F_OUT : 0) |
                     (p->required ? MOFRT_F_REQUIRED : 0) | array_size(p->fixed_size);
        t[i].ref_class = str(b, p->type == TYPE_REF ? p->ref_class_name : p->embedded_class_name);
        t[i].nquals = p->quals.n;
        t[i].quals = quals(b, &p->quals);
    }
    ptr_map_put(&b->tables, f, t);
    return t;
}

static void property(builder *b, mofrt_prop_desc *p, const model_feature *f)
{
    bool emb = f->embedded_class_name || f->embedded_object || f->type == TYPE_OBJECT;
    p->name = str(b, f->name);
    p->type = member_type(f->type, f->embedded_class_name, f->embedded_object);
    p->flags = (f->array ? MOFRT_F_ARRAY : 0) | (f->key ? MOFRT_F_KEY : 0) | array_size(f->fixed_size);
    p->ref_class = str(b, f->kind == MF_REFERENCE ? f->ref_class_name : f->embedded_class_name);
    p->origin = str(b, f->origin->name);
    if (f->kind != MF_REFERENCE)
        p->def = literal(b, f->def, emb);
    p->nquals = f->quals.n;
    p->quals = quals(b, &f->quals);
}

static void method(builder *b, mofrt_method_desc *d, const model_feature *f)
{
    d->name = str(b, f->name);
    d->ret_type = member_type(f->type, f->embedded_class_name, f->embedded_object);
    d->nparams = f->nparams;
    d->params = params(b, f);
    d->origin = str(b, f->origin->name);
    d->flags = model_find_qualifier(&f->quals, "Static") ? MOFRT_M_STATIC : 0;
    d->nquals = f->quals.n;
    d->quals = quals(b, &f->quals);
}

static const mofrt_class_desc *class_desc(builder *b, const model_class *c)
{
    mofrt_class_desc *d = arena_alloc(b->a, sizeof *d);
    d->name = str(b, c->name);
    d->superclass = c->super && !c->super->system ? str(b, c->super->name) : NULL;
    d->flags = (c->abstract ? MOFRT_C_ABSTRACT : 0) | (c->association ? MOFRT_C_ASSOCIATION : 0) |
               (c->indication ? MOFRT_C_INDICATION : 0);
    d->nquals = c->quals.n;
    d->quals = quals(b, &c->quals);
    const model_feature **all = model_class_features(c);
    size_t np = 0, nm = 0;
    for (size_t i = 0; i < c->nfeatures; i++)
        all[i]->kind == MF_METHOD ? nm++ : np++;
    mofrt_prop_desc *props = np ? arena_alloc(b->a, np * sizeof *props) : NULL;
    mofrt_method_desc *methods = nm ? arena_alloc(b->a, nm * sizeof *methods) : NULL;
    for (size_t i = 0; i < c->nfeatures; i++) {
        if (all[i]->kind == MF_METHOD)
            method(b, &methods[d->nmethods++], all[i]);
        else
            property(b, &props[d->nprops++], all[i]);
    }
    free(all);
    d->props = props;
    d->methods = methods;
    return d;
}

int mofserve_classes_build(const schema_model *m, mofserve_classes *out, size_t *members)
{
    memset(out, 0, sizeof *out);
    *members = 0;
    for (size_t k = 0; k < m->nns; k++)
        for (size_t i = 0; i < m->ns[k]->nclasses; i++)
            if (!m->ns[k]->class_list[i]->system)
                *members += m->ns[k]->class_list[i]->nfeatures;
    if (*members > MOFSERVE_MAX_MEMBERS)
        return -1;
    arena_init(&out->a);
    builder b = { &out->a, m, PTR_MAP_INIT, PTR_MAP_INIT };
    size_t n = 0;
    for (size_t k = 0; k < m->nns; k++)
        n += m->ns[k]->nclasses;
    const mofrt_class_desc **descs = arena_alloc(&out->a, (n ? n : 1) * sizeof *descs);
    for (size_t k = 0; k < m->nns; k++)
        for (size_t i = 0; i < m->ns[k]->nclasses; i++)
            if (!m->ns[k]->class_list[i]->system)
                descs[out->n++] = class_desc(&b, m->ns[k]->class_list[i]);
    out->descs = descs;
    ptr_map_free(&b.strings);
    ptr_map_free(&b.tables);
    return 0;
}

void mofserve_classes_free(mofserve_classes *c)
{
    if (!c || !c->descs)
        return;
    arena_free(&c->a);
    memset(c, 0, sizeof *c);
}
