/* tmpl_value: arena-backed data tree, number formatting, JSON writer. */
#include "codegen/tmpl_internal.h"
#include "common/prefault.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Layout -------------------------------------------------------------- */

/* Objects up to this size are searched linearly (faster than hashing). */
#define INDEX_THRESHOLD 8

typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    max_align_t data[]; /* aligned storage */
} chunk;

/* Object keys are interned: a schema model repeats a few dozen keys
 * ("name", "type", ...) hundreds of thousands of times. */
typedef struct key_slot {
    const char *s; /* in the arena; NULL = empty slot */
    uint32_t len, hash;
} key_slot;

typedef struct key_set {
    key_slot *slots; /* malloc'd, open addressing, cap a power of two */
    size_t cap, count;
} key_set;

/* The interned key last set at a caller's key address: builders set the
 * same literal keys ("name", "type") over and over. */
typedef struct key_memo {
    const char *src, *k; /* the caller's pointer, the tree's copy */
    uint32_t len, hash;
} key_memo;
#define KEY_MEMO_BITS 8
#define KEY_MEMO (1u << KEY_MEMO_BITS)

/* A shape (tmpl_shape) as this tree makes its objects: the members of a
 * new object as they are copied in (interned keys, their hashes, null
 * values), and the hash index object_slot would have built for them. */
typedef struct shape_form {
    const tmpl_shape *def;
    tmpl_member *proto;    /* n members, in key_chunks; next unset */
    uint32_t *index_at;    /* per member: its entry in the index */
    size_t n, index_cap;   /* index_cap 0: no index (n <= INDEX_THRESHOLD) */
    uint64_t key_bits;
} shape_form;

struct tmpl_tree {
    chunk *chunks;
    chunk *key_chunks;    /* the interned keys: kept by tmpl_tree_reset */
    size_t bytes, key_bytes;
    bool failed;
    tmpl_value *root;
    key_set keys;
    key_memo memo[KEY_MEMO];
    shape_form *shapes;   /* malloc'd; kept by tmpl_tree_reset, as the keys */
    size_t nshapes, shapes_cap, last_shape;
};

#define CHUNK_MIN ((size_t)64 * 1024)

/* ---- Buffer -------------------------------------------------------------- */

void tmpl_buf_init(tmpl_buf *b) { memset(b, 0, sizeof *b); }

