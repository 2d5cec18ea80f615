/* Front end: every literal form and escape, every construct in both
 * dialects, malformed inputs with their exact diagnostics, error recovery,
 * encodings and includes. */
#define _GNU_SOURCE   /* sched_setaffinity, CPU_SET (cpus_follow_affinity) */
#include "tests/unit/fixture.h"
#include "common/cpus.h"
#include "common/prefault.h"
#include "common/ptr_map.h"
#include "parser/read_ahead.h"
#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const ast_instance *first_instance(fx *f)
{
    for (size_t i = 0; i < f->unit.n; i++)
        if (f->unit.items[i].kind == ITEM_INSTANCE)
            return f->unit.items[i].u.inst;
    fail_msg("no instance parsed");
    return NULL;
}

static const ast_class *class_at(fx *f, size_t k)
{
    for (size_t i = 0; i < f->unit.n; i++)
        if (f->unit.items[i].kind == ITEM_CLASS && k-- == 0)
            return f->unit.items[i].u.cls;
    fail_msg("class not found");
    return NULL;
}

static const ast_value *prop(const ast_instance *in, const char *name)
{
    for (size_t i = 0; i < in->nprops; i++)
        if (!strcmp(in->props[i].name.name, name))
            return in->props[i].value;
    fail_msg("property %s not found", name);
    return NULL;
}

static void assert_int(const ast_value *v, bool neg, uint64_t mag, ast_int_base base)
{
    assert_int_equal(v->kind, VAL_INT);
    assert_int_equal(v->u.i.neg, neg);
    assert_true(v->u.i.mag == mag);
    assert_int_equal(v->u.i.base, base);
}

static void literals(void **state)
{
    (void)state;
    fx f;
    fx_parse(&f,
             "instance of X {\n"
             " d = 42; n = -17; z = +0; b = 101b; nb = -11B; o = 017; h = 0x1F; H = 0XffFF;\n"
             " big = 18446744073709551615; r1 = 1.5e3; r2 = -.5; r3 = 2.25; r4 = 1E-2;\n"
             " c = 'x'; ce = '\\n'; cx = '\\x41'; cu = '\\xe9';\n"
             " t = true; F = FALSE; nl = null; a = {1, \"two\", 3.0}; e = {};\n"
             " s = \"esc: \\b\\t\\n\\f\\r\\\"\\'\\\\ \\x41\\X263a \\x7e\";\n"
             " cat = \"ab\" \"cd\" // comment between\n   /* and another */ \"ef\";\n"
             " u = \"caf\xc3\xa9\";\n"
             "};\n",
             DIALECT_DMTF);
    const ast_instance *in = first_instance(&f);
    assert_int(prop(in, "d"), false, 42, BASE_DEC);
    assert_int(prop(in, "n"), true, 17, BASE_DEC);
    assert_int(prop(in, "z"), false, 0, BASE_DEC);
    assert_int(prop(in, "b"), false, 5, BASE_BIN);
    assert_int(prop(in, "nb"), true, 3, BASE_BIN);
    assert_int(prop(in, "o"), false, 15, BASE_OCT);
    assert_int(prop(in, "h"), false, 31, BASE_HEX);
    assert_int(prop(in, "H"), false, 65535, BASE_HEX);
    assert_int(prop(in, "big"), false, UINT64_MAX, BASE_DEC);
    assert_true(prop(in, "r1")->kind == VAL_REAL && prop(in, "r1")->u.r == 1500.0);
    assert_true(prop(in, "r2")->u.r == -0.5);
    assert_true(prop(in, "r3")->u.r == 2.25);
    assert_true(prop(in, "r4")->u.r == 0.01);
    assert_int_equal(prop(in, "c")->u.c16, 'x');
    assert_int_equal(prop(in, "ce")->u.c16, '\n');
    assert_int_equal(prop(in, "cx")->u.c16, 0x41);
    assert_int_equal(prop(in, "cu")->u.c16, 0xe9);
    assert_true(prop(in, "t")->kind == VAL_BOOL && prop(in, "t")->u.b);
    assert_true(prop(in, "F")->kind == VAL_BOOL && !prop(in, "F")->u.b);
    assert_int_equal(prop(in, "nl")->kind, VAL_NULL);
    const ast_value *a = prop(in, "a");
    assert_int_equal(a->kind, VAL_ARRAY);
    assert_int_equal(a->u.arr.n, 3);
    assert_string_equal(a->u.arr.items[1]->u.str.s, "two");
    assert_int_equal(prop(in, "e")->u.arr.n, 0);
    assert_string_equal(prop(in, "s")->u.str.s, "esc: \b\t\n\f\r\"'\\ A\xe2\x98\xba ~");
    assert_string_equal(prop(in, "cat")->u.str.s, "abcdef");
    assert_string_equal(prop(in, "u")->u.str.s, "caf\xc3\xa9");
    fx_done(&f);
}

static const char dmtf_constructs[] =
    "#pragma locale (\"en_US\")\n"
    "#pragma instancelocale (\"en_US\")\n"
    "#pragma namespace (\"root/cimv2\")\n"
    "#pragma nonlocal (\"x\")\n"
    "#pragma nonlocaltype (\"x\")\n"
    "#pragma source (\"x\")\n"
    "#pragma sourcetype (\"x\")\n"
    "Qualifier Description : string = null, Scope(any), Flavor(EnableOverride, ToSubclass, Translatable);\n"
    "Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride, ToSubclass);\n"
    "Qualifier ValueMap : string[], Scope(property, method, parameter);\n"
    "Qualifier MaxLen : uint32[3] = {1, 2, 3}, Scope(class, qualifier, association, indication), Flavor(Restricted);\n"
    "[Abstract, Description (\"base\") : ToSubclass DisableOverride]\n"
    "class Base as $B {\n"
    "  [Key] string Id;\n"
    "  boolean b = true; string s; char16 c; datetime dt; uint8 u8; sint8 s8;\n"
    "  uint16 u16; sint16 s16; uint32 u32; sint32 s32; uint64 u64; sint64 s64;\n"
    "  real32 r32; real64 r64;\n"
    "  uint8 fixed[4]; string var[] = {\"a\", \"b\"};\n"
    "  [ValueMap {\"0\", \"1..3\"}] uint32 Do([In] string a, [In, Out] Base REF r, [Out] uint8 arr[]);\n"
    "};\n"
    "[Association] class Assoc { [Key] Base REF A; [Key] Base REF B; };\n"
    "instance of Base as $b1 { Id = \"one\"; var = {\"x\"}; };\n"
    "instance of Assoc { A = $b1; B = \"Base.Id=\\\"one\\\"\"; };\n";

static void constructs_dmtf(void **state)
{
    (void)state;
    fx f;
    fx_parse(&f, dmtf_constructs, DIALECT_DMTF);
    assert_int_equal(f.ctx.diag.n, 0);
    assert_int_equal(f.unit.n, 7 + 4 + 2 + 2);
    const ast_class *c = class_at(&f, 0);
    assert_string_equal(c->name.name, "Base");
    assert_string_equal(c->alias.name, "B");
    assert_int_equal(c->quals.n, 2);
    assert_int_equal(c->quals.items[1].flavor_bits, FL_TO_SUBCLASS | FL_DISABLE_OVERRIDE);
    assert_int_equal(c->nfeatures, 18);
    assert_int_equal(c->features[15].type.type, TYPE_UINT8);
    assert_true(c->features[15].type.fixed && c->features[15].type.size == 4);
    assert_true(c->features[16].type.array && !c->features[16].type.fixed);
    const ast_feature *m = &c->features[17];
    assert_int_equal(m->kind, FEAT_METHOD);
    assert_int_equal(m->nparams, 3);
    assert_int_equal(m->params[1].type.type, TYPE_REF);
    assert_string_equal(m->params[1].type.name.name, "Base");
    assert_true(m->params[2].type.array);
    const ast_class *a = class_at(&f, 1);
    assert_int_equal(a->features[0].kind, FEAT_REFERENCE);
    const ast_qualifier_decl *q = f.unit.items[10].u.qdecl;
    assert_int_equal(q->scopes, SC_CLASS | SC_QUALIFIER | SC_ASSOCIATION | SC_INDICATION);
    assert_true(q->type.fixed && q->type.size == 3);
    assert_int_equal(f.unit.items[7].u.qdecl->scopes, SC_ANY);
    for (size_t i = 1; i < f.ctx.sources.n; i++)
        assert_int_equal(f.ctx.sources.files[i]->dialect, DIALECT_DMTF);
    fx_done(&f);
}

static const char wmi_constructs[] =
    "#pragma namespace (\"\\\\\\\\.\\\\root\\\\HyperVCluster\\\\v2\")\n"
    "#pragma classflags (\"forceupdate\", \"safeupdate\")\n"
    "#pragma instanceflags (\"updateonly\")\n"
    "#pragma deleteclass (\"Old_Class\", NOFAIL)\n"
    "#pragma deleteinstance (\"Old_Class.Name=\\\"x\\\"\", FAIL)\n"
    "#pragma autorecover\n"
    "#pragma amendment (\"MS_409\")\n"
    "Qualifier Description : ToSubclass Amended;\n"
    "[Dynamic, Provider (\"VmmsWmiInstanceAndMethodProvider\"), AMENDMENT, Locale (0x409)]\n"
    "class Msvm_X {\n"
    "  [Key, Description (\"id\") : Amended ToSubclass] string Id;\n"
    "  object Blob;\n"
    "  [Description (\"m\") : ToInstance NotToInstance NotToSubclass] void Reset([In] object o);\n"
    "};\n"
    "instance of __Namespace { Name = \"child\"; };\n"
    "instance of Msvm_X { Id = \"x\"; Blob = instance of Msvm_X { Id = \"inner\"; }; };\n";

