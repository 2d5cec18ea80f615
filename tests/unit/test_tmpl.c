/* Tests of the template engine: the Mustache spec's own cases, then
 * mofc's additions (escape modes, strict mode, errors, limits, JSON). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codegen/gen_meta.h"
#include "codegen/names.h"
#include "codegen/tmpl.h"
#include "tests/unit/json_read.h"

/* ---- Helpers ------------------------------------------------------------------ */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    tmpl_buf b;
    tmpl_buf_init(&b);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        tmpl_buf_append(&b, chunk, n);
    fclose(f);
    if (!b.data)
        tmpl_buf_append(&b, "", 0);
    *len = b.len;
    return b.data;
}

static const char *get_str(const tmpl_value *obj, const char *key)
{
    return tmpl_value_string(tmpl_object_get(obj, key, strlen(key)), NULL);
}

/* Partial callback for the spec: names looked up in the case's object. */
static const char *spec_partial(void *user, const char *name)
{
    return tmpl_value_string(tmpl_object_get(user, name, strlen(name)), NULL);
}

/* Prints s with control characters visible. */
static void show(const char *label, const char *s)
{
    printf("    %-9s \"", label);
    for (; s && *s; s++) {
        if (*s == '\n')
            printf("\\n");
        else if (*s == '\r')
            printf("\\r");
        else if (*s == '\t')
            printf("\\t");
        else
            putchar(*s);
    }
    printf("\"\n");
}

static void show_diff(const char *name, const char *tmpl, const char *want, const char *got)
{
    size_t i = 0;
    while (want[i] && want[i] == got[i])
        i++;
    printf("  FAIL %s (first difference at byte %zu)\n", name, i);
    show("template", tmpl);
    show("expected", want);
    show("got", got);
}

/* Runs one spec case; true if it passes (prints why not otherwise). */
static bool run_case(const tmpl_value *tc)
{
    const char *name = get_str(tc, "name");
    const char *text = get_str(tc, "template");
    const char *want = get_str(tc, "expected");
    if (!name || !text || !want) {
        printf("  FAIL malformed case %s\n", name ? name : "?");
        return false;
    }
    tmpl_options opts = {.escape = TMPL_ESCAPE_HTML, .partial = spec_partial,
                         .partial_user = (void *)tmpl_object_get(tc, "partials", 8)};
    tmpl_error err;
    tmpl_buf out;
    tmpl_buf_init(&out);
    bool ok = tmpl_render_string(text, strlen(text), tmpl_object_get(tc, "data", 4), &opts, &out,
                                 &err);
    bool pass = ok && strcmp(out.data ? out.data : "", want) == 0;
    if (!ok) {
        char msg[512];
        tmpl_error_format(&err, msg, sizeof msg);
        printf("  FAIL %s: error %s\n", name, msg);
    } else if (!pass) {
        show_diff(name, text, want, out.data ? out.data : "");
    }
    tmpl_buf_free(&out);
    return pass;
}

static void run_spec_file(const char *file)
{
    const char *shared = getenv("SHARED");
    char path[4096];
    snprintf(path, sizeof path, "%s/reference/mustache-spec/%s", shared ? shared : "../shared",
             file);
    size_t len = 0;
    char *text = read_file(path, &len);
    if (!text)
        fail_msg("cannot read %s (set SHARED to the shared folder)", path);
    tmpl_tree *tree = tmpl_tree_new();
    char err[128];
    tmpl_value *root = json_read(tree, text, len, err, sizeof err);
    free(text);
    if (!root) {
        tmpl_tree_free(tree);
        fail_msg("%s: %s", path, err);
    }
    const tmpl_value *tests = tmpl_object_get(root, "tests", 5);
    int total = 0, passed = 0;
    for (const tmpl_member *m = tmpl_value_first(tests); m; m = tmpl_member_next(m)) {
        total++;
        passed += run_case(tmpl_member_value(m));
    }
    printf("spec %s: %d/%d passed\n", file, passed, total);
    tmpl_tree_free(tree);
    assert_true(total > 0);
    assert_int_equal(passed, total);
}

static void spec_comments(void **s) { (void)s; run_spec_file("comments.json"); }
static void spec_delimiters(void **s) { (void)s; run_spec_file("delimiters.json"); }
static void spec_interpolation(void **s) { (void)s; run_spec_file("interpolation.json"); }
static void spec_inverted(void **s) { (void)s; run_spec_file("inverted.json"); }
static void spec_partials(void **s) { (void)s; run_spec_file("partials.json"); }
static void spec_sections(void **s) { (void)s; run_spec_file("sections.json"); }
static void spec_dynamic_names(void **s) { (void)s; run_spec_file("~dynamic-names.json"); }

static void spec_lambdas(void **s)
{
    (void)s;
    printf("spec ~lambdas.json: skipped (optional, not supported)\n");
    skip();
}

static void spec_inheritance(void **s)
{
    (void)s;
    printf("spec ~inheritance.json: skipped (optional, not supported)\n");
    skip();
}

/* Renders text with data given as JSON; returns the output (static
 * buffer) or NULL on error, with err filled. */
typedef struct fixture {
    const char *partial_names[4];
    const char *partial_texts[4];
} fixture;

static const char *fixture_partial(void *user, const char *name)
{
    const fixture *fx = user;
    for (int i = 0; i < 4 && fx->partial_names[i]; i++)
        if (strcmp(fx->partial_names[i], name) == 0)
            return fx->partial_texts[i];
    return NULL;
}

static char *render(const char *text, const char *json, tmpl_escape esc, unsigned flags,
                    const fixture *fx, tmpl_error *err)
{
    tmpl_tree *tree = tmpl_tree_new();
    char jerr[128];
    tmpl_value *data = json_read(tree, json, strlen(json), jerr, sizeof jerr);
    assert_non_null(data);
    tmpl_options opts = {.escape = esc, .flags = flags, .partial = fx ? fixture_partial : NULL,
                         .partial_user = (void *)fx};
    tmpl_template *t = tmpl_compile("test.tmpl", text, strlen(text), err);
    char *result = NULL;
    if (t) {
        tmpl_env *env = tmpl_env_new(&opts);
        tmpl_buf out;
        tmpl_buf_init(&out);
        if (tmpl_render(env, t, data, &out, err)) {
            tmpl_buf_append(&out, "", 0);
            result = out.data;
        } else {
            tmpl_buf_free(&out);
        }
        tmpl_env_free(env);
        tmpl_template_free(t);
    }
    tmpl_tree_free(tree);
    return result;
}

static void expect_render(const char *text, const char *json, tmpl_escape esc, unsigned flags,
                          const char *want)
{
    tmpl_error err;
    char *got = render(text, json, esc, flags, NULL, &err);
    if (!got)
        fail_msg("unexpected error: %s", err.message);
    assert_string_equal(got, want);
    free(got);
}

static void expect_error(const char *text, const char *json, unsigned flags, const fixture *fx,
                         const char *name, int line, int col, const char *msg)
{
    tmpl_error err;
    memset(&err, 0, sizeof err);
    char *got = render(text, json, TMPL_ESCAPE_NONE, flags, fx, &err);
    if (got) {
        printf("unexpected success: \"%s\"\n", got);
        free(got);
        fail();
    }
    assert_string_equal(err.message, msg);
    assert_string_equal(err.template_name, name);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, col);
}

/* ---- Escaping ------------------------------------------------------------------------ */

static void test_escape_modes(void **s)
{
    (void)s;
    const char *json = "{\"x\": \"<a href=\\\"u\\\">&'</a>\"}";
    expect_render("{{x}}", json, TMPL_ESCAPE_HTML, 0, "&lt;a href=&quot;u&quot;&gt;&amp;&#39;&lt;/a&gt;");
    expect_render("{{x}}", json, TMPL_ESCAPE_NONE, 0, "<a href=\"u\">&'</a>");
    expect_render("{{{x}}}|{{&x}}", json, TMPL_ESCAPE_HTML, 0, "<a href=\"u\">&'</a>|<a href=\"u\">&'</a>");
    /* Template text itself is never escaped. */
    expect_render("a < b && {{y}}", "{\"y\": \"c\"}", TMPL_ESCAPE_HTML, 0, "a < b && c");
}

static void test_values_render(void **s)
{
    (void)s;
    expect_render("{{t}} {{f}} {{n}} [{{z}}] {{i}} {{d}}",
                  "{\"t\": true, \"f\": false, \"n\": null, \"z\": \"\", \"i\": -3, \"d\": 0.25}",
                  TMPL_ESCAPE_NONE, 0, "true false  [] -3 0.25");
    /* Falsy: null, false, "", []; truthy: 0 and {}. */
    expect_render("{{#n}}1{{/n}}{{#f}}2{{/f}}{{#z}}3{{/z}}{{#e}}4{{/e}}{{#o}}5{{/o}}{{#zero}}6{{/zero}}",
                  "{\"n\": null, \"f\": false, \"z\": \"\", \"e\": [], \"o\": {}, \"zero\": 0}",
                  TMPL_ESCAPE_NONE, 0, "56");
    expect_render("{{^n}}1{{/n}}{{^z}}3{{/z}}{{^e}}4{{/e}}{{^o}}5{{/o}}",
                  "{\"n\": null, \"z\": \"\", \"e\": [], \"o\": {}}", TMPL_ESCAPE_NONE, 0, "134");
}

