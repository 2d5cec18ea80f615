/* Fuzz harness: mofc fmt's promises on any input that parses. The input is
 * parsed alone (as mofc fmt does, includes not followed); when it parses
 * without error, formatting must succeed (mof_format checks itself that
 * the output keeps every token and comment), the output must parse
 * without error to the same tree (the AST dumps without locations are
 * compared), and formatting the output must give it back unchanged. */
#include "tests/fuzz/fuzz.h"
#include "format/format.h"
#include "parser/mof_parse.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

/* The tree's dump without the <file:line:col> locations. */
static char *tree(mofc_ctx *ctx, const ast_unit *unit)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    FUZZ_ASSERT(f != NULL);
    mof_ast_dump(ctx, unit, f);
    fclose(f);
    char *w = buf;
    for (char *r = buf; *r; r++) {
        if (*r == '<') {
            while (*r && *r != '>')
                r++;
            if (!*r)
                break;
            continue;
        }
        *w++ = *r;
    }
    *w = '\0';
    return buf;
}

/* Parses and formats data; false when it does not parse cleanly. */
static bool format(const void *data, size_t size, strbuf *out, char **dump)
{
    mofc_ctx ctx;
    mofc_ctx_init(&ctx);
    ast_unit unit = {0};
    mof_parse_alone(&ctx, "fuzz.mof", data, size, &unit);
    bool ok = ctx.diag.errors == 0 && ctx.sources.n == 2;
    if (ok) {
        const source_file *f = ctx.sources.files[1];
        size_t where;
        FUZZ_ASSERT(mof_format(f->text, f->len, unit.items, unit.n, out, &where));
        *dump = tree(&ctx, &unit);
    }
    mofc_ctx_free(&ctx);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    strbuf once = STRBUF_INIT, twice = STRBUF_INIT;
    char *tree1 = NULL, *tree2 = NULL;
    if (format(data, size, &once, &tree1)) {
        FUZZ_ASSERT(format(once.data ? once.data : "", once.len, &twice, &tree2));
        FUZZ_ASSERT(!strcmp(tree1, tree2));
        FUZZ_ASSERT(once.len == twice.len && (!once.len || !memcmp(once.data, twice.data, once.len)));
    }
    free(tree1);
    free(tree2);
    strbuf_free(&once);
    strbuf_free(&twice);
    return 0;
}
