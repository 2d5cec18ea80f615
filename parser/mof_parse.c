/* memmem(3) is a GNU extension (in POSIX 2024). */
#define _GNU_SOURCE 1
/* Files, encodings and includes: the part of the front end that touches
 * the file system. Each file is decoded to UTF-8, scanned and parsed on
 * its own; an include pragma is followed at once, so the included file's
 * items come right after it, as if the text had been pasted there. */
#include "parser/mof_parse.h"
#include "parser/parse_state.h"
#include "parser/mof_parser.h"
#include "common/strbuf.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* flex's reentrant API (from the generated scanner). */
typedef void *yyscan_t;
int mof_yylex_init_extra(parse_state *extra, yyscan_t *scanner);
int mof_yylex_destroy(yyscan_t scanner);
void *mof_yy_scan_buffer(char *base, size_t size, yyscan_t scanner);

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
    /* The scanner's copy of the text, one for every file (a file is
     * scanned whole before its includes are read): reused, it costs no
     * new pages per file. */
    char *scan;
    size_t scan_cap;
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
} driver;

static void parse_source(driver *d, source_file *f, include_frame *up, size_t depth,
                         const struct stat *st);

enum { SCAN_KEEP = 1024 * 1024 };   /* see parse_source */

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

/* Reads a whole file. On failure returns NULL with errno's text in *why
 * (and the errno in *err, ENOENT telling "not there" from "unreadable").
 * An included file must be a regular file: a FIFO, a terminal or a device
 * named by a hostile #pragma include would block or never end (it is opened
 * without blocking, to be looked at first). */
static unsigned char *read_all(mofc_ctx *ctx, const char *path, size_t *n, const char **why,
                               bool *too_big, int *err, struct stat *st_out, bool regular_only)
{
    *too_big = false;
    *err = 0;
    int fd = open(path, regular_only ? O_RDONLY | O_NONBLOCK | O_NOCTTY : O_RDONLY);
    if (fd < 0) {
        *err = errno;
        *why = strerror(errno);
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        *err = errno;
        *why = strerror(errno);
        close(fd);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        *err = EISDIR;
        *why = strerror(EISDIR);
        close(fd);
        return NULL;
    }
    if (regular_only && !S_ISREG(st.st_mode)) {
        *err = EINVAL;
        *why = "not a regular file";
        close(fd);
        return NULL;
    }
    *st_out = st;
    if ((uint64_t)st.st_size > ctx->limits.max_file_size) {
        *too_big = true;
        close(fd);
        return NULL;
    }
    /* + 2: room for the two NUL bytes the scanner needs, as the text is
     * decoded in this buffer */
    size_t cap = st.st_size > 0 ? (size_t)st.st_size + 2 : 4096, len = 0;
    unsigned char *buf = malloc(cap);
    if (!buf)
        abort();
    for (;;) {
        if (len == cap) {
            /* A pipe or device has no size: stop one byte past the limit. */
            if (len > ctx->limits.max_file_size) {
                *too_big = true;
                free(buf);
                close(fd);
                return NULL;
            }
            cap = cap > ctx->limits.max_file_size / 2 ? ctx->limits.max_file_size + 1 : cap * 2;
            unsigned char *p = realloc(buf, cap);
            if (!p)
                abort();
            buf = p;
        }
        ssize_t r = read(fd, buf + len, cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            *err = errno;
            *why = strerror(errno);
            free(buf);
            close(fd);
            return NULL;
        }
        if (r == 0)
            break;
        len += (size_t)r;
        /* a regular file has the size fstat gave: no read to find its end
         * (one system call a file; a schema has thousands) */
        if (S_ISREG(st.st_mode) && len == (size_t)st.st_size)
            break;
    }
    close(fd);
    if (cap < len + 2) {
        unsigned char *p = realloc(buf, len + 2);
        if (!p)
            abort();
        buf = p;
    }
    *n = len;
    return buf;
}

/* Decodes raw bytes into a new source file; reports a decoding error at
 * the place it happened. Returns NULL when the file cannot be parsed. A
 * file read (st given) is decoded in its own buffer, which the source
 * takes over (read_all left room); text in memory is copied. */
