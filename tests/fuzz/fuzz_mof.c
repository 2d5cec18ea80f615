/* Fuzz harness: the MOF front end, as `mofc check` runs it on one file:
 * decode (UTF-8/UTF-16), lex, parse, then (when the parse is clean) build
 * and check the schema model; the AST and model dumps and the diagnostics
 * (text, JSON or SARIF, chosen by the input's size) are written to
 * /dev/null so their code runs too.
 *
 * Includes resolve against the buffer's folder: it is named inside a folder
 * that does not exist, so only absolute paths can reach real files. */
#include "tests/fuzz/fuzz.h"
#include "parser/mof_parse.h"
#include "schema/model.h"
#include <stdio.h>
#include <stdlib.h>

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    devnull = fopen("/dev/null", "w");
    if (!devnull)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mofc_ctx ctx;
    mofc_ctx_init(&ctx);
    ast_unit unit = {0};
    mof_parse_memory(&ctx, "/nonexistent-mofc-fuzz/fuzz.mof", data, size, &unit);
    schema_model *m = NULL;
    if (mof_parse_tree_whole(&ctx)) {   /* as mofc check: past lexical errors too */
        mof_ast_dump(&ctx, &unit, devnull);
        m = schema_build(&ctx, &unit);
        FUZZ_ASSERT(m != NULL);
        schema_dump(&ctx, m, devnull);
    }
    static const diag_format formats[] = {DIAG_TEXT, DIAG_JSON, DIAG_SARIF};
    diag_print(&ctx.diag, devnull, formats[size % 3], false);
    schema_free(m);
    mofc_ctx_free(&ctx);
    return 0;
}
