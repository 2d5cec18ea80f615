/* Shared between tmpl_parse.c and tmpl_render.c; not a public header. */
#ifndef MOFC_TMPL_INTERNAL_H
#define MOFC_TMPL_INTERNAL_H

#include "codegen/tmpl.h"

#include <string.h>

/* Every op first writes its text (tmpl_op.text: for OP_TEXT all it does;
 * for a tag, the text before it on its line), then does what its kind
 * says: a line of a template is a few ops, not a text op and a tag op for
 * each tag (half the ops rendering ran through). */
typedef enum tmpl_op_kind {
    OP_TEXT,     /* literal text only */
    OP_VAR,      /* {{name}}: escaped per options */
    OP_RAW,      /* {{{name}}} / {{&name}}: never escaped */
    OP_SECTION,  /* {{#name}} ... up to ops[end] */
    OP_INVERTED, /* {{^name}} ... up to ops[end] */
    OP_END,      /* {{/name}} */
    OP_PARTIAL,  /* {{>name}} */
    OP_DYN_PARTIAL /* {{>*name}}: partial named by the value of name */
} tmpl_op_kind;

/* The few small functions every lookup or append runs: inlined even where
 * the compiler would not (a call cost as much as their work). */
#if defined(__GNUC__)
#define TMPL_HOT_INLINE static inline __attribute__((always_inline))
#else
#define TMPL_HOT_INLINE static inline
#endif

/* Copies n bytes (at most 32) from s to d as two fixed-size moves at
 * either end, overlapping in the middle: most values rendered are a few
 * bytes, and a call to memcpy cost more than their copy. */
TMPL_HOT_INLINE void copy_short(char *d, const char *s, size_t n)
{
    if (n >= 16) {
        char a[16], b[16];
        memcpy(a, s, 16);
        memcpy(b, s + n - 16, 16);
        memcpy(d, a, 16);
        memcpy(d + n - 16, b, 16);
    } else if (n >= 8) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + n - 8, &b, 8);
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(d, &a, 4);
        memcpy(d + n - 4, &b, 4);
    } else if (n > 0) { /* 1 to 3: the first, the middle and the last */
        char a = s[0], b = s[n / 2], c = s[n - 1];
        d[0] = a;
        d[n / 2] = b;
        d[n - 1] = c;
    }
}

/* tmpl_buf_append with the common case (room left) inline: the renderer
 * appends a few bytes millions of times. (cap is 0 while data is NULL:
 * no room then.) */
TMPL_HOT_INLINE void tmpl_buf_put(tmpl_buf *b, const char *s, size_t n)
{
    char *d = b->data; /* read before the stores, as in tmpl_buf_put_src */
    size_t len = b->len;
    if (b->cap - len > n) {
        if (n <= 32)
            copy_short(d + len, s, n);
        else
            memcpy(d + len, s, n);
        d[len + n] = '\0';
        b->len = len + n;
    } else {
        tmpl_buf_append(b, s, n);
    }
}

/* A template's text is kept with this many readable bytes after it, so
 * that a short run of it is copied as one fixed 16-byte move (no call to
 * memcpy: a million text ops a run in mofc gen, most of them a few bytes). */
#define TMPL_SRC_PAD 16

/* tmpl_buf_put for text of a template's own source (t->src). */
TMPL_HOT_INLINE void tmpl_buf_put_src(tmpl_buf *b, const char *s, size_t n)
{
    /* The fields read before the stores: a store of chars may alias them
     * for the compiler, which would read them again. */
    char *d = b->data;
    size_t len = b->len;
    if (n <= TMPL_SRC_PAD && b->cap - len > TMPL_SRC_PAD) {
        memcpy(d + len, s, TMPL_SRC_PAD);
        d[len + n] = '\0';
        b->len = len + n;
    } else {
        tmpl_buf_put(b, s, n);
    }
}

/* One dotted-name segment ("a.b.c" has three). */
typedef struct tmpl_seg {
    const char *s;
    uint32_t len;
    uint32_t hash;       /* tmpl_key_hash(s, len), for lookups */
} tmpl_seg;

