/* Classes and their features: superclass, inheritance in declaration
 * order, Override, keys, associations and references; then, once every
 * class is known, reference and EmbeddedInstance classes. */
#include "schema/check.h"
#include "schema/feature_map.h"
#include "common/name_index.h"
#include <stdlib.h>
#include <string.h>

static const char *kind_word(model_feature_kind k)
{
    return k == MF_PROPERTY ? "property" : k == MF_REFERENCE ? "reference" : "method";
}

/* A WMI system class (__Namespace, __Event, ...): known to mofcomp in
 * every namespace, so a WMI file may derive from one without declaring it. */
static model_class *system_class(builder *b, const char *name)
{
    model_class *c = arena_alloc(B_ARENA, sizeof *c);
    c->name = arena_strdup(B_ARENA, name);
    c->ns = b->ns;
    c->system = true;
    c->dialect = DIALECT_WMI;
    ns_add_class(b, b->ns, c);
    return c;
}

model_class *class_lookup(builder *b, const char *name, mof_span at)
{
    model_class *c = names_get(&b->ns->classes, name);
    if (!c)
        c = builtin_class(b, b->ns, name, b_dialect(b, at));
    if (!c && name[0] == '_' && name[1] == '_' && b_wmi(b, at))
        c = system_class(b, name);
    return c;
}

static void param_build(builder *b, model_param *p, const ast_param *ap, const char *method)
{
    p->name = ap->name.name;
    p->type = ap->type.type;
    p->array = ap->type.array;
    p->fixed_size = ap->type.fixed ? ap->type.size : 0;
    p->span = ap->span;
    p->type_span = ap->type.name.span;
    if (p->type == TYPE_REF)
        p->ref_class_name = ap->type.name.name;
    char what[300];
    describe(what, sizeof what, "parameter '", p->name, "' of '", method, "'");
    quals_own(b, &ap->quals, SC_PARAMETER, what, &p->quals);
    bool in = model_find_qualifier(&p->quals, "In") != NULL;
    p->out = qual_bool(&p->quals, "Out");
    /* DSP0004: In defaults to true; an [Out] alone is output only. */
    p->in = in ? qual_bool(&p->quals, "In") : !p->out;
    p->required = qual_bool(&p->quals, "Required");
    p->embedded_class_name = qual_string(&p->quals, "EmbeddedInstance");
    p->embedded_object = qual_bool(&p->quals, "EmbeddedObject");
    if (ap->type.class_typed) {
        p->class_typed = true;
        p->embedded_class_name = ap->type.name.name;
    }
    p->vmap = valuemap_build(b, &p->quals, p->type, what);
}

/* Override("X") names the inherited feature this one replaces. */
static const char *override_name(const ast_feature *af)
{
    const ast_value *v;
    if (ast_has_qual(&af->quals, "Override", &v) && v && v->kind == VAL_STRING)
        return v->u.str.s;
    return NULL;
}

static bool same_type(const model_feature *a, const model_feature *b)
{
    return a->type == b->type && a->array == b->array;
}

