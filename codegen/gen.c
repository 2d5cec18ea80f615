/* Templates are found in --templates DIR, else $MOFC_TEMPLATES, else next
 * to the executable (build/mofc -> templates/ of the source tree; bin/mofc
 * -> share/mofc/templates), else the configured data folder. Each template
 * file read is registered as a source file, so that a template error is a
 * located diagnostic like any other, and lands in the -MD dependency list. */
#include "codegen/gen.h"
#include "codegen/tmpl.h"
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
    bool failed;
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

/* Reads DIR/NAME.mustache into the source set; NULL (reported) on error. */
static source_file *load(loader *l, const char *name, bool report_missing)
{
    char *path = arena_printf(&l->ctx->arena, "%s/%s.mustache", l->dir, name);
    FILE *f = fopen(path, "rb");
    mof_span none = {0, 0, 0};
    if (!f) {
        if (report_missing || errno != ENOENT)
            diag_report(&l->ctx->diag, DIAG_GEN_TEMPLATE, none, "cannot read template '%s': %s", path,
                        strerror(errno));
        return NULL;
    }
    strbuf b = STRBUF_INIT;
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        strbuf_add(&b, chunk, k);
    fclose(f);
    char *text = arena_alloc_raw(&l->ctx->arena, b.len + 2);
    if (b.len)
        memcpy(text, b.data, b.len);
    text[b.len] = text[b.len + 1] = '\0';
    source_file *sf = source_add(&l->ctx->sources, path, text, b.len, ENC_UTF8, none);
    strbuf_free(&b);
    return sf;
}

static const char *partial(void *user, const char *name)
{
    loader *l = user;
    source_file *sf = load(l, name, true);
    if (!sf)
        l->failed = true;
    return sf ? sf->text : NULL;
}

/* A template error at line:col of a registered template file. */
static void report_template(mofc_ctx *ctx, const tmpl_error *e)
{
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
        char msg[sizeof e->message * 2];   /* one line: a tag may hold a newline */
        size_t k = 0;
        for (const char *p = e->message; *p && k + 2 < sizeof msg; p++) {
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
    char buf[512];
    tmpl_error_format(e, buf, sizeof buf);
    mof_span none = {0, 0, 0};
    diag_report(&ctx->diag, DIAG_GEN_TEMPLATE, none, "%s", buf);
}

bool gen_write_file(mofc_ctx *ctx, const char *path, const char *data, size_t len, bool keep_same)
{
    mof_span none = {0, 0, 0};
    /* Unchanged content: leave the file (and its time stamp) alone. */
    FILE *old = keep_same ? fopen(path, "rb") : NULL;
    if (old) {
        bool same = true;
        char chunk[65536];
        size_t off = 0, k;
        while (same && (k = fread(chunk, 1, sizeof chunk, old)) > 0) {
            same = off + k <= len && !memcmp(chunk, data + off, k);
            off += k;
        }
        fclose(old);
        if (same && off == len)
            return true;
    }
    char *tmp = arena_printf(&ctx->arena, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        diag_report(&ctx->diag, DIAG_GEN_OUTPUT, none, "cannot write '%s': %s", path, strerror(errno));
        return false;
    }
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : ENOSPC;
            close(fd);
            unlink(tmp);
            diag_report(&ctx->diag, DIAG_GEN_OUTPUT, none, "cannot write '%s': %s", path, strerror(e));
            return false;
        }
        p += w;
        left -= (size_t)w;
    }
    /* mkstemp makes the file 0600; generated sources are ordinary files. */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || fsync(fd) != 0 || close(fd) != 0) {
        int e = errno;
        unlink(tmp);
        diag_report(&ctx->diag, DIAG_GEN_OUTPUT, none, "cannot write '%s': %s", path, strerror(e));
        return false;
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        diag_report(&ctx->diag, DIAG_GEN_OUTPUT, none, "cannot write '%s': %s", path, strerror(e));
        return false;
    }
    return true;
}

