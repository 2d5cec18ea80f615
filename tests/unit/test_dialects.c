/* Dialects: --dialect=auto's choice per file and the reason it gives, the
 * severity of each catalog rule per dialect, and diagnostics reported
 * while a file's dialect was still open (settled once it is read). */
#include "tests/unit/fixture.h"
#include "schema/model.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct detect_case {
    const char *name, *file, *src;
    mof_dialect want;
    const char *why;     /* source_file.dialect_why */
    unsigned line, col;  /* of the deciding construct; 0: none */
} detect_case;

static const detect_case detect_cases[] = {
    {"plain DSP0004", "t.mof", "class A { string S; };\n", DIALECT_DMTF,
     "it uses no WMI or MI construct", 0, 0},
    {"WMI namespace path", "t.mof", "class A { };\n#pragma namespace (\"\\\\\\\\.\\\\root\\\\wmi\")\n",
     DIALECT_WMI, "it uses a '\\\\.\\' namespace path", 2, 20},
    {"WMI pragma", "t.mof", "#pragma autorecover\n", DIALECT_WMI, "it uses '#pragma autorecover'", 1, 9},
    {"derives from a system class", "t.mof", "class A : __ExtrinsicEvent { };\n", DIALECT_WMI,
     "it uses a WMI system class", 1, 11},
    {"instance of a system class", "t.mof",
     "instance of __Win32Provider as $P { Name = \"P\"; };\n", DIALECT_WMI,
     "it uses a WMI system class", 1, 13},
    {"WDK driver class", "t.mof", "[WMI, guid (\"{0}\")] class A { };\n", DIALECT_WMI,
     "it uses the 'WMI' qualifier of a driver class", 1, 2},
    {"guid alone", "t.mof", "[guid (\"{0}\")] class A { };\n", DIALECT_WMI,
     "it uses the 'guid' qualifier of a driver class", 1, 2},
    {"GUID in upper case", "t.mof", "[Description (\"d\"), GUID (\"{0}\")] class A { };\n", DIALECT_WMI,
     "it uses the 'guid' qualifier of a driver class", 1, 21},
    {"DYNPROPS instance", "t.mof", "class A { string S; };\n[DYNPROPS] instance of A { S = \"s\"; };\n",
     DIALECT_WMI, "it uses the 'DYNPROPS' qualifier", 2, 2},
    {"Amended qualifier", "t.mof", "class A { [AMENDED] string S; };\n", DIALECT_WMI,
     "it uses the 'Amended' qualifier", 1, 12},
    {"Amended flavor", "t.mof", "class A { [Description (\"d\") : Amended] string S; };\n", DIALECT_WMI,
     "it uses the 'Amended' flavor", 1, 32},
    {"DSC resource", "t.mof", "class R : OMI_BaseResource { };\n", DIALECT_MI,
     "it uses the DSC base class 'OMI_BaseResource'", 1, 11},
    {"DSC configuration document", "localhost.mof",
     "instance of Demo_R { Name = \"x\"; };\ninstance of OMI_ConfigurationDocument { Version = \"2.0.0\"; };\n",
     DIALECT_MI, "it uses 'OMI_ConfigurationDocument' (a DSC configuration document)", 2, 13},
    {"ClassVersion", "t.mof", "[ClassVersion (\"1.0.0\")] class A { };\n", DIALECT_MI,
     "it uses the 'ClassVersion' qualifier", 1, 2},
    {"FriendlyName", "t.mof", "[FriendlyName (\"Thing\")] class A { };\n", DIALECT_MI,
     "it uses the 'FriendlyName' qualifier", 1, 2},
    {"DSC file name", "Demo_Res.schema.MOF", "class Demo_Res { };\n", DIALECT_MI,
     "its name ends in '.schema.mof' (a DSC resource schema)", 0, 0},
    {"MI wins over WMI", "t.mof",
     "class A { [Description (\"d\") : Amended] string S; };\n[ClassVersion (\"1.0\")] class B { };\n",
     DIALECT_MI, "it uses the 'ClassVersion' qualifier", 2, 2},
    {"a sign anywhere decides, the first one is named", "t.mof",
     "class A { };\nclass B : __Event { };\n#pragma autorecover\n", DIALECT_WMI,
     "it uses a WMI system class", 2, 11},
    {"an ordinary class name is no sign", "t.mof", "class A : B_OMI_BaseResource { };\n", DIALECT_DMTF,
     "it uses no WMI or MI construct", 0, 0},
};

