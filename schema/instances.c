/* Instances: class and properties, values against types, aliases (defined
 * once, resolved after all input so they may refer forward), references to
 * instances of the right class, unique keys. WMI's
 * "instance of __Namespace { Name = "x"; }" declares a child namespace. */
#include "schema/check.h"
#include "common/name_index.h"
#include "schema/class_keys.h"
#include "common/strbuf.h"
#include "parser/mof_parse.h"
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static void add_instance(builder *b, model_instance *in)
{
    schema_model *m = b->m;
    if (m->ninstances == m->cap_inst) {
        m->cap_inst = m->cap_inst ? m->cap_inst * 2 : 32;
        m->instances = realloc(m->instances, m->cap_inst * sizeof *m->instances);
        if (!m->instances)
            abort();
    }
    m->instances[m->ninstances++] = in;
}

static model_instance *instance_of(builder *b, const ast_instance *ai, bool top);

/* An embedded instance of the property's class (or a subclass), else
 * MOF2301 at the value, as for a $alias. */
static void embedded_class_ok(builder *b, const model_feature *f, const model_instance *in, mof_span at)
{
    if (in && f->embedded_class && !b_is_subclass(b, in->cls, f->embedded_class))
        diag_report(B_DIAG, DIAG_VALUE_TYPE, at, "embedded instance '%s' needs an instance of '%s', not of '%s'",
                    f->name, f->embedded_class->name, in->cls->name);
}

/* Whether s starts, after blanks, with word (ASCII letters' case ignored),
 * followed by a blank when blank_after. */
static bool starts_with_word(const char *s, const char *word, bool blank_after)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    for (const char *w = word; *w; w++, s++)
        if ((*s | 0x20) != (*w | 0x20))
            return false;
    return !blank_after || *s == ' ' || *s == '\t' || *s == '\r' || *s == '\n';
}

/* A string that holds MOF: "instance of C { ... };" after leading blanks
 * (the text form of an EmbeddedInstance value). */
static bool mof_instance_text(const char *s)
{
    return starts_with_word(s, "instance", true);
}

/* A string that holds CIM-XML already: "<INSTANCE ..." (DSP0201's form of
 * an embedded instance value, written as it is). */
static bool cimxml_instance_text(const char *s)
{
    return starts_with_word(s, "<INSTANCE", true);
}

/* The string parsed as MOF, as a source included from the string (its
 * diagnostics name both places); exactly one instance declaration. */
static model_instance *embedded_from_string(builder *b, const model_feature *f, const ast_value *v)
{
    ast_unit unit = {NULL, 0, 0};
    size_t errors = b->ctx->diag.errors;
    const char *name = arena_printf(B_ARENA, "<embedded instance '%s'>", f->name);
    mof_parse_text_at(b->ctx, name, v->u.str.s, strlen(v->u.str.s), v->span, &unit);
    const ast_instance *ai = NULL;
    size_t n = 0;
    for (size_t i = 0; i < unit.n; i++)
        if (unit.items[i].kind == ITEM_INSTANCE)
            ai = unit.items[i].u.inst, n++;
        else
            n += 2;
    model_instance *in = NULL;
    if (n == 1)
        in = instance_of(b, ai, false);
    else if (b->ctx->diag.errors == errors)   /* not a syntax error already reported */
        diag_report(B_DIAG, DIAG_VALUE_TYPE, v->span,
                    "embedded instance '%s': the string must hold one 'instance of' declaration", f->name);
    return in;
}

/* Embedded instance values: inline `instance of`, a string of MOF, or
 * arrays of them, each checked as an instance of its own class (against
 * the property's EmbeddedInstance class once classes are resolved:
 * embedded_classes_check); kept for export. */
