/* Checked model -> template tree. Every decision about the generated C
 * (names, field types, descriptor flags, enum constants, literals) is
 * made here, so that templates only lay text out. */
#include "codegen/gen_model.h"
#include "codegen/gen_enum.h"
#include "codegen/gen_meta.h"
#include "codegen/gen_pipe.h"
#include "codegen/names.h"
#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

struct gm {
    mofc_ctx *ctx;
    arena *a;                 /* the strings of what is being built */
    arena *keep;              /* what lives as long as the tree: ctx's arena */
    arena scratch;            /* find_related's */
    diag_sink *diag;          /* where C name clashes go: ctx's, or the slot's (gen_pipe.h) */
    gen_slot *slot;           /* streamed: the slot being built into */
    tmpl_tree *t;
    name_table selected;      /* class name -> model_class, what is generated */
    ptr_map qual_tables;      /* feature -> its qualifier table's C name */
    gen_doc_cache docs;
    tmpl_value *tables;       /* the qual_tables of the class being built */
    unsigned nq;              /* tables named so far */
    tmpl_value *class_stream; /* streamed: the root's classes */
    const schema_model *m;
    /* An inherited property is the same node in every subclass: built
     * once (strings in keep), shared by each class's list. */
    tmpl_tree *shared;        /* streamed: its own tree; else t */
    gen_slot one;             /* streamed on one thread: the class being built */
    ptr_map inherited;        /* feature -> inherited_node */
    c_name_set cnames;        /* the names of related classes and the module -> c_owner */
    c_name_set class_cnames;  /* the names of the class being built, after its C name -> c_owner */
    c_name_set class_suffixes; /* the suffixes of class_names -> their entry */
    size_t cn_len;            /* strlen of the C name of the class being built */
    const char *cur_cn, *cur_lit; /* its C name and name literal (in a) */
    c_name_set fields, ops;   /* its struct's and its _ops' members */
    c_name_set in_members, out_members;   /* a method's In and Out members */
    arena names;              /* class_cnames' names and owners: emptied after each class */
    ptr_map related;          /* class -> non-NULL: its names can equal another class's */
    ptr_map requested;        /* with --class: class -> non-NULL for those it names */
    ptr_map idents_same;      /* class -> idents_same's answer (&yes or &no) */
    bool all_provided;        /* no --class: the module serves every class */
    bool cur_related;         /* the class being built is */
    pthread_mutex_t *ctx_lock; /* rendering on another thread: held while building */
    struct c_owner_key { const void *c, *f, *pa; } clashed;   /* the last one reported */
};
typedef struct gm gm;

/* Sets key to s without a copy: every string of the model lives in g->a
 * (or is a literal, or the checked model's) at least as long as the tree. */
static void set_str(tmpl_value *obj, const char *key, const char *s)
{
    tmpl_object_set_string_ref(obj, key, s, strlen(s));
}

/* ---- The objects of the model --------------------------------------------
 * Each kind of object has a fixed set of keys (docs/templates.md), made as
 * a shape and filled by position: setting each key by name hashed and
 * looked it up in every object, most of the cost of building. The keys in
 * the order the objects hold them (that of the --dump JSON). */
#define CLASS_KEYS(X, P)                                                                          \
    X(P, struct) X(P, mof_name) X(P, namespace) X(P, super) X(P, qual_tables) X(P, properties)    \
    X(P, keys) X(P, methods) X(P, enums) X(P, class_flags) X(P, association) X(P, instances)     \
    X(P, provided) X(P, nquals) X(P, quals) X(P, doc) X(P, has_doc) X(P, has_keys) X(P, nkeys)   \
    X(P, keys_table) X(P, has_properties) X(P, has_methods) X(P, nprops) X(P, nmethods)          \
    X(P, props_table) X(P, methods_table)
/* A property and its key entry start alike (set_field sets those keys). */
#define FIELD_KEYS(X, P)                                                                          \
    X(P, c_name) X(P, mof_name) X(P, field_type) X(P, rt_type) X(P, flags) X(P, ref_class)
#define PROP_KEYS(X, P)                                                                           \
    FIELD_KEYS(X, P) X(P, embedded) X(P, origin) X(P, inherited) X(P, key) X(P, origin_name)     \
    X(P, def) X(P, nquals) X(P, quals) X(P, doc) X(P, has_doc)
#define KEY_KEYS(X, P) FIELD_KEYS(X, P) X(P, origin_name)
/* A method, and one of its class's own with what describes its parameters. */
#define METHOD_KEYS(X, P)                                                                         \
    X(P, c_name) X(P, origin_name) X(P, mflags) X(P, is_static) X(P, callable)                   \
    X(P, class_mof_name) X(P, nquals) X(P, quals) X(P, doc) X(P, has_doc) X(P, mof_name)         \
    X(P, prefix) X(P, origin_prefix) X(P, own) X(P, is_void) X(P, nparams) X(P, param_table)     \
    X(P, ret_rt_type) X(P, ret_field_type) X(P, ret_member)
#define OWN_METHOD_KEYS(X, P)                                                                     \
    METHOD_KEYS(X, P) X(P, in_fields) X(P, out_fields) X(P, params) X(P, has_in) X(P, has_out)   \
    X(P, has_params)
