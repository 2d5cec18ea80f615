/* mofc: the thin driver. Options -> parse -> check -> generate; the exit
 * code is decided here and nowhere else: 0 no error, 1 errors in the
 * input, 2 usage or I/O errors. */
#include "cli/fmt_cmd.h"
#include "cli/options.h"
#include "codegen/export.h"
#include "codegen/gen.h"
#include "codegen/names.h"
#include "parser/mof_parse.h"
#include "schema/compare.h"
#include "schema/model.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* In two parts: ISO C asks a compiler to take string literals of 4095
 * characters only. */
static const char usage_text[] =
    "usage: mofc check [options] FILE...\n"
    "       mofc gen -o OUTDIR [--name NAME] [--templates DIR] [--class CLASS]...\n"
    "                [--skeleton]\n"
    "                [-MD [-MF FILE]] [options] FILE...\n"
    "       mofc export -o FILE.xml [options] FILE...\n"
    "       mofc fmt [--check] [--diff] [-i] [options] FILE...\n"
    "       mofc diff [--old-I DIR] [--new-I DIR] [--allow CODE[,CODE]] [options] OLD NEW\n"
    "       mofc --help | --version\n"
    "\n"
    "Commands:\n"
    "  check                 parse and validate MOF files, report problems\n"
    "  gen                   generate C (OUTDIR/NAME.h, OUTDIR/NAME.c) from the\n"
    "                        checked schema, through the templates\n"
    "  export                write the checked classes and instances as CIM-XML\n"
    "  fmt                   lay MOF files out in the canonical style (docs/fmt.md),\n"
    "                        keeping every comment, qualifier and value; the\n"
    "                        result goes to standard output unless:\n"
    "    --check             write nothing, name each file that would change,\n"
    "                        exit 1 if any would\n"
    "    --diff              print a unified diff of the changes\n"
    "    -i                  rewrite the files that change, in place\n"
    "  diff                  check OLD and NEW (top MOF files), then report each\n"
    "                        change between them: breaking, compatible or info\n"
    "                        (docs/diff.md); exit 1 when one breaks\n"
    "\n"
    "Options:\n"
    "  -I DIR                also look for included files in DIR (repeatable)\n"
    "  --include-root=DIR    every #pragma include must resolve (after symbolic\n"
    "                        links and '..') inside DIR (repeatable); for CI runs\n"
    "                        on untrusted files\n"
    "  --dialect=auto|dmtf|wmi|mi\n"
    "                        DSP0004 rules, Microsoft mofcomp's (WMI) or MI\n"
    "                        codec's (PowerShell DSC, OMI) rules, or decide per\n"
    "                        file from what it uses (default: auto)\n"
    "  --werror              treat warnings as errors\n"
    "  -W<name>, -Wno-<name> enable or disable a warning (see mofc(1))\n"
    "  --diagnostics-format=text|json|sarif|github\n"
    "                        text goes to standard error, json, sarif and\n"
    "                        github (Actions annotations) to standard output\n"
    "                        (default: text)\n"
    "  --max-errors=N        stop after N errors, 0 for no limit (default: 50)\n"
    "  --max-warnings=N      show at most N warnings, 0 for no limit (default: 1000)\n"
    "  --max-file-size=N, --max-name-length=N, --max-string-length=N,\n"
    "  --max-array-items=N, --max-include-depth=N, --max-nesting=N,\n"
    "  --max-embedded-expansion=N\n"
    "                        limits (docs/limits.md); N may end in k, M or G\n"
    "  -q, --quiet           report errors only, no warnings or summary\n"
    "  --dump-ast            print the parsed tree to standard output\n"
    "  --dump-model          print the checked model to standard output\n"
    "  --stats               print files, bytes and memory used\n"
    "  --jobs=N              1: no second thread to read included files\n"
    "  -h, --help            show this help\n"
    "  --version             show the version\n"
    "\n";
