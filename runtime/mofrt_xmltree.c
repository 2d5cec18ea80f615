/* The element tree the CIM-XML decoders read (see mofrt_internal.h):
 * built from libxml2's SAX2 callbacks (mofrt_xmlparse.c) into chunks of
 * memory that are kept for the next document, not libxml2's tree. The
 * decoders read only elements, attributes and text; libxml2's tree cost
 * an object per node, attribute and text, their namespaces and a free of
 * each, about a third of a whole GetInstance. */
#include "runtime/mofrt_internal.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

enum { CHUNK = 16384 };   /* a GetInstance request's tree fits in one */

typedef struct chunk {
    struct chunk *next;
    size_t cap, used;
    alignas(max_align_t) char data[];
} chunk;

struct mofrt__tree {
    chunk *chunks;             /* the newest first; allocations come from it */
    mofrt__node *root;
    mofrt__node *cur;          /* the element open now (NULL: none) */
    void *held;                /* the owner of the names (mofrt__tree_hold) */
    void (*drop)(void *);
};

int mofrt__tree_hold(mofrt__tree *t, void *owner, int (*ref)(void *), void (*drop)(void *))
{
    if (t->held == owner)
        return 0;   /* (the usual case: the decoder's parser context, kept) */
    if (ref(owner) < 0)
        return -1;
    if (t->held)
        t->drop(t->held);
    t->held = owner;
    t->drop = drop;
    return 0;
}

mofrt__tree *mofrt__tree_new(void)
{
    return calloc(1, sizeof(mofrt__tree));
}

/* Empties the tree for the next document, keeping its first chunk (a
 * larger one made for a large document is not kept). */
void mofrt__tree_reset(mofrt__tree *t)
{
    chunk *c = t->chunks;
    while (c && c->next) {
        chunk *n = c->next;
        free(c);
        c = n;
    }
    if (c && c->cap > CHUNK) {
        free(c);
        c = NULL;
    }
    if (c)
        c->used = 0;
    t->chunks = c;
    t->root = t->cur = NULL;
}

void mofrt__tree_free(mofrt__tree *t)
{
    if (!t)
        return;
    for (chunk *c = t->chunks; c;) {
        chunk *n = c->next;
        free(c);
        c = n;
    }
    if (t->held)
        t->drop(t->held);
    free(t);
}

const mofrt__node *mofrt__tree_root(const mofrt__tree *t)
{
    return t->root;
}

/* n bytes aligned to `align` (1 or 8); NULL when out of memory. */
static void *alloc(mofrt__tree *t, size_t n, size_t align)
{
    chunk *c = t->chunks;
    size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
    if (!c || at + n > c->cap) {
        size_t cap = n + align > CHUNK ? 2 * (n + align) : CHUNK;
        c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->cap = cap;
        c->used = 0;
        c->next = t->chunks;
        t->chunks = c;
        at = 0;
    }
    c->used = at + n;
    return c->data + at;
}

static char *copy(mofrt__tree *t, const char *s, size_t n)
{
    char *r = alloc(t, n + 1, 1);
    if (r) {
        memcpy(r, s, n);
        r[n] = '\0';
    }
    return r;
}

static void append(mofrt__node *parent, mofrt__node *n)
{
    n->parent = parent;
    if (parent->last)
        parent->last->next = n;
    else
        parent->children = n;
    parent->last = n;
}

mofrt__node *mofrt__tree_open(mofrt__tree *t, const char *name, size_t nattrs)
{
    mofrt__node *n = alloc(t, sizeof *n, alignof(mofrt__node));
    const char **attrs = nattrs ? alloc(t, 2 * nattrs * sizeof *attrs, alignof(const char *)) : NULL;
    if (!n || (nattrs && !attrs))
        return NULL;
    n->name = name;   /* interned: see mofrt__tree_hold */
    n->text = NULL;
    n->len = 0;
    n->attrs = attrs;
    n->nattrs = 0;
    n->parent = n->children = n->last = n->next = NULL;
    if (t->cur)
        append(t->cur, n);
    else if (!t->root)
        t->root = n;
    t->cur = n;
    return n;
}

int mofrt__tree_attr(mofrt__tree *t, mofrt__node *n, const char *name, const char *value, size_t len)
{
    const char *v = copy(t, value, len);
    if (!v)
        return -1;
    n->attrs[2 * n->nattrs] = name;   /* interned: see mofrt__tree_hold */
    n->attrs[2 * n->nattrs + 1] = v;
    n->nattrs++;
    return 0;
}

void mofrt__tree_close(mofrt__tree *t)
{
    if (t->cur)
        t->cur = t->cur->parent;
}

/* Text of the open element. Pieces in a row (libxml2 gives the text
 * around each character reference apart) make one text node: grown in
 * place while it is the newest allocation, else moved to a chunk twice
 * its size, so n bytes cost O(n) whatever the number of pieces. */
int mofrt__tree_text(mofrt__tree *t, const char *s, size_t n)
{
    mofrt__node *p = t->cur;
    if (!p)
        return 0;   /* outside the root element: white space only */
    mofrt__node *last = p->last;
    if (last && !last->name) {
        chunk *c = t->chunks;
        char *text = (char *)last->text;
        if (text + last->len + 1 == c->data + c->used && c->used + n <= c->cap) {
            memcpy(text + last->len, s, n);
            last->len += n;
            text[last->len] = '\0';
            c->used += n;
            return 0;
        }
        size_t want = last->len + n;
        char *moved = alloc(t, 2 * want + 1, 1);
        if (!moved)
            return -1;
        memcpy(moved, last->text, last->len);
        memcpy(moved + last->len, s, n);
        moved[want] = '\0';
        last->text = moved;
        last->len = want;
        /* only what is used is taken: the rest stays free to grow into */
        t->chunks->used = (size_t)(moved - t->chunks->data) + want + 1;
        return 0;
    }
    mofrt__node *tn = alloc(t, sizeof *tn, alignof(mofrt__node));
    char *text = tn ? copy(t, s, n) : NULL;
    if (!text)
        return -1;
    memset(tn, 0, sizeof *tn);
    tn->text = text;
    tn->len = n;
    append(p, tn);
    return 0;
}

static size_t text_len(const mofrt__node *n)
{
    size_t len = 0;
    for (const mofrt__node *c = n->children; c; c = c->next)
        len += c->name ? text_len(c) : c->len;
    return len;
}

static char *text_put(const mofrt__node *n, char *o)
{
    for (const mofrt__node *c = n->children; c; c = c->next) {
        if (c->name) {
            o = text_put(c, o);
        } else {
            memcpy(o, c->text, c->len);
            o += c->len;
        }
    }
    return o;
}

/* An element's text content, as libxml2's xmlNodeGetContent gives it:
 * every text below it, in document order. */
const char *mofrt__node_text(mofrt__tree *t, const mofrt__node *n)
{
    const mofrt__node *c = n->children;
    if (!c)
        return "";
    if (!c->name && !c->next)
        return c->text;
    char *r = alloc(t, text_len(n) + 1, 1);
    if (r)
        *text_put(n, r) = '\0';
    return r;
}

const char *mofrt__attr(const mofrt__node *n, const char *name)
{
    for (size_t i = 0; i < n->nattrs; i++)
        if (strcmp(n->attrs[2 * i], name) == 0)
            return n->attrs[2 * i + 1];
    return NULL;
}
