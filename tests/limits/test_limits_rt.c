/* libmofrt under hostile requests at full scale (the unit tests use small
 * limits): each document reaches one limit with the defaults, or with the
 * input limit raised so that the limit behind it is the one hit. Every one
 * is refused with its error kind, through the decoder and through the
 * dispatcher (HTTP 400: nothing written), and the process stays small. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "runtime/mofrt.h"
#include "tests/unit/crp_tables.h"

#define REQ_OPEN "<?xml version=\"1.0\" encoding=\"utf-8\"?><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\">" \
    "<MESSAGE ID=\"1\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ><METHODCALL NAME=\"CreateReferencePoint\">" \
    "<LOCALINSTANCEPATH><LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/></LOCALNAMESPACEPATH>" \
    "<INSTANCENAME CLASSNAME=\"Msvm_CollectionReferencePointService\"><KEYBINDING NAME=\"Name\">" \
    "<KEYVALUE VALUETYPE=\"string\">vmms</KEYVALUE></KEYBINDING></INSTANCENAME></LOCALINSTANCEPATH>"
#define REQ_CLOSE "</METHODCALL></SIMPLEREQ></MESSAGE></CIM>"

/* The dispatcher answers HTTP 400 (nothing written) for a document it
 * cannot read, and a CIM error for a limit inside a well-formed call. */
static void refuse_as(const mofrt_buf *doc, const mofrt_limits *lim, mofrt_err_kind kind, int code,
                      mofrt_dispatch_result want)
{
    mofrt_request req;
    mofrt_error err;
    assert_int_equal(mofrt_xml_decode_request(doc->data, doc->len, lim, &req, &err), -1);
    if (err.kind != kind)
        fail_msg("kind %d, want %d: %s", (int)err.kind, (int)kind, err.message);
    if (code >= 0)
        assert_int_equal(err.code, code);
    assert_true(err.code != 0 && err.message[0] != '\0');
    mofrt_request_clear(&req);

    Msvm_CollectionReferencePointService_ops ops = {NULL, NULL};
    mofrt_provider prov = Msvm_CollectionReferencePointService_provider(&ops, NULL);
    mofrt_dispatch_table table = {1, &prov};
    mofrt_buf resp = MOFRT_BUF_INIT;
    assert_int_equal(mofrt_dispatch_xml(&table, doc->data, doc->len, lim, &resp, &err), want);
    if (want == MOFRT_DISPATCH_BAD_REQUEST) {
        assert_int_equal(resp.len, 0);
    } else {
        assert_true(resp.len > 0 && strstr(resp.data, "<ERROR CODE=\"") != NULL);
        if (code >= 0)
            assert_int_equal(err.code, code);
    }
    mofrt_buf_free(&resp);
}

static void refuse(const mofrt_buf *doc, const mofrt_limits *lim, mofrt_err_kind kind, int code)
{
    refuse_as(doc, lim, kind, code, MOFRT_DISPATCH_BAD_REQUEST);
}

static void repeat(mofrt_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mofrt_buf_puts(b, s);
}

static mofrt_limits big_input(size_t bytes)
{
    mofrt_limits lim = mofrt_limits_default();
    lim.max_input = bytes;
    return lim;
}

static void deep_nesting(void **state)
{
    (void)state;
    mofrt_buf b = MOFRT_BUF_INIT;
    mofrt_buf_puts(&b, REQ_OPEN "<PARAMVALUE NAME=\"Collection\">");
    repeat(&b, "<VALUE.ARRAY>", 200000);
    repeat(&b, "</VALUE.ARRAY>", 200000);
    mofrt_buf_puts(&b, "</PARAMVALUE>" REQ_CLOSE);
    mofrt_limits lim = big_input(8u << 20);
    refuse(&b, &lim, MOFRT_E_LIMIT, MOFRT_CIM_ERR_SERVER_LIMITS_EXCEEDED);
    /* with the default input limit the size is what stops it */
    refuse(&b, NULL, MOFRT_E_LIMIT, MOFRT_CIM_ERR_SERVER_LIMITS_EXCEEDED);
    mofrt_buf_free(&b);
}

