/* Templates are found in --templates DIR, else $MOFC_TEMPLATES, else next
 * to the executable (build/mofc -> templates/ of the source tree; bin/mofc
 * -> share/mofc/templates), else the configured data folder. Each template
 * file read is registered as a source file, so that a template error is a
 * located diagnostic like any other, and lands in the -MD dependency list. */
#include "codegen/gen.h"
#include "codegen/gen_out.h"
#include "codegen/tmpl.h"
#include "common/cpus.h"
#include "common/read_file.h"
#include "common/strbuf.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct loader {
    mofc_ctx *ctx;
    const char *dir;
    char *real_dir;     /* dir after symbolic links (realpath), malloc'd */
    char why[600];      /* why the last partial could not be read, or "" */
    pthread_mutex_t *lock;   /* rendering on another thread: held while loading */
} loader;

static bool is_dir(const char *p)
{
    struct stat st;
    return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *template_dir(mofc_ctx *ctx, const char *given)
{
    if (given)
        return given;
    const char *env = getenv("MOFC_TEMPLATES");
    if (env && *env)
        return env;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            const char *cands[] = {"%s/../templates", "%s/../share/mofc/templates"};
            for (size_t i = 0; i < 2; i++) {
                char *p = arena_printf(&ctx->arena, cands[i], exe);
                if (is_dir(p))
                    return p;
            }
        }
    }
    return MOFC_DATADIR "/templates";
}

/* Reads DIR/NAME.mustache into the source set; NULL with the reason in
 * l->why otherwise. A template is a regular file inside DIR after every
 * symbolic link (partial names with '..' are refused when rendering): a
 * templates folder from an untrusted change must not copy other files
 * into the output, nor block gen on a FIFO or feed it /dev/zero. */
static source_file *load(loader *l, const char *name)
{
    char *path = arena_printf(&l->ctx->arena, "%s/%s.mustache", l->dir, name);
    const char *why = NULL;
    char *real = realpath(path, NULL);
    size_t dn = l->real_dir ? strlen(l->real_dir) : 0;
    if (!real || !l->real_dir)
        why = strerror(errno);
    else if (strncmp(real, l->real_dir, dn) != 0 || (real[dn] != '/' && dn > 1))
        why = "it lies outside the templates folder (after symbolic links)";
    size_t n = 0;
    unsigned char *raw = why ? NULL : read_regular_file(real, l->ctx->limits.max_file_size, &n, &why);
    free(real);
    if (!raw) {
        snprintf(l->why, sizeof l->why, "cannot read template '%s': %s", path, why);
        return NULL;
    }
    char *text = arena_alloc_raw(&l->ctx->arena, n + 2);
    memcpy(text, raw, n);
    text[n] = text[n + 1] = '\0';
    free(raw);
    mof_span none = {0, 0, 0};
    return source_add(&l->ctx->sources, path, text, n, ENC_UTF8, none);
}

/* The partial callback: a partial that cannot be read is an unknown
 * partial to the renderer, which reports it at its tag with l->why. */
static const char *partial(void *user, const char *name)
{
    loader *l = user;
    if (l->lock)
        pthread_mutex_lock(l->lock);
    source_file *sf = load(l, name);
    if (l->lock)
        pthread_mutex_unlock(l->lock);
    return sf ? sf->text : NULL;
}

