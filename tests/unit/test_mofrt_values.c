/* libmofrt value model: every intrinsic type's text form and limits,
 * datetime (timestamps, intervals, asterisks), char16, arrays, instances. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/mofrt.h"

static char *printed(const mofrt_value *v)
{
    mofrt_buf b = MOFRT_BUF_INIT;
    assert_int_equal(mofrt_value_print(v, &b, NULL), 0);
    return mofrt_buf_take(&b);
}

/* Parse text as type t, print it back, compare with `expect`. */
static void roundtrip(mofrt_type t, const char *text, const char *expect)
{
    mofrt_value v;
    mofrt_error e;
    if (mofrt_value_parse(t, text, &v, &e) != 0)
        fail_msg("%s '%s': %s", mofrt_type_name(t), text, e.message);
    char *s = printed(&v);
    assert_string_equal(s, expect);
    free(s);
    mofrt_value_clear(&v);
}

static void rejected(mofrt_type t, const char *text, mofrt_err_kind kind)
{
    mofrt_value v = MOFRT_VALUE_INIT;
    mofrt_error e;
    mofrt_error_clear(&e);
    assert_int_equal(mofrt_value_parse(t, text, &v, &e), -1);
    assert_int_equal(e.kind, kind);
    assert_int_equal(e.code, MOFRT_CIM_ERR_INVALID_PARAMETER);
    assert_true(e.message[0] != '\0');
    assert_int_equal(v.type, MOFRT_T_NONE);   /* untouched */
}

static void test_type_names(void **state)
{
    (void)state;
    for (int t = 1; t < MOFRT_T_COUNT_; t++)
        assert_int_equal(mofrt_type_from_name(mofrt_type_name((mofrt_type)t)), t);
    assert_int_equal(mofrt_type_from_name("UINT16"), MOFRT_T_UINT16);
    assert_int_equal(mofrt_type_from_name("object"), MOFRT_T_INSTANCE);
    assert_int_equal(mofrt_type_from_name("uint128"), MOFRT_T_NONE);
    assert_int_equal(mofrt_type_from_name(NULL), MOFRT_T_NONE);
}

static void test_unsigned(void **state)
{
    (void)state;
    roundtrip(MOFRT_T_UINT8, "0", "0");
    roundtrip(MOFRT_T_UINT8, "255", "255");
    roundtrip(MOFRT_T_UINT8, " 7\n", "7");
    roundtrip(MOFRT_T_UINT8, "+8", "8");
    roundtrip(MOFRT_T_UINT8, "-0", "0");
    roundtrip(MOFRT_T_UINT16, "65535", "65535");
    roundtrip(MOFRT_T_UINT16, "0x1F", "31");
    roundtrip(MOFRT_T_UINT32, "4294967295", "4294967295");
    roundtrip(MOFRT_T_UINT64, "18446744073709551615", "18446744073709551615");
    rejected(MOFRT_T_UINT8, "256", MOFRT_E_RANGE);
    rejected(MOFRT_T_UINT8, "-1", MOFRT_E_RANGE);
    rejected(MOFRT_T_UINT16, "65536", MOFRT_E_RANGE);
    rejected(MOFRT_T_UINT32, "4294967296", MOFRT_E_RANGE);
    rejected(MOFRT_T_UINT64, "18446744073709551616", MOFRT_E_RANGE);
    rejected(MOFRT_T_UINT8, "", MOFRT_E_SYNTAX);
    rejected(MOFRT_T_UINT8, "12a", MOFRT_E_SYNTAX);
    rejected(MOFRT_T_UINT8, "1 2", MOFRT_E_SYNTAX);
    rejected(MOFRT_T_UINT8, "0x", MOFRT_E_SYNTAX);
    rejected(MOFRT_T_UINT32, "1.5", MOFRT_E_SYNTAX);
}

static void test_signed(void **state)
{
    (void)state;
    roundtrip(MOFRT_T_SINT8, "-128", "-128");
    roundtrip(MOFRT_T_SINT8, "127", "127");
    roundtrip(MOFRT_T_SINT16, "-32768", "-32768");
    roundtrip(MOFRT_T_SINT32, "-2147483648", "-2147483648");
    roundtrip(MOFRT_T_SINT64, "-9223372036854775808", "-9223372036854775808");
    roundtrip(MOFRT_T_SINT64, "9223372036854775807", "9223372036854775807");
    rejected(MOFRT_T_SINT8, "128", MOFRT_E_RANGE);
    rejected(MOFRT_T_SINT8, "-129", MOFRT_E_RANGE);
    rejected(MOFRT_T_SINT64, "9223372036854775808", MOFRT_E_RANGE);
    rejected(MOFRT_T_SINT64, "-9223372036854775809", MOFRT_E_RANGE);
    rejected(MOFRT_T_SINT32, "--1", MOFRT_E_SYNTAX);
    int64_t i;
    assert_int_equal(mofrt_parse_sint("-9223372036854775808", MOFRT_T_SINT64, &i, NULL), 0);
    assert_true(i == INT64_MIN);
}

