/* Qualifiers: declarations (the input's, else mofc's standard table),
 * scope, type and duplicate checks on each element, and flavor-driven
 * propagation to subclasses and overriding features. */
#include "schema/check.h"
#include "schema/builtin_qualifiers.h"
#include "common/name_index.h"
#include <string.h>

static unsigned default_flavors(unsigned f)
{
    /* DSP0004 defaults: EnableOverride, ToSubclass, not Translatable. */
    if (!(f & (FL_RESTRICTED | FL_TO_SUBCLASS | FL_NOT_TO_SUBCLASS)))
        f |= FL_TO_SUBCLASS;
    if (!(f & (FL_ENABLE_OVERRIDE | FL_DISABLE_OVERRIDE)))
        f |= FL_ENABLE_OVERRIDE;
    return f;
}

/* Later flavors win over earlier contradicting ones. */
static unsigned apply_flavors(unsigned base, unsigned given)
{
    if (given & (FL_RESTRICTED | FL_NOT_TO_SUBCLASS))
        base = (base & ~FL_TO_SUBCLASS) | FL_RESTRICTED;
    if (given & FL_TO_SUBCLASS)
        base = (base & ~(FL_RESTRICTED | FL_NOT_TO_SUBCLASS)) | FL_TO_SUBCLASS;
    if (given & FL_DISABLE_OVERRIDE)
        base = (base & ~FL_ENABLE_OVERRIDE) | FL_DISABLE_OVERRIDE;
    if (given & FL_ENABLE_OVERRIDE)
        base = (base & ~FL_DISABLE_OVERRIDE) | FL_ENABLE_OVERRIDE;
    if (given & FL_TO_INSTANCE)
        base = (base & ~FL_NOT_TO_INSTANCE) | FL_TO_INSTANCE;
    if (given & FL_NOT_TO_INSTANCE)
        base = (base & ~FL_TO_INSTANCE) | FL_NOT_TO_INSTANCE;
    return base | (given & (FL_TRANSLATABLE | FL_AMENDED));
}

static model_qualdecl *from_builtin(builder *b, const builtin_qualifier *bq)
{
    model_qualdecl *d = arena_alloc(B_ARENA, sizeof *d);
    d->name = bq->name;
    d->type = bq->type;
    d->array = bq->array;
    d->scopes = bq->scopes;
    d->flavors = default_flavors(bq->flavors);
    d->builtin = true;
    d->only = bq->only;
    return d;
}

static const model_qualdecl *lookup(builder *b, const char *name)
{
    const model_qualdecl *d = names_get(&b->ns->qualdecls, name);
    if (d)
        return d;
    const builtin_qualifier *bq = builtin_qualifier_find(name);
    if (!bq)
        return NULL;
    /* Cache it in the namespace, so every use shares one declaration. */
    model_qualdecl *nd = from_builtin(b, bq);
    names_put(&b->ns->qualdecls, nd->name, nd);
    return nd;
}

static bool same_decl(const model_qualdecl *a, const model_qualdecl *b)
{
    const unsigned mask = FL_RESTRICTED | FL_TO_SUBCLASS | FL_ENABLE_OVERRIDE |
                          FL_DISABLE_OVERRIDE | FL_TRANSLATABLE;
    return a->type == b->type && a->array == b->array && a->scopes == b->scopes &&
           (a->flavors & mask) == (b->flavors & mask);
}

