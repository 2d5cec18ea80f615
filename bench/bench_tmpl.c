/* bench_tmpl: builds a model the size of the CIM schema (1500 classes,
 * about a million nodes) and renders a header-like template over all of
 * it, with partials and escaping off, as `mofc gen` will.  Prints the
 * median of several runs. */
#include "bench/bench_stats.h"
#include "codegen/tmpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CLASSES 1500
#define PROPS 20
#define METHODS 6
#define PARAMS 4
#define RUNS 7

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void add_qualifiers(tmpl_value *obj, int n)
{
    tmpl_value *q = tmpl_object_set_list(obj, "qualifiers");
    for (int i = 0; i < n; i++) {
        tmpl_value *e = tmpl_list_append_object(q);
        tmpl_object_set_string(e, "name", i ? "MaxLen" : "Description");
        tmpl_object_set_string(e, "value", "A moderately long qualifier value string");
    }
}

static tmpl_tree *build_model(size_t *nodes)
{
    tmpl_tree *t = tmpl_tree_new();
    tmpl_value *root = tmpl_new_object(t);
    tmpl_tree_set_root(t, root);
    tmpl_object_set_string(root, "schema", "CIM 2.49");
    tmpl_value *classes = tmpl_object_set_list(root, "classes");
    char buf[64];
    size_t n = 3;
    for (int c = 0; c < CLASSES; c++) {
        tmpl_value *cls = tmpl_list_append_object(classes);
        snprintf(buf, sizeof buf, "CIM_Class%d", c);
        tmpl_object_set_string(cls, "name", buf);
        tmpl_object_set_string(cls, "superclass", c ? "CIM_ManagedElement" : "");
        tmpl_object_set_bool(cls, "abstract", c % 3 == 0);
        tmpl_object_set_string(cls, "description",
                               "The class describes a managed element in some detail, "
                               "with enough words to look like a real CIM description.");
        add_qualifiers(cls, 2);
        tmpl_value *props = tmpl_object_set_list(cls, "properties");
        for (int p = 0; p < PROPS; p++) {
            tmpl_value *pr = tmpl_list_append_object(props);
            snprintf(buf, sizeof buf, "Property%d", p);
            tmpl_object_set_string(pr, "name", buf);
            tmpl_object_set_string(pr, "ctype", p % 2 ? "uint32_t" : "const char *");
            tmpl_object_set_bool(pr, "key", p == 0);
            tmpl_object_set_bool(pr, "array", p % 5 == 0);
            tmpl_object_set_number(pr, "index", p);
            add_qualifiers(pr, 2);
            n += 7 + 2 * 3;
        }
        tmpl_value *meths = tmpl_object_set_list(cls, "methods");
        for (int m = 0; m < METHODS; m++) {
            tmpl_value *me = tmpl_list_append_object(meths);
            snprintf(buf, sizeof buf, "Method%d", m);
            tmpl_object_set_string(me, "name", buf);
            tmpl_object_set_string(me, "return_type", "uint32_t");
            tmpl_value *params = tmpl_object_set_list(me, "params");
            for (int a = 0; a < PARAMS; a++) {
                tmpl_value *pa = tmpl_list_append_object(params);
                snprintf(buf, sizeof buf, "Arg%d", a);
                tmpl_object_set_string(pa, "name", buf);
                tmpl_object_set_string(pa, "ctype", "const char *");
                tmpl_object_set_bool(pa, "in", true);
                tmpl_object_set_bool(pa, "out", a == PARAMS - 1);
                tmpl_object_set_bool(pa, "last", a == PARAMS - 1);
                n += 6;
            }
            n += 4;
        }
        n += 10 + 2 * 3;
    }
    *nodes = n;
    return t;
}

static const char *const MAIN_TMPL =
    "/* Generated from {{schema}}. Do not edit. */\n"
    "{{#classes}}\n"
    "/* {{name}}{{#superclass}} : {{superclass}}{{/superclass}}\n"
    " * {{description}}\n"
    "{{#qualifiers}}\n"
    " * [{{name}}(\"{{value}}\")]\n"
    "{{/qualifiers}}\n"
    " */\n"
    "typedef struct {{name}} {\n"
    "{{#properties}}\n"
    "    {{>property}}\n"
    "{{/properties}}\n"
    "} {{name}};\n"
    "{{^abstract}}\n"
    "{{name}} *{{name}}_new(void);\n"
    "{{/abstract}}\n"
    "{{#methods}}\n"
    "{{return_type}} {{name}}_{{name}}({{#params}}{{ctype}}{{#out}}*{{/out}} {{name}}{{^last}}, {{/last}}{{/params}});\n"
    "{{/methods}}\n"
    "{{/classes}}\n";

static const char *const PROPERTY_TMPL =
    "/* {{index}}{{#key}} (key){{/key}}{{#qualifiers}} {{name}}{{/qualifiers}} */\n"
    "{{ctype}}{{#array}} *{{/array}} {{name}};{{#array}}\n"
    "size_t {{name}}_count;{{/array}}\n";

static const char *partials(void *user, const char *name)
{
    (void)user;
    return strcmp(name, "property") == 0 ? PROPERTY_TMPL : NULL;
}

int main(void)
{
    double t0 = now_ms();
    size_t nodes;
    tmpl_tree *model = build_model(&nodes);
    double build_ms = now_ms() - t0;
    if (tmpl_tree_failed(model)) {
        fprintf(stderr, "bench_tmpl: model build failed\n");
        return 1;
    }
    tmpl_error err;
    tmpl_template *t = tmpl_compile("bench", MAIN_TMPL, strlen(MAIN_TMPL), &err);
    tmpl_options opts = {.escape = TMPL_ESCAPE_NONE, .flags = TMPL_STRICT, .partial = partials};
    tmpl_env *env = tmpl_env_new(&opts);
    if (!t || !env) {
        fprintf(stderr, "bench_tmpl: %s\n", err.message);
        return 1;
    }
    double times[RUNS];
    size_t out_len = 0;
    for (int r = 0; r < RUNS; r++) {
        tmpl_buf out;
        tmpl_buf_init(&out);
        double s = now_ms();
        if (!tmpl_render(env, t, tmpl_tree_root(model), &out, &err)) {
            char msg[512];
            tmpl_error_format(&err, msg, sizeof msg);
            fprintf(stderr, "bench_tmpl: %s\n", msg);
            return 1;
        }
        times[r] = now_ms() - s;
        out_len = out.len;
        tmpl_buf_free(&out);
    }
    tmpl_buf json;
    tmpl_buf_init(&json);
    double js = now_ms();
    tmpl_value_write_json(tmpl_tree_root(model), &json);
    double json_ms = now_ms() - js;
    double median = bench_median(times, RUNS);
    printf("tmpl-bench: %d classes, ~%zu nodes, %.1f MB arena, build %.1f ms\n", CLASSES, nodes,
           tmpl_tree_bytes(model) / 1e6, build_ms);
    printf("tmpl-bench: render median %.2f ms over %d runs (min %.2f, max %.2f), %.1f MB output, "
           "%.0f MB/s\n",
           median, RUNS, times[0], times[RUNS - 1], out_len / 1e6, out_len / 1e6 / (median / 1e3));
    printf("tmpl-bench: JSON dump %.1f ms, %.1f MB\n", json_ms, json.len / 1e6);
    tmpl_buf_free(&json);
    tmpl_env_free(env);
    tmpl_template_free(t);
    tmpl_tree_free(model);
    return 0;
}
