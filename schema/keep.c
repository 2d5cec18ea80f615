/* What the model keeps of a parse tree that is freed once its file is
 * validated (mofc check, gen and export build the model file by file, so
 * the tree costs one file at a time): the names and values the model
 * points at are copied out of the tree before the model is built from it,
 * and the tree's own lists and nodes go with the file.
 *
 * The texts of documentation qualifiers are the exception: Description
 * alone is most of a schema's text (2.6 of CIM 2.49's 5.5 MB), and
 * validation reads none of them. A run that keeps no text (mofc check)
 * has an empty value in their place, unless the qualifier is
 * DisableOverride there (a subclass's value is compared with it). */
#include "schema/check.h"
#include <string.h>

/* What an unkept documentation qualifier holds in the model. */
static const ast_value unkept_text = {.kind = VAL_STRING, .u.str = {"", 0}};
static const ast_value unkept_list = {.kind = VAL_ARRAY};

/* Qualifiers that document (DSP0004's standard ones, read by people and
 * emitters): validation reads no value of theirs. */
/* name_eq(n, lit) for a name of lit's length, quick when the first
 * letters differ or the spelling is lit's (nearly always). */
static bool is(const char *n, const char *lit)
{
    return ((n[0] ^ lit[0]) & ~0x20) == 0 && (!strcmp(n, lit) || name_eq(n, lit));
}

static bool documents(const char *n)
{
    /* by length first: every qualifier with a value passes here twice */
    switch (strlen(n)) {
    case 5: return is(n, "Units") || is(n, "PUnit");
    case 10: return is(n, "Deprecated");
    case 11: return is(n, "Description") || is(n, "DisplayName");
    case 14: return is(n, "MappingStrings") || is(n, "UMLPackagePath");
    case 19: return is(n, "ModelCorrespondence");
    default: return false;
    }
}

/* Values the model keeps only where validation reads them. */
static bool unkept(builder *b, const char *name, const ast_value *v)
{
    return !b->keep_text && v && (v->kind == VAL_STRING || v->kind == VAL_ARRAY) && documents(name);
}

const char *keep_name(builder *b, const char *s)
{
    return s ? arena_strdup(B_ARENA, s) : NULL;
}

static void keep_ident(builder *b, ast_ident *id)
{
    id->name = keep_name(b, id->name);
}

static ast_instance *keep_instance_copy(builder *b, const ast_instance *ai);

ast_value *keep_value(builder *b, const ast_value *v)
{
    if (!v)
        return NULL;
    /* one allocation for the node and its text or list */
    size_t more = v->kind == VAL_STRING ? v->u.str.len + 1
                : v->kind == VAL_ARRAY ? v->u.arr.n * sizeof *v->u.arr.items : 0;
    ast_value *c = arena_alloc_raw(B_ARENA, sizeof *c + more);
    *c = *v;
    switch (v->kind) {
    case VAL_STRING: {
        char *s = (char *)(c + 1);
        memcpy(s, v->u.str.s, v->u.str.len + 1);
        c->u.str.s = s;
        break;
    }
    case VAL_ALIAS: c->u.alias = keep_name(b, v->u.alias); break;
    case VAL_ARRAY:
        c->u.arr.items = v->u.arr.n ? (ast_value **)(c + 1) : NULL;
        for (size_t i = 0; i < v->u.arr.n; i++)
            c->u.arr.items[i] = keep_value(b, v->u.arr.items[i]);
        break;
    case VAL_INSTANCE: c->u.inst = keep_instance_copy(b, v->u.inst); break;
    default: break;
    }
    return c;
}

/* The values of a qualifier list, in place (the list is the tree's, and
 * goes with it); the names, and the values of documentation qualifiers,
 * are left to keep_own_quals, which runs on the model built from it. */
static void keep_quals(builder *b, ast_qual_list *q)
{
    for (size_t i = 0; i < q->n; i++) {
        ast_qualifier *x = &q->items[i];
        if (!unkept(b, x->name.name, x->value))
            x->value = keep_value(b, x->value);
    }
}

