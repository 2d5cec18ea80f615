/* tmpl_value: the data tree that templates are rendered with.
 *
 * A tree owns every node in it through one arena, so building a model of
 * the whole CIM schema (about a million nodes) costs a few large
 * allocations, and tmpl_tree_free() releases everything at once.
 *
 * Nodes: null, bool, number (double), string (UTF-8 + length), list, and
 * object (keys kept in insertion order, looked up by exact byte match).
 *
 * Building: every constructor takes the tree or a container already in it.
 * All functions accept NULL for a tree/container and then return NULL, and
 * any failure (out of memory, a container put in two places or inside
 * itself) is remembered by the tree, so a generator can build the whole
 * model and call tmpl_tree_failed() once at the end.
 *
 * Values handed to tmpl_list_append()/tmpl_object_set() are copied into
 * the container; a list or object keeps sharing its contents with the
 * copy, so it may still be filled through either pointer.  Use the pointer
 * returned by the call when in doubt.
 */
#ifndef MOFC_TMPL_VALUE_H
#define MOFC_TMPL_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>   /* strlen, for the inline setters */

typedef enum tmpl_type {
    TMPL_NULL,
    TMPL_BOOL,
    TMPL_NUMBER,
    TMPL_STRING,
    TMPL_LIST,
    TMPL_OBJECT
} tmpl_type;

typedef struct tmpl_tree tmpl_tree;
typedef struct tmpl_value tmpl_value;
typedef struct tmpl_member tmpl_member; /* one list item or object entry */

/* ---- Growable output buffer (shared by the JSON writer and renderer) -- */

typedef struct tmpl_buf {
    char *data;  /* NUL-terminated when not NULL */
    size_t len;
    size_t cap;
    bool failed; /* an allocation failed; later appends are ignored */
} tmpl_buf;

void tmpl_buf_init(tmpl_buf *b);
void tmpl_buf_free(tmpl_buf *b);
bool tmpl_buf_append(tmpl_buf *b, const char *s, size_t n);
bool tmpl_buf_puts(tmpl_buf *b, const char *s);
bool tmpl_buf_putc(tmpl_buf *b, char c);

/* ---- Trees ------------------------------------------------------------ */

tmpl_tree *tmpl_tree_new(void);
void tmpl_tree_free(tmpl_tree *t);               /* frees every node */
/* Frees every node, as tmpl_tree_free, but keeps the tree and its
 * interned keys for new nodes: a builder that makes one small tree per
 * item of a streamed list (tmpl_stream_push) does not intern the same
 * keys again for each. Pointers into the old nodes are invalid after. */
void tmpl_tree_reset(tmpl_tree *t);
bool tmpl_tree_failed(const tmpl_tree *t);       /* sticky error flag */
size_t tmpl_tree_bytes(const tmpl_tree *t);      /* arena bytes in use */
tmpl_value *tmpl_tree_root(const tmpl_tree *t);  /* NULL until set */
void tmpl_tree_set_root(tmpl_tree *t, tmpl_value *root);

/* ---- Stand-alone constructors ------------------------------------------ */

tmpl_value *tmpl_new_null(tmpl_tree *t);
tmpl_value *tmpl_new_bool(tmpl_tree *t, bool b);
tmpl_value *tmpl_new_number(tmpl_tree *t, double d);
tmpl_value *tmpl_new_string(tmpl_tree *t, const char *s); /* copied */
tmpl_value *tmpl_new_stringn(tmpl_tree *t, const char *s, size_t n);
tmpl_value *tmpl_new_list(tmpl_tree *t);
tmpl_value *tmpl_new_object(tmpl_tree *t);

/* ---- Objects: set replaces an existing key in place -------------------- */

tmpl_value *tmpl_object_set(tmpl_value *obj, const char *key, const tmpl_value *v);
tmpl_value *tmpl_object_setn(tmpl_value *obj, const char *key, size_t key_len,
                             const tmpl_value *v);
/* The setters a model is built with most are given the key's length
 * (tmpl_object_setn_*); the tmpl_object_set_* forms below measure the
 * key inline, so that a literal key costs nothing at run time. */
