#include "schema/class_keys.h"
#include <stdlib.h>
#include <string.h>

static const model_feature *const no_keys[] = {NULL};

void class_keys_init(class_keys *k, arena *a)
{
    k->a = a;
    k->made = (ptr_map)PTR_MAP_INIT;
    k->space = (ptr_map)PTR_MAP_INIT;
}

void class_keys_free(class_keys *k)
{
    ptr_map_free(&k->made);
    ptr_map_free(&k->space);
}

/* Whether c's own features leave the keys of its superclass as they are. */
static bool keeps_keys(const model_class *c)
{
    for (size_t i = 0; i < c->nown; i++) {
        const model_feature *f = c->own[i];
        if (f->key || (f->overrides && f->overrides->key))
            return false;
    }
    return true;
}

static int by_slot(const void *x, const void *y)
{
    const model_feature *a = *(const model_feature *const *)x, *b = *(const model_feature *const *)y;
    return (a->slot > b->slot) - (a->slot < b->slot);
}

static size_t count(const model_feature *const *l)
{
    size_t n = 0;
    while (l[n])
        n++;
    return n;
}

/* c's list from its superclass's (up: NULL-terminated, by slot). */
static const model_feature *const *make(class_keys *k, const model_class *c,
                                        const model_feature *const *up)
{
    if (keeps_keys(c))
        return up;
    size_t nup = count(up), n = 0;
    const model_feature **l = arena_alloc(k->a, (nup + c->nown + 1) * sizeof *l);
    memcpy(l, up, nup * sizeof *l);
    n = nup;
    for (size_t i = 0; i < c->nown; i++) {
        const model_feature *f = c->own[i];
        const model_feature *const *was = NULL;
        if (f->overrides && f->overrides->key)   /* the inherited key at f's place */
            was = bsearch(&f->overrides, up, nup, sizeof *up, by_slot);
        if (was)
            l[was - up] = f->key ? f : NULL;   /* NULL: no longer a key, dropped below */
        else if (f->key)
            l[n++] = f;
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (l[i])
            l[kept++] = l[i];
    qsort(l, kept, sizeof *l, by_slot);
    l[kept] = NULL;
    return l;
}

const model_feature *const *class_keys_of(class_keys *k, const model_class *c)
{
    const model_feature *const *l = ptr_map_get(&k->made, c);
    if (l)
        return l;
    /* The classes up to one already done (or the root), then down: no
     * recursion, whatever the depth. */
    size_t n = 0, cap = 16;
    const model_class **path = malloc(cap * sizeof *path);
    if (!path)
        abort();
    const model_class *top = c;
    for (; top && !(l = ptr_map_get(&k->made, top)); top = top->super) {
        if (n == cap && !(path = realloc(path, (cap *= 2) * sizeof *path)))
            abort();
        path[n++] = top;
    }
    const model_class *space = top ? ptr_map_get(&k->space, top) : NULL;
    if (!l)
        l = no_keys;
    while (n--) {
        const model_class *at = path[n];
        l = make(k, at, l);
        ptr_map_put(&k->made, at, (void *)l);
        if (!(at->super && at->super->nkeys))
            space = at;
        ptr_map_put(&k->space, at, (void *)space);
    }
    free(path);
    return l;
}

const model_class *class_key_space(class_keys *k, const model_class *c)
{
    class_keys_of(k, c);
    return ptr_map_get(&k->space, c);
}