void qualdecl_add(builder *b, const ast_qualifier_decl *q)
{
    model_qualdecl *d = arena_alloc(B_ARENA, sizeof *d);
    d->name = q->name.name;
    d->span = q->span;
    if (q->short_form) {
        /* WMI: only the default flavors of a qualifier, for this compilation. */
        const builtin_qualifier *bq = builtin_qualifier_find(q->name.name);
        d->type = bq ? bq->type : TYPE_STRING;
        d->array = bq && bq->array;
        d->scopes = bq ? bq->scopes : SC_ANY;
        d->flavors = apply_flavors(default_flavors(bq ? bq->flavors : 0), q->flavor_bits);
        d->only = bq ? bq->only : DIALECT_AUTO;
        model_qualdecl *prev = names_get(&b->ns->qualdecls, d->name);
        if (!prev)
            names_put(&b->ns->qualdecls, d->name, d);
        else if (prev->builtin)
            *prev = *d;
        else
            prev->flavors = apply_flavors(prev->flavors, q->flavor_bits);
        return;
    }
    d->type = q->type.type;
    d->array = q->type.array;
    d->fixed_size = q->type.fixed ? q->type.size : 0;
    d->def = q->def;
    d->scopes = q->scopes;
    d->flavors = apply_flavors(default_flavors(0), q->flavor_bits);
    if (q->def && value_check(b, d->type, d->array, &d->def, "default value"))
        array_size_check(b, d->fixed_size, d->def, "default value");
    model_qualdecl *prev = names_get(&b->ns->qualdecls, d->name);
    if (!prev) {
        names_put(&b->ns->qualdecls, d->name, d);
        return;
    }
    if (prev->builtin) {    /* a cached standard one: the input's replaces it */
        *prev = *d;
        return;
    }
    if (!same_decl(prev, d)) {
        const char *what = prev->type != d->type || prev->array != d->array ? "type"
                         : prev->scopes != d->scopes ? "scope" : "flavor";
        diagnostic *dg = diag_report(B_DIAG, DIAG_QUALIFIER_REDECL, q->name.span,
                                     "qualifier '%s' declared again with a different %s",
                                     d->name, what);
        diag_add_note(B_DIAG, dg, prev->span, "previous declaration is here");
    }
}

static const char *scope_word(unsigned scope)
{
    switch (scope) {
    case SC_CLASS: return "a class";
    case SC_ASSOCIATION: return "an association";
    case SC_INDICATION: return "an indication";
    case SC_PROPERTY: return "a property";
    case SC_REFERENCE: return "a reference";
    case SC_METHOD: return "a method";
    case SC_PARAMETER: return "a parameter";
    default: return "an instance";
    }
}

static mof_type guess_type(const ast_value *v)
{
    if (!v) return TYPE_BOOLEAN;
    if (v->kind == VAL_ARRAY) return v->u.arr.n ? guess_type(v->u.arr.items[0]) : TYPE_STRING;
    switch (v->kind) {
    case VAL_BOOL: return TYPE_BOOLEAN;
    case VAL_INT: return TYPE_SINT64;
    case VAL_REAL: return TYPE_REAL64;
    default: return TYPE_STRING;
    }
}

static bool numbers_only(const ast_value *v)
{
    if (v->kind != VAL_ARRAY)
        return v->kind == VAL_INT;
    for (size_t i = 0; i < v->u.arr.n; i++)
        if (v->u.arr.items[i]->kind != VAL_INT && v->u.arr.items[i]->kind != VAL_STRING)
            return false;
    return true;
}

/* A string, or an array of strings: what value_check() takes for a string
 * qualifier without a word (the fast way past it). */
static bool strings_only(const ast_value *v)
{
    if (v->kind == VAL_STRING)
        return true;
    if (v->kind != VAL_ARRAY)
        return false;
    for (size_t i = 0; i < v->u.arr.n; i++)
        if (v->u.arr.items[i]->kind != VAL_STRING)
            return false;
    return true;
}

