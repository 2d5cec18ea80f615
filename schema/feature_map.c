#include "schema/feature_map.h"
#include "common/names.h"
#include <stdint.h>
#include <string.h>

/* An entry is a leaf (key set; val the feature, NULL once removed) or,
 * with key NULL, a child node one level (BITS hash bits) down. Below the
 * 64 bits of the hash (two names with the same hash) a node is a plain
 * list searched by name. */
typedef struct fmap_entry {
    const char *key;
    const void *val;
} fmap_entry;

struct feature_map {
    const void *owner;
    uint32_t bitmap;            /* which of the FANOUT hash slots are present */
    uint32_t n, cap;
    fmap_entry e[];
};

enum { BITS = 3, FANOUT = 1 << BITS, HASH_BITS = 64 };

static unsigned slot_of(uint64_t h, unsigned shift) { return (unsigned)(h >> shift) & (FANOUT - 1); }

static unsigned index_of(const feature_map *m, uint32_t bit)
{
    return (unsigned)__builtin_popcount(m->bitmap & (bit - 1));
}

const struct model_feature *fmap_get(const feature_map *m, const char *name)
{
    uint64_t h = name_hash(name);
    for (unsigned shift = 0; m; shift += BITS) {
        if (shift >= HASH_BITS) {
            for (uint32_t i = 0; i < m->n; i++)
                if (name_eq(m->e[i].key, name))
                    return m->e[i].val;
            return NULL;
        }
        uint32_t bit = UINT32_C(1) << slot_of(h, shift);
        if (!(m->bitmap & bit))
            return NULL;
        const fmap_entry *e = &m->e[index_of(m, bit)];
        if (e->key)
            return name_eq(e->key, name) ? e->val : NULL;
        m = e->val;
    }
    return NULL;
}

static feature_map *node_new(arena *a, const void *owner, uint32_t cap)
{
    feature_map *m = arena_alloc_raw(a, sizeof *m + cap * sizeof(fmap_entry));
    m->owner = owner;
    m->bitmap = 0;
    m->n = 0;
    m->cap = cap;
    return m;
}

/* m itself when it is owner's and has room for `extra` more entries;
 * otherwise a copy that has. An owner's node grows by doubling, so one
 * class adding many names copies each node O(log) times, not per name. */
static feature_map *writable(arena *a, const feature_map *m, const void *owner, uint32_t extra,
                             bool bucket)
{
    if (m->owner == owner && m->n + extra <= m->cap)
        return (feature_map *)m;
    uint32_t cap = m->n + extra;
    if (m->owner == owner) {
        cap *= 2;
        if (!bucket && cap > FANOUT)
            cap = FANOUT;
    }
    feature_map *c = node_new(a, owner, cap);
    c->bitmap = m->bitmap;
    c->n = m->n;
    memcpy(c->e, m->e, m->n * sizeof(fmap_entry));
    return c;
}

static const feature_map *put(arena *a, const feature_map *m, const void *owner, unsigned shift,
                              uint64_t h, const char *name, const void *val)
{
    if (shift >= HASH_BITS) {   /* a list of names with one hash */
        if (!m)
            m = node_new(a, owner, 1);
        for (uint32_t i = 0; i < m->n; i++)
            if (name_eq(m->e[i].key, name)) {
                feature_map *w = writable(a, m, owner, 0, true);
                w->e[i].val = val;
                return w;
            }
        feature_map *w = writable(a, m, owner, 1, true);
        w->e[w->n++] = (fmap_entry){name, val};
        return w;
    }
    if (!m)
        m = node_new(a, owner, 1);
    uint32_t bit = UINT32_C(1) << slot_of(h, shift);
    unsigned i = index_of(m, bit);
    if (!(m->bitmap & bit)) {
        feature_map *w = writable(a, m, owner, 1, false);
        memmove(&w->e[i + 1], &w->e[i], (w->n - i) * sizeof(fmap_entry));
        w->e[i] = (fmap_entry){name, val};
        w->n++;
        w->bitmap |= bit;
        return w;
    }
    fmap_entry e = m->e[i];
    const void *child;
    if (e.key && name_eq(e.key, name)) {
        feature_map *w = writable(a, m, owner, 0, false);
        w->e[i].val = val;
        return w;
    }
    if (e.key) {   /* another name in this slot: both go one level down */
        child = put(a, NULL, owner, shift + BITS, name_hash(e.key), e.key, e.val);
        child = put(a, child, owner, shift + BITS, h, name, val);
    } else {
        child = put(a, e.val, owner, shift + BITS, h, name, val);
        if (child == e.val)   /* an owner's node, changed in place */
            return m;
    }
    feature_map *w = writable(a, m, owner, 0, false);
    w->e[i] = (fmap_entry){NULL, child};
    return w;
}

const feature_map *fmap_put(arena *a, const feature_map *m, const void *owner, const char *name,
                            const struct model_feature *f)
{
    return put(a, m, owner, 0, name_hash(name), name, f);
}
