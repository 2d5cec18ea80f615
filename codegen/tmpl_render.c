/* tmpl_render: walks a compiled op list with a context stack of values.
 *
 * Names resolve Mustache-style: the first segment is searched from the
 * innermost context outwards, further segments only inside what was found.
 * Partials are fetched through the caller's callback once per environment
 * and kept compiled in a small hash table.
 */
#include "codegen/tmpl_internal.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Environment and partial cache -------------------------------------------- */

typedef struct partial_slot {
    char *name; /* NULL = empty slot */
    size_t len;
    tmpl_template *t; /* NULL = the callback has no such partial */
} partial_slot;

struct tmpl_env {
    tmpl_options opts;
    partial_slot *slots;
    size_t cap, count; /* cap is a power of two */
    tmpl_memo *memo;   /* memoized section bodies (tmpl_memo.c) */
};

tmpl_memo **tmpl_env_memo(tmpl_env *env) { return &env->memo; }

tmpl_env *tmpl_env_new(const tmpl_options *opts)
{
    tmpl_env *env = calloc(1, sizeof *env);
    if (env && opts)
        env->opts = *opts;
    return env;
}

void tmpl_env_free(tmpl_env *env)
{
    if (!env)
        return;
    for (size_t i = 0; i < env->cap; i++) {
        free(env->slots[i].name);
        tmpl_template_free(env->slots[i].t);
    }
    free(env->slots);
    tmpl_memo_free(env->memo);
    free(env);
}

static size_t hash_name(const char *s, size_t n)
{
    size_t h = 5381;
    for (size_t i = 0; i < n; i++)
        h = h * 33 + (unsigned char)s[i];
    return h;
}

static partial_slot *slot_for(partial_slot *slots, size_t cap, const char *name, size_t n)
{
    size_t i = hash_name(name, n) & (cap - 1);
    while (slots[i].name && !(slots[i].len == n && memcmp(slots[i].name, name, n) == 0))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static bool cache_grow(tmpl_env *env)
{
    size_t cap = env->cap ? env->cap * 2 : 16;
    partial_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < env->cap; i++)
        if (env->slots[i].name)
            *slot_for(slots, cap, env->slots[i].name, env->slots[i].len) = env->slots[i];
    free(env->slots);
    env->slots = slots;
    env->cap = cap;
    return true;
}

/* Finds or loads partial `name` into *out (NULL when the callback has no
 * such partial; that answer is cached too).  Returns false on an error:
 * err is filled for a compile error, left empty when memory ran out. */
static bool get_partial(tmpl_env *env, const char *name, size_t n, const tmpl_template **out,
                        tmpl_error *err)
{
    if (env->cap) {
        partial_slot *s = slot_for(env->slots, env->cap, name, n);
        if (s->name) {
            *out = s->t;
            return true;
        }
    }
    if ((env->count + 1) * 2 > env->cap && !cache_grow(env))
        return false;
    char *key = malloc(n + 1);
    if (!key)
        return false;
    memcpy(key, name, n);
    key[n] = '\0';
    const char *text = env->opts.partial ? env->opts.partial(env->opts.partial_user, key) : NULL;
    tmpl_template *t = NULL;
    if (text) {
        t = tmpl_compile(key, text, strlen(text), err);
        if (!t) {
            free(key);
            return false;
        }
    }
    partial_slot *s = slot_for(env->slots, env->cap, key, n);
    s->name = key;
    s->len = n;
    s->t = t;
    env->count++;
    *out = t;
    return true;
}

/* ---- Render state ----------------------------------------------------------------- */

static bool grow_ctx(tmpl_rstate *st)
{
    size_t cap = st->ctx_cap ? st->ctx_cap * 2 : 32;
    const tmpl_value **c = realloc(st->ctx, cap * sizeof *c);
    if (!c)
        return false;
    st->ctx = c;
    st->ctx_cap = cap;
    return true;
}

static inline bool push(tmpl_rstate *st, const tmpl_value *v)
{
    if (st->nctx == st->ctx_cap && !grow_ctx(st))
        return false;
    st->ctx[st->nctx++] = v;
    return true;
}


static bool error_at(tmpl_rstate *st, const tmpl_template *t, const tmpl_op *op, const char *what)
{
    tmpl_error_at(st->err, t->name, t->src, op->offset, "%s '%.*s'", what, (int)op->len,
                  op->str);
    return false;
}