static ast_qual_list copy_quals(builder *b, const ast_qual_list *q)
{
    ast_qual_list c = *q;
    c.items = q->n ? arena_alloc_raw(B_ARENA, q->n * sizeof *c.items) : NULL;
    for (size_t i = 0; i < q->n; i++) {
        c.items[i] = q->items[i];
        keep_ident(b, &c.items[i].name);
        c.items[i].value = keep_value(b, q->items[i].value);
    }
    return c;
}

/* Instances are few (a schema is classes): copied whole, with their
 * lists, since the model keeps pointers to their parts (aliases). */
static ast_instance *keep_instance_copy(builder *b, const ast_instance *ai)
{
    ast_instance *c = arena_alloc_raw(B_ARENA, sizeof *c);
    *c = *ai;
    c->quals = copy_quals(b, &ai->quals);
    keep_ident(b, &c->class_name);
    keep_ident(b, &c->alias);
    c->props = ai->nprops ? arena_alloc_raw(B_ARENA, ai->nprops * sizeof *c->props) : NULL;
    for (size_t i = 0; i < ai->nprops; i++) {
        ast_prop_value *p = &c->props[i];
        *p = ai->props[i];
        p->quals = copy_quals(b, &ai->props[i].quals);
        keep_ident(b, &p->name);
        p->value = keep_value(b, p->value);
    }
    return c;
}

const ast_instance *keep_instance(builder *b, const ast_instance *ai)
{
    return b->transient ? keep_instance_copy(b, ai) : ai;
}

void keep_qualdecl(builder *b, ast_qualifier_decl *q)
{
    if (!b->transient)
        return;
    keep_ident(b, &q->name);
    q->def = keep_value(b, q->def);
}

void keep_class_tree(builder *b, ast_class *ac)
{
    if (!b->transient || b->in_builtin)
        return;
    keep_ident(b, &ac->name);
    keep_ident(b, &ac->alias);
    keep_quals(b, &ac->quals);
    for (size_t i = 0; i < ac->nfeatures; i++) {
        ast_feature *f = &ac->features[i];
        keep_ident(b, &f->name);
        if (f->type.type == TYPE_REF || f->type.class_typed)   /* the model names it */
            keep_ident(b, &f->type.name);
        keep_quals(b, &f->quals);
        f->def = keep_value(b, f->def);
        for (size_t k = 0; k < f->nparams; k++) {
            ast_param *p = &f->params[k];
            keep_ident(b, &p->name);
            if (p->type.type == TYPE_REF || p->type.class_typed)
                keep_ident(b, &p->type.name);
            keep_quals(b, &p->quals);
        }
    }
}

/* The qualifiers of a list built from the tree (not those it inherits):
 * the name, shared with the declaration when spelled the same (most
 * are), and the values keep_quals left. An undeclared qualifier's
 * declaration was made for it, with its name. */
static void keep_own_quals(builder *b, model_quals *q)
{
    for (size_t i = 0; i < q->n; i++) {
        model_qualifier *x = &q->items[i];
        if (x->from)
            continue;
        const char *name = x->name;
        model_qualdecl *d = (model_qualdecl *)x->decl;
        if (d->name == name)
            d->name = keep_name(b, name);
        x->name = !strcmp(d->name, name) ? d->name : keep_name(b, name);
        if (unkept(b, name, x->value))
            x->value = x->flavors & FL_DISABLE_OVERRIDE ? keep_value(b, x->value)
                     : x->value->kind == VAL_ARRAY ? &unkept_list : &unkept_text;
    }
}

void keep_model_class(builder *b, model_class *c)
{
    if (!b->transient || b->in_builtin)
        return;
    keep_own_quals(b, &c->quals);
    for (size_t i = 0; i < c->nown; i++) {
        model_feature *f = c->own[i];
        keep_own_quals(b, &f->quals);
        for (size_t k = 0; k < f->nparams; k++)
            keep_own_quals(b, &f->params[k].quals);
    }
}
