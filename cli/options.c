#include "cli/options.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *grow(void *p, size_t n, size_t size)
{
    void *q = realloc(p, (n + 1) * size);
    if (!q)
        abort();
    return q;
}

static int bad(const char *fmt, const char *arg)
{
    fputs("mofc: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(" (try 'mofc --help')\n", stderr);
    return OPT_USAGE;
}

/* "--name=value" or "--name value"; returns the value or NULL. */
static const char *long_value(const char *name, int *i, int argc, char **argv)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] == '\0' && *i + 1 < argc)
        return argv[++*i];
    return NULL;
}

int options_parse(mofc_options *o, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    o->max_errors = 50;
    bool only_files = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v;
        if (only_files || a[0] != '-' || !strcmp(a, "-")) {
            o->files = grow(o->files, o->nfiles, sizeof *o->files);
            o->files[o->nfiles++] = argv[i];
        } else if (!strcmp(a, "--")) {
            only_files = true;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            return OPT_HELP;
        } else if (!strncmp(a, "-I", 2)) {
            const char *dir = a[2] ? a + 2 : i + 1 < argc ? argv[++i] : NULL;
            if (!dir)
                return bad("option '%s' needs a folder", a);
            o->include_dirs = grow(o->include_dirs, o->ninclude_dirs, sizeof *o->include_dirs);
            o->include_dirs[o->ninclude_dirs++] = dir;
        } else if ((v = long_value("--dialect", &i, argc, argv))) {
            if (!strcmp(v, "auto")) o->dialect = DIALECT_AUTO;
            else if (!strcmp(v, "dmtf")) o->dialect = DIALECT_DMTF;
            else if (!strcmp(v, "wmi")) o->dialect = DIALECT_WMI;
            else return bad("unknown dialect '%s' (auto, dmtf or wmi)", v);
        } else if ((v = long_value("--diagnostics-format", &i, argc, argv))) {
            if (!strcmp(v, "text")) o->format = DIAG_TEXT;
            else if (!strcmp(v, "json")) o->format = DIAG_JSON;
            else if (!strcmp(v, "sarif")) o->format = DIAG_SARIF;
            else return bad("unknown diagnostics format '%s' (text, json or sarif)", v);
        } else if ((v = long_value("--max-errors", &i, argc, argv))) {
            char *end;
            unsigned long n = strtoul(v, &end, 10);
            if (*end || !*v)
                return bad("--max-errors needs a number, not '%s'", v);
            o->max_errors = n;
        } else if (!strcmp(a, "--werror") || !strcmp(a, "-Werror")) {
            o->werror = true;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o->quiet = true;
        } else if (!strcmp(a, "--dump-ast")) {
            o->dump_ast = true;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (i + 1 >= argc)
                return bad("option '%s' needs a folder", a);
            o->outdir = argv[++i];
        } else if ((v = long_value("--name", &i, argc, argv))) {
            o->name = v;
        } else if ((v = long_value("--templates", &i, argc, argv))) {
            o->templates = v;
        } else if ((v = long_value("--class", &i, argc, argv))) {
            o->classes = grow(o->classes, o->nclasses, sizeof *o->classes);
            o->classes[o->nclasses++] = v;
        } else if (!strcmp(a, "-MD")) {
            o->md = true;
        } else if (!strcmp(a, "-MF")) {
            if (i + 1 >= argc)
                return bad("option '%s' needs a file", a);
            o->depfile = argv[++i];
        } else if (!strcmp(a, "--dump-template-model")) {
            o->dump_template_model = true;
        } else if (!strcmp(a, "--stats")) {
            o->stats = true;
        } else if (!strcmp(a, "--dump-model")) {
            o->dump_model = true;
        } else if (!strncmp(a, "-W", 2) && a[2]) {
            diag_sink s;      /* check the name now, so a typo is a usage error */
            diag_init(&s, NULL);
            const char *name = strncmp(a + 2, "no-", 3) ? a + 2 : a + 5;
            if (!diag_set_enabled(&s, name, true))
                return bad("unknown warning option '%s'", a);
            o->warn_flags = grow(o->warn_flags, o->nwarn_flags, sizeof *o->warn_flags);
            o->warn_flags[o->nwarn_flags++] = a;
        } else {
            return bad("unknown option '%s'", a);
        }
    }
    if (!o->nfiles)
        return bad("%s", "no input files");
    return OPT_OK;
}

void options_apply(const mofc_options *o, mofc_ctx *ctx)
{
    ctx->dialect = o->dialect;
    ctx->include_dirs = o->include_dirs;
    ctx->ninclude_dirs = o->ninclude_dirs;
    ctx->diag.werror = o->werror;
    ctx->diag.max_errors = o->max_errors;
    for (size_t i = 0; i < o->nwarn_flags; i++) {
        const char *a = o->warn_flags[i] + 2;
        bool on = strncmp(a, "no-", 3) != 0;
        diag_set_enabled(&ctx->diag, on ? a : a + 3, on);
    }
}

void options_free(mofc_options *o)
{
    free(o->files);
    free(o->include_dirs);
    free(o->warn_flags);
    free(o->classes);
}