static bool render(mofc_ctx *ctx, loader *l, tmpl_env *env, const char *name, const tmpl_value *root,
                   tmpl_buf *out)
{
    source_file *sf = load(l, name, true);
    if (!sf)
        return false;
    tmpl_error e;
    tmpl_template *t = tmpl_compile(name, sf->text, sf->len, &e);
    if (!t) {
        report_template(ctx, &e);
        return false;
    }
    bool ok = tmpl_render(env, t, root, out, &e);
    if (!ok && !l->failed)
        report_template(ctx, &e);
    tmpl_template_free(t);
    return ok && !l->failed;
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

bool gen_run(mofc_ctx *ctx, const schema_model *m, const gen_options *o)
{
    tmpl_tree *tree = gen_model_build(ctx, m, &o->req);
    if (!tree)
        return false;
    if (o->dump_model) {
        tmpl_buf b;
        tmpl_buf_init(&b);
        tmpl_value_write_json(tmpl_tree_root(tree), &b);
        fwrite(b.data, 1, b.len, stdout);
        tmpl_buf_free(&b);
        tmpl_tree_free(tree);
        return true;
    }
    mof_span none = {0, 0, 0};
    if (!is_dir(o->outdir) && mkdir(o->outdir, 0777) != 0) {
        diag_report(&ctx->diag, DIAG_GEN_OUTPUT, none, "cannot create '%s': %s", o->outdir,
                    strerror(errno == EEXIST ? ENOTDIR : errno));
        tmpl_tree_free(tree);
        return false;
    }
    loader l = {ctx, template_dir(ctx, o->templates), false};
    if (!is_dir(l.dir)) {
        diag_report(&ctx->diag, DIAG_GEN_TEMPLATE, none, "no template folder '%s' (use --templates)",
                    l.dir);
        tmpl_tree_free(tree);
        return false;
    }
    tmpl_options opts = {TMPL_ESCAPE_NONE, TMPL_STRICT, partial, &l, 0};
    tmpl_env *env = tmpl_env_new(&opts);
    tmpl_buf h, c;
    tmpl_buf_init(&h);
    tmpl_buf_init(&c);
    bool ok = render(ctx, &l, env, "header.h", tmpl_tree_root(tree), &h) &&
              render(ctx, &l, env, "source.c", tmpl_tree_root(tree), &c);
    const char *hp = arena_printf(&ctx->arena, "%s/%s.h", o->outdir, o->req.name);
    const char *cp = arena_printf(&ctx->arena, "%s/%s.c", o->outdir, o->req.name);
    if (ok && (h.failed || c.failed)) {
        diag_report(&ctx->diag, DIAG_GEN_OUTPUT, none, "out of memory rendering templates");
        ok = false;
    }
    if (ok)
        ok = gen_write_file(ctx, hp, h.data, h.len, true) && gen_write_file(ctx, cp, c.data, c.len, true);
    if (ok && o->skeleton) {
        /* The author's file: written once, never overwritten. */
        const char *sp = arena_printf(&ctx->arena, "%s/%s_provider.c", o->outdir, o->req.name);
        struct stat st;
        if (stat(sp, &st) != 0) {
            tmpl_buf s;
            tmpl_buf_init(&s);
            ok = render(ctx, &l, env, "provider.c", tmpl_tree_root(tree), &s);
            if (ok && s.failed) {
                diag_report(&ctx->diag, DIAG_GEN_OUTPUT, none, "out of memory rendering templates");
                ok = false;
            }
            if (ok)
                ok = gen_write_file(ctx, sp, s.data, s.len, false);
            tmpl_buf_free(&s);
        }
    }
    if (ok && o->depfile)
        write_depfile(ctx, o, hp, cp);
    tmpl_buf_free(&h);
    tmpl_buf_free(&c);
    tmpl_env_free(env);
    tmpl_tree_free(tree);
    return ok;
}
