#include "common/names.h"
#include <stdint.h>
#include <stdlib.h>

/* Every name lookup hashes its key, so a byte costs one OR rather than
 * a compare and a branch: with bit 0x20 set, names that differ only in
 * ASCII case hash alike (so do a few pairs that name_eq tells apart,
 * such as '@' and '`', which only costs a comparison). */
uint64_t name_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;          /* FNV-1a */
    for (; *s; s++)
        h = (h ^ ((unsigned char)*s | 0x20)) * 1099511628211ull;
    return h;
}

/* ASCII only, as DSP0004 folds case; faster than the locale-aware
 * strcasecmp on this hot path. */
bool name_eq_rest(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x != y) {
            if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
            if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
            if (x != y)
                return false;
        }
        if (!x)
            return true;
    }
}

void names_init(name_table *t) { t->slots = NULL; t->cap = t->count = 0; }

void names_free(name_table *t)
{
    free(t->slots);
    names_init(t);
}

/* Where a lookup of hash h starts: the top bits of h times 2^64/phi
 * (Fibonacci hashing). FNV-1a's low k bits depend only on the low k bits
 * of the state and of each byte, so names made to agree there are found
 * in seconds (two 4-letter blocks that take the low bits to one value,
 * chained: 2^m names from m pairs); started at h & (cap - 1), they all
 * made one run that every lookup walked: n such classes cost n^2/2 probes
 * (8,000 took 885 M instructions to check, 2,000 71 M). The top bits of
 * the product depend on every bit of h. */
static size_t home(const name_table *t, uint64_t h)
{
    return (size_t)((h * 0x9E3779B97F4A7C15ull) >> (64 - __builtin_ctzll(t->cap)));
}

/* The slot of key (hash h), or the empty slot where it would go. */
static name_entry *find(const name_table *t, const char *key, uint64_t h)
{
    size_t mask = t->cap - 1;
    for (size_t i = home(t, h);; i = (i + 1) & mask)
        if (!t->slots[i].key || (t->slots[i].hash == h && name_eq(t->slots[i].key, key)))
            return &t->slots[i];
}

void *names_get(const name_table *t, const char *key)
{
    if (!t->cap)
        return NULL;
    name_entry *e = find(t, key, name_hash(key));
    return e->key ? e->value : NULL;
}

static void grow(name_table *t)
{
    /* 8 slots first: a namespace or qualifier list of a few names (a schema
     * of 40,000 one-class namespaces) must not cost 64 slots each. */
    size_t cap = t->cap ? t->cap * 2 : 8;
    name_table n = {calloc(cap, sizeof(name_entry)), cap, 0};
    if (!n.slots)
        abort();
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].key) {
            *find(&n, t->slots[i].key, t->slots[i].hash) = t->slots[i];
            n.count++;
        }
    free(t->slots);
    *t = n;
}

/* The slot for key, made when it is new (*fresh). */
static name_entry *put(name_table *t, const char *key, bool *fresh)
{
    if ((t->count + 1) * 4 > t->cap * 3)
        grow(t);
    uint64_t h = name_hash(key);
    name_entry *e = find(t, key, h);
    *fresh = !e->key;
    if (*fresh) {
        e->key = key;
        e->hash = h;
        t->count++;
    }
    return e;
}

void *names_put(name_table *t, const char *key, void *value)
{
    bool fresh;
    name_entry *e = put(t, key, &fresh);
    if (!fresh)
        return e->value;
    e->value = value;
    return NULL;
}

void *names_replace(name_table *t, const char *key, void *value)
{
    bool fresh;
    name_entry *e = put(t, key, &fresh);
    void *prev = fresh ? NULL : e->value;
    e->key = key;
    e->value = value;
    return prev;
}
