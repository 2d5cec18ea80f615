/* Checked model -> template tree. Every decision about the generated C
 * (names, field types, descriptor flags, enum constants, literals) is
 * made here, so that templates only lay text out. */
#include "codegen/gen_model.h"
#include "codegen/gen_meta.h"
#include "codegen/names.h"
#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

struct gm {
    mofc_ctx *ctx;
    arena *a;                 /* the strings of what is being built */
    arena *keep;              /* what lives as long as the tree: ctx's arena */
    arena scratch;            /* streamed: a; emptied after each class */
    tmpl_tree *t;
    name_table selected;      /* class name -> model_class, what is generated */
    ptr_map qual_tables;      /* feature -> its qualifier table's C name */
    gen_doc_cache docs;
    tmpl_value *tables;       /* qualifier tables, in order of first use */
    unsigned nq;              /* tables named so far */
    tmpl_value *class_stream; /* streamed: the root's classes and qual_tables */
    tmpl_value *table_stream;
    const schema_model *m;
    /* An inherited property is the same node in every subclass: built
     * once (strings in keep), shared by each class's list. */
    tmpl_tree *shared;        /* streamed: its own tree; else t */
    ptr_map inherited;        /* feature -> inherited_node */
};
typedef struct gm gm;

/* Sets key to s without a copy: every string of the model lives in g->a
 * (or is a literal, or the checked model's) at least as long as the tree. */
static void set_str(tmpl_value *obj, const char *key, const char *s)
{
    tmpl_object_set_string_ref(obj, key, s, strlen(s));
}

/* The qualifier table of q: a fresh name mofrt_q<N> (no MOF name can
 * collide with it). */
static void quals_of(gm *g, tmpl_value *obj, const model_quals *q, bool propagated_all)
{
    char num[24];
    c_decimal(num, false, g->nq++);
    const char *name = C_JOIN(g->a, "mofrt_q", num);
    gen_quals(g->a, obj, g->tables, name, q, propagated_all);
}

/* A feature's qualifiers: the table of the class that declares it when
 * that class is generated too (inherited features share it: every
 * qualifier of an inherited feature is propagated), else its own. */
static void feature_quals(gm *g, tmpl_value *obj, const model_class *c, const model_feature *f)
{
    const char *have = ptr_map_get(&g->qual_tables, f);
    if (have || !f->quals.n) {
        tmpl_object_set_number(obj, "nquals", (double)f->quals.n);
        set_str(obj, "quals", f->quals.n ? have : "NULL");
        return;
    }
    quals_of(g, obj, &f->quals, f->origin != c);
    if (f->origin == c)
        ptr_map_put(&g->qual_tables, f,
                    arena_strdup(g->keep, tmpl_value_string(tmpl_object_get(obj, "quals", 5), NULL)));
}

/* ---- types ---------------------------------------------------------------- */

typedef struct ctype_info { const char *rt, *field, *member, *ctype; } ctype_info;

