/* libmofsrv: in-memory instance store (hash index + per-class lists +
 * the reference index of its association instances). */
#include "server/mofsrv_store.h"
#include "server/mofsrv_hash.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One reference of a stored association instance in the reference index
 * (see "the reference index" below). */
typedef struct mofsrv_ref {
    struct mofsrv_ref *next, *prev;   /* in its slot's chain */
    uint64_t hash;
    char *key;
    mofsrv_entry *assoc;
} mofsrv_ref;

static mofsrv_entry tomb_entry;
#define TOMB (&tomb_entry)

static uint64_t hash_str(const char *s) { return mofsrv_hash(s, strlen(s)); }

static void lower_into(mofrt_buf *b, const char *s)
{
    for (; s && *s; s++)
        mofrt_buf_putc(b, (*s >= 'A' && *s <= 'Z') ? (char)(*s - 'A' + 'a') : *s);
}

static void put_path(mofrt_buf *b, const mofrt_path *p, unsigned depth);

static void put_value(mofrt_buf *b, const mofrt_value *v, unsigned depth)
{
    if (v->type == MOFRT_T_REFERENCE && v->v.ref) {
        mofrt_buf_putc(b, '{');
        put_path(b, v->v.ref, depth + 1);
        mofrt_buf_putc(b, '}');
    } else if (v->type == MOFRT_T_STRING || v->untyped) {
        mofrt_buf_puts(b, v->v.s ? v->v.s : "");
    } else if (mofrt_value_print(v, b, NULL) < 0) {
        b->failed = true;
    }
}