/* The hash objects index their keys by (tmpl_value.c), and a lookup that
 * takes it ready-made: names of a template are hashed once, when it is
 * compiled, not at every lookup in every context. */
uint32_t tmpl_key_hash(const char *k, size_t n);
const tmpl_value *tmpl_object_get_hashed(const tmpl_value *obj, const char *key, size_t key_len,
                                         uint32_t hash);

typedef struct tmpl_op {
    uint8_t kind;
    uint8_t standalone;  /* partials: tag alone on its line (gets indent) */
    uint8_t line_start;  /* a line starts before text: the partial indentation goes there */
    uint32_t offset;     /* where the tag (or text) starts, for errors */
    const char *text;    /* written first; never a newline before its end; */
    uint32_t text_len;   /* TMPL_SRC_PAD bytes after it readable (in the source) */
    const char *str;     /* tags: the name as written */
    uint32_t len;
    uint32_t end;        /* sections: index of the matching OP_END; OP_END: of its section */
    uint32_t seg, nseg;  /* name segments in template->segs; nseg 0 = "." */
    const char *indent;  /* standalone partials: whitespace before the tag */
    uint32_t indent_len;
} tmpl_op;

struct tmpl_template {
    uint64_t serial; /* tmpl_serial(): never reused, unlike an address */
    char *name;
    char *src; /* private copy, TMPL_SRC_PAD bytes longer: ops point into it */
    size_t src_len;
    tmpl_op *ops;
    size_t nops;
    tmpl_seg *segs;
    size_t nsegs;
};

/* A number no other call returns in this process: what memoized parts
 * (tmpl_memo.c) know templates and frozen nodes by, since an address may
 * be reused once they are freed. */
uint64_t tmpl_serial(void);

/* What a streamed list knows of the render jobs using it: the places
 * (holes) its items are rendered into, and how many were pushed. */
typedef struct tmpl_hole tmpl_hole;
typedef struct tmpl_stream_state {
    tmpl_hole *holes; /* linked through tmpl_hole.next_in_stream */
    size_t pushed;
} tmpl_stream_state;

/* ---- The data tree's layout (tmpl_value.c builds it; the renderer reads
 * it directly: a lookup and an interpolation are most of rendering, and
 * calls to accessors were a third of their cost). */

typedef struct tmpl_container {
    tmpl_tree *tree;
    struct tmpl_container *parent; /* to refuse cycles and double placement */
    tmpl_member *first, *last;
    size_t count;
    tmpl_member **index; /* hash index, built once an object gets big */
    size_t index_cap;    /* power of two, 0 while there is no index */
    uint64_t key_bits;   /* bit hash % 64 of each key: most keys set are new */
    bool stream;         /* a streamed list: no members, see tmpl_stream.c */
    bool frozen;         /* shared (tmpl_list_append_shared): read only */
    uint16_t nshaped;    /* made with a shape (tmpl_new_shaped): its first nshaped
                          * members are one array from first on (in the padding
                          * before serial: the layout is otherwise unchanged) */
    uint64_t serial;     /* frozen: its tmpl_serial(), what renders memoize it by */
    tmpl_stream_state st;
} tmpl_container;

struct tmpl_value {
    uint8_t type;
    uint8_t boolean;
    uint32_t len; /* string length */
    union {
        double num;
        const char *str;
        tmpl_container *c;
    } u;
};

struct tmpl_member {
    tmpl_member *next;
    const char *key; /* NULL for list items; else the tree's interned copy */
    uint32_t key_len;
    uint32_t hash;   /* hash_key of key */
    tmpl_value value; /* stored inline: one allocation per entry */
};

/* The serial of v when it is a frozen list or object
 * (tmpl_list_append_shared), else 0. Inline, as the next one: the
 * renderer asks at every section and list item. */