static void test_reals(void **state)
{
    (void)state;
    roundtrip(MOFRT_T_REAL64, "1.5", "1.5");
    roundtrip(MOFRT_T_REAL64, "-2.5e10", "-25000000000");
    roundtrip(MOFRT_T_REAL64, "0.1", "0.1");
    roundtrip(MOFRT_T_REAL32, "0.1", "0.1");
    roundtrip(MOFRT_T_REAL64, "INF", "INF");
    roundtrip(MOFRT_T_REAL64, "-INF", "-INF");
    roundtrip(MOFRT_T_REAL64, "NaN", "NaN");
    roundtrip(MOFRT_T_REAL64, ".5", "0.5");
    rejected(MOFRT_T_REAL64, "0x1p3", MOFRT_E_SYNTAX);
    rejected(MOFRT_T_REAL64, "inf", MOFRT_E_SYNTAX);
    rejected(MOFRT_T_REAL64, "1e", MOFRT_E_SYNTAX);
    rejected(MOFRT_T_REAL64, ".", MOFRT_E_SYNTAX);
    rejected(MOFRT_T_REAL32, "1e39", MOFRT_E_RANGE);
    rejected(MOFRT_T_REAL64, "1e999", MOFRT_E_RANGE);
    double d;
    assert_int_equal(mofrt_parse_real("3.4028234e38", MOFRT_T_REAL32, &d, NULL), 0);
    assert_true(d > 3.4e38);
}

static void test_boolean_string(void **state)
{
    (void)state;
    roundtrip(MOFRT_T_BOOLEAN, "true", "TRUE");
    roundtrip(MOFRT_T_BOOLEAN, "FALSE", "FALSE");
    roundtrip(MOFRT_T_BOOLEAN, " True ", "TRUE");
    rejected(MOFRT_T_BOOLEAN, "yes", MOFRT_E_SYNTAX);
    rejected(MOFRT_T_BOOLEAN, "1", MOFRT_E_SYNTAX);
    roundtrip(MOFRT_T_STRING, "", "");
    roundtrip(MOFRT_T_STRING, "a <b> & \"c\"", "a <b> & \"c\"");
}

static void test_char16(void **state)
{
    (void)state;
    roundtrip(MOFRT_T_CHAR16, "A", "A");
    roundtrip(MOFRT_T_CHAR16, "\xc3\xa9", "\xc3\xa9");         /* U+00E9 */
    roundtrip(MOFRT_T_CHAR16, "\xe2\x82\xac", "\xe2\x82\xac"); /* U+20AC */
    uint16_t c;
    assert_int_equal(mofrt_parse_char16("\xe2\x82\xac", &c, NULL), 0);
    assert_int_equal(c, 0x20AC);
    rejected(MOFRT_T_CHAR16, "", MOFRT_E_SYNTAX);
    rejected(MOFRT_T_CHAR16, "AB", MOFRT_E_SYNTAX);
    rejected(MOFRT_T_CHAR16, "\xf0\x9f\x98\x80", MOFRT_E_SYNTAX);  /* outside the BMP */
    rejected(MOFRT_T_CHAR16, "\xed\xa0\x80", MOFRT_E_SYNTAX);      /* surrogate */
    rejected(MOFRT_T_CHAR16, "\xc0\x81", MOFRT_E_SYNTAX);          /* overlong */
    mofrt_value v = mofrt_value_char16(0xD800);
    mofrt_buf b = MOFRT_BUF_INIT;
    assert_int_equal(mofrt_value_print(&v, &b, NULL), -1);
    mofrt_buf_free(&b);
}

