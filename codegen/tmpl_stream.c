/* tmpl_stream: render jobs and the holes that streamed lists render into
 * (codegen/tmpl.h, "Render jobs"). A hole keeps what rendering its section
 * needs later: the template and op, a copy of the context stack and of the
 * partial indentation, and the nesting depths. */
#define _DEFAULT_SOURCE 1 /* mkstemp, fdopen */
#include "codegen/tmpl_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Past this, a hole that cannot be written yet goes to a temporary file:
 * its buffer is filled and emptied again and again, and at 1 MiB (with
 * the doubling past it) its fresh pages were 170 more page faults for a
 * gen of CIM 2.49; writes of 256 KiB cost no more than of 1 MiB. */
#define SPILL_AT ((size_t)256 * 1024)

struct tmpl_hole {
    tmpl_job *job;
    tmpl_hole *next;           /* in the job, in output order */
    tmpl_hole *next_in_stream; /* in its streamed list */
    tmpl_stream_state *stream;
    const tmpl_template *t;
    size_t op;                 /* the section op */
    size_t pos;                /* where it goes in the job's main text */
    const tmpl_value **ctx;    /* the context stack at the section */
    size_t nctx, ctx_cap;
    tmpl_indent *ind;          /* copy of the indentation chain, outermost first */
    size_t nind;
    int depth, partial_depth;
    bool inverted;
    bool direct;               /* the job's first hole: written as rendered */
    tmpl_buf buf;              /* rendered, not yet written */
    FILE *spill;               /* what overflowed buf, when not direct */
};

struct tmpl_job {
    tmpl_env *env;
    tmpl_buf main;             /* the text around the holes */
    size_t main_written;       /* bytes of main already given to write */
    tmpl_hole *holes, *last;
    tmpl_write_fn write;
    void *user;
    const char *spill_dir;
    size_t written;            /* bytes given to write or spilled */
    unsigned long steps;
    bool failed;
};

static bool fail(tmpl_error *err, const tmpl_template *t, const char *fmt, const char *arg)
{
    tmpl_error_at(err, t ? t->name : "", NULL, 0, fmt, arg);
    return false;
}

/* An output failure: the write function's or a temporary file's. */
static bool fail_output(tmpl_error *err, const tmpl_template *t, const char *fmt, const char *arg)
{
    fail(err, t, fmt, arg);
    err->kind = TMPL_ERR_OUTPUT;
    return false;
}

static bool emit(tmpl_job *j, const char *data, size_t n, tmpl_error *err, const tmpl_template *t)
{
    if (n && !j->write(j->user, data, n)) {
        j->failed = true;
        return fail_output(err, t, "%s", "writing the output failed");
    }
    j->written += n;
    return true;
}

bool tmpl_hole_open(tmpl_rstate *st, const tmpl_template *t, size_t i, const tmpl_indent *ind,
                    tmpl_stream_state *s)
{
    const tmpl_op *op = &t->ops[i];
    if (!st->job || st->in_hole) {
        tmpl_error_at(st->err, t->name, t->src, op->offset,
                      st->job ? "streamed list '%.*s' inside an item of a streamed list"
                              : "streamed list '%.*s' outside a render job",
                      (int)op->len, op->str);
        return false;
    }
    tmpl_hole *h = calloc(1, sizeof *h);
    size_t nind = 0;
    for (const tmpl_indent *k = ind; k; k = k->outer)
        nind++;
    if (h) {
        h->ctx = malloc((st->nctx + 8) * sizeof *h->ctx);
        h->ind = nind ? malloc(nind * sizeof *h->ind) : NULL;
    }
    if (!h || !h->ctx || (nind && !h->ind)) {
        if (h) {
            free(h->ctx);
            free(h->ind);
        }
        free(h);
        tmpl_error_at(st->err, t->name, t->src, op->offset, "out of memory");
        return false;
    }
    memcpy(h->ctx, st->ctx, st->nctx * sizeof *h->ctx);
    h->nctx = st->nctx;
    h->ctx_cap = st->nctx + 8;
    size_t k = nind;
    for (const tmpl_indent *x = ind; x; x = x->outer) {
        k--;
        h->ind[k] = (tmpl_indent){k ? &h->ind[k - 1] : NULL, x->s, x->len};
    }
    h->nind = nind;
    h->job = st->job;
    h->stream = s;
    h->t = t;
    h->op = i;
    h->pos = st->out->len;
    h->depth = st->depth;
    h->partial_depth = st->partial_depth;
    h->inverted = op->kind == OP_INVERTED;
    tmpl_buf_init(&h->buf);
    if (st->job->last)
        st->job->last->next = h;
    else
        st->job->holes = h;
    st->job->last = h;
    h->next_in_stream = s->holes;
    s->holes = h;
    return true;
}