static void constructs_wmi(void **state)
{
    (void)state;
    fx f;
    fx_parse(&f, wmi_constructs, DIALECT_AUTO);
    assert_int_equal(f.ctx.diag.n, 0);
    assert_int_equal(f.ctx.sources.files[1]->dialect, DIALECT_WMI);
    assert_string_equal(f.unit.items[0].u.pragma->args[0].value->u.str.s,
                        "\\\\.\\root\\HyperVCluster\\v2");
    const ast_qualifier_decl *q = f.unit.items[7].u.qdecl;
    assert_true(q->short_form);
    assert_int_equal(q->flavor_bits, FL_TO_SUBCLASS | FL_AMENDED);
    const ast_class *c = class_at(&f, 0);
    assert_int_equal(c->features[1].type.type, TYPE_OBJECT);
    assert_int_equal(c->features[2].type.type, TYPE_VOID);
    const ast_value *blob = f.unit.items[10].u.inst->props[1].value;
    assert_int_equal(blob->kind, VAL_INSTANCE);
    assert_string_equal(blob->u.inst->props[0].value->u.str.s, "inner");
    fx_done(&f);

    /* The same text under --dialect=dmtf: each WMI construct is named. */
    fx_parse(&f, wmi_constructs, DIALECT_DMTF);
    fx_expect(&f, "MOF1040", 1, 20, "a '\\\\.\\' namespace path is a WMI extension (use --dialect=wmi)");
    fx_expect(&f, "MOF1040", 2, 9, "'#pragma classflags' is a WMI extension (use --dialect=wmi)");
    fx_expect(&f, "MOF1040", 3, 9, "'#pragma instanceflags' is a WMI extension (use --dialect=wmi)");
    fx_expect(&f, "MOF1040", 4, 9, "'#pragma deleteclass' is a WMI extension (use --dialect=wmi)");
    fx_expect(&f, "MOF1040", 5, 9, "'#pragma deleteinstance' is a WMI extension (use --dialect=wmi)");
    fx_expect(&f, "MOF1040", 6, 9, "'#pragma autorecover' is a WMI extension (use --dialect=wmi)");
    fx_expect(&f, "MOF1040", 7, 9, "'#pragma amendment' is a WMI extension (use --dialect=wmi)");
    fx_expect(&f, "MOF1040", 8, 25, "a qualifier declaration without a type is a WMI extension (use --dialect=wmi)");
    fx_expect(&f, "MOF1040", 8, 36, "the 'Amended' flavor is a WMI extension (use --dialect=wmi)");
    fx_expect(&f, "MOF1040", 9, 58, "the 'AMENDMENT' qualifier is a WMI extension (use --dialect=wmi)");
    fx_expect(&f, "MOF1040", 11, 30, "the 'Amended' flavor is a WMI extension (use --dialect=wmi)");
    fx_expect(&f, "MOF1040", 12, 3, "the 'object' type is a WMI extension (use --dialect=wmi)");
    fx_expect(&f, "MOF1040", 13, 24, "the 'ToInstance' flavor is a WMI extension (use --dialect=wmi)");
    fx_expect(&f, "MOF1040", 13, 35, "the 'NotToInstance' flavor is a WMI extension (use --dialect=wmi)");
    fx_expect(&f, "MOF1040", 13, 49, "the 'NotToSubclass' flavor is a WMI extension (use --dialect=wmi)");
    fx_expect(&f, "MOF1040", 13, 80, "the 'object' type is a WMI extension (use --dialect=wmi)");
    fx_expect(&f, "MOF1040", 13, 64, "the 'void' return type is a WMI extension (use --dialect=wmi)");
    fx_expect(&f, "MOF1040", 15, 13, "'instance of __Namespace' is a WMI extension (use --dialect=wmi)");
    fx_expect(&f, "MOF1040", 16, 39, "an embedded 'instance of' value is a WMI extension (use --dialect=wmi)");
    fx_done(&f);
}

static void keywords_case_insensitive(void **state)
{
    (void)state;
    fx f;
    fx_parse(&f, "QUALIFIER k : BOOLEAN, SCOPE(CLASS);\n[K] CLASS a : b { UINT32 X; STRING Y = NULL; "
                 "B ref R; };\nINSTANCE OF a AS $q { X = TRUE; };\n",
                 DIALECT_AUTO);
    assert_int_equal(f.ctx.diag.n, 0);
    assert_int_equal(class_at(&f, 0)->features[0].type.type, TYPE_UINT32);
    assert_int_equal(class_at(&f, 0)->features[2].kind, FEAT_REFERENCE);
    fx_done(&f);
}

/* ---- malformed input: one exact diagnostic each ------------------------ */

typedef struct bad_case {
    const char *src;
    const char *code;
    unsigned line, col;
    const char *msg;
} bad_case;

static const bad_case bad_cases[] = {
    {"class A {\n  uint32 X\n  uint32 Y;\n};\n", "MOF1020", 2, 11, "expected ';' after property declaration"},
    {"class A {\n  uint32 X;\n}\nclass B { };\n", "MOF1020", 3, 2, "expected ';' after class declaration"},
    {"class A {\n  uint32 M()\n};\n", "MOF1020", 2, 13, "expected ';' after method declaration"},
    {"instance of A {\n  X = 1\n};\n", "MOF1020", 2, 8, "expected ';' after property value"},
    {"instance of A {\n  X = 1;\n}\n", "MOF1020", 3, 2, "expected ';' after instance declaration"},
    {"Qualifier Q : boolean, Scope(any)\nclass A {};\n", "MOF1020", 1, 34, "expected ';' after qualifier declaration"},
    {"class A : { };\n", "MOF1020", 1, 11, "expected identifier before '{'"},
    {"class { };\n", "MOF1020", 1, 7, "expected identifier before '{'"},
    {"class A { uint32 X = ; };\n", "MOF1020", 1, 22, "expected a value, alias, 'instance' or '{' before ';'"},
    {"class A { uint32 X[; };\n", "MOF1020", 1, 20, "expected a value or ']' before ';'"},
    {"class A { uint32 X; ", "MOF1020", 1, 21, "expected identifier, '[' or '}' at end of file"},
    {"class A { [Key uint32 X; };\n", "MOF1020", 1, 16, "expected '(', ',', ':', ']' or '{' before 'uint32'"},
    {"class A { uint128 X; };\n", "MOF1022", 1, 11, "unknown data type 'uint128'"},
    {"class A { void X; };\n", "MOF1022", 1, 11, "'void' is only a method return type"},
    {"class A { uint8 X[0]; };\n", "MOF1020", 1, 19, "array size must be a positive integer"},
    {"class A { [Description(\"x\") : ToEverything] uint8 X; };\n", "MOF1024", 1, 31, "unknown flavor 'ToEverything'"},
    {"Qualifier Q : boolean, Scope(field);\n", "MOF1023", 1, 30, "unknown scope 'field'"},
    {"Qualifier Q : boolean;\n", "MOF1020", 1, 1, "qualifier declaration 'Q' has no 'Scope'"},
    {"Qualifier Q : boolean, Scape(any);\n", "MOF1020", 1, 24, "expected 'Scope' or 'Flavor' instead of 'Scape'"},
    {"instance of A { S = \"abc; };\n", "MOF1011", 1, 21, "missing terminating '\"' character"},
    {"instance of A { S = \"a\\qb\"; };\n", "MOF1017", 1, 23, "unknown escape sequence '\\q'"},
    {"instance of A { S = \"a\\xZ\"; };\n", "MOF1012", 1, 23, "\\x used with no following hex digits"},
    {"instance of A { S = \"\\x0000\"; };\n", "MOF1012", 1, 22, "NUL character in string"},
    {"instance of A { S = \"\\xD800\"; };\n", "MOF1012", 1, 22, "escape names a UTF-16 surrogate, not a character"},
    {"instance of A { C = 'ab'; };\n", "MOF1014", 1, 21, "char16 literal must hold exactly one character"},
    {"instance of A { C = ''; };\n", "MOF1014", 1, 21, "empty char16 literal"},
    {"instance of A { N = 019; };\n", "MOF1015", 1, 21, "invalid digit in octal constant '019'"},
    {"instance of A { N = 102b; };\n", "MOF1015", 1, 21, "invalid digit in binary constant '102b'"},
    {"instance of A { N = 12abc; };\n", "MOF1015", 1, 21, "invalid suffix 'abc' on integer constant"},
    {"instance of A { N = 0xg; };\n", "MOF1015", 1, 21, "invalid hexadecimal constant '0xg'"},
    {"instance of A { N = 18446744073709551616; };\n", "MOF1016", 1, 21, "integer constant is too large"},
    {"class A { uint8 X; }; @\n", "MOF1010", 1, 23, "stray '@' in program"},
    {"/* never closed\nclass A {};\n", "MOF1013", 1, 1, "unterminated comment"},
    /* String and comment bodies are scanned by hand: their edges. */
    {"instance of A { S = \"a\\\"b; };\n", "MOF1011", 1, 21, "missing terminating '\"' character"},
    {"instance of A { S = \"abc", "MOF1011", 1, 21, "missing terminating '\"' character"},
    {"instance of A { S = \"ab\\", "MOF1011", 1, 21, "missing terminating '\"' character"},
    {"class A { }; /*/ x */ /*/\n", "MOF1013", 1, 23, "unterminated comment"},
    {"#pragma frobnicate (\"x\")\n", "MOF1030", 1, 9, "unknown pragma 'frobnicate' ignored"},
    {"#pragma include (1)\n", "MOF1031", 1, 1, "'#pragma include' expects one string argument"},
    {"#pragma namespace\n", "MOF1031", 1, 1, "'#pragma namespace' expects one string argument"},
    {"#pragma deleteclass (\"A\")\n", "MOF1031", 1, 1, "'#pragma deleteclass' expects a string and FAIL or NOFAIL"},
    {"#pragma autorecover (\"x\")\n", "MOF1031", 1, 1, "'#pragma autorecover' takes no argument"},
    {"#pragma include (\"no/such/file.mof\")\n", "MOF1032", 1, 18, "cannot find include file 'no/such/file.mof'"},
    {"class A {}; }\n", "MOF1020", 1, 13, "expected a class, instance or qualifier declaration or a pragma before '}'"},
    {"clas A { uint8 X; };\n", "MOF1020", 1, 1, "expected a class, instance or qualifier declaration or a pragma before 'clas'"},
};