/* ---- Names ----------------------------------------------------------------------- */

/* *at: the context the first segment was found in (0 when none: a
 * name found nowhere, like one found outside, depends on the outside). */
static const tmpl_value *lookup(const tmpl_rstate *st, const tmpl_template *t, const tmpl_op *op,
                                size_t *at)
{
    if (op->nseg == 0) { /* "." */
        *at = st->nctx - 1;
        return st->ctx[st->nctx - 1];
    }
    return tmpl_lookup(st->ctx, st->nctx, &t->segs[op->seg], op->nseg, at);
}

static bool strict_vars(const tmpl_rstate *st) { return st->env->opts.flags & TMPL_STRICT_VARS; }

/* Looks the op's name up; a miss is an error in strict mode only. */
TMPL_HOT_INLINE bool resolve(tmpl_rstate *st, const tmpl_template *t, const tmpl_op *op,
                             const tmpl_value **v)
{
    size_t at;
    *v = lookup(st, t, op, &at);
    if (st->rec)
        tmpl_memo_found(st, t, op, at);
    if (!*v && strict_vars(st))
        return error_at(st, t, op, "missing variable");
    return true;
}

static bool falsy(const tmpl_value *v)
{
    switch (v ? (tmpl_type)v->type : TMPL_NULL) {
    case TMPL_NULL: return true;
    case TMPL_BOOL: return !v->boolean;
    case TMPL_STRING: return v->len == 0; /* "" is false: handy for optional text in a model */
    case TMPL_LIST: return v->u.c->count == 0;
    case TMPL_NUMBER:
    case TMPL_OBJECT: return false;
    }
    return false;
}

/* ---- Output ------------------------------------------------------------------------ */

static void put_escaped(tmpl_buf *out, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *e;
        switch (s[i]) {
        case '&': e = "&amp;"; break;
        case '<': e = "&lt;"; break;
        case '>': e = "&gt;"; break;
        case '"': e = "&quot;"; break;
        case '\'': e = "&#39;"; break;
        default: continue;
        }
        tmpl_buf_append(out, s + run, i - run);
        tmpl_buf_puts(out, e);
        run = i + 1;
    }
    tmpl_buf_append(out, s + run, n - run);
}

void tmpl_put_indent(tmpl_buf *out, const tmpl_indent *ind)
{
    if (!ind)
        return;
    tmpl_put_indent(out, ind->outer);
    tmpl_buf_append(out, ind->s, ind->len);
}

bool tmpl_interpolate(tmpl_rstate *st, const tmpl_template *t, const tmpl_op *op)
{
    size_t from = st->out->len;
    const tmpl_value *v;
    if (!resolve(st, t, op, &v))
        return false;
    char num[32];
    const char *s = NULL;
    size_t n = 0;
    switch (v ? (tmpl_type)v->type : TMPL_NULL) {
    case TMPL_NULL: return true;
    case TMPL_BOOL: s = v->boolean ? "true" : "false"; n = strlen(s); break;
    case TMPL_NUMBER: n = tmpl_format_number(v->u.num, num); s = num; break;
    case TMPL_STRING: s = v->u.str; n = v->len; break;
    case TMPL_LIST:
    case TMPL_OBJECT:
        /* No sensible text; in strict mode that is a template bug. */
        if (strict_vars(st))
            return error_at(st, t, op, v->type == TMPL_LIST ? "cannot interpolate list"
                                                           : "cannot interpolate object");
        return true;
    }
    if (op->kind == OP_VAR && st->env->opts.escape == TMPL_ESCAPE_HTML)
        put_escaped(st->out, s, n);
    else
        tmpl_buf_put(st->out, s, n);
    if (st->rec)
        tmpl_memo_var(st, op, from);
    return true;
}

/* ---- Sections ------------------------------------------------------------------------ */

static bool enter(tmpl_rstate *st, const tmpl_template *t, const tmpl_op *op)
{
    if (++st->depth > TMPL_MAX_RENDER_DEPTH) {
        tmpl_error_at(st->err, t->name, t->src, op->offset, "rendering nested deeper than %d",
                      TMPL_MAX_RENDER_DEPTH);
        return false;
    }
    if (st->rec)
        tmpl_memo_depth(st);
    return true;
}

