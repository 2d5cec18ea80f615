/* Embedded instance values that are instances of the model: a $alias used
 * as an EmbeddedInstance / class-typed / object value, and inline or string
 * instances (which may use aliases in turn). They form a graph:
 *  - a value cannot contain itself: a cycle is MOF2508 at the alias use
 *    that closes it, in every dialect (no tool can write such a value);
 *  - mofc export writes each use in full (CIM-XML has no sharing), so
 *    shared aliases can make the output exponential in the input: the
 *    expansion is bounded by --max-embedded-expansion (MOF1003, at the
 *    instance where the total passes it; docs/limits.md);
 *  - the instances used as values are recorded (b->used_as_value): they
 *    are values, not stored instances, for the key-uniqueness check.
 * Iterative depth-first search: linear in the instances and values, and
 * no recursion however long an alias chain is. */
#include "schema/check.h"
#include <stdint.h>
#include <stdlib.h>

enum { WHITE, GREY, BLACK };

typedef struct node {
    unsigned char color;
    uint64_t nodes;    /* instances written for one use: itself and its values */
    uint64_t weight;   /* the same, each counted once per nesting level it is
                        * in (nested EmbeddedInstance text is escaped again
                        * at each level, so the bytes grow with the depth) */
} node;

typedef struct frame {
    const model_instance *in;
    node *st;
    size_t k, i;       /* next property, next array element */
    const model_instance *cycled;   /* reported once per instance: {$B, $B} */
} frame;

static uint64_t sat_add(uint64_t a, uint64_t b)
{
    return a + b < a ? UINT64_MAX : a + b;
}

static node *state(builder *b, ptr_map *states, const model_instance *in)
{
    node *st = ptr_map_get(states, in);
    if (!st) {
        st = arena_alloc(B_ARENA, sizeof *st);
        *st = (node){WHITE, 1, 1};
        ptr_map_put(states, in, st);
    }
    return st;
}

static bool embedded_feature(const model_feature *f)
{
    return f && (f->embedded_object || f->embedded_class_name || f->type == TYPE_OBJECT);
}

/* The next embedded instance value of fr's instance (NULL when none is
 * left); *use is the value that names it. */
static const model_instance *next_value(builder *b, frame *fr, const ast_value **use)
{
    const model_instance *in = fr->in;
    for (; fr->k < in->nprops; fr->k++, fr->i = 0) {
        const ast_value *v = in->props[fr->k].value;
        if (!v || !embedded_feature(in->props[fr->k].feature))
            continue;
        size_t n = v->kind == VAL_ARRAY ? v->u.arr.n : 1;
        while (fr->i < n) {
            const ast_value *e = v->kind == VAL_ARRAY ? v->u.arr.items[fr->i] : v;
            fr->i++;
            const model_instance *t = ptr_map_get(&b->m->embedded, e);
            if (!t && e->kind == VAL_ALIAS) {
                t = names_get(&b->aliases, e->u.alias);
                if (t)
                    ptr_map_put(&b->used_as_value, t, (void *)t);
            }
            if (t) {
                *use = e;
                return t;
            }
        }
    }
    return NULL;
}

static void cycle(builder *b, const ast_value *use, const model_instance *target)
{
    diagnostic *dg = diag_report(B_DIAG, DIAG_ALIAS_CYCLE, use->span,
                                 "embedded value '$%s' contains itself: an instance cannot be "
                                 "a value inside its own value", use->u.alias);
    diag_add_note(B_DIAG, dg, target->span, "'$%s' is this instance", use->u.alias);
}

void embedded_graph_check(builder *b)
{
    ptr_map states = PTR_MAP_INIT;
    size_t cap = 16, depth = 0;
    frame *stack = malloc(cap * sizeof *stack);
    if (!stack)
        abort();
    uint64_t total = 0;
    bool over = false;
    for (size_t t = 0; t < b->m->ninstances; t++) {
        const model_instance *root = b->m->instances[t];
        node *rs = state(b, &states, root);
        if (rs->color == WHITE) {
            rs->color = GREY;
            stack[depth++] = (frame){root, rs, 0, 0, NULL};
        }
        while (depth) {
            frame *fr = &stack[depth - 1];
            const ast_value *use = NULL;
            const model_instance *child = next_value(b, fr, &use);
            if (!child) {
                fr->st->color = BLACK;
                node *done = fr->st;
                if (--depth) {
                    node *parent = stack[depth - 1].st;
                    parent->nodes = sat_add(parent->nodes, done->nodes);
                    parent->weight = sat_add(parent->weight, sat_add(done->weight, done->nodes));
                }
                continue;
            }
            node *cs = state(b, &states, child);
            if (cs->color == GREY) {
                if (fr->cycled != child)
                    cycle(b, use, child);
                fr->cycled = child;
            } else if (cs->color == BLACK) {
                fr->st->nodes = sat_add(fr->st->nodes, cs->nodes);
                fr->st->weight = sat_add(fr->st->weight, sat_add(cs->weight, cs->nodes));
            } else {
                cs->color = GREY;
                if (depth == cap) {
                    cap *= 2;
                    stack = realloc(stack, cap * sizeof *stack);
                    if (!stack)
                        abort();
                }
                stack[depth++] = (frame){child, cs, 0, 0, NULL};
            }
        }
        total = sat_add(total, rs->weight);
        size_t limit = b->ctx->limits.max_embed_expansion;
        if (!over && limit && total > limit) {
            over = true;
            diag_report(B_DIAG, DIAG_LIMIT, root->span,
                        "embedded values expand past the limit of %zu (instances written by export, "
                        "each counted once per level it is nested in): this instance's aliases are "
                        "used too often", limit);
        }
    }
    free(stack);
    ptr_map_free(&states);
}