/* Renders ops of hole h (the body once with item, or the inverted body). */
static bool render_hole(tmpl_hole *h, const tmpl_value *item, tmpl_error *err)
{
    tmpl_job *j = h->job;
    tmpl_rstate st = {.env = j->env, .out = &h->buf, .err = err, .ctx = h->ctx, .nctx = h->nctx,
                      .ctx_cap = h->ctx_cap, .partial_depth = h->partial_depth, .depth = h->depth,
                      .start = h->buf.len, .before = j->written + j->main.len, .steps = j->steps,
                      .job = j, .in_hole = true};
    tmpl_rstate_prepare(&st);
    const tmpl_indent *ind = h->nind ? &h->ind[h->nind - 1] : NULL;
    const tmpl_op *op = &h->t->ops[h->op];
    bool ok = item ? tmpl_render_with(&st, h->t, h->op, item, ind)
                   : tmpl_render_ops(&st, h->t, h->op + 1, op->end, ind);
    h->ctx = st.ctx; /* push may have moved it */
    h->ctx_cap = st.ctx_cap;
    j->steps = st.steps;
    if (ok && h->buf.failed)
        ok = fail(err, h->t, "%s", "out of memory");
    if (!ok)
        j->failed = true;
    return ok;
}

/* Moves what h rendered on: written when h is direct, else to its
 * temporary file once it is big. */
static bool flush_hole(tmpl_hole *h, bool all, tmpl_error *err)
{
    tmpl_job *j = h->job;
    if (h->direct) {
        bool ok = emit(j, h->buf.data, h->buf.len, err, h->t);
        h->buf.len = 0;
        return ok;
    }
    if (!j->spill_dir || (!all && h->buf.len < SPILL_AT))
        return true;
    if (!h->spill) {
        size_t n = strlen(j->spill_dir) + 32;
        char *path = malloc(n);
        int fd = -1;
        if (path) {
            snprintf(path, n, "%s/.mofc-spill-XXXXXX", j->spill_dir);
            fd = mkstemp(path);
            if (fd >= 0)
                unlink(path);
        }
        free(path);
        h->spill = fd >= 0 ? fdopen(fd, "w+b") : NULL;
        if (!h->spill) {
            if (fd >= 0)
                close(fd);
            j->failed = true;
            return fail_output(err, h->t, "cannot create a temporary file: %s", strerror(errno));
        }
    }
    if (h->buf.len && fwrite(h->buf.data, 1, h->buf.len, h->spill) != h->buf.len) {
        j->failed = true;
        return fail_output(err, h->t, "cannot write a temporary file: %s", strerror(errno));
    }
    j->written += h->buf.len;
    h->buf.len = 0;
    return true;
}

tmpl_job *tmpl_job_start(tmpl_env *env, const tmpl_template *t, const tmpl_value *data,
                         tmpl_write_fn write, void *user, const char *spill_dir, tmpl_error *err)
{
    tmpl_error scratch;
    if (!err)
        err = &scratch;
    memset(err, 0, sizeof *err);
    tmpl_job *j = env && t && write ? calloc(1, sizeof *j) : NULL;
    if (!j) {
        snprintf(err->message, sizeof err->message, env && t && write ? "out of memory" : "invalid argument");
        return NULL;
    }
    j->env = env;
    j->write = write;
    j->user = user;
    j->spill_dir = spill_dir;
    tmpl_buf_init(&j->main);
    tmpl_rstate st = {.env = env, .out = &j->main, .err = err, .job = j};
    tmpl_rstate_prepare(&st);
    st.ctx = malloc(32 * sizeof *st.ctx);
    st.ctx_cap = 32;
    bool ok = st.ctx != NULL;
    if (ok) {
        st.ctx[st.nctx++] = data;
        ok = tmpl_render_ops(&st, t, 0, t->nops, NULL);
    }
    free(st.ctx);
    j->steps = st.steps;
    if (ok && j->main.failed)
        ok = false;
    if (!ok && err->message[0] == '\0')
        tmpl_error_at(err, t->name, NULL, 0, "out of memory");
    /* The text before the first hole is final: write it, and that hole's
     * items as they come. */
    if (ok && j->holes && !j->holes->inverted) {
        j->holes->direct = true;
        ok = emit(j, j->main.data, j->holes->pos, err, t);
        j->main_written = j->holes->pos;
    }
    if (!ok) {
        tmpl_job_free(j);
        return NULL;
    }
    return j;
}

