/* libmofrt CIM-XML: escaping, the writer, request decoding (typed/untyped,
 * arrays, all reference forms, embedded instances, IMETHODCALL), response
 * encoding against golden text, and hostile documents. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/mofrt.h"

#define HEAD "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
#define REQ_OPEN "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"42\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ>"
#define REQ_CLOSE "</SIMPLEREQ></MESSAGE></CIM>"
#define NS_V2 "<LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/><NAMESPACE NAME=\"virtualization\"/>" \
              "<NAMESPACE NAME=\"v2\"/></LOCALNAMESPACEPATH>"
#define TARGET "<LOCALINSTANCEPATH>" NS_V2 \
    "<INSTANCENAME CLASSNAME=\"Msvm_CollectionReferencePointService\">" \
    "<KEYBINDING NAME=\"Name\"><KEYVALUE VALUETYPE=\"string\">svc</KEYVALUE></KEYBINDING>" \
    "</INSTANCENAME></LOCALINSTANCEPATH>"
#define CALL(params) REQ_OPEN "<METHODCALL NAME=\"DoIt\">" TARGET params "</METHODCALL>" REQ_CLOSE

static int decode(const char *xml, mofrt_request *req, mofrt_error *e)
{
    mofrt_error_clear(e);
    return mofrt_xml_decode_request(xml, strlen(xml), NULL, req, e);
}

static void decode_ok(const char *xml, mofrt_request *req)
{
    mofrt_error e;
    if (decode(xml, req, &e) != 0)
        fail_msg("decode failed: %s", e.message);
}

static void test_escape(void **state)
{
    (void)state;
    mofrt_buf b = MOFRT_BUF_INIT;
    const char in[] = "a<b>&\"c\"'d'\te\nf\rg\x01h\x7f\xc3\xa9\xff!";
    mofrt_xml_escape(&b, in, sizeof in - 1);
    assert_string_equal(b.data, "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;&#9;e&#10;f&#13;g"
                                "\xEF\xBF\xBDh\x7f\xc3\xa9\xEF\xBF\xBD!");
    mofrt_buf_free(&b);
}

/* The writer's one-pass paths (an attribute of plain text with room in
 * the buffer, an end tag, the response envelope) write what the general
 * ones do: each case once into a buffer with room and once into one that
 * starts full (every append through the general path). */
static void write_cases(mofrt_buf *b)
{
    mofrt_xw w;
    mofrt_xw_init(&w, b);
    mofrt_xml_imethodresponse_begin(&w, "7<\"&", "Get&Instance", true);
    mofrt_xw_start(&w, "INSTANCE");
    mofrt_xw_attr(&w, "CLASSNAME", "X_Plain");
    mofrt_xw_attr(&w, "A", "");
    mofrt_xw_attr(&w, "B", "a<b");
    mofrt_xw_attr(&w, "C", "caf\xc3\xa9");
    mofrt_xw_attr(&w, "D", "0123456789012345678901234567890123456789012345678901234567890123");
    mofrt_xw_attr(&w, "E", "0123456789012345678901234567890123456789012345678901234567890123\"");
    mofrt_xw_end(&w);
    mofrt_xml_imethodresponse_end(&w);
    assert_int_equal(mofrt_xw_finish(&w, NULL), 0);
}

static void test_writer_fast_paths(void **state)
{
    (void)state;
    const char *want =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"7&lt;&quot;&amp;\" PROTOCOLVERSION=\"1.0\">"
        "<SIMPLERSP><IMETHODRESPONSE NAME=\"Get&amp;Instance\"><IRETURNVALUE>"
        "<INSTANCE CLASSNAME=\"X_Plain\" A=\"\" B=\"a&lt;b\" C=\"caf\xc3\xa9\""
        " D=\"0123456789012345678901234567890123456789012345678901234567890123\""
        " E=\"0123456789012345678901234567890123456789012345678901234567890123&quot;\"></INSTANCE>"
        "</IRETURNVALUE></IMETHODRESPONSE></SIMPLERSP></MESSAGE></CIM>";
    mofrt_buf roomy = MOFRT_BUF_INIT;
    assert_true(mofrt_buf_reserve(&roomy, 4096));
    write_cases(&roomy);
    assert_string_equal(roomy.data, want);
    for (size_t fill = 0; fill < 300; fill += 7) {   /* every append meets a full buffer somewhere */
        mofrt_buf tight = MOFRT_BUF_INIT;
        for (size_t i = 0; i < fill; i++)
            mofrt_buf_putc(&tight, 'x');
        size_t at = tight.len;
        write_cases(&tight);
        assert_string_equal(tight.data + at, want);
        mofrt_buf_free(&tight);
    }
    mofrt_buf_free(&roomy);
}

/* ---- shapes: name comparisons counted (the test links with
 * -Wl,--wrap=mofrt_name_cmp,--wrap=mofrt_name_eq) ---------------------------- */
static size_t name_ops;
int __real_mofrt_name_cmp(const char *a, const char *b);
bool __real_mofrt_name_eq(const char *a, const char *b);
int __wrap_mofrt_name_cmp(const char *a, const char *b);
bool __wrap_mofrt_name_eq(const char *a, const char *b);
int __wrap_mofrt_name_cmp(const char *a, const char *b)
{
    name_ops++;
    return __real_mofrt_name_cmp(a, b);
}
bool __wrap_mofrt_name_eq(const char *a, const char *b)
{
    name_ops++;
    return __real_mofrt_name_eq(a, b);
}

/* The name comparisons of decoding an INSTANCE of p properties. */
static size_t decode_ops(size_t p)
{
    mofrt_buf b = MOFRT_BUF_INIT;
    mofrt_buf_puts(&b, "<INSTANCE CLASSNAME=\"X_Wide\">");
    for (size_t i = 0; i < p; i++)
        mofrt_buf_printf(&b, "<PROPERTY NAME=\"P%zu\" TYPE=\"uint32\"><VALUE>%zu</VALUE></PROPERTY>", (i * 7919) % p, i);
    mofrt_buf_puts(&b, "</INSTANCE>");
    mofrt_instance *inst = NULL;
    name_ops = 0;
    assert_int_equal(mofrt_xml_decode_instance(b.data, b.len, NULL, 0, &inst, NULL), 0);
    size_t ops = name_ops;
    assert_int_equal(inst->count, p);
    mofrt_instance_free(inst);
    mofrt_buf_free(&b);
    return ops;
}

/* The name comparisons of mofrt_struct_from_instance: a class and an
 * instance of p uint32 properties. */
static size_t struct_ops(size_t p)
{
    mofrt_prop_desc *props = calloc(p, sizeof *props);
    char (*names)[24] = calloc(p, sizeof *names);   /* "P" and any size_t */
    mofrt_instance *inst = mofrt_instance_new("X_Wide");
    for (size_t i = 0; i < p; i++) {
        snprintf(names[i], sizeof names[i], "P%zu", i);
        props[i] = (mofrt_prop_desc){ .name = names[i], .type = MOFRT_T_UINT32,
                                      .offset = i * sizeof(mofrt_f_uint32) };
    }
    for (size_t i = 0; i < p; i++) {
        mofrt_value v = mofrt_value_uint(MOFRT_T_UINT32, i);
        assert_int_equal(mofrt_instance_add(inst, names[(i * 7919) % p], &v, NULL), 0);
    }
    mofrt_class_desc cls = { .name = "X_Wide", .nprops = p, .props = props, .size = p * sizeof(mofrt_f_uint32) };
    mofrt_f_uint32 *obj = calloc(p, sizeof *obj);
    name_ops = 0;
    assert_int_equal(mofrt_struct_from_instance(&cls, inst, obj, NULL, NULL), 0);
    size_t ops = name_ops;
    assert_int_equal(obj[(7919 % p)].v, 1);   /* the second property set is P(7919 % p) */
    mofrt_struct_clear(&cls, obj);
    free(obj);
    mofrt_instance_free(inst);
    free(props);
    free(names);
    return ops;
}