/* Renders the body once with v pushed as the innermost context; a
 * frozen v (shared by many lists) through the memo. */
bool tmpl_render_with(tmpl_rstate *st, const tmpl_template *t, size_t i, const tmpl_value *v,
                      const tmpl_indent *ind)
{
    uint64_t serial = st->rec ? 0 : tmpl_frozen_serial(v);
    if (serial)
        return tmpl_memo_render(st, t, i, v, ind, serial);
    return tmpl_render_body(st, t, i, v, ind);
}

bool tmpl_render_body(tmpl_rstate *st, const tmpl_template *t, size_t i, const tmpl_value *v,
                      const tmpl_indent *ind)
{
    const tmpl_op *op = &t->ops[i];
    if (!push(st, v)) {
        tmpl_error_at(st->err, t->name, t->src, op->offset, "out of memory");
        return false;
    }
    bool ok = tmpl_render_ops(st, t, i + 1, op->end, ind);
    st->nctx--;
    return ok;
}

/* The items of a list section from *m on that the memo renders (frozen
 * nodes, not while recording) are rendered through it; *m: the first
 * item to render in the loop, or NULL at the list's end. */
TMPL_HOT_INLINE bool memo_items(tmpl_rstate *st, const tmpl_template *t, size_t i,
                                const tmpl_indent *ind, const tmpl_member **m)
{
    uint64_t serial;
    for (; *m && !st->rec && (serial = tmpl_frozen_serial(&(*m)->value)); *m = (*m)->next)
        if (!tmpl_memo_render(st, t, i, &(*m)->value, ind, serial))
            return false;
    return true;
}

/* Starts section op i. The items of a list are rendered in the render
 * loop itself, not by a call for each (a call to render a body cost
 * more than most bodies): *item is then the first one, pushed as the
 * innermost context, and the section stays entered until its OP_END
 * (next_item). Anything else (an inverted section, a single value, a
 * streamed list, the items the memo renders) is rendered here: *item
 * NULL. */
static bool section(tmpl_rstate *st, const tmpl_template *t, size_t i, const tmpl_indent *ind,
                    const tmpl_member **item)
{
    const tmpl_op *op = &t->ops[i];
    const tmpl_value *v;
    *item = NULL;
    if (!resolve(st, t, op, &v) || !enter(st, t, op))
        return false;
    bool ok = true;
    tmpl_stream_state *stream = tmpl_stream_of(v);
    if (stream) {
        if (st->rec)
            tmpl_memo_refuse(st);
        ok = tmpl_hole_open(st, t, i, ind, stream);
    } else if (op->kind == OP_INVERTED) {
        if (falsy(v))
            ok = tmpl_render_ops(st, t, i + 1, op->end, ind);
    } else if (v && v->type == TMPL_LIST) {
        const tmpl_member *m = v->u.c->first;
        ok = memo_items(st, t, i, ind, &m);
        if (ok && m) {
            if (!push(st, &m->value)) {
                tmpl_error_at(st->err, t->name, t->src, op->offset, "out of memory");
                return false;
            }
            *item = m;
            return true;
        }
    } else if (!falsy(v)) {
        ok = tmpl_render_with(st, t, i, v, ind);
    }
    st->depth--;
    return ok;
}

/* At the OP_END of a list section whose items the loop renders: the item
 * just rendered gives way to the next one (*item, pushed in its place),
 * or the section is left (*item NULL). */
static bool next_item(tmpl_rstate *st, const tmpl_template *t, const tmpl_op *end,
                      const tmpl_indent *ind, const tmpl_member **item)
{
    /* The innermost context is the item, a list member's value. */
    const tmpl_value *v = st->ctx[--st->nctx];
    const tmpl_member *m =
        ((const tmpl_member *)(const void *)((const char *)v - offsetof(tmpl_member, value)))->next;
    if (!memo_items(st, t, end->end, ind, &m))
        return false;
    *item = m;
    if (m)
        st->ctx[st->nctx++] = &m->value; /* the place the last item had */
    else
        st->depth--;
    return true;
}

/* ---- Partials ------------------------------------------------------------------------ */

/* A partial name is a name inside the templates, never a way out of them:
 * an absolute path, a '..' segment (either slash) or a NUL byte (from a
 * {{>*dynamic}} value: it would cut the name short) is refused. */