static source_file *add_source(mofc_ctx *ctx, const char *path, unsigned char *raw, size_t n,
                               mof_span from, const struct stat *st)
{
    size_t len, off;
    src_encoding enc;
    bool ascii;
    const char *err;
    char *text = st ? source_decode_in_place(raw, n, &len, &enc, &ascii, &err, &off)
                    : source_decode(raw, n, &len, &enc, &ascii, &err, &off);
    source_file *f = source_add(&ctx->sources, path, text, err ? off : len, enc, from);
    f->text_owned = true;
    f->ascii = ascii;
    if (st)
        source_note_stat(f, st);
    f->dialect = ctx->dialect;   /* AUTO: decided once its text is read */
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

static char *join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (!p)
        abort();
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        char *dot = malloc(2);
        if (!dot)
            abort();
        return strcpy(dot, ".");
    }
    size_t n = (size_t)(slash - path);
    char *p = malloc(n + 2);
    if (!p)
        abort();
    memcpy(p, path, n ? n : 1);
    p[n ? n : 1] = '\0';
    return p;
}

/* Whether a real path (from realpath(3)) lies inside one of the
 * --include-root folders (also real paths): "/a/b" holds "/a/b/x.mof" but
 * not "/a/bc.mof". No roots: everything is inside. */
static bool inside_roots(const mofc_ctx *ctx, const char *real)
{
    if (ctx->ninclude_roots == 0)
        return true;
    for (size_t i = 0; i < ctx->ninclude_roots; i++) {
        const char *r = ctx->include_roots[i];
        size_t n = strlen(r);
        if (n == 1 && r[0] == '/')
            return true;
        if (strncmp(real, r, n) == 0 && (real[n] == '/' || real[n] == '\0'))
            return true;
    }
    return false;
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

static void follow_include(driver *d, source_file *from, const ast_pragma *p, include_frame *up,
                           size_t depth)
{
    mofc_ctx *ctx = d->ctx;
    const ast_value *arg = p->args[0].value;
    char *name = malloc(arg->u.str.len + 1);
    if (!name)
        abort();
    memcpy(name, arg->u.str.s, arg->u.str.len + 1);
    for (char *c = name; *c; c++)   /* Windows files write include paths with '\' */
        if (*c == '\\')
            *c = '/';
    if (depth >= ctx->limits.max_include_depth) {
        diag_report(&ctx->diag, DIAG_INCLUDE_DEPTH, p->span, "includes nested deeper than %zu",
                    ctx->limits.max_include_depth);
        free(name);
        return;
    }
    /* The including file's folder first, then each -I folder in order;
     * the first that has the file is taken, readable or not. */
    char *here = dir_of(from->path);
    char *found = NULL;
    unsigned char *raw = NULL;
    size_t n = 0;
    const char *why = NULL;
    bool too_big = false;
    int err = ENOENT;
    bool outside = false;
    struct stat st;
    for (size_t i = 0; i <= ctx->ninclude_dirs && err == ENOENT && !outside; i++) {
        const char *dir = i == 0 ? here : ctx->include_dirs[i - 1];
        free(found);
        if (name[0] == '/' || !strcmp(dir, ".")) {   /* show "x.mof", not "./x.mof" */
            found = malloc(strlen(name) + 1);
            if (!found)
                abort();
            strcpy(found, name);
        } else {
            found = join(dir, name);
        }
        if (ctx->ninclude_roots == 0) {
            raw = read_all(ctx, found, &n, &why, &too_big, &err, &st, true);
        } else {
            /* --include-root: the file read is the one the real path
             * names, after every symbolic link and "..", and only inside */
            char *real = realpath(found, NULL);
            if (!real) {
                err = errno;
                why = strerror(errno);
                continue;
            }
            outside = !inside_roots(ctx, real);
            if (!outside)
                raw = read_all(ctx, real, &n, &why, &too_big, &err, &st, true);
            free(real);
        }
        if (too_big)
            break;
    }
    free(here);
    if (!raw) {
        if (outside) {
            diagnostic *dg = diag_report(&ctx->diag, DIAG_INCLUDE_OUTSIDE, arg->span,
                                         "'%s' is outside every --include-root folder", name);
            diag_add_note(&ctx->diag, dg, p->span, "found as '%s'; add its folder with --include-root "
                          "to allow it", found);
        } else if (too_big)
            diag_report(&ctx->diag, DIAG_LIMIT, arg->span, "'%s' is larger than the limit of %zu bytes",
                        found, ctx->limits.max_file_size);
        else if (err == ENOENT) {
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
            diag_report(&ctx->diag, DIAG_IO_ERROR, arg->span, "cannot read '%s': %s", found, why);
        free(found);
        free(name);
        return;
    }
    for (include_frame *fr = up; fr; fr = fr->up)
        if (fr->dev == st.st_dev && fr->ino == st.st_ino) {
            bool control;
            const char *shown = shown_path(ctx, arg->u.str.s, &control);
            diag_report(&ctx->diag, DIAG_INCLUDE_CYCLE, arg->span,
                        fr == up ? "'%s' includes itself" : "include cycle: '%s' is already being read",
                        shown);
            free(raw);
            free(found);
            free(name);
            return;
        }
    source_file *f = add_source(ctx, found, raw, n, p->span, &st);
    free(found);
    free(name);
    if (f)
        parse_source(d, f, up, depth + 1, &st);
}

static void parse_source(driver *d, source_file *f, include_frame *up, size_t depth,
                         const struct stat *st)
{
    mofc_ctx *ctx = d->ctx;
    parse_state ps;
    memset(&ps, 0, sizeof ps);
    ps.ctx = ctx;
    ps.file = f;
    ps.pending = -1;
    /* flex scans in place and writes into its buffer, so it gets a copy;
     * values are read from the pristine text. */
    if (d->scan_cap < f->len + 2) {
        free(d->scan);
        d->scan_cap = f->len + 2;
        d->scan = malloc(d->scan_cap);
        if (!d->scan)
            abort();
    }
    char *copy = d->scan;
    memcpy(copy, f->text, f->len + 2);
    ps.base = copy;
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
    mof_yy_scan_buffer(copy, f->len + 2, scanner);
    mof_yyparse(scanner, &ps);
    mof_yylex_destroy(scanner);
    parse_state_release(&ps);
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
    if (d->each)
        whole_so_far(d);

    /* The scanner's copy of a big file is not kept while its items are
     * built (reused, a small one saves page faults on the next files). */
    if (d->each && d->scan_cap > SCAN_KEEP) {
        free(d->scan);
        d->scan = NULL;
        d->scan_cap = 0;
    }

    include_frame me = {st ? st->st_dev : 0, st ? st->st_ino : 0, up};
    ast_item *items = ps.items.items;
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
        if (is_include(&items[i]) && !ctx->diag.stopped && !d->no_includes)
            follow_include(d, f, items[i].u.pragma, &me, depth);
    }
    avec_release(&ps.items);
    if (lend && kept)
        arena_adopt(&ctx->arena, &d->trees[depth]);
    else if (lend)
        arena_reset(&d->trees[depth]);
}

/* The unit grows across calls (several files, several buffers). */
static void finish(driver *d, ast_unit *unit)
{
    free(d->scan);
    d->scan = NULL;
    d->scan_cap = 0;
    unit->n = d->items.n;
    unit->cap = d->items.n;
    unit->items = avec_take(&d->ctx->arena, &d->items, sizeof(ast_item));
}

static void start(driver *d, mofc_ctx *ctx, const ast_unit *unit)
{
    memset(d, 0, sizeof *d);
    d->ctx = ctx;
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
    for (size_t i = 0; i < d.ntrees; i++)
        arena_free(&d.trees[i]);
    free(d.trees);
    free(d.scan);
    avec_release(&d.items);
    return ok;
}

static bool parse_files(driver *d, const char *const *paths, size_t n)
{
    mofc_ctx *ctx = d->ctx;
    bool ok = true;
    for (size_t i = 0; i < n && !ctx->diag.stopped; i++) {
        size_t len;
        const char *why = NULL;
        bool too_big;
        int err;
        struct stat st;
        mof_span none = {0, 0, 0};
        unsigned char *raw = read_all(ctx, paths[i], &len, &why, &too_big, &err, &st, false);
        if (!raw) {
            if (too_big)
                diag_report(&ctx->diag, DIAG_LIMIT, none, "'%s' is larger than the limit of %zu bytes",
                            paths[i], ctx->limits.max_file_size);
            else
                diag_report(&ctx->diag, DIAG_IO_ERROR, none, "cannot read '%s': %s", paths[i], why);
            ok = false;
            continue;
        }
        source_file *f = add_source(ctx, paths[i], raw, len, none, &st);
        d->last_path = i + 1 == n;
        if (f)
            parse_source(d, f, NULL, 0, &st);
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
        source_file *f = add_source(ctx, name, (unsigned char *)data, len, from, NULL);
        if (f && from.file)   /* MOF in a string: the dialect of the file it is in */
            f->dialect = source_get(&ctx->sources, from.file)->dialect;
        if (f)
            parse_source(d, f, NULL, 0, NULL);
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