/* Nested path: keys in sorted (case-insensitive) order, no host/namespace. */
static void put_path(mofrt_buf *b, const mofrt_path *p, unsigned depth)
{
    if (depth > 8) {
        b->failed = true;
        return;
    }
    lower_into(b, p->class_name);
    const mofrt_key *order[64];
    size_t n = p->count < 64 ? p->count : 64;
    for (size_t i = 0; i < n; i++)
        order[i] = &p->keys[i];
    for (size_t i = 1; i < n; i++)   /* insertion sort: few keys */
        for (size_t j = i; j > 0 && mofrt_name_cmp(order[j - 1]->name, order[j]->name) > 0; j--) {
            const mofrt_key *t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (size_t i = 0; i < n; i++) {
        mofrt_buf_putc(b, '\x1f');
        lower_into(b, order[i]->name);
        mofrt_buf_putc(b, '=');
        put_value(b, &order[i]->value, depth);
    }
}

char *mofsrv_store_key(const char *class_name, const char *const *keys, size_t nkeys,
                   const mofrt_path *path)
{
    mofrt_buf b = MOFRT_BUF_INIT;
    lower_into(&b, class_name);
    for (size_t i = 0; i < nkeys; i++) {
        const mofrt_value *v = mofrt_path_get_key(path, keys[i]);
        if (!v) {
            mofrt_buf_free(&b);
            return NULL;
        }
        mofrt_buf_putc(&b, '\x1f');
        lower_into(&b, keys[i]);
        mofrt_buf_putc(&b, '=');
        put_value(&b, v, 0);
    }
    return mofrt_buf_take(&b);
}

uint64_t mofsrv_path_hash(const mofrt_path *path)
{
    mofrt_buf b = MOFRT_BUF_INIT;
    put_path(&b, path, 0);
    /* out of memory: one bucket for all, still correct through the
     * comparison the caller makes */
    uint64_t h = b.failed || !b.data ? 0 : hash_str(b.data);
    mofrt_buf_free(&b);
    return h;
}

int mofsrv_store_init(mofsrv_store *st, const mofsrv_schema *schema, mofrt_error *err)
{
    memset(st, 0, sizeof *st);
    st->schema = schema;
    st->nbuckets = 1024;
    st->buckets = calloc(st->nbuckets, sizeof *st->buckets);
    st->lists = calloc(schema->nclasses ? schema->nclasses : 1, sizeof *st->lists);
    if (!st->buckets || !st->lists || pthread_rwlock_init(&st->lock, NULL) != 0 ||
        pthread_mutex_init(&st->park_mu, NULL) != 0) {
        free(st->buckets);
        free(st->lists);
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    }
    return 0;
}

void mofsrv_store_destroy(mofsrv_store *st)
{
    for (size_t i = 0; i < st->nbuckets; i++) {
        mofsrv_entry *e = st->buckets[i];
        if (e && e != TOMB) {
            for (size_t k = 0; k < e->nrefs; k++)
                free(e->refs[k].key);
            free(e->refs);
            free(e->key);
            mofrt_instance_free(e->inst);
            free(e);
        }
    }
    free(st->buckets);
    free(st->lists);
    free(st->rslots);
    free(st->irregular.items);
    pthread_rwlock_destroy(&st->lock);
    pthread_mutex_destroy(&st->park_mu);
    memset(st, 0, sizeof *st);
}

void mofsrv_store_rdlock(mofsrv_store *st) { pthread_rwlock_rdlock(&st->lock); }
void mofsrv_store_wrlock(mofsrv_store *st) { pthread_rwlock_wrlock(&st->lock); }
void mofsrv_store_unlock(mofsrv_store *st) { pthread_rwlock_unlock(&st->lock); }

/* Slot of key, or of the first free slot when absent (*found = false). */
static size_t probe(const mofsrv_store *st, const char *key, bool *found)
{
    size_t mask = st->nbuckets - 1, i = (size_t)hash_str(key) & mask, free_slot = SIZE_MAX;
    for (;; i = (i + 1) & mask) {
        mofsrv_entry *e = st->buckets[i];
        if (!e) {
            *found = false;
            return free_slot != SIZE_MAX ? free_slot : i;
        }
        if (e == TOMB) {
            if (free_slot == SIZE_MAX)
                free_slot = i;
        } else if (strcmp(e->key, key) == 0) {
            *found = true;
            return i;
        }
    }
}

static int grow(mofsrv_store *st)
{
    size_t n = st->nbuckets * 2;
    mofsrv_entry **nb = calloc(n, sizeof *nb);
    if (!nb)
        return -1;
    mofsrv_entry **old = st->buckets;
    size_t oldn = st->nbuckets;
    st->buckets = nb;
    st->nbuckets = n;
    st->tombs = 0;
    for (size_t i = 0; i < oldn; i++) {
        if (old[i] && old[i] != TOMB) {
            bool found;
            st->buckets[probe(st, old[i]->key, &found)] = old[i];
        }
    }
    free(old);
    return 0;
}

/* The slot of the instance a path names: the path's class or a subclass,
 * each keyed by its own key list. SIZE_MAX when there is none. */
static size_t find(const mofsrv_store *st, const mofrt_path *path)
{
    const mofsrv_class *c = mofsrv_schema_find(st->schema, path->class_name);
    for (size_t i = 0; c && i < c->nsubs; i++) {
        const mofsrv_class *k = c->subs[i];
        char *key = mofsrv_store_key(k->name, k->keys, k->nkeys, path);
        if (!key)
            continue;
        bool found;
        size_t slot = probe(st, key, &found);
        free(key);
        if (found)
            return slot;
    }
    return SIZE_MAX;
}

const mofrt_instance *mofsrv_store_get(const mofsrv_store *st, const mofrt_path *path)
{
    size_t slot = find(st, path);
    return slot == SIZE_MAX ? NULL : st->buckets[slot]->inst;
}

static int push(mofsrv_entryvec *l, mofsrv_entry *e)
{
    if (l->count == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        mofsrv_entry **ni = realloc(l->items, nc * sizeof *ni);
        if (!ni)
            return -1;
        l->items = ni;
        l->cap = nc;
    }
    l->items[l->count++] = e;
    return 0;
}

static void list_add(mofsrv_classlist *l, mofsrv_entry *e)
{
    e->next = NULL;
    e->prev = l->tail;
    if (l->tail)
        l->tail->next = e;
    else
        l->head = e;
    l->tail = e;
    l->count++;
}

/* Caller holds the write lock: no walker is between parking and taking
 * its cursor back, so the parked cursors are the store's to move. */
static void list_remove(mofsrv_classlist *l, mofsrv_entry *e)
{
    for (mofsrv_store_cursor *c = l->parked; c; c = c->next)
        if (c->at == e)
            c->at = e->next;
    if (e->prev)
        e->prev->next = e->next;
    else
        l->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        l->tail = e->prev;
    e->prev = e->next = NULL;
    l->count--;
}

/* ---- the reference index -------------------------------------------------------
 * Each reference of a stored association instance is a node keyed by what
 * it names: mofsrv_store_key over the root class of the reference's class
 * (a path may name an instance by any class of its hierarchy) and the key
 * values, with that class's keys. An instance of class C named by path P
 * is looked up with the same key over C's keys: equal when the reference
 * gives exactly its class's keys (C's too, as keys are inherited) and the
 * values match. A reference with other keys than its class declares
 * cannot be keyed so: its association goes to `irregular`, which every
 * lookup visits. A reference that misses a key or names an unknown class
 * names no instance at all: not indexed. */
static const mofsrv_class *root_of(const mofsrv_class *c)
{
    for (unsigned d = 0; c->super && d < 64; d++)
        c = c->super;
    return c;
}

/* The index key of the instance of class c named by path; NULL when path
 * lacks one of c's keys (or out of memory). */
static char *ref_key(const mofsrv_class *c, const mofrt_path *path)
{
    return mofsrv_store_key(root_of(c)->name, c->keys, c->nkeys, path);
}

static void chain_link(mofsrv_ref **slots, size_t nslots, mofsrv_ref *r)
{
    mofsrv_ref **head = &slots[r->hash & (nslots - 1)];
    r->prev = NULL;
    r->next = *head;
    if (*head)
        (*head)->prev = r;
    *head = r;
}

static void chain_unlink(mofsrv_store *st, mofsrv_ref *r)
{
    if (r->prev)
        r->prev->next = r->next;
    else
        st->rslots[r->hash & (st->nrslots - 1)] = r->next;
    if (r->next)
        r->next->prev = r->prev;
    st->nrefs--;
}

/* Room for one more node: the table at most one node per slot on average. */
static void rslots_grow(mofsrv_store *st)
{
    if (st->nrefs < st->nrslots)
        return;
    size_t n = st->nrslots ? st->nrslots * 2 : 1024;
    mofsrv_ref **slots = calloc(n, sizeof *slots);
    if (!slots)
        abort();   /* cannot leave the index inconsistent */
    for (size_t i = 0; i < st->nrslots; i++)
        for (mofsrv_ref *r = st->rslots[i], *next; r; r = next) {
            next = r->next;
            chain_link(slots, n, r);
        }
    free(st->rslots);
    st->rslots = slots;
    st->nrslots = n;
}

static void index_refs(mofsrv_store *st, mofsrv_entry *e)
{
    const mofsrv_class *c = &st->schema->classes[e->cls];
    if (!c->association)
        return;
    const mofrt_instance *inst = e->inst;
    size_t n = 0;
    for (size_t i = 0; i < inst->count; i++) {
        const mofrt_value *v = &inst->props[i].value;
        n += !v->is_null && !v->is_array && v->type == MOFRT_T_REFERENCE && v->v.ref;
    }
    if (!n)
        return;
    if (!(e->refs = calloc(n, sizeof *e->refs)))
        abort();
    for (size_t i = 0; i < inst->count; i++) {
        const mofrt_value *v = &inst->props[i].value;
        if (v->is_null || v->is_array || v->type != MOFRT_T_REFERENCE || !v->v.ref)
            continue;
        const mofrt_path *ref = v->v.ref;
        const mofsrv_class *rc = mofsrv_schema_find(st->schema, ref->class_name);
        char *key = rc ? ref_key(rc, ref) : NULL;
        if (key && ref->count != rc->nkeys) {
            free(key);   /* keys its class does not have: the index cannot key it */
            key = NULL;
            e->irregular = true;
        }
        if (!key)
            continue;
        mofsrv_ref *r = &e->refs[e->nrefs++];
        r->key = key;
        r->hash = hash_str(key);
        r->assoc = e;
        rslots_grow(st);
        chain_link(st->rslots, st->nrslots, r);
        st->nrefs++;
    }
    if (e->irregular) {
        e->irr_pos = st->irregular.count;
        if (push(&st->irregular, e) < 0)
            abort();
    }
}

static void unindex_refs(mofsrv_store *st, mofsrv_entry *e)
{
    for (size_t i = 0; i < e->nrefs; i++) {
        chain_unlink(st, &e->refs[i]);
        free(e->refs[i].key);
    }
    free(e->refs);
    e->refs = NULL;
    e->nrefs = 0;
    if (e->irregular) {
        mofsrv_entry *last = st->irregular.items[--st->irregular.count];
        st->irregular.items[e->irr_pos] = last;
        last->irr_pos = e->irr_pos;
        e->irregular = false;
    }
}

/* node is the first of its association's references with this key (an
 * association referring twice to one instance is visited once). */
static bool first_of_key(const mofsrv_ref *node)
{
    for (const mofsrv_ref *r = node->assoc->refs; r < node; r++)
        if (r->hash == node->hash && strcmp(r->key, node->key) == 0)
            return false;
    return true;
}

int mofsrv_store_each_referrer(mofsrv_store *st, const mofsrv_class *cls, const mofrt_path *path,
                               mofsrv_store_fn fn, void *arg)
{
    char *key = ref_key(cls, path);
    if (key && st->nrslots) {
        uint64_t h = hash_str(key);
        for (mofsrv_ref *r = st->rslots[h & (st->nrslots - 1)], *next; r; r = next) {
            next = r->next;   /* fn may not change the store, but keep the walk simple */
            if (r->hash != h || strcmp(r->key, key) != 0 || r->assoc->irregular || !first_of_key(r))
                continue;
            st->ref_visits++;
            int rc = fn(arg, r->assoc->inst);
            if (rc) {
                free(key);
                return rc;
            }
        }
    }
    free(key);
    for (size_t i = 0; i < st->irregular.count; i++) {
        st->ref_visits++;
        int rc = fn(arg, st->irregular.items[i]->inst);
        if (rc)
            return rc;
    }
    return 0;
}

int mofsrv_store_put(mofsrv_store *st, mofrt_instance *inst, mofrt_error *err)
{
    const mofsrv_class *c = mofsrv_schema_find(st->schema, inst->class_name);
    if (!c || !inst->path) {
        mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_CLASS, MOFRT_E_USAGE,
                        "cannot store an instance of %.100s%s", inst->class_name,
                        c ? " without a path" : " (unknown class)");
        mofrt_instance_free(inst);
        return -1;
    }
    char *key = mofsrv_store_key(c->name, c->keys, c->nkeys, inst->path);
    if (!key) {
        mofrt_instance_free(inst);
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "bad or missing key");
    }
    if ((st->count + st->tombs + 1) * 4 > st->nbuckets * 3 && grow(st) < 0)
        goto oom;
    bool found;
    size_t slot = probe(st, key, &found);
    if (found) {
        mofsrv_entry *e = st->buckets[slot];
        free(key);
        unindex_refs(st, e);
        mofrt_instance_free(e->inst);
        e->inst = inst;
        if (e->cls != c->index) {   /* same key, other class: move lists */
            list_remove(&st->lists[e->cls], e);
            e->cls = c->index;
            list_add(&st->lists[c->index], e);
        }
        index_refs(st, e);
        return 0;
    }
    mofsrv_entry *e = calloc(1, sizeof *e);
    if (!e)
        goto oom;
    e->key = key;
    e->inst = inst;
    e->cls = c->index;
    list_add(&st->lists[c->index], e);
    if (st->buckets[slot] == TOMB)
        st->tombs--;
    st->buckets[slot] = e;
    st->count++;
    index_refs(st, e);
    return 0;