static void detection(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof detect_cases / sizeof detect_cases[0]; i++) {
        const detect_case *c = &detect_cases[i];
        fx f;
        memset(&f, 0, sizeof f);
        mofc_ctx_init(&f.ctx);
        mof_parse_memory(&f.ctx, c->file, c->src, strlen(c->src), &f.unit);
        source_file *sf = f.ctx.sources.files[1];
        if (sf->dialect != c->want || strcmp(sf->dialect_why, c->why))
            fail_msg("%s: read as %s because '%s'", c->name, dialect_title(sf->dialect),
                     sf->dialect_why);
        src_pos p = {0, 0};
        if (sf->dialect_at.file)
            p = source_pos(sf, sf->dialect_at.start);
        if (p.line != c->line || p.col != c->col)
            fail_msg("%s: sign at %u:%u, want %u:%u", c->name, p.line, p.col, c->line, c->col);
        f.checked = f.ctx.diag.n;
        fx_done(&f);
    }
}

/* --dialect=X is taken as given, whatever the file uses; no note. */
static void forced(void **state)
{
    (void)state;
    fx f;
    fx_parse(&f, "[ClassVersion (\"1.0\")] class A { };\n", DIALECT_WMI);
    assert_int_equal(f.ctx.sources.files[1]->dialect, DIALECT_WMI);
    assert_null(f.ctx.sources.files[1]->dialect_note);
    fx_done(&f);
    fx_parse(&f, "class A { };\n", DIALECT_MI);
    assert_int_equal(f.ctx.sources.files[1]->dialect, DIALECT_MI);
    fx_done(&f);
}

/* Each rule's severity per dialect (docs/dialects.md). */
static void severities(void **state)
{
    (void)state;
    assert_int_equal(diag_severity_in(DIAG_SYNTAX, DIALECT_WMI), SEV_ERROR);
    assert_int_equal(diag_severity_in(DIAG_UNKNOWN_PRAGMA, DIALECT_DMTF), SEV_WARNING);
    assert_int_equal(diag_severity_in(DIAG_UNKNOWN_QUALIFIER, DIALECT_DMTF), SEV_ERROR);
    assert_int_equal(diag_severity_in(DIAG_UNKNOWN_QUALIFIER, DIALECT_WMI), SEV_WARNING);
    assert_int_equal(diag_severity_in(DIAG_UNKNOWN_QUALIFIER, DIALECT_MI), SEV_WARNING);
    assert_int_equal(diag_severity_in(DIAG_UNKNOWN_QUALIFIER, DIALECT_AUTO), SEV_PENDING);
}

/* A dialect-dependent diagnostic reported while the file is being read
 * waits for the file's dialect; the note on the file's first diagnostic
 * says which dialect and why. */
static void pending(void **state)
{
    (void)state;
    static const char src[] = "class A { };\n#pragma autorecover\n";
    for (int wmi = 0; wmi < 2; wmi++) {
        mofc_ctx c;
        mofc_ctx_init(&c);
        source_file *f = source_add(&c.sources, "p.mof", (char *)src, sizeof src - 1, ENC_UTF8,
                                    (mof_span){0, 0, 0});
        mof_span at = {f->id, 6, 7};
        assert_non_null(diag_report(&c.diag, DIAG_UNKNOWN_QUALIFIER, at, "pending %d", wmi));
        assert_int_equal(c.diag.items[0].sev, SEV_PENDING);
        assert_int_equal(c.diag.errors + c.diag.warnings, 0);
        if (wmi)
            mofc_dialect_sign(&c, (mof_span){f->id, 21, 32}, DIALECT_WMI, "'#pragma autorecover'");
        mofc_dialect_settle(&c, f);
        assert_int_equal(c.diag.n, 1);
        assert_int_equal(c.diag.items[0].sev, wmi ? SEV_WARNING : SEV_ERROR);
        assert_int_equal(c.diag.errors, wmi ? 0 : 1);
        assert_int_equal(c.diag.warnings, wmi ? 1 : 0);
        assert_non_null(c.diag.items[0].notes);
        assert_string_equal(c.diag.items[0].notes->msg,
                            wmi ? "'p.mof' is read in the WMI dialect: it uses '#pragma autorecover'"
                                : "'p.mof' is read in the DMTF dialect: it uses no WMI or MI construct "
                                  "(--dialect=wmi or --dialect=mi reads it otherwise)");
        /* Only the first diagnostic of the file gets the note. */
        diagnostic *d = diag_report(&c.diag, DIAG_SYNTAX, at, "later");
        assert_null(d->notes);
        mofc_ctx_free(&c);
    }
}

/* Pending diagnostics obey the limits once settled: -Wno-, the cap on
 * kept warnings, --max-errors. */
