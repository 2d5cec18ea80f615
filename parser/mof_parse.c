/* memmem(3) is a GNU extension (in POSIX 2024). */
#define _GNU_SOURCE 1
/* Files, encodings and includes: the part of the front end that touches
 * the file system. Each file is decoded to UTF-8, scanned and parsed on
 * its own; an include pragma is followed at once, so the included file's
 * items come right after it, as if the text had been pasted there. The
 * files a file includes are found, read and decoded ahead on a second
 * thread (parser/read_ahead.h) while this one parses and builds. */
#include "parser/mof_parse.h"
#include "parser/parse_state.h"
#include "parser/mof_parser.h"
#include "parser/read_ahead.h"
#include "common/cpus.h"
#include "common/strbuf.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* flex's reentrant API (from the generated scanner). */
typedef void *yyscan_t;
int mof_yylex_init_extra(parse_state *extra, yyscan_t *scanner);
int mof_yylex_destroy(yyscan_t scanner);
void *mof_yy_scan_buffer(char *base, size_t size, yyscan_t scanner);
void mof_lex_put_back(yyscan_t scanner);

/* The files being read, innermost first: a file met again on this chain
 * is an include cycle. Files are told apart by device and inode, so a
 * cycle through symbolic links or "../" is caught too. */
typedef struct include_frame {
    dev_t dev;
    ino_t ino;
    struct include_frame *up;
} include_frame;

typedef struct driver {
    mofc_ctx *ctx;
    avec items;
    bool no_includes;          /* mofc fmt: each file as written */
    parse_scratch scratch;     /* the scans' list blocks and run buffer */
    /* mof_parse_files_each: items go to each() as their file is parsed;
     * the tree of a file included at depth k is in trees[k], reset once the
     * file and what it includes are handed over. */
    void (*each)(void *arg, const ast_item *item, bool kept);
    void *arg;
    bool last_path;            /* parsing the last file named */
    arena *trees;
    size_t ntrees;
    size_t seen;               /* diagnostics looked at by whole_so_far */
    bool broken;               /* a tree is not whole: no more items */
    /* Included files are read ahead on a second thread once a file
     * includes two or more (parser/read_ahead.h); NULL: read here. */
    include_search search;
    read_ahead *ra;
    bool ra_failed;            /* no thread could be started: not again */
} driver;

static void parse_source(driver *d, source_file *f, include_frame *up, size_t depth,
                         const struct stat *st, file_read *lent);

/* Makes trees[0..depth] exist (depth is at most the include limit). */
static void tree_arenas(driver *d, size_t depth)
{
    if (depth < d->ntrees)
        return;
    arena *t = realloc(d->trees, (depth + 1) * sizeof *t);
    if (!t)
        abort();
    for (size_t i = d->ntrees; i <= depth; i++)
        arena_init_reused(&t[i]);
    d->trees = t;
    d->ntrees = depth + 1;
}

/* Whether the trees parsed so far are whole (mof_parse_tree_whole, looking
 * only at the diagnostics new since the last call): validation is never
 * given a tree that is not. */
static void whole_so_far(driver *d)
{
    const diag_sink *s = &d->ctx->diag;
    if (s->stopped)
        d->broken = true;
    for (; d->seen < s->n && !d->broken; d->seen++)
        d->broken = s->items[d->seen].sev == SEV_ERROR && !mof_parse_leaves_tree_whole(s->items[d->seen].id);
    d->seen = s->n;
}

/* A new source file of the text read: r's text, taken over, or (copy: r
 * was read by the read-ahead thread, whose memory goes back to it) lent,
 * when the text will be released once parsed (r must then outlive the
 * parse), else a copy of it; and a copy of its line table when it has
 * one. Reports a decoding error at the place it happened. Returns NULL
 * when the file cannot be parsed. */
