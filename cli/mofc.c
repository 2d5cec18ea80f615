/* mofc: the thin driver. Options -> parse -> check -> generate; the exit
 * code is decided here and nowhere else: 0 no error, 1 errors in the
 * input, 2 usage or I/O errors. */
#include "cli/fmt_cmd.h"
#include "cli/options.h"
#include "codegen/export.h"
#include "codegen/gen.h"
#include "codegen/names.h"
#include "parser/mof_parse.h"
#include "schema/model.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: mofc check [options] FILE...\n"
    "       mofc gen -o OUTDIR [--name NAME] [--templates DIR] [--class CLASS]...\n"
    "                [-MD [-MF FILE]] [options] FILE...\n"
    "       mofc export -o FILE.xml [options] FILE...\n"
    "       mofc fmt [--check] [--diff] [-i] [options] FILE...\n"
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
    "\n"
    "Options:\n"
    "  -I DIR                also look for included files in DIR (repeatable)\n"
    "  --include-root=DIR    every #pragma include must resolve (after symbolic\n"
    "                        links and '..') inside DIR (repeatable); for CI runs\n"
    "                        on untrusted files\n"
    "  --dialect=auto|dmtf|wmi\n"
    "                        DSP0004 rules, Microsoft WMI rules, or decide per\n"
    "                        file from what it uses (default: auto)\n"
    "  --werror              treat warnings as errors\n"
    "  -W<name>, -Wno-<name> enable or disable a warning (see mofc(1))\n"
    "  --diagnostics-format=text|json|sarif\n"
    "                        text goes to standard error, json and sarif to\n"
    "                        standard output (default: text)\n"
    "  --max-errors=N        stop after N errors, 0 for no limit (default: 50)\n"
    "  --max-warnings=N      show at most N warnings, 0 for no limit (default: 1000)\n"
    "  --max-file-size=N, --max-name-length=N, --max-string-length=N,\n"
    "  --max-array-items=N, --max-include-depth=N, --max-nesting=N\n"
    "                        input limits (docs/limits.md); N may end in k, M or G\n"
    "  -q, --quiet           report errors only, no warnings or summary\n"
    "  --dump-ast            print the parsed tree to standard output\n"
    "  --dump-model          print the checked model to standard output\n"
    "  --stats               print files, bytes and memory used\n"
    "  -h, --help            show this help\n"
    "  --version             show the version\n"
    "\n"
    "gen options:\n"
    "  -o OUTDIR             where to write NAME.h and NAME.c\n"
    "  --name NAME           output name (default: the first input's base name)\n"
    "  --templates DIR       use the templates in DIR\n"
    "  --class CLASS         generate CLASS and what it needs only (repeatable)\n"
    "  -MD                   also write a make dependency file (OUTDIR/NAME.d)\n"
    "  -MF FILE              write the dependency file to FILE\n"
    "  --dump-template-model print the tree the templates see, as JSON\n"
    "\n"
    "Exit status: 0 no errors (warnings allowed), 1 errors in the input,\n"
    "2 usage or I/O errors.\n";

typedef enum command { CMD_CHECK, CMD_GEN, CMD_EXPORT } command;

static void print_stats(mofc_ctx *ctx)
{
    size_t text = 0;
    for (size_t i = 1; i < ctx->sources.n; i++)
        text += ctx->sources.files[i]->len;
    fprintf(stderr, "mofc: %zu files, %zu bytes of text, %zu bytes in the arena\n",
            ctx->sources.n ? ctx->sources.n - 1 : 0, text, ctx->arena.total);
}

static int run(command cmd, mofc_options *o)
{
    mofc_ctx ctx;
    mofc_ctx_init(&ctx);
    options_apply(o, &ctx);
    ast_unit unit = {0};
    bool read_ok = mof_parse_files(&ctx, (const char *const *)o->files, o->nfiles, &unit);
    if (o->dump_ast && ctx.diag.errors == 0)
        mof_ast_dump(&ctx, &unit, stdout);
    /* Validation needs a whole tree: after syntax errors it would mostly
     * report what the parser dropped. */
    schema_model *model = NULL;
    if (read_ok && ctx.diag.errors == 0) {
        model = schema_build(&ctx, &unit);
        if (o->dump_model)
            schema_dump(&ctx, model, stdout);
    }
    bool out_ok = true;
    if (model && ctx.diag.errors == 0 && cmd == CMD_GEN) {
        gen_options g = {
            {o->name ? o->name : c_output_name(&ctx.arena, o->files[0]),
             (const char *const *)o->files, o->nfiles, o->classes, o->nclasses},
            o->outdir, o->templates, o->depfile, o->dump_template_model};
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

int main(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (argc >= 2 && !strcmp(argv[1], "--version")) {
        printf("mofc %s\n", MOFC_VERSION);
        return 0;
    }
    if (argc < 2) {
        fputs(usage_text, stderr);
        return 2;
    }
    if (!strcmp(argv[1], "fmt"))
        return fmt_main(argc - 2, argv + 2, usage_text);
    command cmd;
    if (!strcmp(argv[1], "check"))
        cmd = CMD_CHECK;
    else if (!strcmp(argv[1], "gen"))
        cmd = CMD_GEN;
    else if (!strcmp(argv[1], "export"))
        cmd = CMD_EXPORT;
    else {
        fprintf(stderr, "mofc: unknown command '%s' (try 'mofc --help')\n", argv[1]);
        return 2;
    }
    mofc_options o;
    int rc = options_parse(&o, argc - 2, argv + 2);
    if (rc == OPT_OK && cmd != CMD_CHECK && !o.outdir && !o.dump_template_model) {
        fprintf(stderr, "mofc: %s needs -o %s (try 'mofc --help')\n", argv[1],
                cmd == CMD_GEN ? "OUTDIR" : "FILE");
        rc = OPT_USAGE;
    }
    if (rc == OPT_OK && o.name && !c_is_ident(o.name)) {
        fprintf(stderr, "mofc: --name needs a C identifier\n");
        rc = OPT_USAGE;
    }
    if (rc == OPT_HELP)
        fputs(usage_text, stdout);
    if (rc == OPT_OK)
        rc = run(cmd, &o);
    else
        rc = rc == OPT_HELP ? 0 : 2;
    options_free(&o);
    return rc;
}