static const char usage_gen_text[] =
    "gen options:\n"
    "  -o OUTDIR             where to write NAME.h and NAME.c\n"
    "  --name NAME           output name (default: the first input's base name)\n"
    "  --templates DIR       use the templates in DIR\n"
    "  --class CLASS         generate CLASS and what it needs only (repeatable)\n"
    "  -MD                   also write a make dependency file (OUTDIR/NAME.d)\n"
    "  -MF FILE              write the dependency file to FILE\n"
    "  --skeleton            also write OUTDIR/NAME_provider.c (provider stubs)\n"
    "  --dump-template-model print the tree the templates see, as JSON\n"
    "  --jobs=N              2: render classes on a second thread\n"
    "\n"
    "diff options:\n"
    "  --old-I DIR, --new-I DIR\n"
    "                        include folder for OLD or NEW only (-I: both)\n"
    "  --allow CODE[,CODE]   accept these changes (code or name, e.g. MOF4002 or\n"
    "                        property-removed; -Wno-<name> too)\n"
    "  -Wversion-major, -Wversion-minor\n"
    "                        report a class whose Version did not follow its\n"
    "                        changes (off by default)\n"
    "\n"
    "Exit status: 0 no errors (warnings allowed), 1 errors in the input,\n"
    "2 usage or I/O errors. diff: 0 no breaking change, 1 at least one,\n"
    "2 usage or I/O errors or either side does not check.\n";

static void usage(FILE *f)
{
    fputs(usage_text, f);
    fputs(usage_gen_text, f);
}

typedef enum command { CMD_CHECK, CMD_GEN, CMD_EXPORT, CMD_DIFF } command;

static void print_stats(mofc_ctx *ctx)
{
    size_t text = 0;
    for (size_t i = 1; i < ctx->sources.n; i++)
        text += ctx->sources.files[i]->len;
    fprintf(stderr, "mofc: %zu files, %zu bytes of text, %zu bytes in the arena (%zu used)\n",
            ctx->sources.n ? ctx->sources.n - 1 : 0, text, ctx->arena.total, ctx->arena.used);
    for (size_t i = 1; i < ctx->sources.n; i++) {
        source_file *f = ctx->sources.files[i];
        if (f->dialect == DIALECT_AUTO)      /* not read (decoding error) */
            continue;
        fprintf(stderr, "mofc: %s: %s", f->path, dialect_title(f->dialect));
        if (!f->dialect_why) {
            fprintf(stderr, " (--dialect=%s)\n", dialect_flag(ctx->dialect));
            continue;
        }
        const char *why = f->dialect_why;
        source_file *at = source_get(&ctx->sources, f->dialect_at.file);
        if (at) {
            src_pos p = source_pos(at, f->dialect_at.start);
            fprintf(stderr, " (%s, %s:%u:%u)\n", why, at->path, p.line, p.col);
        } else {
            fprintf(stderr, " (%s)\n", why);
        }
    }
}

static void build_item(void *b, const ast_item *item, bool kept) { schema_build_item(b, item, kept); }