static ctype_info type_info(mof_type t)
{
    switch (t) {
    case TYPE_BOOLEAN: return (ctype_info){"MOFRT_T_BOOLEAN", "mofrt_f_boolean", "boolean", "bool"};
    case TYPE_STRING: return (ctype_info){"MOFRT_T_STRING", "mofrt_f_string", "string", "char *"};
    case TYPE_CHAR16: return (ctype_info){"MOFRT_T_CHAR16", "mofrt_f_char16", "char16", "uint16_t"};
    case TYPE_DATETIME: return (ctype_info){"MOFRT_T_DATETIME", "mofrt_f_datetime", "datetime", "mofrt_datetime"};
    case TYPE_UINT8: return (ctype_info){"MOFRT_T_UINT8", "mofrt_f_uint8", "uint8", "uint8_t"};
    case TYPE_SINT8: return (ctype_info){"MOFRT_T_SINT8", "mofrt_f_sint8", "sint8", "int8_t"};
    case TYPE_UINT16: return (ctype_info){"MOFRT_T_UINT16", "mofrt_f_uint16", "uint16", "uint16_t"};
    case TYPE_SINT16: return (ctype_info){"MOFRT_T_SINT16", "mofrt_f_sint16", "sint16", "int16_t"};
    case TYPE_UINT32: return (ctype_info){"MOFRT_T_UINT32", "mofrt_f_uint32", "uint32", "uint32_t"};
    case TYPE_SINT32: return (ctype_info){"MOFRT_T_SINT32", "mofrt_f_sint32", "sint32", "int32_t"};
    case TYPE_UINT64: return (ctype_info){"MOFRT_T_UINT64", "mofrt_f_uint64", "uint64", "uint64_t"};
    case TYPE_SINT64: return (ctype_info){"MOFRT_T_SINT64", "mofrt_f_sint64", "sint64", "int64_t"};
    case TYPE_REAL32: return (ctype_info){"MOFRT_T_REAL32", "mofrt_f_real32", "real32", "float"};
    case TYPE_REAL64: return (ctype_info){"MOFRT_T_REAL64", "mofrt_f_real64", "real64", "double"};
    case TYPE_REF: return (ctype_info){"MOFRT_T_REFERENCE", "mofrt_f_ref", "ref", "mofrt_path *"};
    case TYPE_OBJECT: return (ctype_info){"MOFRT_T_INSTANCE", "mofrt_f_instance", "instance", "mofrt_emb"};
    default: return (ctype_info){"MOFRT_T_NONE", "mofrt_f_any", "", "void"};
    }
}

/* What a property or parameter becomes in C. */
typedef struct field_info {
    const char *field, *rt, *ref_lit, *emb, *flags;
} field_info;

static field_info field_of(gm *g, mof_type t, bool array, const char *ref_class,
                           const char *emb_name, const model_class *emb_class, bool emb_object,
                           unsigned extra_flags)
{
    ctype_info ti = type_info(t);
    field_info fi = {ti.field, ti.rt, "NULL", "NULL", NULL};
    if (t == TYPE_REF && ref_class)
        fi.ref_lit = c_string(g->a, ref_class);
    if (t == TYPE_STRING && (emb_name || emb_object)) {
        ti = type_info(TYPE_OBJECT);
        fi.field = ti.field;
        fi.rt = ti.rt;
        if (emb_name) {
            fi.ref_lit = c_string(g->a, emb_name);
            if (emb_class && names_get(&g->selected, emb_class->name) == emb_class)
                fi.emb = C_JOIN(g->a, "&", c_ident(g->a, emb_class->name), "_desc");
        }
    }
    if (array) {
        /* typed per element: mofrt_a_uint16, mofrt_a_ref, mofrt_a_instance, ... */
        fi.field = C_JOIN(g->a, "mofrt_a_", ti.member);
        extra_flags |= 1u;
    }
    static const char *const names[] = {"MOFRT_F_ARRAY", "MOFRT_F_KEY", "MOFRT_F_IN",
                                        "MOFRT_F_OUT", "MOFRT_F_REQUIRED"};
    char buf[128] = "";
    for (int i = 0; i < 5; i++)
        if (extra_flags & (1u << i)) {
            if (*buf)
                strcat(buf, " | ");
            strcat(buf, names[i]);
        }
    fi.flags = arena_strdup(g->a, *buf ? buf : "0");
    return fi;
}

enum { FLAG_ARRAY = 1, FLAG_KEY = 2, FLAG_IN = 4, FLAG_OUT = 8, FLAG_REQUIRED = 16 };

/* ---- enums from ValueMap/Values ----------------------------------------- */

static bool is_signed_type(mof_type t)
{
    return t == TYPE_SINT8 || t == TYPE_SINT16 || t == TYPE_SINT32 || t == TYPE_SINT64;
}

/* The decimal text of a value of type t (bits as stored). */
static const char *decimal(gm *g, mof_type t, uint64_t bits, size_t *len)
{
    char buf[24];
    bool neg = is_signed_type(t) && (int64_t)bits < 0;
    size_t n = c_decimal(buf, neg, neg ? (uint64_t)0 - bits : bits);
    if (len)
        *len = n;
    return arena_strndup(g->a, buf, n);
}