static bool partial_name_ok(const char *name, size_t n)
{
    if (n && (name[0] == '/' || name[0] == '\\'))
        return false;
    if (memchr(name, '\0', n))
        return false;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && name[j] != '/' && name[j] != '\\')
            j++;
        if (j - i == 2 && name[i] == '.' && name[i + 1] == '.')
            return false;
        i = j + 1;
    }
    return true;
}

static bool partial(tmpl_rstate *st, const tmpl_template *t, const tmpl_op *op, const tmpl_indent *ind)
{
    const char *name = op->str;
    size_t n = op->len;
    if (op->kind == OP_DYN_PARTIAL) {
        const tmpl_value *v;
        if (!resolve(st, t, op, &v))
            return false;
        name = tmpl_value_string(v, &n);
        if (!name) /* not a string: nothing to include */
            return true;
    }
    if (!partial_name_ok(name, n)) {
        tmpl_error_at(st->err, t->name, t->src, op->offset,
                      "partial name '%.*s' is a path out of the templates (absolute or '..')",
                      (int)(n > 200 ? 200 : n), name);
        return false;
    }
    if (st->partial_depth >= TMPL_MAX_PARTIAL_DEPTH) {
        tmpl_error_at(st->err, t->name, t->src, op->offset, "partials nested deeper than %d",
                      TMPL_MAX_PARTIAL_DEPTH);
        return false;
    }
    const tmpl_template *pt = NULL;
    if (!get_partial(st->env, name, n, &pt, st->err)) {
        if (!pt && st->err->message[0] == '\0')
            tmpl_error_at(st->err, t->name, t->src, op->offset, "out of memory");
        return false;
    }
    if (!pt) {
        if (st->env->opts.flags & TMPL_STRICT_PARTIALS) {
            tmpl_error_at(st->err, t->name, t->src, op->offset, "unknown partial '%.*s'",
                          (int)n, name);
            st->err->kind = TMPL_ERR_UNKNOWN_PARTIAL;
            return false;
        }
        return true;
    }
    /* Only a standalone partial is indented, by all enclosing indents too;
     * an indentation of no bytes at all is none (NULL), so that its line
     * starts cost nothing (most standalone partials start their line). */
    tmpl_indent own = {ind, op->indent, op->indent_len};
    const tmpl_indent *pind = op->standalone && (ind || op->indent_len) ? &own : NULL;
    if (!enter(st, t, op))
        return false;
    st->partial_depth++;
    if (st->rec)
        tmpl_memo_depth(st);
    bool ok = tmpl_render_ops(st, pt, 0, pt->nops, pind);
    st->partial_depth--;
    st->depth--;
    return ok;
}

/* ---- Driver ------------------------------------------------------------------------------ */

void tmpl_rstate_prepare(tmpl_rstate *st)
{
    st->html = st->env->opts.escape == TMPL_ESCAPE_HTML;
    st->max_steps = st->env->opts.max_steps ? st->env->opts.max_steps : TMPL_MAX_RENDER_STEPS;
    /* Past the output limit already (written elsewhere): every op stops,
     * no step is allowed. */
    bool over = st->before > TMPL_MAX_OUTPUT + st->start;
    st->allowed = over ? 0 : st->max_steps;
    st->max_len = over ? 0 : TMPL_MAX_OUTPUT + st->start - st->before;
}

/* The default of a switch over every op kind: never taken, so the switch
 * jumps without first checking the kind's range. */
#if defined(__GNUC__)
#define NO_OTHER_KIND() __builtin_unreachable()
#else
#define NO_OTHER_KIND() break
#endif

