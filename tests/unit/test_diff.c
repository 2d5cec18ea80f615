/* mofc diff's rules in process (the golden pairs in tests/golden/diff
 * cover each rule through the command line), and the machine-readable
 * outputs it shares with check: JSON and SARIF read back with the tests'
 * JSON reader and checked against the structure their formats require
 * (no Debian package ships the SARIF 2.1.0 JSON schema; the keys and
 * values checked here are that schema's), and the GitHub annotations'
 * escaping. */
#include "codegen/tmpl_value.h"
#include "parser/mof_parse.h"
#include "schema/compare.h"
#include "tests/unit/json_read.h"
#include "tests/unit/mof_shapes.h"
#include "tests/unit/name_ops.h"
#include "common/strbuf.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static const char old_src[] =
    "[Version (\"1.0.0\")] class A {\n"
    "  [Key] string Id;\n"
    "  [MaxLen (64)] string Name;\n"
    "  [ValueMap {\"1\", \"2\"}, Values {\"On\", \"Off\"}] uint8 Power;\n"
    "  uint32 Gone;\n"
    "};\n";
static const char new_src[] =
    "[Version (\"1.0.0\")] class A {\n"
    "  [Key] string Id;\n"
    "  [MaxLen (32)] string Name;\n"
    "  [ValueMap {\"1\", \"2\", \"3\"}, Values {\"On\", \"Off\", \"50% \\\"on\\\"\"}] uint8 Power;\n"
    "  string Added;\n"
    "};\n";

/* What the latest diff() cost: name operations and malloc'd bytes. */
static size_t compare_ops, compare_bytes;

/* Both sides in one context, compared; the sink holds the changes. */
static void diff(mofc_ctx *ctx, const char *a, const char *b)
{
    mofc_ctx_init(ctx);
    ast_unit ua = {0}, ub = {0};
    mof_parse_memory(ctx, "old.mof", a, strlen(a), &ua);
    uint32_t old_file = 1, new_file = (uint32_t)ctx->sources.n;
    mof_parse_memory(ctx, "new.mof", b, strlen(b), &ub);
    schema_model *ma = schema_build(ctx, &ua), *mb = schema_build(ctx, &ub);
    assert_int_equal(ctx->diag.errors, 0);
    diag_clear(&ctx->diag);
    size_t ops = name_ops, bytes = alloc_bytes;
    schema_compare(&ctx->diag, ma, mb, old_file, new_file);
    compare_ops = name_ops - ops;
    compare_bytes = alloc_bytes - bytes;
    schema_free(ma);
    schema_free(mb);
}

static char *print(mofc_ctx *ctx, diag_format fmt)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    diag_print(&ctx->diag, f, fmt, false);
    fclose(f);
    return text;
}

static const tmpl_value *get(const tmpl_value *obj, const char *key)
{
    return tmpl_object_get(obj, key, strlen(key));
}

static const char *str(const tmpl_value *obj, const char *key)
{
    const tmpl_value *v = get(obj, key);
    assert_int_equal(tmpl_value_type(v), TMPL_STRING);
    return tmpl_value_string(v, NULL);
}

static double num(const tmpl_value *obj, const char *key)
{
    const tmpl_value *v = get(obj, key);
    assert_int_equal(tmpl_value_type(v), TMPL_NUMBER);
    return tmpl_value_number(v);
}

static bool one_of(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (!strcmp(s, *set))
            return true;
    return false;
}

/* Every key of obj is one of the allowed ones (the format's names). */
static void only_keys(const tmpl_value *obj, const char *const *allowed)
{
    assert_int_equal(tmpl_value_type(obj), TMPL_OBJECT);
    for (const tmpl_member *m = tmpl_value_first(obj); m; m = tmpl_member_next(m)) {
        const char *k = tmpl_member_key(m, NULL);
        if (!one_of(k, allowed))
            fail_msg("unexpected key '%s'", k);
    }
}