static inline uint64_t tmpl_frozen_serial(const tmpl_value *v)
{
    return v && (v->type == TMPL_LIST || v->type == TMPL_OBJECT) && v->u.c->frozen ? v->u.c->serial
                                                                                   : 0;
}

/* The stream state of v, or NULL when v is not a streamed list. */
static inline tmpl_stream_state *tmpl_stream_of(const tmpl_value *v)
{
    return v && v->type == TMPL_LIST && v->u.c->stream ? &v->u.c->st : NULL;
}

/* Whether the w bytes (8 or 4) at each end of a and b are the same. */
TMPL_HOT_INLINE bool same_ends(const char *a, const char *b, size_t n, size_t w)
{
    uint64_t a0 = 0, b0 = 0, a1 = 0, b1 = 0;
    memcpy(&a0, a, w);
    memcpy(&b0, b, w);
    memcpy(&a1, a + n - w, w);
    memcpy(&b1, b + n - w, w);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

/* Whether the n bytes at a and b are the same: keys are short, and a call
 * to memcmp or a loop over the bytes cost more than two overlapping word
 * loads at either end (a lookup that finds its key compares it whole). */
TMPL_HOT_INLINE bool same_key(const char *a, const char *b, size_t n)
{
    if (n > 16)
        return memcmp(a, b, n) == 0;
    if (n >= 8)
        return same_ends(a, b, n, 8);
    if (n >= 4)
        return same_ends(a, b, n, 4);
    /* 1 to 3 bytes: the first, the middle and the last cover them all. */
    return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
}

/* The member of c with key key (n bytes, hash h), or NULL. */
TMPL_HOT_INLINE tmpl_member *tmpl_find_member(const tmpl_container *c, const char *key, size_t n,
                                             uint32_t h)
{
    if (c->index) {
        size_t mask = c->index_cap - 1;
        for (size_t i = h & mask; c->index[i]; i = (i + 1) & mask) {
            tmpl_member *m = c->index[i];
            if (m->hash == h && m->key_len == n && same_key(m->key, key, n))
                return m;
        }
        return NULL;
    }
    for (tmpl_member *m = c->first; m; m = m->next)
        if (m->hash == h && m->key_len == n && same_key(m->key, key, n))
            return m;
    return NULL;
}

/* A name of nseg segments in a context stack of nctx (innermost last):
 * the first segment from the innermost context outwards, the others
 * inside what was found; *at: the context the first was found in (0 when
 * none). */
TMPL_HOT_INLINE const tmpl_value *tmpl_lookup(const tmpl_value *const *ctx, size_t nctx,
                                             const tmpl_seg *seg, uint32_t nseg, size_t *at)
{
    const tmpl_member *m = NULL;
    size_t k = nctx;
    while (k > 0) {
        const tmpl_value *c = ctx[--k];
        if (c && c->type == TMPL_OBJECT &&
            (m = tmpl_find_member(c->u.c, seg[0].s, seg[0].len, seg[0].hash)))
            break;
    }
    *at = m ? k : 0;
    for (uint32_t i = 1; i < nseg && m; i++)
        m = m->value.type == TMPL_OBJECT
                ? tmpl_find_member(m->value.u.c, seg[i].s, seg[i].len, seg[i].hash)
                : NULL;
    return m ? &m->value : NULL;
}

/* Indentation of standalone partials, outermost first; lives on the C
 * stack while rendering, copied into a hole when one is opened. */
typedef struct tmpl_indent {
    const struct tmpl_indent *outer;
    const char *s;
    size_t len;
} tmpl_indent;

/* One render in progress (tmpl_render.c; holes in tmpl_stream.c). */
typedef struct tmpl_rstate {
    tmpl_env *env;
    tmpl_buf *out;
    tmpl_error *err;
    const tmpl_value **ctx; /* context stack, innermost last */
    size_t nctx, ctx_cap;
    int partial_depth;
    int depth;
    size_t start;           /* out->len when the render began */
    size_t before;          /* bytes of this output already written elsewhere */
    unsigned long steps;
    /* What every run of ops reads of the options and limits, worked out
     * once per render (tmpl_rstate_prepare), not in the prologue of each
     * section body: rendering stops at an op when steps would pass allowed
     * or out->len is past max_len. */
    bool html;               /* escape == TMPL_ESCAPE_HTML */
    unsigned long max_steps; /* the step budget, for messages */
    unsigned long allowed;   /* max_steps, or 0 when the output is past its limit */
    size_t max_len;
    tmpl_job *job;          /* NULL: a plain tmpl_render, no streamed lists */
    bool in_hole;           /* rendering an item of a streamed list */
    struct tmpl_memo_rec *rec; /* recording a section body (tmpl_memo.c), else NULL */
} tmpl_rstate;

/* ---- Memoized sections (tmpl_memo.c) ----
 * A section body rendered with a frozen node as its context renders the
 * same text wherever the node appears, except where a name is found
 * outside the node. So its text is kept per (template, section, node) in
 * the environment and copied the next times, with the variables found
 * outside it (only those at the body's own level, such as the class's
 * name in a row of an inherited property) looked up again; a body with
 * any other outside name (a section, a variable inside a nested section)
 * is always rendered. Indentation is applied again too. */
typedef struct tmpl_memo tmpl_memo;
void tmpl_memo_free(tmpl_memo *m);
/* Renders section op i's body with frozen v (serial: its serial), from
 * the memo when it has it. */
bool tmpl_memo_render(tmpl_rstate *st, const tmpl_template *t, size_t i, const tmpl_value *v,
                      const tmpl_indent *ind, uint64_t serial);
/* While recording: op (in t) looked its name up and found it in context
 * at (0: nowhere). Found outside the node, it is replayed when it is a
 * variable at the body's own level, else the body is never memoized. */
void tmpl_memo_found(tmpl_rstate *st, const tmpl_template *t, const tmpl_op *op, size_t at);
/* While recording: variable op wrote out[from, out->len) after an
 * escaped lookup: that part is looked up again at each replay. */
void tmpl_memo_var(tmpl_rstate *st, const tmpl_op *op, size_t from);
/* While recording: an OP_INDENT with chain ind (written here). */
void tmpl_memo_indent(tmpl_rstate *st, const tmpl_indent *ind);
/* While recording: rendering nests this deep (depth, partial_depth). */
void tmpl_memo_depth(tmpl_rstate *st);
/* Not memoizable (a streamed list inside the body). */
void tmpl_memo_refuse(tmpl_rstate *st);

/* From tmpl_render.c, for tmpl_memo.c. */
tmpl_memo **tmpl_env_memo(tmpl_env *env);
bool tmpl_render_body(tmpl_rstate *st, const tmpl_template *t, size_t i, const tmpl_value *v,
                      const tmpl_indent *ind);
bool tmpl_interpolate(tmpl_rstate *st, const tmpl_template *t, const tmpl_op *op);
void tmpl_put_indent(tmpl_buf *out, const tmpl_indent *ind);
/* Sets st's html and limits from its env, start and before: call it once
 * those are set, before rendering with st. */
void tmpl_rstate_prepare(tmpl_rstate *st);

/* Renders section op i's body once with v as the innermost context. */
bool tmpl_render_with(tmpl_rstate *st, const tmpl_template *t, size_t i, const tmpl_value *v,
                      const tmpl_indent *ind);
/* Renders ops [from, to). */
bool tmpl_render_ops(tmpl_rstate *st, const tmpl_template *t, size_t from, size_t to,
                     const tmpl_indent *ind);
/* A section (or inverted section) op i over a streamed list met while
 * rendering: marks the place in the job's output (tmpl_stream.c). */
bool tmpl_hole_open(tmpl_rstate *st, const tmpl_template *t, size_t i, const tmpl_indent *ind,
                    tmpl_stream_state *s);

/* Fills err with message and the line/column of offset in t's source. */
void tmpl_error_at(tmpl_error *err, const char *name, const char *src, size_t offset,
                   const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

#endif