/* An integer constant expression of the element's C type. */
static const char *literal(gm *g, mof_type t, uint64_t bits)
{
    if (is_signed_type(t)) {
        int64_t v = (int64_t)bits;
        if (v == INT64_MIN)
            return "(-INT64_C(9223372036854775807) - 1)";
        if (t == TYPE_SINT32 && v == INT32_MIN)
            return "(-2147483647 - 1)";
        if (t == TYPE_SINT64)
            return C_JOIN(g->a, "INT64_C(", decimal(g, t, bits, NULL), ")");
        return decimal(g, t, bits, NULL);
    }
    if (t == TYPE_UINT64)
        return C_JOIN(g->a, "UINT64_C(", decimal(g, t, bits, NULL), ")");
    if (t == TYPE_UINT32)
        return C_JOIN(g->a, decimal(g, t, bits, NULL), "u");
    return decimal(g, t, bits, NULL);
}

static bool fits_int(mof_type t, uint64_t bits)
{
    if (is_signed_type(t))
        return (int64_t)bits >= INT32_MIN && (int64_t)bits <= INT32_MAX;
    return bits <= INT32_MAX;
}

static void add_const(gm *g, tmpl_value *consts, c_name_set *used, const char *name, mof_type t,
                      uint64_t v, bool *all_int)
{
    c_name_set_add(used, name);
    tmpl_value *c = tmpl_list_append_object(consts);
    set_str(c, "name", name);
    set_str(c, "value", literal(g, t, v));
    *all_int &= fits_int(t, v);
}

static const char *value_suffix(gm *g, mof_type t, uint64_t v)
{
    if (is_signed_type(t) && (int64_t)v < 0)
        return C_JOIN(g->a, "N", decimal(g, t, v, NULL) + 1);
    return decimal(g, t, v, NULL);
}

/* type: the enum type's name; prefix: what constants start with (the
 * type name, or <Class>_<Method> for return values). */
static void add_enum(gm *g, tmpl_value *enums, const model_valuemap *vm, const char *type,
                     const char *prefix, const char *what)
{
    if (!vm || !vm->n || vm->items[0].kind == VM_STRING)
        return;
    mof_type t = vm->type;
    bool sg;
    int64_t smin, smax;
    uint64_t umax;
    if (!int_type_range(t, &sg, &smin, &smax, &umax))
        return;
    size_t named = 0;   /* ".." alone gives no constant, and C has no empty enum */
    for (size_t i = 0; i < vm->n; i++)
        named += !(vm->items[i].kind == VM_RANGE && !vm->items[i].has_lo && !vm->items[i].has_hi);
    if (!named)
        return;
    uint64_t tmin = sg ? (uint64_t)smin : 0, tmax = sg ? (uint64_t)smax : umax;
    tmpl_value *e = tmpl_list_append_object(enums);
    set_str(e, "type", type);
    set_str(e, "ctype", type_info(t).ctype);
    set_str(e, "what", what);
    tmpl_value *consts = tmpl_object_set_list(e, "constants");
    tmpl_value *cases = tmpl_object_set_list(e, "cases");
    tmpl_value *ranges = tmpl_object_set_list(e, "ranges");
    bool all_int = true;
    const char *otherwise = "NULL";
    c_name_set used = {0};
    for (size_t i = 0; i < vm->n; i++) {
        const model_vm_entry *x = &vm->items[i];
        if (x->kind == VM_RANGE && !x->has_lo && !x->has_hi) {
            /* ".." names every other value: no constant, the last answer */
            otherwise = c_string(g->a, x->name ? x->name : x->text);
            continue;
        }
        const char *base = x->name ? c_constant(g->a, x->name) : c_constant(g->a, x->text);
        if (!*base)
            base = C_JOIN(g->a, "VALUE_", value_suffix(g, t, x->lo));
        const char *name = C_JOIN(g->a, prefix, "_", base);
        bool clash = x->kind == VM_VALUE
                         ? c_name_set_has(&used, name)
                         : c_name_set_has(&used, C_JOIN(g->a, name, "_FIRST")) ||
                               c_name_set_has(&used, C_JOIN(g->a, name, "_LAST"));
        if (clash)
            name = C_JOIN(g->a, name, "_", value_suffix(g, t, x->lo));
        const char *text = x->name ? c_string(g->a, x->name) : c_string(g->a, x->text);
        if (x->kind == VM_VALUE) {
            add_const(g, consts, &used, name, t, x->lo, &all_int);
            tmpl_value *c = tmpl_list_append_object(cases);
            set_str(c, "value", literal(g, t, x->lo));
            set_str(c, "text", text);
        } else {
            add_const(g, consts, &used, C_JOIN(g->a, name, "_FIRST"), t, x->lo, &all_int);
            add_const(g, consts, &used, C_JOIN(g->a, name, "_LAST"), t, x->hi, &all_int);
            /* No comparison that is always true (-Wtype-limits). */
            const char *lo = x->lo != tmin ? C_JOIN(g->a, "v >= ", literal(g, t, x->lo)) : NULL;
            const char *hi = x->hi != tmax ? C_JOIN(g->a, "v <= ", literal(g, t, x->hi)) : NULL;
            const char *cond = lo && hi ? C_JOIN(g->a, lo, " && ", hi) : lo ? lo : hi ? hi : "1";
            tmpl_value *r = tmpl_list_append_object(ranges);
            set_str(r, "cond", cond);
            set_str(r, "text", text);
        }
    }
    c_name_set_free(&used);
    tmpl_object_set_bool(e, "is_enum", all_int);
    set_str(e, "otherwise", otherwise);
    tmpl_object_set_bool(e, "has_cases", tmpl_value_count(cases) > 0);
}