static model_feature *feature_build(builder *b, model_class *c, const ast_feature *af,
                                    const model_feature *over)
{
    model_feature *f = arena_alloc(B_ARENA, sizeof *f);
    f->kind = af->kind == FEAT_PROPERTY ? MF_PROPERTY : af->kind == FEAT_REFERENCE ? MF_REFERENCE
                                                                                     : MF_METHOD;
    f->name = af->name.name;
    f->type = af->type.type;
    f->array = af->type.array;
    f->fixed_size = af->type.fixed ? af->type.size : 0;
    f->def = af->def;
    f->origin = c;
    f->overrides = over;
    f->span = af->span;
    f->type_span = af->type.name.span;
    if (f->type == TYPE_REF)
        f->ref_class_name = af->type.name.name;
    char what[300];
    const char *parts[] = {kind_word(f->kind), " '", c->name, ".", f->name, "'"};
    describe_parts(what, sizeof what, parts, 6);
    unsigned scope = f->kind == MF_PROPERTY ? SC_PROPERTY : f->kind == MF_REFERENCE ? SC_REFERENCE
                                                                                      : SC_METHOD;
    quals_own(b, &af->quals, scope, what, &f->quals);
    if (over) {
        quals_inherit(b, &f->quals, &over->quals, over->origin);
        if (!f->def)
            f->def = over->def;
    }
    f->key = qual_bool(&f->quals, "Key");
    f->required = qual_bool(&f->quals, "Required");
    f->embedded_class_name = qual_string(&f->quals, "EmbeddedInstance");
    f->embedded_object = qual_bool(&f->quals, "EmbeddedObject");
    if (af->type.class_typed) {
        f->class_typed = true;
        f->embedded_class_name = af->type.name.name;
    }
    if (af->def && f->kind != MF_METHOD) {
        if (f->embedded_object || f->embedded_class_name || f->type == TYPE_OBJECT)
            embedded_default_build(b, f, what);   /* instance values, as in an instance body */
        else
            value_check(b, f->type, f->array, &f->def, what);
        array_size_check(b, f->fixed_size, f->def, what);
    }
    f->vmap = valuemap_build(b, &f->quals, f->type, what);
    if (af->nparams) {
        f->params = arena_alloc(B_ARENA, af->nparams * sizeof *f->params);
        name_index declared;
        name_index_init(&declared);
        for (size_t i = 0; i < af->nparams; i++) {
            size_t k = name_index_add(&declared, af->params[i].name.name, f->nparams);
            if (k != NAME_INDEX_NONE) {
                diagnostic *dg = diag_report(B_DIAG, DIAG_PARAM_TWICE, af->params[i].name.span,
                                             "parameter '%s' is declared twice in method '%s'",
                                             af->params[i].name.name, f->name);
                diag_add_note(B_DIAG, dg, f->params[k].span, "first declared here");
                continue;
            }
            param_build(b, &f->params[f->nparams++], &af->params[i], f->name);
        }
        name_index_free(&declared);
    }
    return f;
}

static void check_override(builder *b, const model_feature *f, const model_feature *o,
                           const ast_feature *af)
{
    if (f->kind != o->kind) {
        diagnostic *dg = diag_report(B_DIAG, DIAG_BAD_OVERRIDE, af->name.span,
                                     "%s '%s' cannot override the %s '%s' of '%s'",
                                     kind_word(f->kind), f->name, kind_word(o->kind), o->name,
                                     o->origin->name);
        diag_add_note(B_DIAG, dg, o->span, "overridden %s is here", kind_word(o->kind));
        return;
    }
    if (!same_type(f, o)) {
        diagnostic *dg = diag_report(B_DIAG, DIAG_BAD_OVERRIDE, af->type.name.span,
                                     "'%s' overrides '%s.%s' with type %s%s instead of %s%s", f->name,
                                     o->origin->name, o->name, mof_type_name(f->type),
                                     f->array ? "[]" : "", mof_type_name(o->type), o->array ? "[]" : "");
        diag_add_note(B_DIAG, dg, o->span, "overridden %s is here", kind_word(o->kind));
    }
}

