/* libmofrt object paths: string form parse/print, escaping, comparison. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "runtime/mofrt.h"

static mofrt_path *parse_ok(const char *s)
{
    mofrt_path *p = NULL;
    mofrt_error e;
    if (mofrt_path_parse(s, &p, &e) != 0)
        fail_msg("'%s': %s", s, e.message);
    return p;
}

static void parse_bad(const char *s)
{
    mofrt_path *p = (mofrt_path *)1;
    mofrt_error e;
    mofrt_error_clear(&e);
    assert_int_equal(mofrt_path_parse(s, &p, &e), -1);
    assert_null(p);
    assert_int_equal(e.kind, MOFRT_E_SYNTAX);
}

static void reprint(const char *in, const char *expect)
{
    mofrt_path *p = parse_ok(in);
    char *s = mofrt_path_to_string(p);
    assert_non_null(s);
    assert_string_equal(s, expect);
    free(s);
    mofrt_path_free(p);
}

static void test_full_form(void **state)
{
    (void)state;
    mofrt_path *p = parse_ok("//hv01.example.com/root/virtualization/v2:Msvm_ComputerSystem."
                             "CreationClassName=\"Msvm_ComputerSystem\",Name=\"ABC-123\"");
    assert_string_equal(p->host, "hv01.example.com");
    assert_string_equal(p->ns, "root/virtualization/v2");
    assert_string_equal(p->class_name, "Msvm_ComputerSystem");
    assert_int_equal(p->count, 2);
    assert_string_equal(mofrt_path_get_key(p, "name")->v.s, "ABC-123");
    assert_string_equal(mofrt_path_get_key(p, "CREATIONCLASSNAME")->v.s, "Msvm_ComputerSystem");
    mofrt_path_free(p);
    reprint("//h:5988/root/cimv2:C.K=\"v\",K2=3", "//h:5988/root/cimv2:C.K=\"v\",K2=3");
}

static void test_short_forms(void **state)
{
    (void)state;
    mofrt_path *p = parse_ok("root/cimv2:CIM_Foo.Id=7");
    assert_null(p->host);
    assert_string_equal(p->ns, "root/cimv2");
    assert_int_equal(mofrt_path_get_key(p, "Id")->type, MOFRT_T_UINT64);
    assert_int_equal(mofrt_path_get_key(p, "Id")->v.u, 7);
    mofrt_path_free(p);
    p = parse_ok("CIM_Foo.Id=-7,On=true,R=1.5");
    assert_null(p->ns);
    assert_int_equal(mofrt_path_get_key(p, "Id")->v.i, -7);
    assert_int_equal(mofrt_path_get_key(p, "On")->type, MOFRT_T_BOOLEAN);
    assert_true(mofrt_path_get_key(p, "On")->v.b);
    assert_int_equal(mofrt_path_get_key(p, "R")->type, MOFRT_T_REAL64);
    mofrt_path_free(p);
    reprint("CIM_Foo.Id=-7,On=true", "CIM_Foo.Id=-7,On=TRUE");
    p = parse_ok("CIM_Foo");
    assert_int_equal(p->count, 0);
    mofrt_path_free(p);
    p = parse_ok("CIM_Singleton=@");
    assert_int_equal(p->count, 0);
    assert_string_equal(p->class_name, "CIM_Singleton");
    mofrt_path_free(p);
    reprint("root/cimv2:CIM_Foo", "root/cimv2:CIM_Foo");
}

static void test_escaping(void **state)
{
    (void)state;
    mofrt_path *p = parse_ok("C.K=\"a \\\"quoted\\\" \\\\ back, and = . : chars\"");
    assert_string_equal(mofrt_path_get_key(p, "K")->v.s, "a \"quoted\" \\ back, and = . : chars");
    char *s = mofrt_path_to_string(p);
    assert_string_equal(s, "C.K=\"a \\\"quoted\\\" \\\\ back, and = . : chars\"");
    free(s);
    mofrt_path_free(p);

    /* a reference as a key value: nested escaping round-trips */
    mofrt_path *inner = parse_ok("root/v2:Msvm_X.Name=\"q\\\"x\"");
    mofrt_path *outer = mofrt_path_new(NULL, "root/v2", "Msvm_Assoc");
    mofrt_value rv = mofrt_value_ref_take(inner);
    assert_int_equal(mofrt_path_add_key(outer, "Antecedent", &rv, NULL), 0);
    s = mofrt_path_to_string(outer);
    assert_string_equal(s, "root/v2:Msvm_Assoc.Antecedent=\"root/v2:Msvm_X.Name=\\\"q\\\\\\\"x\\\"\"");
    mofrt_path *back = parse_ok(s);
    assert_true(mofrt_path_equal(outer, back));   /* string key vs reference key */
    free(s);
    mofrt_path_free(back);
    mofrt_path_free(outer);
}

static void test_bad(void **state)
{
    (void)state;
    parse_bad("");
    parse_bad(".K=1");
    parse_bad("C.K=\"unterminated");
    parse_bad("C.K=\"bad \\n escape\"");
    parse_bad("C.K");
    parse_bad("C.K=1,");
    parse_bad("C.K=abc");
    parse_bad("C K=1");
    parse_bad("//hostonly");
    parse_bad("//host/C.K=1");
    parse_bad(":C.K=1");
}

static void test_compare(void **state)
{
    (void)state;
    mofrt_path *a = parse_ok("root/cimv2:CIM_Foo.Name=\"x\",Id=5");
    mofrt_path *b = parse_ok("ROOT/CIMV2:cim_foo.id=5,NAME=\"x\"");
    assert_true(mofrt_path_equal(a, b));
    mofrt_path *c = parse_ok("CIM_Foo.Id=5,Name=\"X\"");   /* values are case-sensitive */
    assert_false(mofrt_path_equal(a, c));
    mofrt_path *d = parse_ok("CIM_Foo.Id=5,Name=\"x\"");   /* no namespace: not compared */
    assert_true(mofrt_path_equal(a, d));
    mofrt_path *e = parse_ok("root/other:CIM_Foo.Id=5,Name=\"x\"");
    assert_false(mofrt_path_equal(a, e));
    mofrt_path *f = parse_ok("CIM_Foo.Id=5");
    assert_false(mofrt_path_equal(d, f));
    mofrt_path *g = parse_ok("CIM_Foo.Id=\"5\",Name=\"x\"");   /* string "5" is not 5 */
    assert_false(mofrt_path_equal(d, g));
    assert_true(mofrt_path_equal(NULL, NULL));
    assert_false(mofrt_path_equal(a, NULL));

    /* typed key from CIM-XML (uint16) equals untyped number from the string form */
    mofrt_path *h = mofrt_path_new(NULL, NULL, "CIM_Foo");
    mofrt_value v = mofrt_value_uint(MOFRT_T_UINT16, 5);
    assert_int_equal(mofrt_path_add_key(h, "Id", &v, NULL), 0);
    assert_int_equal(mofrt_path_add_key_string(h, "Name", "x", NULL), 0);
    assert_true(mofrt_path_equal(h, d));
    mofrt_path *copy = mofrt_path_copy(h);
    assert_true(mofrt_path_equal(copy, h));
    mofrt_path *list[] = { a, b, c, d, e, f, g, h, copy };
    for (size_t i = 0; i < sizeof list / sizeof *list; i++)
        mofrt_path_free(list[i]);
    mofrt_path_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_form),
        cmocka_unit_test(test_short_forms),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_bad),
        cmocka_unit_test(test_compare),
    };
    return cmocka_run_group_tests_name("mofrt_path", tests, NULL, NULL);
}