/* p and 4p properties: O(p log p) name comparisons (ratio about 4.9),
 * not O(p^2) (16); a repeated PROPERTY still replaces the value in the
 * first one's place. */
static void decode_props_shape(void **state)
{
    (void)state;
    size_t a = decode_ops(500), b = decode_ops(2000);
    if (b > 6 * a)
        fail_msg("decoding 500 -> 2000 properties: %zu -> %zu name comparisons (x%.1f)", a, b, (double)b / (double)a);
    a = struct_ops(500);
    b = struct_ops(2000);
    if (b > 6 * a)
        fail_msg("struct of 500 -> 2000 properties: %zu -> %zu name comparisons (x%.1f)", a, b, (double)b / (double)a);
    const char doc[] = "<INSTANCE CLASSNAME=\"X\"><PROPERTY NAME=\"A\" TYPE=\"uint8\"><VALUE>1</VALUE></PROPERTY>"
                       "<PROPERTY NAME=\"b\" TYPE=\"uint8\"><VALUE>2</VALUE></PROPERTY>"
                       "<PROPERTY NAME=\"a\" TYPE=\"uint8\"><VALUE>3</VALUE></PROPERTY>"
                       "<PROPERTY NAME=\"c\" TYPE=\"uint8\"><VALUE>4</VALUE></PROPERTY>"
                       "<PROPERTY NAME=\"B\" TYPE=\"uint8\"><VALUE>5</VALUE></PROPERTY>"
                       "<PROPERTY NAME=\"a\" TYPE=\"uint8\"><VALUE>6</VALUE></PROPERTY></INSTANCE>";
    mofrt_instance *inst = NULL;
    assert_int_equal(mofrt_xml_decode_instance(doc, sizeof doc - 1, NULL, 0, &inst, NULL), 0);
    assert_int_equal(inst->count, 3);
    assert_string_equal(inst->props[0].name, "A");
    assert_int_equal(inst->props[0].value.v.u, 6);
    assert_string_equal(inst->props[1].name, "b");
    assert_int_equal(inst->props[1].value.v.u, 5);
    assert_string_equal(inst->props[2].name, "c");
    assert_int_equal(inst->props[2].value.v.u, 4);
    mofrt_instance_free(inst);
}

static void test_writer(void **state)
{
    (void)state;
    mofrt_buf b = MOFRT_BUF_INIT;
    mofrt_xw w;
    mofrt_xw_init(&w, &b);
    mofrt_xw_start(&w, "CLASS");
    mofrt_xw_attr(&w, "NAME", "A&B");
    mofrt_xw_start(&w, "QUALIFIER");
    mofrt_xw_end(&w);
    mofrt_xw_start(&w, "VALUE");
    mofrt_xw_text(&w, "<x>");
    mofrt_xw_end(&w);
    mofrt_xw_end(&w);
    assert_int_equal(mofrt_xw_finish(&w, NULL), 0);
    assert_string_equal(b.data, "<CLASS NAME=\"A&amp;B\"><QUALIFIER></QUALIFIER><VALUE>&lt;x&gt;</VALUE></CLASS>");
    /* misuse is sticky and reported */
    mofrt_buf_reset(&b);
    mofrt_xw_init(&w, &b);
    mofrt_xw_start(&w, "bad name");
    mofrt_error e;
    assert_int_equal(mofrt_xw_finish(&w, &e), -1);
    assert_int_equal(e.kind, MOFRT_E_USAGE);
    mofrt_xw_init(&w, &b);
    mofrt_xw_start(&w, "A");
    assert_int_equal(mofrt_xw_finish(&w, NULL), -1);   /* unbalanced */
    mofrt_xw_end(&w);
    mofrt_xw_end(&w);
    assert_int_equal(mofrt_xw_finish(&w, NULL), -1);
    mofrt_buf_free(&b);
}

/* What sblim wbemcli and other end-tag scanning clients read: an element
 * without content keeps its end tag, except the EMPTY ones and a NULL
 * PARAMVALUE / ERROR, which are self-closed. */
static void test_writer_empty_elements(void **state)
{
    (void)state;
    mofrt_instance *inst = mofrt_instance_new("X_Empty");
    mofrt_value v = mofrt_value_null(MOFRT_T_STRING);
    assert_int_equal(mofrt_instance_set(inst, "Null", &v, NULL), 0);
    assert_int_equal(mofrt_value_array(&v, MOFRT_T_UINT16, 0, NULL), 0);
    assert_int_equal(mofrt_instance_set(inst, "None", &v, NULL), 0);
    assert_int_equal(mofrt_value_array(&v, MOFRT_T_REFERENCE, 0, NULL), 0);
    assert_int_equal(mofrt_instance_set(inst, "Refs", &v, NULL), 0);
    assert_int_equal(mofrt_value_string(&v, "", NULL), 0);
    assert_int_equal(mofrt_instance_set(inst, "Blank", &v, NULL), 0);
    mofrt_buf b = MOFRT_BUF_INIT;
    mofrt_xw w;
    mofrt_xw_init(&w, &b);
    mofrt_xml_write_instance(&w, inst);
    assert_int_equal(mofrt_xw_finish(&w, NULL), 0);
    assert_string_equal(b.data, "<INSTANCE CLASSNAME=\"X_Empty\">"
                                "<PROPERTY NAME=\"Null\" TYPE=\"string\"></PROPERTY>"
                                "<PROPERTY.ARRAY NAME=\"None\" TYPE=\"uint16\"><VALUE.ARRAY></VALUE.ARRAY></PROPERTY.ARRAY>"
                                "<PROPERTY.ARRAY NAME=\"Refs\" TYPE=\"reference\"><VALUE.REFARRAY></VALUE.REFARRAY></PROPERTY.ARRAY>"
                                "<PROPERTY NAME=\"Blank\" TYPE=\"string\"><VALUE></VALUE></PROPERTY>"
                                "</INSTANCE>");
    assert_null(strstr(b.data, "/>"));
    mofrt_instance_free(inst);

    /* an instance without properties, an empty IRETURNVALUE, a NULL return value */
    mofrt_buf_reset(&b);
    mofrt_xw_init(&w, &b);
    inst = mofrt_instance_new("X_Bare");
    mofrt_xml_write_instance(&w, inst);
    mofrt_instance_free(inst);
    assert_int_equal(mofrt_xw_finish(&w, NULL), 0);
    assert_string_equal(b.data, "<INSTANCE CLASSNAME=\"X_Bare\"></INSTANCE>");
    mofrt_buf_reset(&b);
    mofrt_xw_init(&w, &b);
    mofrt_xml_imethodresponse_begin(&w, "1", "EnumerateInstances", true);
    mofrt_xml_imethodresponse_end(&w);
    assert_int_equal(mofrt_xw_finish(&w, NULL), 0);
    assert_non_null(strstr(b.data, "<IRETURNVALUE></IRETURNVALUE></IMETHODRESPONSE>"));
    mofrt_buf_reset(&b);
    mofrt_value n = mofrt_value_null(MOFRT_T_UINT32), ns = mofrt_value_null(MOFRT_T_STRING);
    mofrt_out_param ps[] = { { "Job", &ns } };
    assert_int_equal(mofrt_xml_encode_methodresponse(&b, "2", "M", &n, ps, 1, NULL), 0);
    assert_non_null(strstr(b.data, "<RETURNVALUE PARAMTYPE=\"uint32\"></RETURNVALUE>"
                                   "<PARAMVALUE NAME=\"Job\" PARAMTYPE=\"string\"/>"));
    /* the EMPTY elements stay self-closed */
    mofrt_buf_reset(&b);
    mofrt_xw_init(&w, &b);
    mofrt_xw_start(&w, "VALUE.ARRAY");
    mofrt_xw_start(&w, "VALUE.NULL");
    mofrt_xw_end(&w);
    mofrt_xw_end(&w);
    mofrt_xw_start(&w, "CLASSNAME");
    mofrt_xw_attr(&w, "NAME", "C");
    mofrt_xw_end(&w);
    mofrt_xml_write_localnamespacepath(&w, "root/x");
    assert_int_equal(mofrt_xw_finish(&w, NULL), 0);
    assert_string_equal(b.data, "<VALUE.ARRAY><VALUE.NULL/></VALUE.ARRAY><CLASSNAME NAME=\"C\"/>"
                                "<LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/><NAMESPACE NAME=\"x\"/>"
                                "</LOCALNAMESPACEPATH>");
    mofrt_buf_free(&b);
}