/* Comments and strings whose bodies end at the edges of the text. */
static void comment_and_string_edges(void **state)
{
    (void)state;
    fx f;
    fx_parse(&f, "/**/class A { [Description(\"x\\\"/*\" \"y\")] string S = \"//\"; }; // end", DIALECT_AUTO);
    assert_int_equal(f.ctx.diag.n, 0);
    assert_int_equal(f.unit.n, 1);
    assert_string_equal(class_at(&f, 0)->name.name, "A");
    fx_done(&f);
}

/* The scanner reads the file's own text and marks the end of each match
 * with a NUL, which it puts back: once a parse is over, also one that
 * stopped early (the error limit, the nesting limit, an unterminated
 * comment), the text is the file's, byte for byte (a text that is kept,
 * as this one from memory, shows its lines in diagnostics). */
static void text_whole_after_parse(void **state)
{
    (void)state;
    static const struct { const char *src; size_t max_errors, max_nesting; } cases[] = {
        {"class \xc3\x84 { string S = \"caf\xc3\xa9\"; uint32 X = 1; };\n", 0, 0},
        {"class A { uint32 X };\nclass B { uint8 Y };\nclass C { uint8 Z; };\n", 1, 0},
        {"instance of A { S = {{{ 1 }}}; };\nclass B { };\n", 0, 2},
        {"class A { }; /* never closed", 0, 0},
        {"instance of A { S = \"abc\n\"; T = 'x'; // end", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mofc_ctx ctx;
        mofc_ctx_init(&ctx);
        if (cases[i].max_errors)
            ctx.diag.max_errors = cases[i].max_errors;
        if (cases[i].max_nesting)
            ctx.limits.max_nesting = cases[i].max_nesting;
        ast_unit unit = {0};
        size_t n = strlen(cases[i].src);
        mof_parse_memory(&ctx, "t.mof", cases[i].src, n, &unit);
        const source_file *sf = source_get(&ctx.sources, 1);
        assert_non_null(sf);
        assert_non_null(sf->text);
        assert_int_equal(sf->len, n);
        if (memcmp(sf->text, cases[i].src, n + 1) != 0)
            fail_msg("case %zu: the text changed in the parse", i);
        mofc_ctx_free(&ctx);
    }
}

static void malformed(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *c = &bad_cases[i];
        fx f;
        fx_parse(&f, c->src, DIALECT_AUTO);
        char got[512];
        if (f.ctx.diag.n == 0)
            fail_msg("case %zu: no diagnostic for %s", i, c->src);
        char want[512];
        snprintf(want, sizeof want, "%s %u:%u %s", c->code, c->line, c->col, c->msg);
        if (strcmp(fx_describe(&f, 0, got, sizeof got), want) != 0)
            fail_msg("case %zu:\n  want: %s\n  got:  %s", i, want, got);
        f.checked = f.ctx.diag.n;   /* follow-on diagnostics are not the point here */
        if (!strcmp(c->code, "MOF1032"))
            assert_non_null(f.ctx.diag.items[0].notes);
        fx_done(&f);
    }
}

static void recovery(void **state)
{
    (void)state;
    fx f;
    fx_parse(&f,
             "class A {\n  uint32 X\n  uint32 Y;\n  string Z;\n};\n"
             "class B {\n  uint32 = 5;\n  string W;\n};\n"
             "class C { uint8 OK; };\n",
             DIALECT_AUTO);
    fx_expect(&f, "MOF1020", 2, 11, "expected ';' after property declaration");
    fx_expect(&f, "MOF1020", 7, 10, "expected identifier or 'ref' before '='");
    fx_done(&f);
    /* class C survived both errors */
    bool found = false;
    fx_parse(&f, "class A { uint32 X };\nclass B { uint8 Y };\nclass C { uint8 Z; };\n", DIALECT_AUTO);
    fx_expect(&f, "MOF1020", 1, 19, "expected ';' after property declaration");
    fx_expect(&f, "MOF1020", 2, 18, "expected ';' after property declaration");
    for (size_t i = 0; i < f.unit.n; i++)
        found |= f.unit.items[i].kind == ITEM_CLASS && !strcmp(f.unit.items[i].u.cls->name.name, "C");
    assert_true(found);
    fx_done(&f);
}

static void error_cap(void **state)
{
    (void)state;
    char src[4096] = "";
    for (int i = 0; i < 60; i++)
        strcat(src, "class A { uint128 X; };\n");
    fx f;
    fx_parse(&f, src, DIALECT_AUTO);
    assert_int_equal(f.ctx.diag.n, 51);   /* 50 errors, then the stop */
    assert_int_equal(f.ctx.diag.errors, 51);
    assert_string_equal(f.ctx.diag.items[49].msg, "unknown data type 'uint128'");
    assert_string_equal(f.ctx.diag.items[50].msg, "too many errors (50), stopping");
    f.checked = f.ctx.diag.n;
    fx_done(&f);
}

/* ---- encodings --------------------------------------------------------- */

static size_t to_utf16(const char *s, unsigned char *out, bool le, bool bom)
{
    size_t n = 0;
    if (bom) {
        out[n++] = le ? 0xFF : 0xFE;
        out[n++] = le ? 0xFE : 0xFF;
    }
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned cp = *p++;
        if (cp >= 0xC0) {   /* 2-byte UTF-8 is all these tests use */
            cp = ((cp & 0x1F) << 6) | (*p++ & 0x3F);
        }
        out[n++] = (unsigned char)(le ? cp & 0xFF : cp >> 8);
        out[n++] = (unsigned char)(le ? cp >> 8 : cp & 0xFF);
    }
    return n;
}

static void parse_bytes(fx *f, const unsigned char *b, size_t n)
{
    memset(f, 0, sizeof *f);
    mofc_ctx_init(&f->ctx);
    mof_parse_memory(&f->ctx, "t.mof", b, n, &f->unit);
}