static int run(command cmd, mofc_options *o)
{
    mofc_ctx ctx;
    mofc_ctx_init(&ctx);
    options_apply(o, &ctx);
    /* Validation needs a whole tree (see mof_parse_tree_whole); a bad
     * escape or number does not hide the schema's other problems. */
    schema_model *model = NULL;
    bool read_ok, whole;
    if (!o->dump_ast && !o->dump_model) {
        /* File by file: a parse tree costs one file at a time. Only the
         * emitters write Descriptions. */
        schema_builder *b = schema_build_begin(&ctx, cmd != CMD_CHECK);
        read_ok = mof_parse_files_each(&ctx, (const char *const *)o->files, o->nfiles, build_item, b);
        whole = mof_parse_tree_whole(&ctx);
        model = schema_build_end(b, read_ok && whole);
    } else {
        ast_unit unit = {0};
        read_ok = mof_parse_files(&ctx, (const char *const *)o->files, o->nfiles, &unit);
        whole = mof_parse_tree_whole(&ctx);
        if (o->dump_ast && whole)
            mof_ast_dump(&ctx, &unit, stdout);
        if (read_ok && whole) {
            model = schema_build(&ctx, &unit);
            if (o->dump_model)
                schema_dump(&ctx, model, stdout);
        }
    }
    bool out_ok = true;
    if (model && ctx.diag.errors == 0 && cmd == CMD_GEN) {
        gen_options g = {
            {o->name ? o->name : c_output_name(&ctx.arena, o->files[0]),
             (const char *const *)o->files, o->nfiles, o->classes, o->nclasses},
            o->outdir, o->templates, o->depfile, o->dump_template_model, o->skeleton,
            o->jobs > 2 ? 2 : (unsigned)o->jobs};
        if (o->md && !g.depfile)
            g.depfile = arena_printf(&ctx.arena, "%s/%s.d", o->outdir, g.req.name);
        out_ok = gen_run(&ctx, model, &g);
    }
    if (model && ctx.diag.errors == 0 && cmd == CMD_EXPORT)
        out_ok = export_cimxml(&ctx, model, o->outdir);
    diag_print(&ctx.diag, o->format == DIAG_TEXT ? stderr : stdout, o->format, o->quiet);
    if (o->stats)
        print_stats(&ctx);
    bool output_error = false;
    for (size_t i = 0; i < ctx.diag.n; i++)
        output_error |= ctx.diag.items[i].id == DIAG_GEN_OUTPUT;
    int rc = !read_ok || output_error ? 2 : ctx.diag.errors || !out_ok ? 1 : 0;
    schema_free(model);
    mofc_ctx_free(&ctx);
    return rc;
}

/* Reads and checks one side of a diff with its include folders: its own
 * (--old-I / --new-I) first, then -I. NULL when it does not check. */
static schema_model *diff_side(mofc_ctx *ctx, const mofc_options *o, bool old, uint32_t *top, bool *read_ok)
{
    const char **side = old ? o->old_include_dirs : o->new_include_dirs;
    size_t nside = old ? o->nold_include_dirs : o->nnew_include_dirs;
    const char **dirs = arena_alloc(&ctx->arena, (nside + o->ninclude_dirs + 1) * sizeof *dirs);
    for (size_t i = 0; i < nside; i++)
        dirs[i] = side[i];
    for (size_t i = 0; i < o->ninclude_dirs; i++)
        dirs[nside + i] = o->include_dirs[i];
    ctx->include_dirs = dirs;
    ctx->ninclude_dirs = nside + o->ninclude_dirs;
    *top = ctx->sources.n ? (uint32_t)ctx->sources.n : 1;   /* the next file's id */
    ast_unit unit = {0};
    size_t errors = ctx->diag.errors;
    *read_ok = mof_parse_files(ctx, (const char *const *)&o->files[old ? 0 : 1], 1, &unit) && *read_ok;
    if (!*read_ok || ctx->diag.errors > errors)
        return NULL;
    schema_model *m = schema_build(ctx, &unit);
    if (ctx->diag.errors == errors)
        return m;
    schema_free(m);
    return NULL;
}

/* The last line of diff's text output: the changes by class. */
static void diff_summary(const diag_sink *s, FILE *out)
{
    size_t breaking = 0, compatible = 0, info = 0, version = 0;
    for (size_t i = 0; i < s->n; i++) {
        const char *cls = diag_change_class(s->items[i].id);
        breaking += cls && !strcmp(cls, "breaking");
        compatible += cls && !strcmp(cls, "compatible");
        info += cls && !strcmp(cls, "info");
        version += cls && !strcmp(cls, "version");
    }
    fprintf(out, "%zu breaking, %zu compatible, %zu info change%s", breaking, compatible, info,
            breaking + compatible + info == 1 ? "" : "s");
    if (version)
        fprintf(out, "; %zu Version qualifier%s not raised", version, version == 1 ? "" : "s");
    fputs(".\n", out);
}