static void check_embedded(builder *b, const model_feature *f, const ast_value *v)
{
    model_instance *in = NULL;
    if (v->kind == VAL_INSTANCE)
        in = instance_of(b, v->u.inst, false);
    else if (v->kind == VAL_STRING && v->u.str.s && mof_instance_text(v->u.str.s))
        in = embedded_from_string(b, f, v);
    else if (v->kind == VAL_STRING && v->u.str.s && f->embedded_class_name && !cimxml_instance_text(v->u.str.s))
        /* No server or client can read it as an instance (mofserve refused
         * to start on it): a defect in every dialect. */
        diag_report(B_DIAG, DIAG_VALUE_TYPE, v->span,
                    "embedded instance '%s' needs an instance of '%s' (instance of, a $alias, or a "
                    "string of MOF or CIM-XML holding one), not this string",
                    f->name, f->embedded_class_name);
    else if (v->kind == VAL_ARRAY)
        for (size_t i = 0; i < v->u.arr.n; i++)
            check_embedded(b, f, v->u.arr.items[i]);
    if (in)
        ptr_map_put(&b->m->embedded, v, in);
}

void embedded_default_build(builder *b, model_feature *f, const char *what)
{
    /* An alias names an instance declared in the file, which a class
     * default cannot (aliases are for instance values): the value check
     * says so. */
    bool alias = f->def->kind == VAL_ALIAS;
    for (size_t i = 0; f->def->kind == VAL_ARRAY && i < f->def->u.arr.n; i++)
        alias = alias || f->def->u.arr.items[i]->kind == VAL_ALIAS;
    if (alias)
        value_check(b, f->type, f->array, &f->def, what);
    else if (value_shape(b, f->array, &f->def, what))
        check_embedded(b, f, f->def);
}

static model_instance *instance_of(builder *b, const ast_instance *ai, bool top)
{
    model_class *c = class_lookup(b, ai->class_name.name, ai->class_name.span);
    if (!c) {
        diagnostic *dg = diag_report(B_DIAG, DIAG_UNKNOWN_CLASS, ai->class_name.span,
                                     "instance of '%s', which is not declared in namespace '%s'",
                                     ai->class_name.name, b->ns->name);
        builtin_class_note(b, dg, ai->class_name.name, ai->class_name.span);
        /* The alias is defined, its instance dropped: uses of it say
         * nothing more (the undeclared class is the one error). */
        if (top && ai->alias.name && !names_get(&b->alias_spans, ai->alias.name))
            names_put(&b->alias_spans, ai->alias.name, (void *)&ai->alias);
        return NULL;
    }
    if (c->abstract) {
        diagnostic *dg = diag_report(B_DIAG, DIAG_ABSTRACT_INSTANCE, ai->class_name.span,
                                     "cannot create an instance of abstract class '%s'", c->name);
        diag_add_note(B_DIAG, dg, c->span, "'%s' is declared here", c->name);
    }
    model_instance *in = arena_alloc(B_ARENA, sizeof *in);
    in->cls = c;
    in->ns = b->ns;
    in->alias = ai->alias.name;
    in->span = ai->span;
    in->props = ai->nprops ? arena_alloc(B_ARENA, ai->nprops * sizeof *in->props) : NULL;
    /* Instance qualifiers: declared ones only; any scope (WMI uses them).
     * Class qualifiers flavored ToInstance reach the instance. */
    quals_own(b, &ai->quals, ~0u, "an instance", &in->quals);
    model_quals to_instance = {NULL, 0};
    if (c->quals.n) {
        to_instance.items = arena_alloc(B_ARENA, c->quals.n * sizeof *to_instance.items);
        for (size_t i = 0; i < c->quals.n; i++)
            if (c->quals.items[i].flavors & FL_TO_INSTANCE) {
                to_instance.items[to_instance.n] = c->quals.items[i];
                to_instance.items[to_instance.n++].flavors |= FL_TO_SUBCLASS;
            }
    }
    quals_inherit(b, &in->quals, &to_instance, c);
    name_index given;   /* the names in in->props */
    name_index_init(&given);
    for (size_t i = 0; i < ai->nprops; i++) {
        const ast_prop_value *p = &ai->props[i];
        size_t k = name_index_get(&given, p->name.name);
        if (k != NAME_INDEX_NONE) {
            diagnostic *dg = diag_report(B_DIAG, DIAG_PROPERTY_TWICE, p->name.span,
                                         "property '%s' is given twice", p->name.name);
            diag_add_note(B_DIAG, dg, in->props[k].span, "first given here");
            continue;
        }
        const model_feature *f = model_find_feature(c, p->name.name);
        /* A system class mofc knows only by name (not among the built-in
         * ones, dialects/) takes any property. */
        bool placeholder = c->system && !c->super && !c->nfeatures;
        if (!placeholder && (!f || f->kind == MF_METHOD)) {
            diag_report(B_DIAG, DIAG_UNKNOWN_PROPERTY, p->name.span, "class '%s' has no property '%s'",
                        c->name, p->name.name);
            continue;
        }
        const ast_value *value = p->value;
        char what[300];
        describe(what, sizeof what, "property '", p->name.name, "'", NULL, NULL);
        model_quals pq = {NULL, 0};
        if (p->quals.n)
            quals_own(b, &p->quals, f && f->kind == MF_REFERENCE ? SC_REFERENCE : SC_PROPERTY, what, &pq);
        if (f && value) {
            if (f->embedded_object || f->embedded_class_name || f->type == TYPE_OBJECT) {
                if (value_shape(b, f->array, &value, what))
                    check_embedded(b, f, value);   /* embedded instance values */
            }
            else
                value_check(b, f->type, f->array, &value, what);
            array_size_check(b, f->fixed_size, value, what);
        }
        name_index_add(&given, p->name.name, in->nprops);
        in->props[in->nprops++] = (model_prop_value){p->name.name, f, value, pq, p->span};
    }
    name_index_free(&given);
    if (top && ai->alias.name) {
        const ast_ident *first = names_get(&b->alias_spans, ai->alias.name);
        if (first) {
            diagnostic *dg = diag_report(B_DIAG, DIAG_ALIAS_TWICE, ai->alias.span,
                                         "alias '$%s' is defined twice", ai->alias.name);
            diag_add_note(B_DIAG, dg, first->span, "first defined here");
        } else {
            names_put(&b->alias_spans, ai->alias.name, (void *)&ai->alias);
            names_put(&b->aliases, ai->alias.name, in);
        }
    }
    return in;
}