static void test_decode_typed(void **state)
{
    (void)state;
    mofrt_request req;
    decode_ok(CALL("<PARAMVALUE NAME=\"Count\" PARAMTYPE=\"uint16\"><VALUE>2</VALUE></PARAMVALUE>"
                   "<PARAMVALUE NAME=\"Names\" PARAMTYPE=\"string\"><VALUE.ARRAY><VALUE>a</VALUE>"
                   "<VALUE.NULL/><VALUE>&lt;c&gt;</VALUE></VALUE.ARRAY></PARAMVALUE>"
                   "<PARAMVALUE NAME=\"When\" PARAMTYPE=\"datetime\"><VALUE>20240101000000.000000+000</VALUE></PARAMVALUE>"
                   "<PARAMVALUE NAME=\"Nothing\" PARAMTYPE=\"string\"/>"),
              &req);
    assert_string_equal(req.msg_id, "42");
    assert_string_equal(req.method, "DoIt");
    assert_false(req.intrinsic);
    assert_false(req.static_call);
    assert_string_equal(req.ns, "root/virtualization/v2");
    assert_string_equal(req.target->class_name, "Msvm_CollectionReferencePointService");
    assert_string_equal(mofrt_path_get_key(req.target, "Name")->v.s, "svc");
    assert_int_equal(req.nparams, 4);
    const mofrt_param *p = mofrt_request_param(&req, "count");
    assert_true(p->typed);
    assert_int_equal(p->value.type, MOFRT_T_UINT16);
    assert_int_equal(p->value.v.u, 2);
    p = mofrt_request_param(&req, "Names");
    assert_true(p->value.is_array);
    assert_int_equal(p->value.v.arr.count, 3);
    assert_string_equal(p->value.v.arr.items[0].v.s, "a");
    assert_true(p->value.v.arr.items[1].is_null);
    assert_string_equal(p->value.v.arr.items[2].v.s, "<c>");
    p = mofrt_request_param(&req, "When");
    assert_int_equal(p->value.v.dt.year, 2024);
    p = mofrt_request_param(&req, "Nothing");
    assert_int_equal(p->kind, MOFRT_PV_NONE);
    assert_true(p->value.is_null);
    mofrt_request_clear(&req);
    mofrt_request_clear(NULL);
}

static void test_decode_untyped(void **state)
{
    (void)state;
    mofrt_request req;
    decode_ok(CALL("<PARAMVALUE NAME=\"Count\"><VALUE>2</VALUE></PARAMVALUE>"
                   "<PARAMVALUE NAME=\"List\"><VALUE.ARRAY><VALUE>1</VALUE><VALUE>2</VALUE></VALUE.ARRAY></PARAMVALUE>"),
              &req);
    const mofrt_param *p = mofrt_request_param(&req, "Count");
    assert_false(p->typed);
    assert_true(p->value.untyped);
    assert_string_equal(p->value.v.s, "2");
    mofrt_value typed;
    assert_int_equal(mofrt_value_convert(&p->value, MOFRT_T_UINT16, false, &typed, NULL), 0);
    assert_int_equal(typed.v.u, 2);
    mofrt_value_clear(&typed);
    p = mofrt_request_param(&req, "List");
    assert_true(p->value.untyped && p->value.is_array);
    assert_int_equal(mofrt_value_convert(&p->value, MOFRT_T_SINT32, true, &typed, NULL), 0);
    assert_int_equal(typed.v.arr.items[1].v.i, 2);
    mofrt_value_clear(&typed);
    mofrt_request_clear(&req);
}

static void test_decode_references(void **state)
{
    (void)state;
    mofrt_request req;
    decode_ok(CALL(
        "<PARAMVALUE NAME=\"A\" PARAMTYPE=\"reference\"><VALUE.REFERENCE><INSTANCEPATH>"
        "<NAMESPACEPATH><HOST>hv01</HOST>" NS_V2 "</NAMESPACEPATH>"
        "<INSTANCENAME CLASSNAME=\"Msvm_VirtualSystemCollection\"><KEYBINDING NAME=\"InstanceID\">"
        "<KEYVALUE VALUETYPE=\"string\" TYPE=\"string\">Microsoft:1</KEYVALUE></KEYBINDING></INSTANCENAME>"
        "</INSTANCEPATH></VALUE.REFERENCE></PARAMVALUE>"
        "<PARAMVALUE NAME=\"B\"><VALUE.REFERENCE><LOCALINSTANCEPATH>" NS_V2
        "<INSTANCENAME CLASSNAME=\"C\"><KEYBINDING NAME=\"Id\"><KEYVALUE VALUETYPE=\"numeric\">-3</KEYVALUE></KEYBINDING>"
        "<KEYBINDING NAME=\"On\"><KEYVALUE VALUETYPE=\"boolean\">true</KEYVALUE></KEYBINDING>"
        "<KEYBINDING NAME=\"N\"><KEYVALUE VALUETYPE=\"numeric\" TYPE=\"uint8\">9</KEYVALUE></KEYBINDING>"
        "</INSTANCENAME></LOCALINSTANCEPATH></VALUE.REFERENCE></PARAMVALUE>"
        "<PARAMVALUE NAME=\"C\"><VALUE.REFERENCE><INSTANCENAME CLASSNAME=\"Outer\"><KEYBINDING NAME=\"Ref\">"
        "<VALUE.REFERENCE><INSTANCENAME CLASSNAME=\"Inner\"><KEYBINDING NAME=\"K\"><KEYVALUE>v</KEYVALUE>"
        "</KEYBINDING></INSTANCENAME></VALUE.REFERENCE></KEYBINDING></INSTANCENAME></VALUE.REFERENCE></PARAMVALUE>"
        "<PARAMVALUE NAME=\"D\" PARAMTYPE=\"reference\"><INSTANCENAME CLASSNAME=\"Direct\">"
        "<KEYBINDING NAME=\"K\"><KEYVALUE>w</KEYVALUE></KEYBINDING></INSTANCENAME></PARAMVALUE>"
        "<PARAMVALUE NAME=\"E\" PARAMTYPE=\"reference\"><VALUE.REFARRAY><VALUE.REFERENCE><CLASSNAME NAME=\"X\"/>"
        "</VALUE.REFERENCE><VALUE.NULL/></VALUE.REFARRAY></PARAMVALUE>"),
        &req);
    const mofrt_value *v = &mofrt_request_param(&req, "A")->value;
    assert_int_equal(v->type, MOFRT_T_REFERENCE);
    assert_string_equal(v->v.ref->host, "hv01");
    assert_string_equal(v->v.ref->ns, "root/virtualization/v2");
    assert_string_equal(mofrt_path_get_key(v->v.ref, "InstanceID")->v.s, "Microsoft:1");
    v = &mofrt_request_param(&req, "B")->value;
    assert_null(v->v.ref->host);
    assert_int_equal(mofrt_path_get_key(v->v.ref, "Id")->v.i, -3);
    assert_true(mofrt_path_get_key(v->v.ref, "On")->v.b);
    assert_int_equal(mofrt_path_get_key(v->v.ref, "N")->type, MOFRT_T_UINT8);
    v = &mofrt_request_param(&req, "C")->value;
    const mofrt_value *inner = mofrt_path_get_key(v->v.ref, "Ref");
    assert_int_equal(inner->type, MOFRT_T_REFERENCE);
    assert_string_equal(inner->v.ref->class_name, "Inner");
    const mofrt_param *d = mofrt_request_param(&req, "D");
    assert_int_equal(d->kind, MOFRT_PV_INSTANCENAME);
    assert_string_equal(d->value.v.ref->class_name, "Direct");
    v = &mofrt_request_param(&req, "E")->value;
    assert_true(v->is_array);
    assert_string_equal(v->v.arr.items[0].v.ref->class_name, "X");
    assert_true(v->v.arr.items[1].is_null);
    mofrt_request_clear(&req);
}