static void pending_limits(void **state)
{
    (void)state;
    static const char src[] = "class A { };\n";
    mofc_ctx c;
    mofc_ctx_init(&c);
    c.diag.max_errors = 3;
    source_file *f = source_add(&c.sources, "p.mof", (char *)src, sizeof src - 1, ENC_UTF8,
                                (mof_span){0, 0, 0});
    mof_span at = {f->id, 0, 5};
    for (int i = 0; i < 5000; i++)
        diag_report(&c.diag, DIAG_UNKNOWN_QUALIFIER, at, "q%d", i);
    mofc_dialect_settle(&c, f);     /* DMTF: errors */
    assert_true(c.diag.stopped);
    assert_int_equal(c.diag.n, 4);  /* three, then "too many errors" */
    assert_int_equal(c.diag.items[3].id, DIAG_TOO_MANY_ERRORS);
    mofc_ctx_free(&c);

    mofc_ctx_init(&c);
    c.diag.max_warnings = 10;
    f = source_add(&c.sources, "p.mof", (char *)src, sizeof src - 1, ENC_UTF8, (mof_span){0, 0, 0});
    at.file = f->id;
    for (int i = 0; i < 5000; i++)
        diag_report(&c.diag, DIAG_UNKNOWN_QUALIFIER, at, "q%d", i);
    mofc_dialect_sign(&c, at, DIALECT_MI, "x");
    mofc_dialect_settle(&c, f);     /* MI: warnings, 10 kept, all counted */
    assert_int_equal(c.diag.n, 10);
    assert_int_equal(c.diag.warnings, 5000);
    assert_int_equal(c.diag.warnings_dropped, 4990);
    mofc_ctx_free(&c);

    mofc_ctx_init(&c);
    diag_set_enabled(&c.diag, "unknown-qualifier", false);
    f = source_add(&c.sources, "p.mof", (char *)src, sizeof src - 1, ENC_UTF8, (mof_span){0, 0, 0});
    at.file = f->id;
    diag_report(&c.diag, DIAG_UNKNOWN_QUALIFIER, at, "q");
    mofc_dialect_sign(&c, at, DIALECT_WMI, "x");
    mofc_dialect_settle(&c, f);     /* WMI: a warning, turned off */
    assert_int_equal(c.diag.n + c.diag.warnings + c.diag.errors, 0);
    mofc_ctx_free(&c);
}

/* An included file with no sign of its own is read like its includer. */
static void included(void **state)
{
    (void)state;
    char dir[] = "/tmp/mofc-dialects-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char top[128], inc[128];
    snprintf(top, sizeof top, "%s/top.mof", dir);
    snprintf(inc, sizeof inc, "%s/inc.mof", dir);
    FILE *o = fopen(top, "w");
    fputs("#pragma autorecover\n#pragma include (\"inc.mof\")\n", o);
    fclose(o);
    o = fopen(inc, "w");
    fputs("class A { };\n", o);
    fclose(o);
    fx f;
    fx_parse_file(&f, top, DIALECT_AUTO);
    assert_int_equal(f.ctx.sources.n, 3);
    assert_int_equal(f.ctx.sources.files[2]->dialect, DIALECT_WMI);
    char why[300];
    snprintf(why, sizeof why, "'%s' includes it", top);
    assert_string_equal(f.ctx.sources.files[2]->dialect_why, why);
    fx_done(&f);
    remove(top);
    remove(inc);
    rmdir(dir);
}

/* One input per rule of the table, read in each dialect: the
 * number of errors and warnings it gives (codes checked in the message
 * text of test_schema.c; here the severities). */
typedef struct sev_case {
    const char *name, *src;
    const char *code;
    int dmtf, wmi, mi;     /* 2 error, 1 warning, 0 nothing */
} sev_case;

#define Q "Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride, ToSubclass);\n" \
          "Qualifier Override : string = null, Scope(property, reference, method), Flavor(Restricted);\n" \
          "Qualifier Association : boolean = false, Scope(association), Flavor(DisableOverride, ToSubclass);\n" \
          "Qualifier ValueMap : string[], Scope(property, method, parameter);\n" \
          "Qualifier Values : string[], Scope(property, method, parameter);\n" \
          "Qualifier In : boolean = true, Scope(parameter), Flavor(DisableOverride);\n"