void instance_build(builder *b, const ast_instance *ai)
{
    if (name_eq(ai->class_name.name, "__Namespace") && b_wmi(b, ai->span)) {
        for (size_t i = 0; i < ai->nprops; i++)
            if (name_eq(ai->props[i].name.name, "Name") && ai->props[i].value &&
                ai->props[i].value->kind == VAL_STRING)
                ns_get(b, arena_printf(B_ARENA, "%s/%s", b->ns->name, ai->props[i].value->u.str.s));
        return;
    }
    model_instance *in = instance_of(b, ai, true);
    if (in)
        add_instance(b, in);
}

/* ---- after all input --------------------------------------------------- */

/* The class an object path names: "ns:Class.Key=..." or "Class.Key=...". */
static const model_class *path_class(builder *b, const model_namespace *ns, const char *path)
{
    const char *colon = strchr(path, ':'), *dot;
    const char *start = path;
    if (colon && (!(dot = strchr(path, '.')) || colon < dot))
        start = colon + 1;
    size_t n = strcspn(start, ".=");
    char *name = arena_strndup(B_ARENA, start, n);
    (void)b;
    return names_get(&ns->classes, name);
}

static void check_reference(builder *b, const model_instance *in, const model_prop_value *p,
                            const ast_value *v)
{
    const model_feature *f = p->feature;
    const model_class *target = NULL;
    if (v->kind == VAL_ALIAS) {
        const model_instance *t = names_get(&b->aliases, v->u.alias);
        if (!t) {
            if (!names_get(&b->alias_spans, v->u.alias))
                diag_report(B_DIAG, DIAG_UNKNOWN_ALIAS, v->span, "alias '$%s' is not defined", v->u.alias);
            return;
        }
        target = t->cls;
        if (f && f->type == TYPE_REF)
            ptr_map_put(&b->used_as_ref, t, (void *)t);
    } else if (v->kind == VAL_STRING && f && f->type == TYPE_REF) {
        target = path_class(b, in->ns, v->u.str.s);
        if (!target) {
            diag_report(B_DIAG, DIAG_REF_VALUE, v->span,
                        "reference '%s' needs an object path to an instance of '%s'", f->name,
                        f->ref_class_name);
            return;
        }
    } else if (v->kind == VAL_ARRAY) {
        for (size_t i = 0; i < v->u.arr.n; i++)
            check_reference(b, in, p, v->u.arr.items[i]);
        return;
    }
    if (target && f && f->type == TYPE_REF && f->ref_class && !b_is_subclass(b, target, f->ref_class))
        diag_report(B_DIAG, DIAG_REF_VALUE, v->span,
                    "reference '%s' needs an instance of '%s', not of '%s'", f->name,
                    f->ref_class->name, target->name);
    /* $alias as an embedded instance (the DSC form): of the declared class */
    if (target && f && f->type != TYPE_REF && f->embedded_class && !b_is_subclass(b, target, f->embedded_class))
        diag_report(B_DIAG, DIAG_VALUE_TYPE, v->span,
                    "embedded instance '%s' needs an instance of '%s', not of '%s'", f->name,
                    f->embedded_class->name, target->name);
}

