/* A class's features by name, shared with its superclass instead of
 * copied: a persistent hash trie (8-way nodes on the case-folded FNV-1a
 * hash; wider nodes make each copied path bigger; one word an entry). Adding a name copies only the nodes on its path (at most a few),
 * so a subclass that adds one feature to an inherited set of thousands
 * costs a few hundred bytes, and a chain of n classes O(n log n) memory
 * instead of the n^2/2 feature pointers of copied lists. Lookups take
 * O(log n) whatever the shape of the hierarchy. Nodes live in the arena.
 *
 * A map is never changed once another class may read it: fmap_put changes
 * nodes in place only when they were made for the same owner (the class
 * being built); others are copied. */
#ifndef MOFC_SCHEMA_FEATURE_MAP_H
#define MOFC_SCHEMA_FEATURE_MAP_H
#include "common/arena.h"

typedef struct feature_map feature_map;
struct model_feature;

/* The feature named `name` (without regard to case), or NULL: absent, or
 * removed by a put of NULL. m may be NULL (the empty map). */
const struct model_feature *fmap_get(const feature_map *m, const char *name);
/* m with name -> f (f NULL removes the name); m itself is left as it was
 * unless its nodes belong to owner. The name is not copied. */
const feature_map *fmap_put(arena *a, const feature_map *m, const void *owner, const char *name,
                            const struct model_feature *f);
/* Calls fn for each feature of m, in no particular order: O(features in
 * m), whatever was removed on the way. */
void fmap_each(const feature_map *m, void (*fn)(void *ctx, const struct model_feature *f), void *ctx);
#endif