static const sev_case sev_cases[] = {
    /* DSP0004 structural rules Microsoft's tools do not enforce */
    {"subclass adding a key", Q "class A_A { [Key] string K; };\nclass A_B : A_A { [Key] string L; };\n",
     "MOF2108", 2, 1, 1},
    {"key array", Q "class A_A { [Key] string K[]; };\n", "MOF2107", 2, 1, 1},
    {"Override of nothing", Q "class A_A { };\nclass A_B : A_A { [Override (\"X\")] string X; };\n",
     "MOF2110", 2, 1, 1},
    {"REF narrowed to a non-subclass",
     Q "class A_T { };\nclass A_V { };\n[Association] class A_A { A_T REF x; A_T REF y; };\n"
       "[Association] class A_B : A_A { [Override (\"y\")] A_V REF y; };\n", "MOF2206", 2, 1, 1},
    {"qualifier outside its scope", Q "class A_A { [In] string P; };\n", "MOF2003", 2, 1, 1},
    {"REF in a non-association", Q "class A_A { A_A REF R; };\n", "MOF2202", 2, 1, 1},
    {"class declared twice", Q "class A_A { };\nclass A_A { };\n", "MOF2102", 2, 1, 1},
    /* WMI's and MI's own language */
    {"class-typed property", Q "class A_I { string S; };\nclass A_A { A_I Item; A_I Items[4]; };\n",
     "MOF2207", 2, 0, 0},
    /* defects: errors everywhere */
    {"ValueMap/Values count", Q "class A_A { [ValueMap {\"1\", \"2\"}, Values {\"a\"}] uint8 X; };\n",
     "MOF2401", 2, 2, 2},
    {"ValueMap entry not an integer", Q "class A_A { [ValueMap {\"x\"}] uint8 X; };\n", "MOF2402", 2, 2, 2},
    {"ValueMap entry outside the type", Q "class A_A { [ValueMap {\"300\"}] uint8 X; };\n", "MOF2403", 2, 2, 2},
    {"undeclared REF class", Q "[Association] class A_A { A_X REF a; A_X REF b; };\n", "MOF2201", 2, 2, 2},
    {"undeclared superclass", Q "class A_B : A_X { };\n", "MOF2101", 2, 2, 2},
    {"class type that is no class", Q "class A_A { A_X Item; };\n", "MOF1022", 2, 2, 2},
    {"override with another type", Q "class A_A { uint8 X; };\nclass A_B : A_A { [Override (\"X\")] uint16 X; };\n",
     "MOF2105", 2, 2, 2},
};

static void rule_severities(void **state)
{
    (void)state;
    static const mof_dialect ds[] = {DIALECT_DMTF, DIALECT_WMI, DIALECT_MI};
    int failures = 0;
    for (size_t i = 0; i < sizeof sev_cases / sizeof sev_cases[0]; i++) {
        const sev_case *c = &sev_cases[i];
        const int want[] = {c->dmtf, c->wmi, c->mi};
        for (int k = 0; k < 3; k++) {
            fx f;
            fx_parse(&f, c->src, ds[k]);
            assert_int_equal(f.ctx.diag.n, 0);
            schema_model *m = schema_build(&f.ctx, &f.unit);
            int got = f.ctx.diag.n == 0 ? 0 : f.ctx.diag.items[0].sev == SEV_ERROR ? 2 : 1;
            bool code_ok = true;    /* each diagnostic: the rule's code and severity */
            for (size_t d = 0; d < f.ctx.diag.n; d++)
                code_ok &= !strcmp(diag_code(f.ctx.diag.items[d].id), c->code) &&
                           f.ctx.diag.items[d].sev == f.ctx.diag.items[0].sev;
            if (got != want[k] || !code_ok) {
                char buf[512] = "(none)";
                if (f.ctx.diag.n)
                    fx_describe(&f, 0, buf, sizeof buf);
                print_error("%s in %s: want %d (%s), got %d: %s (%zu diagnostics)\n", c->name,
                            dialect_title(ds[k]), want[k], c->code, got, buf, f.ctx.diag.n);
                failures++;
            }
            f.checked = f.ctx.diag.n;
            schema_free(m);
            fx_done(&f);
        }
    }
    assert_int_equal(failures, 0);
}

/* A class as a property or parameter type is an embedded instance of it. */
static void class_typed(void **state)
{
    (void)state;
    fx f;
    fx_parse(&f,
             "class Demo_Inner { string S; };\n"
             "class Demo_Outer { Demo_Inner Item; Demo_Inner Items[4]; uint32 M([Out] Demo_Inner Data); };\n",
             DIALECT_WMI);
    schema_model *m = schema_build(&f.ctx, &f.unit);
    const model_class *o = model_find_class(m->ns[0], "Demo_Outer");
    const model_class *in = model_find_class(m->ns[0], "Demo_Inner");
    const model_feature *item = model_find_feature(o, "Item");
    assert_true(item->class_typed);
    assert_int_equal(item->type, TYPE_STRING);
    assert_false(item->array);
    assert_ptr_equal(item->embedded_class, in);
    const model_feature *items = model_find_feature(o, "Items");
    assert_true(items->array);
    assert_int_equal(items->fixed_size, 4);
    assert_ptr_equal(items->embedded_class, in);
    const model_feature *meth = model_find_feature(o, "M");
    assert_true(meth->params[0].class_typed);
    assert_ptr_equal(meth->params[0].embedded_class, in);
    assert_true(meth->params[0].out);
    schema_free(m);
    fx_done(&f);    /* after the model: its names live in the context's arena */

    fx_parse(&f, "class Demo_Inner { };\nclass Demo_Outer { Demo_Inner Item; };\n", DIALECT_DMTF);
    m = schema_build(&f.ctx, &f.unit);
    fx_expect(&f, "MOF2207", 2, 20,
              "class 'Demo_Inner' as the type of property 'Demo_Outer.Item' is a WMI and MI extension "
              "(an embedded instance)");
    assert_string_equal(f.ctx.diag.items[0].notes->msg,
                        "--dialect=wmi or --dialect=mi reads it; DSP0004 writes 'string' with "
                        "EmbeddedInstance (\"Demo_Inner\")");
    schema_free(m);
    fx_done(&f);

    fx_parse(&f, "class Demo_Outer { Demo_Missing Item; };\n", DIALECT_WMI);
    m = schema_build(&f.ctx, &f.unit);
    fx_expect(&f, "MOF1022", 1, 20, "unknown data type 'Demo_Missing' (no class of that name)");
    schema_free(m);
    fx_done(&f);
}

