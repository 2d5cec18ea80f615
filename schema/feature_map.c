#include "schema/feature_map.h"
#include "common/names.h"
#include "schema/model.h"
#include <stdint.h>
#include <string.h>

/* An entry is one word: a feature (its name is the key), or a child node
 * one level (BITS hash bits) down, tagged in the low bit. A removed name
 * is taken out of the nodes on its path (no stand-in left behind, so a
 * map holds only its features, however many were removed). Below the 64 bits of the
 * hash (two names with the same hash) a node is a plain list searched by
 * name. One word, not a key and a value, halves the nodes: they are most
 * of the map's memory. */
typedef uintptr_t fmap_entry;
enum { CHILD = 1 };

static bool is_child(fmap_entry e) { return e & CHILD; }
static const feature_map *child_of(fmap_entry e) { return (const feature_map *)(e & ~(uintptr_t)CHILD); }
static const model_feature *leaf_of(fmap_entry e) { return (const model_feature *)e; }

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
                if (name_eq(leaf_of(m->e[i])->name, name))
                    return leaf_of(m->e[i]);
            return NULL;
        }
        uint32_t bit = UINT32_C(1) << slot_of(h, shift);
        if (!(m->bitmap & bit))
            return NULL;
        fmap_entry e = m->e[index_of(m, bit)];
        if (!is_child(e))
            return name_eq(leaf_of(e)->name, name) ? leaf_of(e) : NULL;
        m = child_of(e);
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

/* val: the feature; its name is the key. */
static const feature_map *put(arena *a, const feature_map *m, const void *owner, unsigned shift,
                              uint64_t h, const char *name, fmap_entry val)
{
    if (shift >= HASH_BITS) {   /* a list of names with one hash */
        if (!m)
            m = node_new(a, owner, 1);
        for (uint32_t i = 0; i < m->n; i++)
            if (name_eq(leaf_of(m->e[i])->name, name)) {
                feature_map *w = writable(a, m, owner, 0, true);
                w->e[i] = val;
                return w;
            }
        feature_map *w = writable(a, m, owner, 1, true);
        w->e[w->n++] = val;
        return w;
    }
    if (!m)
        m = node_new(a, owner, 1);
    uint32_t bit = UINT32_C(1) << slot_of(h, shift);
    unsigned i = index_of(m, bit);
    if (!(m->bitmap & bit)) {
        feature_map *w = writable(a, m, owner, 1, false);
        memmove(&w->e[i + 1], &w->e[i], (w->n - i) * sizeof(fmap_entry));
        w->e[i] = val;
        w->n++;
        w->bitmap |= bit;
        return w;
    }
    fmap_entry e = m->e[i];
    const feature_map *child;
    if (!is_child(e) && name_eq(leaf_of(e)->name, name)) {
        feature_map *w = writable(a, m, owner, 0, false);
        w->e[i] = val;
        return w;
    }
    if (!is_child(e)) {   /* another name in this slot: both go one level down */
        const char *other = leaf_of(e)->name;
        child = put(a, NULL, owner, shift + BITS, name_hash(other), other, e);
        child = put(a, child, owner, shift + BITS, h, name, val);
    } else {
        child = put(a, child_of(e), owner, shift + BITS, h, name, val);
        if (child == child_of(e))   /* an owner's node, changed in place */
            return m;
    }
    feature_map *w = writable(a, m, owner, 0, false);
    w->e[i] = (uintptr_t)child | CHILD;
    return w;
}

/* m without name: the nodes on its path copied (or changed in place when
 * owner's), an emptied node dropped from its parent; NULL when m is left
 * empty, m itself when name is absent or m was changed in place. */
static const feature_map *del(arena *a, const feature_map *m, const void *owner, unsigned shift,
                              uint64_t h, const char *name)
{
    if (!m)
        return NULL;
    unsigned i;
    uint32_t bit = 0;
    if (shift >= HASH_BITS) {
        for (i = 0; i < m->n && !name_eq(leaf_of(m->e[i])->name, name); i++)
            ;
        if (i == m->n)
            return m;
    } else {
        bit = UINT32_C(1) << slot_of(h, shift);
        if (!(m->bitmap & bit))
            return m;
        i = index_of(m, bit);
        fmap_entry e = m->e[i];
        if (is_child(e)) {
            const feature_map *child = del(a, child_of(e), owner, shift + BITS, h, name);
            if (child == child_of(e))
                return m;
            if (child) {
                feature_map *w = writable(a, m, owner, 0, false);
                w->e[i] = (uintptr_t)child | CHILD;
                return w;
            }
        } else if (!name_eq(leaf_of(e)->name, name)) {
            return m;
        }
    }
    if (m->n == 1)
        return NULL;
    feature_map *w = writable(a, m, owner, 0, shift >= HASH_BITS);
    memmove(&w->e[i], &w->e[i + 1], (w->n - i - 1) * sizeof(fmap_entry));
    w->n--;
    w->bitmap &= ~bit;
    return w;
}

const feature_map *fmap_put(arena *a, const feature_map *m, const void *owner, const char *name,
                            const struct model_feature *f)
{
    if (!f)
        return del(a, m, owner, 0, name_hash(name), name);
    return put(a, m, owner, 0, name_hash(name), name, (uintptr_t)f);
}

void fmap_each(const feature_map *m, void (*fn)(void *ctx, const struct model_feature *f), void *ctx)
{
    if (!m)
        return;
    for (uint32_t i = 0; i < m->n; i++) {
        if (is_child(m->e[i]))
            fmap_each(child_of(m->e[i]), fn, ctx);
        else
            fn(ctx, leaf_of(m->e[i]));
    }
}