#define EMB_INST "&lt;INSTANCE CLASSNAME=&quot;Msvm_CollectionReferencePointSettingData&quot;&gt;" \
    "&lt;PROPERTY NAME=&quot;ConsistencyLevel&quot; TYPE=&quot;uint8&quot;&gt;&lt;VALUE&gt;1&lt;/VALUE&gt;&lt;/PROPERTY&gt;" \
    "&lt;PROPERTY NAME=&quot;ElementName&quot; TYPE=&quot;string&quot;&gt;&lt;VALUE&gt;a &amp;amp; b&lt;/VALUE&gt;&lt;/PROPERTY&gt;" \
    "&lt;/INSTANCE&gt;"

static void check_embedded(const mofrt_param *p)
{
    assert_true(p->embedded);
    assert_int_equal(p->value.type, MOFRT_T_INSTANCE);
    const mofrt_instance *inst = p->value.v.emb.inst;
    assert_string_equal(inst->class_name, "Msvm_CollectionReferencePointSettingData");
    assert_int_equal(mofrt_instance_get(inst, "ConsistencyLevel")->v.u, 1);
    assert_string_equal(mofrt_instance_get(inst, "ElementName")->v.s, "a & b");
    assert_non_null(strstr(p->value.v.emb.text, "<INSTANCE CLASSNAME="));
}

static void test_decode_embedded(void **state)
{
    (void)state;
    mofrt_request req;
    decode_ok(CALL("<PARAMVALUE NAME=\"S1\" PARAMTYPE=\"string\" EmbeddedObject=\"instance\"><VALUE>" EMB_INST "</VALUE></PARAMVALUE>"
                   "<PARAMVALUE NAME=\"S2\" PARAMTYPE=\"string\" EMBEDDEDOBJECT=\"instance\"><VALUE>" EMB_INST "</VALUE></PARAMVALUE>"
                   "<PARAMVALUE NAME=\"S3\"><VALUE>" EMB_INST "</VALUE></PARAMVALUE>"
                   "<PARAMVALUE NAME=\"S4\" PARAMTYPE=\"instance\"><INSTANCE CLASSNAME=\"X\">"
                   "<PROPERTY.REFERENCE NAME=\"R\"><VALUE.REFERENCE><CLASSNAME NAME=\"Y\"/></VALUE.REFERENCE></PROPERTY.REFERENCE>"
                   "<PROPERTY.ARRAY NAME=\"A\" TYPE=\"uint8\"><VALUE.ARRAY><VALUE>1</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>"
                   "<PROPERTY NAME=\"N\" TYPE=\"string\"/></INSTANCE></PARAMVALUE>"),
              &req);
    check_embedded(mofrt_request_param(&req, "S1"));
    check_embedded(mofrt_request_param(&req, "S2"));
    /* without the attribute it stays a string until the declaration says otherwise */
    const mofrt_param *p = mofrt_request_param(&req, "S3");
    assert_true(p->value.untyped);
    assert_non_null(strstr(p->value.v.s, "<INSTANCE"));
    p = mofrt_request_param(&req, "S4");
    assert_int_equal(p->kind, MOFRT_PV_INSTANCE);
    const mofrt_instance *x = p->value.v.emb.inst;
    assert_int_equal(mofrt_instance_get(x, "R")->type, MOFRT_T_REFERENCE);
    assert_int_equal(mofrt_instance_get(x, "A")->v.arr.items[0].v.u, 1);
    assert_true(mofrt_instance_get(x, "N")->is_null);
    mofrt_request_clear(&req);

    mofrt_error e;
    assert_int_equal(decode(CALL("<PARAMVALUE NAME=\"S\" PARAMTYPE=\"string\" EmbeddedObject=\"instance\">"
                                 "<VALUE>&lt;INSTANCE CLASSNAME=&quot;X&quot;&gt;&lt;PROP</VALUE></PARAMVALUE>"),
                            &req, &e), -1);
    assert_int_equal(e.code, MOFRT_CIM_ERR_INVALID_PARAMETER);
    assert_int_equal(e.kind, MOFRT_E_PARAM);
    assert_non_null(strstr(e.message, "parameter 'S'"));
    assert_non_null(strstr(e.message, "embedded"));
    assert_string_equal(req.msg_id, "42");   /* kept so an ERROR can be answered */
    assert_string_equal(req.method, "DoIt");
    mofrt_request_clear(&req);
}

/* An embedded instance nested n levels deep (escaped once more per level). */
static char *nested_embedded(int n)
{
    mofrt_instance *inst = mofrt_instance_new("Leaf");
    mofrt_value v = mofrt_value_uint(MOFRT_T_UINT8, 1);
    mofrt_instance_set(inst, "X", &v, NULL);
    for (int i = 1; i < n; i++) {
        mofrt_instance *outer = mofrt_instance_new("Wrap");
        v = mofrt_value_instance_take(inst);
        mofrt_instance_set(outer, "Inner", &v, NULL);
        inst = outer;
    }
    mofrt_value top = mofrt_value_instance_take(inst);
    mofrt_out_param op = { "P", &top };
    mofrt_buf b = MOFRT_BUF_INIT;
    /* reuse the METHODRESPONSE encoder to get a correctly escaped PARAMVALUE */
    mofrt_xml_encode_methodresponse(&b, "1", "M", NULL, &op, 1, NULL);
    mofrt_value_clear(&top);
    char *start = strstr(b.data, "<PARAMVALUE"), *end = strstr(b.data, "</METHODRESPONSE>");
    *end = '\0';
    size_t need = strlen(CALL("")) + strlen(start) + 1;
    char *doc = malloc(need);
    snprintf(doc, need, "%s%s%s", REQ_OPEN "<METHODCALL NAME=\"DoIt\">" TARGET, start,
             "</METHODCALL>" REQ_CLOSE);
    mofrt_buf_free(&b);
    return doc;
}

