/* tmpl_memo: section bodies rendered over frozen nodes, kept and copied.
 *
 * A generator shares one frozen node between many lists (an inherited
 * property listed in every subclass: tmpl_list_append_shared). A section
 * body rendered with such a node as its innermost context gives the same
 * text each time, except where a name is found outside the node. The
 * first render of (template, section, node) is recorded: its text, cut
 * where a variable at the body's own level was found outside the node
 * (its value is looked up again each time) and where a line's
 * indentation came from outside the body (applied again); the next
 * renders copy it. A body that looks up any other name outside the node
 * (a section over an outside value, a variable inside a nested section, a
 * dynamic partial) or meets a streamed list is always rendered.
 *
 * The result is byte for byte that of rendering: the steps the body took
 * are counted again, and a replay that could reach a limit (steps, depth,
 * output size) is undone and the body rendered instead, so the limits stop
 * rendering at the same op with the same error. Memoized bodies are kept
 * per environment (TMPL_MEMO_MAX bytes at most), known by serial numbers,
 * so a freed node or template is never mistaken for a new one.
 */
#include "codegen/tmpl_internal.h"

#include <stdlib.h>
#include <string.h>

/* Bytes of memoized text and pieces one environment keeps at most; past
 * it, bodies are rendered. */
#define TMPL_MEMO_MAX ((size_t)64 << 20)

enum { PIECE_TEXT, PIECE_VAR, PIECE_INDENT };

typedef struct piece {
    uint8_t kind;
    uint32_t len;                 /* PIECE_TEXT: bytes of the entry's text */
    const tmpl_template *t;       /* PIECE_VAR: the op to interpolate */
    const tmpl_op *op;
} piece;

typedef struct entry {
    uint64_t node, tmpl;          /* serials */
    size_t op;
    bool ok;                      /* false: render this body every time */
    unsigned long steps;          /* the body's steps, replayed pieces included */
    int depth, partial_depth;     /* how much deeper the body nests */
    char *text;                   /* the TEXT pieces one after the other */
    piece *pieces;
    size_t npieces;
} entry;

struct tmpl_memo {
    entry **slots;                /* open addressing, cap a power of two */
    size_t cap, count, bytes;
};

/* A cut in the recorded output: out[from, to) is not kept as text; kind
 * says what is replayed there instead. */
typedef struct cut {
    size_t from, to;
    uint8_t kind;
    const tmpl_template *t;
    const tmpl_op *op;
} cut;

typedef struct tmpl_memo_rec {
    size_t base;                  /* st->ctx[base] is the node */
    const tmpl_indent *ind;       /* the body's indentation */
    size_t ind_len;               /* its bytes */
    int depth, partial_depth;     /* at the start, then the deepest */
    bool ok;
    const tmpl_template *var_t;   /* a variable found outside, being written */
    const tmpl_op *var_op;
    cut *cuts;
    size_t ncuts, cap;
} tmpl_memo_rec;

static size_t slot_of(const tmpl_memo *m, uint64_t node, uint64_t tmpl, size_t op)
{
    uint64_t h = (node * 0x9e3779b97f4a7c15ull) ^ (tmpl * 0xc2b2ae3d27d4eb4full) ^ op;
    h ^= h >> 29;
    size_t mask = m->cap - 1;
    size_t i = (size_t)h & mask;
    while (m->slots[i] &&
           !(m->slots[i]->node == node && m->slots[i]->tmpl == tmpl && m->slots[i]->op == op))
        i = (i + 1) & mask;
    return i;
}

static const entry *find(const tmpl_memo *m, uint64_t node, uint64_t tmpl, size_t op)
{
    return m && m->cap ? m->slots[slot_of(m, node, tmpl, op)] : NULL;
}

static void entry_free(entry *e)
{
    if (e) {
        free(e->text);
        free(e->pieces);
        free(e);
    }
}