static void test_datetime_timestamp(void **state)
{
    (void)state;
    mofrt_datetime dt;
    assert_int_equal(mofrt_datetime_parse("20240229123456.789012+060", &dt, NULL), 0);
    assert_false(dt.is_interval);
    assert_int_equal(dt.year, 2024);
    assert_int_equal(dt.month, 2);
    assert_int_equal(dt.day, 29);
    assert_int_equal(dt.hour, 12);
    assert_int_equal(dt.minute, 34);
    assert_int_equal(dt.second, 56);
    assert_int_equal(dt.microsecond, 789012);
    assert_int_equal(dt.utc_offset, 60);
    assert_int_equal(dt.precision, 20);
    roundtrip(MOFRT_T_DATETIME, "20240229123456.789012+060", "20240229123456.789012+060");
    roundtrip(MOFRT_T_DATETIME, "19991231235959.000000-300", "19991231235959.000000-300");
    assert_int_equal(mofrt_datetime_parse("19991231235959.000000-300", &dt, NULL), 0);
    assert_int_equal(dt.utc_offset, -300);
    rejected(MOFRT_T_DATETIME, "20230229000000.000000+000", MOFRT_E_RANGE);  /* not a leap year */
    rejected(MOFRT_T_DATETIME, "20241301000000.000000+000", MOFRT_E_RANGE);
    rejected(MOFRT_T_DATETIME, "20240100000000.000000+000", MOFRT_E_RANGE);
    rejected(MOFRT_T_DATETIME, "20240101240000.000000+000", MOFRT_E_RANGE);
    rejected(MOFRT_T_DATETIME, "20240101006000.000000+000", MOFRT_E_RANGE);
    rejected(MOFRT_T_DATETIME, "2024010100000.000000+000", MOFRT_E_SYNTAX);  /* 24 chars */
    rejected(MOFRT_T_DATETIME, "20240101000000,000000+000", MOFRT_E_SYNTAX);
    rejected(MOFRT_T_DATETIME, "20240101000000.000000*000", MOFRT_E_SYNTAX);
    rejected(MOFRT_T_DATETIME, "2024010100000a.000000+000", MOFRT_E_SYNTAX);
}

static void test_datetime_wildcards(void **state)
{
    (void)state;
    mofrt_datetime dt;
    assert_int_equal(mofrt_datetime_parse("20240101120000.123***+000", &dt, NULL), 0);
    assert_int_equal(dt.precision, 17);
    assert_int_equal(dt.microsecond, 123000);
    roundtrip(MOFRT_T_DATETIME, "20240101120000.123***+000", "20240101120000.123***+000");
    roundtrip(MOFRT_T_DATETIME, "20240101******.******+000", "20240101******.******+000");
    roundtrip(MOFRT_T_DATETIME, "2024**********.******-120", "2024**********.******-120");
    roundtrip(MOFRT_T_DATETIME, "**************.******+000", "**************.******+000");
    assert_int_equal(mofrt_datetime_parse("20240101******.******+000", &dt, NULL), 0);
    assert_int_equal(dt.precision, 8);
    /* stars must cover whole fields from the right, and never the offset */
    rejected(MOFRT_T_DATETIME, "2024010112000*.******+000", MOFRT_E_SYNTAX);
    rejected(MOFRT_T_DATETIME, "20240101120000.12*456+000", MOFRT_E_SYNTAX);
    rejected(MOFRT_T_DATETIME, "********120000.000000+000", MOFRT_E_SYNTAX);
    rejected(MOFRT_T_DATETIME, "20240101120000.000000+***", MOFRT_E_SYNTAX);
    rejected(MOFRT_T_DATETIME, "202401*1120000.000000+000", MOFRT_E_SYNTAX);
}

/* From the system clock: UTC, and local time with its offset (TZ set
 * here: POSIX "STDoffset" is the negated offset). */
static void test_datetime_from_time(void **state)
{
    (void)state;
    char out[MOFRT_DATETIME_LEN + 1];
    mofrt_datetime d = mofrt_datetime_from_time(0, 0, false);
    mofrt_datetime_print(&d, out);
    assert_string_equal(out, "19700101000000.000000+000");
    d = mofrt_datetime_from_time(951868799, 123456, false);   /* the last second of 2000-02-29 */
    mofrt_datetime_print(&d, out);
    assert_string_equal(out, "20000229235959.123456+000");
    assert_true(mofrt_datetime_valid(&d));
    const char *tz = getenv("TZ");
    char *saved = tz ? strdup(tz) : NULL;
    setenv("TZ", "EST5", 1);
    tzset();
    d = mofrt_datetime_from_time(951868799, 0, true);
    mofrt_datetime_print(&d, out);
    assert_string_equal(out, "20000229185959.000000-300");
    setenv("TZ", "IST-5:30", 1);
    tzset();
    d = mofrt_datetime_from_time(0, 7, true);
    mofrt_datetime_print(&d, out);
    assert_string_equal(out, "19700101053000.000007+330");
    if (saved)
        setenv("TZ", saved, 1);
    else
        unsetenv("TZ");
    tzset();
    free(saved);
}

