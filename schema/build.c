/* schema_build: one pass over the AST in source order (namespaces,
 * qualifier declarations, classes), then what may refer forward: reference
 * and EmbeddedInstance classes, instances and their aliases. */
#include "schema/check.h"
#include "schema/feature_map.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static builder *start(mofc_ctx *ctx)
{
    builder *b = calloc(1, sizeof *b);
    if (!b) {
        fputs("mofc: out of memory\n", stderr);
        abort();
    }
    b->ctx = ctx;
    b->m = arena_alloc(&ctx->arena, sizeof *b->m);
    names_init(&b->m->namespaces);
    names_init(&b->aliases);
    names_init(&b->alias_spans);
    return b;
}

static void build_item(builder *b, const ast_item *it)
{
    mofc_ctx *ctx = b->ctx;
    if (ctx->diag.stopped)
        return;
    mof_span sp = it->kind == ITEM_PRAGMA ? it->u.pragma->span
                : it->kind == ITEM_CLASS ? it->u.cls->span
                : it->kind == ITEM_INSTANCE ? it->u.inst->span : it->u.qdecl->span;
    /* Each file named on the command line starts in the default
     * namespace; included files continue their includer's. */
    source_file *f = source_get(&ctx->sources, sp.file);
    while (f && f->included_from.file)
        f = source_get(&ctx->sources, f->included_from.file);
    if (f && f->id != b->top) {
        b->top = f->id;
        b->ns = ns_get(b, ns_default(b, (mof_span){b->top, 0, 0}));
    }
    switch (it->kind) {
    case ITEM_PRAGMA: ns_pragma(b, it->u.pragma); break;
    case ITEM_QUALIFIER_DECL: {
        ast_qualifier_decl q = *it->u.qdecl;
        keep_qualdecl(b, &q);
        qualdecl_add(b, &q);
        break;
    }
    case ITEM_CLASS: class_build(b, it->u.cls); break;
    case ITEM_INSTANCE: instance_build(b, keep_instance(b, it->u.inst)); break;
    }
}

static void finish(builder *b)
{
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
    class_tree_free(&b->tree);
    b->m->aliases = b->aliases;   /* the model keeps them (export) */
    names_free(&b->alias_spans);
}

schema_model *schema_build(mofc_ctx *ctx, const ast_unit *unit)
{
    builder *b = start(ctx);
    for (size_t i = 0; i < unit->n && !ctx->diag.stopped; i++)
        build_item(b, &unit->items[i]);
    finish(b);
    schema_model *m = b->m;
    free(b);
    return m;
}

/* The builder's diagnostics go to its own sink while the parser reports
 * into the context's (see diag_fork). */
static void swap_sink(builder *b)
{
    diag_sink t = b->ctx->diag;
    b->ctx->diag = b->sink;
    b->sink = t;
}

builder *schema_build_begin(mofc_ctx *ctx, bool keep_text)
{
    builder *b = start(ctx);
    b->transient = true;
    b->keep_text = keep_text;
    b->forked = true;
    diag_fork(&b->sink, &ctx->diag);
    return b;
}

void schema_build_item(builder *b, const ast_item *it, bool kept)
{
    b->transient = !kept;
    /* most pragmas are includes, which report nothing here */
    if (it->kind == ITEM_PRAGMA && it->u.pragma->kind != PRAGMA_NAMESPACE) {
        build_item(b, it);
        return;
    }
    swap_sink(b);
    build_item(b, it);
    swap_sink(b);
}

schema_model *schema_build_end(builder *b, bool whole)
{
    schema_model *m = b->m;
    if (whole) {
        swap_sink(b);
        finish(b);
        swap_sink(b);
        diag_replay(&b->ctx->diag, &b->sink);
    } else {
        /* As schema_build is not called on a tree that is not whole:
         * nothing the builder found is said. */
        diag_free(&b->sink);
        ptr_map_free(&b->used_as_value);
        ptr_map_free(&b->used_as_ref);
        class_tree_free(&b->tree);
        names_free(&b->alias_spans);
        m->aliases = b->aliases;
        schema_free(m);
        m = NULL;
    }
    free(b);
    return m;
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

static void place(void *out, const model_feature *f)
{
    ((const model_feature **)out)[f->slot] = f;
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
    /* The class's map holds the most derived feature of each place: its
     * nfeatures entries, whatever the depth (walking up the superclasses
     * instead costs the depth when the class overrides one feature). */
    fmap_each(c->fmap, place, out);
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