static const tmpl_value *parse_json(tmpl_tree *tree, const char *text)
{
    char err[128] = "";
    const tmpl_value *root = json_read(tree, text, strlen(text), err, sizeof err);
    if (!root)
        fail_msg("invalid JSON: %s\n%s", err, text);
    return root;
}

/* The example pair's changes in a machine-readable format, read back. */
typedef struct printed {
    mofc_ctx ctx;
    char *text;
    tmpl_tree *tree;
    const tmpl_value *root;
} printed;

static void print_parsed(printed *p, diag_format fmt)
{
    diff(&p->ctx, old_src, new_src);
    p->text = print(&p->ctx, fmt);
    p->tree = tmpl_tree_new();
    p->root = parse_json(p->tree, p->text);
}

static void printed_free(printed *p)
{
    tmpl_tree_free(p->tree);
    free(p->text);
    mofc_ctx_free(&p->ctx);
}

static void test_changes_found(void **state)
{
    (void)state;
    mofc_ctx ctx;
    diff(&ctx, old_src, new_src);
    const char *want[] = {"MOF4060", "MOF4506", "MOF4502", "MOF4002"};
    assert_int_equal(ctx.diag.n, 4);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(diag_code(ctx.diag.items[i].id), want[i]);
    assert_int_equal(ctx.diag.errors, 2);   /* the breaking ones */
    assert_int_equal(ctx.diag.notes, 2);
    /* A removal is located in OLD with a note into NEW. */
    assert_int_equal(ctx.diag.items[3].span.file, 1);
    assert_int_equal(ctx.diag.items[3].notes->span.file, 2);
    mofc_ctx_free(&ctx);
}

static void test_no_change(void **state)
{
    (void)state;
    mofc_ctx ctx;
    diff(&ctx, old_src, old_src);
    assert_int_equal(ctx.diag.n, 0);
    mofc_ctx_free(&ctx);
}

/* ---- cost linear in the declared features, counted, not timed ----------
 * A file against itself at n and 4n: name operations and bytes grow about
 * 4x (each class's flattened features rebuilt in a table grew 16x). */
static void diff_cost(void (*write)(strbuf *, size_t), size_t n, size_t *ops, size_t *bytes)
{
    strbuf src = STRBUF_INIT;
    write(&src, n);
    mofc_ctx ctx;
    diff(&ctx, src.data, src.data);
    assert_int_equal(ctx.diag.n, 0);
    *ops = compare_ops;
    *bytes = compare_bytes;
    mofc_ctx_free(&ctx);
    strbuf_free(&src);
}

static void test_linear(void **state)
{
    (void)state;
    struct {
        void (*write)(strbuf *, size_t);
        const char *what;
    } shapes[] = {{mof_shape_chain, "chain"},
                   {mof_shape_wide, "n keys, n subclasses"},
                   {mof_shape_overrides, "override chain"}};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        size_t ops1, bytes1, ops4, bytes4;
        diff_cost(shapes[i].write, 300, &ops1, &bytes1);
        diff_cost(shapes[i].write, 1200, &ops4, &bytes4);
        if (ops4 > 5 * ops1 || bytes4 > 5 * bytes1 + 65536)
            fail_msg("diff, %s: name operations %zu -> %zu, bytes %zu -> %zu for 4x the input",
                     shapes[i].what, ops1, ops4, bytes1, bytes4);
    }
}