static void encodings(void **state)
{
    (void)state;
    /* The error column counts characters: "é" is one, in every encoding. */
    const char *src = "class \xc3\xa9t\xc3\xa9 { uint128 X; };\n";
    unsigned char buf[256];
    fx f;
    for (int form = 0; form < 5; form++) {
        size_t n;
        if (form == 0) { n = strlen(src); memcpy(buf, src, n); }
        else if (form == 1) { buf[0] = 0xEF; buf[1] = 0xBB; buf[2] = 0xBF; n = 3 + strlen(src); memcpy(buf + 3, src, n - 3); }
        else if (form == 2) n = to_utf16(src, buf, true, true);
        else if (form == 3) n = to_utf16(src, buf, false, true);
        else n = to_utf16(src, buf, true, false);
        parse_bytes(&f, buf, n);
        fx_expect(&f, "MOF1022", 1, 13, "unknown data type 'uint128'");
        assert_string_equal(class_at(&f, 0)->name.name, "\xc3\xa9t\xc3\xa9");
        fx_done(&f);
    }
    static const struct { const char *bytes; size_t n; unsigned line, col; const char *msg; } bad[] = {
        {"class A {};\n\xff\xfe", 14, 2, 1, "invalid UTF-8 sequence"},
        {"ab\xc0\xaf", 4, 1, 3, "invalid UTF-8 sequence"},          /* overlong */
        {"ab\xed\xa0\x80", 5, 1, 3, "invalid UTF-8 sequence"},      /* surrogate */
        {"class\0A", 7, 1, 6, "NUL byte in source file"},
        {"\xff\xfe" "a\0b", 5, 1, 2, "odd number of bytes in UTF-16 file"},
        {"\xff\xfe" "a\0\x00\xd8", 6, 1, 2, "unpaired UTF-16 surrogate"},
        {"\xff\xfe" "a\0\x00\xdc", 6, 1, 2, "unpaired UTF-16 surrogate"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        parse_bytes(&f, (const unsigned char *)bad[i].bytes, bad[i].n);
        fx_expect(&f, "MOF1002", bad[i].line, bad[i].col, bad[i].msg);
        fx_done(&f);
    }
}

/* The prefixes of numbers that no rule takes ("1.5e", "7.", "+.", "09.")
 * and a '#' before anything but pragma/include are cut back to what a
 * rule takes, as the scanner's backing up did (mof_lexer.l has rules of
 * their own for them, so that it never backs up). */
static void number_prefixes(void **state)
{
    (void)state;
    fx f;
    fx_parse(&f, "instance of A { a = 1.5ex; b = 1e+2x; c = 7.x; d = +.x; e = 09.x; f = # x; };\n"
                 "#  PRAGMA locale(\"en_US\")\n#pragm\n",
             DIALECT_DMTF);
    fx_expect(&f, "MOF1020", 1, 24, "expected ';' after property value");
    fx_expect(&f, "MOF1020", 1, 36, "expected ';' after property value");
    fx_expect(&f, "MOF1010", 1, 44, "stray '.' in program");
    fx_expect(&f, "MOF1020", 1, 44, "expected ';' after property value");
    fx_expect(&f, "MOF1010", 1, 52, "stray '+' in program");
    fx_expect(&f, "MOF1010", 1, 53, "stray '.' in program");
    fx_expect(&f, "MOF1020", 1, 54, "expected a value, alias, 'instance' or '{' before 'x'");
    fx_expect(&f, "MOF1015", 1, 61, "invalid digit in octal constant '09'");
    fx_expect(&f, "MOF1010", 1, 63, "stray '.' in program");
    fx_expect(&f, "MOF1020", 1, 63, "expected ';' after property value");
    fx_expect(&f, "MOF1010", 1, 71, "stray '#' in program");
    fx_expect(&f, "MOF1020", 1, 73, "expected a value, alias, 'instance' or '{' before 'x'");
    fx_expect(&f, "MOF1010", 3, 1, "stray '#' in program");
    fx_expect(&f, "MOF1020", 3, 2,
              "expected a class, instance or qualifier declaration or a pragma before 'pragm'");
    fx_done(&f);
}

/* Decoding and line tables look at 32 bytes at a time: a NUL, a byte
 * above 0x7F or a line break at every place of a block, in the last
 * bytes past the blocks, or none, give what a byte-by-byte reading gives
 * (the error's offset, the ASCII flag, every line start). */
static void scans_by_blocks(void **state)
{
    (void)state;
    unsigned char raw[160];
    for (size_t len = 0; len <= 100; len++)
        for (size_t at = 0; at <= len; at++)
            for (int kind = 0; kind < 4; kind++) {
                /* lines of 1..7 bytes, the odd byte at 'at' (none when at == len) */
                for (size_t i = 0; i < len; i++)
                    raw[i] = (i * 7 + len) % 8 == 0 ? '\n' : (unsigned char)('a' + i % 26);
                static const unsigned char odd[4][2] = {{0}, {0xC3, 0xA9}, {0xFF}, {'\n'}};
                size_t olen = kind == 1 ? 2 : 1;
                if (at + olen <= len)
                    memcpy(raw + at, odd[kind], olen);
                bool placed = at + olen <= len;
                size_t out_len, off;
                src_encoding enc;
                bool ascii;
                const char *msg;
                char *text = source_decode(raw, len, &out_len, &enc, &ascii, &msg, &off);
                if (placed && kind == 0) {
                    assert_string_equal(msg, "NUL byte in source file");
                    assert_int_equal(off, at);
                } else if (placed && kind == 2) {
                    assert_string_equal(msg, "invalid UTF-8 sequence");
                    assert_int_equal(off, at);
                } else {
                    assert_null(msg);
                    assert_int_equal(out_len, len);
                    assert_memory_equal(text, raw, len);
                    assert_int_equal(ascii, !(placed && kind == 1));
                    size_t n;
                    bool narrow;
                    void *lines = source_scan_lines(text, len, &n, &narrow);
                    assert_true(narrow);
                    const uint16_t *l = lines;
                    size_t k = 0;
                    assert_int_equal(l[k++], 0);
                    for (size_t i = 0; i < len; i++)
                        if (raw[i] == '\n') {
                            assert_true(k < n);
                            assert_int_equal(l[k++], i + 1);
                        }
                    assert_int_equal(k, n);
                    free(lines);
                }
                free(text);
            }
    /* A text of 64 KiB or more keeps 32-bit line starts. */
    size_t big = 70000;
    char *text = malloc(big);
    assert_non_null(text);
    for (size_t i = 0; i < big; i++)
        text[i] = i % 1000 == 999 ? '\n' : 'x';
    size_t n;
    bool narrow;
    uint32_t *l = source_scan_lines(text, big, &n, &narrow);
    assert_false(narrow);
    assert_int_equal(n, big / 1000 + 1);
    for (size_t k = 1; k < n; k++)
        assert_int_equal(l[k], k * 1000);
    free(l);
    free(text);
}

/* ---- leniencies of the tools MOF is written for (docs/dialects.md) --- */

static const ast_value *only_value(fx *f, const char *name)
{
    return prop(first_instance(f), name);
}

/* The note a DMTF error carries, naming the dialect that accepts it. */
static void expect_note(fx *f, size_t i, const char *start)
{
    diag_note *n = f->ctx.diag.items[i].notes;
    assert_non_null(n);
    assert_int_equal(strncmp(n->msg, start, strlen(start)), 0);
}

static void unknown_escape(void **state)
{
    (void)state;
    fx f;
    const char *src = "instance of A { S = \"on\\off\"; T = \"caf\\\xc3\xa9\"; };\n";
    /* DMTF (DSP0004): an error; the value keeps the text as written. */
    fx_parse(&f, src, DIALECT_DMTF);
    fx_expect(&f, "MOF1017", 1, 24, "unknown escape sequence '\\o'");
    fx_expect(&f, "MOF1017", 1, 39, "unknown escape sequence '\\\xc3\xa9'");
    assert_int_equal(f.ctx.diag.items[0].sev, SEV_ERROR);
    expect_note(&f, 0, "DSP0004's escapes are \\b \\t");
    assert_string_equal(only_value(&f, "S")->u.str.s, "on\\off");
    assert_string_equal(only_value(&f, "T")->u.str.s, "caf\\\xc3\xa9");
    assert_true(mof_parse_tree_whole(&f.ctx));
    fx_done(&f);
    /* WMI (and OMI, OpenPegasus): a warning, the backslash kept. */
    fx_parse(&f, src, DIALECT_WMI);
    fx_expect(&f, "MOF1017", 1, 24, "unknown escape sequence '\\o'");
    fx_expect(&f, "MOF1017", 1, 39, "unknown escape sequence '\\\xc3\xa9'");
    assert_int_equal(f.ctx.diag.errors, 0);
    assert_int_equal(f.ctx.diag.warnings, 2);
    expect_note(&f, 0, "DSP0004's escapes are");
    assert_string_equal(only_value(&f, "S")->u.str.s, "on\\off");
    fx_done(&f);
    /* --dialect=auto decides once the file is read: a WMI pragma after
     * the escape still makes it a warning. */
    fx_parse(&f, "instance of A { S = \"on\\off\"; };\n#pragma autorecover\n", DIALECT_AUTO);
    fx_expect(&f, "MOF1017", 1, 24, "unknown escape sequence '\\o'");
    assert_int_equal(f.ctx.diag.items[0].sev, SEV_WARNING);
    fx_done(&f);
    fx_parse(&f, "instance of A { S = \"on\\off\"; };\n", DIALECT_AUTO);
    fx_expect(&f, "MOF1017", 1, 24, "unknown escape sequence '\\o'");
    assert_int_equal(f.ctx.diag.items[0].sev, SEV_ERROR);
    fx_done(&f);
    /* -Wno-unknown-escape and --werror apply to the resolved warning. */
    memset(&f, 0, sizeof f);
    mofc_ctx_init(&f.ctx);
    f.ctx.dialect = DIALECT_WMI;
    assert_true(diag_set_enabled(&f.ctx.diag, "unknown-escape", false));
    mof_parse_memory(&f.ctx, "t.mof", src, strlen(src), &f.unit);
    assert_int_equal(f.ctx.diag.n, 0);
    assert_int_equal(f.ctx.diag.warnings, 0);
    fx_done(&f);
    memset(&f, 0, sizeof f);
    mofc_ctx_init(&f.ctx);
    f.ctx.dialect = DIALECT_WMI;
    f.ctx.diag.werror = true;
    mof_parse_memory(&f.ctx, "t.mof", src, strlen(src), &f.unit);
    assert_int_equal(f.ctx.diag.errors, 2);
    f.checked = 2;
    fx_done(&f);
    /* Malformed escapes stay errors in every dialect; the text is kept. */
    fx_parse(&f, "instance of A { S = \"a\\xZ\"; };\n", DIALECT_WMI);
    fx_expect(&f, "MOF1012", 1, 23, "\\x used with no following hex digits");
    assert_string_equal(only_value(&f, "S")->u.str.s, "a\\xZ");
    fx_done(&f);
    /* In a char16 an unknown escape is no character: an error. */
    fx_parse(&f, "instance of A { C = '\\q'; };\n", DIALECT_WMI);
    fx_expect(&f, "MOF1012", 1, 22, "unknown escape sequence '\\q' in a char16 literal");
    fx_done(&f);
    /* '\x0' says what it is. */
    fx_parse(&f, "instance of A { C = '\\x0'; D = '\\x0000'; };\n", DIALECT_DMTF);
    fx_expect(&f, "MOF1014", 1, 22, "'\\x0' is NUL (U+0000), which is not a char16 value");
    fx_expect(&f, "MOF1014", 1, 33, "'\\x0000' is NUL (U+0000), which is not a char16 value");
    fx_done(&f);
}

static void string_newline(void **state)
{
    (void)state;
    fx f;
    const char *src = "instance of A {\n S = \"one\n two \\\"x\n\"; T = \"a\r\nb\"; U = 1; };\n";
    fx_parse(&f, src, DIALECT_DMTF);
    fx_expect(&f, "MOF1018", 2, 10, "newline in string literal");
    fx_expect(&f, "MOF1018", 4, 10, "newline in string literal");
    assert_int_equal(f.ctx.diag.errors, 2);
    expect_note(&f, 0, "a DSP0004 string ends on its line");
    assert_string_equal(only_value(&f, "S")->u.str.s, "one\n two \"x\n");
    assert_string_equal(only_value(&f, "T")->u.str.s, "a\r\nb");
    assert_int(only_value(&f, "U"), false, 1, BASE_DEC);
    assert_true(mof_parse_tree_whole(&f.ctx));
    fx_done(&f);
    fx_parse(&f, src, DIALECT_WMI);
    fx_expect(&f, "MOF1018", 2, 10, "newline in string literal");
    fx_expect(&f, "MOF1018", 4, 10, "newline in string literal");
    assert_int_equal(f.ctx.diag.errors, 0);
    assert_string_equal(only_value(&f, "S")->u.str.s, "one\n two \"x\n");
    fx_done(&f);
    /* A missing closing quote is still that, in every dialect: the next
     * quote opens a string (a name follows it), and recovery goes on at
     * the next line as before. */
    fx_parse(&f, "instance of A { S = \"abc; };\ninstance of A { S = \"x\"; };\n", DIALECT_WMI);
    fx_expect(&f, "MOF1011", 1, 21, "missing terminating '\"' character");
    fx_expect(&f, "MOF1020", 1, 29, "expected ';' after property value");
    fx_done(&f);
    fx_parse(&f, "instance of A { S = \"abc\n", DIALECT_WMI);
    fx_expect(&f, "MOF1011", 1, 21, "missing terminating '\"' character");
    f.checked = f.ctx.diag.n;
    fx_done(&f);
    /* A backslash before the line break: an unknown escape too. */
    fx_parse(&f, "instance of A { S = \"a\\\nb\"; };\n", DIALECT_WMI);
    fx_expect(&f, "MOF1017", 1, 23, "unknown escape sequence: '\\' at the end of a line");
    fx_expect(&f, "MOF1018", 1, 24, "newline in string literal");
    assert_string_equal(only_value(&f, "S")->u.str.s, "a\\\nb");
    fx_done(&f);
}

/* Adjacent literals decode to one value: the lexer decodes each literal
 * as it reads it, and the text is decoded again only for a run that has
 * a literal going on to a later line. Escapes in any literal, comments
 * (holding quotes) between them, a run that turns multi-line midway and a
 * stray character inside a run all give what the source says. */
static void string_runs(void **state)
{
    (void)state;
    fx f;
    fx_parse(&f,
             "instance of A {\n"
             " S1 = \"a\\\"b\" /* \"c\" */ \"d\\x41\" // \"e\"\n"
             "  \"\\\\f\";\n"
             " S2 = \"one\" \"two\nthree\" \"four\";\n"
             " S3 = \"x\ny\" \"z\";\n"
             " S4 = \"p\" \"\" \"q\";\n"
             " S5 = \"k\";\n"
             "};\n",
             DIALECT_WMI);
    fx_expect(&f, "MOF1018", 4, 17, "newline in string literal");
    fx_expect(&f, "MOF1018", 6, 9, "newline in string literal");
    assert_string_equal(only_value(&f, "S1")->u.str.s, "a\"bdA\\f");
    assert_string_equal(only_value(&f, "S2")->u.str.s, "onetwo\nthreefour");
    assert_string_equal(only_value(&f, "S3")->u.str.s, "x\nyz");
    assert_string_equal(only_value(&f, "S4")->u.str.s, "pq");
    assert_int_equal(only_value(&f, "S4")->u.str.len, 2);
    assert_string_equal(only_value(&f, "S5")->u.str.s, "k");
    fx_done(&f);
    /* Literals with only blanks between them and no escapes are one token
     * (mof_lexer.l); one with escapes, after a comment or left open is a
     * token of its own. A syntax error at a joined run shows its first
     * literal, as when each was a token. */
    fx_parse(&f,
             "instance of A { S = \"a\"  \"b\"\t\"c\"\r\n \"d\\x41\" \"e\" /**/ \"f\"; };\n"
             "class B { \"abc\" \"def\" \"ghi\" };\n",
             DIALECT_DMTF);
    fx_expect(&f, "MOF1020", 3, 11, "expected identifier, '[' or '}' before '\"abc\"'");
    assert_string_equal(only_value(&f, "S")->u.str.s, "abcdAef");
    fx_done(&f);
    fx_parse(&f, "instance of A { S = \"p\" @ \"q\\tr\"; T = \"\"; };\n", DIALECT_DMTF);
    fx_expect(&f, "MOF1010", 1, 25, "stray '@' in program");
    assert_string_equal(only_value(&f, "S")->u.str.s, "pq\tr");
    assert_string_equal(only_value(&f, "T")->u.str.s, "");
    fx_done(&f);
}

static void empty_instance(void **state)
{
    (void)state;
    fx f;
    const char *src = "instance of A { };\ninstance of A { X = 1; };\n";
    fx_parse(&f, src, DIALECT_DMTF);
    fx_expect(&f, "MOF1019", 1, 13, "instance of 'A' gives no property value");
    assert_int_equal(f.ctx.diag.items[0].sev, SEV_ERROR);
    expect_note(&f, 0, "DSP0004 and the MI codec need at least one property value");
    assert_true(mof_parse_tree_whole(&f.ctx));
    fx_done(&f);
    /* mofcomp takes it as Microsoft documents it, silently. */
    fx_parse(&f, src, DIALECT_WMI);
    fx_done(&f);
    fx_parse(&f, "instance of A { X = instance of B { }; };\n", DIALECT_WMI);
    fx_done(&f);
    /* A body that went wrong is reported for that only. */
    fx_parse(&f, "instance of A { X = ; };\n", DIALECT_DMTF);
    fx_expect(&f, "MOF1020", 1, 21, "expected a value, alias, 'instance' or '{' before ';'");
    fx_done(&f);
}

static void locales(void **state)
{
    (void)state;
    fx f;
    fx_parse(&f,
             "#pragma locale (\"en_US\")\n#pragma locale (\"en-US\")\n#pragma locale (\"MS_409\")\n"
             "#pragma locale (\"zh_Hans_CN\")\n#pragma instancelocale (\"de\")\n",
             DIALECT_DMTF);
    fx_done(&f);
    fx_parse(&f,
             "#pragma locale (\"junkvalue\")\n#pragma locale (\"\")\n#pragma locale (\"en_\")\n"
             "#pragma locale (\"en__US\")\n#pragma locale (\"e\")\n#pragma instancelocale (\"en US\")\n",
             DIALECT_WMI);
    fx_expect(&f, "MOF1037", 1, 17, "'junkvalue' is not a locale name (such as \"en_US\")");
    fx_expect(&f, "MOF1037", 2, 17, "'' is not a locale name (such as \"en_US\")");
    fx_expect(&f, "MOF1037", 3, 17, "'en_' is not a locale name (such as \"en_US\")");
    fx_expect(&f, "MOF1037", 4, 17, "'en__US' is not a locale name (such as \"en_US\")");
    fx_expect(&f, "MOF1037", 5, 17, "'e' is not a locale name (such as \"en_US\")");
    fx_expect(&f, "MOF1037", 6, 25, "'en US' is not a locale name (such as \"en_US\")");
    assert_int_equal(f.ctx.diag.errors, 0);
    fx_done(&f);
}

/* Validation runs after errors that leave the tree whole, not after a
 * syntax error. */
static void tree_whole(void **state)
{
    (void)state;
    static const struct { const char *src; bool whole; } cases[] = {
        {"instance of A { S = \"a\\qb\"; };\n", true},
        {"instance of A { C = 'ab'; N = 019; M = 99999999999999999999; };\n", true},
        {"class A { [Description(\"x\") : ToEverything] uint8 X; };\n", true},
        {"class A { object X; };\n", true},   /* a WMI construct under --dialect=dmtf */
        {"instance of A { };\n", true},
        {"class A { uint32 X };\n", false},
        {"instance of A { S = \"abc; };\n", false},
        {"class A { uint128 X; };\n", false},
        {"class A { uint8 X; }; @\n", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fx f;
        fx_parse(&f, cases[i].src, DIALECT_DMTF);
        assert_true(f.ctx.diag.errors > 0);
        if (mof_parse_tree_whole(&f.ctx) != cases[i].whole)
            fail_msg("case %zu: %s", i, cases[i].src);
        f.checked = f.ctx.diag.n;
        fx_done(&f);
    }
}

/* A file of many bad escapes keeps as many messages as can be shown,
 * and counts the rest, in both dialects. */
static void pending_cap(void **state)
{
    (void)state;
    size_t n = 3000;
    char *src = malloc(n * 3 + 96);
    assert_non_null(src);
    char *p = src + sprintf(src, "instance of A { S = \"");
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "\\q");
    strcpy(p, "\"; };\n");
    fx f;
    /* Known to be DMTF: the error cap stops the file. */
    fx_parse(&f, src, DIALECT_DMTF);
    assert_int_equal(f.ctx.diag.errors, 51);   /* 50 + "too many errors" */
    assert_true(f.ctx.diag.stopped);
    assert_int_equal(f.ctx.diag.n, 51);
    f.checked = f.ctx.diag.n;
    fx_done(&f);
    /* --dialect=auto: pending until the file is read, then the same. */
    fx_parse(&f, src, DIALECT_AUTO);
    assert_true(f.ctx.diag.stopped);
    assert_true(f.ctx.diag.n <= 50 + 1000 + 1);
    assert_int_equal(f.ctx.diag.items[f.ctx.diag.n - 1].id, DIAG_TOO_MANY_ERRORS);
    assert_int_equal(f.ctx.diag.npending, 0);
    f.checked = f.ctx.diag.n;
    fx_done(&f);
    /* Pending, then WMI (a WMI pragma at the end): warnings, 1000 kept. */
    strcat(src, "#pragma autorecover\n");
    fx_parse(&f, src, DIALECT_AUTO);
    assert_int_equal(f.ctx.diag.errors, 0);
    assert_int_equal(f.ctx.diag.warnings, n);
    assert_int_equal(f.ctx.diag.n, 1000);
    assert_int_equal(f.ctx.diag.warnings_dropped, n - 1000);
    f.checked = f.ctx.diag.n;
    fx_done(&f);
    free(src);
}

/* ---- includes ---------------------------------------------------------- */

static char tmpdir[256];

static void write_file(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static int make_tmp(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/mofc-test-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    char sub[512];
    snprintf(sub, sizeof sub, "%s/inc", tmpdir);
    if (mkdir(sub, 0700) != 0)
        return -1;
    return 0;
}

static int remove_tmp(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void includes(void **state)
{
    (void)state;
    write_file("main.mof", "#pragma include (\"a.mof\")\n#pragma include (\"lib.mof\")\nclass Z : A {};\n");
    write_file("a.mof", "class A { uint8 X; };\n#include (\"b.mof\")\n");
    write_file("b.mof", "class B {};\n");
    write_file("inc/lib.mof", "class L { uint128 bad; };\n");
    char main_path[512], inc[512];
    snprintf(main_path, sizeof main_path, "%s/main.mof", tmpdir);
    snprintf(inc, sizeof inc, "%s/inc", tmpdir);

    fx f;
    /* Without -I, lib.mof is not found; the error is at the directive. */
    fx_parse_file(&f, main_path, DIALECT_AUTO);
    fx_expect(&f, "MOF1032", 2, 18, "cannot find include file 'lib.mof'");
    fx_done(&f);

    /* With -I, it is; an error inside it carries the include chain. */
    memset(&f, 0, sizeof f);
    mofc_ctx_init(&f.ctx);
    const char *dirs[] = {inc};
    f.ctx.include_dirs = dirs;
    f.ctx.ninclude_dirs = 1;
    const char *paths[] = {main_path};
    assert_true(mof_parse_files(&f.ctx, paths, 1, &f.unit));
    fx_expect(&f, "MOF1022", 1, 11, "unknown data type 'uint128'");
    diagnostic *d = &f.ctx.diag.items[0];
    source_file *lib = source_get(&f.ctx.sources, d->span.file);
    assert_non_null(strstr(lib->path, "inc/lib.mof"));
    source_file *parent = source_get(&f.ctx.sources, lib->included_from.file);
    assert_string_equal(parent->path, main_path);
    assert_int_equal(source_pos(parent, lib->included_from.start).line, 2);
    /* Items come in source order, includes spliced in place. */
    const char *order[] = {"A", "B", "L", "Z"};
    size_t k = 0;
    for (size_t i = 0; i < f.unit.n; i++)
        if (f.unit.items[i].kind == ITEM_CLASS)
            assert_string_equal(f.unit.items[i].u.cls->name.name, order[k++]);
    assert_int_equal(k, 4);
    fx_done(&f);

    /* Cycles: a file including itself, and a longer loop. */
    write_file("self.mof", "#pragma include (\"self.mof\")\n");
    snprintf(main_path, sizeof main_path, "%s/self.mof", tmpdir);
    fx_parse_file(&f, main_path, DIALECT_AUTO);
    fx_expect(&f, "MOF1033", 1, 18, "'self.mof' includes itself");
    fx_done(&f);
    write_file("c1.mof", "#pragma include (\"c2.mof\")\n");
    write_file("c2.mof", "class Q {};\n#pragma include (\"c1.mof\")\n");
    snprintf(main_path, sizeof main_path, "%s/c1.mof", tmpdir);
    fx_parse_file(&f, main_path, DIALECT_AUTO);
    fx_expect(&f, "MOF1033", 2, 18, "include cycle: 'c1.mof' is already being read");
    fx_done(&f);
    /* A directory is not a file. */
    write_file("dir.mof", "#pragma include (\"inc\")\n");
    snprintf(main_path, sizeof main_path, "%s/dir.mof", tmpdir);
    fx_parse_file(&f, main_path, DIALECT_AUTO);
    char msg[700];
    snprintf(msg, sizeof msg, "cannot read '%s/./inc': Is a directory", tmpdir);
    (void)msg;
    assert_int_equal(f.ctx.diag.n, 1);
    assert_non_null(strstr(f.ctx.diag.items[0].msg, "Is a directory"));
    f.checked = 1;
    fx_done(&f);
    /* A missing top-level file is an I/O error without a location. */
    memset(&f, 0, sizeof f);
    mofc_ctx_init(&f.ctx);
    const char *none[] = {"/nonexistent/x.mof"};
    assert_false(mof_parse_files(&f.ctx, none, 1, &f.unit));
    fx_expect(&f, "MOF1001", 0, 0, "cannot read '/nonexistent/x.mof': No such file or directory");
    fx_done(&f);
}

/* A file's text is dropped once it is parsed (the tree keeps what it
 * needs): locations still print, a source line is read again from the file,
 * and a file that changed since shows none instead of wrong text. */
static char *printed(fx *f)
{
    char *out = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&out, &len);
    assert_non_null(fp);
    diag_print(&f->ctx.diag, fp, DIAG_TEXT, false);
    fclose(fp);
    return out;
}

static void released_text(void **state)
{
    (void)state;
    write_file("rel.mof", "class A {\n  uint128 bad;\n};\n");
    char path[512], want[700];
    snprintf(path, sizeof path, "%s/rel.mof", tmpdir);
    fx f;
    fx_parse_file(&f, path, DIALECT_AUTO);
    source_file *sf = source_get(&f.ctx.sources, 1);
    assert_null(sf->text);   /* released */
    char *out = printed(&f);
    snprintf(want, sizeof want, "%s:2:3: error: unknown data type 'uint128' [MOF1022]\n"
             "   uint128 bad;\n   ^~~~~~~\n1 error and 0 warnings generated.\n", path);
    assert_string_equal(out, want);
    free(out);
    assert_non_null(sf->text);   /* read again, and kept */
    f.checked = 1;
    fx_done(&f);

    /* Changed after it was read: line:col as read, no source line. */
    fx_parse_file(&f, path, DIALECT_AUTO);
    write_file("rel.mof", "// another text\n");
    out = printed(&f);
    snprintf(want, sizeof want, "%s:2:3: error: unknown data type 'uint128' [MOF1022]\n"
             "1 error and 0 warnings generated.\n", path);
    assert_string_equal(out, want);
    free(out);
    f.checked = 1;
    fx_done(&f);

    /* Read files are decoded in the buffer they were read into (UTF-8,
     * with or without BOM) or into a new one (UTF-16): the same text. */
    static const char bom8[] = "\xEF\xBB\xBF" "class A { uint128 bad; };\n";
    static const char le16[] = "\xFF\xFE" "c\0l\0a\0s\0s\0 \0B\0 \0{\0 \0u\0i\0n\0t\0" "1\0" "2\0" "8\0 \0x\0;\0}\0;\0";
    const struct { const char *name, *bytes; size_t n; src_encoding enc; unsigned col; } enc[] = {
        {"bom8.mof", bom8, sizeof bom8 - 1, ENC_UTF8_BOM, 11},
        {"le16.mof", le16, sizeof le16 - 1, ENC_UTF16LE, 11},
    };
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, enc[i].name);
        FILE *fp = fopen(path, "wb");
        assert_non_null(fp);
        assert_int_equal(fwrite(enc[i].bytes, 1, enc[i].n, fp), enc[i].n);
        fclose(fp);
        fx_parse_file(&f, path, DIALECT_AUTO);
        assert_int_equal(source_get(&f.ctx.sources, 1)->encoding, enc[i].enc);
        fx_expect(&f, "MOF1022", 1, enc[i].col, "unknown data type 'uint128'");
        fx_done(&f);
    }

    /* A file in memory (or a pipe) cannot be read again: kept. */
    fx_parse(&f, "class B { uint128 bad; };", DIALECT_AUTO);
    assert_non_null(source_get(&f.ctx.sources, 1)->text);
    f.checked = 1;
    fx_done(&f);
}

