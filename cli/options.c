#include "cli/options.h"
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* A count or size: decimal digits, optionally followed by k, M or G
 * (powers of 1024). Returns false when malformed or too large. */
static bool parse_size(const char *v, size_t *out)
{
    if (*v < '0' || *v > '9')
        return false;
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    unsigned shift = 0;
    if (*end == 'k' || *end == 'K') shift = 10, end++;
    else if (*end == 'M') shift = 20, end++;
    else if (*end == 'G') shift = 30, end++;
    if (*end || errno || n > (SIZE_MAX >> shift))
        return false;
    *out = (size_t)n << shift;
    return true;
}

/* The front end's limits: --max-file-size=N and so on. */
static const struct { const char *opt; size_t offset; } limit_opts[] = {
    {"--max-file-size", offsetof(mofc_limits, max_file_size)},
    {"--max-name-length", offsetof(mofc_limits, max_ident_len)},
    {"--max-string-length", offsetof(mofc_limits, max_string_len)},
    {"--max-array-items", offsetof(mofc_limits, max_array_items)},
    {"--max-include-depth", offsetof(mofc_limits, max_include_depth)},
    {"--max-nesting", offsetof(mofc_limits, max_nesting)},
    {"--max-embedded-expansion", offsetof(mofc_limits, max_embed_expansion)},
};

/* Handles a --max-<limit> option: 0 when a is none of them, 1 when
 * taken, -1 after a usage message (value missing or malformed). */
static int limit_option(mofc_options *o, const char *a, int *i, int argc, char **argv)
{
    for (size_t k = 0; k < sizeof limit_opts / sizeof limit_opts[0]; k++) {
        size_t n = strlen(limit_opts[k].opt);
        if (strncmp(a, limit_opts[k].opt, n) || (a[n] != '=' && a[n] != '\0'))
            continue;
        const char *v = long_value(limit_opts[k].opt, i, argc, argv);
        size_t *field = (size_t *)((char *)&o->limits + limit_opts[k].offset);
        if (!v || !parse_size(v, field)) {
            bad("option '%s' needs a number (k, M or G may follow)", limit_opts[k].opt);
            return -1;
        }
        return 1;
    }
    return 0;
}

/* --allow CODE[,CODE]: turns each `mofc diff` code (or name) off in s;
 * false when one is unknown. */
static bool allow_list(diag_sink *s, const char *list)
{
    for (const char *p = list;; p++) {
        size_t n = strcspn(p, ",");
        char one[64];
        if (n == 0 || n >= sizeof one)
            return false;
        memcpy(one, p, n);
        one[n] = '\0';
        if (!diag_allow(s, one))
            return false;
        p += n;
        if (!*p)
            return true;
    }
}

int options_parse(mofc_options *o, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    o->max_errors = 50;
    o->max_warnings = 1000;
    o->limits = mofc_limits_default();
    bool only_files = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v;
        int lim;
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
        } else if ((v = long_value("--include-root", &i, argc, argv))) {
            /* resolved now, so symbolic links and "../" in the includes
             * are compared against the folder's one real name */
            char *real = realpath(v, NULL);
            struct stat st;
            if (!real || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
                fprintf(stderr, "mofc: cannot use include root '%s': %s (try 'mofc --help')\n", v,
                        real ? strerror(ENOTDIR) : strerror(errno));
                free(real);
                return OPT_USAGE;
            }
            o->include_roots = grow(o->include_roots, o->ninclude_roots, sizeof *o->include_roots);
            o->include_roots[o->ninclude_roots++] = real;
        } else if ((v = long_value("--old-I", &i, argc, argv)) ||
                   (v = long_value("--new-I", &i, argc, argv))) {
            bool old = a[2] == 'o';
            const char ***dirs = old ? &o->old_include_dirs : &o->new_include_dirs;
            size_t *n = old ? &o->nold_include_dirs : &o->nnew_include_dirs;
            *dirs = grow(*dirs, *n, sizeof **dirs);
            (*dirs)[(*n)++] = v;
        } else if ((v = long_value("--allow", &i, argc, argv))) {
            diag_sink probe;   /* check the names now, so a typo is a usage error */
            diag_init(&probe, NULL);
            if (!allow_list(&probe, v))
                return bad("--allow: '%s' names no mofc diff code (docs/diff.md)", v);
            o->allow = grow(o->allow, o->nallow, sizeof *o->allow);
            o->allow[o->nallow++] = v;
        } else if ((v = long_value("--dialect", &i, argc, argv))) {
            if (!dialect_parse(v, &o->dialect))
                return bad("unknown dialect '%s' (auto, dmtf, wmi or mi)", v);
        } else if ((v = long_value("--diagnostics-format", &i, argc, argv))) {
            if (!strcmp(v, "text")) o->format = DIAG_TEXT;
            else if (!strcmp(v, "json")) o->format = DIAG_JSON;
            else if (!strcmp(v, "sarif")) o->format = DIAG_SARIF;
            else if (!strcmp(v, "github")) o->format = DIAG_GITHUB;
            else return bad("unknown diagnostics format '%s' (text, json, sarif or github)", v);
        } else if ((v = long_value("--max-errors", &i, argc, argv))) {
            /* parse_size: "-1" or 2^64 are refused, not wrapped */
            if (!parse_size(v, &o->max_errors))
                return bad("--max-errors needs a number, not '%s'", v);
            o->max_errors_set = true;
        } else if ((v = long_value("--max-warnings", &i, argc, argv))) {
            if (!parse_size(v, &o->max_warnings))
                return bad("--max-warnings needs a number, not '%s'", v);
        } else if ((lim = limit_option(o, a, &i, argc, argv)) != 0) {
            if (lim < 0)
                return OPT_USAGE;
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
        } else if ((v = long_value("--jobs", &i, argc, argv))) {
            if (!parse_size(v, &o->jobs) || !o->jobs)
                return bad("--jobs needs a number of threads (1 or more), not '%s'", v);
        } else if (!strcmp(a, "--skeleton")) {
            o->skeleton = true;
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
    ctx->include_roots = (const char **)o->include_roots;
    ctx->ninclude_roots = o->ninclude_roots;
    ctx->diag.werror = o->werror;
    ctx->diag.max_errors = o->max_errors;
    ctx->diag.max_warnings = o->max_warnings;
    ctx->limits = o->limits;
    ctx->single_thread = o->jobs == 1;
    for (size_t i = 0; i < o->nwarn_flags; i++) {
        const char *a = o->warn_flags[i] + 2;
        bool on = strncmp(a, "no-", 3) != 0;
        diag_set_enabled(&ctx->diag, on ? a : a + 3, on);
    }
    for (size_t i = 0; i < o->nallow; i++)
        allow_list(&ctx->diag, o->allow[i]);
}

void options_free(mofc_options *o)
{
    free(o->files);
    free(o->include_dirs);
    for (size_t i = 0; i < o->ninclude_roots; i++)
        free(o->include_roots[i]);
    free(o->include_roots);
    free(o->warn_flags);
    free(o->classes);
    free(o->old_include_dirs);
    free(o->new_include_dirs);
    free(o->allow);
}