static void check_value(builder *b, const model_qualdecl *d, const ast_qualifier *q)
{
    const ast_value *v = q->value;
    if (d->type == TYPE_BOOLEAN && !d->array) {
        if (v && v->kind != VAL_BOOL && v->kind != VAL_NULL)
            diag_report(B_DIAG, DIAG_QUALIFIER_TYPE, v->span,
                        "qualifier '%s' needs a boolean value", q->name.name);
        return;
    }
    if (!v) {
        if (!d->def)
            diag_report(B_DIAG, DIAG_QUALIFIER_TYPE, q->name.span, "qualifier '%s' needs a %s%s value",
                        q->name.name, mof_type_name(d->type), d->array ? " array" : "");
        return;
    }
    if (d->fixed_size) {
        char named[300];
        describe(named, sizeof named, "qualifier '", q->name.name, "'", NULL, NULL);
        array_size_check(b, d->fixed_size, v, named);
    }
    /* A single value for an array qualifier stands for a one-element array
     * (DSP0004 writes ValueMap {"1"}; mofcomp and the CIM schema accept
     * both). A list for a scalar qualifier is an error. */
    if (v->kind == VAL_ARRAY && !d->array) {
        diag_report(B_DIAG, DIAG_QUALIFIER_TYPE, v->span,
                    "qualifier '%s' needs a single %s value, not an array", q->name.name,
                    mof_type_name(d->type));
        return;
    }
    /* mofcomp takes numbers for string qualifiers (ValueMap{0,1,2}:amended
     * in Microsoft's own localization examples). */
    if (d->type == TYPE_STRING && b_microsoft(b, q->span) && numbers_only(v))
        return;
    /* mofcomp types Locale by its value: Locale (1033) and the WDK's
     * Locale ("MS\\0x409") alike. */
    if (d->builtin && d->only == DIALECT_WMI && name_eq(d->name, "Locale") && v->kind == VAL_STRING)
        return;
    if (d->type == TYPE_STRING && strings_only(v))
        return;   /* most qualifiers (Description, ValueMap): nothing to say */
    char what[300];
    describe(what, sizeof what, "qualifier '", q->name.name, "'", NULL, NULL);
    value_check(b, d->type, d->array && v->kind == VAL_ARRAY, &v, what);
}

void quals_own(builder *b, const ast_qual_list *list, unsigned scope, const char *what,
               model_quals *out)
{
    out->items = list->n ? arena_alloc(B_ARENA, list->n * sizeof *out->items) : NULL;
    out->n = 0;
    name_index given;
    name_index_init(&given);
    for (size_t i = 0; i < list->n; i++) {
        const ast_qualifier *q = &list->items[i];
        const model_qualdecl *d = lookup(b, q->name.name);
        /* A qualifier of another dialect's tool counts as undeclared, with
         * a note that names the dialect that knows it. */
        mof_dialect known = d && d->builtin ? d->only : DIALECT_AUTO;
        bool foreign = known == DIALECT_WMI ? !b_microsoft(b, q->span)
                     : known == DIALECT_MI && b_dialect(b, q->span) != DIALECT_MI;
        if (foreign)
            d = NULL;
        if (!d) {
            diagnostic *dg = diag_report(B_DIAG, DIAG_UNKNOWN_QUALIFIER, q->name.span,
                                         "qualifier '%s' is not declared", q->name.name);
            if (foreign)
                diag_add_note(B_DIAG, dg, q->name.span,
                              known == DIALECT_MI
                                  ? "'%s' is an MI qualifier (PowerShell DSC, OMI): --dialect=mi "
                                    "reads the file with MI rules"
                                  : "'%s' is a WMI qualifier: --dialect=wmi reads the file with WMI rules",
                              q->name.name);
            /* WMI takes any qualifier; its type is what its value is. */
            model_qualdecl *nd = arena_alloc(B_ARENA, sizeof *nd);
            nd->name = q->name.name;
            nd->type = guess_type(q->value);
            nd->array = q->value && q->value->kind == VAL_ARRAY;
            nd->scopes = SC_ANY | SC_INSTANCE_SCOPE;
            nd->flavors = default_flavors(0);
            nd->span = q->span;
            d = nd;
        } else {
            if (!(d->scopes & scope))
                diag_report(B_DIAG, DIAG_QUALIFIER_SCOPE, q->name.span,
                            "qualifier '%s' is not allowed on %s (%s)", q->name.name,
                            scope_word(scope), what);
            check_value(b, d, q);
        }
        size_t k = name_index_add(&given, q->name.name, out->n);
        if (k != NAME_INDEX_NONE) {
            diagnostic *dg = diag_report(B_DIAG, DIAG_QUALIFIER_TWICE, q->name.span,
                                         "qualifier '%s' given twice on %s", q->name.name, what);
            diag_add_note(B_DIAG, dg, out->items[k].span, "first given here");
            continue;
        }
        out->items[out->n++] = (model_qualifier){.decl = d, .name = q->name.name, .value = q->value,
                                                 .flavors = apply_flavors(d->flavors, q->flavor_bits),
                                                 .span = q->span};
    }
    name_index_free(&given);
}