void tmpl_buf_free(tmpl_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

static bool buf_reserve(tmpl_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap && b->data)
        return true;
    if (extra > SIZE_MAX / 2 - b->len) {
        b->failed = true;
        return false;
    }
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

bool tmpl_buf_append(tmpl_buf *b, const char *s, size_t n)
{
    if (!buf_reserve(b, n))
        return false;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool tmpl_buf_puts(tmpl_buf *b, const char *s) { return tmpl_buf_append(b, s, strlen(s)); }

bool tmpl_buf_putc(tmpl_buf *b, char c) { return tmpl_buf_append(b, &c, 1); }

/* ---- Arena ---------------------------------------------------------------- */

/* From the chunk list *list of t (its nodes' or its keys'). align: 1
 * for strings, sizeof(void *) for nodes (all of them hold pointers or
 * doubles, nothing wider). */
static void *chunk_alloc_slow(tmpl_tree *t, chunk **list, size_t n, size_t align)
{
    chunk *c = *list;
    if (c)
        c->used = (c->used + align - 1) & ~(align - 1);
    if (c && c->used > c->size)
        c->used = c->size;
    n = n ? n : 1;
    if (!c || c->size - c->used < n) {
        size_t size = n > CHUNK_MIN / 4 ? n : CHUNK_MIN;
        /* Big requests get their own chunk behind the current one, so the
         * current chunk's free tail is not wasted. */
        chunk *nc = malloc(sizeof(chunk) + size);
        if (!nc) {
            t->failed = true;
            return NULL;
        }
        /* Filled right away: its pages mapped in one call, not a page
         * fault each (about 14 us each here: CIM 2.49's trees took 550 of
         * them). */
        prefault(nc, sizeof(chunk) + size);
        nc->used = 0;
        nc->size = size;
        if (c && size != CHUNK_MIN) {
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            *list = nc;
        }
        c = nc;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    t->bytes += n;
    return p;
}

/* The common case inline (room in the current chunk): a model is built
 * from a few million small allocations. */
static inline void *chunk_alloc(tmpl_tree *t, chunk **list, size_t n, size_t align)
{
    chunk *c = *list;
    if (c && n) {
        size_t at = (c->used + align - 1) & ~(align - 1);
        if (at <= c->size && c->size - at >= n) {
            c->used = at + n;
            t->bytes += n;
            return (char *)c->data + at;
        }
    }
    return chunk_alloc_slow(t, list, n, align);
}

static void *arena_alloc(tmpl_tree *t, size_t n)
{
    return chunk_alloc(t, &t->chunks, (n + 7) & ~(size_t)7, 8);
}

static char *copy_in(tmpl_tree *t, chunk **list, const char *s, size_t n)
{
    char *p = chunk_alloc(t, list, n + 1, 1);
    if (p) {
        if (n)
            memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static char *arena_strdup(tmpl_tree *t, const char *s, size_t n)
{
    return copy_in(t, &t->chunks, s, n);
}

tmpl_tree *tmpl_tree_new(void) { return calloc(1, sizeof(tmpl_tree)); }

static void free_chunks(chunk *c)
{
    for (chunk *next; c; c = next) {
        next = c->next;
        free(c);
    }
}

void tmpl_tree_free(tmpl_tree *t)
{
    if (!t)
        return;
    free_chunks(t->chunks);
    free_chunks(t->key_chunks);
    free(t->keys.slots);
    free(t->shapes);
    free(t);
}

void tmpl_tree_reset(tmpl_tree *t)
{
    if (!t)
        return;
    /* The first chunk is kept for the next nodes: a tree reset after each
     * of thousands of items would otherwise allocate one each time. */
    chunk *keep = t->chunks;
    if (keep) {
        free_chunks(keep->next);
        keep->next = NULL;
        keep->used = 0;
    }
    t->bytes = t->key_bytes;
    t->failed = false;
    t->root = NULL;
}

bool tmpl_tree_failed(const tmpl_tree *t) { return !t || t->failed; }
size_t tmpl_tree_bytes(const tmpl_tree *t) { return t ? t->bytes : 0; }
tmpl_value *tmpl_tree_root(const tmpl_tree *t) { return t ? t->root : NULL; }

void tmpl_tree_set_root(tmpl_tree *t, tmpl_value *root)
{
    if (t)
        t->root = root;
}

/* ---- Constructors ----------------------------------------------------------- */

static tmpl_value *new_value(tmpl_tree *t, tmpl_type type)
{
    if (!t)
        return NULL;
    tmpl_value *v = arena_alloc(t, sizeof *v);
    if (v) {
        memset(v, 0, sizeof *v);
        v->type = (uint8_t)type;
    }
    return v;
}

tmpl_value *tmpl_new_null(tmpl_tree *t) { return new_value(t, TMPL_NULL); }

tmpl_value *tmpl_new_bool(tmpl_tree *t, bool b)
{
    tmpl_value *v = new_value(t, TMPL_BOOL);
    if (v)
        v->boolean = b;
    return v;
}

tmpl_value *tmpl_new_number(tmpl_tree *t, double d)
{
    tmpl_value *v = new_value(t, TMPL_NUMBER);
    if (v)
        v->u.num = d;
    return v;
}

/* Fills *v as a string copied into the arena. */
static bool init_string(tmpl_tree *t, tmpl_value *v, const char *s, size_t n)
{
    if (n > UINT32_MAX || (!s && n)) {
        t->failed = true;
        return false;
    }
    char *p = arena_strdup(t, s ? s : "", n);
    if (!p)
        return false;
    v->type = TMPL_STRING;
    v->len = (uint32_t)n;
    v->u.str = p;
    return true;
}

tmpl_value *tmpl_new_stringn(tmpl_tree *t, const char *s, size_t n)
{
    tmpl_value *v = new_value(t, TMPL_STRING);
    if (v && !init_string(t, v, s, n))
        return NULL;
    return v;
}

tmpl_value *tmpl_new_string(tmpl_tree *t, const char *s)
{
    return tmpl_new_stringn(t, s, s ? strlen(s) : 0);
}

static bool init_container(tmpl_tree *t, tmpl_value *v, tmpl_type type)
{
    tmpl_container *c = arena_alloc(t, sizeof *c);
    if (!c)
        return false;
    memset(c, 0, sizeof *c);
    c->tree = t;
    v->type = (uint8_t)type;
    v->u.c = c;
    return true;
}

tmpl_value *tmpl_new_list(tmpl_tree *t)
{
    tmpl_value *v = new_value(t, TMPL_LIST);
    if (v && !init_container(t, v, TMPL_LIST))
        return NULL;
    return v;
}

tmpl_value *tmpl_new_object(tmpl_tree *t)
{
    tmpl_value *v = new_value(t, TMPL_OBJECT);
    if (v && !init_container(t, v, TMPL_OBJECT))
        return NULL;
    return v;
}

/* ---- Object index ----------------------------------------------------------- */

uint32_t tmpl_key_hash(const char *k, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 16777619u;
    return h;
}

static key_slot *key_find(key_slot *slots, size_t cap, const char *k, uint32_t n, uint32_t h)
{
    size_t i = h & (cap - 1);
    while (slots[i].s && !(slots[i].hash == h && slots[i].len == n && same_key(slots[i].s, k, n)))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static bool key_set_grow(tmpl_tree *t)
{
    key_set *ks = &t->keys;
    size_t cap = ks->cap ? ks->cap * 2 : 64;
    key_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < ks->cap; i++)
        if (ks->slots[i].s)
            *key_find(slots, cap, ks->slots[i].s, ks->slots[i].len, ks->slots[i].hash) =
                ks->slots[i];
    free(ks->slots);
    ks->slots = slots;
    ks->cap = cap;
    return true;
}

/* Returns the tree's single copy of key k. */
static const char *intern_key(tmpl_tree *t, const char *k, uint32_t n)
{
    key_set *ks = &t->keys;
    if ((ks->count + 1) * 2 > ks->cap && !key_set_grow(t)) {
        t->failed = true;
        return NULL;
    }
    uint32_t h = tmpl_key_hash(k, n);
    key_slot *slot = key_find(ks->slots, ks->cap, k, n, h);
    if (!slot->s) {
        char *copy = copy_in(t, &t->key_chunks, k, n);
        if (!copy)
            return NULL;
        t->key_bytes += n + 1;
        *slot = (key_slot){copy, n, h};
        ks->count++;
    }
    return slot->s;
}

static void index_insert(tmpl_container *c, tmpl_member *m)
{
    size_t mask = c->index_cap - 1;
    size_t i = m->hash & mask;
    while (c->index[i])
        i = (i + 1) & mask;
    c->index[i] = m;
}

/* Rebuilds the index at twice the size; the old one stays in the arena
 * (geometric growth keeps that waste below the final index size). */
static bool index_grow(tmpl_container *c)
{
    size_t cap = c->index_cap ? c->index_cap * 2 : 32;
    tmpl_member **idx = arena_alloc(c->tree, cap * sizeof *idx);
    if (!idx)
        return false;
    memset(idx, 0, cap * sizeof *idx);
    c->index = idx;
    c->index_cap = cap;
    for (tmpl_member *m = c->first; m; m = m->next)
        index_insert(c, m);
    return true;
}

/* ---- Insertion ---------------------------------------------------------------- */

static tmpl_container *container_of(tmpl_value *v, tmpl_type type)
{
    if (!v || v->type != type)
        return NULL;
    return v->u.c;
}

/* A list/object may live in one place only, and never inside itself:
 * this keeps the tree a tree, so rendering and JSON writing terminate. */
static bool can_adopt(tmpl_container *parent, const tmpl_value *v)
{
    if (v->type != TMPL_LIST && v->type != TMPL_OBJECT)
        return true;
    tmpl_container *child = v->u.c;
    if (child->tree != parent->tree || child->parent)
        return false;
    for (tmpl_container *p = parent; p; p = p->parent)
        if (p == child)
            return false;
    return true;
}

static void adopt(tmpl_container *parent, tmpl_value *stored)
{
    if (stored->type == TMPL_LIST || stored->type == TMPL_OBJECT)
        stored->u.c->parent = parent;
}

TMPL_HOT_INLINE tmpl_member *append_member(tmpl_container *c)
{
    if (c->frozen) {
        c->tree->failed = true;
        return NULL;
    }
    tmpl_member *m = arena_alloc(c->tree, sizeof *m);
    if (!m)
        return NULL;
    m->next = NULL;
    m->key = NULL;
    m->key_len = 0;
    m->hash = 0;
    if (c->last)
        c->last->next = m;
    else
        c->first = m;
    c->last = m;
    c->count++;
    return m;
}

/* Returns the (existing or new) member for key, value left to the caller. */
TMPL_HOT_INLINE tmpl_member *object_slot(tmpl_container *c, const char *key, size_t n)
{
    if (!key || n > UINT32_MAX || c->frozen) {
        c->tree->failed = true;
        return NULL;
    }
    /* Keys are interned per tree: a key the tree has never seen is in no
     * object, and a known one is found by its address (no string
     * comparisons while building: most sets add a new key). */
    /* The slot by a multiplicative hash of the address: the literals one
     * builder sets lie a few bytes apart, and slots taken from the bits of
     * the address itself made a quarter of the sets miss (CIM 2.49: 106,000
     * of 384,000, each then hashing and finding its key). */
    uint64_t ka = (uint64_t)(uintptr_t)key;
    key_memo *km = &c->tree->memo[(ka * 0x9E3779B97F4A7C15u) >> (64 - KEY_MEMO_BITS)];
    uint32_t h;
    const char *k;
    if (km->src == key && km->len == n && same_key(km->k, key, n)) {
        h = km->hash;
        k = km->k;
    } else {
        h = tmpl_key_hash(key, n);
        key_set *ks = &c->tree->keys;
        k = ks->cap ? key_find(ks->slots, ks->cap, key, (uint32_t)n, h)->s : NULL;
        if (k)
            *km = (key_memo){key, k, (uint32_t)n, h};
    }
    tmpl_member *m = NULL;
    /* A key whose bit c lacks is certainly not in c: no search. */
    uint64_t bit = (uint64_t)1 << (h & 63);
    if (!k || !(c->key_bits & bit)) {
        /* a new key of c */
    } else if (c->index) {
        size_t mask = c->index_cap - 1;
        for (size_t i = h & mask; c->index[i] && !m; i = (i + 1) & mask)
            if (c->index[i]->key == k)
                m = c->index[i];
    } else {
        for (m = c->first; m && m->key != k; m = m->next)
            ;
    }
    if (m)
        return m;
    if (!k) {
        if (!(k = intern_key(c->tree, key, (uint32_t)n)))
            return NULL;
        *km = (key_memo){key, k, (uint32_t)n, h};
    }
    m = append_member(c);
    if (!m)
        return NULL;
    m->key = k;
    m->key_len = (uint32_t)n;
    m->hash = h;
    c->key_bits |= bit;
    if (c->index && c->count * 2 > c->index_cap) {
        if (!index_grow(c))
            return NULL;
    } else if (c->index) {
        index_insert(c, m);
    } else if (c->count > INDEX_THRESHOLD && !index_grow(c)) {
        return NULL;
    }
    return m;
}

/* ---- Shaped objects ------------------------------------------------------------ */

static size_t index_cap_for(size_t n)
{
    size_t cap = 32;   /* as index_grow: made at INDEX_THRESHOLD + 1, doubled */
    while (n * 2 > cap)
        cap *= 2;
    return n > INDEX_THRESHOLD ? cap : 0;
}

/* Makes s's form in t (once per tree): NULL when s cannot be one. */
static const shape_form *make_form(tmpl_tree *t, const tmpl_shape *s)
{
    if (!s->n || s->n > UINT16_MAX) {
        t->failed = true;
        return NULL;
    }
    if (t->nshapes == t->shapes_cap) {
        size_t cap = t->shapes_cap ? 2 * t->shapes_cap : 8;
        shape_form *grown = realloc(t->shapes, cap * sizeof *grown);
        if (!grown) {
            t->failed = true;
            return NULL;
        }
        t->shapes = grown;
        t->shapes_cap = cap;
    }
    size_t n = s->n, cap = index_cap_for(n);
    shape_form f = {.def = s, .n = n, .index_cap = cap};
    f.proto = chunk_alloc(t, &t->key_chunks, n * sizeof *f.proto, sizeof(void *));
    f.index_at = cap ? chunk_alloc(t, &t->key_chunks, n * sizeof *f.index_at, sizeof *f.index_at)
                     : NULL;
    /* Where index_insert puts each member, in order: the entries taken (a
     * member's position + 1), to probe past. */
    uint32_t *taken = cap ? calloc(cap, sizeof *taken) : NULL;
    if (!f.proto || (cap && (!f.index_at || !taken))) {
        free(taken);
        t->failed = true;
        return NULL;
    }
    t->key_bytes += n * sizeof *f.proto + (cap ? n * sizeof *f.index_at : 0);   /* kept by a reset */
    for (size_t i = 0; i < n; i++) {
        size_t len = s->keys[i] ? strlen(s->keys[i]) : 0;
        const char *k = s->keys[i] ? intern_key(t, s->keys[i], (uint32_t)len) : NULL;
        uint32_t h = k ? tmpl_key_hash(k, len) : 0;
        /* A key twice would be seen once by readers: refused. Equal keys
         * meet on the index's probe chain, or in the few keys there are
         * when there is no index. */
        bool twice = false;
        size_t at = h & (cap - 1);
        for (; cap && taken[at] && !twice; at = (at + 1) & (cap - 1))
            twice = f.proto[taken[at] - 1].key == k;
        for (size_t j = 0; !cap && j < i; j++)
            twice |= f.proto[j].key == k;
        if (!k || twice) {
            free(taken);
            t->failed = true;
            return NULL;
        }
        f.proto[i] = (tmpl_member){.key = k, .key_len = (uint32_t)len, .hash = h,
                                   .value = {.type = TMPL_NULL}};
        f.key_bits |= (uint64_t)1 << (h & 63);
        if (cap) {
            taken[at] = (uint32_t)(i + 1);
            f.index_at[i] = (uint32_t)at;
        }
    }
    free(taken);
    t->last_shape = t->nshapes;
    t->shapes[t->nshapes++] = f;
    return &t->shapes[t->nshapes - 1];
}

static const shape_form *form_of(tmpl_tree *t, const tmpl_shape *s)
{
    /* Builders alternate between a few shapes: the last one used first. */
    if (t->nshapes && t->shapes[t->last_shape].def == s)
        return &t->shapes[t->last_shape];
    for (size_t i = 0; i < t->nshapes; i++)
        if (t->shapes[i].def == s) {
            t->last_shape = i;
            return &t->shapes[i];
        }
    return make_form(t, s);
}

/* Fills *v as a new object of shape s: its container, members and index
 * in one allocation, copied from the form. */
static bool init_shaped(tmpl_tree *t, tmpl_value *v, const tmpl_shape *s)
{
    const shape_form *f = s ? form_of(t, s) : NULL;
    if (!f) {
        t->failed = true;
        return false;
    }
    size_t n = f->n;
    tmpl_container *c = arena_alloc(t, sizeof *c + n * sizeof(tmpl_member) +
                                           f->index_cap * sizeof(tmpl_member *));
    if (!c)
        return false;
    tmpl_member *m = (tmpl_member *)(void *)(c + 1);
    memcpy(m, f->proto, n * sizeof *m);
    for (size_t i = 0; i + 1 < n; i++)
        m[i].next = &m[i + 1];
    m[n - 1].next = NULL;
    *c = (tmpl_container){.tree = t, .first = m, .last = &m[n - 1], .count = n,
                          .key_bits = f->key_bits, .nshaped = (uint16_t)n};
    if (f->index_cap) {
        /* Empty, then each member where the form says (fewer steps than
         * going over every entry: a third of them are taken). */
        tmpl_member **idx = (tmpl_member **)(void *)(m + n);
        memset(idx, 0, f->index_cap * sizeof *idx);
        for (size_t i = 0; i < n; i++)
            idx[f->index_at[i]] = &m[i];
        c->index = idx;
        c->index_cap = f->index_cap;
    }
    v->type = TMPL_OBJECT;
    v->u.c = c;
    return true;
}

tmpl_value *tmpl_new_shaped(tmpl_tree *t, const tmpl_shape *s)
{
    tmpl_value *v = new_value(t, TMPL_OBJECT);
    if (v && !init_shaped(t, v, s))
        return NULL;
    return v;
}

/* Member i of shaped obj, to set. */
static tmpl_member *shaped_member(tmpl_value *obj, size_t i)
{
    tmpl_container *c = container_of(obj, TMPL_OBJECT);
    if (!c)
        return NULL;
    if (i >= c->nshaped || c->frozen) {
        c->tree->failed = true;
        return NULL;
    }
    return c->first + i;
}

tmpl_value *tmpl_shaped_set_bool(tmpl_value *obj, size_t i, bool b)
{
    tmpl_member *m = shaped_member(obj, i);
    if (!m)
        return NULL;
    m->value = (tmpl_value){.type = TMPL_BOOL, .boolean = b};
    return &m->value;
}

tmpl_value *tmpl_shaped_set_number(tmpl_value *obj, size_t i, double d)
{
    tmpl_member *m = shaped_member(obj, i);
    if (!m)
        return NULL;
    m->value = (tmpl_value){.type = TMPL_NUMBER, .u.num = d};
    return &m->value;
}

tmpl_value *tmpl_shaped_set_string_ref(tmpl_value *obj, size_t i, const char *s, size_t n)
{
    tmpl_member *m = shaped_member(obj, i);
    if (!m)
        return NULL;
    if (!s || n > UINT32_MAX) {
        obj->u.c->tree->failed = true;
        return NULL;
    }
    m->value = (tmpl_value){.type = TMPL_STRING, .len = (uint32_t)n, .u.str = s};
    return &m->value;
}

tmpl_value *tmpl_shaped_set_list(tmpl_value *obj, size_t i)
{
    tmpl_member *m = shaped_member(obj, i);
    tmpl_value p = {.type = TMPL_NULL};
    if (!m || !init_container(obj->u.c->tree, &p, TMPL_LIST))
        return NULL;
    m->value = p;
    adopt(obj->u.c, &m->value);
    return &m->value;
}

tmpl_value *tmpl_object_setn(tmpl_value *obj, const char *key, size_t key_len,
                             const tmpl_value *v)
{
    tmpl_container *c = container_of(obj, TMPL_OBJECT);
    if (!c)
        return NULL;
    if (!v || !can_adopt(c, v)) {
        c->tree->failed = true;
        return NULL;
    }
    tmpl_member *m = object_slot(c, key, key_len);
    if (!m)
        return NULL;
    m->value = *v;
    adopt(c, &m->value);
    return &m->value;
}

tmpl_value *tmpl_object_set(tmpl_value *obj, const char *key, const tmpl_value *v)
{
    return tmpl_object_setn(obj, key, key ? strlen(key) : 0, v);
}

/* Sets key to a scalar described by proto (no stand-alone node needed),
 * or to a new list or object: neither can be placed anywhere yet, so
 * there is nothing for can_adopt to refuse. */
static tmpl_value *object_set_scalar(tmpl_value *obj, const char *key, size_t key_len,
                                     tmpl_value proto)
{
    tmpl_container *c = container_of(obj, TMPL_OBJECT);
    if (!c)
        return NULL;
    tmpl_member *m = object_slot(c, key, key_len);
    if (!m)
        return NULL;
    m->value = proto;
    adopt(c, &m->value);
    return &m->value;
}

static size_t key_length(const char *key) { return key ? strlen(key) : 0; }

tmpl_value *tmpl_object_set_null(tmpl_value *obj, const char *key)
{
    tmpl_value p = {.type = TMPL_NULL};
    return object_set_scalar(obj, key, key_length(key), p);
}

tmpl_value *tmpl_object_setn_bool(tmpl_value *obj, const char *key, size_t key_len, bool b)
{
    tmpl_value p = {.type = TMPL_BOOL, .boolean = b};
    return object_set_scalar(obj, key, key_len, p);
}

tmpl_value *tmpl_object_setn_number(tmpl_value *obj, const char *key, size_t key_len, double d)
{
    tmpl_value p = {.type = TMPL_NUMBER, .u.num = d};
    return object_set_scalar(obj, key, key_len, p);
}

tmpl_value *tmpl_object_set_stringn(tmpl_value *obj, const char *key, const char *s, size_t n)
{
    tmpl_container *c = container_of(obj, TMPL_OBJECT);
    if (!c)
        return NULL;
    tmpl_value p = {.type = TMPL_NULL};
    if (!init_string(c->tree, &p, s, n))
        return NULL;
    return object_set_scalar(obj, key, key_length(key), p);
}

/* A string value that points at s (see tmpl_object_set_string_ref). */
static bool ref_string(tmpl_container *c, tmpl_value *v, const char *s, size_t n)
{
    if (!c || !s || n > UINT32_MAX) {
        if (c)
            c->tree->failed = true;
        return false;
    }
    *v = (tmpl_value){.type = TMPL_STRING, .len = (uint32_t)n, .u.str = s};
    return true;
}

tmpl_value *tmpl_object_setn_string_ref(tmpl_value *obj, const char *key, size_t key_len,
                                        const char *s, size_t n)
{
    tmpl_value p;
    if (!ref_string(container_of(obj, TMPL_OBJECT), &p, s, n))
        return NULL;
    return object_set_scalar(obj, key, key_len, p);
}

tmpl_value *tmpl_list_append_string_ref(tmpl_value *list, const char *s, size_t n)
{
    tmpl_value p;
    if (!ref_string(container_of(list, TMPL_LIST), &p, s, n))
        return NULL;
    return tmpl_list_append(list, &p);
}

bool tmpl_list_append_string_refs(tmpl_value *list, const tmpl_str *items, size_t n)
{
    tmpl_container *c = container_of(list, TMPL_LIST);
    if (!c)
        return false;
    bool bad = c->frozen || n > SIZE_MAX / sizeof(tmpl_member);
    for (size_t i = 0; i < n && !bad; i++)
        bad = !items[i].s || items[i].len > UINT32_MAX;
    if (bad) {
        c->tree->failed = true;
        return false;
    }
    if (!n)
        return true;
    tmpl_member *m = arena_alloc(c->tree, n * sizeof *m);
    if (!m)
        return false;
    for (size_t i = 0; i < n; i++)
        m[i] = (tmpl_member){.next = &m[i + 1],
                             .value = {.type = TMPL_STRING, .len = (uint32_t)items[i].len,
                                       .u.str = items[i].s}};
    m[n - 1].next = NULL;
    if (c->last)
        c->last->next = m;
    else
        c->first = m;
    c->last = &m[n - 1];
    c->count += n;
    return true;
}

tmpl_value *tmpl_object_set_string(tmpl_value *obj, const char *key, const char *s)
{
    return tmpl_object_set_stringn(obj, key, s, s ? strlen(s) : 0);
}

static tmpl_value *object_set_container(tmpl_value *obj, const char *key, size_t key_len,
                                        tmpl_type type)
{
    tmpl_container *c = container_of(obj, TMPL_OBJECT);
    if (!c)
        return NULL;
    tmpl_value p = {.type = TMPL_NULL};
    if (!init_container(c->tree, &p, type))
        return NULL;
    return object_set_scalar(obj, key, key_len, p);
}

tmpl_value *tmpl_object_setn_list(tmpl_value *obj, const char *key, size_t key_len)
{
    return object_set_container(obj, key, key_len, TMPL_LIST);
}

tmpl_value *tmpl_object_set_object(tmpl_value *obj, const char *key)
{
    return object_set_container(obj, key, key_length(key), TMPL_OBJECT);
}

tmpl_value *tmpl_list_append(tmpl_value *list, const tmpl_value *v)
{
    tmpl_container *c = container_of(list, TMPL_LIST);
    if (!c)
        return NULL;
    if (!v || !can_adopt(c, v)) {
        c->tree->failed = true;
        return NULL;
    }
    tmpl_member *m = append_member(c);
    if (!m)
        return NULL;
    m->value = *v;
    adopt(c, &m->value);
    return &m->value;
}

tmpl_value *tmpl_list_append_null(tmpl_value *list)
{
    tmpl_value p = {.type = TMPL_NULL};
    return tmpl_list_append(list, &p);
}

tmpl_value *tmpl_list_append_bool(tmpl_value *list, bool b)
{
    tmpl_value p = {.type = TMPL_BOOL, .boolean = b};
    return tmpl_list_append(list, &p);
}

tmpl_value *tmpl_list_append_number(tmpl_value *list, double d)
{
    tmpl_value p = {.type = TMPL_NUMBER, .u.num = d};
    return tmpl_list_append(list, &p);
}

tmpl_value *tmpl_list_append_stringn(tmpl_value *list, const char *s, size_t n)
{
    tmpl_container *c = container_of(list, TMPL_LIST);
    if (!c)
        return NULL;
    tmpl_value p = {.type = TMPL_NULL};
    if (!init_string(c->tree, &p, s, n))
        return NULL;
    return tmpl_list_append(list, &p);
}

tmpl_value *tmpl_list_append_string(tmpl_value *list, const char *s)
{
    return tmpl_list_append_stringn(list, s, s ? strlen(s) : 0);
}

static tmpl_value *list_append_container(tmpl_value *list, tmpl_type type)
{
    tmpl_container *c = container_of(list, TMPL_LIST);
    if (!c)
        return NULL;
    tmpl_value p = {.type = TMPL_NULL};
    if (!init_container(c->tree, &p, type))
        return NULL;
    return tmpl_list_append(list, &p);
}

tmpl_value *tmpl_list_append_list(tmpl_value *list) { return list_append_container(list, TMPL_LIST); }

/* Freezes c and every container in it (once: a frozen one's contents
 * are frozen already). */
static void freeze(tmpl_container *c)
{
    if (c->frozen)
        return;
    c->frozen = true;
    c->serial = tmpl_serial();
    for (tmpl_member *m = c->first; m; m = m->next)
        if (m->value.type == TMPL_LIST || m->value.type == TMPL_OBJECT)
            freeze(m->value.u.c);
}

tmpl_value *tmpl_list_append_shared(tmpl_value *list, const tmpl_value *v)
{
    tmpl_container *c = container_of(list, TMPL_LIST);
    if (!c)
        return NULL;
    if (!v || (v->type != TMPL_LIST && v->type != TMPL_OBJECT) || v->u.c->stream) {
        c->tree->failed = true;
        return NULL;
    }
    /* Frozen first: were list inside v, it is now frozen and refuses. */
    freeze(v->u.c);
    tmpl_member *m = append_member(c);
    if (!m)
        return NULL;
    m->value = *v;
    return &m->value;
}

tmpl_value *tmpl_object_set_stream(tmpl_value *obj, const char *key)
{
    tmpl_value *v = object_set_container(obj, key, key_length(key), TMPL_LIST);
    if (v)
        v->u.c->stream = true;
    return v;
}

uint64_t tmpl_serial(void)
{
    static _Atomic uint64_t next = 1;
    return atomic_fetch_add(&next, 1);
}

tmpl_value *tmpl_list_append_object(tmpl_value *list)
{
    return list_append_container(list, TMPL_OBJECT);
}

tmpl_value *tmpl_list_append_shaped(tmpl_value *list, const tmpl_shape *s)
{
    tmpl_container *c = container_of(list, TMPL_LIST);
    if (!c)
        return NULL;
    tmpl_value p = {.type = TMPL_NULL};
    if (!init_shaped(c->tree, &p, s))
        return NULL;
    return tmpl_list_append(list, &p);
}

/* ---- Reading ------------------------------------------------------------------ */

tmpl_type tmpl_value_type(const tmpl_value *v) { return v ? (tmpl_type)v->type : TMPL_NULL; }

bool tmpl_value_bool(const tmpl_value *v) { return v && v->type == TMPL_BOOL && v->boolean; }

double tmpl_value_number(const tmpl_value *v)
{
    return v && v->type == TMPL_NUMBER ? v->u.num : 0.0;
}

const char *tmpl_value_string(const tmpl_value *v, size_t *len)
{
    if (!v || v->type != TMPL_STRING) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = v->len;
    return v->u.str;
}

size_t tmpl_value_count(const tmpl_value *v)
{
    if (!v || (v->type != TMPL_LIST && v->type != TMPL_OBJECT))
        return 0;
    return v->u.c->count;
}

const tmpl_value *tmpl_object_get(const tmpl_value *obj, const char *key, size_t key_len)
{
    if (!obj || obj->type != TMPL_OBJECT)
        return NULL;
    tmpl_member *m = tmpl_find_member(obj->u.c, key, key_len, tmpl_key_hash(key, key_len));
    return m ? &m->value : NULL;
}

const tmpl_value *tmpl_object_get_hashed(const tmpl_value *obj, const char *key, size_t key_len,
                                         uint32_t hash)
{
    if (!obj || obj->type != TMPL_OBJECT)
        return NULL;
    tmpl_member *m = tmpl_find_member(obj->u.c, key, key_len, hash);
    return m ? &m->value : NULL;
}

const tmpl_member *tmpl_value_first(const tmpl_value *v)
{
    if (!v || (v->type != TMPL_LIST && v->type != TMPL_OBJECT))
        return NULL;
    return v->u.c->first;
}

const tmpl_member *tmpl_member_next(const tmpl_member *m) { return m ? m->next : NULL; }
const tmpl_value *tmpl_member_value(const tmpl_member *m) { return m ? &m->value : NULL; }

const char *tmpl_member_key(const tmpl_member *m, size_t *len)
{
    if (len)
        *len = m && m->key ? m->key_len : 0;
    return m ? m->key : NULL;
}

/* ---- Numbers ----------------------------------------------------------------- */

size_t tmpl_format_number(double d, char buf[32])
{
    if (isnan(d))
        return (size_t)snprintf(buf, 32, "nan");
    if (isinf(d))
        return (size_t)snprintf(buf, 32, d < 0 ? "-inf" : "inf");
    /* Whole numbers print without exponent while exact in a double. */
    if (d == floor(d) && fabs(d) < 1e15) {
        /* Digits by hand: counts (nprops, nquals) are most numbers a
         * template shows, and snprintf's "%.0f" cost ~300 instructions. */
        char digits[20];
        size_t n = 0, k = 0;
        uint64_t u = (uint64_t)fabs(d);
        do
            digits[k++] = (char)('0' + u % 10);
        while ((u /= 10) != 0);
        if (signbit(d))
            buf[n++] = '-';
        while (k)
            buf[n++] = digits[--k];
        buf[n] = '\0';
        return n;
    }
    /* Otherwise the shortest precision that reads back exactly. */
    int n = 0;
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(buf, 32, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    return (size_t)n;
}

/* ---- JSON writer ------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (0 if invalid), per RFC 3629. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

static void json_string(tmpl_buf *out, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    tmpl_buf_putc(out, '"');
    size_t run = 0; /* start of the pending run of bytes copied verbatim */
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        const char *esc = NULL;
        char ubuf[8];
        size_t step = 1;
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        default:
            if (c < 0x20) {
                snprintf(ubuf, sizeof ubuf, "\\u%04x", c);
                esc = ubuf;
            } else if (c >= 0x80) {
                step = utf8_seq_len(s + i, n - i);
                if (step == 0) {
                    esc = "\\ufffd";
                    step = 1;
                }
            }
        }
        if (esc) {
            tmpl_buf_append(out, str + run, i - run);
            tmpl_buf_puts(out, esc);
            run = i + step;
        }
        i += step;
    }
    tmpl_buf_append(out, str + run, n - run);
    tmpl_buf_putc(out, '"');
}

static void json_indent(tmpl_buf *out, int depth)
{
    static const char spaces[] = "                                ";
    size_t n = (size_t)depth * 2;
    while (n > 0) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        tmpl_buf_append(out, spaces, k);
        n -= k;
    }
}

static void json_value(tmpl_buf *out, const tmpl_value *v, int depth)
{
    char num[32];
    switch (tmpl_value_type(v)) {
    case TMPL_NULL: tmpl_buf_puts(out, "null"); return;
    case TMPL_BOOL: tmpl_buf_puts(out, v->boolean ? "true" : "false"); return;
    case TMPL_NUMBER:
        if (!isfinite(v->u.num))
            tmpl_buf_puts(out, "null");
        else
            tmpl_buf_append(out, num, tmpl_format_number(v->u.num, num));
        return;
    case TMPL_STRING: json_string(out, v->u.str, v->len); return;
    case TMPL_LIST:
    case TMPL_OBJECT: break;
    }
    bool obj = v->type == TMPL_OBJECT;
    if (!v->u.c->first) {
        tmpl_buf_puts(out, obj ? "{}" : "[]");
        return;
    }
    tmpl_buf_putc(out, obj ? '{' : '[');
    for (const tmpl_member *m = v->u.c->first; m; m = m->next) {
        tmpl_buf_putc(out, '\n');
        json_indent(out, depth + 1);
        if (obj) {
            json_string(out, m->key, m->key_len);
            tmpl_buf_puts(out, ": ");
        }
        json_value(out, &m->value, depth + 1);
        if (m->next)
            tmpl_buf_putc(out, ',');
    }
    tmpl_buf_putc(out, '\n');
    json_indent(out, depth);
    tmpl_buf_putc(out, obj ? '}' : ']');
}

bool tmpl_value_write_json(const tmpl_value *v, tmpl_buf *out)
{
    json_value(out, v, 0);
    tmpl_buf_putc(out, '\n');
    return !out->failed;
}