oom:
    free(key);
    mofrt_instance_free(inst);
    return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
}

bool mofsrv_store_del(mofsrv_store *st, const mofrt_path *path)
{
    size_t slot = find(st, path);
    if (slot == SIZE_MAX)
        return false;
    mofsrv_entry *e = st->buckets[slot];
    st->buckets[slot] = TOMB;
    st->tombs++;
    st->count--;
    list_remove(&st->lists[e->cls], e);
    unindex_refs(st, e);
    free(e->key);
    mofrt_instance_free(e->inst);
    free(e);
    return true;
}

int mofsrv_store_each(const mofsrv_store *st, const mofsrv_class *cls, mofsrv_store_fn fn, void *arg)
{
    for (size_t i = 0; i < cls->nsubs; i++) {
        int rc = mofsrv_store_each_exact(st, cls->subs[i], fn, arg);
        if (rc)
            return rc;
    }
    return 0;
}

int mofsrv_store_apply(mofsrv_store *st, mofsrv_txn *t, mofrt_error *err)
{
    int rc = 0;
    for (size_t i = 0; i < t->count; i++) {
        if (t->ops[i].inst) {
            if (mofsrv_store_put(st, t->ops[i].inst, rc ? NULL : err) < 0)
                rc = -1;
            t->ops[i].inst = NULL;
        } else {
            (void)mofsrv_store_del(st, t->ops[i].del);
        }
    }
    return rc;
}