/* ---- classes ------------------------------------------------------------- */

static void select_class(gm *g, const model_class *c)
{
    if (!c || c->system || names_get(&g->selected, c->name) == c)
        return;
    names_put(&g->selected, c->name, (void *)c);
    /* The superclass brings what its features name; what is left is what
     * this class's own features (new ones and overrides) name. */
    select_class(g, c->super);
    for (size_t i = 0; i < c->nown; i++) {
        const model_feature *f = c->own[i];
        select_class(g, f->ref_class);
        select_class(g, f->embedded_class);
        for (size_t k = 0; k < f->nparams; k++) {
            select_class(g, f->params[k].ref_class);
            select_class(g, f->params[k].embedded_class);
        }
    }
}

/* Fills p, a property of class c, and k (when not NULL), its key entry. */
static void fill_prop(gm *g, tmpl_value *p, tmpl_value *k, const model_class *c, const model_feature *f)
{
    unsigned flags = (f->array ? FLAG_ARRAY : 0) | (f->key ? FLAG_KEY : 0);
    field_info fi = field_of(g, f->type, f->array, f->ref_class_name, f->embedded_class_name,
                             f->embedded_class, f->embedded_object, flags);
    const char *cname = c_ident(g->a, f->name), *mname = c_string(g->a, f->name);
    const char *oname = c_string(g->a, f->origin->name);
    set_str(p, "c_name", cname);
    set_str(p, "mof_name", mname);
    set_str(p, "field_type", fi.field);
    set_str(p, "rt_type", fi.rt);
    set_str(p, "flags", fi.flags);
    set_str(p, "ref_class", fi.ref_lit);
    set_str(p, "embedded", fi.emb);
    set_str(p, "origin", c_ident(g->a, f->origin->name));
    tmpl_object_set_bool(p, "inherited", f->origin != c);
    tmpl_object_set_bool(p, "key", f->key);
    set_str(p, "origin_name", oname);
    set_str(p, "def", f->kind == MF_REFERENCE ? "{ 0, NULL }" : gen_literal(g->a, f->def, f->array));
    feature_quals(g, p, c, f);
    gen_doc(&g->docs, p, &f->quals);
    if (f->origin != c)
        tmpl_object_set_bool(p, "has_doc", false);   /* documented at the origin */
    if (k) {
        set_str(k, "c_name", cname);
        set_str(k, "mof_name", mname);
        set_str(k, "field_type", fi.field);
        set_str(k, "rt_type", fi.rt);
        set_str(k, "flags", fi.flags);
        set_str(k, "ref_class", fi.ref_lit);
        set_str(k, "origin_name", oname);
    }
}

