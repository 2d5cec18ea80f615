/* schema_build: one pass over the AST in source order (namespaces,
 * qualifier declarations, classes), then what may refer forward: reference
 * and EmbeddedInstance classes, instances and their aliases. */
#include "schema/check.h"
#include "schema/feature_map.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

schema_model *schema_build(mofc_ctx *ctx, const ast_unit *unit)
{
    builder bb;
    memset(&bb, 0, sizeof bb);
    bb.ctx = ctx;
    builder *b = &bb;
    b->m = arena_alloc(&ctx->arena, sizeof *b->m);
    names_init(&b->m->namespaces);
    names_init(&b->aliases);
    names_init(&b->alias_spans);
    uint32_t top = 0;
    for (size_t i = 0; i < unit->n && !ctx->diag.stopped; i++) {
        const ast_item *it = &unit->items[i];
        mof_span sp = it->kind == ITEM_PRAGMA ? it->u.pragma->span
                    : it->kind == ITEM_CLASS ? it->u.cls->span
                    : it->kind == ITEM_INSTANCE ? it->u.inst->span : it->u.qdecl->span;
        /* Each file named on the command line starts in the default
         * namespace; included files continue their includer's. */
        source_file *f = source_get(&ctx->sources, sp.file);
        while (f && f->included_from.file)
            f = source_get(&ctx->sources, f->included_from.file);
        if (f && f->id != top) {
            top = f->id;
            b->ns = ns_get(b, ns_default(b, (mof_span){top, 0, 0}));
        }
        switch (it->kind) {
        case ITEM_PRAGMA: ns_pragma(b, it->u.pragma); break;
        case ITEM_QUALIFIER_DECL: qualdecl_add(b, it->u.qdecl); break;
        case ITEM_CLASS: class_build(b, it->u.cls); break;
        case ITEM_INSTANCE: instance_build(b, it->u.inst); break;
        }
    }
    ns_drop_replaced(b);
    classes_resolve(b);
    dsc_rules_check(b);
    embedded_graph_check(b);
    instances_check(b);
    /* Named only as an embedded value: a value; named by a reference too,
     * it is an instance the reference points at. */
    for (size_t i = 0; i < b->m->ninstances; i++) {
        model_instance *in = b->m->instances[i];
        in->value_only = ptr_map_get(&b->used_as_value, in) && !ptr_map_get(&b->used_as_ref, in);
    }
    ptr_map_free(&b->used_as_value);
    ptr_map_free(&b->used_as_ref);
    b->m->aliases = b->aliases;   /* the model keeps them (export) */
    names_free(&b->alias_spans);
    return b->m;
}

void schema_free(schema_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nns; i++) {
        names_free(&m->ns[i]->classes);
        names_free(&m->ns[i]->qualdecls);
        free(m->ns[i]->class_list);
    }
    free(m->ns);
    free(m->instances);
    names_free(&m->namespaces);
    ptr_map_free(&m->embedded);
    names_free(&m->aliases);
}

const model_class *model_find_class(const model_namespace *ns, const char *name)
{
    return names_get(&ns->classes, name);
}

const model_feature *model_find_feature(const model_class *c, const char *name)
{
    return fmap_get(c->fmap, name);
}

const model_feature **model_class_features(const model_class *c)
{
    if (!c->nfeatures)
        return NULL;
    const model_feature **out = calloc(c->nfeatures, sizeof *out);
    if (!out) {
        fputs("mofc: out of memory\n", stderr);
        abort();
    }
    /* From the class up: the first feature met for a place is the most
     * derived one. */
    size_t filled = 0;
    for (const model_class *k = c->nown ? c : c->feat_parent; k && filled < c->nfeatures;
         k = k->feat_parent)
        for (size_t i = 0; i < k->nown; i++) {
            const model_feature *f = k->own[i];
            if (f->slot < c->nfeatures && !out[f->slot]) {
                out[f->slot] = f;
                filled++;
            }
        }
    return out;
}

const model_qualifier *model_find_qualifier(const model_quals *q, const char *name)
{
    for (size_t i = 0; i < q->n; i++)
        if (name_eq(q->items[i].name, name))
            return &q->items[i];
    return NULL;
}

bool model_is_subclass(const model_class *c, const model_class *ancestor)
{
    for (; c; c = c->super)
        if (c == ancestor)
            return true;
    return false;
}