static source_file *add_read(mofc_ctx *ctx, file_read *r, mof_span from, bool copy)
{
    char *text = r->text;
    bool lent = copy && !r->decode_err && r->ascii && S_ISREG(r->st.st_mode);
    if (lent) {
        copy = false;
    } else if (copy) {
        text = malloc(r->len + 2);
        if (!text)
            abort();
        memcpy(text, r->text, r->len + 2);
    } else if (!lent) {
        r->text = NULL;
    }
    source_file *f = source_add(&ctx->sources, r->found, text, r->len, r->enc, from);
    f->text_owned = !lent;
    f->ascii = r->ascii;
    source_note_stat(f, &r->st);
    if (r->lines)
        source_copy_lines(f, &ctx->arena, r->lines, r->nlines, r->lines16);
    f->dialect = ctx->dialect;   /* AUTO: decided once its text is read */
    if (r->decode_err) {
        mof_span sp = {f->id, (uint32_t)r->err_offset, (uint32_t)r->err_offset};
        diag_report(&ctx->diag, DIAG_ENCODING, sp, "%s", r->decode_err);
        return NULL;
    }
    return f;
}

/* Done with a file read: back to the read-ahead thread, or freed. */
static void done_with(driver *d, file_read *r)
{
    if (d->ra)
        read_ahead_give_back(d->ra, r);
    else
        file_read_free(r);
}

/* Text in memory (a test's, a fuzzer's, MOF in a string value): copied
 * and decoded. */
static source_file *add_memory(mofc_ctx *ctx, const char *path, const unsigned char *raw, size_t n,
                               mof_span from)
{
    size_t len, off;
    src_encoding enc;
    bool ascii;
    const char *err;
    char *text = source_decode(raw, n, &len, &enc, &ascii, &err, &off);
    source_file *f = source_add(&ctx->sources, path, text, err ? off : len, enc, from);
    f->text_owned = true;
    f->ascii = ascii;
    f->dialect = ctx->dialect;
    if (err) {
        mof_span sp = {f->id, (uint32_t)off, (uint32_t)off};
        diag_report(&ctx->diag, DIAG_ENCODING, sp, "%s", err);
        return NULL;
    }
    return f;
}

static bool is_include(const ast_item *it)
{
    return it->kind == ITEM_PRAGMA &&
           (it->u.pragma->kind == PRAGMA_INCLUDE || it->u.pragma->kind == PRAGMA_HASH_INCLUDE) &&
           it->u.pragma->nargs == 1 && !it->u.pragma->args[0].ident &&
           it->u.pragma->args[0].value->kind == VAL_STRING;
}

/* An include path as messages show it: as written, the control characters
 * an escape made ("Core\tools.mof" holds a TAB) shown as that escape. */
static const char *shown_path(mofc_ctx *ctx, const char *s, bool *control)
{
    strbuf b = STRBUF_INIT;
    *control = false;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        const char *e = c == '\b' ? "\\b" : c == '\t' ? "\\t" : c == '\n' ? "\\n"
                      : c == '\f' ? "\\f" : c == '\r' ? "\\r" : NULL;
        if (c < 0x20)
            *control = true;
        if (e)
            strbuf_adds(&b, e);
        else if (c < 0x20)
            strbuf_printf(&b, "\\x%X", c);
        else
            strbuf_addc(&b, (char)c);
    }
    const char *out = arena_strndup(&ctx->arena, b.data ? b.data : "", b.len);
    strbuf_free(&b);
    return out;
}

/* The file name an include pragma gives, malloc'd. */
static char *include_name(const ast_pragma *p)
{
    const ast_value *arg = p->args[0].value;
    char *name = malloc(arg->u.str.len + 1);
    if (!name)
        abort();
    memcpy(name, arg->u.str.s, arg->u.str.len + 1);
    for (char *c = name; *c; c++)   /* Windows files write include paths with '\' */
        if (*c == '\\')
            *c = '/';
    return name;
}