typedef struct inherited_node {
    tmpl_value *prop, *key;   /* key: NULL for a property that is no key */
} inherited_node;

static void prop_node(gm *g, tmpl_value *props, tmpl_value *keys, const model_class *c,
                      const model_feature *f)
{
    /* Inherited, with its qualifier table named once (its origin is
     * generated too) or none: the same in every subclass. */
    bool same = f->origin != c && (!f->quals.n || ptr_map_get(&g->qual_tables, f));
    const inherited_node *in = same ? ptr_map_get(&g->inherited, f) : NULL;
    if (same && !in) {
        inherited_node *n = arena_alloc(g->keep, sizeof *n);
        arena *a = g->a;
        g->a = g->keep;
        n->prop = tmpl_new_object(g->shared);
        n->key = f->key ? tmpl_new_object(g->shared) : NULL;
        fill_prop(g, n->prop, n->key, c, f);
        g->a = a;
        ptr_map_put(&g->inherited, f, n);
        in = n;
    }
    if (in) {
        tmpl_list_append_shared(props, in->prop);
        if (in->key)
            tmpl_list_append_shared(keys, in->key);
        return;
    }
    fill_prop(g, tmpl_list_append_object(props), f->key ? tmpl_list_append_object(keys) : NULL, c, f);
}