static void test_nested_partial_indent(void **s)
{
    (void)s;
    fixture fx = {{"outer", "inner"}, {"{\n  {{>inner}}\n}\n", "int {{name}};\nchar c;\n"}};
    tmpl_error err;
    char *got = render("struct {\n    {{>outer}}\n};\n", "{\"name\": \"x\"}", TMPL_ESCAPE_NONE, 0,
                       &fx, &err);
    assert_non_null(got);
    assert_string_equal(got, "struct {\n    {\n      int x;\n      char c;\n    }\n};\n");
    free(got);
}

/* A line's indentation goes where the line starts, also when what starts
 * it makes no op of its own: a comment or delimiter tag (first on its line,
 * not standalone), a section end (not standalone) and the template's end
 * after a comment. The text before a tag is the tag op's own text. */
static void test_indent_line_starts(void **s)
{
    (void)s;
    fixture fx = {{"p"},
                  {"{{! c }}{{a}}\n{{=<% %>=}}<%a%><%={{ }}=%>!\n{{#l}}\n{{a}}\n{{/l}}x\n"
                   "{{! c }}{{! d }}"}};
    tmpl_error err;
    char *got = render("  {{>p}}\n", "{\"a\": \"A\", \"l\": [{\"a\": \"x0\"}, {\"a\": \"x1\"}]}",
                       TMPL_ESCAPE_NONE, 0, &fx, &err);
    assert_non_null(got);
    assert_string_equal(got, "  A\n  A!\n  x0\n    x1\n  x\n  ");
    free(got);
}

/* A step is a tag with the text before it on its line, or a text run:
 * "a{{x}}b{{y}}" is two, "\n" one, the section one and its body one an
 * item, "d" one: 7 in all. */
static void test_render_steps(void **s)
{
    (void)s;
    const char *text = "a{{x}}b{{y}}\n{{#l}}c{{.}}{{/l}}d";
    tmpl_tree *tree = tmpl_tree_new();
    tmpl_value *root = tmpl_new_object(tree);
    tmpl_object_set_string(root, "x", "X");
    tmpl_object_set_string(root, "y", "Y");
    tmpl_value *l = tmpl_object_set_list(root, "l");
    tmpl_list_append_number(l, 1);
    tmpl_list_append_number(l, 2);
    for (unsigned long max = 6; max <= 7; max++) {
        tmpl_options opts = {.escape = TMPL_ESCAPE_NONE, .max_steps = max};
        tmpl_buf out;
        tmpl_buf_init(&out);
        tmpl_error err;
        bool ok = tmpl_render_string(text, strlen(text), root, &opts, &out, &err);
        if (max == 7) {
            assert_true(ok);
            assert_string_equal(out.data, "aXbY\nc1c2d");
        } else {
            assert_false(ok);
            assert_non_null(strstr(err.message, "rendering stopped: more than 6 steps"));
            assert_int_equal(err.line, 2); /* at "d" */
            assert_int_equal(err.column, 19);
        }
        tmpl_buf_free(&out);
    }
    tmpl_tree_free(tree);
}

/* ---- Strict mode ------------------------------------------------------------------------ */

static void test_strict_missing_variable(void **s)
{
    (void)s;
    /* Column counts characters: "  é " is 4 of them, 5 bytes. */
    expect_error("line one\n  \xc3\xa9 {{missing}}", "{}", TMPL_STRICT_VARS, NULL, "test.tmpl", 2, 5,
                 "missing variable 'missing'");
    expect_error("{{#a}}\n{{a.b.c}}{{/a}}", "{\"a\": {\"b\": {}}}", TMPL_STRICT_VARS, NULL,
                 "test.tmpl", 2, 1, "missing variable 'a.b.c'");
    expect_error("x{{#nope}}{{/nope}}", "{}", TMPL_STRICT_VARS, NULL, "test.tmpl", 1, 2,
                 "missing variable 'nope'");
    expect_error("{{^nope}}{{/nope}}", "{}", TMPL_STRICT_VARS, NULL, "test.tmpl", 1, 1,
                 "missing variable 'nope'");
    expect_error("{{list}}", "{\"list\": [1]}", TMPL_STRICT_VARS, NULL, "test.tmpl", 1, 1,
                 "cannot interpolate list 'list'");
    /* Not strict: the same templates render empty. */
    expect_render("[{{missing}}][{{a.b.c}}][{{list}}]", "{\"a\": {}, \"list\": [1]}",
                  TMPL_ESCAPE_NONE, 0, "[][][]");
    /* Strict, but present (null counts as present; parents are searched). */
    expect_render("{{#o}}{{n}}{{top}}{{/o}}", "{\"o\": {\"n\": null}, \"top\": \"T\"}",
                  TMPL_ESCAPE_NONE, TMPL_STRICT, "T");
}

/* ---- Errors ---------------------------------------------------------------------------- */

static void test_error_unclosed_tag(void **s)
{
    (void)s;
    expect_error("ab\n  {{name", "{}", 0, NULL, "test.tmpl", 2, 3, "unclosed tag (expected '}}')");
    expect_error("{{{x}}", "{}", 0, NULL, "test.tmpl", 1, 1, "unclosed tag (expected '}}}')");
    expect_error("{{=<% %>=}}\n<%x", "{}", 0, NULL, "test.tmpl", 2, 1,
                 "unclosed tag (expected '%>')");
    expect_error("{{! never closed", "{}", 0, NULL, "test.tmpl", 1, 1,
                 "unclosed tag (expected '}}')");
}

static void test_error_sections(void **s)
{
    (void)s;
    expect_error("x\n{{#a}}\nbody", "{}", 0, NULL, "test.tmpl", 2, 1, "unclosed section 'a'");
    expect_error("{{#a}}{{/b}}", "{}", 0, NULL, "test.tmpl", 1, 7, "section 'a' closed by 'b'");
    expect_error("\n\n   {{/a}}", "{}", 0, NULL, "test.tmpl", 3, 4, "unexpected section end 'a'");
}

static void test_error_delimiters(void **s)
{
    (void)s;
    expect_error("{{=<% =}}", "{}", 0, NULL, "test.tmpl", 1, 1, "invalid delimiter tag '<%'");
    expect_error("ok\n{{=a b c=}}", "{}", 0, NULL, "test.tmpl", 2, 1,
                 "invalid delimiter tag 'a b c'");
    expect_error("{{=a= b=}}", "{}", 0, NULL, "test.tmpl", 1, 1, "invalid delimiter tag 'a= b'");
}

static void test_error_names(void **s)
{
    (void)s;
    expect_error("{{ }}", "{}", 0, NULL, "test.tmpl", 1, 1, "empty tag name");
    expect_error("{{a..b}}", "{}", 0, NULL, "test.tmpl", 1, 1, "invalid tag name 'a..b'");
    expect_error("{{a b}}", "{}", 0, NULL, "test.tmpl", 1, 1, "invalid tag name 'a b'");
    expect_error("{{$block}}{{/block}}", "{}", 0, NULL, "test.tmpl", 1, 1,
                 "unsupported tag '{{$' (template inheritance)");
}

static void test_error_partials(void **s)
{
    (void)s;
    fixture fx = {{"bad", "self"}, {"line\n {{#x}}", "{{>self}}"}};
    expect_error("a {{>nope}}", "{}", TMPL_STRICT_PARTIALS, &fx, "test.tmpl", 1, 3,
                 "unknown partial 'nope'");
    /* The kind says what failed, for callers that add the loader's reason. */
    tmpl_error err;
    assert_null(render("a {{>nope}}", "{}", TMPL_ESCAPE_NONE, TMPL_STRICT_PARTIALS, &fx, &err));
    assert_int_equal(err.kind, TMPL_ERR_UNKNOWN_PARTIAL);
    assert_null(render("{{>bad}}", "{}", TMPL_ESCAPE_NONE, TMPL_STRICT_PARTIALS, &fx, &err));
    assert_int_equal(err.kind, TMPL_ERR_TEMPLATE);
    assert_null(render("{{nope}}", "{}", TMPL_ESCAPE_NONE, TMPL_STRICT, &fx, &err));
    assert_int_equal(err.kind, TMPL_ERR_TEMPLATE);
    expect_render("a {{>nope}}b", "{}", TMPL_ESCAPE_NONE, 0, "a b");
    /* Errors inside a partial name the partial. */
    expect_error("{{>bad}}", "{}", 0, &fx, "bad", 2, 2, "unclosed section 'x'");
    expect_error("{{>self}}", "{}", 0, &fx, "self", 1, 1, "partials nested deeper than 100");
    /* Names that leave the templates are refused where they are, before the
     * callback (the file loader) ever sees them. */
    expect_error("x\n {{>../secret}}", "{}", 0, &fx, "test.tmpl", 2, 2,
                 "partial name '../secret' is a path out of the templates (absolute or '..')");
    expect_error("{{>/etc/passwd}}", "{}", 0, &fx, "test.tmpl", 1, 1,
                 "partial name '/etc/passwd' is a path out of the templates (absolute or '..')");
    expect_error("{{>a/../../b}}", "{}", 0, &fx, "test.tmpl", 1, 1,
                 "partial name 'a/../../b' is a path out of the templates (absolute or '..')");
    expect_error("{{>a\\..\\b}}", "{}", 0, &fx, "test.tmpl", 1, 1,
                 "partial name 'a\\..\\b' is a path out of the templates (absolute or '..')");
    expect_error("{{>*p}}", "{\"p\": \"../x\"}", 0, &fx, "test.tmpl", 1, 1,
                 "partial name '../x' is a path out of the templates (absolute or '..')");
    /* '..' inside a name, or a folder, is fine */
    expect_render("{{>a..b}}{{>sub/x}}", "{}", TMPL_ESCAPE_NONE, 0, "");
}