/* Takes e (freed when it cannot be kept). */
static void keep(tmpl_memo **mp, entry *e, size_t bytes)
{
    tmpl_memo *m = *mp;
    if (!m && !(m = *mp = calloc(1, sizeof *m))) {
        entry_free(e);
        return;
    }
    if (m->bytes + bytes > TMPL_MEMO_MAX) {
        entry_free(e);
        return;
    }
    if ((m->count + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 256;
        entry **slots = calloc(cap, sizeof *slots);
        if (!slots) {
            entry_free(e);
            return;
        }
        tmpl_memo grown = {slots, cap, m->count, m->bytes};
        for (size_t i = 0; i < m->cap; i++)
            if (m->slots[i])
                slots[slot_of(&grown, m->slots[i]->node, m->slots[i]->tmpl, m->slots[i]->op)] =
                    m->slots[i];
        free(m->slots);
        *m = grown;
    }
    m->slots[slot_of(m, e->node, e->tmpl, e->op)] = e;
    m->count++;
    m->bytes += bytes;
}

void tmpl_memo_free(tmpl_memo *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->cap; i++)
        entry_free(m->slots[i]);
    free(m->slots);
    free(m);
}

/* ---- Recording -------------------------------------------------------------------- */

static void add_cut(tmpl_memo_rec *r, cut c)
{
    if (r->ncuts == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 8;
        cut *grown = realloc(r->cuts, cap * sizeof *grown);
        if (!grown) {
            r->ok = false; /* not kept: rendered every time */
            return;
        }
        r->cuts = grown;
        r->cap = cap;
    }
    r->cuts[r->ncuts++] = c;
}

void tmpl_memo_found(tmpl_rstate *st, const tmpl_template *t, const tmpl_op *op, size_t at)
{
    tmpl_memo_rec *r = st->rec;
    if (at >= r->base)
        return; /* in the node, or in what the body entered inside it */
    /* Outside: replayable only as a variable at the body's own level
     * (nothing pushed over the node, so the same lookup runs again). */
    if ((op->kind == OP_VAR || op->kind == OP_RAW) && st->nctx == r->base + 1) {
        r->var_t = t;
        r->var_op = op;
    } else {
        r->ok = false;
    }
}

void tmpl_memo_var(tmpl_rstate *st, const tmpl_op *op, size_t from)
{
    tmpl_memo_rec *r = st->rec;
    if (r->var_op != op)
        return;
    add_cut(r, (cut){from, st->out->len, PIECE_VAR, r->var_t, op});
    r->var_op = NULL;
    r->var_t = NULL;
}

void tmpl_memo_indent(tmpl_rstate *st, const tmpl_indent *ind)
{
    tmpl_memo_rec *r = st->rec;
    size_t from = st->out->len;
    tmpl_put_indent(st->out, ind);
    if (!r->ind)
        return; /* the body's own indentation is none: all of it is the body's */
    /* The chain is outermost first: the body's part, then what partials
     * inside the body added (the same each time). */
    const tmpl_indent *k = ind;
    while (k && k != r->ind)
        k = k->outer;
    if (k)
        add_cut(r, (cut){from, from + r->ind_len, PIECE_INDENT, NULL, NULL});
}

void tmpl_memo_depth(tmpl_rstate *st)
{
    tmpl_memo_rec *r = st->rec;
    if (st->depth > r->depth)
        r->depth = st->depth;
    if (st->partial_depth > r->partial_depth)
        r->partial_depth = st->partial_depth;
}

void tmpl_memo_refuse(tmpl_rstate *st) { st->rec->ok = false; }

/* The entry for a recording of out[start, out->len); NULL when memory
 * ran out. *bytes: what it takes. */
static entry *make_entry(const tmpl_memo_rec *r, const tmpl_buf *out, size_t start, size_t *bytes)
{
    entry *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->ok = r->ok;
    *bytes = sizeof *e;
    if (!r->ok)
        return e;
    size_t len = out->len - start;
    e->text = malloc(len ? len : 1);
    e->pieces = malloc((2 * r->ncuts + 1) * sizeof *e->pieces);
    if (!e->text || !e->pieces) {
        entry_free(e);
        return NULL;
    }
    size_t at = start, n = 0, k = 0;
    for (size_t c = 0; c <= r->ncuts; c++) {
        size_t to = c < r->ncuts ? r->cuts[c].from : out->len;
        if (to > at) {
            memcpy(e->text + n, out->data + at, to - at);
            e->pieces[k++] = (piece){PIECE_TEXT, (uint32_t)(to - at), NULL, NULL};
            n += to - at;
        }
        if (c < r->ncuts) {
            e->pieces[k++] = (piece){r->cuts[c].kind, 0, r->cuts[c].t, r->cuts[c].op};
            at = r->cuts[c].to;
        }
    }
    e->npieces = k;
    *bytes += n + k * sizeof *e->pieces;
    return e;
}

