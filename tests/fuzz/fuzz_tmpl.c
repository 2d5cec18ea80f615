/* Fuzz harness: the template engine (codegen/tmpl). Input: one byte of
 * options (bit 0: HTML escaping, bit 1: strict variables, bit 2: strict
 * partials, bit 3: no partial callback), then the template text. It is
 * compiled, rendered twice with one environment (the second render uses
 * the cached partials) against a fixed model with every kind of value,
 * and the output must be the same both times.
 *
 * Mustache rendering is exponential in the nesting of sections over lists
 * and of partials; the harness renders with a small step budget, so such
 * templates end quickly in the budget error, which is checked too. */
#include "tests/fuzz/fuzz.h"
#include "codegen/tmpl.h"
#include <stdlib.h>
#include <string.h>

enum { FUZZ_MAX_STEPS = 200000 };

static tmpl_tree *tree;
static const tmpl_value *model;

static const char *partial(void *user, const char *name)
{
    (void)user;
    static const struct { const char *name, *text; } p[] = {
        {"a", "[{{name}}|{{>b}}]\n"},
        {"b", "  {{#list}}{{.}},{{/list}}{{^missing}}none{{/missing}}\n"},
        {"rec", "{{>rec}}"},                      /* runs into the partial depth limit */
        {"bad", "{{#open}} never closed"},         /* a partial that does not compile */
        {"obj", "{{#obj}}{{x}}{{y.z}}{{/obj}}"},
        {"", "empty name"},
    };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        if (!strcmp(p[i].name, name))
            return p[i].text;
    return NULL;
}

static void build_model(void)
{
    tree = tmpl_tree_new();
    tmpl_value *root = tmpl_new_object(tree);
    tmpl_object_set_string(root, "name", "CIM_<Element> & \"x\"");
    tmpl_object_set_stringn(root, "nul", "a\0b\xff", 4);
    tmpl_object_set_string(root, "empty", "");
    tmpl_object_set_string(root, "pname", "a");
    tmpl_object_set_string(root, "self", "rec");
    tmpl_object_set_number(root, "n", 1.21);
    tmpl_object_set_number(root, "zero", 0);
    tmpl_object_set_number(root, "big", 1e300);
    tmpl_object_set_bool(root, "t", true);
    tmpl_object_set_bool(root, "f", false);
    tmpl_object_set_null(root, "null");
    tmpl_value *list = tmpl_object_set_list(root, "list");
    tmpl_list_append_string(list, "one");
    tmpl_list_append_number(list, 2);
    tmpl_list_append_bool(list, true);
    tmpl_object_set_list(root, "nolist");
    tmpl_value *objs = tmpl_object_set_list(root, "objs");
    for (int i = 0; i < 2; i++) {
        tmpl_value *o = tmpl_list_append_object(objs);
        tmpl_object_set_number(o, "x", i);
        tmpl_object_set_string(o, "name", i ? "second" : "first");
        tmpl_object_set_bool(o, "last", i == 1);
    }
    tmpl_value *obj = tmpl_object_set_object(root, "obj");
    tmpl_object_set_string(obj, "x", "ex");
    tmpl_value *y = tmpl_object_set_object(obj, "y");
    tmpl_object_set_string(y, "z", "zed");
    tmpl_object_set_string(y, "a.b", "dotted key");
    tmpl_tree_set_root(tree, root);
    if (tmpl_tree_failed(tree))
        abort();
    model = tmpl_tree_root(tree);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    build_model();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model)
        build_model();
    if (size < 1)
        return 0;
    unsigned flags = data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;

    tmpl_error err;
    tmpl_template *t = tmpl_compile("fuzz", text, len, &err);
    if (!t) {
        FUZZ_ASSERT(err.message[0] != '\0');
        FUZZ_ASSERT(err.line >= 1 && err.column >= 1);
        char buf[512];
        tmpl_error_format(&err, buf, sizeof buf);
        return 0;
    }
    tmpl_options opts = {
        .escape = flags & 1 ? TMPL_ESCAPE_HTML : TMPL_ESCAPE_NONE,
        .flags = (flags & 2 ? TMPL_STRICT_VARS : 0u) | (flags & 4 ? TMPL_STRICT_PARTIALS : 0u),
        .partial = flags & 8 ? NULL : partial,
        .max_steps = FUZZ_MAX_STEPS,
    };
    tmpl_env *env = tmpl_env_new(&opts);
    FUZZ_ASSERT(env != NULL);
    tmpl_buf out1, out2;
    tmpl_buf_init(&out1);
    tmpl_buf_init(&out2);
    tmpl_error e1, e2;
    bool ok1 = tmpl_render(env, t, model, &out1, &e1);
    bool ok2 = tmpl_render(env, t, model, &out2, &e2);
    FUZZ_ASSERT(ok1 == ok2);
    if (ok1) {
        FUZZ_ASSERT(out1.len == out2.len);
        FUZZ_ASSERT(out1.len == 0 || !memcmp(out1.data, out2.data, out1.len));
    } else {
        FUZZ_ASSERT(out1.len == 0);   /* a failed render leaves the buffer as it was */
        FUZZ_ASSERT(!strcmp(e1.message, e2.message) && e1.line == e2.line);
    }
    tmpl_buf_free(&out1);
    tmpl_buf_free(&out2);
    tmpl_env_free(env);
    tmpl_template_free(t);
    return 0;
}