bool tmpl_stream_push(tmpl_value *list, const tmpl_value *item, tmpl_error *err)
{
    tmpl_error scratch;
    if (!err)
        err = &scratch;
    memset(err, 0, sizeof *err);
    tmpl_stream_state *s = tmpl_stream_of(list);
    if (!s)
        return fail(err, NULL, "%s", "not a streamed list");
    s->pushed++;
    /* Holes were linked newest first: render the oldest first, so that the
     * first error found is the one a render in order would find. */
    tmpl_hole *order[64], **hs = order;
    size_t n = 0;
    for (tmpl_hole *h = s->holes; h; h = h->next_in_stream)
        n++;
    if (n > 64 && !(hs = malloc(n * sizeof *hs)))
        return fail(err, NULL, "%s", "out of memory");
    size_t k = n;
    for (tmpl_hole *h = s->holes; h; h = h->next_in_stream)
        hs[--k] = h;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        if (hs[i]->job->failed || hs[i]->inverted)
            continue;
        ok = render_hole(hs[i], item, err) && flush_hole(hs[i], false, err);
    }
    if (hs != order)
        free(hs);
    return ok;
}

/* Copies h's temporary file, then its buffer, to the output. */
static bool write_hole(tmpl_hole *h, tmpl_error *err)
{
    tmpl_job *j = h->job;
    if (h->spill) {
        char chunk[65536];
        size_t k;
        rewind(h->spill);
        while ((k = fread(chunk, 1, sizeof chunk, h->spill)) > 0)
            if (!j->write(j->user, chunk, k)) {
                j->failed = true;
                return fail_output(err, h->t, "%s", "writing the output failed");
            }
        if (ferror(h->spill)) {
            j->failed = true;
            return fail_output(err, h->t, "cannot read a temporary file: %s", strerror(errno));
        }
    }
    return emit(j, h->buf.data, h->buf.len, err, h->t);
}

bool tmpl_job_finish(tmpl_job *j, tmpl_error *err)
{
    tmpl_error scratch;
    if (!err)
        err = &scratch;
    memset(err, 0, sizeof *err);
    if (!j || j->failed)
        return fail(err, NULL, "%s", "the render job failed");
    for (tmpl_hole *h = j->holes; h; h = h->next)
        if (h->inverted && !h->stream->pushed && !render_hole(h, NULL, err))
            return false;
    for (tmpl_hole *h = j->holes; h; h = h->next) {
        if (!h->direct) {
            if (!emit(j, j->main.data + j->main_written, h->pos - j->main_written, err, h->t) ||
                !write_hole(h, err))
                return false;
        } else if (!flush_hole(h, true, err)) {
            return false;
        }
        j->main_written = h->pos;
    }
    return emit(j, j->main.data + j->main_written, j->main.len - j->main_written, err, NULL);
}

void tmpl_job_free(tmpl_job *j)
{
    if (!j)
        return;
    for (tmpl_hole *h = j->holes, *next; h; h = next) {
        next = h->next;
        /* Unlink from its stream, so a later push does not reach it. */
        for (tmpl_hole **p = &h->stream->holes; *p; p = &(*p)->next_in_stream)
            if (*p == h) {
                *p = h->next_in_stream;
                break;
            }
        if (h->spill)
            fclose(h->spill);
        tmpl_buf_free(&h->buf);
        free(h->ctx);
        free(h->ind);
        free(h);
    }
    tmpl_buf_free(&j->main);
    free(j);
}