static void test_datetime_interval(void **state)
{
    (void)state;
    mofrt_datetime dt;
    assert_int_equal(mofrt_datetime_parse("00000001132312.125000:000", &dt, NULL), 0);
    assert_true(dt.is_interval);
    assert_int_equal(dt.days, 1);
    assert_int_equal(dt.hour, 13);
    assert_int_equal(dt.minute, 23);
    assert_int_equal(dt.second, 12);
    assert_int_equal(dt.microsecond, 125000);
    roundtrip(MOFRT_T_DATETIME, "99999999235959.999999:000", "99999999235959.999999:000");
    roundtrip(MOFRT_T_DATETIME, "00000001132312.125***:000", "00000001132312.125***:000");
    roundtrip(MOFRT_T_DATETIME, "00000001******.******:000", "00000001******.******:000");
    rejected(MOFRT_T_DATETIME, "00000001240000.000000:000", MOFRT_E_RANGE);
    rejected(MOFRT_T_DATETIME, "00000001000000.000000:001", MOFRT_E_SYNTAX);
    rejected(MOFRT_T_DATETIME, "0000000**00000.000000:000", MOFRT_E_SYNTAX);

    /* constructing and printing */
    mofrt_datetime iv = { .is_interval = true, .precision = 20, .days = 3, .hour = 4,
                          .minute = 5, .second = 6, .microsecond = 7 };
    char out[MOFRT_DATETIME_LEN + 1];
    assert_true(mofrt_datetime_valid(&iv));
    mofrt_datetime_print(&iv, out);
    assert_string_equal(out, "00000003040506.000007:000");
    iv.precision = 9;   /* not on a field boundary */
    assert_false(mofrt_datetime_valid(&iv));
}

static void test_value_lifecycle(void **state)
{
    (void)state;
    mofrt_value_clear(NULL);
    mofrt_value a;
    assert_int_equal(mofrt_value_array(&a, MOFRT_T_UINT16, 3, NULL), 0);
    a.v.arr.items[0] = mofrt_value_uint(MOFRT_T_UINT16, 1);
    a.v.arr.items[2] = mofrt_value_uint(MOFRT_T_UINT16, 3);
    assert_true(a.v.arr.items[1].is_null);
    mofrt_value b;
    assert_int_equal(mofrt_value_copy(&b, &a, NULL), 0);
    assert_true(mofrt_value_equal(&a, &b));
    b.v.arr.items[2].v.u = 4;
    assert_false(mofrt_value_equal(&a, &b));
    mofrt_value_clear(&a);
    mofrt_value_clear(&b);

    mofrt_value s;
    assert_int_equal(mofrt_value_string(&s, "x", NULL), 0);
    mofrt_value t = MOFRT_VALUE_INIT;
    mofrt_value_move(&t, &s);
    assert_int_equal(s.type, MOFRT_T_NONE);
    assert_string_equal(t.v.s, "x");
    mofrt_value_clear(&t);
    mofrt_value n = mofrt_value_string_take(NULL);
    assert_true(n.is_null);
    mofrt_value_clear(&n);
}

static void test_convert_untyped(void **state)
{
    (void)state;
    mofrt_value u, out;
    mofrt_error e;
    assert_int_equal(mofrt_value_string(&u, "2", NULL), 0);
    u.untyped = true;
    assert_int_equal(mofrt_value_convert(&u, MOFRT_T_UINT16, false, &out, &e), 0);
    assert_int_equal(out.type, MOFRT_T_UINT16);
    assert_int_equal(out.v.u, 2);
    mofrt_value_clear(&out);
    assert_int_equal(mofrt_value_convert(&u, MOFRT_T_UINT16, true, &out, &e), -1);
    assert_int_equal(e.code, MOFRT_CIM_ERR_INVALID_PARAMETER);
    mofrt_value_clear(&u);

    /* typed strings are not silently reinterpreted */
    assert_int_equal(mofrt_value_string(&u, "2", NULL), 0);
    assert_int_equal(mofrt_value_convert(&u, MOFRT_T_UINT16, false, &out, &e), -1);
    assert_non_null(strstr(e.message, "expected a uint16"));
    mofrt_value_clear(&u);

    /* untyped array, one bad element */
    mofrt_value arr;
    assert_int_equal(mofrt_value_array(&arr, MOFRT_T_STRING, 2, NULL), 0);
    arr.untyped = true;
    assert_int_equal(mofrt_value_string(&arr.v.arr.items[0], "1", NULL), 0);
    assert_int_equal(mofrt_value_string(&arr.v.arr.items[1], "300", NULL), 0);
    arr.v.arr.items[0].untyped = arr.v.arr.items[1].untyped = true;
    assert_int_equal(mofrt_value_convert(&arr, MOFRT_T_UINT8, true, &out, &e), -1);
    assert_int_equal(e.kind, MOFRT_E_RANGE);
    assert_non_null(strstr(e.message, "element 1"));
    assert_int_equal(mofrt_value_convert(&arr, MOFRT_T_UINT16, true, &out, &e), 0);
    assert_int_equal(out.v.arr.count, 2);
    assert_int_equal(out.v.arr.items[1].v.u, 300);
    mofrt_value_clear(&out);
    mofrt_value_clear(&arr);
}