static void method_node(gm *g, tmpl_value *methods, tmpl_value *enums, const model_class *c,
                        const model_feature *f)
{
    const char *cn = c_ident(g->a, c->name), *mn = c_ident_part(g->a, f->name);
    const char *on = c_ident(g->a, f->origin->name);
    tmpl_value *m = tmpl_list_append_object(methods);
    bool own = f->origin == c;
    set_str(m, "c_name", c_ident(g->a, f->name));
    set_str(m, "origin_name", c_string(g->a, f->origin->name));
    set_str(m, "mflags",
                           model_find_qualifier(&f->quals, "Static") ? "MOFRT_M_STATIC" : "0");
    bool is_static = model_find_qualifier(&f->quals, "Static") != NULL;
    tmpl_object_set_bool(m, "is_static", is_static);
    /* What a provider of this class can be asked: any method of a concrete
     * class, the static ones of an abstract class. */
    tmpl_object_set_bool(m, "callable", is_static || !c->abstract);
    set_str(m, "class_mof_name", c_string(g->a, c->name));
    feature_quals(g, m, c, f);
    gen_doc(&g->docs, m, &f->quals);
    if (!own)
        tmpl_object_set_bool(m, "has_doc", false);   /* documented at the origin */
    set_str(m, "mof_name", c_string(g->a, f->name));
    set_str(m, "prefix", C_JOIN(g->a, cn, "_", mn));
    set_str(m, "origin_prefix", C_JOIN(g->a, on, "_", mn));
    tmpl_object_set_bool(m, "own", own);
    bool is_void = f->type == TYPE_VOID || f->type == TYPE_NONE;
    ctype_info rt = type_info(f->type);
    if (f->type == TYPE_STRING && (f->embedded_class_name || f->embedded_object))
        rt = type_info(TYPE_OBJECT);
    tmpl_object_set_bool(m, "is_void", is_void);
    tmpl_object_set_number(m, "nparams", (double)f->nparams);
    set_str(m, "param_table",
                           !f->nparams ? "NULL" : own ? C_JOIN(g->a, cn, "_", mn, "_params")
                                                      : C_JOIN(g->a, on, "_", mn, "_params"));
    set_str(m, "ret_rt_type", is_void ? "MOFRT_T_NONE" : rt.rt);
    set_str(m, "ret_field_type", rt.field);
    set_str(m, "ret_member", rt.member);
    if (!own)
        return;
    tmpl_value *in = tmpl_object_set_list(m, "in_fields");
    tmpl_value *out = tmpl_object_set_list(m, "out_fields");
    tmpl_value *params = tmpl_object_set_list(m, "params");
    const char *prefix = C_JOIN(g->a, cn, "_", mn);
    for (size_t i = 0; i < f->nparams; i++) {
        const model_param *pa = &f->params[i];
        unsigned flags = (pa->array ? FLAG_ARRAY : 0) | (pa->in ? FLAG_IN : 0) |
                         (pa->out ? FLAG_OUT : 0) | (pa->required ? FLAG_REQUIRED : 0);
        field_info fi = field_of(g, pa->type, pa->array, pa->ref_class_name, pa->embedded_class_name,
                                 pa->embedded_class, pa->embedded_object, flags);
        const char *pn = c_ident(g->a, pa->name);
        tmpl_value *d = tmpl_list_append_object(params);
        quals_of(g, d, &pa->quals, false);
        set_str(d, "c_name", pn);
        set_str(d, "mof_name", c_string(g->a, pa->name));
        set_str(d, "rt_type", fi.rt);
        set_str(d, "flags", fi.flags);
        set_str(d, "in_offset",
                               pa->in ? C_JOIN(g->a, "offsetof(", prefix, "_In, ", pn, ")") : "0");
        set_str(d, "out_offset",
                               pa->out ? C_JOIN(g->a, "offsetof(", prefix, "_Out, ", pn, ")") : "0");
        set_str(d, "ref_class", fi.ref_lit);
        set_str(d, "embedded", fi.emb);
        tmpl_value *field = NULL;
        if (pa->in) {
            field = tmpl_list_append_object(in);
            set_str(field, "c_name", pn);
            set_str(field, "field_type", fi.field);
        }
        if (pa->out) {
            field = tmpl_list_append_object(out);
            set_str(field, "c_name", pn);
            set_str(field, "field_type", fi.field);
        }
        const char *pp = c_ident_part(g->a, pa->name);
        add_enum(g, enums, pa->vmap, C_JOIN(g->a, prefix, "_", pp),
                 C_JOIN(g->a, prefix, "_", pp),
                 C_JOIN(g->a, "parameter ", pa->name, " of ", c->name, ".", f->name));
    }
    tmpl_object_set_bool(m, "has_in", tmpl_value_count(in) > 0);
    tmpl_object_set_bool(m, "has_out", tmpl_value_count(out) > 0);
    tmpl_object_set_bool(m, "has_params", tmpl_value_count(params) > 0);
    add_enum(g, enums, f->vmap, C_JOIN(g->a, prefix, "_Result"), prefix,
             C_JOIN(g->a, "return value of ", c->name, ".", f->name));
}

static void class_node(gm *g, tmpl_value *classes, const model_class *c)
{
    const char *cn = c_ident(g->a, c->name);
    tmpl_value *o = tmpl_list_append_object(classes);
    set_str(o, "struct", cn);
    set_str(o, "mof_name", c_string(g->a, c->name));
    set_str(o, "namespace", c->ns->name);
    set_str(o, "super", c->super && !c->super->system ? c_string(g->a, c->super->name) : "NULL");
    tmpl_value *props = tmpl_object_set_list(o, "properties");
    tmpl_value *keys = tmpl_object_set_list(o, "keys");
    tmpl_value *methods = tmpl_object_set_list(o, "methods");
    tmpl_value *enums = tmpl_object_set_list(o, "enums");
    const model_feature **all = model_class_features(c);
    const char *cflags = c->association ? "MOFRT_C_ASSOCIATION" : c->indication ? "MOFRT_C_INDICATION" : NULL;
    if (c->abstract)
        cflags = cflags ? C_JOIN(g->a, "MOFRT_C_ABSTRACT | ", cflags) : "MOFRT_C_ABSTRACT";
    set_str(o, "class_flags", cflags ? cflags : "0");
    tmpl_object_set_bool(o, "association", c->association);
    /* Instance operations for classes that can have instances. */
    tmpl_object_set_bool(o, "instances", !c->abstract);
    quals_of(g, o, &c->quals, false);
    gen_doc(&g->docs, o, &c->quals);
    for (size_t i = 0; i < c->nfeatures; i++) {
        const model_feature *f = all[i];
        if (f->kind == MF_METHOD) {
            method_node(g, methods, enums, c, f);
        } else {
            prop_node(g, props, keys, c, f);
            if (f->origin == c)
                add_enum(g, enums, f->vmap, C_JOIN(g->a, cn, "_", c_ident_part(g->a, f->name)),
                         C_JOIN(g->a, cn, "_", c_ident_part(g->a, f->name)),
                         C_JOIN(g->a, "property ", c->name, ".", f->name));
        }
    }
    free(all);
    size_t nk = tmpl_value_count(keys);
    tmpl_object_set_bool(o, "has_keys", nk > 0);
    tmpl_object_set_number(o, "nkeys", (double)nk);
    set_str(o, "keys_table", nk ? C_JOIN(g->a, cn, "_keys_props") : "NULL");
    size_t np = tmpl_value_count(props), nm = tmpl_value_count(methods);
    tmpl_object_set_bool(o, "has_properties", np > 0);
    tmpl_object_set_bool(o, "has_methods", nm > 0);
    tmpl_object_set_number(o, "nprops", (double)np);
    tmpl_object_set_number(o, "nmethods", (double)nm);
    set_str(o, "props_table", np ? C_JOIN(g->a, cn, "_props") : "NULL");
    set_str(o, "methods_table", nm ? C_JOIN(g->a, cn, "_methods") : "NULL");
}