static void huge_attribute(void **state)
{
    (void)state;
    mofrt_buf b = MOFRT_BUF_INIT;
    mofrt_buf_puts(&b, REQ_OPEN "<PARAMVALUE NAME=\"");
    repeat(&b, "xxxxxxxxxxxxxxxx", (8u << 20) / 16);
    mofrt_buf_puts(&b, "\"/>" REQ_CLOSE);
    mofrt_limits lim = big_input(16u << 20);
    refuse(&b, &lim, MOFRT_E_LIMIT, MOFRT_CIM_ERR_SERVER_LIMITS_EXCEEDED);
    mofrt_buf_free(&b);
}

static void entity_expansion(void **state)
{
    (void)state;
    /* quadratic blow-up: one big entity referenced many times */
    mofrt_buf b = MOFRT_BUF_INIT;
    mofrt_buf_puts(&b, "<?xml version=\"1.0\"?><!DOCTYPE CIM [<!ENTITY a \"");
    repeat(&b, "aaaaaaaaaaaaaaaa", 4096);
    mofrt_buf_puts(&b, "\">]><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"1\" PROTOCOLVERSION=\"1.0\">");
    repeat(&b, "&a;", 50000);
    mofrt_buf_puts(&b, "</MESSAGE></CIM>");
    refuse(&b, NULL, MOFRT_E_XML_DTD, -1);
    mofrt_buf_free(&b);
}

static void many_elements(void **state)
{
    (void)state;
    mofrt_buf b = MOFRT_BUF_INIT;
    mofrt_buf_puts(&b, REQ_OPEN "<PARAMVALUE NAME=\"A\" PARAMTYPE=\"uint8\"><VALUE.ARRAY>");
    repeat(&b, "<VALUE>1</VALUE>", 70000);   /* default max_array: 65536 */
    mofrt_buf_puts(&b, "</VALUE.ARRAY></PARAMVALUE>" REQ_CLOSE);
    mofrt_limits lim = big_input(4u << 20);
    refuse_as(&b, &lim, MOFRT_E_LIMIT, MOFRT_CIM_ERR_SERVER_LIMITS_EXCEEDED, MOFRT_DISPATCH_CIM_ERROR);
    mofrt_buf_free(&b);

    mofrt_buf p = MOFRT_BUF_INIT;
    mofrt_buf_puts(&p, REQ_OPEN);
    repeat(&p, "<PARAMVALUE NAME=\"A\"/>", 300);   /* default max_params: 256 */
    mofrt_buf_puts(&p, REQ_CLOSE);
    refuse_as(&p, NULL, MOFRT_E_LIMIT, MOFRT_CIM_ERR_SERVER_LIMITS_EXCEEDED, MOFRT_DISPATCH_CIM_ERROR);
    mofrt_buf_free(&p);
}

static void bad_bytes(void **state)
{
    (void)state;
    static const struct { const char *bytes; size_t n; } docs[] = {
        {REQ_OPEN "<PARAMVALUE NAME=\"A\"><VALUE>a\0b</VALUE></PARAMVALUE>" REQ_CLOSE,
         sizeof(REQ_OPEN "<PARAMVALUE NAME=\"A\"><VALUE>a\0b</VALUE></PARAMVALUE>" REQ_CLOSE) - 1},
        {REQ_OPEN "<PARAMVALUE NAME=\"A\"><VALUE>caf\xc3\x28</VALUE></PARAMVALUE>" REQ_CLOSE,
         sizeof(REQ_OPEN "<PARAMVALUE NAME=\"A\"><VALUE>caf\xc3\x28</VALUE></PARAMVALUE>" REQ_CLOSE) - 1},
        /* UTF-16 with a BOM and an odd byte count (libxml2 alone drops the byte) */
        {"\xff\xfe<\0C\0I\0M\0/\0>\0!", 15},
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        mofrt_buf b = MOFRT_BUF_INIT;
        mofrt_buf_put(&b, docs[i].bytes, docs[i].n);
        refuse(&b, NULL, MOFRT_E_XML, -1);
        mofrt_buf_free(&b);
    }
}

/* Everything above ran in this process: its peak stays far below what an
 * unbounded expansion would take (ASan's shadow memory included). */
static void memory_stayed_bounded(void **state)
{
    (void)state;
    struct rusage ru;
    assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
    assert_true(ru.ru_maxrss < 1024L * 1024L);   /* KiB: 1 GiB */
}

int main(void)
{
    mofrt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deep_nesting),
        cmocka_unit_test(huge_attribute),
        cmocka_unit_test(entity_expansion),
        cmocka_unit_test(many_elements),
        cmocka_unit_test(bad_bytes),
        cmocka_unit_test(memory_stayed_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