static void test_embedded_nesting(void **state)
{
    (void)state;
    mofrt_request req;
    mofrt_error e;
    char *ok = nested_embedded(4);
    assert_int_equal(decode(ok, &req, &e), 0);
    const mofrt_instance *i = mofrt_request_param(&req, "P")->value.v.emb.inst;
    for (int k = 0; k < 3; k++)
        i = mofrt_instance_get(i, "Inner")->v.emb.inst;
    assert_string_equal(i->class_name, "Leaf");
    mofrt_request_clear(&req);
    free(ok);
    char *deep = nested_embedded(5);
    assert_int_equal(decode(deep, &req, &e), -1);
    assert_int_equal(e.kind, MOFRT_E_LIMIT);
    assert_int_equal(e.code, MOFRT_CIM_ERR_SERVER_LIMITS_EXCEEDED);
    mofrt_request_clear(&req);
    free(deep);
}

static void test_decode_imethodcall(void **state)
{
    (void)state;
    mofrt_request req;
    decode_ok(REQ_OPEN "<IMETHODCALL NAME=\"GetInstance\">" NS_V2
              "<IPARAMVALUE NAME=\"InstanceName\"><INSTANCENAME CLASSNAME=\"Msvm_ComputerSystem\">"
              "<KEYBINDING NAME=\"Name\"><KEYVALUE>vm1</KEYVALUE></KEYBINDING></INSTANCENAME></IPARAMVALUE>"
              "<IPARAMVALUE NAME=\"LocalOnly\"><VALUE>FALSE</VALUE></IPARAMVALUE>"
              "<IPARAMVALUE NAME=\"PropertyList\"><VALUE.ARRAY><VALUE>Name</VALUE></VALUE.ARRAY></IPARAMVALUE>"
              "<IPARAMVALUE NAME=\"ClassName\"><CLASSNAME NAME=\"CIM_Foo\"/></IPARAMVALUE>"
              "<IPARAMVALUE NAME=\"NewInstance\"><VALUE.NAMEDINSTANCE><INSTANCENAME CLASSNAME=\"A\">"
              "<KEYBINDING NAME=\"K\"><KEYVALUE>1</KEYVALUE></KEYBINDING></INSTANCENAME>"
              "<INSTANCE CLASSNAME=\"A\"><PROPERTY NAME=\"K\" TYPE=\"string\"><VALUE>1</VALUE></PROPERTY></INSTANCE>"
              "</VALUE.NAMEDINSTANCE></IPARAMVALUE>"
              "</IMETHODCALL>" REQ_CLOSE,
              &req);
    assert_true(req.intrinsic);
    assert_string_equal(req.method, "GetInstance");
    assert_string_equal(req.ns, "root/virtualization/v2");
    assert_null(req.target);
    const mofrt_param *p = mofrt_request_param(&req, "InstanceName");
    assert_int_equal(p->kind, MOFRT_PV_INSTANCENAME);
    assert_string_equal(p->value.v.ref->class_name, "Msvm_ComputerSystem");
    p = mofrt_request_param(&req, "LocalOnly");
    assert_true(p->value.untyped);
    mofrt_value b;
    assert_int_equal(mofrt_value_convert(&p->value, MOFRT_T_BOOLEAN, false, &b, NULL), 0);
    assert_false(b.v.b);
    p = mofrt_request_param(&req, "ClassName");
    assert_int_equal(p->kind, MOFRT_PV_CLASSNAME);
    assert_string_equal(p->value.v.s, "CIM_Foo");
    p = mofrt_request_param(&req, "NewInstance");
    assert_int_equal(p->kind, MOFRT_PV_NAMEDINSTANCE);
    assert_string_equal(p->value.v.emb.inst->path->class_name, "A");
    assert_int_equal(mofrt_request_param(&req, "PropertyList")->value.v.arr.count, 1);
    mofrt_request_clear(&req);

    /* static method on a class path */
    decode_ok(REQ_OPEN "<METHODCALL NAME=\"S\"><LOCALCLASSPATH>" NS_V2 "<CLASSNAME NAME=\"C\"/>"
              "</LOCALCLASSPATH></METHODCALL>" REQ_CLOSE, &req);
    assert_true(req.static_call);
    assert_string_equal(req.target->class_name, "C");
    assert_int_equal(req.target->count, 0);
    mofrt_request_clear(&req);
}

