/* mofc: the thin driver. Options -> parse -> check -> generate; the exit
 * code is decided here and nowhere else: 0 no error, 1 errors in the
 * input, 2 usage or I/O errors. */
#include "cli/options.h"
#include "parser/mof_parse.h"
#include "schema/model.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: mofc check [options] FILE...\n"
    "       mofc --help | --version\n"
    "\n"
    "Commands:\n"
    "  check                 parse and validate MOF files, report problems\n"
    "\n"
    "Options:\n"
    "  -I DIR                also look for included files in DIR (repeatable)\n"
    "  --dialect=auto|dmtf|wmi\n"
    "                        DSP0004 rules, Microsoft WMI rules, or decide per\n"
    "                        file from what it uses (default: auto)\n"
    "  --werror              treat warnings as errors\n"
    "  -W<name>, -Wno-<name> enable or disable a warning (see mofc(1))\n"
    "  --diagnostics-format=text|json|sarif\n"
    "                        text goes to standard error, json and sarif to\n"
    "                        standard output (default: text)\n"
    "  --max-errors=N        stop after N errors, 0 for no limit (default: 50)\n"
    "  -q, --quiet           report errors only, no warnings or summary\n"
    "  --dump-ast            print the parsed tree to standard output\n"
    "  --dump-model          print the checked model to standard output\n"
    "  -h, --help            show this help\n"
    "  --version             show the version\n"
    "\n"
    "Exit status: 0 no errors (warnings allowed), 1 errors in the input,\n"
    "2 usage or I/O errors.\n";

static int cmd_check(mofc_options *o)
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
    diag_print(&ctx.diag, o->format == DIAG_TEXT ? stderr : stdout, o->format, o->quiet);
    int rc = !read_ok ? 2 : ctx.diag.errors ? 1 : 0;
    if (o->stats) {
        size_t text = 0;
        for (size_t i = 1; i < ctx.sources.n; i++)
            text += ctx.sources.files[i]->len;
        fprintf(stderr, "mofc: %zu files, %zu bytes of text, %zu bytes in the arena\n",
                ctx.sources.n ? ctx.sources.n - 1 : 0, text, ctx.arena.total);
    }
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
    mofc_options o;
    const char *cmd = argv[1];
    if (strcmp(cmd, "check") != 0) {
        fprintf(stderr, "mofc: unknown command '%s' (try 'mofc --help')\n", cmd);
        return 2;
    }
    int rc = options_parse(&o, argc - 2, argv + 2);
    if (rc == OPT_HELP) {
        fputs(usage_text, stdout);
        options_free(&o);
        return 0;
    }
    if (rc != OPT_OK) {
        options_free(&o);
        return 2;
    }
    rc = cmd_check(&o);
    options_free(&o);
    return rc;
}