static void test_json(void **state)
{
    (void)state;
    printed p;
    print_parsed(&p, DIAG_JSON);
    const tmpl_value *root = p.root;
    assert_int_equal(tmpl_value_type(root), TMPL_LIST);
    assert_int_equal(tmpl_value_count(root), 4);
    static const char *const keys[] = {"code", "severity", "class", "file", "line", "column",
                                       "end_line", "end_column", "message", "notes", NULL};
    static const char *const sevs[] = {"error", "warning", "note", NULL};
    static const char *const classes[] = {"breaking", "compatible", "info", "version", NULL};
    for (const tmpl_member *m = tmpl_value_first(root); m; m = tmpl_member_next(m)) {
        const tmpl_value *d = tmpl_member_value(m);
        only_keys(d, keys);
        assert_true(!strncmp(str(d, "code"), "MOF4", 4));
        assert_true(one_of(str(d, "severity"), sevs));
        assert_true(one_of(str(d, "class"), classes));
        assert_true(!strcmp(str(d, "severity"), "error") == !strcmp(str(d, "class"), "breaking"));
        assert_true(num(d, "line") >= 1 && num(d, "column") >= 1);
        assert_true(num(d, "end_line") >= num(d, "line"));
        assert_true(*str(d, "message"));
        const tmpl_value *notes = get(d, "notes");
        assert_int_equal(tmpl_value_count(notes), 1);
        const tmpl_value *n = tmpl_member_value(tmpl_value_first(notes));
        assert_true(!strcmp(str(n, "file"), "old.mof") || !strcmp(str(n, "file"), "new.mof"));
        assert_true(strcmp(str(n, "file"), str(d, "file")) != 0);   /* the other side */
        assert_true(num(n, "line") >= 1);
    }
    printed_free(&p);
}

/* SARIF 2.1.0: the properties its schema defines for each object used. */
static void sarif_location(const tmpl_value *loc, bool related)
{
    static const char *const keys[] = {"physicalLocation", "message", NULL};
    only_keys(loc, keys);
    const tmpl_value *pl = get(loc, "physicalLocation");
    static const char *const pl_keys[] = {"artifactLocation", "region", NULL};
    only_keys(pl, pl_keys);
    assert_true(*str(get(pl, "artifactLocation"), "uri"));
    const tmpl_value *r = get(pl, "region");
    static const char *const r_keys[] = {"startLine", "startColumn", "endLine", "endColumn", NULL};
    only_keys(r, r_keys);
    assert_true(num(r, "startLine") >= 1 && num(r, "startColumn") >= 1);
    assert_true(num(r, "endLine") >= num(r, "startLine") && num(r, "endColumn") >= 1);
    if (related)
        assert_true(*str(get(loc, "message"), "text"));
}

static void test_sarif(void **state)
{
    (void)state;
    printed p;
    print_parsed(&p, DIAG_SARIF);
    const tmpl_value *root = p.root;
    static const char *const root_keys[] = {"$schema", "version", "runs", NULL};
    only_keys(root, root_keys);
    assert_string_equal(str(root, "version"), "2.1.0");
    const tmpl_value *runs = get(root, "runs");
    assert_int_equal(tmpl_value_count(runs), 1);
    const tmpl_value *run = tmpl_member_value(tmpl_value_first(runs));
    static const char *const run_keys[] = {"tool", "results", NULL};
    only_keys(run, run_keys);
    const tmpl_value *driver = get(get(run, "tool"), "driver");
    static const char *const driver_keys[] = {"name", "version", "rules", NULL};
    only_keys(driver, driver_keys);
    assert_string_equal(str(driver, "name"), "mofc");
    const tmpl_value *rules = get(driver, "rules");
    const char *ids[16];
    size_t nrules = 0;
    static const char *const rule_keys[] = {"id", "name", "shortDescription", NULL};
    for (const tmpl_member *m = tmpl_value_first(rules); m && nrules < 16; m = tmpl_member_next(m)) {
        const tmpl_value *r = tmpl_member_value(m);
        only_keys(r, rule_keys);
        ids[nrules++] = str(r, "id");
        assert_true(*str(get(r, "shortDescription"), "text"));
    }
    assert_int_equal(nrules, 4);
    static const char *const result_keys[] = {"ruleId", "ruleIndex", "level", "message", "locations",
                                              "relatedLocations", "properties", NULL};
    static const char *const levels[] = {"none", "note", "warning", "error", NULL};
    size_t nresults = 0;
    for (const tmpl_member *m = tmpl_value_first(get(run, "results")); m; m = tmpl_member_next(m)) {
        const tmpl_value *res = tmpl_member_value(m);
        only_keys(res, result_keys);
        double idx = num(res, "ruleIndex");
        assert_true(idx >= 0 && idx < (double)nrules);
        assert_string_equal(ids[(size_t)idx], str(res, "ruleId"));
        assert_true(one_of(str(res, "level"), levels));
        assert_true(*str(get(res, "message"), "text"));
        assert_int_equal(tmpl_value_count(get(res, "locations")), 1);
        sarif_location(tmpl_member_value(tmpl_value_first(get(res, "locations"))), false);
        for (const tmpl_member *k = tmpl_value_first(get(res, "relatedLocations")); k; k = tmpl_member_next(k))
            sarif_location(tmpl_member_value(k), true);
        assert_int_equal(tmpl_value_type(get(get(res, "properties"), "class")), TMPL_STRING);
        nresults++;
    }
    assert_int_equal(nresults, 4);
    printed_free(&p);
}