/* Built-in classes: WMI's system classes and DSC's base classes with their
 * documented members, declared on first use; the input's own declaration
 * wins. */
static void builtin_classes(void **state)
{
    (void)state;
    fx f;
    fx_parse(&f,
             "instance of __Win32Provider as $P { Name = \"DemoProv\"; CLSID = \"{1}\"; "
             "HostingModel = \"NetworkServiceHost\"; };\n"
             "instance of __InstanceProviderRegistration { Provider = $P; SupportsGet = TRUE; };\n"
             "instance of __EventFilter as $F { Name = \"f\"; Query = \"SELECT * FROM "
             "__InstanceCreationEvent WITHIN 5\"; QueryLanguage = \"WQL\"; };\n"
             "class Demo_P : __Win32Provider { [Override (\"Clsid\")] string Clsid; };\n"
             "class Demo_Ev : WMIEvent { uint32 Code; };\n"
             "[Locale (\"MS\\\\0x409\"), WMI, guid (\"{1}\")] class Demo_Drv { [Key] string InstanceName; "
             "[WmiDataId (1), Read] uint32 V; };\n"
             "[Locale (1033)] class Demo_L { };\n"
             "instance of __EventFilter { Nmae = \"x\"; };\n",
             DIALECT_AUTO);
    assert_int_equal(f.ctx.sources.files[1]->dialect, DIALECT_WMI);
    schema_model *m = schema_build(&f.ctx, &f.unit);
    fx_expect(&f, "MOF2502", 8, 29, "class '__EventFilter' has no property 'Nmae'");
    fx_expect(&f, "MOF2506", 8, 1, "instance of '__EventFilter' leaves key 'Name' unset");
    const model_class *p = model_find_class(m->ns[0], "Demo_P");
    assert_string_equal(model_find_feature(p, "CLSID")->origin->name, "Demo_P");
    assert_int_equal(model_find_class(m->ns[0], "__Win32Provider")->nkeys, 1);
    schema_free(m);
    fx_done(&f);

    /* A DSC resource schema: no declaration needed for its base class, its
     * qualifiers or the embedded credential class. */
    static const char dsc[] =
        "[ClassVersion (\"1.0.0\"), FriendlyName (\"DemoRes\")]\n"
        "class Demo_Res : OMI_BaseResource {\n"
        "  [Key] string Name;\n"
        "  [Write, EmbeddedInstance (\"MSFT_Credential\")] string Cred;\n"
        "  [Write, EmbeddedInstance (\"MSFT_KeyValuePair\")] string Pairs[];\n"
        "};\n";
    fx_parse(&f, dsc, DIALECT_AUTO);
    assert_int_equal(f.ctx.sources.files[1]->dialect, DIALECT_MI);
    m = schema_build(&f.ctx, &f.unit);
    const model_class *r = model_find_class(m->ns[0], "Demo_Res");
    assert_non_null(model_find_feature(r, "ModuleVersion"));
    assert_string_equal(model_find_feature(r, "Cred")->embedded_class->name, "MSFT_Credential");
    schema_free(m);
    fx_done(&f);

    /* The user's own OMI_BaseResource wins over the built-in one. */
    fx_parse(&f, "[ClassVersion (\"1.0.0\")] class OMI_BaseResource { string Mine; };\n"
                 "[ClassVersion (\"1.0.0\"), FriendlyName (\"DemoRes\")]\n"
                 "class Demo_Res : OMI_BaseResource { [Key] string Name; };\n", DIALECT_AUTO);
    m = schema_build(&f.ctx, &f.unit);
    r = model_find_class(m->ns[0], "Demo_Res");
    assert_non_null(model_find_feature(r, "Mine"));
    assert_null(model_find_feature(r, "ModuleVersion"));
    schema_free(m);
    fx_done(&f);

    /* Read as DMTF, none of them exists. */
    fx_parse(&f, "class Demo_Res : OMI_BaseResource { };\n", DIALECT_DMTF);
    m = schema_build(&f.ctx, &f.unit);
    fx_expect(&f, "MOF2101", 1, 18, "superclass 'OMI_BaseResource' of 'Demo_Res' is not declared (before this point)");
    schema_free(m);
    fx_done(&f);
}

