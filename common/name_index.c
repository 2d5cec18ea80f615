#include "common/name_index.h"
#include <stdint.h>

void name_index_init(name_index *x)
{
    x->n = 0;
    names_init(&x->table);
}

void name_index_free(name_index *x) { names_free(&x->table); }

/* In the table a place is stored as at + 1: NULL means absent. */
static void *as_value(size_t at) { return (void *)(uintptr_t)(at + 1); }

size_t name_index_get(const name_index *x, const char *name)
{
    if (x->n > NAME_INDEX_SHORT) {
        void *v = names_get(&x->table, name);
        return v ? (size_t)(uintptr_t)v - 1 : NAME_INDEX_NONE;
    }
    for (size_t i = 0; i < x->n; i++)
        if (name_eq(x->name[i], name))
            return x->at[i];
    return NAME_INDEX_NONE;
}

size_t name_index_add(name_index *x, const char *name, size_t at)
{
    size_t earlier = name_index_get(x, name);
    if (earlier != NAME_INDEX_NONE)
        return earlier;
    if (x->n < NAME_INDEX_SHORT) {
        x->name[x->n] = name;
        x->at[x->n] = at;
    } else {
        if (x->n == NAME_INDEX_SHORT)   /* long now: the short ones move to the table */
            for (size_t i = 0; i < NAME_INDEX_SHORT; i++)
                names_put(&x->table, x->name[i], as_value(x->at[i]));
        names_put(&x->table, name, as_value(at));
    }
    x->n++;
    return NAME_INDEX_NONE;
}