/* The arena that holds one file's tree at a time (mofc check reads a
 * schema file by file): emptied after each file, it keeps its chunks for
 * the next, so the same content costs no new memory, and it stays in
 * small chunks (no 2 MiB huge page for a tree of a few hundred KB). */
static void arena_reuse(void **state)
{
    (void)state;
    arena a;
    arena_init_reused(&a);
    for (int i = 0; i < 1000; i++)
        memset(arena_alloc_raw(&a, 600), 1, 600);
    size_t total = a.total;
    assert_true(a.used >= 600000);
    assert_true(total < 1024 * 1024);
    arena_reset(&a);
    assert_int_equal(a.used, 0);
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 1000; i++) {
            char *p = arena_alloc(&a, 600);
            assert_int_equal(p[599], 0);   /* zeroed again */
            memset(p, 1, 600);
        }
        assert_int_equal(a.total, total);
        arena_reset(&a);
    }
    /* A tree that must stay (the last file) becomes another arena's. */
    arena keep;
    arena_init(&keep);
    char *k = arena_strdup(&keep, "kept");
    char *t = arena_strdup(&a, "tree");
    size_t used = keep.used + a.used;
    arena_adopt(&keep, &a);
    assert_int_equal(a.total, 0);
    assert_int_equal(keep.used, used);
    assert_string_equal(t, "tree");
    assert_string_equal(k, "kept");
    assert_ptr_equal(arena_alloc_chars(&keep, 1), k + 5);   /* keep's chunk stays the newest */
    arena_free(&keep);
    arena_free(&a);
    assert_int_equal(a.total, 0);
}