void class_build(builder *b, const ast_class *ac)
{
    keep_class_tree(b, (ast_class *)ac);   /* the tree is this run's */
    model_class *c = arena_alloc(B_ARENA, sizeof *c);
    c->name = ac->name.name;
    c->ns = b->ns;
    c->span = ac->span;
    c->name_span = ac->name.span;
    c->dialect = b_dialect(b, ac->span);
    c->system = b->in_builtin;
    c->alias = ac->alias.name;
    model_class *prev = names_get(&b->ns->classes, c->name);
    /* mofcomp creates or updates a class: a later declaration replaces
     * the earlier one (docs/dialects.md), unless classes already derive
     * from the earlier one, which mofcomp refuses to change unless forced.
     * DSP0004 forbids the second declaration: checked, not registered. */
    bool replace = prev && c->dialect != DIALECT_DMTF && !prev->has_subclass && !prev->system;
    if (prev) {
        diagnostic *dg = diag_report(B_DIAG, DIAG_CLASS_TWICE, ac->name.span,
                                     "class '%s' is declared twice in namespace '%s'", c->name,
                                     b->ns->name);
        diag_add_note(B_DIAG, dg, prev->span, "first declared here");
        if (replace)
            diag_add_note(B_DIAG, dg, ac->name.span, "this later declaration replaces it, as "
                          "mofcomp updates a class");
        else if (c->dialect != DIALECT_DMTF && prev->has_subclass)
            diag_add_note(B_DIAG, dg, ac->name.span, "the first declaration is kept: classes "
                          "derive from it, and mofcomp does not update a class that has "
                          "subclasses");
        if (!replace)
            c->invalid = true;   /* checked, but not registered */
    }
    if (ac->super.name) {
        model_class *sup = class_lookup(b, ac->super.name, ac->super.span);
        c->super = sup;
        if (sup)
            sup->has_subclass = true;
        if (!c->super) {
            diagnostic *dg = diag_report(B_DIAG, DIAG_UNKNOWN_SUPERCLASS, ac->super.span,
                                         "superclass '%s' of '%s' is not declared (before this point)",
                                         ac->super.name, c->name);
            builtin_class_note(b, dg, ac->super.name, ac->super.span);
            c->invalid = true;
        }
    }
    const model_class *sup = c->super;
    const ast_value *av = NULL;
    bool own_assoc = ast_has_qual(&ac->quals, "Association", &av) && (!av || (av->kind == VAL_BOOL && av->u.b));
    c->association = own_assoc || (sup && sup->association);
    bool own_ind = ast_has_qual(&ac->quals, "Indication", &av) && (!av || (av->kind == VAL_BOOL && av->u.b));
    c->indication = own_ind || (sup && sup->indication);
    char what[300];
    describe(what, sizeof what, "class '", c->name, "'", NULL, NULL);
    unsigned scope = c->association ? SC_ASSOCIATION : c->indication ? SC_INDICATION : SC_CLASS;
    quals_own(b, &ac->quals, scope, what, &c->quals);
    c->abstract = qual_bool(&c->quals, "Abstract");   /* Restricted: not inherited */
    if (sup)
        quals_inherit(b, &c->quals, &sup->quals, sup);
    if (own_assoc && sup && !sup->association && !sup->system) {
        diagnostic *dg = diag_report(B_DIAG, DIAG_ASSOC_SUPER, ac->super.span,
                                     "association '%s' cannot derive from '%s', which is not an "
                                     "association", c->name, sup->name);
        diag_add_note(B_DIAG, dg, sup->span, "'%s' is declared here", sup->name);
    }

    /* Features: the inherited ones first, in their order; an override
     * takes the place of what it overrides. Inherited ones are shared
     * through the superclass's map, not copied. */
    c->nfeatures = sup ? sup->nfeatures : 0;
    c->fmap = sup ? sup->fmap : NULL;
    c->own = ac->nfeatures ? arena_alloc(B_ARENA, ac->nfeatures * sizeof *c->own) : NULL;
    c->nkeys = sup ? sup->nkeys : 0;
    size_t inherited_keys = c->nkeys;
    size_t refs = 0;
    for (size_t i = 0; i < ac->nfeatures; i++) {
        const ast_feature *af = &ac->features[i];
        /* Own names are unique, properties and methods alike. */
        const model_feature *same = fmap_get(c->fmap, af->name.name);
        if (same && same->origin == c) {
            diagnostic *dg = diag_report(B_DIAG, DIAG_FEATURE_TWICE, af->name.span,
                                         "'%s' is declared twice in class '%s'", af->name.name,
                                         c->name);
            diag_add_note(B_DIAG, dg, same->span, "first declared here");
            continue;
        }
        const char *oname = override_name(af);
        const model_feature *over = fmap_get(c->fmap, oname ? oname : af->name.name);
        if (over && over->origin == c)
            over = NULL;
        if (oname && !over) {
            const char *kw = af->kind == FEAT_METHOD ? "method" : af->kind == FEAT_REFERENCE ? "reference"
                                                                                           : "property";
            diag_report(B_DIAG, DIAG_OVERRIDE_UNKNOWN, af->name.span,
                        "'Override (\"%s\")' on '%s': class '%s' inherits no %s '%s'", oname,
                        af->name.name, c->name, kw, oname);
        }
        model_feature *f = feature_build(b, c, af, over);
        if (over) {
            if (!oname) {
                diagnostic *dg = diag_report(B_DIAG, DIAG_HIDDEN_FEATURE, af->name.span,
                                             "'%s' hides the inherited %s of '%s' without 'Override'",
                                             f->name, kind_word(over->kind), over->origin->name);
                diag_add_note(B_DIAG, dg, over->span, "inherited %s is here", kind_word(over->kind));
            } else {
                check_override(b, f, over, af);
            }
            f->slot = over->slot;
            c->nkeys -= over->key;
            /* Override ("Old") on New: the place is New's now. */
            if (!name_eq(over->name, f->name))
                c->fmap = fmap_put(B_ARENA, c->fmap, c, over->name, NULL);
        } else {
            f->slot = c->nfeatures++;
        }
        c->fmap = fmap_put(B_ARENA, c->fmap, c, f->name, f);
        c->own[c->nown++] = f;
        c->nkeys += f->key;
        refs += f->kind == MF_REFERENCE;
        if (f->key) {
            /* In a DSC resource, MOF2603 says it (dialects/dsc_rules.c). */
            if (f->array && !(c->dialect == DIALECT_MI && dsc_derives(c)))
                diag_report(B_DIAG, DIAG_KEY_ARRAY, af->name.span, "key property '%s' cannot be an array",
                            f->name);
            if (inherited_keys && !(over && over->key)) {
                diagnostic *dg = diag_report(B_DIAG, DIAG_KEY_ADDED, af->name.span,
                                             "class '%s' cannot add key '%s': '%s' already has keys",
                                             c->name, f->name, sup->name);
                diag_add_note(B_DIAG, dg, sup->span, "'%s' is declared here", sup->name);
            }
        }
        if (f->kind == MF_REFERENCE && !c->association && !c->system)
            diag_report(B_DIAG, DIAG_REF_OUTSIDE_ASSOC, af->name.span,
                                "reference property '%s' in '%s', which is not an association",
                                f->name, c->name);
    }
    /* Without a superclass every feature is own, so refs counts them all. */
    if (own_assoc && !sup && refs < 2)
        diag_report(B_DIAG, DIAG_ASSOC_REFS, ac->name.span,
                            "association '%s' needs at least two references, it has %zu", c->name, refs);
    if (replace) {
        c->replaced = prev;
        b->nreplaced++;   /* prev leaves class_list in ns_drop_replaced */
    }
    if (!prev || replace)
        ns_add_class(b, b->ns, c);
    keep_model_class(b, c);
}