/* Selects the classes to generate and builds the root (everything but
 * the classes and qualifier tables); false when nothing can be generated. */
static bool start(gm *g, mofc_ctx *ctx, const schema_model *m, const gen_request *req, bool streamed)
{
    *g = (gm){.ctx = ctx, .a = &ctx->arena, .keep = &ctx->arena, .t = tmpl_tree_new(), .m = m};
    g->shared = streamed ? tmpl_tree_new() : g->t;
    arena_init(&g->scratch);
    names_init(&g->selected);
    g->docs.keep = g->keep;
    mof_span none = {0, 0, 0};
    if (req->nclasses) {
        for (size_t i = 0; i < req->nclasses; i++) {
            const model_class *c = NULL;
            for (size_t n = 0; n < m->nns && !c; n++)
                c = model_find_class(m->ns[n], req->classes[i]);
            if (!c || c->system)
                diag_report(&ctx->diag, DIAG_GEN_UNKNOWN_CLASS, none,
                            "--class '%s' names no class of the input", req->classes[i]);
            select_class(g, c);
        }
    } else {
        for (size_t n = 0; n < m->nns; n++)
            for (size_t i = 0; i < m->ns[n]->nclasses; i++) {
                const model_class *c = m->ns[n]->class_list[i];
                const model_class *other = names_get(&g->selected, c->name);
                if (other && other != c && !c->system) {
                    diagnostic *d = diag_report(&ctx->diag, DIAG_GEN_NAME_CLASH, c->span,
                                                "class '%s' of namespace '%s' has the same C name as "
                                                "'%s' of '%s' (generate one with --class)",
                                                c->name, c->ns->name, other->name, other->ns->name);
                    diag_add_note(&ctx->diag, d, other->span, "the other class is here");
                    continue;
                }
                select_class(g, c);
            }
    }
    tmpl_value *root = tmpl_new_object(g->t);
    tmpl_tree_set_root(g->t, root);
    set_str(root, "name", req->name);
    char *guard = C_JOIN(g->a, req->name, "_H");
    for (char *p = guard; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 32);
    set_str(root, "guard", guard);
    set_str(root, "version", MOFC_VERSION);
    tmpl_value *inputs = tmpl_object_set_list(root, "inputs");
    for (size_t i = 0; i < req->ninputs; i++)
        tmpl_list_append_string(inputs, req->inputs[i]);
    if (streamed) {
        g->table_stream = tmpl_object_set_stream(root, "qual_tables");
        g->class_stream = tmpl_object_set_stream(root, "classes");
    } else {
        g->tables = tmpl_object_set_list(root, "qual_tables");
    }
    if (ctx->diag.errors || tmpl_tree_failed(g->t))
        return false;
    return true;
}