/* A template error at line:col of a registered template file. */
static void report_template(loader *l, const tmpl_error *e)
{
    mofc_ctx *ctx = l->ctx;
    char text[sizeof e->message + sizeof l->why + 2];
    switch (e->kind) {
    case TMPL_ERR_UNKNOWN_PARTIAL:   /* a partial that could not be read: say why, at its tag */
        snprintf(text, sizeof text, "%s%s%s", e->message, l->why[0] ? ": " : "", l->why);
        break;
    case TMPL_ERR_TEMPLATE:
    case TMPL_ERR_OUTPUT:
        snprintf(text, sizeof text, "%s", e->message);
        break;
    }
    for (size_t i = ctx->sources.n; i-- > 1;) {
        source_file *f = ctx->sources.files[i];
        const char *base = strrchr(f->path, '/');
        base = base ? base + 1 : f->path;
        size_t bl = strlen(base), nl = strlen(e->template_name);
        bool match = !strcmp(base, e->template_name) ||
                     (bl == nl + 9 && !strncmp(base, e->template_name, nl) && !strcmp(base + nl, ".mustache"));
        if (!match)
            continue;
        uint32_t off = 0;
        for (int line = 1; line < e->line && off < f->len; off++)
            if (f->text[off] == '\n')
                line++;
        for (int col = 1; col < e->column && off < f->len; col++) {
            off++;
            while (off < f->len && ((unsigned char)f->text[off] & 0xC0) == 0x80)
                off++;
        }
        mof_span sp = {f->id, off, off};
        char msg[sizeof text * 2];   /* one line: a tag may hold a newline */
        size_t k = 0;
        for (const char *p = text; *p && k + 2 < sizeof msg; p++) {
            if (*p == '\n') {
                msg[k++] = '\\';
                msg[k++] = 'n';
            } else {
                msg[k++] = *p;
            }
        }
        msg[k] = '\0';
        diag_report(&ctx->diag, DIAG_GEN_TEMPLATE, sp, "%s", msg);
        return;
    }
    mof_span none = {0, 0, 0};
    diag_report(&ctx->diag, DIAG_GEN_TEMPLATE, none, "%s:%d:%d: %s", e->template_name, e->line, e->column,
                text);
}

bool gen_write_file(mofc_ctx *ctx, const char *path, const char *data, size_t len, bool keep_same)
{
    gen_out o;
    gen_out_open(&o, ctx, path, keep_same);
    gen_out_write(&o, data, len);
    return gen_out_close(&o, true);
}

/* One output being rendered: its template, file and render job. */
typedef struct output {
    const char *name;          /* the template */
    tmpl_template *t;
    gen_out file;
    tmpl_job *job;
} output;

/* Compiles o's template and renders what does not depend on the classes
 * into o's file; false after reporting. */
static bool start_output(mofc_ctx *ctx, loader *l, tmpl_env *env, const gen_model *g, output *o,
                         const char *path, bool keep_same, const char *spill_dir)
{
    source_file *sf = load(l, o->name);
    if (!sf) {
        mof_span none = {0, 0, 0};
        diag_report(&ctx->diag, DIAG_GEN_TEMPLATE, none, "%s", l->why);
        return false;
    }
    tmpl_error e;
    o->t = tmpl_compile(o->name, sf->text, sf->len, &e);
    if (!o->t) {
        report_template(l, &e);
        return false;
    }
    gen_out_open(&o->file, ctx, path, keep_same);
    o->job = tmpl_job_start(env, o->t, gen_model_root(g), gen_out_write_fn, &o->file, spill_dir, &e);
    if (!o->job && !o->file.failed)
        report_template(l, &e);
    return o->job != NULL;
}

/* Renders the rest of o (when ok): false after reporting. */
static bool finish_output(loader *l, output *o, bool ok)
{
    tmpl_error e;
    if (ok && !tmpl_job_finish(o->job, &e)) {
        if (!o->file.failed)
            report_template(l, &e);
        ok = false;
    }
    tmpl_job_free(o->job);
    tmpl_template_free(o->t);
    o->job = NULL;
    o->t = NULL;
    return ok;
}

/* Every file read (MOF inputs, includes, templates): the make rule that
 * regenerates the output when one of them changes. */
static void write_depfile(mofc_ctx *ctx, const gen_options *o, const char *h, const char *c)
{
    strbuf d = STRBUF_INIT;
    strbuf_printf(&d, "%s %s:", h, c);
    for (size_t i = 1; i < ctx->sources.n; i++)
        strbuf_printf(&d, " %s", ctx->sources.files[i]->path);
    strbuf_addc(&d, '\n');
    /* Phony targets, as gcc -MP: a deleted input does not break make. */
    for (size_t i = 1; i < ctx->sources.n; i++)
        strbuf_printf(&d, "\n%s:\n", ctx->sources.files[i]->path);
    gen_write_file(ctx, o->depfile, d.data, d.len, true);
    strbuf_free(&d);
}

/* Closes o's file (when it was opened): commit replaces the target.
 * Returns whether the target now holds the output. */
static bool close_output(output *o, bool commit)
{
    if (!o->file.ctx)
        return false;
    return gen_out_close(&o->file, commit) && commit;
}

/* A render error while streaming the classes: reported once, by the
 * output it belongs to (a failed write was reported by its file). */
