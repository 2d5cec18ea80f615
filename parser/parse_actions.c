#include "parser/parse_actions.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ARENA (&ps->ctx->arena)
#define DIAG (&ps->ctx->diag)

void *avec_push(avec *v, size_t elem_size)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 4;
        void *items = realloc(v->items, cap * elem_size);
        if (!items)
            abort();
        v->items = items;
        v->cap = cap;
    }
    return (char *)v->items + elem_size * v->n++;
}

void *avec_take(arena *a, avec *v, size_t elem_size)
{
    void *out = NULL;
    if (v->n) {
        out = arena_alloc(a, v->n * elem_size);
        memcpy(out, v->items, v->n * elem_size);
    }
    free(v->items);
    v->items = NULL;
    v->cap = 0;
    return out;
}

void avec_release(avec *v)
{
    free(v->items);
    v->items = NULL;
    v->n = v->cap = 0;
}

/* The items start here, aligned for any node. */
#define PLIST_HEAD ((sizeof(plist) + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN)

void *plist_items(const plist *l)
{
    return l ? (char *)l + PLIST_HEAD : NULL;
}

void *plist_push(parse_state *ps, plist **l, size_t elem_size)
{
    plist *v = *l;
    if (!v && ps->nspare) {   /* a new list in a released block */
        v = ps->spare[--ps->nspare];
        v->n = 0;
        v->full = v->damaged = false;
        v->cap = (v->bytes - PLIST_HEAD) / elem_size;
        *l = v;
    }
    if (!v || v->n == v->cap) {
        size_t cap = v && v->cap ? v->cap * 2 : 4;
        size_t bytes = PLIST_HEAD + cap * elem_size;
        v = realloc(v, bytes);
        if (!v)
            abort();
        if (!*l)
            *v = (plist){0};
        v->cap = cap;
        v->bytes = bytes;
        *l = v;
    }
    return (char *)v + PLIST_HEAD + elem_size * v->n++;
}

void *plist_take(parse_state *ps, plist **l, size_t elem_size)
{
    void *out = NULL;
    if (*l && (*l)->n) {
        out = arena_alloc(ARENA, (*l)->n * elem_size);
        memcpy(out, plist_items(*l), (*l)->n * elem_size);
    }
    plist_release(ps, l);
    return out;
}

void plist_release(parse_state *ps, plist **l)
{
    if (*l && ps->nspare < PLIST_SPARE)
        ps->spare[ps->nspare++] = *l;
    else
        free(*l);
    *l = NULL;
}

void plist_damage(parse_state *ps, plist **l)
{
    if (!*l) {   /* an empty list: its header alone */
        if (ps->nspare) {
            *l = ps->spare[--ps->nspare];
        } else {
            *l = malloc(PLIST_HEAD);
            if (!*l)
                abort();
            (*l)->bytes = PLIST_HEAD;
        }
        (*l)->n = (*l)->cap = 0;
        (*l)->full = false;
    }
    (*l)->damaged = true;
}

static void push_item(parse_state *ps, ast_item it)
{
    *(ast_item *)avec_push(&ps->items, sizeof it) = it;
}

void parse_mark_wmi(parse_state *ps, mof_span span, const char *what)
{
    mofc_dialect_sign(ps->ctx, span, DIALECT_WMI, what);
    if (ps->ctx->dialect == DIALECT_DMTF)
        diag_report(DIAG, DIAG_WMI_EXTENSION, span, "%s is a WMI extension (use --dialect=wmi)", what);
}

void parse_sign_qualifier(parse_state *ps, const ast_ident *name)
{
    const char *what;
    mof_dialect d = dialect_sign_qualifier(name->name, &what);
    if (d != DIALECT_AUTO)
        mofc_dialect_sign(ps->ctx, name->span, d, what);
}

void parse_sign_class(parse_state *ps, const ast_ident *name)
{
    const char *what;
    mof_dialect d = name->name ? dialect_sign_class(name->name, &what) : DIALECT_AUTO;
    if (d != DIALECT_AUTO)
        mofc_dialect_sign(ps->ctx, name->span, d, what);
}

/* ---- pragmas ----------------------------------------------------------- */