static void test_section_nesting_limit(void **s)
{
    (void)s;
    tmpl_buf b;
    tmpl_buf_init(&b);
    for (int depth = 100; depth <= 101; depth++) {
        b.len = 0;
        for (int i = 0; i < depth; i++)
            tmpl_buf_puts(&b, "{{#a}}");
        tmpl_buf_puts(&b, "{{.}}");
        for (int i = 0; i < depth; i++)
            tmpl_buf_puts(&b, "{{/a}}");
        tmpl_error err;
        tmpl_template *t = tmpl_compile("deep", b.data, b.len, &err);
        if (depth == 100) {
            assert_non_null(t);
            tmpl_tree *tree = tmpl_tree_new();
            tmpl_value *root = tmpl_new_object(tree);
            tmpl_object_set_string(root, "a", "x");
            tmpl_buf out;
            tmpl_buf_init(&out);
            tmpl_options opts = {.escape = TMPL_ESCAPE_NONE};
            tmpl_env *env = tmpl_env_new(&opts);
            assert_true(tmpl_render(env, t, root, &out, &err));
            assert_string_equal(out.data, "x");
            tmpl_env_free(env);
            tmpl_buf_free(&out);
            tmpl_tree_free(tree);
            tmpl_template_free(t);
        } else {
            assert_null(t);
            assert_string_equal(err.message, "sections nested deeper than 100");
            assert_int_equal(err.line, 1);
            assert_int_equal(err.column, 100 * 6 + 1);
        }
    }
    tmpl_buf_free(&b);
}

static void test_render_depth_limit(void **s)
{
    (void)s;
    /* Each level of partial p opens 10 sections: the 1000 render levels
     * run out before the 100 partial levels do. */
    char text[256] = "";
    for (int i = 0; i < 10; i++)
        strcat(text, "{{#x}}");
    strcat(text, "{{>p}}");
    for (int i = 0; i < 10; i++)
        strcat(text, "{{/x}}");
    fixture fx = {{"p"}, {text}};
    expect_error("{{>p}}", "{\"x\": true}", 0, &fx, "p", 1, 55, "rendering nested deeper than 1000");
}

static void test_output_restored_on_error(void **s)
{
    (void)s;
    tmpl_error err;
    tmpl_template *t = tmpl_compile("t", "abc{{x}}def{{y}}", 16, &err);
    assert_non_null(t);
    tmpl_options opts = {.flags = TMPL_STRICT_VARS};
    tmpl_env *env = tmpl_env_new(&opts);
    tmpl_tree *tree = tmpl_tree_new();
    tmpl_value *root = tmpl_new_object(tree);
    tmpl_object_set_string(root, "x", "X");
    tmpl_buf out;
    tmpl_buf_init(&out);
    tmpl_buf_puts(&out, "prefix:");
    assert_false(tmpl_render(env, t, root, &out, &err));
    assert_string_equal(out.data, "prefix:");
    assert_int_equal(out.len, 7);
    assert_string_equal(err.message, "missing variable 'y'");
    assert_int_equal(err.column, 12);
    char msg[128];
    tmpl_error_format(&err, msg, sizeof msg);
    assert_string_equal(msg, "t:1:12: missing variable 'y'");
    /* Same template, same env, fixed data: works, appended after prefix. */
    tmpl_object_set_number(root, "y", 2);
    assert_true(tmpl_render(env, t, root, &out, &err));
    assert_string_equal(out.data, "prefix:abcXdef2");
    tmpl_buf_free(&out);
    tmpl_tree_free(tree);
    tmpl_env_free(env);
    tmpl_template_free(t);
}

/* Partial texts are fetched once per environment. */
typedef struct counting {
    int calls;
} counting;

static const char *counting_partial(void *user, const char *name)
{
    counting *c = user;
    c->calls++;
    return strcmp(name, "item") == 0 ? "<{{.}}>" : NULL;
}

static void test_partial_cache(void **s)
{
    (void)s;
    counting c = {0};
    tmpl_options opts = {.escape = TMPL_ESCAPE_NONE, .partial = counting_partial, .partial_user = &c};
    tmpl_env *env = tmpl_env_new(&opts);
    tmpl_error err;
    tmpl_template *t = tmpl_compile("t", "{{#l}}{{>item}}{{>none}}{{/l}}", 30, &err);
    assert_non_null(t);
    tmpl_tree *tree = tmpl_tree_new();
    tmpl_value *root = tmpl_new_object(tree);
    tmpl_value *l = tmpl_object_set_list(root, "l");
    for (int i = 1; i <= 3; i++)
        tmpl_list_append_number(l, i);
    tmpl_buf out;
    tmpl_buf_init(&out);
    for (int i = 0; i < 2; i++)
        assert_true(tmpl_render(env, t, root, &out, &err));
    assert_string_equal(out.data, "<1><2><3><1><2><3>");
    assert_int_equal(c.calls, 2); /* "item" and "none", once each */
    tmpl_buf_free(&out);
    tmpl_tree_free(tree);
    tmpl_env_free(env);
    tmpl_template_free(t);
}

/* ---- Render jobs and streamed lists --------------------------------------------------- */

static bool collect(void *user, const char *data, size_t len)
{
    return tmpl_buf_append(user, data, len);
}

typedef struct stream_fx {
    tmpl_env *env;
    tmpl_template *t;
    tmpl_tree *tree;
    tmpl_value *root, *items;
    tmpl_buf out;
    tmpl_job *job;
} stream_fx;

static const char *item_partial(void *user, const char *name)
{
    (void)user;
    return strcmp(name, "item") == 0 ? "[{{n}}{{greeting}}]\n" : NULL;
}

/* Starts a job on text with root {greeting: "hi", items: <streamed>}. */
static bool stream_start(stream_fx *fx, const char *text, const char *spill_dir, tmpl_error *err)
{
    tmpl_options opts = {.escape = TMPL_ESCAPE_NONE, .flags = TMPL_STRICT, .partial = item_partial};
    fx->env = tmpl_env_new(&opts);
    fx->t = tmpl_compile("t", text, strlen(text), err);
    assert_non_null(fx->t);
    fx->tree = tmpl_tree_new();
    fx->root = tmpl_new_object(fx->tree);
    tmpl_object_set_string(fx->root, "greeting", "hi");
    fx->items = tmpl_object_set_stream(fx->root, "items");
    tmpl_buf_init(&fx->out);
    fx->job = tmpl_job_start(fx->env, fx->t, fx->root, collect, &fx->out, spill_dir, err);
    return fx->job != NULL;
}

/* Pushes items n = 1..count, each built in a tree of its own, freed after. */
static bool stream_push(stream_fx *fx, int count, size_t pad, tmpl_error *err)
{
    for (int i = 1; i <= count; i++) {
        tmpl_tree *t = tmpl_tree_new();
        tmpl_value *item = tmpl_new_object(t);
        tmpl_object_set_number(item, "n", i);
        char *p = malloc(pad + 1);
        memset(p, 'x', pad);
        p[pad] = '\0';
        tmpl_object_set_string(item, "pad", p);
        free(p);
        bool ok = tmpl_stream_push(fx->items, item, err);
        tmpl_tree_free(t);
        if (!ok)
            return false;
    }
    return true;
}

static void stream_free(stream_fx *fx)
{
    tmpl_job_free(fx->job);
    tmpl_buf_free(&fx->out);
    tmpl_tree_free(fx->tree);
    tmpl_template_free(fx->t);
    tmpl_env_free(fx->env);
}

/* Each item lands in every section over the list, in output order, with
 * the outer contexts and the partial's indentation it had. */