static void finish(gm *g)
{
    names_free(&g->selected);
    ptr_map_free(&g->qual_tables);
    ptr_map_free(&g->docs.wrapped);
    ptr_map_free(&g->inherited);
    arena_free(&g->scratch);
    if (g->shared != g->t)
        tmpl_tree_free(g->shared);
    g->shared = NULL;
}

/* Calls each(g, c, user) for every class to generate, in declaration
 * order, namespace by namespace: superclasses come first. */
static bool each_class(gm *g, bool (*each)(gm *, const model_class *, void *), void *user)
{
    const schema_model *m = g->m;
    for (size_t n = 0; n < m->nns; n++)
        for (size_t i = 0; i < m->ns[n]->nclasses; i++) {
            const model_class *c = m->ns[n]->class_list[i];
            if (names_get(&g->selected, c->name) == c && !each(g, c, user))
                return false;
        }
    return true;
}

static bool count_class(gm *g, const model_class *c, void *user)
{
    (void)g;
    (void)c;
    ++*(size_t *)user;
    return true;
}

static bool build_class(gm *g, const model_class *c, void *classes)
{
    class_node(g, classes, c);
    return true;
}

tmpl_tree *gen_model_build(mofc_ctx *ctx, const schema_model *m, const gen_request *req)
{
    gm gg, *g = &gg;
    if (!start(g, ctx, m, req, false)) {
        finish(g);
        tmpl_tree_free(g->t);
        return NULL;
    }
    tmpl_value *root = tmpl_tree_root(g->t);
    tmpl_value *classes = tmpl_object_set_list(root, "classes");
    each_class(g, build_class, classes);
    tmpl_object_set_number(root, "nclasses", (double)tmpl_value_count(classes));
    finish(g);
    if (tmpl_tree_failed(g->t)) {
        tmpl_tree_free(g->t);
        return NULL;
    }
    return g->t;
}

gm *gen_model_start(mofc_ctx *ctx, const schema_model *m, const gen_request *req)
{
    gm *g = malloc(sizeof *g);
    if (!g)
        return NULL;
    if (!start(g, ctx, m, req, true)) {
        gen_model_free(g);
        return NULL;
    }
    size_t n = 0;
    each_class(g, count_class, &n);
    tmpl_object_set_number(tmpl_tree_root(g->t), "nclasses", (double)n);
    return g;
}

const tmpl_value *gen_model_root(const gm *g) { return tmpl_tree_root(g->t); }

/* One class: built apart, its qualifier tables and then itself pushed to
 * the streams, and everything built for it freed. */
static bool stream_class(gm *g, const model_class *c, void *err)
{
    tmpl_tree *t = tmpl_tree_new();
    tmpl_value *holder = tmpl_new_object(t);
    tmpl_value *classes = tmpl_object_set_list(holder, "classes");
    g->tables = tmpl_object_set_list(holder, "qual_tables");
    g->a = &g->scratch;
    class_node(g, classes, c);
    bool ok = !tmpl_tree_failed(t) && !tmpl_tree_failed(g->shared);
    if (!ok) {
        memset(err, 0, sizeof(tmpl_error));
        snprintf(((tmpl_error *)err)->message, sizeof ((tmpl_error *)err)->message, "out of memory");
    }
    for (const tmpl_member *q = tmpl_value_first(g->tables); q && ok; q = tmpl_member_next(q))
        ok = tmpl_stream_push(g->table_stream, tmpl_member_value(q), err);
    if (ok)
        ok = tmpl_stream_push(g->class_stream, tmpl_member_value(tmpl_value_first(classes)), err);
    g->tables = NULL;
    g->a = g->keep;
    tmpl_tree_free(t);
    arena_free(&g->scratch);
    return ok;
}

bool gen_model_stream(gm *g, tmpl_error *err)
{
    return each_class(g, stream_class, err);
}

void gen_model_free(gm *g)
{
    if (!g)
        return;
    finish(g);
    tmpl_tree_free(g->t);
    free(g);
}