#define PARAM_KEYS(X, P)                                                                          \
    X(P, nquals) X(P, quals) X(P, c_name) X(P, mof_name) X(P, rt_type) X(P, flags)               \
    X(P, in_offset) X(P, out_offset) X(P, ref_class) X(P, embedded)
#define MEMBER_KEYS(X, P) X(P, c_name) X(P, field_type)
TMPL_DECLARE_SHAPE(class_shape, CLASS_KEYS, CL_);
TMPL_DECLARE_SHAPE(prop_shape, PROP_KEYS, PR_);
TMPL_DECLARE_SHAPE(key_shape, KEY_KEYS, KE_);
TMPL_DECLARE_SHAPE(method_shape, METHOD_KEYS, ME_);
TMPL_DECLARE_SHAPE(own_method_shape, OWN_METHOD_KEYS, OM_);
TMPL_DECLARE_SHAPE(param_shape, PARAM_KEYS, PA_);
TMPL_DECLARE_SHAPE(member_shape, MEMBER_KEYS, MB_);
/* gen_quals_ref and gen_doc set a pair of keys from the first's position. */
_Static_assert(CL_quals == CL_nquals + 1 && PR_quals == PR_nquals + 1 &&
                   ME_quals == ME_nquals + 1 && PA_quals == PA_nquals + 1,
               "quals follows nquals");
_Static_assert(CL_has_doc == CL_doc + 1 && PR_has_doc == PR_doc + 1 && ME_has_doc == ME_doc + 1,
               "has_doc follows doc");

/* Sets key i of o (a shaped object) to s, without a copy (see set_str). */
static void put_str(tmpl_value *o, size_t i, const char *s)
{
    tmpl_shaped_set_string_ref(o, i, s, strlen(s));
}

/* ---- C name clashes --------------------------------------------------------
 * Every file-scope name the bundled templates declare (types, functions,
 * tables, enum constants) is claimed here, so that a schema whose names
 * make two of them equal (class KW_A_keys beside class KW_A, a Values text
 * "X" of KW_A.ops beside class KW_A_ops_X) is MOF3002, not C that fails to
 * compile. Every such name is the class's C name or starts with it and
 * '_' (the module's: --name and '_'), so names of two classes can only be
 * equal when one class's C name is the other's, '_' and more: those classes
 * are "related" (found once, by the prefixes of each name) and only their
 * names are kept for the whole run; the others' are checked within their
 * class and dropped with it. Linear: one hash insert a name. */

/* What a generated C name was made for. */
typedef struct c_owner {
    const model_class *c;      /* NULL: the module (--name) */
    const model_feature *f;    /* the property or method, or NULL */
    const model_param *pa;     /* the parameter, or NULL */
    const char *kind;          /* "struct", "enum constant", ... */
} c_owner;

static const char *describe(gm *g, const c_owner *o)
{
    arena *a = &g->ctx->arena;
    if (!o->c)
        return arena_printf(a, "the %s", o->kind);
    if (o->pa)
        return arena_printf(a, "the %s of parameter %s of %s.%s", o->kind, o->pa->name, o->c->name,
                            o->f->name);
    if (o->f)
        return arena_printf(a, "the %s of %s.%s", o->kind, o->c->name, o->f->name);
    return arena_printf(a, "the %s of class %s", o->kind, o->c->name);
}

static mof_span owner_span(const c_owner *o)
{
    mof_span none = {0, 0, 0};
    return o->pa ? o->pa->span : o->f ? o->f->span : o->c ? o->c->span : none;
}

/* Reports the first clash of each MOF element (a class whose name clashes
 * clashes with a dozen of the other's names: one error says it). */
static void report_clash(gm *g, const c_owner *o, const c_owner *prev, const char *name,
                         const char *hint)
{
    if (o->c == g->clashed.c && o->f == g->clashed.f && o->pa == g->clashed.pa)
        return;
    g->clashed = (struct c_owner_key){o->c, o->f, o->pa};
    diagnostic *d = diag_report(g->diag, DIAG_GEN_NAME_CLASH, owner_span(o),
                                "the C name '%s' of %s is also %s: %s", name, describe(g, o),
                                describe(g, prev), hint);
    if (prev->c)
        diag_add_note(g->diag, d, owner_span(prev), "%s is declared here",
                      prev->pa ? prev->pa->name : prev->f ? prev->f->name : prev->c->name);
}

static c_owner *owner_in(arena *a, c_owner base, const char *kind)
{
    c_owner *o = arena_alloc(a, sizeof *o);
    *o = base;
    o->kind = kind;
    return o;
}

/* The names every class has (its C name and a suffix), in the bundled
 * templates. */