static void key_text(strbuf *s, const ast_value *v)
{
    switch (v->kind) {
    case VAL_STRING: strbuf_printf(s, "\"%s\"", v->u.str.s); break;
    case VAL_INT: strbuf_printf(s, "%s%" PRIu64, v->u.i.neg ? "-" : "", v->u.i.mag); break;
    case VAL_BOOL: strbuf_adds(s, v->u.b ? "true" : "false"); break;
    case VAL_ALIAS: strbuf_printf(s, "$%s", v->u.alias); break;
    case VAL_CHAR16: strbuf_printf(s, "'\\x%04" PRIX32 "'", v->u.c16); break;
    case VAL_REAL: strbuf_printf(s, "%.17g", v->u.r); break;
    default: strbuf_adds(s, "null");
    }
}

/* The class of each inline or string embedded instance value of in (and
 * of theirs, nested) against its property's EmbeddedInstance class. */
static void embedded_classes_check(builder *b, const model_instance *in, unsigned depth)
{
    for (size_t k = 0; k < in->nprops && depth < 64; k++) {
        const model_feature *f = in->props[k].feature;
        const ast_value *v = in->props[k].value;
        if (!f || !v || !(f->embedded_object || f->embedded_class_name || f->type == TYPE_OBJECT))
            continue;
        size_t n = v->kind == VAL_ARRAY ? v->u.arr.n : 1;
        for (size_t i = 0; i < n; i++) {
            const ast_value *e = v->kind == VAL_ARRAY ? v->u.arr.items[i] : v;
            const model_instance *made = ptr_map_get(&b->m->embedded, e);
            if (!made)
                continue;
            embedded_class_ok(b, f, made, e->span);
            embedded_classes_check(b, made, depth + 1);
        }
    }
}

/* Drops the instances in gone from the model, keeping the others' order. */
static void drop_instances(schema_model *m, const ptr_map *gone)
{
    size_t n = 0;
    for (size_t i = 0; i < m->ninstances; i++)
        if (!ptr_map_get(gone, m->instances[i]))
            m->instances[n++] = m->instances[i];
    m->ninstances = n;
}