/* The arena the front end allocates from: a small input costs one small
 * chunk (a fuzzer runs thousands of inputs a second through it), big
 * requests do not waste the current chunk, and memory obtained stays close
 * to memory used. */
static void arena_chunks(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    char *p = arena_alloc(&a, 10);
    assert_non_null(p);
    assert_true(a.total <= 64 * 1024);
    assert_int_equal(a.used, 16);   /* 10 bytes, rounded up to ARENA_ALIGN (8) */
    size_t first = a.total;
    /* A big request gets a chunk of its own; the small chunk stays in use. */
    char *big = arena_alloc_raw(&a, 3 * 1024 * 1024);
    memset(big, 1, 3 * 1024 * 1024);
    assert_true(a.total >= first + 3 * 1024 * 1024);
    size_t after_big = a.total;
    char *q = arena_alloc(&a, 100);
    assert_int_equal(a.total, after_big);
    assert_int_equal((uintptr_t)q % ARENA_ALIGN, 0);   /* aligned, not to its size */
    assert_int_equal(q[99], 0);
    /* Many small requests: what is obtained stays within a chunk's worth of
     * slack over what is used. */
    for (int i = 0; i < 200000; i++)
        arena_alloc_raw(&a, 100);
    assert_true(a.used >= 200000u * 100);
    assert_true(a.total <= a.used + a.used / 4 + 4 * 1024 * 1024);
    /* Text is not aligned; an object after it is, and a buffer sized for
     * the worst case gives its unused end back. */
    arena_free(&a);
    char *t = arena_alloc_chars(&a, 3);
    char *u = arena_alloc_chars(&a, 5);
    assert_ptr_equal(u, t + 3);
    assert_int_equal(a.used, 8);
    char *o = arena_alloc_raw(&a, 8);
    assert_int_equal((uintptr_t)o % ARENA_ALIGN, 0);
    char *buf = arena_alloc_chars(&a, 100);
    arena_shrink(&a, buf, 100, 10);
    assert_ptr_equal(arena_alloc_chars(&a, 1), buf + 10);
    size_t used = a.used;
    arena_shrink(&a, buf, 100, 1);   /* no longer the latest: kept */
    assert_int_equal(a.used, used);
    arena_free(&a);
    assert_int_equal(a.total, 0);
    assert_int_equal(a.used, 0);
}

