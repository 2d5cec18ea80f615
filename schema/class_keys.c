#include "schema/class_keys.h"
#include <stdlib.h>
#include <string.h>

static const model_feature *const none[] = {NULL};

void class_keys_init(class_keys *k, arena *a)
{
    k->a = a;
    k->made = (ptr_map)PTR_MAP_INIT;
    k->space = (ptr_map)PTR_MAP_INIT;
    k->defaults = (ptr_map)PTR_MAP_INIT;
}

void class_keys_free(class_keys *k)
{
    ptr_map_free(&k->made);
    ptr_map_free(&k->space);
    ptr_map_free(&k->defaults);
}

/* Which features a list holds. */
typedef bool member_fn(const model_feature *f);
static bool is_key(const model_feature *f) { return f->key; }
static bool has_default(const model_feature *f) { return f->def && f->kind != MF_METHOD; }

/* Whether c's own features leave the list of its superclass as it is. */
static bool keeps(const model_class *c, member_fn *in)
{
    for (size_t i = 0; i < c->nown; i++) {
        const model_feature *f = c->own[i];
        if (in(f) || (f->overrides && in(f->overrides)))
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
                                        const model_feature *const *up, member_fn *in)
{
    if (keeps(c, in))
        return up;
    size_t nup = count(up), n = 0;
    const model_feature **l = arena_alloc(k->a, (nup + c->nown + 1) * sizeof *l);
    memcpy(l, up, nup * sizeof *l);
    n = nup;
    for (size_t i = 0; i < c->nown; i++) {
        const model_feature *f = c->own[i];
        const model_feature *const *was = NULL;
        if (f->overrides && in(f->overrides))   /* the inherited member at f's place */
            was = bsearch(&f->overrides, up, nup, sizeof *up, by_slot);
        if (was)
            l[was - up] = in(f) ? f : NULL;   /* NULL: no longer a member, dropped below */
        else if (in(f))
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

/* c's list in made (and its key space in space, when not NULL). */
static const model_feature *const *list_of(class_keys *k, ptr_map *made, ptr_map *space_of,
                                           member_fn *in, const model_class *c)
{
    const model_feature *const *l = ptr_map_get(made, c);
    if (l)
        return l;
    /* The classes up to one already done (or the root), then down: no
     * recursion, whatever the depth. */
    size_t n = 0, cap = 16;
    const model_class **path = malloc(cap * sizeof *path);
    if (!path)
        abort();
    const model_class *top = c;
    for (; top && !(l = ptr_map_get(made, top)); top = top->super) {
        if (n == cap && !(path = realloc(path, (cap *= 2) * sizeof *path)))
            abort();
        path[n++] = top;
    }
    const model_class *space = top && space_of ? ptr_map_get(space_of, top) : NULL;
    if (!l)
        l = none;
    while (n--) {
        const model_class *at = path[n];
        l = make(k, at, l, in);
        ptr_map_put(made, at, (void *)l);
        if (!(at->super && at->super->nkeys))
            space = at;
        if (space_of)
            ptr_map_put(space_of, at, (void *)space);
    }
    free(path);
    return l;
}

const model_feature *const *class_keys_of(class_keys *k, const model_class *c)
{
    return list_of(k, &k->made, &k->space, is_key, c);
}

const model_class *class_key_space(class_keys *k, const model_class *c)
{
    class_keys_of(k, c);
    return ptr_map_get(&k->space, c);
}

const model_feature *const *class_defaults_of(class_keys *k, const model_class *c)
{
    return list_of(k, &k->defaults, NULL, has_default, c);
}
