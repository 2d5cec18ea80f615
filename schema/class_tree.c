#include "schema/class_tree.h"
#include <stdlib.h>

typedef struct node {
    size_t depth;              /* superclasses above */
    const model_class *jump;   /* an ancestor (the root for itself) */
    const struct node *jump_node;
} node;

void class_tree_free(class_tree *t) { ptr_map_free(&t->at); }

static const node *node_of(class_tree *t, arena *a, const model_class *c)
{
    const node *n = ptr_map_get(&t->at, c);
    if (n)
        return n;
    /* Up to a class already done (or past the root), then down: no
     * recursion, whatever the depth. */
    size_t len = 0, cap = 16;
    const model_class **path = malloc(cap * sizeof *path);
    if (!path)
        abort();
    const model_class *k = c;
    for (; k && !ptr_map_get(&t->at, k); k = k->super) {
        if (len == cap && !(path = realloc(path, (cap *= 2) * sizeof *path)))
            abort();
        path[len++] = k;
    }
    while (len--) {
        const model_class *at = path[len];
        const node *p = at->super ? ptr_map_get(&t->at, at->super) : NULL;
        node *x = arena_alloc(a, sizeof *x);
        if (!p) {
            x->depth = 0;
            x->jump = at;
            x->jump_node = x;
        } else {
            /* Two equal jumps above make one twice as long: O(log) jumps
             * reach any ancestor. */
            const node *j = p->jump_node, *jj = j->jump_node;
            x->depth = p->depth + 1;
            if (p->depth - j->depth == j->depth - jj->depth) {
                x->jump = j->jump;
                x->jump_node = jj;
            } else {
                x->jump = at->super;
                x->jump_node = p;
            }
        }
        ptr_map_put(&t->at, at, x);
        n = x;
    }
    free(path);
    return n;
}

bool class_tree_is_subclass(class_tree *t, arena *a, const model_class *c, const model_class *ancestor)
{
    if (!c || !ancestor)
        return false;
    if (c == ancestor)
        return true;
    const node *n = node_of(t, a, c), *to = node_of(t, a, ancestor);
    while (n->depth > to->depth) {
        if (n->jump_node->depth >= to->depth) {
            c = n->jump;
            n = n->jump_node;
        } else {
            c = c->super;
            n = ptr_map_get(&t->at, c);
        }
    }
    return c == ancestor;
}