static int run_diff(mofc_options *o)
{
    mofc_ctx ctx;
    mofc_ctx_init(&ctx);
    options_apply(o, &ctx);
    if (!o->max_errors_set)
        ctx.diag.max_errors = 0;   /* every change of a big release */
    ctx.diag.own_summary = true;
    FILE *out = o->format == DIAG_TEXT ? stderr : stdout;
    bool read_ok = true;
    uint32_t old_top, new_top;
    schema_model *old_m = diff_side(&ctx, o, true, &old_top, &read_ok);
    schema_model *new_m = diff_side(&ctx, o, false, &new_top, &read_ok);
    int rc;
    if (!old_m || !new_m) {
        diag_print(&ctx.diag, out, o->format, o->quiet);
        if (!old_m && !new_m)
            fprintf(stderr, "mofc: diff: neither %s nor %s checks, nothing compared\n", o->files[0], o->files[1]);
        else
            fprintf(stderr, "mofc: diff: %s does not check, nothing compared\n", !old_m ? o->files[0] : o->files[1]);
        rc = 2;
    } else {
        diag_clear(&ctx.diag);   /* each side's warnings belong to `mofc check` */
        schema_compare(&ctx.diag, old_m, new_m, old_top, new_top);
        diag_print(&ctx.diag, out, o->format, o->quiet);
        if (o->format == DIAG_TEXT && !o->quiet)
            diff_summary(&ctx.diag, out);
        rc = ctx.diag.errors ? 1 : 0;
    }
    schema_free(old_m);
    schema_free(new_m);
    mofc_ctx_free(&ctx);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return 0;
    }
    if (argc >= 2 && !strcmp(argv[1], "--version")) {
        printf("mofc %s\n", MOFC_VERSION);
        return 0;
    }
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "fmt"))
        return fmt_main(argc - 2, argv + 2, usage);
    command cmd;
    if (!strcmp(argv[1], "check"))
        cmd = CMD_CHECK;
    else if (!strcmp(argv[1], "gen"))
        cmd = CMD_GEN;
    else if (!strcmp(argv[1], "export"))
        cmd = CMD_EXPORT;
    else if (!strcmp(argv[1], "diff"))
        cmd = CMD_DIFF;
    else {
        fprintf(stderr, "mofc: unknown command '%s' (try 'mofc --help')\n", argv[1]);
        return 2;
    }
    mofc_options o;
    int rc = options_parse(&o, argc - 2, argv + 2);
    if (rc == OPT_OK && cmd == CMD_DIFF && o.nfiles != 2) {
        fprintf(stderr, "mofc: diff needs two files, OLD and NEW (try 'mofc --help')\n");
        rc = OPT_USAGE;
    }
    /* An option another command reads would be ignored: say so instead. */
    if (rc == OPT_OK && cmd == CMD_DIFF &&
        (o.outdir || o.name || o.templates || o.nclasses || o.md || o.depfile || o.dump_template_model ||
         o.dump_ast || o.dump_model)) {
        fprintf(stderr, "mofc: diff takes no gen, export or dump options (try 'mofc --help')\n");
        rc = OPT_USAGE;
    }
    if (rc == OPT_OK && cmd != CMD_DIFF && (o.nold_include_dirs || o.nnew_include_dirs || o.nallow)) {
        fprintf(stderr, "mofc: --old-I, --new-I and --allow are options of mofc diff (try 'mofc --help')\n");
        rc = OPT_USAGE;
    }
    if (rc == OPT_OK && (cmd == CMD_GEN || cmd == CMD_EXPORT) && !o.outdir && !o.dump_template_model) {
        fprintf(stderr, "mofc: %s needs -o %s (try 'mofc --help')\n", argv[1],
                cmd == CMD_GEN ? "OUTDIR" : "FILE");
        rc = OPT_USAGE;
    }
    if (rc == OPT_OK && o.name && !c_is_ident(o.name)) {
        fprintf(stderr, "mofc: --name needs a C identifier\n");
        rc = OPT_USAGE;
    }
    if (rc == OPT_HELP)
        usage(stdout);
    if (rc == OPT_OK)
        rc = cmd == CMD_DIFF ? run_diff(&o) : run(cmd, &o);
    else
        rc = rc == OPT_HELP ? 0 : 2;
    options_free(&o);
    return rc;
}
