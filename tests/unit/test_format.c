/* mofc fmt's parts: the token splitter and its comparison, the printer on
 * small inputs, its refusal when the text and the tree disagree, and the
 * encoder that writes files back in their encoding. */
#include "tests/unit/fixture.h"
#include "format/fmt_lex.h"
#include "format/format.h"
#include <stdlib.h>
#include <string.h>

/* Formats src (which must parse cleanly) into a malloc'd string. */
static char *fmt(const char *src)
{
    fx f;
    fx_parse(&f, src, DIALECT_AUTO);
    const source_file *sf = f.ctx.sources.files[1];
    strbuf out = STRBUF_INIT;
    size_t where = 0;
    assert_true(mof_format(sf->text, sf->len, f.unit.items, f.unit.n, &out, &where));
    fx_done(&f);
    return out.data;
}

static void layout(void **state)
{
    (void)state;
    char *s = fmt("class A:B{[key]string N;uint32 M([in]uint8 X,[out]string Y[]);};");
    assert_string_equal(s, "class A : B {\n"
                           "    [key]\n"
                           "    string N;\n"
                           "    uint32 M(\n"
                           "        [in] uint8 X,\n"
                           "        [out] string Y[]);\n"
                           "};\n");
    free(s);
    /* CR LF in, CR LF out; a trailing comment stays on its line */
    s = fmt("class A {\r\n  uint32 X; // x\r\n};\r\n");
    assert_string_equal(s, "class A {\r\n    uint32 X; // x\r\n};\r\n");
    free(s);
    /* a block comment's lines move with it */
    s = fmt("class A {\n        /* one\n           two */\n  uint32 X;\n};\n");
    assert_string_equal(s, "class A {\n    /* one\n       two */\n    uint32 X;\n};\n");
    free(s);
}

static void refuses_a_tree_of_other_text(void **state)
{
    (void)state;
    fx f;
    fx_parse(&f, "class A { uint32 X; };", DIALECT_AUTO);
    const char *other = "class A { uint32 Y; };";   /* same spans, another name */
    strbuf out = STRBUF_INIT;
    size_t where = 0;
    assert_true(mof_format(other, strlen(other), f.unit.items, f.unit.n, &out, &where));
    strbuf_free(&out);
    const char *moved = "class A {  uint32 X; };";  /* the spans no longer fall on tokens */
    assert_false(mof_format(moved, strlen(moved), f.unit.items, f.unit.n, &out, &where));
    assert_int_equal(where, 11);
    strbuf_free(&out);
    fx_done(&f);
}

static void splitter(void **state)
{
    (void)state;
    const char *a = "#  pragma x /* c  d */ \"s\\\"\" // e\n'q' ;";
    fmt_tokens t;
    size_t bad = 99;
    assert_true(fmt_lex(a, strlen(a), &t, &bad));
    assert_int_equal(t.n, 6);   /* #pragma x "s\"" 'q' ; EOF */
    assert_int_equal(t.tok[0].kind, FT_HASH);
    assert_int_equal(t.tok[0].end, 9);
    assert_int_equal(t.tok[2].kind, FT_STRING);
    assert_int_equal(t.tok[2].ncomments, 1);
    assert_int_equal(t.tok[3].kind, FT_CHAR);
    assert_int_equal(t.tok[3].ncomments, 1);
    assert_int_equal(t.tok[3].nl_before, 1);
    assert_int_equal(t.tok[5].kind, FT_EOF);

    const char *b = "#pragma x /* c d */\n\"s\\\"\" // e\n'q';";
    fmt_tokens u;
    assert_true(fmt_lex(b, strlen(b), &u, &bad));
    size_t at_a, at_b;
    assert_true(fmt_same_text(a, &t, b, &u, &at_a, &at_b));
    fmt_tokens_free(&u);

    const char *c = "#pragma x /* c e */ \"s\\\"\" // e\n'q' ;";   /* a comment changed */
    assert_true(fmt_lex(c, strlen(c), &u, &bad));
    assert_false(fmt_same_text(a, &t, c, &u, &at_a, &at_b));
    assert_int_equal(at_a, 12);
    assert_int_equal(at_b, 10);
    fmt_tokens_free(&u);

    const char *d = "#pragma x /* c d */ \"s\\\"\" 'q' ;";   /* a comment dropped */
    assert_true(fmt_lex(d, strlen(d), &u, &bad));
    assert_false(fmt_same_text(a, &t, d, &u, &at_a, &at_b));
    fmt_tokens_free(&u);

    const char *e = "#pragma y /* c d */ \"s\\\"\" // e\n'q' ;";   /* a token changed */
    assert_true(fmt_lex(e, strlen(e), &u, &bad));
    assert_false(fmt_same_text(a, &t, e, &u, &at_a, &at_b));
    assert_int_equal(at_b, 8);
    fmt_tokens_free(&u);
    fmt_tokens_free(&t);

    /* cut where the scanner cuts */
    const char *w = "#pragmalocale x=-1.5e-3,$a1 0x1F{101b}";
    assert_true(fmt_lex(w, strlen(w), &t, &bad));
    static const uint32_t ends[] = {7, 13, 15, 16, 23, 24, 27, 32, 33, 37, 38, 38};
    assert_int_equal(t.n, sizeof ends / sizeof ends[0]);
    for (size_t i = 0; i < t.n; i++)
        assert_int_equal(t.tok[i].end, ends[i]);
    fmt_tokens_free(&t);

    assert_false(fmt_lex("a \"open", 7, &t, &bad));
    assert_int_equal(bad, 2);
    assert_false(fmt_lex("a /* open", 9, &t, &bad));
    assert_int_equal(bad, 2);
    assert_false(fmt_lex("a @", 3, &t, &bad));
    assert_int_equal(bad, 2);
}

static void encoder(void **state)
{
    (void)state;
    const char *text = "A\xC3\xA9\xF0\x9F\x98\x80";   /* A, e acute, U+1F600 */
    strbuf out = STRBUF_INIT;
    source_encode(ENC_UTF16LE, true, text, strlen(text), &out);
    const char le[] = "\xFF\xFE" "A\0" "\xE9\0" "\x3D\xD8\x00\xDE";
    assert_int_equal(out.len, sizeof le - 1);
    assert_memory_equal(out.data, le, sizeof le - 1);
    out.len = 0;
    source_encode(ENC_UTF16BE, false, text, strlen(text), &out);
    const char be[] = "\0A" "\0\xE9" "\xD8\x3D\xDE\x00";
    assert_int_equal(out.len, sizeof be - 1);
    assert_memory_equal(out.data, be, sizeof be - 1);
    out.len = 0;
    source_encode(ENC_UTF8_BOM, true, "x", 1, &out);
    assert_memory_equal(out.data, "\xEF\xBB\xBFx", 4);
    /* and back: decoding what was encoded gives the text */
    out.len = 0;
    source_encode(ENC_UTF16LE, true, text, strlen(text), &out);
    size_t len, off;
    src_encoding enc;
    bool ascii;
    const char *msg;
    char *back = source_decode((const unsigned char *)out.data, out.len, &len, &enc, &ascii, &msg, &off);
    assert_null(msg);
    assert_int_equal(enc, ENC_UTF16LE);
    assert_int_equal(len, strlen(text));
    assert_memory_equal(back, text, len);
    assert_false(ascii);   /* e acute and U+1F600 */
    free(back);
    strbuf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(layout),
        cmocka_unit_test(refuses_a_tree_of_other_text),
        cmocka_unit_test(splitter),
        cmocka_unit_test(encoder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