static const struct { const char *name; pragma_kind kind; bool wmi; } pragmas[] = {
    {"include", PRAGMA_INCLUDE, false},       {"locale", PRAGMA_LOCALE, false},
    {"instancelocale", PRAGMA_INSTANCELOCALE, false}, {"namespace", PRAGMA_NAMESPACE, false},
    {"nonlocal", PRAGMA_NONLOCAL, false},     {"nonlocaltype", PRAGMA_NONLOCALTYPE, false},
    {"source", PRAGMA_SOURCE, false},         {"sourcetype", PRAGMA_SOURCETYPE, false},
    {"classflags", PRAGMA_CLASSFLAGS, true},  {"instanceflags", PRAGMA_INSTANCEFLAGS, true},
    {"deleteclass", PRAGMA_DELETECLASS, true}, {"deleteinstance", PRAGMA_DELETEINSTANCE, true},
    {"autorecover", PRAGMA_AUTORECOVER, true}, {"amendment", PRAGMA_AMENDMENT, true},
};

static bool arg_is_string(const ast_pragma_arg *a)
{
    return !a->ident && a->value && a->value->kind == VAL_STRING;
}

/* Each pragma's arguments: how many, and of what kind. */
static void check_pragma_args(parse_state *ps, ast_pragma *p)
{
    const char *name = p->name.name;
    switch (p->kind) {
    case PRAGMA_AUTORECOVER:
        if (p->nargs)
            diag_report(DIAG, DIAG_BAD_PRAGMA, p->span, "'#pragma autorecover' takes no argument");
        return;
    case PRAGMA_DELETECLASS:
    case PRAGMA_DELETEINSTANCE:
        if (p->nargs != 2 || !arg_is_string(&p->args[0]) || !p->args[1].ident ||
            (strcasecmp(p->args[1].name.name, "FAIL") && strcasecmp(p->args[1].name.name, "NOFAIL")))
            diag_report(DIAG, DIAG_BAD_PRAGMA, p->span,
                        "'#pragma %s' expects a string and FAIL or NOFAIL", name);
        return;
    case PRAGMA_CLASSFLAGS:
    case PRAGMA_INSTANCEFLAGS:
        if (!p->nargs)
            goto one_string;
        for (size_t i = 0; i < p->nargs; i++)
            if (!arg_is_string(&p->args[i]) &&
                !(p->args[i].value && p->args[i].value->kind == VAL_INT)) {
                diag_report(DIAG, DIAG_BAD_PRAGMA, p->span,
                            "'#pragma %s' expects strings or integers", name);
                return;
            }
        return;
    case PRAGMA_UNKNOWN:
        return;
    default:
    one_string:
        if (p->nargs != 1 || !arg_is_string(&p->args[0]))
            diag_report(DIAG, DIAG_BAD_PRAGMA, p->span, "'#pragma %s' expects one string argument",
                        name);
        return;
    }
}

/* A locale name as MOF files write them: a 2- or 3-letter language, then
 * subtags of 1 to 8 letters or digits after '_' or '-' ("en_US", "en-US",
 * "zh_Hans_CN", and WMI's "MS_409"). */