/* A chunk on ordinary pages is mapped in a window at a time
 * (common/prefault.h): allocations go on in the same chunk across the
 * windows, whatever their size, and a chunk reused after arena_reset is
 * not mapped again. prefault keeps what the memory holds. */
static void arena_windows(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    char *first = arena_alloc_chars(&a, 1000);
    memset(first, 'x', 1000);
    size_t total = a.total;
    char *prev = first + 1000;
    /* 100 KiB in 1 KiB steps, then a 24 KiB string: past several 16 KiB
     * windows of the second chunk (256 KiB), one after the other. */
    (void)arena_alloc_chars(&a, 40 * 1024);   /* fills the 32 KiB chunk: a new one */
    prev = arena_alloc_chars(&a, 1024);
    size_t chunks = a.total;
    for (int i = 0; i < 100; i++) {
        char *p = arena_alloc_chars(&a, 1024);
        assert_ptr_equal(p, prev + 1024);
        memset(p, i, 1024);
        prev = p;
    }
    char *big = arena_alloc_chars(&a, 24 * 1024);
    assert_ptr_equal(big, prev + 1024);
    memset(big, 'b', 24 * 1024);
    assert_int_equal(a.total, chunks);   /* no chunk more */
    assert_true(chunks > total);
    /* the unused end of a buffer goes back across a window's end */
    arena_shrink(&a, big, 24 * 1024, 10);
    assert_ptr_equal(arena_alloc_chars(&a, 1), big + 10);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(first[i], 'x');
    /* Reset and filled again: the same chunks, in the same order. */
    arena_reset(&a);
    char *again = arena_alloc_raw(&a, 200 * 1024);
    memset(again, 1, 200 * 1024);
    assert_int_equal(a.total, chunks);
    arena_free(&a);

    char *buf = malloc(64 * 1024);
    assert_non_null(buf);
    memset(buf, 7, 64 * 1024);
    prefault(buf + 1, 64 * 1024 - 1);   /* whole pages inside, not the ends */
    prefault(buf, 0);
    for (size_t i = 0; i < 64 * 1024; i++)
        assert_int_equal(buf[i], 7);
    free(buf);
}

/* arena_printf: short results from the stack buffer, long ones formatted
 * again at their length. ptr_map: keys by address, values replaced, growth
 * keeps every entry. */
static void arena_printf_and_ptr_map(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    assert_string_equal(arena_printf(&a, "%s_%d", "x", 42), "x_42");
    assert_string_equal(arena_printf(&a, "%s", ""), "");
    char longer[1000];
    memset(longer, 'y', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    char *p = arena_printf(&a, "<%s>", longer);
    assert_int_equal(strlen(p), 1001);
    assert_int_equal(p[0], '<');
    assert_int_equal(p[1000], '>');
    ptr_map m = PTR_MAP_INIT;
    assert_null(ptr_map_get(&m, &a));
    static int keys[1000];
    for (int i = 0; i < 1000; i++)
        ptr_map_put(&m, &keys[i], &keys[999 - i]);
    ptr_map_put(&m, &keys[5], &keys[5]);
    assert_int_equal(m.count, 1000);
    for (int i = 0; i < 1000; i++)
        assert_ptr_equal(ptr_map_get(&m, &keys[i]), i == 5 ? &keys[5] : &keys[999 - i]);
    assert_null(ptr_map_get(&m, &a));
    ptr_map_free(&m);
    arena_free(&a);
}

/* Included files are read ahead on a second thread (parser/read_ahead.h):
 * the tree, the diagnostics and their order are those of reading each
 * file on the calling thread, whatever happens to each file (found or
 * not, nested includes, too big for the thread, not decodable, not a
 * regular file, a cycle), and when the error limit stops the parse in
 * the middle of what the thread has read. */
static char *parse_dump(const char *path, bool single_thread, size_t max_errors)
{
    fx f;
    memset(&f, 0, sizeof f);
    mofc_ctx_init(&f.ctx);
    f.ctx.single_thread = single_thread;
    f.ctx.diag.max_errors = max_errors;
    const char *paths[] = {path};
    mof_parse_files(&f.ctx, paths, 1, &f.unit);
    char *out = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&out, &len);
    assert_non_null(fp);
    mof_ast_dump(&f.ctx, &f.unit, fp);
    diag_print(&f.ctx.diag, fp, DIAG_TEXT, false);
    fclose(fp);
    f.checked = f.ctx.diag.n;
    fx_done(&f);
    return out;
}