/* Renders the body while recording it into a new entry. */
static bool record(tmpl_rstate *st, const tmpl_template *t, size_t i, const tmpl_value *v,
                   const tmpl_indent *ind, uint64_t serial)
{
    tmpl_memo_rec r = {.base = st->nctx, .ind = ind, .depth = st->depth,
                       .partial_depth = st->partial_depth, .ok = true};
    for (const tmpl_indent *k = ind; k; k = k->outer)
        r.ind_len += k->len;
    size_t start = st->out->len;
    unsigned long steps = st->steps;
    int depth = st->depth, partial_depth = st->partial_depth;
    st->rec = &r;
    bool ok = tmpl_render_body(st, t, i, v, ind);
    st->rec = NULL;
    /* Text pieces are 32-bit: a body writing more is not kept. */
    if (ok && !st->out->failed && st->out->len - start <= UINT32_MAX) {
        size_t bytes;
        entry *e = make_entry(&r, st->out, start, &bytes);
        if (e) {
            *e = (entry){serial, t->serial, i, e->ok, st->steps - steps, r.depth - depth,
                         r.partial_depth - partial_depth, e->text, e->pieces, e->npieces};
            keep(tmpl_env_memo(st->env), e, bytes);
        }
    }
    free(r.cuts);
    return ok;
}

/* ---- Replay ------------------------------------------------------------------------- */

/* Writes e's text for v; false (out and steps as they were) when a limit
 * could be reached on the way: the caller renders instead. *ok: the
 * result when it returns true. */
static bool replay(tmpl_rstate *st, const entry *e, const tmpl_value *v, const tmpl_indent *ind,
                   bool *ok)
{
    size_t max_len = st->max_len;
    if (st->steps + e->steps > st->allowed ||
        st->depth + e->depth > TMPL_MAX_RENDER_DEPTH ||
        st->partial_depth + e->partial_depth > TMPL_MAX_PARTIAL_DEPTH)
        return false;
    size_t start = st->out->len;
    const char *text = e->text;
    *ok = true;
    bool pushed = false;
    for (size_t k = 0; k < e->npieces && *ok; k++) {
        const piece *p = &e->pieces[k];
        /* Rendering checks the output size before each op: never pass it
         * where an op of the body would have been refused. */
        if (st->out->len > max_len || (p->kind == PIECE_TEXT && st->out->len + p->len > max_len)) {
            if (pushed)
                st->nctx--;
            st->out->len = start;
            if (st->out->data)
                st->out->data[start] = '\0';
            return false;
        }
        switch (p->kind) {
        case PIECE_TEXT:
            tmpl_buf_put(st->out, text, p->len);
            text += p->len;
            break;
        case PIECE_INDENT: tmpl_put_indent(st->out, ind); break;
        case PIECE_VAR:
            /* Looked up as rendering does, with the node innermost. */
            if (!pushed && st->nctx == st->ctx_cap) {
                st->out->len = start;
                if (st->out->data)
                    st->out->data[start] = '\0';
                return false;
            }
            if (!pushed) {
                st->ctx[st->nctx++] = v;
                pushed = true;
            }
            *ok = tmpl_interpolate(st, p->t, p->op);
            break;
        }
    }
    if (pushed)
        st->nctx--;
    if (*ok)
        st->steps += e->steps;
    return true;
}

bool tmpl_memo_render(tmpl_rstate *st, const tmpl_template *t, size_t i, const tmpl_value *v,
                      const tmpl_indent *ind, uint64_t serial)
{
    const entry *e = find(*tmpl_env_memo(st->env), serial, t->serial, i);
    if (!e)
        return record(st, t, i, v, ind, serial);
    bool ok;
    if (e->ok && replay(st, e, v, ind, &ok))
        return ok;
    return tmpl_render_body(st, t, i, v, ind);
}