static bool is_locale(const char *s)
{
    size_t n = 0;
    while (((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z') && n < 4)
        s++, n++;
    if (n < 2 || n > 3)
        return false;
    while (*s == '_' || *s == '-') {
        s++;
        n = 0;
        while (n < 9 && ((*s >= '0' && *s <= '9') || ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z')))
            s++, n++;
        if (n < 1 || n > 8)
            return false;
    }
    return *s == '\0';
}

void act_pragma(parse_state *ps, ast_ident *name, plist **args, bool parens, mof_span sp)
{
    ast_pragma *p = arena_alloc(ARENA, sizeof *p);
    p->name = *name;
    p->nargs = plist_n(*args);
    p->args = plist_take(ps, args, sizeof *p->args);
    p->has_parens = parens;
    p->span = sp;
    p->kind = PRAGMA_UNKNOWN;
    for (size_t i = 0; i < sizeof pragmas / sizeof pragmas[0]; i++)
        if (!strcasecmp(name->name, pragmas[i].name)) {
            p->kind = pragmas[i].kind;
            if (pragmas[i].wmi)
                parse_mark_wmi(ps, name->span,
                               arena_printf(ARENA, "'#pragma %s'", pragmas[i].name));
            break;
        }
    if (p->kind == PRAGMA_UNKNOWN)
        diag_report(DIAG, DIAG_UNKNOWN_PRAGMA, name->span, "unknown pragma '%s' ignored", name->name);
    else
        check_pragma_args(ps, p);
    if ((p->kind == PRAGMA_LOCALE || p->kind == PRAGMA_INSTANCELOCALE) && p->nargs == 1 &&
        arg_is_string(&p->args[0]) && !is_locale(p->args[0].value->u.str.s))
        diag_report(DIAG, DIAG_BAD_LOCALE, p->args[0].value->span,
                    "'%s' is not a locale name (such as \"en_US\")", p->args[0].value->u.str.s);
    if (p->kind == PRAGMA_NAMESPACE && p->nargs == 1 && arg_is_string(&p->args[0]) &&
        !strncmp(p->args[0].value->u.str.s, "\\\\", 2))
        parse_mark_wmi(ps, p->args[0].value->span, "a '\\\\.\\' namespace path");
    push_item(ps, (ast_item){ITEM_PRAGMA, {.pragma = p}});
}

void act_hash_include(parse_state *ps, ast_ident *name, plist **args, mof_span sp)
{
    ast_pragma *p = arena_alloc(ARENA, sizeof *p);
    p->kind = PRAGMA_HASH_INCLUDE;
    p->name = *name;
    p->nargs = plist_n(*args);
    p->args = plist_take(ps, args, sizeof *p->args);
    p->has_parens = true;
    p->span = sp;
    parse_mark_wmi(ps, name->span, "'#include'");
    if (p->nargs != 1 || !arg_is_string(&p->args[0]))
        diag_report(DIAG, DIAG_BAD_PRAGMA, sp, "'#include' expects one string argument");
    push_item(ps, (ast_item){ITEM_PRAGMA, {.pragma = p}});
}

/* ---- flavors, scopes, types ------------------------------------------ */

static const struct { const char *name; unsigned bit; } flavor_names[] = {
    {"EnableOverride", FL_ENABLE_OVERRIDE}, {"DisableOverride", FL_DISABLE_OVERRIDE},
    {"Restricted", FL_RESTRICTED},         {"ToSubclass", FL_TO_SUBCLASS},
    {"Translatable", FL_TRANSLATABLE},     {"Amended", FL_AMENDED},
    {"ToInstance", FL_TO_INSTANCE},        {"NotToInstance", FL_NOT_TO_INSTANCE},
    {"NotToSubclass", FL_NOT_TO_SUBCLASS},
};

static unsigned flavor_bit(parse_state *ps, const ast_ident *id)
{
    for (size_t i = 0; i < sizeof flavor_names / sizeof flavor_names[0]; i++)
        if (!strcasecmp(id->name, flavor_names[i].name)) {
            if (flavor_names[i].bit & FL_WMI_ONLY)
                parse_mark_wmi(ps, id->span,
                               arena_printf(ARENA, "the '%s' flavor", flavor_names[i].name));
            return flavor_names[i].bit;
        }
    diag_report(DIAG, DIAG_BAD_FLAVOR, id->span, "unknown flavor '%s'", id->name);
    return 0;
}

/* Flavor names to bits. */
static unsigned flavor_bits(parse_state *ps, const plist *ids)
{
    ast_ident *v = plist_items(ids);
    unsigned bits = 0;
    for (size_t i = 0; i < plist_n(ids); i++)
        bits |= flavor_bit(ps, &v[i]);
    return bits;
}

static void collect_flavors(parse_state *ps, const plist *ids, ast_flavor **out, size_t *n,
                            unsigned *bits)
{
    ast_ident *v = plist_items(ids);
    *out = plist_n(ids) ? arena_alloc(ARENA, plist_n(ids) * sizeof **out) : NULL;
    *n = 0;
    for (size_t i = 0; i < plist_n(ids); i++) {
        unsigned b = flavor_bit(ps, &v[i]);
        if (!b)
            continue;
        (*out)[(*n)++] = (ast_flavor){b, v[i].span};
        *bits |= b;
    }
}

static const struct { const char *name; unsigned bit; } scope_names[] = {
    {"class", SC_CLASS},         {"association", SC_ASSOCIATION}, {"indication", SC_INDICATION},
    {"qualifier", SC_QUALIFIER}, {"property", SC_PROPERTY},       {"reference", SC_REFERENCE},
    {"method", SC_METHOD},       {"parameter", SC_PARAMETER},     {"any", SC_ANY},
};

static mof_type intrinsic(parse_state *ps, const ast_ident *id, bool allow_void)
{
    mof_type t = mof_type_lookup(id->name);
    if (t == TYPE_OBJECT)
        parse_mark_wmi(ps, id->span, "the 'object' type");
    if (t == TYPE_VOID) {
        if (!allow_void) {
            diag_report(DIAG, DIAG_UNKNOWN_TYPE, id->span, "'void' is only a method return type");
            return TYPE_NONE;
        }
        parse_mark_wmi(ps, id->span, "the 'void' return type");
    }
    if (t == TYPE_NONE)
        diag_report(DIAG, DIAG_UNKNOWN_TYPE, id->span, "unknown data type '%s'", id->name);
    return t;
}

/* The type of a property or parameter: an intrinsic one, or a class name
 * (WMI's embedded object, MI's embedded instance: `Demo_Inner Item;`),
 * which the schema resolves. A class name has the form DSP0004 gives it,
 * schema '_' name (WMI's and DSC's classes have it too); any other name is
 * an unknown type, so a mistyped 'uint128' is still reported here. */
static void value_type(parse_state *ps, ast_type *t, const ast_ident *id)
{
    t->name = *id;
    t->type = mof_type_lookup(id->name);
    if (t->type == TYPE_NONE && strchr(id->name, '_')) {
        t->type = TYPE_STRING;
        t->class_typed = true;
        return;
    }
    t->type = intrinsic(ps, id, false);
}

/* ---- qualifier declarations ------------------------------------------ */

typedef struct qd_attr { ast_ident kw; plist *names; } qd_attr;

void act_qd_attr(parse_state *ps, plist **attrs, ast_ident *kw, plist **names)
{
    qd_attr *a = plist_push(ps, attrs, sizeof *a);
    a->kw = *kw;
    a->names = *names;   /* the attribute owns them now */
    *names = NULL;
}

void qd_attrs_release(parse_state *ps, plist **l)
{
    qd_attr *a = plist_items(*l);
    for (size_t i = 0; i < plist_n(*l); i++)
        plist_release(ps, &a[i].names);
    plist_release(ps, l);
}

void act_qualifier_decl(parse_state *ps, ast_ident *name, plist **seq, ast_array *arr,
                        ast_value *def, plist **attrs, mof_span sp)
{
    ast_qualifier_decl *q = arena_alloc(ARENA, sizeof *q);
    q->name = *name;
    q->span = sp;
    q->def = def;
    ast_ident *ids = plist_items(*seq);
    mof_type t = plist_n(*seq) == 1 ? mof_type_lookup(ids[0].name) : TYPE_NONE;
    if (t != TYPE_NONE && t != TYPE_VOID) {
        q->type.array = arr->array;
        q->type.fixed = arr->fixed;
        q->type.size = arr->size;
        q->type.array_span = arr->span;
        q->type.type = t;
        q->type.name = ids[0];
        if (t == TYPE_OBJECT)
            parse_mark_wmi(ps, ids[0].span, "the 'object' type");
    } else {
        /* WMI's short form: Qualifier Description : ToSubclass Amended; */
        q->short_form = true;
        parse_mark_wmi(ps, ids[0].span, "a qualifier declaration without a type");
        collect_flavors(ps, *seq, &q->flavors, &q->nflavors, &q->flavor_bits);
        if (arr->array || def || plist_n(*attrs))
            diag_report(DIAG, DIAG_SYNTAX, sp,
                        "a qualifier declaration without a type takes only flavors");
    }
    qd_attr *a = plist_items(*attrs);
    bool have_scope = false;
    for (size_t i = 0; i < plist_n(*attrs); i++) {
        if (!strcasecmp(a[i].kw.name, "scope")) {
            have_scope = true;
            q->scope_span = a[i].kw.span;
            ast_ident *sc = plist_items(a[i].names);
            for (size_t j = 0; j < plist_n(a[i].names); j++) {
                unsigned bit = 0;
                for (size_t k = 0; k < sizeof scope_names / sizeof scope_names[0]; k++)
                    if (!strcasecmp(sc[j].name, scope_names[k].name))
                        bit = scope_names[k].bit;
                if (!bit)
                    diag_report(DIAG, DIAG_BAD_SCOPE, sc[j].span, "unknown scope '%s'", sc[j].name);
                q->scopes |= bit;
            }
        } else if (!strcasecmp(a[i].kw.name, "flavor")) {
            ast_flavor *fl;
            size_t n;
            collect_flavors(ps, a[i].names, &fl, &n, &q->flavor_bits);
            if (q->nflavors == 0) {
                q->flavors = fl;
                q->nflavors = n;
            }
        } else {
            diag_report(DIAG, DIAG_SYNTAX, a[i].kw.span, "expected 'Scope' or 'Flavor' instead of '%s'",
                        a[i].kw.name);
        }
    }
    if (!q->short_form && !have_scope)
        diag_report(DIAG, DIAG_SYNTAX, sp, "qualifier declaration '%s' has no 'Scope'", name->name);
    plist_release(ps, seq);
    qd_attrs_release(ps, attrs);
    push_item(ps, (ast_item){ITEM_QUALIFIER_DECL, {.qdecl = q}});
}

ast_qualifier *act_qualifier(parse_state *ps, ast_ident *name, ast_value *v, plist **flavors,
                             mof_span sp)
{
    ast_qualifier *out = &ps->scratch_qual;
    out->name = *name;
    out->value = v;
    out->span = sp;
    out->flavor_bits = 0;
    if (flavors) {   /* NULL: none written */
        out->flavor_bits = flavor_bits(ps, *flavors);
        plist_release(ps, flavors);
    }
    if ((name->name[0] | 0x20) == 'a' && !strcasecmp(name->name, "amendment"))
        parse_mark_wmi(ps, name->span, "the 'AMENDMENT' qualifier");
    parse_sign_qualifier(ps, name);
    return out;
}

/* ---- classes ----------------------------------------------------------- */

void act_class(parse_state *ps, ast_qual_list *q, ast_ident *name, ast_ident *alias,
               ast_ident *super, plist **features, mof_span sp)
{
    ast_class *c = arena_alloc(ARENA, sizeof *c);
    c->quals = *q;
    c->name = *name;
    c->alias = *alias;
    c->super = *super;
    c->nfeatures = plist_n(*features);
    c->features = plist_take(ps, features, sizeof *c->features);
    c->span = sp;
    parse_sign_class(ps, super);
    push_item(ps, (ast_item){ITEM_CLASS, {.cls = c}});
}

static ast_feature *feature(parse_state *ps, ast_feature_kind k, ast_qual_list *q, ast_ident *name,
                            mof_span sp)
{
    ast_feature *f = &ps->scratch_feat;
    memset(f, 0, sizeof *f);
    f->kind = k;
    f->quals = *q;
    f->name = *name;
    f->span = sp;
    return f;
}

static void set_array(ast_type *t, const ast_array *a)
{
    t->array = a->array;
    t->fixed = a->fixed;
    t->size = a->size;
    t->array_span = a->span;
}

ast_feature *act_property(parse_state *ps, ast_qual_list *q, ast_ident *type, ast_ident *name,
                          ast_array *arr, ast_value *def, mof_span sp)
{
    ast_feature *f = feature(ps, FEAT_PROPERTY, q, name, sp);
    set_array(&f->type, arr);
    value_type(ps, &f->type, type);
    f->def = def;
    return f;
}

ast_feature *act_reference(parse_state *ps, ast_qual_list *q, ast_ident *cls, ast_ident *name,
                           ast_array *arr, ast_value *def, mof_span sp)
{
    ast_feature *f = feature(ps, FEAT_REFERENCE, q, name, sp);
    set_array(&f->type, arr);
    f->type.name = *cls;
    f->type.type = TYPE_REF;
    f->def = def;
    return f;
}

ast_feature *act_method(parse_state *ps, ast_qual_list *q, ast_ident *type, ast_ident *name,
                        plist **params, mof_span sp)
{
    ast_feature *f = feature(ps, FEAT_METHOD, q, name, sp);
    f->type.name = *type;
    f->type.type = intrinsic(ps, type, true);
    f->nparams = plist_n(*params);
    f->params = plist_take(ps, params, sizeof *f->params);
    return f;
}

void act_fixed_array(parse_state *ps, const ast_value *n)
{
    if (n->u.i.neg || n->u.i.mag == 0)
        diag_report(DIAG, DIAG_SYNTAX, n->span, "array size must be a positive integer");
}

/* Only its address is used: "[]", told apart from a "[N]"'s INT_LIT. */
static ast_value unsized_array;

ast_value *act_unsized_array(void) { return &unsized_array; }

ast_array act_array_type(const ast_value *v, mof_span sp)
{
    ast_array a = {0};
    if (v) {
        a.array = true;
        a.span = sp;
        if (v != &unsized_array) {
            a.fixed = true;
            a.size = v->u.i.neg ? 0 : v->u.i.mag;
        }
    }
    return a;
}

ast_qual_list act_quals(parse_state *ps, plist **l, mof_span sp)
{
    ast_qual_list q = {0};
    if (*l) {   /* '[' qualifiers ']': one qualifier at least */
        q.n = (*l)->n;
        q.items = plist_take(ps, l, sizeof *q.items);
        q.span = sp;
    }
    return q;
}

ast_param *act_param(parse_state *ps, ast_qual_list *q, ast_ident *type, bool ref,
                     ast_ident *name, ast_array *arr, ast_value *def, mof_span sp)
{
    ast_param *out = &ps->scratch_param;
    memset(out, 0, sizeof *out);
    out->quals = *q;
    set_array(&out->type, arr);
    if (ref) {
        out->type.name = *type;
        out->type.type = TYPE_REF;
    } else {
        value_type(ps, &out->type, type);
    }
    out->name = *name;
    out->def = def;
    out->span = sp;
    return out;
}

/* ---- instances and values --------------------------------------------- */

void act_instance(parse_state *ps, ast_qual_list *q, ast_instance *inst, mof_span sp)
{
    inst->quals = *q;
    inst->span = sp;
    push_item(ps, (ast_item){ITEM_INSTANCE, {.inst = inst}});
}

ast_instance *act_instance_body(parse_state *ps, ast_ident *cls, ast_ident *alias, plist **props,
                                bool whole, mof_span sp)
{
    /* DSP0004 and the MI codec want one value at least; mofcomp takes
     * "instance of X { };" (Microsoft's "Creating an Instance Using MOF"). */
    if (whole && plist_n(*props) == 0)
        parse_note_once(ps, diag_report(DIAG, DIAG_EMPTY_INSTANCE, cls->span,
                                        "instance of '%s' gives no property value", cls->name),
                        NOTE_EMPTY);
    ast_instance *i = arena_alloc(ARENA, sizeof *i);
    i->class_name = *cls;
    i->alias = *alias;
    i->nprops = plist_n(*props);
    i->props = plist_take(ps, props, sizeof *i->props);
    i->span = sp;
    if (!strcasecmp(cls->name, "__Namespace"))
        parse_mark_wmi(ps, cls->span, "'instance of __Namespace'");
    parse_sign_class(ps, cls);
    return i;
}

static ast_value *new_value(parse_state *ps, ast_value_kind k, mof_span sp)
{
    ast_value *v = arena_alloc(ARENA, sizeof *v);
    v->kind = k;
    v->span = sp;
    return v;
}

/* "[PropertyContext ("x"), Dynamic, Provider ("P")] Text;" in an instance:
 * mofcomp's DYNPROPS form, where a property provider gives the value and
 * the qualifiers say how (Microsoft, "Supplying Data to WMI by Writing a
 * Provider": dynamic properties of static instances). Neither DSP0004 nor
 * the MI codec has it. The value stays NULL. */
ast_prop_value *act_prop_no_value(parse_state *ps, ast_qual_list *q, ast_ident *name, mof_span sp)
{
    diag_report(DIAG, DIAG_VALUELESS_PROPERTY, name->span,
                "property '%s' without a value is a WMI DYNPROPS entry (use --dialect=wmi)",
                name->name);
    ps->scratch_pval = (ast_prop_value){*q, *name, NULL, sp};
    return &ps->scratch_pval;
}

ast_value *act_alias_value(parse_state *ps, ast_ident *alias)
{
    ast_value *v = new_value(ps, VAL_ALIAS, alias->span);
    v->u.alias = alias->name;
    return v;
}

ast_value *act_embedded(parse_state *ps, ast_instance *inst, mof_span sp)
{
    ast_value *v = new_value(ps, VAL_INSTANCE, sp);
    v->u.inst = inst;
    parse_mark_wmi(ps, sp, "an embedded 'instance of' value");
    return v;
}

ast_value *act_bool(parse_state *ps, bool b, mof_span sp)
{
    ast_value *v = new_value(ps, VAL_BOOL, sp);
    v->u.b = b;
    return v;
}

ast_value *act_null(parse_state *ps, mof_span sp) { return new_value(ps, VAL_NULL, sp); }

ast_value *act_array(parse_state *ps, plist **items, mof_span sp)
{
    ast_value *v = new_value(ps, VAL_ARRAY, sp);
    v->u.arr.n = plist_n(*items);
    v->u.arr.items = plist_take(ps, items, sizeof *v->u.arr.items);
    return v;
}

bool act_array_room(parse_state *ps, plist **items, mof_span sp)
{
    /* value_list starts with one element: *items is never NULL here */
    if ((*items)->n < ps->ctx->limits.max_array_items)
        return true;
    if (!(*items)->full) {
        diag_report(DIAG, DIAG_LIMIT, sp, "array has more than the limit of %zu elements",
                    ps->ctx->limits.max_array_items);
        (*items)->full = true;
    }
    return false;
}