static void read_ahead_same(void **state)
{
    (void)state;
    char sub[512], path[512], name[64], text[256];
    snprintf(sub, sizeof sub, "%s/ra", tmpdir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(sub, sizeof sub, "%s/ra/dir", tmpdir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(path, sizeof path, "%s/ra/fifo.mof", tmpdir);
    assert_int_equal(mkfifo(path, 0600), 0);
    char *top = NULL;
    size_t top_len = 0;
    FILE *t = open_memstream(&top, &top_len);
    assert_non_null(t);
    for (int i = 0; i < 150; i++) {
        snprintf(name, sizeof name, "ra/f%03d.mof", i);
        /* every seventh file has an error */
        snprintf(text, sizeof text, "class C_%03d { %s X; };\n", i, i % 7 == 3 ? "uint128" : "uint8");
        write_file(name, text);
        fprintf(t, "#pragma include (\"f%03d.mof\")\n", i);
        if (i == 20)
            fputs("#pragma include (\"nest.mof\")\n#pragma include (\"missing.mof\")\n"
                  "#pragma include (\"big.mof\")\n#pragma include (\"u16.mof\")\n"
                  "#pragma include (\"bad8.mof\")\n#pragma include (\"fifo.mof\")\n"
                  "#pragma include (\"dir\")\n#pragma include (\"cycle.mof\")\n"
                  "#pragma include (\"sub\\\\n1.mof\")\n", t);
    }
    fclose(t);
    write_file("ra/top.mof", top);
    free(top);
    write_file("ra/nest.mof", "#pragma include (\"n1.mof\")\nclass N0 {};\n#pragma include (\"n2.mof\")\n"
                              "#pragma include (\"gone.mof\")\n");
    write_file("ra/n1.mof", "#pragma include (\"n3.mof\")\nclass N1 { uint128 Y; };\n");
    write_file("ra/n2.mof", "class N2 {};\n");
    write_file("ra/n3.mof", "class N3 {};\n#pragma include (\"nest.mof\")\n");
    write_file("ra/cycle.mof", "#pragma include (\"top.mof\")\n");
    write_file("ra/bad8.mof", "class B8 {};\n// \xC3\x28\n");
    /* over READ_AHEAD_MAX_FILE: read by the main thread */
    size_t big_len = READ_AHEAD_MAX_FILE + 1000;
    char *big = malloc(big_len + 64);
    assert_non_null(big);
    strcpy(big, "[Description (\"");
    size_t n = strlen(big);
    memset(big + n, 'x', big_len);
    strcpy(big + n + big_len, "\")] class Big { uint128 Z; };\n");
    write_file("ra/big.mof", big);
    free(big);
    snprintf(path, sizeof path, "%s/ra/u16.mof", tmpdir);
    FILE *u = fopen(path, "wb");
    assert_non_null(u);
    const char *u16 = "class U16 { uint128 W; };\n";
    fputc(0xFF, u);
    fputc(0xFE, u);
    for (const char *c = u16; *c; c++) {
        fputc(*c, u);
        fputc(0, u);
    }
    fclose(u);

    snprintf(path, sizeof path, "%s/ra/top.mof", tmpdir);
    char *one = parse_dump(path, true, 0);
    assert_non_null(strstr(one, "class C_149"));
    assert_non_null(strstr(one, "class Big"));
    assert_non_null(strstr(one, "not a regular file"));
    assert_non_null(strstr(one, "invalid UTF-8"));
    assert_non_null(strstr(one, "include cycle"));
    assert_non_null(strstr(one, "Is a directory"));
    /* the thread's timing varies: several runs */
    for (int run = 0; run < 5; run++) {
        char *two = parse_dump(path, false, 0);
        assert_string_equal(two, one);
        free(two);
    }
    free(one);
    /* Stopped by the error limit while results read ahead wait. */
    for (size_t max = 1; max <= 12; max += 5) {
        one = parse_dump(path, true, max);
        char *two = parse_dump(path, false, max);
        assert_string_equal(two, one);
        free(one);
        free(two);
    }
}

/* A thread held back in the middle of a file (a busy machine preempts
 * it): the main thread does not wait for it. hold_name is held until the
 * main thread drops it (or 10 s pass: then the main thread waited). */
static const char *hold_name;
static atomic_int holding, hold_dropped;

static void sleep_ms(void)
{
    struct timespec t = {0, 1000 * 1000};
    nanosleep(&t, NULL);
}

static void hold(read_ahead *ra, const char *written)
{
    if (!hold_name || strcmp(written, hold_name))
        return;
    atomic_store(&holding, 1);
    bool dropped = false;
    for (int ms = 0; ms < 10000 && !(dropped = read_ahead_dropped(ra)); ms++)
        sleep_ms();
    atomic_store(&hold_dropped, dropped);
}

/* Waits (up to 10 s) until the thread holds hold_name. */
static void wait_held(void)
{
    for (int ms = 0; ms < 10000 && !atomic_load(&holding); ms++)
        sleep_ms();
    assert_true(atomic_load(&holding));
}

static read_ahead *held_batch(const include_search *s, const char *held, const char **names, size_t n)
{
    hold_name = held;
    atomic_store(&holding, 0);
    atomic_store(&hold_dropped, 0);
    read_ahead_test_hold = hold;
    read_ahead *ra = read_ahead_new(s, 4);
    assert_non_null(ra);
    const char **copy = malloc(n * sizeof *copy);
    assert_non_null(copy);
    memcpy(copy, names, n * sizeof *copy);
    char *here = malloc(strlen(tmpdir) + 4);
    assert_non_null(here);
    sprintf(here, "%s/ra", tmpdir);
    read_ahead_push(ra, here, copy, n);
    return ra;
}

static void read_ahead_never_waits(void **state)
{
    (void)state;
    /* the files of read_ahead_same */
    include_search s = {NULL, 0, NULL, 0, 1 << 20};
    const char *names[] = {"f001.mof", "f002.mof", "missing.mof", "f003.mof"};
    /* Held in the file asked for: the main thread reads it itself. */
    read_ahead *ra = held_batch(&s, "f001.mof", names, 4);
    wait_held();
    file_read r;
    read_ahead_take(ra, 0, &r);
    assert_non_null(r.text);
    assert_string_equal(r.text, "class C_001 { uint8 X; };\n");
    assert_false(r.ahead);   /* read here, not by the thread */
    read_ahead_give_back(ra, &r);
    read_ahead_take(ra, 1, &r);   /* the thread goes on after it */
    assert_string_equal(r.text, "class C_002 { uint8 X; };\n");
    read_ahead_give_back(ra, &r);
    read_ahead_take(ra, 2, &r);
    assert_null(r.text);
    assert_int_equal(r.err, ENOENT);
    read_ahead_give_back(ra, &r);
    read_ahead_pop(ra);
    read_ahead_free(ra);
    assert_true(atomic_load(&hold_dropped));
    /* Held in a file whose batch is popped (the error limit stopped the
     * parse): the thread drops what it read, nobody waits. */
    ra = held_batch(&s, "f003.mof", names, 4);
    wait_held();
    read_ahead_pop(ra);
    read_ahead_free(ra);
    assert_true(atomic_load(&hold_dropped));
    /* A whole parse with the thread held in a file: the same tree and
     * diagnostics in the same order as on one thread. */
    char path[512];
    snprintf(path, sizeof path, "%s/ra/top.mof", tmpdir);
    read_ahead_test_hold = NULL;
    char *one = parse_dump(path, true, 0);
    const char *held[] = {"f000.mof", "f021.mof", "nest.mof", "n1.mof", "u16.mof", "f149.mof"};
    for (size_t k = 0; k < sizeof held / sizeof *held; k++) {
        hold_name = held[k];
        atomic_store(&holding, 0);
        atomic_store(&hold_dropped, 0);
        read_ahead_test_hold = hold;
        char *two = parse_dump(path, false, 0);
        read_ahead_test_hold = NULL;
        assert_string_equal(two, one);
        free(two);
        /* held or not (the main thread may come first), never waited for */
        assert_true(!atomic_load(&holding) || atomic_load(&hold_dropped));
    }
    free(one);
}

/* CIM 2.13 and older: "Core\CIM_Location.mof". The backslash is a path
 * separator in every dialect; DMTF rules warn, once a file. */
static void include_backslash(void **state)
{
    (void)state;
    char sub[512];
    snprintf(sub, sizeof sub, "%s/Core", tmpdir);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file("CIM_Schema.mof", "#pragma locale (\"en_US\")\n#pragma include (\"Core\\CIM_A.mof\")\n"
                                 "#pragma include (\"Core\\xyz.mof\")\n");
    write_file("Core/CIM_A.mof", "class CIM_A { uint8 X; };\n");
    write_file("Core/xyz.mof", "class CIM_B : CIM_A { };\n");
    char path[512];
    snprintf(path, sizeof path, "%s/CIM_Schema.mof", tmpdir);
    fx f;
    fx_parse_file(&f, path, DIALECT_DMTF);
    fx_expect(&f, "MOF1036", 2, 23, "'\\' in an include path read as a path separator");
    assert_int_equal(f.ctx.diag.items[0].sev, SEV_WARNING);
    expect_note(&f, 0, "DSP0004 reads '\\' as the start of an escape");
    assert_int_equal(f.unit.n, 5);
    assert_string_equal(class_at(&f, 0)->name.name, "CIM_A");
    assert_string_equal(class_at(&f, 1)->name.name, "CIM_B");
    fx_done(&f);
    fx_parse_file(&f, path, DIALECT_WMI);
    assert_int_equal(f.unit.n, 5);
    fx_done(&f);
    /* A valid escape stays one: a TAB is named in the message, and a
     * note says why the file is not there. */
    write_file("tab.mof", "#pragma include (\"Core\\tools.mof\")\n");
    snprintf(path, sizeof path, "%s/tab.mof", tmpdir);
    fx_parse_file(&f, path, DIALECT_WMI);
    fx_expect(&f, "MOF1032", 1, 18, "cannot find include file 'Core\\tools.mof'");
    expect_note(&f, 0, "\\b, \\t, \\n, \\f and \\r are escapes in an include path too");
    fx_done(&f);
    /* Not found: the path is shown as written, not with a dropped escape. */
    write_file("none.mof", "#include (\"Core\\CIM_None.mof\")\n");
    snprintf(path, sizeof path, "%s/none.mof", tmpdir);
    fx_parse_file(&f, path, DIALECT_WMI);
    fx_expect(&f, "MOF1032", 1, 11, "cannot find include file 'Core\\CIM_None.mof'");
    fx_done(&f);
    /* Outside an include pragma the same text is an unknown escape. */
    fx_parse(&f, "#pragma namespace (\"Core\\CIM\")\n", DIALECT_DMTF);
    fx_expect(&f, "MOF1017", 1, 25, "unknown escape sequence '\\C'");
    fx_done(&f);
}


/* mofc starts its second thread only with two processors to run on: the
 * ones the affinity mask allows (a CI job's cpuset, `taskset -c 0`), not
 * every processor online. */
static void cpus_follow_affinity(void **state)
{
    (void)state;
    cpu_set_t all, one;
    assert_int_equal(sched_getaffinity(0, sizeof all, &all), 0);
    assert_int_equal(cpus_usable(), CPU_COUNT(&all));
    int first = 0;
    while (!CPU_ISSET(first, &all))
        first++;
    CPU_ZERO(&one);
    CPU_SET(first, &one);
    assert_int_equal(sched_setaffinity(0, sizeof one, &one), 0);
    long n = cpus_usable();
    assert_int_equal(sched_setaffinity(0, sizeof all, &all), 0);
    assert_int_equal(n, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(literals),
        cmocka_unit_test(constructs_dmtf),
        cmocka_unit_test(constructs_wmi),
        cmocka_unit_test(keywords_case_insensitive),
        cmocka_unit_test(malformed),
        cmocka_unit_test(number_prefixes),
        cmocka_unit_test(string_runs),
        cmocka_unit_test(comment_and_string_edges),
        cmocka_unit_test(recovery),
        cmocka_unit_test(error_cap),
        cmocka_unit_test(encodings),
        cmocka_unit_test(scans_by_blocks),
        cmocka_unit_test(includes),
        cmocka_unit_test(released_text),
        cmocka_unit_test(text_whole_after_parse),
        cmocka_unit_test(arena_chunks),
        cmocka_unit_test(arena_windows),
        cmocka_unit_test(arena_reuse),
        cmocka_unit_test(arena_printf_and_ptr_map),
        cmocka_unit_test(unknown_escape),
        cmocka_unit_test(string_newline),
        cmocka_unit_test(empty_instance),
        cmocka_unit_test(locales),
        cmocka_unit_test(tree_whole),
        cmocka_unit_test(pending_cap),
        cmocka_unit_test(include_backslash),
        cmocka_unit_test(read_ahead_same),
        cmocka_unit_test(read_ahead_never_waits),
        cmocka_unit_test(cpus_follow_affinity),
    };
    return cmocka_run_group_tests_name("parser", tests, make_tmp, remove_tmp);
}