typedef struct class_name { const char *suffix, *kind; } class_name;
static const class_name class_names[] = {
    {"", "struct"}, {"_desc", "descriptor"}, {"_keys", "keys struct"},
    {"_keys_desc", "keys descriptor"}, {"_init", "init function"}, {"_clear", "clear function"},
    {"_keys_clear", "keys clear function"}, {"_keys_to_path", "keys_to_path function"},
    {"_keys_from_path", "keys_from_path function"}, {"_path", "path function"},
    {"_post", "post function"}, {"_ops", "ops struct"}, {"_provider", "provider function"},
    {"_PROVIDER", "PROVIDER macro"}, {"_props", "property table"},
    {"_keys_props", "key property table"}, {"_methods", "method table"},
    {"_ithunk", "instance thunk"}, {"_ops_impl", "skeleton ops"},
    {"_get_instance_impl", "skeleton function"}, {"_enumerate_instances_impl", "skeleton function"},
    {"_create_instance_impl", "skeleton function"}, {"_modify_instance_impl", "skeleton function"},
    {"_delete_instance_impl", "skeleton function"},
};

/* Claims the file-scope name for base's element with the given kind. A
 * class's names all start with its C name (g->cn_len bytes): within the
 * class they are told apart by the rest, and the names every class has
 * (class_names) are found by that rest in a set made once, not put in
 * the class's set each time. */
static void claim(gm *g, c_owner base, const char *kind, const char *name)
{
    const c_owner *prev = NULL;
    if (base.c) {
        const char *tail = name + g->cn_len;
        const class_name *fixed = c_name_set_get(&g->class_suffixes, tail);
        prev = fixed ? owner_in(&g->names, (c_owner){base.c, NULL, NULL, NULL}, fixed->kind)
                     : c_name_set_put(&g->class_cnames, tail, owner_in(&g->names, base, kind));
    }
    if (!prev && (g->cur_related || !base.c))
        prev = c_name_set_put(&g->cnames, arena_strdup(g->keep, name), owner_in(g->keep, base, kind));
    if (prev)
        report_clash(g, owner_in(&g->names, base, kind), prev, name,
                     prev->c == base.c ? "rename one" : "rename one, or generate one with --class");
}

static void claim_suffixed(gm *g, c_owner base, const char *kind, const char *stem, const char *suffix)
{
    size_t n = strlen(stem), k = strlen(suffix);
    char *name = arena_alloc_raw(&g->names, n + k + 1);
    memcpy(name, stem, n);
    memcpy(name + n, suffix, k + 1);
    claim(g, base, kind, name);
}

/* Marks the selected classes whose C names can give equal generated names
 * (see above): X and X_Y, and any class whose name starts with --name and
 * '_'. Costs the length of the names. */
static void find_related(gm *g, const char *module)
{
    c_name_set stems = {0};
    arena *a = &g->scratch;
    struct stem { const model_class *c; char *cn; } *all = NULL;
    size_t n = 0, cap = 0;
    for (size_t ns = 0; ns < g->m->nns; ns++)
        for (size_t i = 0; i < g->m->ns[ns]->nclasses; i++) {
            const model_class *c = g->m->ns[ns]->class_list[i];
            if (names_get(&g->selected, c->name) != c)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                struct stem *grown = realloc(all, cap * sizeof *all);
                if (!grown) {
                    fputs("mofc: out of memory\n", stderr);
                    abort();
                }
                all = grown;
            }
            all[n] = (struct stem){c, arena_strdup(a, c_ident(a, c->name))};
            c_name_set_put(&stems, all[n].cn, c);
            n++;
        }
    for (size_t i = 0; i < n; i++)
        for (char *p = all[i].cn + 1; *p; p++) {
            if (*p != '_')
                continue;
            *p = 0;
            const model_class *other = c_name_set_get(&stems, all[i].cn);
            if (other)
                ptr_map_put(&g->related, other, (void *)other);
            if (other || !strcmp(all[i].cn, module))
                ptr_map_put(&g->related, all[i].c, (void *)all[i].c);
            *p = '_';
        }
    free(all);
    c_name_set_free(&stems);
    arena_free(a);
}

/* Members of one generated struct: a clash is two MOF names that became
 * one C name (a keyword's '_': "for" and "for_"), or a MOF name that is
 * one of the struct's own members. */
static void claim_member(gm *g, c_name_set *members, c_owner base, const char *kind,
                         const char *name, const char *in, const char *in_suffix)
{
    c_owner *o = owner_in(&g->names, base, kind);
    const c_owner *prev = c_name_set_put(members, name, o);
    if (prev)
        report_clash(g, o, prev, C_JOIN(g->a, in, in_suffix, ".", name), "rename it");
}

/* The qualifier table of q: a fresh name mofrt_q<N> (no MOF name can
 * collide with it), set as `nquals` and `quals` at positions at, at + 1
 * of obj; returns the name. */
static const char *quals_of(gm *g, tmpl_value *obj, size_t at, const model_quals *q,
                            bool propagated_all)
{
    char num[24];
    c_decimal(num, false, g->nq++);
    const char *name = C_JOIN(g->a, "mofrt_q", num);
    gen_quals_ref(obj, at, name, q);
    if (q->n && g->slot)
        gen_slot_table(g->slot, name, q, propagated_all);   /* made when it is pushed */
    else if (q->n)
        gen_qual_table(g->a, g->tables, name, q, propagated_all);
    return name;
}

/* A feature's qualifiers (at positions at, at + 1 of obj, as quals_of):
 * the table of the class that declares it when that class is generated too
 * (inherited features share it: every qualifier of an inherited feature is
 * propagated), else its own. */