static void report_stream(loader *l, output *outs, size_t n, const tmpl_error *e)
{
    for (size_t i = 0; i < n; i++)
        if (outs[i].file.failed)
            return;
    report_template(l, e);
}

bool gen_run(mofc_ctx *ctx, const schema_model *m, const gen_options *o)
{
    if (o->dump_model) {
        tmpl_tree *tree = gen_model_build(ctx, m, &o->req);
        if (!tree)
            return false;
        tmpl_buf b;
        tmpl_buf_init(&b);
        tmpl_value_write_json(tmpl_tree_root(tree), &b);
        fwrite(b.data, 1, b.len, stdout);
        tmpl_buf_free(&b);
        tmpl_tree_free(tree);
        return true;
    }
    gen_model *g = gen_model_start(ctx, m, &o->req);
    if (!g)
        return false;
    mof_span none = {0, 0, 0};
    if (!is_dir(o->outdir) && mkdir(o->outdir, 0777) != 0) {
        diag_report(&ctx->diag, DIAG_GEN_OUTPUT, none, "cannot create '%s': %s", o->outdir,
                    strerror(errno == EEXIST ? ENOTDIR : errno));
        gen_model_free(g);
        return false;
    }
    loader l = {ctx, template_dir(ctx, o->templates), NULL, "", NULL};
    if (is_dir(l.dir))
        l.real_dir = realpath(l.dir, NULL);
    if (!is_dir(l.dir)) {
        diag_report(&ctx->diag, DIAG_GEN_TEMPLATE, none, "no template folder '%s' (use --templates)",
                    l.dir);
        gen_model_free(g);
        return false;
    }
    tmpl_options opts = {TMPL_ESCAPE_NONE, TMPL_STRICT, partial, &l, 0};
    tmpl_env *env = tmpl_env_new(&opts);
    const char *hp = arena_printf(&ctx->arena, "%s/%s.h", o->outdir, o->req.name);
    const char *cp = arena_printf(&ctx->arena, "%s/%s.c", o->outdir, o->req.name);
    const char *sp = arena_printf(&ctx->arena, "%s/%s_provider.c", o->outdir, o->req.name);
    /* The header, the source and (the author's file: written once, never
     * overwritten) the provider skeleton render together, class by class. */
    output outs[3] = {{.name = "header.h"}, {.name = "source.c"}, {.name = "provider.c"}};
    struct stat st;
    size_t n = o->skeleton && stat(sp, &st) != 0 ? 3 : 2;
    const char *paths[3] = {hp, cp, sp};
    bool started[3] = {false, false, false};
    for (size_t i = 0; i < n && (i == 0 || started[i - 1]); i++)
        started[i] = start_output(ctx, &l, env, g, &outs[i], paths[i], i < 2, o->outdir);
    bool ok = started[0] && started[1];
    tmpl_error e;
    size_t errors = ctx->diag.errors;   /* C name clashes are found class by class */
    /* The loader and the files use ctx while the render thread runs. */
    pthread_mutex_t ctx_lock;
    bool threaded = ok && o->jobs >= 2 && cpus_usable() > 1 &&
                    pthread_mutex_init(&ctx_lock, NULL) == 0;
    l.lock = threaded ? &ctx_lock : NULL;
    for (size_t i = 0; i < n; i++)
        outs[i].file.lock = l.lock;
    if (ok && !gen_model_stream(g, &e, l.lock)) {
        report_stream(&l, outs, n, &e);
        ok = false;
    }
    for (size_t i = 0; i < n; i++)
        outs[i].file.lock = NULL;
    l.lock = NULL;
    if (threaded)
        pthread_mutex_destroy(&ctx_lock);
    ok = ok && ctx->diag.errors == errors;
    /* The header and source are written when both are whole; the skeleton
     * after them, and its failure leaves them written (as when it was
     * rendered after them). */
    ok = finish_output(&l, &outs[0], ok) && ok;
    ok = finish_output(&l, &outs[1], ok) && ok;
    bool sk = n < 3 || finish_output(&l, &outs[2], ok && started[2]);
    ok = close_output(&outs[0], ok);
    ok = close_output(&outs[1], ok);
    if (n == 3)
        sk = close_output(&outs[2], ok && sk);
    ok = ok && sk;
    if (ok && o->depfile)
        write_depfile(ctx, o, hp, cp);
    tmpl_env_free(env);
    gen_model_free(g);
    free(l.real_dir);
    return ok;
}