/* WMI's DYNPROPS instance: a property named with its qualifiers and no
 * value (a property provider supplies it). WMI only; the qualifiers are
 * kept in the AST and the model. */
static void dynprops(void **state)
{
    (void)state;
    static const char src[] =
        "class Demo_Dyn { [Key] string K; string Text; };\n"
        "[DYNPROPS] instance of Demo_Dyn { K = \"a\";\n"
        "  [PropertyContext (\"x\"), Dynamic, Provider (\"P\")] Text; };\n";
    fx f;
    fx_parse(&f, src, DIALECT_AUTO);
    assert_int_equal(f.ctx.sources.files[1]->dialect, DIALECT_WMI);
    const ast_instance *ai = f.unit.items[1].u.inst;
    assert_int_equal(ai->nprops, 2);
    assert_null(ai->props[1].value);
    assert_int_equal(ai->props[1].quals.n, 3);
    schema_model *m = schema_build(&f.ctx, &f.unit);
    assert_int_equal(f.ctx.diag.n, 0);
    assert_int_equal(m->ninstances, 1);
    const model_prop_value *p = &m->instances[0]->props[1];
    assert_string_equal(p->name, "Text");
    assert_null(p->value);
    assert_string_equal(p->feature->name, "Text");
    assert_int_equal(p->quals.n, 3);
    assert_string_equal(model_find_qualifier(&p->quals, "Provider")->value->u.str.s, "P");
    assert_string_equal(model_find_qualifier(&p->quals, "PropertyContext")->value->u.str.s, "x");
    schema_free(m);
    fx_done(&f);

    /* DMTF and MI have no such entry: an error naming WMI, and checking
     * goes on (the tree is whole). */
    static const mof_dialect others[] = {DIALECT_DMTF, DIALECT_MI};
    for (int k = 0; k < 2; k++) {
        fx_parse(&f, "class Demo_Dyn { [Key] string K; string Text; };\n"
                     "instance of Demo_Dyn { K = \"a\"; Text; Nope = 1; };\n", others[k]);
        fx_expect(&f, "MOF1041", 2, 33,
                  "property 'Text' without a value is a WMI DYNPROPS entry (use --dialect=wmi)");
        assert_int_equal(f.ctx.diag.items[0].sev, SEV_ERROR);
        assert_true(mof_parse_tree_whole(&f.ctx));
        m = schema_build(&f.ctx, &f.unit);
        fx_expect(&f, "MOF2502", 2, 39, "class 'Demo_Dyn' has no property 'Nope'");
        schema_free(m);
        fx_done(&f);
    }
}

/* The DSC resource schema rules (xDSCResourceDesigner's Test-xDscSchema):
 * one case per rule, each a warning with its code, in files that are DSC
 * resource schemas only. */
typedef struct dsc_case {
    const char *name, *file, *src;
    const char *want;   /* the codes given, in order, "" for none */
} dsc_case;

#define DSC_OK "[ClassVersion (\"1.0.0.0\"), FriendlyName (\"DemoRes\")]\n"

