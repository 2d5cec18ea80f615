/* Shared by the front-end and validation tests: parse text from memory and
 * assert on the exact diagnostics. A test fails when it leaves a
 * diagnostic unchecked, so no message slips through unnoticed. */
#ifndef MOFC_TEST_FIXTURE_H
#define MOFC_TEST_FIXTURE_H
#include "parser/mof_parse.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

typedef struct fx {
    mofc_ctx ctx;
    ast_unit unit;
    size_t checked;    /* diagnostics asserted so far */
} fx;

void fx_parse(fx *f, const char *src, mof_dialect d);
void fx_parse_file(fx *f, const char *path, mof_dialect d);
/* Asserts that the next diagnostic has this code, place and text. */
void fx_expect(fx *f, const char *code, unsigned line, unsigned col, const char *msg);
/* Asserts nothing is left unchecked, and frees. */
void fx_done(fx *f);
/* Formats diagnostic i as "code line:col message", for failure output. */
const char *fx_describe(fx *f, size_t i, char *buf, size_t n);
#endif