void instances_check(builder *b)
{
    name_table seen;
    names_init(&seen);
    class_keys keys;
    class_keys_init(&keys, B_ARENA);
    /* WMI: mofcomp creates or updates, so a later instance with the same
     * keys replaces the earlier one. latest: first of those keys -> the
     * one that holds them now; replaced: the ones dropped. */
    ptr_map latest = PTR_MAP_INIT, replaced = PTR_MAP_INIT;
    /* Class property defaults given as embedded instances: of the
     * property's class, as in an instance body (classes resolved now). */
    for (size_t n = 0; n < b->m->nns; n++)
        for (size_t i = 0; i < b->m->ns[n]->nclasses; i++) {
            const model_class *c = b->m->ns[n]->class_list[i];
            for (size_t k = 0; k < c->nown; k++) {
                const model_feature *f = c->own[k];
                if (!f->def || f->kind == MF_METHOD || !(f->embedded_class_name || f->embedded_object))
                    continue;
                model_instance holder = {.props = &(model_prop_value){.feature = f, .value = f->def}, .nprops = 1};
                embedded_classes_check(b, &holder, 0);
            }
        }
    for (size_t i = 0; i < b->m->ninstances; i++) {
        model_instance *in = b->m->instances[i];
        for (size_t k = 0; k < in->nprops; k++)
            if (in->props[k].value)
                check_reference(b, in, &in->props[k], in->props[k].value);
        embedded_classes_check(b, in, 0);
        const model_class *c = in->cls;
        /* An instance used as an embedded value ($alias in an
         * EmbeddedInstance or class-typed property: DSC configuration
         * documents) is a value, not stored in the repository: its keys
         * need not be set nor unique. */
        if (!c->nkeys || ptr_map_get(&b->used_as_value, in))
            continue;
        /* Keys are declared in the top keyed class: that is the key space. */
        const model_class *space = class_key_space(&keys, c);
        strbuf key = STRBUF_INIT;
        strbuf_printf(&key, "%s:%s", in->ns->name, space->name);
        strbuf shown = STRBUF_INIT;
        bool run_time_keys = false;
        /* The given key values, by feature: one pass over the values. */
        ptr_map given = PTR_MAP_INIT;
        for (size_t p = 0; p < in->nprops; p++)
            if (in->props[p].feature && in->props[p].feature->key)
                ptr_map_put(&given, in->props[p].feature, &in->props[p]);
        for (const model_feature *const *kf = class_keys_of(&keys, c); *kf; kf++) {
            const model_feature *f = *kf;
            const model_prop_value *pv = ptr_map_get(&given, f);
            const ast_value *v = pv ? pv->value : NULL;
            bool dynamic = pv && !v;
            /* A WMI DYNPROPS entry ([Dynamic, Provider (...)] Id;): the
             * provider sets the key at run time, so the instance's keys
             * are unknown here and not compared. */
            if (dynamic) {
                run_time_keys = true;
                continue;
            }
            if (!v)
                v = f->def;
            if (!v) {
                diag_report(B_DIAG, DIAG_KEY_UNSET, in->span, "instance of '%s' leaves key '%s' unset",
                            c->name, f->name);
                continue;
            }
            /* The table ignores case; key values must not, so they go in
             * as hex. */
            strbuf tmp = STRBUF_INIT;
            key_text(&tmp, v);
            strbuf_printf(&key, "\x1f%s=", f->name);
            for (size_t j = 0; j < tmp.len; j++)
                strbuf_printf(&key, "%02x", (unsigned char)tmp.data[j]);
            strbuf_free(&tmp);
            if (shown.len)
                strbuf_adds(&shown, ", ");
            strbuf_printf(&shown, "%s = ", f->name);
            key_text(&shown, v);
        }
        ptr_map_free(&given);
        char *k = arena_strdup(B_ARENA, key.data);
        const model_instance *other = run_time_keys ? NULL : names_put(&seen, k, in);
        if (other) {
            diagnostic *dg = diag_report(B_DIAG, DIAG_DUPLICATE_INSTANCE, in->span,
                                         "another instance of '%s' has the same keys (%s)", space->name,
                                         shown.data ? shown.data : "");
            diag_add_note(B_DIAG, dg, other->span, "the other instance is here");
            if (b_wmi(b, in->span)) {
                diag_add_note(B_DIAG, dg, in->span,
                              "mofcomp updates the instance: this later one replaces it");
                const model_instance *now = ptr_map_get(&latest, other);
                ptr_map_put(&replaced, now ? now : other, (void *)other);
                ptr_map_put(&latest, other, in);
            }
        }
        strbuf_free(&key);
        strbuf_free(&shown);
    }
    names_free(&seen);
    class_keys_free(&keys);
    if (replaced.count)
        drop_instances(b->m, &replaced);
    ptr_map_free(&latest);
    ptr_map_free(&replaced);
}