static const dsc_case dsc_cases[] = {
    {"a well-formed resource", "Demo_Res.schema.mof",
     DSC_OK "class Demo_Res : OMI_BaseResource { [Key] string Name; [Write] uint32 N[];\n"
     "  [Required] datetime T; [Read] boolean B;\n"
     "  [Write, EmbeddedInstance (\"MSFT_Credential\")] string C; };\n", ""},
    {"no attribute", "Demo_Res.schema.mof",
     DSC_OK "class Demo_Res : OMI_BaseResource { [Key] string Name; string Path; };\n", "MOF2601"},
    {"two attributes", "Demo_Res.schema.mof",
     DSC_OK "class Demo_Res : OMI_BaseResource { [Key, Write] string Name; };\n", "MOF2601"},
    {"no key", "Demo_Res.schema.mof", DSC_OK "class Demo_Res : OMI_BaseResource { [Write] string P; };\n",
     "MOF2602"},
    {"key array", "Demo_Res.schema.mof", DSC_OK "class Demo_Res : OMI_BaseResource { [Key] string N[]; };\n",
     "MOF2603"},
    {"no OMI_BaseResource", "Demo_Res.schema.mof", DSC_OK "class Demo_Res { [Key] string Name; };\n", "MOF2604"},
    {"class name and file name differ", "Demo_Res.schema.mof",
     DSC_OK "class Demo_Other : OMI_BaseResource { [Key] string Name; };\n", "MOF2605"},
    {"no ClassVersion", "Demo_Res.schema.mof",
     "[FriendlyName (\"DemoRes\")] class Demo_Res : OMI_BaseResource { [Key] string Name; };\n", "MOF2606"},
    {"ClassVersion not a version", "Demo_Res.schema.mof",
     "[ClassVersion (\"1\"), FriendlyName (\"DemoRes\")] class Demo_Res : OMI_BaseResource { [Key] string Name; };\n",
     "MOF2606"},
    {"no FriendlyName", "Demo_Res.schema.mof",
     "[ClassVersion (\"1.0\")] class Demo_Res : OMI_BaseResource { [Key] string Name; };\n", "MOF2607"},
    {"FriendlyName not a name", "Demo_Res.schema.mof",
     "[ClassVersion (\"1.0\"), FriendlyName (\"Demo Res\")] class Demo_Res : OMI_BaseResource { [Key] string Name; };\n",
     "MOF2607"},
    {"embedded class of the file", "Demo_Res.schema.mof",
     "[ClassVersion (\"1.0\")] class Demo_Opt { [Write] string V; };\n"
     DSC_OK "class Demo_Res : OMI_BaseResource { [Key] string Name;\n"
     "  [Write, EmbeddedInstance (\"Demo_Opt\")] string O[]; };\n", ""},
    {"type DSC does not take", "Demo_Res.schema.mof",
     "[ClassVersion (\"1.0\")] class Demo_Opt { [Write] string V; };\n"
     DSC_OK "class Demo_Res : OMI_BaseResource { [Key] string Name; [Write] Demo_Opt O; };\n", "MOF2609"},
    {"any name: the base class decides", "t.mof",
     DSC_OK "class Demo_Res : OMI_BaseResource { [Key] string Name; string Path; };\n", "MOF2601"},
    {"an OMI provider schema is no DSC resource", "t.mof",
     "[ClassVersion (\"1.0\")] class Demo_Prov { [Key] string Name; string Path; };\n", ""},
};

static void dsc_rules(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof dsc_cases / sizeof dsc_cases[0]; i++) {
        const dsc_case *c = &dsc_cases[i];
        fx f;
        memset(&f, 0, sizeof f);
        mofc_ctx_init(&f.ctx);
        mof_parse_memory(&f.ctx, c->file, c->src, strlen(c->src), &f.unit);
        schema_model *m = schema_build(&f.ctx, &f.unit);
        char got[256] = "";
        bool warnings = true;
        for (size_t d = 0; d < f.ctx.diag.n; d++) {
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", d ? " " : "",
                     diag_code(f.ctx.diag.items[d].id));
            warnings &= f.ctx.diag.items[d].sev == SEV_WARNING;
        }
        if (strcmp(got, c->want) || !warnings || f.ctx.sources.files[1]->dialect != DIALECT_MI) {
            print_error("%s: got '%s', want '%s'%s\n", c->name, got, c->want,
                        warnings ? "" : " (not all warnings)");
            failures++;
        }
        f.checked = f.ctx.diag.n;
        schema_free(m);
        fx_done(&f);
    }
    assert_int_equal(failures, 0);

    /* The message names the property and the rule; --werror makes it an
     * error. */
    fx f;
    memset(&f, 0, sizeof f);
    mofc_ctx_init(&f.ctx);
    f.ctx.diag.werror = true;
    static const char src[] = DSC_OK "class Demo_Res : OMI_BaseResource { [Key] string Name; string Path; };\n";
    mof_parse_memory(&f.ctx, "Demo_Res.schema.mof", src, sizeof src - 1, &f.unit);
    schema_model *m = schema_build(&f.ctx, &f.unit);
    fx_expect(&f, "MOF2601", 2, 56,
              "property 'Demo_Res.Path' of a DSC resource has none of Key, Required, Write, Read");
    assert_int_equal(f.ctx.diag.items[0].sev, SEV_ERROR);
    schema_free(m);
    fx_done(&f);

    /* Read as DMTF, a DSC schema is no DSC schema: its MI language is
     * what is wrong (errors), not the DSC rules. */
    fx_parse(&f, "class Demo_Res : OMI_BaseResource { string Path; };\n", DIALECT_DMTF);
    m = schema_build(&f.ctx, &f.unit);
    fx_expect(&f, "MOF2101", 1, 18,
              "superclass 'OMI_BaseResource' of 'Demo_Res' is not declared (before this point)");
    assert_string_equal(f.ctx.diag.items[0].notes->msg,
                        "'OMI_BaseResource' is a PowerShell DSC class: --dialect=mi knows it");
    schema_free(m);
    fx_done(&f);
}

/* The qualifiers the MI codec knows built in (OMI's declarations: DSP0004's,
 * WMI's, and its own), and the note that names the dialect of a
 * qualifier or class when a file of another dialect uses it. */