tmpl_value *tmpl_object_setn_bool(tmpl_value *obj, const char *key, size_t key_len, bool b);
tmpl_value *tmpl_object_setn_number(tmpl_value *obj, const char *key, size_t key_len, double d);
tmpl_value *tmpl_object_setn_string_ref(tmpl_value *obj, const char *key, size_t key_len,
                                        const char *s, size_t n);
tmpl_value *tmpl_object_setn_list(tmpl_value *obj, const char *key, size_t key_len);

tmpl_value *tmpl_object_set_null(tmpl_value *obj, const char *key);
static inline tmpl_value *tmpl_object_set_bool(tmpl_value *obj, const char *key, bool b)
{
    return tmpl_object_setn_bool(obj, key, key ? strlen(key) : 0, b);
}
static inline tmpl_value *tmpl_object_set_number(tmpl_value *obj, const char *key, double d)
{
    return tmpl_object_setn_number(obj, key, key ? strlen(key) : 0, d);
}
tmpl_value *tmpl_object_set_string(tmpl_value *obj, const char *key, const char *s);
tmpl_value *tmpl_object_set_stringn(tmpl_value *obj, const char *key,
                                    const char *s, size_t n);
/* The same without a copy: s (n bytes, a NUL at s[n]) is the caller's and
 * must stay unchanged while the tree is in use (a string the tree's user
 * keeps in its own arena, or a literal). */
static inline tmpl_value *tmpl_object_set_string_ref(tmpl_value *obj, const char *key,
                                                     const char *s, size_t n)
{
    return tmpl_object_setn_string_ref(obj, key, key ? strlen(key) : 0, s, n);
}
static inline tmpl_value *tmpl_object_set_list(tmpl_value *obj, const char *key) /* new [] */
{
    return tmpl_object_setn_list(obj, key, key ? strlen(key) : 0);
}
tmpl_value *tmpl_object_set_object(tmpl_value *obj, const char *key); /* new {} */

/* ---- Objects of a fixed shape ------------------------------------------
 * A builder that makes many objects with the same keys (one per property,
 * per enum constant: most of a schema's model) names the keys once, as a
 * shape, and fills each object by the position of a key in it: no key is
 * hashed or looked up per object (setting keys one by one was most of the
 * cost of building CIM 2.49's model). A shaped object is an ordinary object
 * to every reader (its keys in the shape's order), and may take more keys
 * with tmpl_object_set*.
 *
 * A tree knows a shape by its address (it interns the keys once per tree):
 * declare shapes static const, never change one, and give each at most
 * 65535 distinct keys. */
typedef struct tmpl_shape {
    const char *const *keys;   /* NUL-terminated, distinct */
    size_t n;
} tmpl_shape;
#define TMPL_SHAPE(keys) {(keys), sizeof(keys) / sizeof(keys)[0]}
/* A shape and the positions of its keys from one list, so that a position
 * cannot name the wrong key: KEYS(X, P) calls X(P, key) for each key (an
 * identifier), in order; TMPL_DECLARE_SHAPE(name, KEYS, P) declares the
 * enum P##key... (and P##N, their number) and the static shape name. */