/* Follows the nth include pragma p of a file (in the folder here) at depth. */
static void follow_include(driver *d, const ast_pragma *p, const char *here, size_t nth,
                           include_frame *up, size_t depth)
{
    mofc_ctx *ctx = d->ctx;
    const ast_value *arg = p->args[0].value;
    if (depth >= ctx->limits.max_include_depth) {
        diag_report(&ctx->diag, DIAG_INCLUDE_DEPTH, p->span, "includes nested deeper than %zu",
                    ctx->limits.max_include_depth);
        return;
    }
    file_read r;
    if (d->ra) {
        read_ahead_take(d->ra, nth, &r);
    } else {
        file_read_include(&d->search, here, arg->u.str.s, false, SIZE_MAX, &r);
    }
    if (!r.text) {
        if (r.outside) {
            char *name = include_name(p);
            diagnostic *dg = diag_report(&ctx->diag, DIAG_INCLUDE_OUTSIDE, arg->span,
                                         "'%s' is outside every --include-root folder", name);
            diag_add_note(&ctx->diag, dg, p->span, "found as '%s'; add its folder with --include-root "
                          "to allow it", r.found);
            free(name);
        } else if (r.too_big)
            diag_report(&ctx->diag, DIAG_LIMIT, arg->span, "'%s' is larger than the limit of %zu bytes",
                        r.found, ctx->limits.max_file_size);
        else if (r.err == ENOENT) {
            bool control;
            const char *shown = shown_path(ctx, arg->u.str.s, &control);
            diagnostic *dg = diag_report(&ctx->diag, DIAG_INCLUDE_NOT_FOUND, arg->span,
                                         "cannot find include file '%s'", shown);
            if (control)
                diag_add_note(&ctx->diag, dg, arg->span,
                              "\\b, \\t, \\n, \\f and \\r are escapes in an include path too: "
                              "write '/' or '\\\\' to separate folders");
            if (ctx->ninclude_dirs == 0)
                diag_add_note(&ctx->diag, dg, p->span,
                              "searched the including file's folder only; add folders with -I");
        } else
            diag_report(&ctx->diag, DIAG_IO_ERROR, arg->span, "cannot read '%s': %s", r.found,
                        file_read_why(&r));
        done_with(d, &r);
        return;
    }
    struct stat st = r.st;
    for (include_frame *fr = up; fr; fr = fr->up)
        if (fr->dev == st.st_dev && fr->ino == st.st_ino) {
            bool control;
            const char *shown = shown_path(ctx, arg->u.str.s, &control);
            diag_report(&ctx->diag, DIAG_INCLUDE_CYCLE, arg->span,
                        fr == up ? "'%s' includes itself" : "include cycle: '%s' is already being read",
                        shown);
            done_with(d, &r);
            return;
        }
    /* Read ahead, the text is lent to the file (or copied, when it is
     * kept: add_read) and goes back to the thread once parsed. A file
     * read here (the thread had not got to it) is taken over like one
     * read without the thread. */
    bool ahead = r.ahead;
    source_file *f = add_read(ctx, &r, p->span, ahead);
    if (f && ahead) {
        parse_source(d, f, up, depth + 1, &st, &r);
    } else {
        done_with(d, &r);
        if (f)
            parse_source(d, f, up, depth + 1, &st, NULL);
    }
}

/* Parses f (its text lent by lent, when given, which is given back once
 * parsed) and follows its includes. */