static void test_instance(void **state)
{
    (void)state;
    mofrt_instance *inst = mofrt_instance_new("CIM_Foo");
    assert_non_null(inst);
    mofrt_value v = mofrt_value_uint(MOFRT_T_UINT8, 1);
    assert_int_equal(mofrt_instance_set(inst, "Level", &v, NULL), 0);
    assert_int_equal(mofrt_value_string(&v, "abc", NULL), 0);
    assert_int_equal(mofrt_instance_set(inst, "Name", &v, NULL), 0);
    v = mofrt_value_uint(MOFRT_T_UINT8, 2);
    assert_int_equal(mofrt_instance_set(inst, "LEVEL", &v, NULL), 0);   /* replaces */
    assert_int_equal(inst->count, 2);
    assert_int_equal(mofrt_instance_get(inst, "level")->v.u, 2);
    assert_string_equal(mofrt_instance_get(inst, "NAME")->v.s, "abc");
    assert_null(mofrt_instance_get(inst, "Other"));
    mofrt_instance *c = mofrt_instance_copy(inst);
    mofrt_value a = mofrt_value_instance_take(inst), b = mofrt_value_instance_take(c);
    assert_true(mofrt_value_equal(&a, &b));
    mofrt_value_clear(&a);
    mofrt_value_clear(&b);
    mofrt_instance_free(NULL);
}

static void test_names_errors(void **state)
{
    (void)state;
    assert_true(mofrt_name_eq("Msvm_Foo", "MSVM_FOO"));
    assert_false(mofrt_name_eq("Msvm_Foo", "Msvm_Fo"));
    assert_false(mofrt_name_eq(NULL, "x"));
    assert_true(mofrt_name_cmp("a", "B") < 0);
    assert_true(mofrt_name_cmp("\xc3\xa9", "\xc3\x89") != 0);   /* only ASCII folds */
    assert_string_equal(mofrt_cim_status_name(MOFRT_CIM_ERR_INVALID_PARAMETER),
                        "CIM_ERR_INVALID_PARAMETER");
    assert_int_equal(MOFRT_CIM_ERR_NOT_SUPPORTED, 7);
    assert_int_equal(MOFRT_CIM_ERR_METHOD_NOT_AVAILABLE, 16);
    mofrt_error e;
    mofrt_error_set(&e, MOFRT_CIM_ERR_FAILED, MOFRT_E_SYNTAX, "inner %d", 1);
    mofrt_error_prefix(&e, "outer");
    assert_string_equal(e.message, "outer: inner 1");
    char big[400];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    mofrt_error_prefix(&e, big);   /* truncates, stays terminated */
    assert_int_equal(strlen(e.message), MOFRT_ERRMSG_MAX - 1);
    assert_int_equal(mofrt_error_set(NULL, MOFRT_CIM_ERR_FAILED, MOFRT_E_SYNTAX, "x"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_names),
        cmocka_unit_test(test_unsigned),
        cmocka_unit_test(test_signed),
        cmocka_unit_test(test_reals),
        cmocka_unit_test(test_boolean_string),
        cmocka_unit_test(test_char16),
        cmocka_unit_test(test_datetime_timestamp),
        cmocka_unit_test(test_datetime_wildcards),
        cmocka_unit_test(test_datetime_interval),
        cmocka_unit_test(test_datetime_from_time),
        cmocka_unit_test(test_value_lifecycle),
        cmocka_unit_test(test_convert_untyped),
        cmocka_unit_test(test_instance),
        cmocka_unit_test(test_names_errors),
    };
    return cmocka_run_group_tests_name("mofrt_values", tests, NULL, NULL);
}