#define TMPL_SHAPE_POS(P, k) P##k,
#define TMPL_SHAPE_KEY(P, k) #k,
#define TMPL_DECLARE_SHAPE(name, KEYS, P)                                                       \
    enum { KEYS(TMPL_SHAPE_POS, P) P##N };                                                      \
    static const char *const name##_keys[] = {KEYS(TMPL_SHAPE_KEY, P)};                         \
    static const tmpl_shape name = TMPL_SHAPE(name##_keys)

/* A new object holding every key of s, each null; NULL (and the tree
 * failed) when s has two equal keys or too many. */
tmpl_value *tmpl_new_shaped(tmpl_tree *t, const tmpl_shape *s);
tmpl_value *tmpl_list_append_shaped(tmpl_value *list, const tmpl_shape *s);
/* Set key i (its position in the shape obj was made with) of obj, as the
 * tmpl_object_set* of that key would; NULL (and the tree failed) when obj
 * was not made with a shape, i is not below its shape's n, or obj is frozen. */
tmpl_value *tmpl_shaped_set_bool(tmpl_value *obj, size_t i, bool b);
tmpl_value *tmpl_shaped_set_number(tmpl_value *obj, size_t i, double d);
tmpl_value *tmpl_shaped_set_string_ref(tmpl_value *obj, size_t i, const char *s, size_t n);
tmpl_value *tmpl_shaped_set_list(tmpl_value *obj, size_t i); /* new [] */

/* ---- Lists ------------------------------------------------------------- */

tmpl_value *tmpl_list_append(tmpl_value *list, const tmpl_value *v);
tmpl_value *tmpl_list_append_null(tmpl_value *list);
tmpl_value *tmpl_list_append_bool(tmpl_value *list, bool b);
tmpl_value *tmpl_list_append_number(tmpl_value *list, double d);
tmpl_value *tmpl_list_append_string(tmpl_value *list, const char *s);
tmpl_value *tmpl_list_append_stringn(tmpl_value *list, const char *s, size_t n);
tmpl_value *tmpl_list_append_string_ref(tmpl_value *list, const char *s, size_t n); /* not copied */
/* n strings at once, none copied (each as tmpl_list_append_string_ref):
 * one allocation for all, not one each (a Description's comment lines). */
typedef struct tmpl_str {
    const char *s;   /* len bytes, a NUL at s[len] */
    size_t len;
} tmpl_str;
bool tmpl_list_append_string_refs(tmpl_value *list, const tmpl_str *items, size_t n);
/* Appends the object or list v as a shared node: not copied, not moved,
 * so one node may be an item of any number of lists (a generator builds a
 * part that many lists repeat once). v and everything in it are frozen
 * from then on: setting or appending in them fails (and marks their tree
 * failed), which keeps the tree a tree to every reader. v must live as
 * long as list is used; NULL for anything but an object or list. */
tmpl_value *tmpl_list_append_shared(tmpl_value *list, const tmpl_value *v);
tmpl_value *tmpl_list_append_list(tmpl_value *list);
tmpl_value *tmpl_list_append_object(tmpl_value *list);

/* A streamed list (set as obj's key): it holds no items; a render job
 * (codegen/tmpl.h, tmpl_job_start) marks where sections over it go, and
 * each item given to tmpl_stream_push() is rendered there at once, so a
 * list of any length is never in memory as a whole. Reads as an empty
 * list everywhere else (tmpl_value_count 0, the JSON writer's []). */
tmpl_value *tmpl_object_set_stream(tmpl_value *obj, const char *key);

/* ---- Reading ------------------------------------------------------------ */

tmpl_type tmpl_value_type(const tmpl_value *v); /* NULL reads as TMPL_NULL */
bool tmpl_value_bool(const tmpl_value *v);
double tmpl_value_number(const tmpl_value *v);
const char *tmpl_value_string(const tmpl_value *v, size_t *len); /* NUL-terminated */
size_t tmpl_value_count(const tmpl_value *v); /* entries of a list/object */
/* Lookup by exact key in an object (NULL if absent or not an object). */
const tmpl_value *tmpl_object_get(const tmpl_value *obj, const char *key, size_t key_len);

/* Iteration over list items / object entries in insertion order. */
const tmpl_member *tmpl_value_first(const tmpl_value *v);
const tmpl_member *tmpl_member_next(const tmpl_member *m);
const tmpl_value *tmpl_member_value(const tmpl_member *m);
const char *tmpl_member_key(const tmpl_member *m, size_t *len); /* NULL in lists */

/* Shortest decimal text that reads back as d: 85 -> "85", 1.21 -> "1.21".
 * Non-finite values give "nan"/"inf"/"-inf".  buf needs 32 bytes; returns
 * the length.  Uses the C locale's '.' (mofc never calls setlocale). */
size_t tmpl_format_number(double d, char buf[32]);

/* Deterministic pretty JSON (2-space indent, keys in insertion order,
 * trailing newline).  Invalid UTF-8 bytes are written as \ufffd and
 * non-finite numbers as null, so the output is always valid JSON. */
bool tmpl_value_write_json(const tmpl_value *v, tmpl_buf *out);

#endif