static void parse_source(driver *d, source_file *f, include_frame *up, size_t depth,
                         const struct stat *st, file_read *lent)
{
    mofc_ctx *ctx = d->ctx;
    parse_state ps;
    memset(&ps, 0, sizeof ps);
    ps.ctx = ctx;
    ps.file = f;
    ps.pending = -1;
    parse_state_reuse(&ps, &d->scratch);
    /* flex scans the text in place: it marks the end of each match with
     * a NUL and puts the byte back (mof_lex_put_back at the end), so
     * values read from it between tokens read the text as it is. */
    ps.base = f->text;
    /* File by file, the parser allocates the tree in the arena of its
     * depth, lent to it as the context's arena for the parse alone. */
    /* The last file named, when it includes nothing (it does not even
     * say "include"), is the last file read: its tree goes where the
     * model goes, as freeing it would save nothing, and the model takes
     * its names and values as they are. */
    bool direct = d->each && depth == 0 && d->last_path && !memmem(f->text, f->len, "clude", 5) &&
                  !memmem(f->text, f->len, "CLUDE", 5);
    bool lend = d->each && !direct;
    arena keep;
    if (lend) {
        tree_arenas(d, depth);
        keep = ctx->arena;
        ctx->arena = d->trees[depth];
    }
    yyscan_t scanner;
    if (mof_yylex_init_extra(&ps, &scanner) != 0)
        abort();
    mof_yy_scan_buffer(f->text, f->len + 2, scanner);
    mof_yyparse(scanner, &ps);
    mof_lex_put_back(scanner);
    mof_yylex_destroy(scanner);
    parse_state_release(&ps, &d->scratch);
    if (lend) {
        d->trees[depth] = ctx->arena;
        ctx->arena = keep;
        /* the signs' texts may be the tree's */
        for (int k = 0; k < 2; k++)
            if (f->sign[k].what)
                f->sign[k].what = arena_strdup(&ctx->arena, f->sign[k].what);
    }
    mofc_dialect_settle(ctx, f);
    /* The tree holds what it needs of the text (names, decoded values);
     * a diagnostic that shows a source line reads the file again. */
    source_release(f, &ctx->arena);
    if (lent)   /* its text was lent (and is released now) or copied */
        done_with(d, lent);
    if (d->each)
        whole_so_far(d);

    include_frame me = {st ? st->st_dev : 0, st ? st->st_ino : 0, up};
    ast_item *items = ps.items.items;
    /* The files it includes: read ahead while its items are built (and
     * the files before them parsed), or each in turn. */
    size_t nincl = 0;
    for (size_t i = 0; i < ps.items.n && !d->no_includes; i++)
        nincl += is_include(&items[i]);
    char *here = NULL;
    bool pushed = false;
    if (nincl && depth < ctx->limits.max_include_depth) {
        here = file_read_dir_of(f->path);
        if (!d->ra && !d->ra_failed && nincl >= 2 && !ctx->single_thread &&
            cpus_usable() > 1) {   /* one processor: it would only take turns */
            d->ra = read_ahead_new(&d->search, ctx->limits.max_include_depth);
            d->ra_failed = !d->ra;
        }
        if (d->ra) {
            const char **names = malloc(nincl * sizeof *names);
            if (!names)
                abort();
            for (size_t i = 0, k = 0; i < ps.items.n; i++)
                if (is_include(&items[i]))
                    names[k++] = items[i].u.pragma->args[0].value->u.str.s;
            read_ahead_push(d->ra, here, names, nincl);
            pushed = true;
        }
    }
    size_t nth = 0;
    /* The last file named, when it includes nothing after all, is the last
     * file read too: its tree becomes the context's. */
    bool kept = direct || (d->each && depth == 0 && d->last_path);
    for (size_t i = 0; kept && !direct && i < ps.items.n; i++)
        kept = d->no_includes || !is_include(&items[i]);
    for (size_t i = 0; i < ps.items.n; i++) {
        if (!d->each)
            *(ast_item *)avec_push(&d->items, sizeof(ast_item)) = items[i];
        else if (!d->broken)
            d->each(d->arg, &items[i], kept);
        if (is_include(&items[i]) && !d->no_includes) {
            if (!ctx->diag.stopped)
                follow_include(d, items[i].u.pragma, here, nth, &me, depth);
            nth++;
        }
    }
    if (pushed)
        read_ahead_pop(d->ra);   /* frees here */
    else
        free(here);
    avec_release(&ps.items);
    if (lend && kept)
        arena_adopt(&ctx->arena, &d->trees[depth]);
    else if (lend)
        arena_reset(&d->trees[depth]);
}

/* The unit grows across calls (several files, several buffers). */
static void finish(driver *d, ast_unit *unit)
{
    read_ahead_free(d->ra);
    d->ra = NULL;
    parse_scratch_free(&d->scratch);
    unit->n = d->items.n;
    unit->cap = d->items.n;
    unit->items = avec_take(&d->ctx->arena, &d->items, sizeof(ast_item));
}