/* ---- after all input: classes named by references and EmbeddedInstance */

static const model_class *find_anywhere(builder *b, const model_class *from, const char *name)
{
    const model_namespace *home = from->ns;
    const model_class *c = names_get(&home->classes, name);
    for (size_t i = 0; !c && i < b->m->nns; i++)
        c = names_get(&b->m->ns[i]->classes, name);
    if (!c)
        c = builtin_class(b, (model_namespace *)home, name, from->dialect);
    return c;
}

static void resolve_ref(builder *b, const model_class *c, const char *what_name, mof_type t,
                        const char *ref_name, const model_class **ref, mof_span at)
{
    if (t != TYPE_REF || !ref_name)
        return;
    *ref = names_get(&c->ns->classes, ref_name);
    if (!*ref)
        *ref = builtin_class(b, (model_namespace *)c->ns, ref_name, c->dialect);
    /* WMI's "object ref" is a reference to an instance of any class. */
    if (!*ref && !(c->dialect != DIALECT_DMTF && name_eq(ref_name, "object")))
        builtin_class_note(b, diag_report(B_DIAG, DIAG_UNKNOWN_REF_CLASS, at,
                                          "reference '%s' names class '%s', which is not declared",
                                          what_name, ref_name),
                           ref_name, at);
}

static void resolve_embedded(builder *b, const model_class *c, const char *ename,
                             const model_class **out, mof_span at)
{
    if (!ename)
        return;
    *out = find_anywhere(b, c, ename);
    if (!*out)
        builtin_class_note(b, diag_report(B_DIAG, DIAG_UNKNOWN_EMBEDDED, at,
                                          "EmbeddedInstance names class '%s', which is not declared",
                                          ename),
                           ename, at);
}

