/* The names of one list (an element's qualifiers, a method's parameters,
 * an instance's property values), to find a repeated name as the list is
 * read: the first NAME_INDEX_SHORT by a scan (most lists; no allocation),
 * the rest through a hash table, so a list of n names costs O(n), not the
 * n^2/2 comparisons of a scan per name. Names compare as name_eq does
 * (ASCII case folded); they are not copied. */
#ifndef MOFC_NAME_INDEX_H
#define MOFC_NAME_INDEX_H
#include "common/names.h"

enum { NAME_INDEX_SHORT = 8 };
#define NAME_INDEX_NONE ((size_t)-1)

typedef struct name_index {
    size_t n;                           /* names added */
    const char *name[NAME_INDEX_SHORT];
    size_t at[NAME_INDEX_SHORT];
    name_table table;                   /* every name once n > NAME_INDEX_SHORT */
} name_index;

void name_index_init(name_index *x);
void name_index_free(name_index *x);
/* The `at` given with the name equal to `name`, or NAME_INDEX_NONE. */
size_t name_index_get(const name_index *x, const char *name);
/* The `at` of an earlier equal name (x unchanged), or NAME_INDEX_NONE
 * after adding name with `at` (the caller's place for it). */
size_t name_index_add(name_index *x, const char *name, size_t at);
#endif