static void mi_qualifiers(void **state)
{
    (void)state;
    static const char src[] =
        "[ClassVersion (\"1.0.0\"), FriendlyName (\"Demo\"), SupportsInventory]\n"
        "class Demo_Res : OMI_BaseResource {\n"
        "  [Key, InventoryFilter] string Name;\n"
        "  [Write, CIM_Key, PropertyUsage (\"CurrentContext\"), DisplayDescription (\"d\")] string Other;\n"
        "  [Static] uint32 Get([In, Stream] string Data);\n"
        "};\n";
    fx f;
    fx_parse(&f, src, DIALECT_AUTO);
    assert_int_equal(f.ctx.sources.files[1]->dialect, DIALECT_MI);
    schema_model *m = schema_build(&f.ctx, &f.unit);
    assert_int_equal(f.ctx.diag.n, 0);
    const model_class *c = model_find_class(m->ns[0], "Demo_Res");
    const model_qualifier *inv = model_find_qualifier(&model_find_feature(c, "Name")->quals, "InventoryFilter");
    assert_non_null(inv);
    assert_int_equal(inv->decl->type, TYPE_BOOLEAN);
    schema_free(m);
    fx_done(&f);

    /* In DMTF: undeclared, and the note names MI and its flag. */
    fx_parse(&f, "[SupportsInventory] class Demo_A { [CIM_Key] string K; };\n", DIALECT_DMTF);
    m = schema_build(&f.ctx, &f.unit);
    assert_string_equal(f.ctx.diag.items[0].notes->msg,
                        "'SupportsInventory' is an MI qualifier (PowerShell DSC, OMI): --dialect=mi reads "
                        "the file with MI rules");
    fx_expect(&f, "MOF2001", 1, 2, "qualifier 'SupportsInventory' is not declared");
    assert_string_equal(f.ctx.diag.items[1].notes->msg,
                        "'CIM_Key' is a WMI qualifier: --dialect=wmi reads the file with WMI rules");
    fx_expect(&f, "MOF2001", 1, 37, "qualifier 'CIM_Key' is not declared");
    schema_free(m);
    fx_done(&f);

    /* In WMI an MI-only qualifier is unknown too (a warning there). */
    fx_parse(&f, "[ClassVersion (\"1.0\")] class Demo_A { };\n", DIALECT_WMI);
    m = schema_build(&f.ctx, &f.unit);
    assert_int_equal(f.ctx.diag.items[0].sev, SEV_WARNING);
    assert_string_equal(f.ctx.diag.items[0].notes->msg,
                        "'ClassVersion' is an MI qualifier (PowerShell DSC, OMI): --dialect=mi reads "
                        "the file with MI rules");
    fx_expect(&f, "MOF2001", 1, 2, "qualifier 'ClassVersion' is not declared");
    schema_free(m);
    fx_done(&f);

    /* A WMI system class in a DMTF file: the note names WMI. */
    fx_parse(&f, "class Demo_P : __Win32Provider { };\ninstance of __EventFilter { Name = \"f\"; };\n",
             DIALECT_DMTF);
    m = schema_build(&f.ctx, &f.unit);
    assert_string_equal(f.ctx.diag.items[0].notes->msg,
                        "'__Win32Provider' is a WMI system class: --dialect=wmi knows it");
    fx_expect(&f, "MOF2101", 1, 16,
              "superclass '__Win32Provider' of 'Demo_P' is not declared (before this point)");
    assert_string_equal(f.ctx.diag.items[1].notes->msg,
                        "'__EventFilter' is a WMI system class: --dialect=wmi knows it");
    fx_expect(&f, "MOF2501", 2, 13,
              "instance of '__EventFilter', which is not declared in namespace 'root/cimv2'");
    schema_free(m);
    fx_done(&f);

    /* An ordinary unknown class gets no such note. */
    fx_parse(&f, "class Demo_P : Demo_Missing { };\n", DIALECT_DMTF);
    m = schema_build(&f.ctx, &f.unit);
    assert_null(f.ctx.diag.items[0].notes);
    fx_expect(&f, "MOF2101", 1, 16,
              "superclass 'Demo_Missing' of 'Demo_P' is not declared (before this point)");
    schema_free(m);
    fx_done(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(detection),
        cmocka_unit_test(forced),
        cmocka_unit_test(severities),
        cmocka_unit_test(pending),
        cmocka_unit_test(pending_limits),
        cmocka_unit_test(included),
        cmocka_unit_test(rule_severities),
        cmocka_unit_test(class_typed),
        cmocka_unit_test(builtin_classes),
        cmocka_unit_test(dynprops),
        cmocka_unit_test(dsc_rules),
        cmocka_unit_test(mi_qualifiers),
    };
    return cmocka_run_group_tests_name("dialects", tests, NULL, NULL);
}