static void test_stream_sections(void **s)
{
    (void)s;
    stream_fx fx;
    tmpl_error err;
    const char *text = "head\n{{#items}}<{{n}}>{{/items}}\nmid{{^items}} none{{/items}}\n"
                       "{{#greeting}}\n  {{#items}}\n  {{>item}}\n  {{/items}}\n{{/greeting}}end\n";
    assert_true(stream_start(&fx, text, NULL, &err));
    assert_string_equal(fx.out.data ? fx.out.data : "", "head\n"); /* up to the first section */
    assert_true(stream_push(&fx, 3, 0, &err));
    assert_string_equal(fx.out.data, "head\n<1><2><3>");
    assert_true(tmpl_job_finish(fx.job, &err));
    assert_string_equal(fx.out.data, "head\n<1><2><3>\nmid\n  [1hi]\n  [2hi]\n  [3hi]\nend\n");
    stream_free(&fx);
}

/* The same template as an ordinary list renders the same text. */
static void test_stream_same_as_list(void **s)
{
    (void)s;
    const char *text = "a{{#items}}{{n}}{{#pad}}:{{pad}}{{/pad}},{{/items}}{{^items}}empty{{/items}}z";
    for (int count = 0; count <= 2; count++) {
        stream_fx fx;
        tmpl_error err;
        assert_true(stream_start(&fx, text, NULL, &err));
        assert_true(stream_push(&fx, count, 2, &err));
        assert_true(tmpl_job_finish(fx.job, &err));
        tmpl_tree *tree = tmpl_tree_new();
        tmpl_value *root = tmpl_new_object(tree);
        tmpl_value *l = tmpl_object_set_list(root, "items");
        for (int i = 1; i <= count; i++) {
            tmpl_value *o = tmpl_list_append_object(l);
            tmpl_object_set_number(o, "n", i);
            tmpl_object_set_string(o, "pad", "xx");
        }
        tmpl_buf want;
        tmpl_buf_init(&want);
        assert_true(tmpl_render(fx.env, fx.t, root, &want, &err));
        assert_string_equal(fx.out.data, want.data);
        tmpl_buf_free(&want);
        tmpl_tree_free(tree);
        stream_free(&fx);
    }
}

/* A second section over the list waits in a temporary file past 256 KiB:
 * the output is whole and in order. */