static void start(driver *d, mofc_ctx *ctx, const ast_unit *unit)
{
    memset(d, 0, sizeof *d);
    d->ctx = ctx;
    d->search = (include_search){(const char *const *)ctx->include_dirs, ctx->ninclude_dirs,
                                 (const char *const *)ctx->include_roots, ctx->ninclude_roots,
                                 ctx->limits.max_file_size};
    for (size_t i = 0; unit && i < unit->n; i++)
        *(ast_item *)avec_push(&d->items, sizeof(ast_item)) = unit->items[i];
}

static bool parse_files(driver *d, const char *const *paths, size_t n);

bool mof_parse_files(mofc_ctx *ctx, const char *const *paths, size_t n, ast_unit *unit)
{
    driver d;
    start(&d, ctx, unit);
    bool ok = parse_files(&d, paths, n);
    finish(&d, unit);
    return ok;
}

bool mof_parse_files_each(mofc_ctx *ctx, const char *const *paths, size_t n,
                          void (*each)(void *arg, const ast_item *item, bool kept), void *arg)
{
    driver d;
    start(&d, ctx, NULL);
    d.each = each;
    d.arg = arg;
    bool ok = parse_files(&d, paths, n);
    read_ahead_free(d.ra);
    for (size_t i = 0; i < d.ntrees; i++)
        arena_free(&d.trees[i]);
    free(d.trees);
    parse_scratch_free(&d.scratch);
    avec_release(&d.items);
    return ok;
}

static bool parse_files(driver *d, const char *const *paths, size_t n)
{
    mofc_ctx *ctx = d->ctx;
    bool ok = true;
    for (size_t i = 0; i < n && !ctx->diag.stopped; i++) {
        mof_span none = {0, 0, 0};
        file_read r;
        file_read_path(paths[i], ctx->limits.max_file_size, &r);
        if (!r.text) {
            if (r.too_big)
                diag_report(&ctx->diag, DIAG_LIMIT, none, "'%s' is larger than the limit of %zu bytes",
                            paths[i], ctx->limits.max_file_size);
            else
                diag_report(&ctx->diag, DIAG_IO_ERROR, none, "cannot read '%s': %s", paths[i],
                            file_read_why(&r));
            file_read_free(&r);
            ok = false;
            continue;
        }
        struct stat st = r.st;
        source_file *f = add_read(ctx, &r, none, false);
        file_read_free(&r);
        d->last_path = i + 1 == n;
        if (f)
            parse_source(d, f, NULL, 0, &st, NULL);
    }
    return ok;
}

static void parse_memory(driver *d, mofc_ctx *ctx, const char *name, const void *data, size_t len,
                         mof_span from, ast_unit *unit)
{
    if (len > ctx->limits.max_file_size) {
        diag_report(&ctx->diag, DIAG_LIMIT, from, "'%s' is larger than the limit of %zu bytes", name,
                    ctx->limits.max_file_size);
    } else {
        source_file *f = add_memory(ctx, name, data, len, from);
        if (f && from.file)   /* MOF in a string: the dialect of the file it is in */
            f->dialect = source_get(&ctx->sources, from.file)->dialect;
        if (f)
            parse_source(d, f, NULL, 0, NULL, NULL);
    }
    finish(d, unit);
}

void mof_parse_memory(mofc_ctx *ctx, const char *name, const void *data, size_t len,
                      ast_unit *unit)
{
    driver d;
    start(&d, ctx, unit);
    parse_memory(&d, ctx, name, data, len, (mof_span){0, 0, 0}, unit);
}

void mof_parse_text_at(mofc_ctx *ctx, const char *name, const char *text, size_t len, mof_span from,
                       ast_unit *unit)
{
    driver d;
    start(&d, ctx, unit);
    d.no_includes = true;
    parse_memory(&d, ctx, name, text, len, from, unit);
}

void mof_parse_alone(mofc_ctx *ctx, const char *name, const void *data, size_t len,
                     ast_unit *unit)
{
    driver d;
    start(&d, ctx, unit);
    d.no_includes = true;
    parse_memory(&d, ctx, name, data, len, (mof_span){0, 0, 0}, unit);
}