static void test_decode_param_errors(void **state)
{
    (void)state;
    struct { const char *params; const char *needle; } cases[] = {
        { "<PARAMVALUE NAME=\"P\" PARAMTYPE=\"uint8\"><VALUE>256</VALUE></PARAMVALUE>", "out of range" },
        { "<PARAMVALUE NAME=\"P\" PARAMTYPE=\"uint99\"><VALUE>1</VALUE></PARAMVALUE>", "PARAMTYPE" },
        { "<PARAMVALUE NAME=\"P\" PARAMTYPE=\"string\"><VALUE.REFERENCE><CLASSNAME NAME=\"X\"/></VALUE.REFERENCE></PARAMVALUE>", "does not match" },
        { "<PARAMVALUE NAME=\"P\" PARAMTYPE=\"reference\"><VALUE>x</VALUE></PARAMVALUE>", "does not match" },
        { "<PARAMVALUE NAME=\"P\"><VALUE>1</VALUE></PARAMVALUE><PARAMVALUE NAME=\"p\"><VALUE>1</VALUE></PARAMVALUE>", "twice" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char doc[2048];
        snprintf(doc, sizeof doc, "%s%s%s", REQ_OPEN "<METHODCALL NAME=\"DoIt\">" TARGET, cases[i].params,
                 "</METHODCALL>" REQ_CLOSE);
        mofrt_request req;
        mofrt_error e;
        assert_int_equal(decode(doc, &req, &e), -1);
        assert_int_equal(e.code, MOFRT_CIM_ERR_INVALID_PARAMETER);
        if (!strstr(e.message, cases[i].needle) || !strstr(e.message, "'P'") == !strstr(e.message, "'p'"))
            fail_msg("case %zu: %s", i, e.message);
        mofrt_request_clear(&req);
    }
}

static void expect_reject(const char *xml, size_t len, const mofrt_limits *lim, mofrt_err_kind kind)
{
    mofrt_request req;
    mofrt_error e;
    mofrt_error_clear(&e);
    int rc = mofrt_xml_decode_request(xml, len, lim, &req, &e);
    if (rc != -1 || e.kind != kind)
        fail_msg("expected kind %d, got rc %d kind %d: %s", kind, rc, e.kind, e.message);
    assert_true(e.message[0] != '\0');
    mofrt_request_clear(&req);
}

static void reject(const char *xml, mofrt_err_kind kind)
{
    expect_reject(xml, strlen(xml), NULL, kind);
}

/* The decoders' own tree (mofrt_xmltree.c) reads text and attributes as
 * libxml2's tree did: references replaced in both ('&' too, which libxml2
 * passes on as "&#38;" in an attribute value), CDATA as text, comments and
 * processing instructions left out, the text of elements inside a VALUE
 * joined in order; a long run of references (text in many pieces) read
 * whole; a decoder reused for a small document after a large one. */
static void test_decode_text_forms(void **state)
{
    (void)state;
    mofrt_request req;
    decode_ok(CALL("<PARAMVALUE NAME=\"a&amp;b&#38;c&lt;d&#x41;\" PARAMTYPE=\"string\"><VALUE>x</VALUE></PARAMVALUE>"
                   "<PARAMVALUE NAME=\"T\" PARAMTYPE=\"string\"><VALUE>1<!-- c --><?pi x?>2<![CDATA[<3>&amp;]]>"
                   "&#52;&amp;5<Q>6<R>7</R></Q>8</VALUE></PARAMVALUE>"),
              &req);
    assert_non_null(mofrt_request_param(&req, "a&b&c<dA"));
    assert_string_equal(mofrt_request_param(&req, "T")->value.v.s, "12<3>&amp;4&5678");
    mofrt_request_clear(&req);

    mofrt_buf b = MOFRT_BUF_INIT;
    mofrt_buf_puts(&b, REQ_OPEN "<METHODCALL NAME=\"DoIt\">" TARGET "<PARAMVALUE NAME=\"L\" PARAMTYPE=\"string\"><VALUE>");
    for (int i = 0; i < 20000; i++)
        mofrt_buf_puts(&b, "&#65;b");
    mofrt_buf_puts(&b, "</VALUE></PARAMVALUE></METHODCALL>" REQ_CLOSE);
    mofrt_decoder *dec = mofrt_decoder_new();
    mofrt_error e;
    assert_int_equal(mofrt_decoder_request(dec, b.data, b.len, NULL, &req, &e), 0);
    const char *l = mofrt_request_param(&req, "L")->value.v.s;
    assert_int_equal(strlen(l), 40000);
    assert_memory_equal(l, "AbAb", 4);
    assert_string_equal(l + 39996, "AbAb");
    mofrt_request_clear(&req);
    const char *small = CALL("<PARAMVALUE NAME=\"S\" PARAMTYPE=\"uint8\"><VALUE>7</VALUE></PARAMVALUE>");
    assert_int_equal(mofrt_decoder_request(dec, small, strlen(small), NULL, &req, &e), 0);
    assert_int_equal(mofrt_request_param(&req, "S")->value.v.u, 7);
    assert_string_equal(req.target->class_name, "Msvm_CollectionReferencePointService");
    mofrt_request_clear(&req);
    mofrt_decoder_free(dec);
    mofrt_buf_free(&b);
}

/* CALL with n attributes A0..An-1 on its MESSAGE element, written
 * (UTF-16 LE when utf16). */
static void many_attributes(mofrt_buf *b, unsigned n, bool utf16)
{
    mofrt_buf t = MOFRT_BUF_INIT;
    const char *doc = CALL("");
    const char *at = strstr(doc, "<MESSAGE ") + strlen("<MESSAGE ");
    mofrt_buf_put(&t, doc, (size_t)(at - doc));
    /* comments, CDATA-free text and quoted values may hold '=' freely */
    for (unsigned i = 0; i < n; i++)
        mofrt_buf_printf(&t, "A%u=\"x=y\" ", i);
    mofrt_buf_puts(&t, at);
    if (!utf16) {
        mofrt_buf_put(b, t.data, t.len);
    } else {
        mofrt_buf_put(b, "\xFF\xFE", 2);
        for (size_t i = 0; i < t.len; i++) {
            mofrt_buf_putc(b, t.data[i]);
            mofrt_buf_putc(b, '\0');
        }
    }
    mofrt_buf_free(&t);
}

/* More attributes on one element than MOFRT_MAX_ATTRS_PER_ELEMENT are
 * refused before libxml2 parses the tag (its duplicate check is
 * quadratic: newcomer3 #3), in UTF-8 and UTF-16; the limit itself and '='
 * inside values, comments and text are fine. */
static void test_attribute_count(void **state)
{
    (void)state;
    for (int utf16 = 0; utf16 < 2; utf16++) {
        mofrt_buf b = MOFRT_BUF_INIT;
        many_attributes(&b, MOFRT_MAX_ATTRS_PER_ELEMENT - 2, utf16);   /* + ID, PROTOCOLVERSION */
        mofrt_request req;
        mofrt_error e;
        if (mofrt_xml_decode_request(b.data, b.len, NULL, &req, &e) != 0)
            fail_msg("%d attributes refused (utf16 %d): %s", MOFRT_MAX_ATTRS_PER_ELEMENT, utf16, e.message);
        mofrt_request_clear(&req);
        mofrt_buf_reset(&b);
        many_attributes(&b, MOFRT_MAX_ATTRS_PER_ELEMENT - 1, utf16);
        expect_reject(b.data, b.len, NULL, MOFRT_E_LIMIT);
        mofrt_buf_reset(&b);
        many_attributes(&b, 80000, utf16);
        expect_reject(b.data, b.len, NULL, MOFRT_E_LIMIT);
        mofrt_buf_free(&b);
    }
    mofrt_buf b = MOFRT_BUF_INIT;
    mofrt_buf_puts(&b, "<?xml version=\"1.0\"?><!--");
    for (unsigned i = 0; i < 200; i++)
        mofrt_buf_puts(&b, " a=b");
    mofrt_buf_puts(&b, " -->");
    const char *doc = CALL("");
    mofrt_buf_puts(&b, strstr(doc, "<CIM"));
    mofrt_request req;
    mofrt_error e;
    if (mofrt_xml_decode_request(b.data, b.len, NULL, &req, &e) != 0)
        fail_msg("'=' in a comment counted: %s", e.message);
    mofrt_request_clear(&req);
    mofrt_buf_free(&b);
}

static void test_hostile(void **state)
{
    (void)state;
    /* billion laughs */
    reject("<?xml version=\"1.0\"?><!DOCTYPE CIM [<!ENTITY a \"ha\">"
           "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
           "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
           "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
           "]><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"&g;\" PROTOCOLVERSION=\"1.0\"/></CIM>",
           MOFRT_E_XML_DTD);
    /* external entity */
    reject("<?xml version=\"1.0\"?><!DOCTYPE CIM [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
           "<CIM>&xxe;</CIM>", MOFRT_E_XML_DTD);
    /* parameter entity and attribute defaults are declarations too */
    reject("<!DOCTYPE CIM [<!ENTITY % p SYSTEM \"http://example.invalid/x.dtd\"> %p;]><CIM/>", MOFRT_E_XML_DTD);
    reject("<!DOCTYPE CIM [<!ATTLIST CIM CIMVERSION CDATA \"2.0\">]><CIM/>", MOFRT_E_XML_DTD);
    /* an undeclared entity is simply not well-formed */
    reject("<CIM>&xxe;</CIM>", MOFRT_E_XML);
    /* too deep */
    {
        mofrt_buf b = MOFRT_BUF_INIT;
        for (int i = 0; i < 100; i++)
            mofrt_buf_puts(&b, "<A>");
        for (int i = 0; i < 100; i++)
            mofrt_buf_puts(&b, "</A>");
        reject(b.data, MOFRT_E_LIMIT);
        mofrt_buf_free(&b);
    }
    /* too big */
    {
        mofrt_limits lim = mofrt_limits_default();
        lim.max_input = 64;
        const char *doc = CALL("");
        expect_reject(doc, strlen(doc), &lim, MOFRT_E_LIMIT);
        size_t big = MOFRT_DEFAULT_MAX_INPUT + 1;
        char *huge = malloc(big);
        memset(huge, ' ', big);
        expect_reject(huge, big, NULL, MOFRT_E_LIMIT);
        free(huge);
    }
    /* long attribute */
    {
        mofrt_buf b = MOFRT_BUF_INIT;
        mofrt_buf_puts(&b, "<CIM X=\"");
        for (int i = 0; i < 5000; i++)
            mofrt_buf_putc(&b, 'x');
        mofrt_buf_puts(&b, "\"/>");
        reject(b.data, MOFRT_E_LIMIT);
        mofrt_buf_free(&b);
    }
    /* too many parameters / array elements */
    {
        mofrt_limits lim = mofrt_limits_default();
        lim.max_params = 1;
        lim.max_array = 2;
        const char *two = CALL("<PARAMVALUE NAME=\"A\"/><PARAMVALUE NAME=\"B\"/>");
        expect_reject(two, strlen(two), &lim, MOFRT_E_LIMIT);
        const char *arr = CALL("<PARAMVALUE NAME=\"A\"><VALUE.ARRAY><VALUE>1</VALUE><VALUE>2</VALUE>"
                               "<VALUE>3</VALUE></VALUE.ARRAY></PARAMVALUE>");
        expect_reject(arr, strlen(arr), &lim, MOFRT_E_LIMIT);
    }
    /* truncated, garbage, empty, wrong root, not a request */
    const char *full = CALL("<PARAMVALUE NAME=\"A\"><VALUE>1</VALUE></PARAMVALUE>");
    for (size_t cut = 1; cut < strlen(full); cut += 7)
        expect_reject(full, cut, NULL, MOFRT_E_XML);
    reject("this is not XML at all", MOFRT_E_XML);
    reject("\x00\x01\x02garbage", MOFRT_E_XML);
    expect_reject("", 0, NULL, MOFRT_E_XML);
    reject("<html><body>hello</body></html>", MOFRT_E_CIMXML);
    reject("<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><DECLARATION/></CIM>", MOFRT_E_CIMXML);
    reject(REQ_OPEN "<METHODCALL NAME=\"X\"/>" REQ_CLOSE, MOFRT_E_CIMXML);
    reject(REQ_OPEN "<METHODCALL NAME=\"X\">" TARGET "<VALUE>1</VALUE></METHODCALL>" REQ_CLOSE, MOFRT_E_CIMXML);
    reject("<CIM><MESSAGE PROTOCOLVERSION=\"1.0\"><SIMPLEREQ/></MESSAGE></CIM>", MOFRT_E_CIMXML);
    /* a DOCTYPE that only names the DTD is harmless: never fetched */
    mofrt_request req;
    decode_ok("<?xml version=\"1.0\"?><!DOCTYPE CIM SYSTEM \"file:///etc/passwd\">" CALL(""), &req);
    mofrt_request_clear(&req);
}

static void test_encode_methodresponse_golden(void **state)
{
    (void)state;
    mofrt_path *job = NULL;
    assert_int_equal(mofrt_path_parse("//hv01/root/virtualization/v2:Msvm_ConcreteJob.InstanceID=\"J<1>\"",
                                      &job, NULL), 0);
    mofrt_value ret = mofrt_value_uint(MOFRT_T_UINT32, 4096);
    mofrt_value jv = mofrt_value_ref_take(job);
    mofrt_value arr;
    assert_int_equal(mofrt_value_array(&arr, MOFRT_T_UINT16, 2, NULL), 0);
    arr.v.arr.items[0] = mofrt_value_uint(MOFRT_T_UINT16, 2);
    mofrt_value s;
    assert_int_equal(mofrt_value_string(&s, "a&b", NULL), 0);
    mofrt_value n = mofrt_value_null(MOFRT_T_STRING);
    mofrt_out_param ps[] = { { "Job", &jv }, { "Codes", &arr }, { "Note", &s }, { "Empty", &n } };
    mofrt_buf b = MOFRT_BUF_INIT;
    assert_int_equal(mofrt_xml_encode_methodresponse(&b, "1001", "CreateReferencePoint", &ret, ps, 4, NULL), 0);
    assert_string_equal(b.data,
        HEAD "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"1001\" PROTOCOLVERSION=\"1.0\">"
        "<SIMPLERSP><METHODRESPONSE NAME=\"CreateReferencePoint\">"
        "<RETURNVALUE PARAMTYPE=\"uint32\"><VALUE>4096</VALUE></RETURNVALUE>"
        "<PARAMVALUE NAME=\"Job\" PARAMTYPE=\"reference\"><VALUE.REFERENCE><INSTANCEPATH><NAMESPACEPATH>"
        "<HOST>hv01</HOST><LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/><NAMESPACE NAME=\"virtualization\"/>"
        "<NAMESPACE NAME=\"v2\"/></LOCALNAMESPACEPATH></NAMESPACEPATH>"
        "<INSTANCENAME CLASSNAME=\"Msvm_ConcreteJob\"><KEYBINDING NAME=\"InstanceID\">"
        "<KEYVALUE VALUETYPE=\"string\" TYPE=\"string\">J&lt;1&gt;</KEYVALUE></KEYBINDING></INSTANCENAME>"
        "</INSTANCEPATH></VALUE.REFERENCE></PARAMVALUE>"
        "<PARAMVALUE NAME=\"Codes\" PARAMTYPE=\"uint16\"><VALUE.ARRAY><VALUE>2</VALUE><VALUE.NULL/>"
        "</VALUE.ARRAY></PARAMVALUE>"
        "<PARAMVALUE NAME=\"Note\" PARAMTYPE=\"string\"><VALUE>a&amp;b</VALUE></PARAMVALUE>"
        "<PARAMVALUE NAME=\"Empty\" PARAMTYPE=\"string\"/>"
        "</METHODRESPONSE></SIMPLERSP></MESSAGE></CIM>");
    mofrt_buf_free(&b);

    mofrt_error err;
    mofrt_error_set(&err, MOFRT_CIM_ERR_NOT_SUPPORTED, MOFRT_E_DISPATCH, "no \"provider\"");
    assert_int_equal(mofrt_xml_encode_error_response(&b, "7", "M", false, &err, NULL), 0);
    assert_string_equal(b.data, HEAD "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"7\" "
                                "PROTOCOLVERSION=\"1.0\"><SIMPLERSP><METHODRESPONSE NAME=\"M\">"
                                "<ERROR CODE=\"7\" DESCRIPTION=\"no &quot;provider&quot;\"/>"
                                "</METHODRESPONSE></SIMPLERSP></MESSAGE></CIM>");
    mofrt_buf_free(&b);
    mofrt_value_clear(&jv);
    mofrt_value_clear(&arr);
    mofrt_value_clear(&s);
}

static void test_encode_imethodresponse(void **state)
{
    (void)state;
    mofrt_instance *inst = mofrt_instance_new("Msvm_ComputerSystem");
    mofrt_value v;
    mofrt_value_string(&v, "vm1", NULL);
    mofrt_instance_set(inst, "Name", &v, NULL);
    v = mofrt_value_uint(MOFRT_T_UINT16, 2);
    mofrt_instance_set(inst, "EnabledState", &v, NULL);
    mofrt_path_parse("Msvm_ComputerSystem.Name=\"vm1\"", &inst->path, NULL);

    mofrt_buf b = MOFRT_BUF_INIT;
    mofrt_xw w;
    mofrt_xw_init(&w, &b);
    mofrt_xml_imethodresponse_begin(&w, "9", "EnumerateInstances", true);
    mofrt_xml_write_named_instance(&w, inst);
    mofrt_xml_write_instancename(&w, inst->path);
    mofrt_xml_imethodresponse_end(&w);
    assert_int_equal(mofrt_xw_finish(&w, NULL), 0);
    assert_string_equal(b.data,
        HEAD "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"9\" PROTOCOLVERSION=\"1.0\"><SIMPLERSP>"
        "<IMETHODRESPONSE NAME=\"EnumerateInstances\"><IRETURNVALUE><VALUE.NAMEDINSTANCE>"
        "<INSTANCENAME CLASSNAME=\"Msvm_ComputerSystem\"><KEYBINDING NAME=\"Name\">"
        "<KEYVALUE VALUETYPE=\"string\" TYPE=\"string\">vm1</KEYVALUE></KEYBINDING></INSTANCENAME>"
        "<INSTANCE CLASSNAME=\"Msvm_ComputerSystem\"><PROPERTY NAME=\"Name\" TYPE=\"string\"><VALUE>vm1</VALUE>"
        "</PROPERTY><PROPERTY NAME=\"EnabledState\" TYPE=\"uint16\"><VALUE>2</VALUE></PROPERTY></INSTANCE>"
        "</VALUE.NAMEDINSTANCE><INSTANCENAME CLASSNAME=\"Msvm_ComputerSystem\"><KEYBINDING NAME=\"Name\">"
        "<KEYVALUE VALUETYPE=\"string\" TYPE=\"string\">vm1</KEYVALUE></KEYBINDING></INSTANCENAME>"
        "</IRETURNVALUE></IMETHODRESPONSE></SIMPLERSP></MESSAGE></CIM>");
    mofrt_buf_reset(&b);

    /* encoded instance text decodes back to an equal instance */
    assert_int_equal(mofrt_xml_instance_text(inst, &b, NULL), 0);
    mofrt_instance *back = NULL;
    assert_int_equal(mofrt_xml_decode_instance(b.data, b.len, NULL, 1, &back, NULL), 0);
    mofrt_value a = mofrt_value_instance_take(inst), c = mofrt_value_instance_take(back);
    assert_true(mofrt_value_equal(&a, &c));
    mofrt_value_clear(&a);
    mofrt_value_clear(&c);

    mofrt_buf_reset(&b);
    mofrt_error e;
    mofrt_error_set(&e, MOFRT_CIM_ERR_NOT_FOUND, MOFRT_E_PROVIDER, "gone");
    assert_int_equal(mofrt_xml_encode_error_response(&b, "3", "GetInstance", true, &e, NULL), 0);
    assert_non_null(strstr(b.data, "<IMETHODRESPONSE NAME=\"GetInstance\"><ERROR CODE=\"6\" DESCRIPTION=\"gone\"/>"));
    mofrt_buf_free(&b);
}

/* Every value type survives encode -> decode through a PARAMVALUE. */
static void test_value_roundtrip(void **state)
{
    (void)state;
    mofrt_datetime dt;
    mofrt_datetime_parse("20240101120000.123***+000", &dt, NULL);
    mofrt_value vals[] = {
        mofrt_value_bool(true), mofrt_value_char16(0x20AC), mofrt_value_datetime(&dt),
        mofrt_value_uint(MOFRT_T_UINT8, 255), mofrt_value_sint(MOFRT_T_SINT8, -128),
        mofrt_value_uint(MOFRT_T_UINT16, 65535), mofrt_value_sint(MOFRT_T_SINT16, -32768),
        mofrt_value_uint(MOFRT_T_UINT32, 4294967295u), mofrt_value_sint(MOFRT_T_SINT32, -2147483647 - 1),
        mofrt_value_uint(MOFRT_T_UINT64, UINT64_MAX), mofrt_value_sint(MOFRT_T_SINT64, INT64_MIN),
        mofrt_value_real(MOFRT_T_REAL32, 0.1), mofrt_value_real(MOFRT_T_REAL64, 1e300),
        mofrt_value_string_take(NULL), mofrt_value_bool(false),
        /* the integer printer's edges: 0, -1, one digit more */
        mofrt_value_uint(MOFRT_T_UINT32, 0), mofrt_value_sint(MOFRT_T_SINT64, 0), mofrt_value_sint(MOFRT_T_SINT32, -1),
        mofrt_value_uint(MOFRT_T_UINT64, 10), mofrt_value_sint(MOFRT_T_SINT64, -10),
    };
    size_t n = sizeof vals / sizeof *vals;
    mofrt_value str;
    mofrt_value_string(&str, "\tx<y>&'\"\n", NULL);
    mofrt_out_param ps[24];
    char names[24][8];
    for (size_t i = 0; i < n; i++) {
        snprintf(names[i], sizeof names[i], "P%zu", i);
        ps[i].name = names[i];
        ps[i].value = &vals[i];
    }
    ps[n].name = "Str";
    ps[n].value = &str;
    mofrt_buf b = MOFRT_BUF_INIT;
    assert_int_equal(mofrt_xml_encode_methodresponse(&b, "1", "M", NULL, ps, n + 1, NULL), 0);
    static const char *const texts[] = { "<VALUE>TRUE</VALUE>", "<VALUE>FALSE</VALUE>", "<VALUE>0</VALUE>",
                                         "<VALUE>-1</VALUE>", "<VALUE>10</VALUE>", "<VALUE>-10</VALUE>",
                                         "<VALUE>255</VALUE>", "<VALUE>-128</VALUE>",
                                         "<VALUE>18446744073709551615</VALUE>",
                                         "<VALUE>-9223372036854775808</VALUE>" };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (!strstr(b.data, texts[i]))
            fail_msg("%s not written", texts[i]);
    /* turn the response's PARAMVALUEs into a request */
    char *start = strstr(b.data, "<PARAMVALUE"), *end = strstr(b.data, "</METHODRESPONSE>");
    *end = '\0';
    mofrt_buf doc = MOFRT_BUF_INIT;
    mofrt_buf_puts(&doc, REQ_OPEN "<METHODCALL NAME=\"DoIt\">" TARGET);
    mofrt_buf_puts(&doc, start);
    mofrt_buf_puts(&doc, "</METHODCALL>" REQ_CLOSE);
    mofrt_request req;
    decode_ok(doc.data, &req);
    for (size_t i = 0; i <= n; i++) {
        const mofrt_value *got = &mofrt_request_param(&req, ps[i].name)->value;
        if (!mofrt_value_equal(got, ps[i].value))
            fail_msg("%s (%s) differs", ps[i].name, mofrt_type_name(ps[i].value->type));
    }
    mofrt_request_clear(&req);
    mofrt_buf_free(&doc);
    mofrt_buf_free(&b);
    mofrt_value_clear(&str);
}

/* A body the declared encoding cannot convert fails, and libxml2 prints
 * nothing on the way (a client must not be able to fill stderr). */
static void test_bad_encoding_is_silent(void **state)
{
    (void)state;
    const char *x = "<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><CIM><A>\x1b$B\xff\xfe</A></CIM>";
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    fflush(stderr);
    int saved = dup(2);
    dup2(fileno(tmp), 2);
    mofrt_request r;
    mofrt_error e;
    int rc = mofrt_xml_decode_request(x, strlen(x), NULL, &r, &e);
    mofrt_request_clear(&r);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    long printed = ftell(tmp) >= 0 ? (fseek(tmp, 0, SEEK_END), ftell(tmp)) : -1;
    fclose(tmp);
    assert_int_equal(rc, -1);
    assert_int_equal(e.kind, MOFRT_E_XML);
    assert_int_equal(printed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_writer),
        cmocka_unit_test(test_writer_fast_paths),
        cmocka_unit_test(decode_props_shape),
        cmocka_unit_test(test_writer_empty_elements),
        cmocka_unit_test(test_decode_typed),
        cmocka_unit_test(test_decode_untyped),
        cmocka_unit_test(test_decode_references),
        cmocka_unit_test(test_decode_embedded),
        cmocka_unit_test(test_embedded_nesting),
        cmocka_unit_test(test_decode_imethodcall),
        cmocka_unit_test(test_decode_param_errors),
        cmocka_unit_test(test_decode_text_forms),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_attribute_count),
        cmocka_unit_test(test_encode_methodresponse_golden),
        cmocka_unit_test(test_encode_imethodresponse),
        cmocka_unit_test(test_value_roundtrip),
        cmocka_unit_test(test_bad_encoding_is_silent),
    };
    return cmocka_run_group_tests_name("mofrt_xml", tests, NULL, NULL);
}