/* GitHub workflow commands: %, CR and LF escaped in the message; also
 * ':' and ',' in properties. */
static void test_github_escaping(void **state)
{
    (void)state;
    mofc_ctx ctx;
    mofc_ctx_init(&ctx);
    const char src[] = "class A { };\n";
    ast_unit u = {0};
    mof_parse_memory(&ctx, "dir:a,b.mof", src, strlen(src), &u);
    mof_span at = {1, 6, 7};
    diagnostic *d = diag_report(&ctx.diag, DIAG_DIFF_CLASS_REMOVED, at, "100%% gone\r\nreally: yes, %s", "x");
    diag_add_note(&ctx.diag, d, at, "see: here");
    mof_span none = {0, 0, 0};
    diag_report(&ctx.diag, DIAG_DIFF_CLASS_ADDED, none, "no place");
    char *text = print(&ctx, DIAG_GITHUB);
    assert_string_equal(text,
                        "::error file=dir%3Aa%2Cb.mof,line=1,col=7,endLine=1,endColumn=8,"
                        "title=MOF4001 class-removed::100%25 gone%0D%0Areally: yes, x"
                        "%0Adir:a,b.mof:1:7: note: see: here\n"
                        "::notice title=MOF4501 class-added::no place\n");
    free(text);
    mofc_ctx_free(&ctx);
}

/* Which codes -Wno-/--allow may silence, and the Version rules' default. */
static void test_enabling(void **state)
{
    (void)state;
    diag_sink s;
    diag_init(&s, NULL);
    mof_span none = {0, 0, 0};
    assert_null(diag_report(&s, DIAG_DIFF_VERSION_MAJOR, none, "off by default"));
    assert_true(diag_set_enabled(&s, "version-major", true));
    assert_non_null(diag_report(&s, DIAG_DIFF_VERSION_MAJOR, none, "on"));
    assert_true(diag_allow(&s, "MOF4002"));
    assert_null(diag_report(&s, DIAG_DIFF_PROPERTY_REMOVED, none, "allowed"));
    assert_true(diag_allow(&s, "class-removed"));
    assert_null(diag_report(&s, DIAG_DIFF_CLASS_REMOVED, none, "allowed"));
    assert_false(diag_allow(&s, "MOF1020"));      /* not a diff code */
    assert_false(diag_allow(&s, "syntax"));
    assert_false(diag_set_enabled(&s, "syntax", false));
    /* -Wno- of a DIALECT rule silences its warning form only (a report
     * without a file counts as DMTF: an error; the WMI form is in
     * test_dialects.c). */
    assert_true(diag_set_enabled(&s, "unknown-qualifier", false));
    assert_non_null(diag_report(&s, DIAG_UNKNOWN_QUALIFIER, none, "DMTF: error"));
    assert_int_equal(s.errors, 2);
    diag_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_changes_found),
        cmocka_unit_test(test_no_change),
        cmocka_unit_test(test_linear),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_sarif),
        cmocka_unit_test(test_github_escaping),
        cmocka_unit_test(test_enabling),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
