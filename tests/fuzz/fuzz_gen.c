/* Fuzz harness: the code generator on the checked model, as `mofc gen`
 * runs it but in memory: a MOF buffer that parses and checks clean is
 * turned into the template model (gen_model_build) and rendered through
 * the real templates of templates/ (read once, from the current folder:
 * make check and make fuzz run from the repository root), strictly, with
 * escaping off. Invariants: a checked model always yields a tree, and the
 * shipped templates always render it (a failure there is a generator bug,
 * not a bad input) to a non-empty header and source. */
#include "tests/fuzz/fuzz.h"
#include "codegen/gen_model.h"
#include "codegen/tmpl.h"
#include "parser/mof_parse.h"
#include "schema/model.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {"header.h", "source.c", "enum_decl", "enum_def", "doc"};
enum { NTEMPLATES = sizeof names / sizeof names[0] };
static char *texts[NTEMPLATES];
static tmpl_template *compiled[2];

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "fuzz_gen: cannot read %s (run from the repository root)\n", path);
        abort();
    }
    size_t cap = 65536, n = 0, k;
    char *s = malloc(cap);
    while (s && (k = fread(s + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (n + 1 == cap)
            s = realloc(s, cap *= 2);
    }
    fclose(f);
    if (!s)
        abort();
    s[n] = '\0';
    return s;
}

static const char *partial(void *user, const char *name)
{
    (void)user;
    for (size_t i = 0; i < NTEMPLATES; i++)
        if (!strcmp(names[i], name))
            return texts[i];
    return NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    for (size_t i = 0; i < NTEMPLATES; i++) {
        char path[256];
        snprintf(path, sizeof path, "templates/%s.mustache", names[i]);
        texts[i] = slurp(path);
    }
    for (size_t i = 0; i < 2; i++) {
        tmpl_error e;
        compiled[i] = tmpl_compile(names[i], texts[i], strlen(texts[i]), &e);
        if (!compiled[i]) {
            fprintf(stderr, "fuzz_gen: %s: %s\n", names[i], e.message);
            abort();
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!compiled[0])
        LLVMFuzzerInitialize(NULL, NULL);
    mofc_ctx ctx;
    mofc_ctx_init(&ctx);
    ast_unit unit = {0};
    mof_parse_memory(&ctx, "/nonexistent-mofc-fuzz/gen.mof", data, size, &unit);
    schema_model *m = NULL;
    if (ctx.diag.errors == 0)
        m = schema_build(&ctx, &unit);
    if (m && ctx.diag.errors == 0) {
        const char *inputs[] = {"gen.mof"};
        gen_request req = {"fuzz", inputs, 1, NULL, 0};
        tmpl_tree *tree = gen_model_build(&ctx, m, &req);
        if (tree) {
            FUZZ_ASSERT(!tmpl_tree_failed(tree));
            tmpl_options opts = {TMPL_ESCAPE_NONE, TMPL_STRICT, partial, NULL, 0};
            tmpl_env *env = tmpl_env_new(&opts);
            for (size_t i = 0; i < 2; i++) {
                tmpl_buf out;
                tmpl_buf_init(&out);
                tmpl_error e;
                bool ok = tmpl_render(env, compiled[i], tmpl_tree_root(tree), &out, &e);
                if (!ok)
                    fprintf(stderr, "fuzz_gen: %s:%d:%d: %s\n", e.template_name, e.line, e.column,
                            e.message);
                FUZZ_ASSERT(ok && out.len > 0 && !out.failed);
                tmpl_buf_free(&out);
            }
            tmpl_env_free(env);
            tmpl_tree_free(tree);
        } else {
            FUZZ_ASSERT(ctx.diag.errors > 0);   /* nothing to generate is reported */
        }
    }
    schema_free(m);
    mofc_ctx_free(&ctx);
    return 0;
}