int mofsrv_store_fill(mofsrv_store *st, mofrt_error *err)
{
    const mofsrv_schema *s = st->schema;
    for (size_t i = 0; i < s->ninsts; i++) {
        mofrt_instance *inst = mofrt_instance_copy(s->insts[i]);
        if (!inst)
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        mofrt_path_free(inst->path);
        inst->path = mofsrv_schema_path_of(s, inst, err);
        if (!inst->path) {
            mofrt_error_prefix(err, "initial instance");
            mofrt_instance_free(inst);
            return -1;
        }
        if (mofsrv_store_put(st, inst, err) < 0)
            return -1;
    }
    return 0;
}

size_t mofsrv_store_count_exact(const mofsrv_store *st, const mofsrv_class *cls)
{
    return st->lists[cls->index].count;
}

int mofsrv_store_each_exact(const mofsrv_store *st, const mofsrv_class *cls, mofsrv_store_fn fn, void *arg)
{
    for (const mofsrv_entry *e = st->lists[cls->index].head, *next; e; e = next) {
        next = e->next;
        int rc = fn(arg, e->inst);
        if (rc)
            return rc;
    }
    return 0;
}

int mofsrv_store_each_yield(mofsrv_store *st, const mofsrv_class *cls, mofsrv_store_fn fn, void *arg,
                            const mofsrv_store_yield *y)
{
    mofsrv_classlist *l = &st->lists[cls->index];
    unsigned since = 0;
    for (const mofsrv_entry *e = l->head; e;) {
        int rc = fn(arg, e->inst);
        if (rc)
            return rc;
        e = e->next;
        if (!e || (++since < MOFSRV_STORE_YIELD_EVERY && !(y->due && y->due(y->arg))))
            continue;
        /* park: the store moves the cursor on if e leaves the list. Other
         * readers park on the same list at the same time, so the head is
         * read under park_mu, never before it. */
        mofsrv_store_cursor c = { NULL, NULL, (mofsrv_entry *)e };
        pthread_mutex_lock(&st->park_mu);
        c.next = l->parked;
        if (l->parked)
            l->parked->prev = &c;
        l->parked = &c;
        pthread_mutex_unlock(&st->park_mu);
        mofsrv_store_unlock(st);
        if (y->wait)
            y->wait(y->arg);
        mofsrv_store_rdlock(st);
        pthread_mutex_lock(&st->park_mu);
        if (c.prev)
            c.prev->next = c.next;
        else
            l->parked = c.next;
        if (c.next)
            c.next->prev = c.prev;
        pthread_mutex_unlock(&st->park_mu);
        e = c.at;
        since = 0;
    }
    return 0;
}