bool tmpl_render_ops(tmpl_rstate *st, const tmpl_template *t, size_t from, size_t to,
                     const tmpl_indent *ind)
{
    /* The loop runs some two million ops a gen of CIM 2.49: what it reads
     * at each is kept in locals (a store to the output may alias any
     * field of st for the compiler), the steps are counted in a local and
     * stored for the calls that read them. */
    const unsigned long allowed = st->allowed;
    const size_t max_len = st->max_len;
    unsigned long steps = st->steps;
    const size_t nctx = st->nctx;
    const int depth = st->depth;
    tmpl_buf *out = st->out;
    const tmpl_op *const ops = t->ops;
    const tmpl_op *const last = ops + to;
    const tmpl_member *item;
    /* Line starts matter only with an indentation: one test an op. */
    const uint8_t line_marks = ind ? 1 : 0;
    bool ok = true;
    for (const tmpl_op *op = ops + from; op < last; op++) {
        /* (An OP_END is no step: it passes.) */
        if ((++steps > allowed || out->len > max_len) && op->kind != OP_END) {
            tmpl_error_at(st->err, t->name, t->src, op->offset,
                          "rendering stopped: more than %lu steps or %zu bytes of output",
                          st->max_steps, TMPL_MAX_OUTPUT);
            ok = false;
            break;
        }
        if (op->line_start & line_marks) {
            if (st->rec)
                tmpl_memo_indent(st, ind);
            else
                tmpl_put_indent(out, ind);
        }
        tmpl_buf_put_src(out, op->text, op->text_len);
        switch ((tmpl_op_kind)op->kind) {
        case OP_TEXT: break;
        case OP_VAR:
        case OP_RAW:
            /* Most variables are a plain name or "." whose value is a
             * string, to be copied as it is: done here, without the calls. */
            if (op->nseg <= 1 && !st->rec && (op->kind == OP_RAW || !st->html)) {
                size_t at;
                const tmpl_value *v =
                    op->nseg ? tmpl_lookup(st->ctx, st->nctx, &t->segs[op->seg], 1, &at)
                             : st->ctx[st->nctx - 1];
                if (v && v->type == TMPL_STRING) {
                    tmpl_buf_put(out, v->u.str, v->len);
                    break;
                }
            }
            ok = tmpl_interpolate(st, t, op);
            break;
        case OP_SECTION:
        case OP_INVERTED:
            st->steps = steps;
            ok = section(st, t, (size_t)(op - ops), ind, &item);
            steps = st->steps;
            if (!item)
                op = &ops[op->end]; /* rendered: skip the body and its OP_END */
            break;
        case OP_END:
            /* Met only after an item of a list the loop renders (else
             * skipped); not a step. */
            steps--;
            st->steps = steps;
            ok = next_item(st, t, op, ind, &item);
            steps = st->steps;
            if (item)
                op = &ops[op->end]; /* the body again, with the next item */
            break;
        case OP_PARTIAL:
        case OP_DYN_PARTIAL:
            st->steps = steps;
            ok = partial(st, t, op, ind);
            steps = st->steps;
            break;
        default: NO_OTHER_KIND();
        }
        if (!ok)
            break;
    }
    st->steps = steps;
    if (!ok) { /* leave the sections whose items the loop was rendering */
        st->nctx = nctx;
        st->depth = depth;
    }
    return ok;
}

bool tmpl_render(tmpl_env *env, const tmpl_template *t, const tmpl_value *data, tmpl_buf *out,
                 tmpl_error *err)
{
    tmpl_error scratch;
    if (!err)
        err = &scratch;
    memset(err, 0, sizeof *err);
    if (!env || !t || !out) {
        snprintf(err->message, sizeof err->message, "invalid argument");
        return false;
    }
    size_t start = out->len;
    tmpl_rstate st = {.env = env, .out = out, .err = err, .start = start};
    tmpl_rstate_prepare(&st);
    bool ok = push(&st, data) && tmpl_render_ops(&st, t, 0, t->nops, NULL);
    if (ok && out->failed)
        ok = false;
    if (!ok && err->message[0] == '\0')
        tmpl_error_at(err, t->name, NULL, 0, "out of memory");
    free(st.ctx);
    if (!ok && out->data) {
        out->len = start;
        out->data[start] = '\0';
    }
    return ok;
}

bool tmpl_render_string(const char *text, size_t len, const tmpl_value *data,
                        const tmpl_options *opts, tmpl_buf *out, tmpl_error *err)
{
    tmpl_template *t = tmpl_compile("", text, len, err);
    if (!t)
        return false;
    tmpl_env *env = tmpl_env_new(opts);
    bool ok = env && tmpl_render(env, t, data, out, err);
    if (!env && err)
        tmpl_error_at(err, "", NULL, 0, "out of memory");
    tmpl_env_free(env);
    tmpl_template_free(t);
    return ok;
}