/* A class as the type of a property or parameter: an embedded instance of
 * it in WMI and MI (mofcomp's 'object:Class', MI's MI_INSTANCE with a class
 * name); WMI's and MI's language, so an error in a DMTF file. */
static void resolve_class_type(builder *b, const model_class *c, const char *what, const char *ename,
                               const model_class **out, mof_span at)
{
    *out = find_anywhere(b, c, ename);
    if (!*out) {
        /* A built-in class of another dialect (__Win32Provider in a DMTF
         * file, MSFT_Credential in a WMI one): the note names the dialect. */
        builtin_class_note(b, diag_report(B_DIAG, DIAG_UNKNOWN_TYPE, at,
                                          "unknown data type '%s' (no class of that name)", ename),
                           ename, at);
        return;
    }
    diagnostic *dg = diag_report(B_DIAG, DIAG_CLASS_TYPED, at,
                                 "class '%s' as the type of %s is a WMI and MI extension (an "
                                 "embedded instance)", ename, what);
    diag_add_note(B_DIAG, dg, at,
                  "--dialect=wmi or --dialect=mi reads it; DSP0004 writes 'string' with "
                  "EmbeddedInstance (\"%s\")", ename);
}

void classes_resolve(builder *b)
{
    for (size_t n = 0; n < b->m->nns; n++) {
        model_namespace *ns = b->m->ns[n];
        for (size_t i = 0; i < ns->nclasses; i++) {
            model_class *c = ns->class_list[i];
            for (size_t k = 0; k < c->nown; k++) {
                model_feature *f = c->own[k];
                resolve_ref(b, c, f->name, f->type, f->ref_class_name, &f->ref_class, f->type_span);
                const model_qualifier *eq = model_find_qualifier(&f->quals, "EmbeddedInstance");
                char what[300];
                if (f->class_typed) {
                    describe(what, sizeof what, "property '", c->name, ".", f->name, "'");
                    resolve_class_type(b, c, what, f->embedded_class_name, &f->embedded_class,
                                       f->type_span);
                } else if (eq && !eq->from)
                    resolve_embedded(b, c, f->embedded_class_name, &f->embedded_class, eq->span);
                else if (f->embedded_class_name)
                    f->embedded_class = find_anywhere(b, c, f->embedded_class_name);
                if (f->overrides && f->ref_class && f->overrides->ref_class &&
                    !b_is_subclass(b, f->ref_class, f->overrides->ref_class))
                    diag_report(B_DIAG, DIAG_REF_NARROWING, f->type_span,
                                "reference '%s' can narrow '%s' only to a subclass, and '%s' is not "
                                "one", f->name, f->overrides->ref_class->name, f->ref_class->name);
                for (size_t p = 0; p < f->nparams; p++) {
                    model_param *pa = &f->params[p];
                    resolve_ref(b, c, pa->name, pa->type, pa->ref_class_name, &pa->ref_class, pa->type_span);
                    const model_qualifier *pq = model_find_qualifier(&pa->quals, "EmbeddedInstance");
                    if (pa->class_typed) {
                        describe(what, sizeof what, "parameter '", pa->name, "' of '", f->name, "'");
                        resolve_class_type(b, c, what, pa->embedded_class_name, &pa->embedded_class,
                                           pa->type_span);
                    } else if (pq)
                        resolve_embedded(b, c, pa->embedded_class_name, &pa->embedded_class, pq->span);
                }
            }
        }
    }
}