static void feature_quals(gm *g, tmpl_value *obj, size_t at, const model_class *c,
                          const model_feature *f)
{
    const char *have = ptr_map_get(&g->qual_tables, f);
    if (have || !f->quals.n) {
        gen_quals_ref(obj, at, have, &f->quals);
        return;
    }
    const char *name = quals_of(g, obj, at, &f->quals, f->origin != c);
    if (f->origin == c)
        ptr_map_put(&g->qual_tables, f, arena_strdup(g->keep, name));
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

/* A fixed-size array's size joined to its flags (MOFRT_F_ARRAYSIZE, which
 * holds up to 65535; GetClass answers it as ARRAYSIZE); flags as they are
 * otherwise, so output without such arrays does not change. */
static const char *with_array_size(gm *g, const char *flags, uint64_t n)
{
    if (!n || n > 0xffffu)
        return flags;
    char num[24];
    c_decimal(num, false, n);
    return C_JOIN(g->a, flags, " | MOFRT_F_ARRAYSIZE(", num, ")");
}

/* ---- enums from ValueMap/Values ----------------------------------------- */

static bool is_negative(mof_type t, uint64_t v)
{
    return (t == TYPE_SINT8 || t == TYPE_SINT16 || t == TYPE_SINT32 || t == TYPE_SINT64) &&
           (int64_t)v < 0;
}

static void add_const(gm *g, c_owner own, c_name_set *used, const char *name)
{
    c_name_set_add(used, name);
    claim(g, own, "ValueMap constant", name);
}

static const char *value_suffix(gm *g, mof_type t, uint64_t v)
{
    if (is_negative(t, v))
        return C_JOIN(g->a, "N", gen_enum_decimal(g->a, t, v) + 1);
    return gen_enum_decimal(g->a, t, v);
}

/* Whether vm gives an enum: callers build its names only then. */
static bool has_enum(const model_valuemap *vm)
{
    return vm && vm->n && vm->items[0].kind != VM_STRING;
}

/* type: the enum type's name; prefix: what constants start with (the
 * type name, or <Class>_<Method> for return values). The constants are
 * named (and claimed) here; their values, cases and ranges are made by
 * gen_enum_fill, when the class is pushed when it is streamed. */
static void add_enum(gm *g, c_owner own, tmpl_value *enums, const model_valuemap *vm,
                     const char *type, const char *prefix, const char *what)
{
    if (!has_enum(vm))
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
    claim(g, own, "ValueMap type", type);
    claim_suffixed(g, own, "ValueMap function", type, "_to_string");
    gen_enum e = {gen_enum_append(enums), vm, type, type_info(t).ctype, what,
                  arena_alloc(g->a, 2 * vm->n * sizeof *e.names)};
    c_name_set used = {0};
    for (size_t i = 0; i < vm->n; i++) {
        const model_vm_entry *x = &vm->items[i];
        e.names[2 * i] = e.names[2 * i + 1] = NULL;
        if (x->kind == VM_RANGE && !x->has_lo && !x->has_hi)
            continue;
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
        if (x->kind == VM_VALUE) {
            add_const(g, own, &used, name);
            e.names[2 * i] = name;
        } else {
            e.names[2 * i] = C_JOIN(g->a, name, "_FIRST");
            e.names[2 * i + 1] = C_JOIN(g->a, name, "_LAST");
            add_const(g, own, &used, e.names[2 * i]);
            add_const(g, own, &used, e.names[2 * i + 1]);
        }
    }
    c_name_set_free(&used);
    if (g->slot)
        gen_slot_enum(g->slot, &e);   /* filled when it is pushed */
    else
        gen_enum_fill(g->a, &e);
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

/* The keys a property's node and its key entry share (FIELD_KEYS: the
 * same positions in either). */
static void set_field(tmpl_value *o, const char *cname, const char *mname, const field_info *fi)
{
    put_str(o, PR_c_name, cname);
    put_str(o, PR_mof_name, mname);
    put_str(o, PR_field_type, fi->field);
    put_str(o, PR_rt_type, fi->rt);
    put_str(o, PR_flags, fi->flags);
    put_str(o, PR_ref_class, fi->ref_lit);
}

/* Fills p, a property of class c, and k (when not NULL), its key entry. */
static void fill_prop(gm *g, tmpl_value *p, tmpl_value *k, const model_class *c, const model_feature *f)
{
    unsigned flags = (f->array ? FLAG_ARRAY : 0) | (f->key ? FLAG_KEY : 0);
    field_info fi = field_of(g, f->type, f->array, f->ref_class_name, f->embedded_class_name,
                             f->embedded_class, f->embedded_object, flags);
    fi.flags = with_array_size(g, fi.flags, f->fixed_size);
    const char *cname = c_ident(g->a, f->name), *mname = c_string(g->a, f->name);
    bool own = f->origin == c;
    const char *oname = own ? g->cur_lit : c_string(g->a, f->origin->name);
    set_field(p, cname, mname, &fi);
    put_str(p, PR_embedded, fi.emb);
    put_str(p, PR_origin, own ? g->cur_cn : c_ident(g->a, f->origin->name));
    tmpl_shaped_set_bool(p, PR_inherited, f->origin != c);
    tmpl_shaped_set_bool(p, PR_key, f->key);
    put_str(p, PR_origin_name, oname);
    put_str(p, PR_def, f->kind == MF_REFERENCE ? "{ 0, NULL }" : gen_literal(g->a, f->def, f->array));
    feature_quals(g, p, PR_nquals, c, f);
    gen_doc(&g->docs, p, PR_doc, &f->quals);
    if (f->origin != c)
        tmpl_shaped_set_bool(p, PR_has_doc, false);   /* documented at the origin */
    if (k) {
        set_field(k, cname, mname, &fi);
        put_str(k, KE_origin_name, oname);
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
        n->prop = tmpl_new_shaped(g->shared, &prop_shape);
        n->key = f->key ? tmpl_new_shaped(g->shared, &key_shape) : NULL;
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
    fill_prop(g, tmpl_list_append_shaped(props, &prop_shape),
              f->key ? tmpl_list_append_shaped(keys, &key_shape) : NULL, c, f);
}

static void method_node(gm *g, tmpl_value *methods, tmpl_value *enums, const model_class *c,
                        const model_feature *f)
{
    /* The class's C name and name literal were made by class_node. */
    const char *cn = g->cur_cn, *mn = c_ident_part(g->a, f->name);
    bool own = f->origin == c;
    const char *on = own ? cn : c_ident(g->a, f->origin->name);
    tmpl_value *m = tmpl_list_append_shaped(methods, own ? &own_method_shape : &method_shape);
    put_str(m, ME_c_name, c_ident(g->a, f->name));
    put_str(m, ME_origin_name, own ? g->cur_lit : c_string(g->a, f->origin->name));
    bool is_static = model_find_qualifier(&f->quals, "Static") != NULL;
    put_str(m, ME_mflags, is_static ? "MOFRT_M_STATIC" : "0");
    tmpl_shaped_set_bool(m, ME_is_static, is_static);
    /* What a provider of this class can be asked: any method of a concrete
     * class, the static ones of an abstract class. */
    tmpl_shaped_set_bool(m, ME_callable, is_static || !c->abstract);
    put_str(m, ME_class_mof_name, g->cur_lit);
    feature_quals(g, m, ME_nquals, c, f);
    gen_doc(&g->docs, m, ME_doc, &f->quals);
    if (!own)
        tmpl_shaped_set_bool(m, ME_has_doc, false);   /* documented at the origin */
    put_str(m, ME_mof_name, c_string(g->a, f->name));
    const char *mprefix = C_JOIN(g->a, cn, "_", mn);
    c_owner mo = {c, f, NULL, NULL};
    claim_suffixed(g, mo, "In struct", mprefix, "_In");
    claim_suffixed(g, mo, "Out struct", mprefix, "_Out");
    claim_suffixed(g, mo, "call thunk", mprefix, "_thunk");
    if (is_static || !c->abstract)
        claim_suffixed(g, mo, "skeleton function", mprefix, "_impl");
    if (own && f->nparams)
        claim_suffixed(g, mo, "parameter table", mprefix, "_params");
    put_str(m, ME_prefix, mprefix);
    put_str(m, ME_origin_prefix, own ? mprefix : C_JOIN(g->a, on, "_", mn));
    tmpl_shaped_set_bool(m, ME_own, own);
    bool is_void = f->type == TYPE_VOID || f->type == TYPE_NONE;
    ctype_info rt = type_info(f->type);
    if (f->type == TYPE_STRING && (f->embedded_class_name || f->embedded_object))
        rt = type_info(TYPE_OBJECT);
    tmpl_shaped_set_bool(m, ME_is_void, is_void);
    tmpl_shaped_set_number(m, ME_nparams, (double)f->nparams);
    put_str(m, ME_param_table,
            !f->nparams ? "NULL" : own ? C_JOIN(g->a, cn, "_", mn, "_params")
                                       : C_JOIN(g->a, on, "_", mn, "_params"));
    put_str(m, ME_ret_rt_type, is_void ? "MOFRT_T_NONE" : rt.rt);
    put_str(m, ME_ret_field_type, rt.field);
    put_str(m, ME_ret_member, rt.member);
    if (!own)
        return;
    tmpl_value *in = tmpl_shaped_set_list(m, OM_in_fields);
    tmpl_value *out = tmpl_shaped_set_list(m, OM_out_fields);
    tmpl_value *params = tmpl_shaped_set_list(m, OM_params);
    const char *prefix = mprefix;
    for (size_t i = 0; i < f->nparams; i++) {
        const model_param *pa = &f->params[i];
        unsigned flags = (pa->array ? FLAG_ARRAY : 0) | (pa->in ? FLAG_IN : 0) |
                         (pa->out ? FLAG_OUT : 0) | (pa->required ? FLAG_REQUIRED : 0);
        field_info fi = field_of(g, pa->type, pa->array, pa->ref_class_name, pa->embedded_class_name,
                                 pa->embedded_class, pa->embedded_object, flags);
        fi.flags = with_array_size(g, fi.flags, pa->fixed_size);
        const char *pn = c_ident(g->a, pa->name);
        tmpl_value *d = tmpl_list_append_shaped(params, &param_shape);
        quals_of(g, d, PA_nquals, &pa->quals, false);
        put_str(d, PA_c_name, pn);
        put_str(d, PA_mof_name, c_string(g->a, pa->name));
        put_str(d, PA_rt_type, fi.rt);
        put_str(d, PA_flags, fi.flags);
        put_str(d, PA_in_offset, pa->in ? C_JOIN(g->a, "offsetof(", prefix, "_In, ", pn, ")") : "0");
        put_str(d, PA_out_offset,
                pa->out ? C_JOIN(g->a, "offsetof(", prefix, "_Out, ", pn, ")") : "0");
        put_str(d, PA_ref_class, fi.ref_lit);
        put_str(d, PA_embedded, fi.emb);
        tmpl_value *field = NULL;
        c_owner po = {c, f, pa, NULL};
        if (pa->in)
            claim_member(g, &g->in_members, po, "In field", pn, prefix, "_In");
        if (pa->out)
            claim_member(g, &g->out_members, po, "Out field", pn, prefix, "_Out");
        if (pa->in) {
            field = tmpl_list_append_shaped(in, &member_shape);
            put_str(field, MB_c_name, pn);
            put_str(field, MB_field_type, fi.field);
        }
        if (pa->out) {
            field = tmpl_list_append_shaped(out, &member_shape);
            put_str(field, MB_c_name, pn);
            put_str(field, MB_field_type, fi.field);
        }
        if (has_enum(pa->vmap)) {
            const char *pp = c_ident_part(g->a, pa->name);
            add_enum(g, (c_owner){c, f, pa, NULL}, enums, pa->vmap, C_JOIN(g->a, prefix, "_", pp),
                     C_JOIN(g->a, prefix, "_", pp),
                     C_JOIN(g->a, "parameter ", pa->name, " of ", c->name, ".", f->name));
        }
    }
    c_name_set_clear(&g->in_members);
    c_name_set_clear(&g->out_members);
    tmpl_shaped_set_bool(m, OM_has_in, tmpl_value_count(in) > 0);
    tmpl_shaped_set_bool(m, OM_has_out, tmpl_value_count(out) > 0);
    tmpl_shaped_set_bool(m, OM_has_params, tmpl_value_count(params) > 0);
    if (has_enum(f->vmap))
        add_enum(g, (c_owner){c, f, NULL, NULL}, enums, f->vmap, C_JOIN(g->a, prefix, "_Result"),
                 prefix, C_JOIN(g->a, "return value of ", c->name, ".", f->name));
}

/* The file-scope names of class c (C name cn) in the bundled templates:
 * put in the run's set only when another class's names can equal them
 * (claim finds them by their suffix otherwise). */
static void claim_class(gm *g, const model_class *c, const char *cn)
{
    c_owner co = {c, NULL, NULL, NULL};
    g->cur_related = ptr_map_get(&g->related, c) != NULL;
    g->cn_len = strlen(cn);
    if (!strncmp(cn, "mofrt_", 6)) {
        static const c_owner runtime = {NULL, NULL, NULL, "runtime's reserved prefix mofrt_"};
        report_clash(g, owner_in(&g->names, co, "struct"), &runtime, cn, "rename it");
    }
    for (size_t i = 0; g->cur_related && i < sizeof class_names / sizeof class_names[0]; i++) {
        const char *name = C_JOIN(&g->names, cn, class_names[i].suffix);
        const c_owner *prev = c_name_set_put(&g->cnames, arena_strdup(g->keep, name),
                                             owner_in(g->keep, co, class_names[i].kind));
        if (prev)
            report_clash(g, owner_in(&g->names, co, class_names[i].kind), prev, name,
                         "rename one, or generate one with --class");
    }
}

/* Whether every feature name of c is its own C name (c_ident_is): then
 * the fields differ as the names do. A class has its superclass's
 * features and its own (new ones and overrides, with the names they
 * override): its superclass's answer, kept per class, and its own
 * features decide, not every inherited name again in every subclass. */
static bool idents_same(gm *g, const model_class *c, const model_feature **all)
{
    static const char yes = 1, no = 0;
    const char *sup = c->super ? ptr_map_get(&g->idents_same, c->super) : NULL;
    bool same = sup ? *sup == yes : true;
    size_t n = sup ? c->nown : c->nfeatures;
    for (size_t i = 0; i < n && same; i++)
        same = c_ident_is(sup ? c->own[i]->name : all[i]->name);
    ptr_map_put(&g->idents_same, c, (void *)(same ? &yes : &no));
    return same;
}

static void class_node(gm *g, tmpl_value *classes, const model_class *c)
{
    const char *cn = c_ident(g->a, c->name);
    tmpl_value *o = tmpl_list_append_shaped(classes, &class_shape);
    g->cur_cn = cn;
    g->cur_lit = c_string(g->a, c->name);
    put_str(o, CL_struct, cn);
    put_str(o, CL_mof_name, g->cur_lit);
    put_str(o, CL_namespace, c->ns->name);
    put_str(o, CL_super, c->super && !c->super->system ? c_string(g->a, c->super->name) : "NULL");
    /* The qualifier tables first named here go with the class, so that the
     * source can define each just before the class's tables use it: with
     * all of them before the classes (they are only complete after the
     * last class), the classes' text had to wait in a temporary file. */
    g->tables = tmpl_shaped_set_list(o, CL_qual_tables);
    if (g->slot)
        g->slot->tables = g->tables;
    tmpl_value *props = tmpl_shaped_set_list(o, CL_properties);
    tmpl_value *keys = tmpl_shaped_set_list(o, CL_keys);
    tmpl_value *methods = tmpl_shaped_set_list(o, CL_methods);
    tmpl_value *enums = tmpl_shaped_set_list(o, CL_enums);
    const model_feature **all = model_class_features(c);
    const char *cflags = c->association ? "MOFRT_C_ASSOCIATION" : c->indication ? "MOFRT_C_INDICATION" : NULL;
    if (c->abstract)
        cflags = cflags ? C_JOIN(g->a, "MOFRT_C_ABSTRACT | ", cflags) : "MOFRT_C_ABSTRACT";
    put_str(o, CL_class_flags, cflags ? cflags : "0");
    tmpl_shaped_set_bool(o, CL_association, c->association);
    /* Instance operations for classes that can have instances. */
    tmpl_shaped_set_bool(o, CL_instances, !c->abstract);
    /* The skeleton serves what --class names; the classes generated for
     * them (superclasses, REF and embedded classes) stay with the host. */
    tmpl_shaped_set_bool(o, CL_provided, g->all_provided || ptr_map_get(&g->requested, c));
    quals_of(g, o, CL_nquals, &c->quals, false);
    gen_doc(&g->docs, o, CL_doc, &c->quals);
    claim_class(g, c, cn);
    /* The members of the struct and of its _ops: the operations first. */
    c_owner co = {c, NULL, NULL, NULL};
    static const char *const inst_ops[][2] = {
        {"get_instance", "provider operation get_instance"},
        {"enumerate_instances", "provider operation enumerate_instances"},
        {"create_instance", "provider operation create_instance"},
        {"modify_instance", "provider operation modify_instance"},
        {"delete_instance", "provider operation delete_instance"},
        {"associators", "provider operation associators"},
        {"references", "provider operation references"},
    };
    size_t nops = c->association ? 7u : 5u;
    /* Feature names differ (MOF2103): when each is its own C name, so do
     * the fields, and a method can only meet an instance operation. */
    bool same = idents_same(g, c, all);
    for (size_t i = 0; i < nops && !same; i++)
        claim_member(g, &g->ops, co, inst_ops[i][1], inst_ops[i][0], cn, "_ops");
    for (size_t i = 0; i < c->nfeatures; i++) {
        const model_feature *f = all[i];
        c_owner fo = {c, f, NULL, NULL};
        if (f->kind == MF_METHOD) {
            if (!same)
                claim_member(g, &g->ops, fo, "provider function", c_ident(g->a, f->name), cn, "_ops");
            for (size_t k = 0; k < nops && same; k++)
                if (!strcmp(f->name, inst_ops[k][0]))
                    report_clash(g, owner_in(&g->names, fo, "provider function"),
                                 owner_in(&g->names, co, inst_ops[k][1]),
                                 C_JOIN(g->a, cn, "_ops", ".", f->name), "rename it");
            method_node(g, methods, enums, c, f);
        } else {
            if (!same)
                claim_member(g, &g->fields, fo, "field", c_ident(g->a, f->name), cn, "");
            prop_node(g, props, keys, c, f);
            if (f->origin == c && has_enum(f->vmap))
                add_enum(g, (c_owner){c, f, NULL, NULL}, enums, f->vmap,
                         C_JOIN(g->a, cn, "_", c_ident_part(g->a, f->name)),
                         C_JOIN(g->a, cn, "_", c_ident_part(g->a, f->name)),
                         C_JOIN(g->a, "property ", c->name, ".", f->name));
        }
    }
    free(all);
    c_name_set_clear(&g->fields);
    c_name_set_clear(&g->ops);
    c_name_set_clear(&g->class_cnames);
    arena_free(&g->names);
    size_t nk = tmpl_value_count(keys);
    tmpl_shaped_set_bool(o, CL_has_keys, nk > 0);
    tmpl_shaped_set_number(o, CL_nkeys, (double)nk);
    put_str(o, CL_keys_table, nk ? C_JOIN(g->a, cn, "_keys_props") : "NULL");
    size_t np = tmpl_value_count(props), nm = tmpl_value_count(methods);
    tmpl_shaped_set_bool(o, CL_has_properties, np > 0);
    tmpl_shaped_set_bool(o, CL_has_methods, nm > 0);
    tmpl_shaped_set_number(o, CL_nprops, (double)np);
    tmpl_shaped_set_number(o, CL_nmethods, (double)nm);
    put_str(o, CL_props_table, np ? C_JOIN(g->a, cn, "_props") : "NULL");
    put_str(o, CL_methods_table, nm ? C_JOIN(g->a, cn, "_methods") : "NULL");
}

/* Selects the classes to generate and builds the root (everything but
 * the classes and qualifier tables); false when nothing can be generated. */
static bool start(gm *g, mofc_ctx *ctx, const schema_model *m, const gen_request *req, bool streamed)
{
    *g = (gm){.ctx = ctx, .a = &ctx->arena, .keep = &ctx->arena, .t = tmpl_tree_new(), .m = m,
              .diag = &ctx->diag};
    g->shared = streamed ? tmpl_tree_new() : g->t;
    if (streamed)
        gen_slot_init(&g->one);
    arena_init(&g->scratch);
    arena_init(&g->names);
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
            if (c)
                ptr_map_put(&g->requested, c, (void *)c);
        }
    } else {
        g->all_provided = true;
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
    find_related(g, req->name);
    for (size_t i = 0; i < sizeof class_names / sizeof class_names[0]; i++)
        c_name_set_put(&g->class_suffixes, class_names[i].suffix, &class_names[i]);
    static const char *const module_names[] = {"_classes", "_nclasses", "_module", "_load", "_unload",
                                               "_providers"};
    for (size_t i = 0; i < sizeof module_names / sizeof module_names[0]; i++)
        claim_suffixed(g, (c_owner){0}, "module's name (--name) and a suffix", req->name,
                       module_names[i]);
    char *guard = C_JOIN(g->a, req->name, "_H");
    for (char *p = guard; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 32);
    set_str(root, "guard", guard);
    set_str(root, "version", MOFC_VERSION);
    tmpl_value *inputs = tmpl_object_set_list(root, "inputs");
    for (size_t i = 0; i < req->ninputs; i++)
        tmpl_list_append_string(inputs, req->inputs[i]);
    if (streamed)
        g->class_stream = tmpl_object_set_stream(root, "classes");
    if (ctx->diag.errors || tmpl_tree_failed(g->t))
        return false;
    return true;
}

static void finish(gm *g)
{
    names_free(&g->selected);
    c_name_set_free(&g->cnames);
    c_name_set_free(&g->class_cnames);
    c_name_set_free(&g->class_suffixes);
    c_name_set_free(&g->fields);
    c_name_set_free(&g->ops);
    c_name_set_free(&g->in_members);
    c_name_set_free(&g->out_members);
    arena_free(&g->names);
    ptr_map_free(&g->related);
    ptr_map_free(&g->requested);
    ptr_map_free(&g->idents_same);
    ptr_map_free(&g->qual_tables);
    ptr_map_free(&g->docs.wrapped);
    ptr_map_free(&g->inherited);
    arena_free(&g->scratch);
    if (g->shared != g->t)
        tmpl_tree_free(g->shared);
    g->shared = NULL;
    gen_slot_free(&g->one);
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
    size_t errors = ctx->diag.errors;
    each_class(g, build_class, classes);
    tmpl_object_set_number(root, "nclasses", (double)tmpl_value_count(classes));
    finish(g);
    if (tmpl_tree_failed(g->t) || ctx->diag.errors > errors) {
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

/* Builds class c into slot sl: its tables, then itself. */
static void build_slot(gm *g, const model_class *c, gen_slot *sl)
{
    g->slot = sl;
    g->a = &sl->strings;
    class_node(g, sl->classes, c);
    sl->failed |= tmpl_tree_failed(sl->tree) || tmpl_tree_failed(g->shared);
    g->slot = NULL;
    g->a = g->keep;
}

static void out_of_memory(tmpl_error *err)
{
    memset(err, 0, sizeof *err);
    snprintf(err->message, sizeof err->message, "out of memory");
}

/* One class on this thread: built, pushed, and everything built for it
 * freed. */
static bool stream_class(gm *g, const model_class *c, void *err)
{
    gen_slot_reset(&g->one);
    build_slot(g, c, &g->one);
    if (g->one.failed) {
        out_of_memory(err);
        return false;
    }
    return gen_slot_push(g->class_stream, &g->one, err);
}

/* One class built here and handed to the render thread. */
static bool pipe_class(gm *g, const model_class *c, void *pipe)
{
    gen_slot *sl = gen_pipe_take(pipe);
    if (!sl)
        return false;   /* rendering failed: gen_pipe_finish says why */
    pthread_mutex_lock(g->ctx_lock);
    diag_fork(&sl->diag, &g->ctx->diag);
    g->diag = &sl->diag;
    build_slot(g, c, sl);
    g->diag = &g->ctx->diag;
    pthread_mutex_unlock(g->ctx_lock);
    bool ok = !sl->failed;
    if (ok && gen_pipe_behind(pipe))
        gen_slot_fill(sl);
    gen_pipe_put(pipe, sl);   /* a failed build too: its diagnostics come first */
    return ok;
}

bool gen_model_stream(gm *g, tmpl_error *err, pthread_mutex_t *ctx_lock)
{
    gen_pipe *p = ctx_lock ? gen_pipe_start(g->ctx, ctx_lock, g->class_stream) : NULL;
    if (!p)
        return each_class(g, stream_class, err);
    g->ctx_lock = ctx_lock;
    each_class(g, pipe_class, p);
    g->ctx_lock = NULL;
    return gen_pipe_finish(p, err);
}

void gen_model_free(gm *g)
{
    if (!g)
        return;
    finish(g);
    tmpl_tree_free(g->t);
    free(g);
}