/* An own qualifier mine overriding the inherited p, which may forbid it. */
static void check_override(builder *b, const model_qualifier *mine, const model_qualifier *p,
                           const model_class *from)
{
    if ((p->flavors & FL_DISABLE_OVERRIDE) && !value_equal(mine->value, p->value)) {
        const model_class *src = p->from ? p->from : from;
        diagnostic *dg = diag_report(B_DIAG, DIAG_QUALIFIER_OVERRIDE, mine->span,
                                     "qualifier '%s' cannot change value: it is "
                                     "DisableOverride in '%s'",
                                     mine->name, src ? src->name : "?");
        diag_add_note(B_DIAG, dg, p->span, "inherited from here");
    }
}

void quals_inherit(builder *b, model_quals *own, const model_quals *parent, const model_class *from)
{
    if (!parent || !parent->n)
        return;
    /* own's names, each inherited one looked up there: O(own + parent). */
    name_index mine;
    name_index_init(&mine);
    for (size_t k = 0; k < own->n; k++)
        name_index_add(&mine, own->items[k].name, k);
    /* Sized for what is inherited (an override such as a class's own
     * Description takes no place), and nothing new when that is none. */
    size_t add = 0;
    for (size_t i = 0; i < parent->n; i++) {
        const model_qualifier *p = &parent->items[i];
        if (!(p->flavors & FL_TO_SUBCLASS))
            continue;
        size_t k = name_index_get(&mine, p->name);
        if (k != NAME_INDEX_NONE)
            check_override(b, &own->items[k], p, from);
        else
            add++;
    }
    if (!add) {
        name_index_free(&mine);
        return;
    }
    model_qualifier *items = arena_alloc(B_ARENA, (own->n + add) * sizeof *items);
    if (own->n)
        memcpy(items, own->items, own->n * sizeof *items);
    size_t n = own->n;
    for (size_t i = 0; i < parent->n; i++) {
        const model_qualifier *p = &parent->items[i];
        if (!(p->flavors & FL_TO_SUBCLASS) || name_index_get(&mine, p->name) != NAME_INDEX_NONE)
            continue;
        items[n] = *p;
        if (!items[n].from)
            items[n].from = from;
        n++;
    }
    name_index_free(&mine);
    own->items = items;
    own->n = n;
}

bool qual_bool(const model_quals *q, const char *name)
{
    const model_qualifier *x = model_find_qualifier(q, name);
    if (!x)
        return false;
    return !x->value || (x->value->kind == VAL_BOOL && x->value->u.b);
}

const char *qual_string(const model_quals *q, const char *name)
{
    const model_qualifier *x = model_find_qualifier(q, name);
    return x && x->value && x->value->kind == VAL_STRING ? x->value->u.str.s : NULL;
}

bool ast_has_qual(const ast_qual_list *q, const char *name, const ast_value **value)
{
    for (size_t i = 0; i < q->n; i++)
        if (name_eq(q->items[i].name.name, name)) {
            if (value)
                *value = q->items[i].value;
            return true;
        }
    return false;
}
