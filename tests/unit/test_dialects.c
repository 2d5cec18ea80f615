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
    {"DYNPROPS instance", "t.mof", "class A { string S; };\n[DYNPROPS] instance of A { S = \"s\"; };\n",
     DIALECT_WMI, "it uses the 'DYNPROPS' qualifier", 2, 2},
    {"Amended flavor", "t.mof", "class A { [Description (\"d\") : Amended] string S; };\n", DIALECT_WMI,
     "it uses the 'Amended' flavor", 1, 32},
    {"DSC resource", "t.mof", "class R : OMI_BaseResource { };\n", DIALECT_MI,
     "it uses the DSC base class 'OMI_BaseResource'", 1, 11},
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(detection),
        cmocka_unit_test(forced),
        cmocka_unit_test(severities),
        cmocka_unit_test(pending),
        cmocka_unit_test(pending_limits),
        cmocka_unit_test(included),
    };
    return cmocka_run_group_tests_name("dialects", tests, NULL, NULL);
}