static void test_stream_spill(void **s)
{
    (void)s;
    stream_fx fx;
    tmpl_error err;
    char dir[] = "/tmp/test_tmpl_XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_true(stream_start(&fx, "{{#items}}{{n}}.{{/items}}|{{#items}}{{pad}}{{/items}}|", dir, &err));
    assert_true(stream_push(&fx, 300, 10000, &err)); /* 3 MB in the second section */
    assert_true(tmpl_job_finish(fx.job, &err));
    size_t first = 0;
    for (int i = 1; i <= 300; i++)
        first += (size_t)snprintf(NULL, 0, "%d.", i);
    assert_int_equal(fx.out.len, first + 1 + 300 * 10000 + 1);
    assert_int_equal(fx.out.data[first], '|');
    assert_int_equal(fx.out.data[fx.out.len - 1], '|');
    assert_int_equal(fx.out.data[fx.out.len - 2], 'x');
    stream_free(&fx);
    assert_int_equal(rmdir(dir), 0); /* the temporary file was unlinked */
}

static bool refuse_write(void *user, const char *data, size_t len)
{
    (void)user;
    (void)data;
    (void)len;
    return false;
}

/* Errors: in an item (located, first hole first), a streamed list inside
 * an item, outside a job, and a refused write. */
static void test_stream_errors(void **s)
{
    (void)s;
    stream_fx fx;
    tmpl_error err;
    assert_true(stream_start(&fx, "{{#items}}{{n}}{{/items}}\n{{#items}}{{nope}}{{/items}}", NULL, &err));
    assert_false(stream_push(&fx, 1, 0, &err));
    assert_string_equal(err.message, "missing variable 'nope'");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 11);
    assert_false(tmpl_job_finish(fx.job, &err));
    stream_free(&fx);

    assert_true(stream_start(&fx, "{{#items}}{{#items}}x{{/items}}{{/items}}", NULL, &err));
    assert_false(stream_push(&fx, 1, 0, &err));
    assert_string_equal(err.message, "streamed list 'items' inside an item of a streamed list");
    stream_free(&fx);

    assert_true(stream_start(&fx, "{{greeting}}", NULL, &err));
    tmpl_buf out;
    tmpl_buf_init(&out);
    tmpl_template *t = tmpl_compile("u", "{{#items}}x{{/items}}", 21, &err);
    assert_false(tmpl_render(fx.env, t, fx.root, &out, &err));
    assert_string_equal(err.message, "streamed list 'items' outside a render job");
    tmpl_template_free(t);
    tmpl_buf_free(&out);
    stream_free(&fx);

    tmpl_options opts = {.escape = TMPL_ESCAPE_NONE};
    tmpl_env *env = tmpl_env_new(&opts);
    t = tmpl_compile("w", "abc", 3, &err);
    tmpl_tree *tree = tmpl_tree_new();
    tmpl_value *root = tmpl_new_object(tree);
    tmpl_job *j = tmpl_job_start(env, t, root, refuse_write, NULL, NULL, &err);
    assert_non_null(j);
    assert_false(tmpl_job_finish(j, &err));
    assert_string_equal(err.message, "writing the output failed");
    assert_int_equal(err.kind, TMPL_ERR_OUTPUT);
    tmpl_job_free(j);
    tmpl_tree_free(tree);
    tmpl_template_free(t);
    tmpl_env_free(env);
}

/* ---- Data tree ----------------------------------------------------------------------- */

static void test_number_format(void **s)
{
    (void)s;
    struct {
        double d;
        const char *want;
    } cases[] = {{85, "85"}, {1.21, "1.21"}, {-0.5, "-0.5"}, {0, "0"}, {-3, "-3"},
                 {0.1, "0.1"}, {1.0 / 3, "0.3333333333333333"}, {123456789012345.0, "123456789012345"},
                 {1e15, "1e+15"}, {1e-7, "1e-07"}, {2.5e300, "2.5e+300"},
                 {4294967296.0, "4294967296"}, {-0.0, "-0"}, {999999999999999.0, "999999999999999"},
                 {-123456789012345.0, "-123456789012345"}, {NAN, "nan"}, {-INFINITY, "-inf"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[32];
        size_t n = tmpl_format_number(cases[i].d, buf);
        assert_string_equal(buf, cases[i].want);
        assert_int_equal(n, strlen(cases[i].want));
    }
}

/* c_string (codegen/names.c): every byte that needs an escape, next to
 * plain runs, at the start and the end. */
static void test_c_string(void **s)
{
    (void)s;
    arena a;
    arena_init(&a);
    assert_string_equal(c_string(&a, ""), "\"\"");
    assert_string_equal(c_string(&a, "CIM_Foo"), "\"CIM_Foo\"");
    assert_string_equal(c_string(&a, "a\"b\\c\nd\te?f"), "\"a\\\"b\\\\c\\nd\\te\\?f\"");
    assert_string_equal(c_string(&a, "\x01x\x1f\x7f\r"), "\"\\001x\\037\\177\\015\"");
    assert_string_equal(c_string(&a, "?" "?=\xc3\xa9"), "\"\\?\\?=\xc3\xa9\"");
    /* Past the first 8-byte words too. */
    assert_string_equal(c_string(&a, "0123456789abcdef?x"), "\"0123456789abcdef\\?x\"");
    assert_string_equal(c_string(&a, "0123456789abcdef\x7f"), "\"0123456789abcdef\\177\"");
    assert_string_equal(c_string(&a, "01234567\xc3\xa9\xe2\x82\xac" "89abcdef\\"),
                        "\"01234567\xc3\xa9\xe2\x82\xac" "89abcdef\\\\\"");
    char big[5000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    big[2500] = '\n';
    const char *lit = c_string(&a, big);
    assert_int_equal(strlen(lit), sizeof big - 1 + 3);
    assert_memory_equal(lit + 2501, "\\n", 2);
    arena_free(&a);
}

/* The escape of byte c as c_string writes it (the rule, byte by byte). */
static size_t escape_ref(char *o, unsigned char c)
{
    const char *two = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\t' ? "\\t"
                    : c == '?' ? "\\?" : NULL;
    if (two)
        return (size_t)sprintf(o, "%s", two);
    if (c < 0x20 || c == 0x7f)
        return (size_t)sprintf(o, "\\%03o", c);
    *o = (char)c;
    return 1;
}

/* c_string looks at 16 bytes at a time, the last 16 overlapping: each
 * byte that needs an escape, and a plain byte above 0x7f, at every place
 * of texts of 1 to 40 bytes, and two of them at once. */
static void test_c_string_every_place(void **s)
{
    (void)s;
    static const unsigned char special[] = {'"', '\\', '?', '\n', '\t', 0x01, 0x1f, 0x7f, 0x80, 0xff, ' '};
    arena a;
    arena_init(&a);
    for (size_t n = 1; n <= 40; n++)
        for (size_t at = 0; at < n; at++)
            for (size_t k = 0; k < sizeof special; k++) {
                char text[48], want[48 * 4 + 3];
                memset(text, 'a', n);
                text[n] = '\0';
                text[at] = (char)special[k];
                text[(at * 7 + 3) % n] = at % 2 ? '?' : text[(at * 7 + 3) % n];
                size_t w = 0;
                want[w++] = '"';
                for (size_t i = 0; i < n; i++)
                    w += escape_ref(want + w, (unsigned char)text[i]);
                want[w++] = '"';
                want[w] = '\0';
                assert_string_equal(c_string(&a, text), want);
            }
    arena_free(&a);
}

/* ---- Description doc comments (gen_doc, codegen/gen_meta.c) -------------------- */

/* The doc lines of text as the rules say, word by word: newlines end
 * lines (a blank line an empty one), words (runs of bytes other than
 * blanks) wrap at 76 columns by their length as written, a control
 * character is written as a blank, and a blank goes between '*' and '/'
 * side by side in a word. Lines joined with '|'. */
static void doc_rule(const char *text, char *out)
{
    char line[4096];
    size_t len = 0, o = 0;
    const char *p = text;
    for (;;) {
        while (*p == ' ')
            p++;
        if (*p == '\n' || !*p) {
            if (len || *p == '\n') {
                memcpy(out + o, line, len);
                o += len;
                out[o++] = '|';
            }
            len = 0;
            if (!*p++)
                break;
            continue;
        }
        size_t n = strcspn(p, " \n");
        if (len && len + 1 + n > 76) {
            memcpy(out + o, line, len);
            o += len;
            out[o++] = '|';
            len = 0;
        }
        if (len)
            line[len++] = ' ';
        for (size_t i = 0; i < n; i++) {
            char c = (unsigned char)p[i] < 0x20 ? ' ' : p[i];
            char prev = i ? line[len - 1] : ' ';
            if ((c == '/' && prev == '*') || (c == '*' && prev == '/'))
                line[len++] = ' ';
            line[len++] = c;
        }
        p += n;
    }
    out[o] = '\0';
}

#define DOC_KEYS(X, P) X(P, doc) X(P, has_doc)
TMPL_DECLARE_SHAPE(doc_shape, DOC_KEYS, D_);

/* The lines gen_doc makes for text, joined as doc_rule does. */
static void doc_made(gen_doc_cache *cache, tmpl_tree *tree, const char *text, size_t n, char *out)
{
    ast_value v = {.kind = VAL_STRING, .u.str = {text, n}};
    model_qualifier q = {.name = "Description", .value = &v};
    model_quals quals = {&q, 1};
    tmpl_value *o = tmpl_new_shaped(tree, &doc_shape);
    gen_doc(cache, o, D_doc, &quals);
    size_t k = 0;
    for (const tmpl_member *m = tmpl_value_first(tmpl_object_get(o, "doc", 3)); m;
         m = tmpl_member_next(m)) {
        size_t len;
        const char *line = tmpl_value_string(tmpl_member_value(m), &len);
        memcpy(out + k, line, len);
        k += len;
        out[k++] = '|';
    }
    out[k] = '\0';
    assert_int_equal(tmpl_value_bool(tmpl_object_get(o, "has_doc", 7)), *text != '\0');
}

/* gen_doc takes most lines whole (plain words one blank apart) and goes
 * word by word otherwise: texts that mix what either meets, at every
 * length around a line's (76) and the window it looks at (80), give the
 * lines the rules give. */
static void test_doc_lines(void **s)
{
    (void)s;
    static const char *const pieces[] = {
        "a", "word", "0123456789", "x12345678901234567890123456789012345678901234567890123456789012345678901",
        " ", "  ", "\n", "\n\n", "\t", "*", "/", "*/", "/*", "a*", "/b", "\r", "\xc3\xa9t\xc3\xa9", ". ",
    };
    const size_t np = sizeof pieces / sizeof pieces[0];
    arena keep;
    arena_init(&keep);
    tmpl_tree *tree = tmpl_tree_new();
    char text[1200], want[4096], got[4096];
    uint32_t seed = 12345;
    for (int round = 0; round < 4000; round++) {
        gen_doc_cache cache = {.keep = &keep};
        size_t len = 0, target = (size_t)(round % 300) + 1;
        while (len < target) {
            seed = seed * 1103515245u + 12345u;
            /* Plain words and single blanks, as Descriptions are mostly,
             * with the other pieces often (even rounds) or rarely. */
            size_t k = (seed >> 16) % (round % 2 ? 2 * np : 30 * np);
            const char *piece = k >= np ? (k % 2 ? " " : "word") : pieces[k];
            size_t n = strlen(piece);
            memcpy(text + len, piece, n);
            len += n;
        }
        text[len] = '\0';
        doc_rule(text, want);
        doc_made(&cache, tree, text, len, got);
        if (strcmp(want, got)) {
            show("text", text);
            show("want", want);
            show("got", got);
        }
        assert_string_equal(want, got);
        ptr_map_free(&cache.wrapped);
        tmpl_tree_reset(tree);
    }
    /* The text ends at its first NUL byte, inside a line or at its end. */
    gen_doc_cache cache = {.keep = &keep};
    doc_made(&cache, tree, "one two\0three", 13, got);
    assert_string_equal(got, "one two|");
    ptr_map_free(&cache.wrapped);
    tmpl_tree_free(tree);
    arena_free(&keep);
}

static void test_json_writer_golden(void **s)
{
    (void)s;
    tmpl_tree *tree = tmpl_tree_new();
    tmpl_value *root = tmpl_new_object(tree);
    tmpl_tree_set_root(tree, root);
    tmpl_object_set_string(root, "name", "CIM_Foo");
    tmpl_object_set_string(root, "esc", "q\" b\\ n\n t\t \x01 /");
    tmpl_object_set_string(root, "uni", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 bad:\xff\xc3");
    tmpl_object_set_number(root, "n", 1.5);
    tmpl_value *list = tmpl_object_set_list(root, "list");
    tmpl_list_append_bool(list, true);
    tmpl_list_append_null(list);
    tmpl_list_append_number(list, NAN);
    tmpl_value *o = tmpl_list_append_object(list);
    tmpl_object_set_number(o, "k", -2);
    tmpl_list_append_list(list);
    tmpl_object_set_object(root, "empty");
    tmpl_object_set_string(root, "name", "CIM_Bar"); /* replaces, keeps its place */
    assert_false(tmpl_tree_failed(tree));
    tmpl_buf out;
    tmpl_buf_init(&out);
    assert_true(tmpl_value_write_json(tmpl_tree_root(tree), &out));
    /* Invalid UTF-8 comes out as \ufffd escapes, so the JSON stays valid. */
#define GOLDEN(BAD)                                                                      \
                        "{\n" \
                        "  \"name\": \"CIM_Bar\",\n" \
                        "  \"esc\": \"q\\\" b\\\\ n\\n t\\t \\u0001 /\",\n" \
                        "  \"uni\": \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 bad:" BAD BAD "\",\n" \
                        "  \"n\": 1.5,\n" \
                        "  \"list\": [\n" \
                        "    true,\n" \
                        "    null,\n" \
                        "    null,\n" \
                        "    {\n" \
                        "      \"k\": -2\n" \
                        "    },\n" \
                        "    []\n" \
                        "  ],\n" \
                        "  \"empty\": {}\n" \
                        "}\n"
    assert_string_equal(out.data, GOLDEN("\\ufffd"));
    /* Reading the output back and writing it again gives the same JSON. */
    tmpl_tree *t2 = tmpl_tree_new();
    char err[128];
    tmpl_value *back = json_read(t2, out.data, out.len, err, sizeof err);
    assert_non_null(back);
    tmpl_buf again;
    tmpl_buf_init(&again);
    tmpl_value_write_json(back, &again);
    assert_string_equal(again.data, GOLDEN("\xef\xbf\xbd")); /* read back as U+FFFD */
#undef GOLDEN
    tmpl_buf_free(&again);
    tmpl_tree_free(t2);
    tmpl_buf_free(&out);
    tmpl_tree_free(tree);
}

/* Strings set by reference are the caller's bytes (no copy), render and
 * replace like copied ones; a NULL string is refused. */
static void test_string_refs(void **s)
{
    (void)s;
    static const char text[] = "Name and more";
    tmpl_tree *tree = tmpl_tree_new();
    tmpl_value *root = tmpl_new_object(tree);
    tmpl_tree_set_root(tree, root);
    tmpl_value *v = tmpl_object_set_string_ref(root, "name", text, 4);
    size_t n;
    assert_ptr_equal(tmpl_value_string(v, &n), text);
    assert_int_equal(n, 4);
    tmpl_value *l = tmpl_object_set_list(root, "l");
    assert_ptr_equal(tmpl_value_string(tmpl_list_append_string_ref(l, text + 9, 4), NULL), text + 9);
    tmpl_list_append_string_ref(l, "x", 1);
    tmpl_object_set_string_ref(root, "name", text + 5, 3);   /* replaces */
    assert_int_equal(tmpl_value_count(root), 2);
    tmpl_buf out;
    tmpl_buf_init(&out);
    const char *tpl = "{{name}}:{{#l}}[{{.}}]{{/l}}";
    tmpl_options opts = {.escape = TMPL_ESCAPE_NONE};
    assert_true(tmpl_render_string(tpl, strlen(tpl), root, &opts, &out, NULL));
    assert_string_equal(out.data, "and:[more][x]");
    /* Several at once, after what is there and into an empty list. */
    const tmpl_str more[] = {{text, 4}, {"", 0}, {text + 9, 4}};
    assert_true(tmpl_list_append_string_refs(l, more, 3));
    assert_true(tmpl_list_append_string_refs(tmpl_object_set_list(root, "e"), more + 2, 1));
    assert_true(tmpl_list_append_string_refs(l, more, 0));
    assert_int_equal(tmpl_value_count(l), 5);
    tpl = "{{#l}}[{{.}}]{{/l}}{{#e}}<{{.}}>{{/e}}";
    out.len = 0;
    assert_true(tmpl_render_string(tpl, strlen(tpl), root, &opts, &out, NULL));
    assert_string_equal(out.data, "[more][x][Name][][more]<more>");
    assert_false(tmpl_tree_failed(tree));
    assert_null(tmpl_list_append_string_ref(l, NULL, 0));
    assert_true(tmpl_tree_failed(tree));
    /* A NULL string among them, or a frozen list: nothing is added. */
    tmpl_tree_reset(tree);
    root = tmpl_new_object(tree);
    l = tmpl_object_set_list(root, "l");
    const tmpl_str bad[] = {{"a", 1}, {NULL, 0}};
    assert_false(tmpl_list_append_string_refs(l, bad, 2));
    assert_int_equal(tmpl_value_count(l), 0);
    assert_true(tmpl_tree_failed(tree));
    tmpl_tree_reset(tree);
    l = tmpl_new_list(tree);
    assert_non_null(tmpl_list_append_shared(tmpl_new_list(tree), l));
    assert_false(tmpl_list_append_string_refs(l, more, 1));
    assert_int_equal(tmpl_value_count(l), 0);
    assert_true(tmpl_tree_failed(tree));
    tmpl_buf_free(&out);
    tmpl_tree_free(tree);
}

/* A shared node is one node in several lists, of this tree or another;
 * it and what it holds are read only from then on, so no cycle can form. */
static void test_shared_nodes(void **s)
{
    (void)s;
    tmpl_tree *parts = tmpl_tree_new(), *tree = tmpl_tree_new();
    tmpl_value *p = tmpl_new_object(parts);
    tmpl_object_set_string(p, "name", "P");
    tmpl_value *inner = tmpl_object_set_list(p, "l");
    tmpl_list_append_number(inner, 1);
    tmpl_value *root = tmpl_new_object(tree);
    tmpl_tree_set_root(tree, root);
    tmpl_value *a = tmpl_object_set_list(root, "a"), *b = tmpl_object_set_list(root, "b");
    assert_non_null(tmpl_list_append_shared(a, p));
    assert_non_null(tmpl_list_append_shared(b, p));
    assert_non_null(tmpl_list_append_shared(b, p));
    tmpl_buf out;
    tmpl_buf_init(&out);
    const char *tpl = "{{#a}}{{name}}{{#l}}{{.}}{{/l}}{{/a}}|{{#b}}{{name}}{{/b}}";
    tmpl_options opts = {.escape = TMPL_ESCAPE_NONE};
    assert_true(tmpl_render_string(tpl, strlen(tpl), root, &opts, &out, NULL));
    assert_string_equal(out.data, "P1|PP");
    assert_false(tmpl_tree_failed(tree));
    assert_false(tmpl_tree_failed(parts));
    /* Frozen, deep: no set, no append, not even into a list inside. */
    assert_null(tmpl_object_set_string(p, "name", "Q"));
    assert_true(tmpl_tree_failed(parts));
    assert_null(tmpl_list_append_number(inner, 2));
    assert_string_equal(get_str(p, "name"), "P");
    assert_int_equal(tmpl_value_count(inner), 1);
    /* A list inside the shared node cannot take the node (a cycle). */
    assert_null(tmpl_list_append_shared(inner, p));
    /* Only objects and lists are shared. */
    assert_null(tmpl_list_append_shared(a, tmpl_new_number(tree, 1)));
    assert_true(tmpl_tree_failed(tree));
    tmpl_buf_free(&out);
    tmpl_tree_free(tree);
    tmpl_tree_free(parts);
}

static void test_tree_objects(void **s)
{
    (void)s;
    tmpl_tree *tree = tmpl_tree_new();
    tmpl_value *root = tmpl_new_object(tree);
    char key[32];
    /* Enough keys to switch to the hash index; all still found, in order. */
    for (int i = 0; i < 2000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        tmpl_object_set_number(root, key, i);
    }
    tmpl_object_set_number(root, "k7", -7);
    assert_int_equal(tmpl_value_count(root), 2000);
    for (int i = 0; i < 2000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        const tmpl_value *v = tmpl_object_get(root, key, strlen(key));
        assert_non_null(v);
        assert_true(tmpl_value_number(v) == (i == 7 ? -7 : i));
    }
    assert_null(tmpl_object_get(root, "k2000", 5));
    int i = 0;
    for (const tmpl_member *m = tmpl_value_first(root); m; m = tmpl_member_next(m), i++) {
        size_t n;
        const char *k = tmpl_member_key(m, &n);
        snprintf(key, sizeof key, "k%d", i);
        assert_string_equal(k, key);
        assert_int_equal(n, strlen(key));
    }
    /* Keys with NUL bytes and lookups of prefixes are exact. */
    tmpl_object_setn(root, "a\0b", 3, tmpl_new_bool(tree, true));
    assert_null(tmpl_object_get(root, "a", 1));
    assert_true(tmpl_value_bool(tmpl_object_get(root, "a\0b", 3)));
    assert_false(tmpl_tree_failed(tree));
    tmpl_tree_free(tree);
}

/* Objects of a shape hold every key at once, each null until set by its
 * position; to readers (lookups, iteration, JSON, rendering) they are the
 * objects setting the keys by name in that order would have made. */
#define WIDE_KEYS(X, P)                                                                           \
    X(P, k0) X(P, k1) X(P, k2) X(P, k3) X(P, k4) X(P, k5) X(P, k6) X(P, k7) X(P, k8) X(P, k9)    \
    X(P, k10) X(P, k11) X(P, k12) X(P, k13) X(P, k14) X(P, k15) X(P, k16) X(P, k17)
#define SMALL_KEYS(X, P) X(P, name) X(P, items) X(P, on)
TMPL_DECLARE_SHAPE(wide_shape, WIDE_KEYS, W_);
TMPL_DECLARE_SHAPE(small_shape, SMALL_KEYS, S_);

static void test_shaped_objects(void **s)
{
    (void)s;
    tmpl_tree *tree = tmpl_tree_new(), *plain = tmpl_tree_new();
    tmpl_buf a, b;
    tmpl_buf_init(&a);
    tmpl_buf_init(&b);
    for (int round = 0; round < 2; round++) {
        /* The same objects by shape and by name; a reset tree keeps the
         * shapes it knows (the second round). */
        tmpl_value *root = tmpl_new_object(tree), *proot = tmpl_new_object(plain);
        tmpl_value *list = tmpl_object_set_list(root, "l"), *plist = tmpl_object_set_list(proot, "l");
        for (int i = 0; i < 3; i++) {
            tmpl_value *o = tmpl_list_append_shaped(list, &small_shape);
            tmpl_value *p = tmpl_list_append_object(plist);
            assert_int_equal(tmpl_value_count(o), 3);
            assert_int_equal(tmpl_value_type(tmpl_object_get(o, "on", 2)), TMPL_NULL);
            assert_non_null(tmpl_shaped_set_bool(o, S_on, i != 1));
            assert_non_null(tmpl_shaped_set_string_ref(o, S_name, "abc", (size_t)i));
            tmpl_list_append_number(tmpl_shaped_set_list(o, S_items), i);
            tmpl_object_set_stringn(p, "name", "abc", (size_t)i);
            tmpl_list_append_number(tmpl_object_set_list(p, "items"), i);
            tmpl_object_set_bool(p, "on", i != 1);
        }
        tmpl_value *w = tmpl_new_shaped(tree, &wide_shape);
        tmpl_value *pw = tmpl_object_set_object(proot, "w");
        char key[16];   /* "k" and any int: gcc -O1 checks the snprintf fits */
        for (int i = 0; i < W_N; i++) {
            snprintf(key, sizeof key, "k%d", i);
            tmpl_object_set_number(pw, key, i);
            assert_non_null(tmpl_shaped_set_number(w, (size_t)(W_N - 1 - i), W_N - 1 - i));
        }
        /* By name afterwards: a key of the shape in place, a new one after. */
        tmpl_object_set_number(w, "k3", -3);
        tmpl_object_set_number(pw, "k3", -3);
        tmpl_object_set_string(w, "extra", "x");
        tmpl_object_set_string(pw, "extra", "x");
        assert_int_equal(tmpl_value_count(w), W_N + 1);
        for (int i = 0; i < W_N; i++) {
            snprintf(key, sizeof key, "k%d", i);
            assert_true(tmpl_value_number(tmpl_object_get(w, key, strlen(key))) == (i == 3 ? -3 : i));
        }
        assert_string_equal(get_str(w, "extra"), "x");
        assert_non_null(tmpl_object_set(root, "w", w));
        const char *tpl = "{{#l}}[{{name}}|{{#items}}{{.}}{{/items}}|{{#on}}on{{/on}}]{{/l}}"
                          "{{#w}}{{k0}},{{k3}},{{k17}},{{extra}}{{/w}}";
        tmpl_options opts = {.escape = TMPL_ESCAPE_NONE};
        a.len = b.len = 0;
        assert_true(tmpl_render_string(tpl, strlen(tpl), root, &opts, &a, NULL));
        assert_true(tmpl_render_string(tpl, strlen(tpl), proot, &opts, &b, NULL));
        assert_string_equal(a.data, "[|0|on][a|1|][ab|2|on]0,-3,17,x");
        assert_string_equal(a.data, b.data);
        a.len = b.len = 0;
        assert_true(tmpl_value_write_json(root, &a));
        assert_true(tmpl_value_write_json(proot, &b));
        assert_string_equal(a.data, b.data);
        assert_false(tmpl_tree_failed(tree));
        tmpl_tree_reset(tree);
        tmpl_tree_reset(plain);
    }
    tmpl_buf_free(&a);
    tmpl_buf_free(&b);
    tmpl_tree_free(plain);
    tmpl_tree_free(tree);
}

/* A position past the shape, an object made otherwise, a frozen one, a
 * shape with a key twice: refused, and the tree remembers it. */
static void test_shaped_refusals(void **s)
{
    (void)s;
    tmpl_tree *tree = tmpl_tree_new();
    tmpl_value *o = tmpl_new_shaped(tree, &small_shape);
    assert_null(tmpl_shaped_set_bool(o, S_N, true));
    assert_true(tmpl_tree_failed(tree));
    tmpl_tree_reset(tree);
    o = tmpl_new_object(tree);
    tmpl_object_set_bool(o, "name", true);
    assert_null(tmpl_shaped_set_bool(o, 0, false));
    assert_true(tmpl_tree_failed(tree));
    tmpl_tree_reset(tree);
    tmpl_value *list = tmpl_new_list(tree);
    o = tmpl_new_shaped(tree, &small_shape);
    tmpl_value *inner = tmpl_shaped_set_list(o, S_items);
    assert_non_null(tmpl_list_append_shared(list, o));
    assert_false(tmpl_tree_failed(tree));
    assert_null(tmpl_shaped_set_string_ref(o, S_name, "x", 1));
    assert_null(tmpl_list_append_number(inner, 1));
    assert_true(tmpl_tree_failed(tree));
    tmpl_tree_reset(tree);
    static const char *const twice_keys[] = {"a", "b", "a"};
    static const tmpl_shape twice = TMPL_SHAPE(twice_keys);
    assert_null(tmpl_new_shaped(tree, &twice));
    assert_true(tmpl_tree_failed(tree));
    tmpl_tree_reset(tree);
    assert_null(tmpl_list_append_shaped(tmpl_new_list(tree), &twice));
    tmpl_tree_reset(tree);
    /* The same when the shape is big enough for a hash index. */
    static const char *const twice_wide_keys[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "e"};
    static const tmpl_shape twice_wide = TMPL_SHAPE(twice_wide_keys);
    assert_null(tmpl_new_shaped(tree, &twice_wide));
    assert_true(tmpl_tree_failed(tree));
    assert_null(tmpl_shaped_set_bool(NULL, 0, true));
    tmpl_tree_free(tree);
}

static void test_tree_refuses_cycles(void **s)
{
    (void)s;
    tmpl_tree *tree = tmpl_tree_new();
    tmpl_value *root = tmpl_new_object(tree);
    tmpl_value *child = tmpl_object_set_object(root, "child");
    tmpl_value *list = tmpl_object_set_list(child, "list");
    assert_false(tmpl_tree_failed(tree));
    assert_null(tmpl_list_append(list, root));         /* root inside its own descendant */
    assert_null(tmpl_object_set(root, "again", child)); /* already placed */
    assert_null(tmpl_object_set(child, "self", child));
    assert_true(tmpl_tree_failed(tree));
    /* A stand-alone container fills through either pointer. */
    tmpl_tree *t2 = tmpl_tree_new();
    tmpl_value *r2 = tmpl_new_object(t2);
    tmpl_value *names = tmpl_new_list(t2);
    tmpl_value *stored = tmpl_object_set(r2, "names", names);
    tmpl_list_append_string(names, "a");
    tmpl_list_append_string(stored, "b");
    assert_int_equal(tmpl_value_count(tmpl_object_get(r2, "names", 5)), 2);
    assert_null(tmpl_list_append(tmpl_new_list(tree), names)); /* other tree */
    /* NULL containers are ignored, not crashes. */
    assert_null(tmpl_object_set_string(NULL, "a", "b"));
    assert_null(tmpl_list_append_number(NULL, 1));
    assert_null(tmpl_new_object(NULL));
    assert_false(tmpl_tree_failed(t2));
    tmpl_tree_free(t2);
    tmpl_tree_free(tree);
}

static void test_json_reader_bad_input(void **s)
{
    (void)s;
    const char *bad[] = {"", "{", "[1,]", "{\"a\" 1}", "\"\\x\"", "\"abc", "01", "-", "1.",
                         "tru", "[1] 2", "{\"a\":}", "\"\\ud800\"x", "[\"\n\"]"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tmpl_tree *tree = tmpl_tree_new();
        char err[128];
        assert_null(json_read(tree, bad[i], strlen(bad[i]), err, sizeof err));
        assert_true(err[0] != '\0');
        tmpl_tree_free(tree);
    }
    /* Deep nesting is refused, not a stack overflow. */
    char deep[5001];
    memset(deep, '[', 5000);
    deep[5000] = '\0';
    tmpl_tree *tree = tmpl_tree_new();
    char err[128];
    assert_null(json_read(tree, deep, 5000, err, sizeof err));
    assert_string_equal(err, "1:201: nesting too deep");
    /* Escapes decode to UTF-8. */
    tmpl_value *v = json_read(tree, "\"\\u00e9\\ud83d\\ude00\\n\"", 22, err, sizeof err);
    assert_non_null(v);
    assert_string_equal(tmpl_value_string(v, NULL), "\xc3\xa9\xf0\x9f\x98\x80\n");
    tmpl_tree_free(tree);
}

/* ---- Memoized bodies over shared nodes (tmpl_memo.c) ---------------------------------- */

/* What shared item i holds. */
static void memo_fill(tmpl_value *o, int i)
{
    tmpl_object_set_string(o, "name", i ? "Q" : "P");
    tmpl_object_set_string(o, "pname", "q");
    tmpl_list_append_number(tmpl_object_set_list(o, "l"), i + 1);
    tmpl_object_set_string(tmpl_object_set_object(o, "sub"), "x", i ? "q" : "p");
}

/* root: classes A (items P Q P) and B (items Q P), each with its own cls,
 * flag, pname and an object cls2. share: the items are two frozen nodes
 * (rendered from the memo after their first time), else fresh copies
 * (always rendered). */
static tmpl_value *memo_model(tmpl_tree *tree, tmpl_tree *parts, bool share)
{
    tmpl_value *shared[2];
    for (int i = 0; i < 2; i++)
        memo_fill(shared[i] = tmpl_new_object(parts), i);
    tmpl_value *root = tmpl_new_object(tree);
    tmpl_tree_set_root(tree, root);
    tmpl_value *classes = tmpl_object_set_list(root, "classes");
    static const int order[2][4] = {{0, 1, 0, -1}, {1, 0, -1, -1}};
    for (int c = 0; c < 2; c++) {
        tmpl_value *o = tmpl_list_append_object(classes);
        tmpl_object_set_string(o, "cls", c ? "B" : "A");
        tmpl_object_set_bool(o, "flag", c == 0);
        tmpl_object_set_string(o, "pname", "r");
        tmpl_object_set_string(tmpl_object_set_object(o, "cls2"), "y", c ? "b" : "a");
        tmpl_value *items = tmpl_object_set_list(o, "items");
        for (int k = 0; k < 4 && order[c][k] >= 0; k++) {
            if (share)
                tmpl_list_append_shared(items, shared[order[c][k]]);
            else
                memo_fill(tmpl_list_append_object(items), order[c][k]);
        }
    }
    return root;
}

static const fixture memo_partials = {
    {"p", "q", "r", NULL},
    {"{{#items}}\n{{name}} {{cls}}\n  {{>q}}\n{{/items}}\n", "{{name}}<\n", "[{{cls}}]", NULL},
};

/* Renders text twice with one environment (the second time all from the
 * memo when shared); returns both in one string, or the error. */
static char *memo_render(const char *text, bool share, unsigned long max_steps, tmpl_error *err)
{
    tmpl_tree *tree = tmpl_tree_new(), *parts = tmpl_tree_new();
    tmpl_value *root = memo_model(tree, parts, share);
    assert_false(tmpl_tree_failed(tree));
    tmpl_options opts = {.escape = TMPL_ESCAPE_NONE, .flags = TMPL_STRICT, .max_steps = max_steps,
                         .partial = fixture_partial, .partial_user = (void *)&memo_partials};
    tmpl_template *t = tmpl_compile("memo", text, strlen(text), err);
    assert_non_null(t);
    tmpl_env *env = tmpl_env_new(&opts);
    tmpl_buf out;
    tmpl_buf_init(&out);
    memset(err, 0, sizeof *err);
    bool ok = tmpl_render(env, t, root, &out, err) && tmpl_buf_append(&out, "|", 1) &&
              tmpl_render(env, t, root, &out, err);
    tmpl_env_free(env);
    tmpl_template_free(t);
    tmpl_tree_free(tree);
    tmpl_tree_free(parts);
    if (!ok) {
        tmpl_buf_free(&out);
        return NULL;
    }
    return out.data;
}

/* The same text (or the same error at the same place) as rendering copies
 * of the shared nodes, for bodies that look names up outside the node in
 * every way, under every step budget. */
static void test_memo_same_as_render(void **s)
{
    (void)s;
    static const char *const texts[] = {
        /* a variable outside, at the body's level: replayed */
        "{{#classes}}{{#items}}<{{name}}:{{cls}}>{{/items}}{{/classes}}",
        /* outside inside a nested section: never memoized */
        "{{#classes}}{{#items}}{{#l}}{{cls}}{{.}}{{/l}}{{/items}}{{/classes}}",
        /* sections over outside values */
        "{{#classes}}{{#items}}{{#flag}}f{{/flag}}{{^flag}}n{{/flag}}{{name}}{{/items}}{{/classes}}",
        /* indentation from outside the body and from partials inside it */
        "{{#classes}}\n  {{>p}}\n{{/classes}}\n{{#classes}}\n{{>p}}\n{{/classes}}\n",
        /* dynamic partials named inside and outside the node */
        ("{{#classes}}{{#items}}{{>*pname}}{{/items}}{{#items}}{{#sub}}{{>*pname}}{{/sub}}{{/items}}"
         "{{/classes}}"),
        /* dotted names inside and outside */
        "{{#classes}}{{#items}}{{sub.x}}{{cls2.y}}{{/items}}{{/classes}}",
        /* a missing name (strict) */
        "{{#classes}}{{#items}}{{name}}{{#l}}{{/l}}{{nope}}{{/items}}{{/classes}}",
        /* the node itself */
        "{{#classes}}{{#items}}{{#.}}{{name}}{{/.}}{{/items}}{{/classes}}",
    };
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
        for (unsigned long max = 0; max < 160; max++) {
            tmpl_error e1, e2;
            char *plain = memo_render(texts[k], false, max, &e1);
            char *memo = memo_render(texts[k], true, max, &e2);
            if (plain && memo) {
                assert_string_equal(memo, plain);
            } else {
                if (plain || memo)
                    fail_msg("text %zu, %lu steps: %s / %s", k, max, plain ? plain : e1.message,
                             memo ? memo : e2.message);
                assert_string_equal(e2.message, e1.message);
                assert_int_equal(e2.line, e1.line);
                assert_int_equal(e2.column, e1.column);
            }
            free(plain);
            free(memo);
        }
    /* And what that is, for the first text and the indented one. */
    tmpl_error err;
    char *got = memo_render(texts[0], true, 0, &err);
    assert_string_equal(got, "<P:A><Q:A><P:A><Q:B><P:B>|<P:A><Q:A><P:A><Q:B><P:B>");
    free(got);
    got = memo_render(texts[3], true, 0, &err);
    assert_string_equal(got, "  P A\n    P<\n  Q A\n    Q<\n  P A\n    P<\n  Q B\n    Q<\n  P B\n"
                             "    P<\nP A\n  P<\nQ A\n  Q<\nP A\n  P<\nQ B\n  Q<\nP B\n  P<\n|"
                             "  P A\n    P<\n  Q A\n    Q<\n  P A\n    P<\n  Q B\n    Q<\n  P B\n"
                             "    P<\nP A\n  P<\nQ A\n  Q<\nP A\n  P<\nQ B\n  Q<\nP B\n  P<\n");
    free(got);
}

/* A memoized body is known by serial numbers: a new shared node (even at
 * a freed one's address) and a new template are rendered anew. */
static void test_memo_new_nodes(void **s)
{
    (void)s;
    tmpl_options opts = {.escape = TMPL_ESCAPE_NONE};
    tmpl_env *env = tmpl_env_new(&opts);
    const char *text = "{{#l}}{{name}}{{/l}}";
    for (int round = 0; round < 3; round++) {
        tmpl_tree *tree = tmpl_tree_new();
        tmpl_value *root = tmpl_new_object(tree), *l = tmpl_object_set_list(root, "l");
        tmpl_value *p = tmpl_new_object(tree);
        char name[2] = {(char)('a' + round), 0};
        tmpl_object_set_string(p, "name", name);
        tmpl_list_append_shared(l, p);
        tmpl_list_append_shared(l, p);
        tmpl_template *t = tmpl_compile("t", text, strlen(text), NULL);
        tmpl_buf out;
        tmpl_buf_init(&out);
        assert_true(tmpl_render(env, t, root, &out, NULL));
        char want[3] = {name[0], name[0], 0};
        assert_string_equal(out.data, want);
        tmpl_buf_free(&out);
        tmpl_template_free(t);
        tmpl_tree_free(tree);
    }
    tmpl_env_free(env);
}

/* Nested sections over lists multiply: 20^8 iterations would run for
 * hours; the step budget stops it with a located error. */
static void test_render_budget(void **state)
{
    (void)state;
    tmpl_tree *tree = tmpl_tree_new();
    tmpl_value *root = tmpl_new_object(tree);
    tmpl_tree_set_root(tree, root);
    tmpl_value *l = tmpl_object_set_list(root, "l");
    for (int i = 0; i < 20; i++)
        tmpl_list_append_number(l, i);
    const char *text = "x\n{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}.{{/l}}{{/l}}{{/l}}{{/l}}"
                       "{{/l}}{{/l}}{{/l}}{{/l}}";
    tmpl_options opts = {.escape = TMPL_ESCAPE_NONE, .max_steps = 100000};
    tmpl_buf out;
    tmpl_buf_init(&out);
    tmpl_error err;
    assert_false(tmpl_render_string(text, strlen(text), root, &opts, &out, &err));
    assert_non_null(strstr(err.message, "rendering stopped: more than 100000 steps"));
    assert_int_equal(err.line, 2);
    assert_int_equal(out.len, 0);   /* nothing half-rendered is left */
    tmpl_buf_free(&out);
    tmpl_tree_free(tree);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render_budget),
        cmocka_unit_test(test_memo_same_as_render),
        cmocka_unit_test(test_memo_new_nodes),
        cmocka_unit_test(spec_comments),
        cmocka_unit_test(spec_delimiters),
        cmocka_unit_test(spec_interpolation),
        cmocka_unit_test(spec_inverted),
        cmocka_unit_test(spec_partials),
        cmocka_unit_test(spec_sections),
        cmocka_unit_test(spec_dynamic_names),
        cmocka_unit_test(spec_lambdas),
        cmocka_unit_test(spec_inheritance),
        cmocka_unit_test(test_escape_modes),
        cmocka_unit_test(test_values_render),
        cmocka_unit_test(test_nested_partial_indent),
        cmocka_unit_test(test_indent_line_starts),
        cmocka_unit_test(test_render_steps),
        cmocka_unit_test(test_strict_missing_variable),
        cmocka_unit_test(test_error_unclosed_tag),
        cmocka_unit_test(test_error_sections),
        cmocka_unit_test(test_error_delimiters),
        cmocka_unit_test(test_error_names),
        cmocka_unit_test(test_error_partials),
        cmocka_unit_test(test_section_nesting_limit),
        cmocka_unit_test(test_render_depth_limit),
        cmocka_unit_test(test_output_restored_on_error),
        cmocka_unit_test(test_partial_cache),
        cmocka_unit_test(test_stream_sections),
        cmocka_unit_test(test_stream_same_as_list),
        cmocka_unit_test(test_stream_spill),
        cmocka_unit_test(test_stream_errors),
        cmocka_unit_test(test_number_format),
        cmocka_unit_test(test_c_string),
        cmocka_unit_test(test_c_string_every_place),
        cmocka_unit_test(test_doc_lines),
        cmocka_unit_test(test_json_writer_golden),
        cmocka_unit_test(test_tree_objects),
        cmocka_unit_test(test_string_refs),
        cmocka_unit_test(test_shared_nodes),
        cmocka_unit_test(test_tree_refuses_cycles),
        cmocka_unit_test(test_shaped_objects),
        cmocka_unit_test(test_shaped_refusals),
        cmocka_unit_test(test_json_reader_bad_input),
    };
    return cmocka_run_group_tests_name("tmpl", tests, NULL, NULL);
}
