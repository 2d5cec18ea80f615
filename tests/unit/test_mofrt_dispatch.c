/* libmofrt dispatch round trip with hand-written "generated" tables for
 * Msvm_CollectionReferencePointService.CreateReferencePoint (crp_tables.c):
 * CIM-XML METHODCALL -> typed In struct -> provider -> Out struct ->
 * METHODRESPONSE, and every way a call can be refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/mofrt.h"
#include "runtime/mofrt_provider.h"
#include "tests/unit/crp_tables.h"

typedef Msvm_CollectionReferencePointService_CreateReferencePoint_In CRP_In;
typedef Msvm_CollectionReferencePointService_CreateReferencePoint_Out CRP_Out;

/* What the test provider saw. */
typedef struct seen {
    int calls;
    int fail;                 /* make the provider raise a CIM error */
    char collection[256];
    char target[256];
    bool typed_settings;
    unsigned consistency;
    char element_name[64];
    char settings_class[64];
    bool settings_text;
    mofrt_state type_state;
    unsigned type;
    mofrt_state rrpc_state;
} seen;

static int create_rp(void *ctx, const mofrt_invocation *inv, const CRP_In *in, CRP_Out *out,
                     mofrt_f_uint32 *ret, mofrt_error *err)
{
    seen *s = ctx;
    s->calls++;
    char *c = mofrt_path_to_string(in->Collection.v);
    snprintf(s->collection, sizeof s->collection, "%s", c ? c : "");
    free(c);
    c = mofrt_path_to_string(inv->target);
    snprintf(s->target, sizeof s->target, "%s", c ? c : "");
    free(c);
    const mofrt_emb *e = &in->ReferencePointSettings.v;
    if (in->ReferencePointSettings.state == MOFRT_SET) {
        s->settings_text = e->text != NULL;
        snprintf(s->settings_class, sizeof s->settings_class, "%s", e->generic->class_name);
        const Msvm_CollectionReferencePointSettingData *sd = e->typed;
        s->typed_settings = sd != NULL;
        if (sd && MOFRT_IS_SET(&sd->ConsistencyLevel))
            s->consistency = sd->ConsistencyLevel.v;
        if (sd && MOFRT_IS_SET(&sd->ElementName))
            snprintf(s->element_name, sizeof s->element_name, "%s", sd->ElementName.v);
    }
    s->type_state = in->ReferencePointType.state;
    s->type = in->ReferencePointType.v;
    s->rrpc_state = in->ResultingReferencePointCollection.state;
    if (s->fail)
        return mofrt_error_set(err, MOFRT_CIM_ERR_ACCESS_DENIED, MOFRT_E_PROVIDER,
                               "collection <%s> is locked", "x");

    mofrt_path *rp = mofrt_path_new("hv01", "root/virtualization/v2", "Msvm_ReferencePointCollection");
    mofrt_path_add_key_string(rp, "InstanceID", "RP-1", NULL);
    MOFRT_SET_VALUE(&out->ResultingReferencePointCollection, rp);
    mofrt_path *job = mofrt_path_new(NULL, "root/virtualization/v2", "Msvm_ConcreteJob");
    mofrt_path_add_key_string(job, "InstanceID", "J-7", NULL);
    MOFRT_SET_VALUE(&out->Job, job);
    MOFRT_SET_VALUE(ret, Msvm_CollectionReferencePointService_CreateReferencePoint_Result_Method_Parameters_Checked___Job_Started);
    return 0;
}

/* ---- request building ------------------------------------------------------ */
#define NS_V2 "<LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/><NAMESPACE NAME=\"virtualization\"/>" \
              "<NAMESPACE NAME=\"v2\"/></LOCALNAMESPACEPATH>"
#define SERVICE_NAME "<INSTANCENAME CLASSNAME=\"Msvm_CollectionReferencePointService\">" \
    "<KEYBINDING NAME=\"CreationClassName\"><KEYVALUE VALUETYPE=\"string\">Msvm_CollectionReferencePointService</KEYVALUE></KEYBINDING>" \
    "<KEYBINDING NAME=\"Name\"><KEYVALUE VALUETYPE=\"string\">vmms</KEYVALUE></KEYBINDING>" \
    "<KEYBINDING NAME=\"SystemCreationClassName\"><KEYVALUE VALUETYPE=\"string\">Msvm_ComputerSystem</KEYVALUE></KEYBINDING>" \
    "<KEYBINDING NAME=\"SystemName\"><KEYVALUE VALUETYPE=\"string\">HV01</KEYVALUE></KEYBINDING></INSTANCENAME>"
#define COLLECTION_NAME "<INSTANCENAME CLASSNAME=\"Msvm_VirtualSystemCollection\"><KEYBINDING NAME=\"InstanceID\">" \
    "<KEYVALUE VALUETYPE=\"string\">Microsoft:GROUP-1</KEYVALUE></KEYBINDING></INSTANCENAME>"
#define COLLECTION_TYPED "<PARAMVALUE NAME=\"Collection\" PARAMTYPE=\"reference\"><VALUE.REFERENCE><INSTANCEPATH>" \
    "<NAMESPACEPATH><HOST>hv01</HOST>" NS_V2 "</NAMESPACEPATH>" COLLECTION_NAME \
    "</INSTANCEPATH></VALUE.REFERENCE></PARAMVALUE>"
#define SETTINGS_XML(level, ltype) "&lt;INSTANCE CLASSNAME=&quot;Msvm_CollectionReferencePointSettingData&quot;&gt;" \
    "&lt;PROPERTY NAME=&quot;ConsistencyLevel&quot; TYPE=&quot;" ltype "&quot;&gt;&lt;VALUE&gt;" level "&lt;/VALUE&gt;&lt;/PROPERTY&gt;" \
    "&lt;PROPERTY NAME=&quot;ElementName&quot; TYPE=&quot;string&quot;&gt;&lt;VALUE&gt;nightly &amp;amp; safe&lt;/VALUE&gt;&lt;/PROPERTY&gt;" \
    "&lt;/INSTANCE&gt;"
#define SETTINGS_TYPED "<PARAMVALUE NAME=\"ReferencePointSettings\" PARAMTYPE=\"string\" EmbeddedObject=\"instance\">" \
    "<VALUE>" SETTINGS_XML("1", "uint8") "</VALUE></PARAMVALUE>"
#define TYPE_TYPED "<PARAMVALUE NAME=\"ReferencePointType\" PARAMTYPE=\"uint16\"><VALUE>2</VALUE></PARAMVALUE>"

#define REQUEST(cls, method, params) \
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\">" \
    "<MESSAGE ID=\"1001\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ><METHODCALL NAME=\"" method "\">" \
    "<LOCALINSTANCEPATH>" NS_V2 "<INSTANCENAME CLASSNAME=\"" cls "\">" \
    "<KEYBINDING NAME=\"Name\"><KEYVALUE VALUETYPE=\"string\">vmms</KEYVALUE></KEYBINDING></INSTANCENAME>" \
    "</LOCALINSTANCEPATH>" params "</METHODCALL></SIMPLEREQ></MESSAGE></CIM>"
#define CRP(params) REQUEST("Msvm_CollectionReferencePointService", "CreateReferencePoint", params)

static const char golden_ok[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"1001\" PROTOCOLVERSION=\"1.0\"><SIMPLERSP>"
    "<METHODRESPONSE NAME=\"CreateReferencePoint\">"
    "<RETURNVALUE PARAMTYPE=\"uint32\"><VALUE>4096</VALUE></RETURNVALUE>"
    "<PARAMVALUE NAME=\"ResultingReferencePointCollection\" PARAMTYPE=\"reference\"><VALUE.REFERENCE>"
    "<INSTANCEPATH><NAMESPACEPATH><HOST>hv01</HOST>" NS_V2 "</NAMESPACEPATH>"
    "<INSTANCENAME CLASSNAME=\"Msvm_ReferencePointCollection\"><KEYBINDING NAME=\"InstanceID\">"
    "<KEYVALUE VALUETYPE=\"string\" TYPE=\"string\">RP-1</KEYVALUE></KEYBINDING></INSTANCENAME>"
    "</INSTANCEPATH></VALUE.REFERENCE></PARAMVALUE>"
    "<PARAMVALUE NAME=\"Job\" PARAMTYPE=\"reference\"><VALUE.REFERENCE><LOCALINSTANCEPATH>" NS_V2
    "<INSTANCENAME CLASSNAME=\"Msvm_ConcreteJob\"><KEYBINDING NAME=\"InstanceID\">"
    "<KEYVALUE VALUETYPE=\"string\" TYPE=\"string\">J-7</KEYVALUE></KEYBINDING></INSTANCENAME>"
    "</LOCALINSTANCEPATH></VALUE.REFERENCE></PARAMVALUE>"
    "</METHODRESPONSE></SIMPLERSP></MESSAGE></CIM>";

typedef struct fixture {
    seen s;
    Msvm_CollectionReferencePointService_ops ops;
    mofrt_provider prov;
    mofrt_dispatch_table table;
    mofrt_buf resp;
    mofrt_error err;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->ops.CreateReferencePoint = create_rp;
    f->ops.DestroyReferencePoint = NULL;   /* not implemented */
    f->prov = Msvm_CollectionReferencePointService_provider(&f->ops, &f->s);
    f->table.count = 1;
    f->table.providers = &f->prov;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    mofrt_buf_free(&f->resp);
    free(f);
    return 0;
}

static mofrt_dispatch_result run(fixture *f, const char *xml)
{
    mofrt_buf_reset(&f->resp);
    mofrt_error_clear(&f->err);
    return mofrt_dispatch_xml(&f->table, xml, strlen(xml), NULL, &f->resp, &f->err);
}

/* Expect an ERROR response with `code` whose description contains `needle`,
 * and that the provider was not called. */
static void expect_error(fixture *f, const char *xml, mofrt_cim_status code, const char *needle)
{
    int before = f->s.calls;
    mofrt_dispatch_result r = run(f, xml);
    if (r != MOFRT_DISPATCH_CIM_ERROR)
        fail_msg("expected CIM error %d, got result %d (%s)", code, r, f->err.message);
    if (f->err.code != code || !strstr(f->err.message, needle))
        fail_msg("expected code %d with '%s', got %d: %s", code, needle, f->err.code, f->err.message);
    char tag[48];
    snprintf(tag, sizeof tag, "<ERROR CODE=\"%d\" DESCRIPTION=\"", code);
    assert_non_null(strstr(f->resp.data, tag));
    assert_non_null(strstr(f->resp.data, "<METHODRESPONSE NAME="));
    assert_non_null(strstr(f->resp.data, "<MESSAGE ID=\"1001\""));
    assert_null(strstr(f->resp.data, "RETURNVALUE"));
    if (code != MOFRT_CIM_ERR_ACCESS_DENIED)
        assert_int_equal(f->s.calls, before);
}

static void test_roundtrip_typed(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f, CRP(COLLECTION_TYPED SETTINGS_TYPED TYPE_TYPED)), MOFRT_DISPATCH_OK);
    assert_string_equal(f->resp.data, golden_ok);
    assert_int_equal(f->s.calls, 1);
    assert_string_equal(f->s.collection,
                        "//hv01/root/virtualization/v2:Msvm_VirtualSystemCollection.InstanceID=\"Microsoft:GROUP-1\"");
    assert_string_equal(f->s.target, "root/virtualization/v2:Msvm_CollectionReferencePointService.Name=\"vmms\"");
    assert_true(f->s.typed_settings);
    assert_true(f->s.settings_text);
    assert_int_equal(f->s.consistency, 1);
    assert_string_equal(f->s.element_name, "nightly & safe");
    assert_int_equal(f->s.type_state, MOFRT_SET);
    assert_int_equal(f->s.type, Msvm_CollectionReferencePointService_CreateReferencePoint_ReferencePointType_RCT_based);
    assert_int_equal(f->s.rrpc_state, MOFRT_ABSENT);
}

/* sblim wbemcli style: no PARAMTYPE, no EmbeddedObject; typed from the
 * declaration. Collection as LOCALINSTANCEPATH, the in/out reference too. */
static void test_roundtrip_untyped(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f, CRP("<PARAMVALUE NAME=\"Collection\"><VALUE.REFERENCE><LOCALINSTANCEPATH>" NS_V2
                                COLLECTION_NAME "</LOCALINSTANCEPATH></VALUE.REFERENCE></PARAMVALUE>"
                                "<PARAMVALUE NAME=\"ReferencePointSettings\"><VALUE>" SETTINGS_XML("3", "uint8")
                                "</VALUE></PARAMVALUE>"
                                "<PARAMVALUE NAME=\"ReferencePointType\"><VALUE>2</VALUE></PARAMVALUE>"
                                "<PARAMVALUE NAME=\"ResultingReferencePointCollection\"/>")),
                     MOFRT_DISPATCH_OK);
    assert_string_equal(f->resp.data, golden_ok);
    assert_string_equal(f->s.collection,
                        "root/virtualization/v2:Msvm_VirtualSystemCollection.InstanceID=\"Microsoft:GROUP-1\"");
    assert_true(f->s.typed_settings);
    assert_int_equal(f->s.consistency, 3);
    assert_int_equal(f->s.type, 2);
    assert_int_equal(f->s.rrpc_state, MOFRT_NULL);
}

/* Collection as a bare INSTANCENAME (VALUE.REFERENCE and PARAMVALUE child),
 * names in other cases, EMBEDDEDOBJECT spelling, optional params absent. */
static void test_roundtrip_variants(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f, REQUEST("MSVM_COLLECTIONREFERENCEPOINTSERVICE", "createreferencepoint",
                                    "<PARAMVALUE NAME=\"collection\" PARAMTYPE=\"reference\"><VALUE.REFERENCE>"
                                    COLLECTION_NAME "</VALUE.REFERENCE></PARAMVALUE>")),
                     MOFRT_DISPATCH_OK);
    assert_string_equal(f->s.collection, "Msvm_VirtualSystemCollection.InstanceID=\"Microsoft:GROUP-1\"");
    assert_int_equal(f->s.type_state, MOFRT_ABSENT);
    /* the response names the method as declared */
    assert_non_null(strstr(f->resp.data, "<METHODRESPONSE NAME=\"CreateReferencePoint\">"));

    assert_int_equal(run(f, CRP("<PARAMVALUE NAME=\"Collection\" PARAMTYPE=\"reference\">" COLLECTION_NAME "</PARAMVALUE>"
                                "<PARAMVALUE NAME=\"ReferencePointSettings\" PARAMTYPE=\"string\" EMBEDDEDOBJECT=\"instance\">"
                                "<VALUE>" SETTINGS_XML("2", "uint8") "</VALUE></PARAMVALUE>")),
                     MOFRT_DISPATCH_OK);
    assert_string_equal(f->s.collection, "Msvm_VirtualSystemCollection.InstanceID=\"Microsoft:GROUP-1\"");
    assert_int_equal(f->s.consistency, 2);

    /* an embedded instance of another class stays generic */
    f->s.typed_settings = true;
    assert_int_equal(run(f, CRP(COLLECTION_TYPED "<PARAMVALUE NAME=\"ReferencePointSettings\" PARAMTYPE=\"string\" "
                                "EmbeddedObject=\"instance\"><VALUE>&lt;INSTANCE CLASSNAME=&quot;Msvm_Other&quot;/&gt;"
                                "</VALUE></PARAMVALUE>")),
                     MOFRT_DISPATCH_OK);
    assert_false(f->s.typed_settings);
    assert_string_equal(f->s.settings_class, "Msvm_Other");

    /* an INSTANCE element as the value (PARAMTYPE="instance") */
    assert_int_equal(run(f, CRP(COLLECTION_TYPED "<PARAMVALUE NAME=\"ReferencePointSettings\" PARAMTYPE=\"instance\">"
                                "<INSTANCE CLASSNAME=\"Msvm_CollectionReferencePointSettingData\">"
                                "<PROPERTY NAME=\"ConsistencyLevel\" TYPE=\"uint8\"><VALUE>5</VALUE></PROPERTY>"
                                "</INSTANCE></PARAMVALUE>")),
                     MOFRT_DISPATCH_OK);
    assert_true(f->s.typed_settings);
    assert_int_equal(f->s.consistency, 5);
}

static void test_wrong_type(void **state)
{
    fixture *f = *state;
    expect_error(f, CRP(COLLECTION_TYPED "<PARAMVALUE NAME=\"ReferencePointType\" PARAMTYPE=\"string\">"
                        "<VALUE>2</VALUE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "parameter 'ReferencePointType'");
    expect_error(f, CRP(COLLECTION_TYPED "<PARAMVALUE NAME=\"ReferencePointType\"><VALUE>RCT</VALUE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "parameter 'ReferencePointType'");
    expect_error(f, CRP(COLLECTION_TYPED "<PARAMVALUE NAME=\"ReferencePointType\"><VALUE>70000</VALUE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "out of range");
    expect_error(f, CRP(COLLECTION_TYPED "<PARAMVALUE NAME=\"ReferencePointType\" PARAMTYPE=\"uint16\">"
                        "<VALUE.ARRAY><VALUE>1</VALUE></VALUE.ARRAY></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "parameter 'ReferencePointType'");
    expect_error(f, CRP("<PARAMVALUE NAME=\"Collection\" PARAMTYPE=\"string\"><VALUE>x</VALUE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "parameter 'Collection': expected a reference");
    expect_error(f, CRP("<PARAMVALUE NAME=\"Collection\"><VALUE>not a path</VALUE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "parameter 'Collection'");
    expect_error(f, CRP(COLLECTION_TYPED "<PARAMVALUE NAME=\"ReferencePointType\" PARAMTYPE=\"reference\">"
                        "<VALUE.REFERENCE>" COLLECTION_NAME "</VALUE.REFERENCE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "parameter 'ReferencePointType': expected a uint16");
    expect_error(f, CRP(COLLECTION_TYPED "<PARAMVALUE NAME=\"ReferencePointSettings\" PARAMTYPE=\"uint8\">"
                        "<VALUE>1</VALUE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "parameter 'ReferencePointSettings'");
}

static void test_unknown_and_output_params(void **state)
{
    fixture *f = *state;
    expect_error(f, CRP(COLLECTION_TYPED "<PARAMVALUE NAME=\"Bogus\" PARAMTYPE=\"uint8\"><VALUE>1</VALUE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "no parameter 'Bogus'");
    expect_error(f, CRP(COLLECTION_TYPED "<PARAMVALUE NAME=\"Job\" PARAMTYPE=\"reference\"><VALUE.REFERENCE>"
                        COLLECTION_NAME "</VALUE.REFERENCE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "'Job' of CreateReferencePoint is output-only");
    expect_error(f, CRP(COLLECTION_TYPED COLLECTION_TYPED),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "'Collection' given twice");
}

static void test_missing_required(void **state)
{
    fixture *f = *state;
    expect_error(f, CRP(TYPE_TYPED), MOFRT_CIM_ERR_INVALID_PARAMETER, "missing required parameter 'Collection'");
    expect_error(f, CRP("<PARAMVALUE NAME=\"Collection\" PARAMTYPE=\"reference\"/>" TYPE_TYPED),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "required parameter 'Collection' is NULL");
}

static void test_bad_embedded(void **state)
{
    fixture *f = *state;
    /* not XML */
    expect_error(f, CRP(COLLECTION_TYPED "<PARAMVALUE NAME=\"ReferencePointSettings\" PARAMTYPE=\"string\" "
                        "EmbeddedObject=\"instance\"><VALUE>&lt;INSTANCE CLASSNAME=</VALUE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "parameter 'ReferencePointSettings': malformed embedded instance");
    /* untyped: decoded only once the declaration says it is embedded */
    expect_error(f, CRP(COLLECTION_TYPED "<PARAMVALUE NAME=\"ReferencePointSettings\"><VALUE>plain text</VALUE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "parameter 'ReferencePointSettings': malformed embedded instance");
    /* XML, but not an INSTANCE */
    expect_error(f, CRP(COLLECTION_TYPED "<PARAMVALUE NAME=\"ReferencePointSettings\"><VALUE>&lt;CLASS NAME=&quot;X&quot;/&gt;"
                        "</VALUE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "expected INSTANCE");
    /* hostile XML inside the embedded instance */
    expect_error(f, CRP(COLLECTION_TYPED "<PARAMVALUE NAME=\"ReferencePointSettings\"><VALUE>&lt;!DOCTYPE x "
                        "[&lt;!ENTITY e SYSTEM &quot;file:///etc/passwd&quot;&gt;]&gt;&lt;INSTANCE CLASSNAME=&quot;X&quot;&gt;"
                        "&amp;e;&lt;/INSTANCE&gt;</VALUE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "entity");
    /* well-formed, but a property of the wrong type for the typed struct */
    expect_error(f, CRP(COLLECTION_TYPED "<PARAMVALUE NAME=\"ReferencePointSettings\" PARAMTYPE=\"string\" "
                        "EmbeddedObject=\"instance\"><VALUE>" SETTINGS_XML("high", "string") "</VALUE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "property 'ConsistencyLevel': expected a uint8");
    /* a property the embedded instance's class does not declare */
    expect_error(f, CRP(COLLECTION_TYPED "<PARAMVALUE NAME=\"ReferencePointSettings\" PARAMTYPE=\"string\" "
                        "EmbeddedObject=\"instance\"><VALUE>&lt;INSTANCE CLASSNAME=&quot;Msvm_CollectionReferencePointSettingData&quot;&gt;"
                        "&lt;PROPERTY NAME=&quot;Colour&quot; TYPE=&quot;string&quot;&gt;&lt;VALUE&gt;red&lt;/VALUE&gt;&lt;/PROPERTY&gt;"
                        "&lt;/INSTANCE&gt;</VALUE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER,
                 "embedded instance: class Msvm_CollectionReferencePointSettingData has no property 'Colour'");
    /* bad value inside an embedded instance property */
    expect_error(f, CRP(COLLECTION_TYPED "<PARAMVALUE NAME=\"ReferencePointSettings\" PARAMTYPE=\"string\" "
                        "EmbeddedObject=\"instance\"><VALUE>" SETTINGS_XML("300", "uint8") "</VALUE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "ConsistencyLevel");
}

static void test_unknown_method_class(void **state)
{
    fixture *f = *state;
    expect_error(f, REQUEST("Msvm_CollectionReferencePointService", "FormatDisk", ""),
                 MOFRT_CIM_ERR_METHOD_NOT_FOUND, "no method FormatDisk");
    expect_error(f, REQUEST("Msvm_Nope", "CreateReferencePoint", ""), MOFRT_CIM_ERR_NOT_FOUND,
                 "no provider for class Msvm_Nope");
}

static void test_not_implemented(void **state)
{
    fixture *f = *state;
    expect_error(f, REQUEST("Msvm_CollectionReferencePointService", "DestroyReferencePoint",
                            "<PARAMVALUE NAME=\"AffectedReferencePointCollection\" PARAMTYPE=\"reference\">"
                            "<VALUE.REFERENCE>" COLLECTION_NAME "</VALUE.REFERENCE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_NOT_SUPPORTED, "DestroyReferencePoint is not implemented");
    /* parameters are still checked before "not implemented" */
    expect_error(f, REQUEST("Msvm_CollectionReferencePointService", "DestroyReferencePoint",
                            "<PARAMVALUE NAME=\"X\"/>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "no parameter 'X'");
}

static void test_provider_error(void **state)
{
    fixture *f = *state;
    f->s.fail = 1;
    expect_error(f, CRP(COLLECTION_TYPED), MOFRT_CIM_ERR_ACCESS_DENIED, "collection <x> is locked");
    assert_non_null(strstr(f->resp.data, "DESCRIPTION=\"collection &lt;x&gt; is locked\""));
    f->s.fail = 0;
}

static void test_bad_requests(void **state)
{
    fixture *f = *state;
    const char *bad[] = {
        "garbage",
        "<CIM><MESSAGE ID=\"1\"><SIMPLEREQ><METHODCALL NAME=\"X\">",
        "<!DOCTYPE CIM [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><CIM>&x;</CIM>",
        ("<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"1\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ>"
         "<METHODCALL NAME=\"X\"/></SIMPLEREQ></MESSAGE></CIM>"),
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(run(f, bad[i]), MOFRT_DISPATCH_BAD_REQUEST);
        assert_true(f->resp.len == 0);
        assert_int_not_equal(f->err.kind, MOFRT_E_NONE);
    }
    /* intrinsic calls are the server's business */
    assert_int_equal(run(f, "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"5\" PROTOCOLVERSION=\"1.0\">"
                            "<SIMPLEREQ><IMETHODCALL NAME=\"GetInstance\">" NS_V2 "</IMETHODCALL></SIMPLEREQ>"
                            "</MESSAGE></CIM>"),
                     MOFRT_DISPATCH_CIM_ERROR);
    assert_non_null(strstr(f->resp.data, "<IMETHODRESPONSE NAME=\"GetInstance\"><ERROR CODE=\"7\""));
    assert_int_equal(f->s.calls, 0);
}

/* ---- struct routines on a class with every field kind ----------------------- */
typedef struct AllKinds {
    mofrt_f_boolean B;
    mofrt_f_string S;
    mofrt_f_char16 C;
    mofrt_f_datetime D;
    mofrt_f_sint8 I8;
    mofrt_f_uint64 U64;
    mofrt_f_sint64 I64;
    mofrt_f_real32 R32;
    mofrt_f_real64 R64;
    mofrt_f_ref Ref;
    mofrt_f_instance Emb;
    mofrt_f_array Codes;     /* uint16[] */
    mofrt_f_array Names;     /* string[] */
    mofrt_f_string Absent;
    mofrt_f_string Null;
} AllKinds;

static const mofrt_prop_desc AllKinds_props[] = {
    { "B", MOFRT_T_BOOLEAN, 0, offsetof(AllKinds, B), NULL, NULL, NOMETA },
    { "S", MOFRT_T_STRING, MOFRT_F_KEY, offsetof(AllKinds, S), NULL, NULL, NOMETA },
    { "C", MOFRT_T_CHAR16, 0, offsetof(AllKinds, C), NULL, NULL, NOMETA },
    { "D", MOFRT_T_DATETIME, 0, offsetof(AllKinds, D), NULL, NULL, NOMETA },
    { "I8", MOFRT_T_SINT8, 0, offsetof(AllKinds, I8), NULL, NULL, NOMETA },
    { "U64", MOFRT_T_UINT64, 0, offsetof(AllKinds, U64), NULL, NULL, NOMETA },
    { "I64", MOFRT_T_SINT64, 0, offsetof(AllKinds, I64), NULL, NULL, NOMETA },
    { "R32", MOFRT_T_REAL32, 0, offsetof(AllKinds, R32), NULL, NULL, NOMETA },
    { "R64", MOFRT_T_REAL64, 0, offsetof(AllKinds, R64), NULL, NULL, NOMETA },
    { "Ref", MOFRT_T_REFERENCE, 0, offsetof(AllKinds, Ref), "CIM_X", NULL, NOMETA },
    { "Emb", MOFRT_T_INSTANCE, 0, offsetof(AllKinds, Emb), "Msvm_CollectionReferencePointSettingData",
      &Msvm_CollectionReferencePointSettingData_desc, NOMETA },
    { "Codes", MOFRT_T_UINT16, MOFRT_F_ARRAY, offsetof(AllKinds, Codes), NULL, NULL, NOMETA },
    { "Names", MOFRT_T_STRING, MOFRT_F_ARRAY, offsetof(AllKinds, Names), NULL, NULL, NOMETA },
    { "Absent", MOFRT_T_STRING, 0, offsetof(AllKinds, Absent), NULL, NULL, NOMETA },
    { "Null", MOFRT_T_STRING, 0, offsetof(AllKinds, Null), NULL, NULL, NOMETA },
};
static const mofrt_class_desc AllKinds_desc = {
    "Test_AllKinds", NULL, sizeof(AllKinds), sizeof AllKinds_props / sizeof AllKinds_props[0],
    AllKinds_props, 0, NULL, NOCLASSMETA,
};

static char *xstrdup(const char *s)
{
    return mofrt_strdup(s);
}

static void test_struct_roundtrip(void **state)
{
    (void)state;
    AllKinds *a = calloc(1, sizeof *a);
    MOFRT_SET_VALUE(&a->B, true);
    MOFRT_SET_VALUE(&a->S, xstrdup("k<1>"));
    MOFRT_SET_VALUE(&a->C, 0x20AC);
    mofrt_datetime dt;
    mofrt_datetime_parse("00000001132312.125***:000", &dt, NULL);
    MOFRT_SET_VALUE(&a->D, dt);
    MOFRT_SET_VALUE(&a->I8, -128);
    MOFRT_SET_VALUE(&a->U64, UINT64_MAX);
    MOFRT_SET_VALUE(&a->I64, INT64_MIN);
    MOFRT_SET_VALUE(&a->R32, 0.25f);
    MOFRT_SET_VALUE(&a->R64, -1e-300);
    mofrt_path *ref = NULL;
    mofrt_path_parse("root/x:CIM_X.Id=3", &ref, NULL);
    MOFRT_SET_VALUE(&a->Ref, ref);
    Msvm_CollectionReferencePointSettingData *sd = calloc(1, sizeof *sd);
    MOFRT_SET_VALUE(&sd->ConsistencyLevel, 7);
    MOFRT_SET_VALUE(&sd->InstanceID, xstrdup("sd-1"));
    a->Emb.v.cls = &Msvm_CollectionReferencePointSettingData_desc;
    a->Emb.v.typed = sd;
    a->Emb.state = MOFRT_SET;
    uint16_t *codes = calloc(3, sizeof *codes);
    bool *nulls = calloc(3, sizeof *nulls);
    codes[0] = 1;
    nulls[1] = true;
    codes[2] = 65535;
    a->Codes = (mofrt_f_array){ MOFRT_SET, 3, codes, nulls };
    char **names = calloc(2, sizeof *names);
    names[0] = xstrdup("a");
    names[1] = xstrdup("b&c");
    a->Names = (mofrt_f_array){ MOFRT_SET, 2, names, NULL };
    MOFRT_SET_NULL(&a->Null);

    /* typed -> XML -> generic -> typed */
    mofrt_buf b = MOFRT_BUF_INIT;
    mofrt_xw w;
    mofrt_xw_init(&w, &b);
    mofrt_xml_write_struct(&w, &AllKinds_desc, a);
    assert_int_equal(mofrt_xw_finish(&w, NULL), 0);
    assert_null(strstr(b.data, "\"Absent\""));
    assert_non_null(strstr(b.data, "<PROPERTY NAME=\"Null\" TYPE=\"string\"></PROPERTY>"));
    assert_non_null(strstr(b.data, "<PROPERTY NAME=\"Emb\" TYPE=\"string\" EmbeddedObject=\"instance\"><VALUE>&lt;INSTANCE"));
    mofrt_instance *inst = NULL;
    mofrt_error e;
    if (mofrt_xml_decode_instance(b.data, b.len, NULL, 0, &inst, &e) != 0)
        fail_msg("%s", e.message);
    AllKinds *c = calloc(1, sizeof *c);
    if (mofrt_struct_from_instance(&AllKinds_desc, inst, c, NULL, &e) != 0)
        fail_msg("%s", e.message);
    assert_true(c->B.v);
    assert_string_equal(c->S.v, "k<1>");
    assert_int_equal(c->C.v, 0x20AC);
    assert_int_equal(c->D.v.days, 1);
    assert_int_equal(c->D.v.precision, 17);
    assert_int_equal(c->I8.v, -128);
    assert_true(c->U64.v == UINT64_MAX);
    assert_true(c->I64.v == INT64_MIN);
    assert_true(c->R32.v == 0.25f);
    assert_true(c->R64.v == -1e-300);
    assert_true(mofrt_path_equal(c->Ref.v, ref));
    const Msvm_CollectionReferencePointSettingData *sd2 = c->Emb.v.typed;
    assert_non_null(sd2);
    assert_int_equal(sd2->ConsistencyLevel.v, 7);
    assert_string_equal(sd2->InstanceID.v, "sd-1");
    assert_int_equal(c->Codes.count, 3);
    assert_int_equal(((uint16_t *)c->Codes.items)[2], 65535);
    assert_non_null(c->Codes.nulls);
    assert_true(c->Codes.nulls[1]);
    assert_string_equal(((char **)c->Names.items)[1], "b&c");
    assert_null(c->Names.nulls);
    assert_int_equal(c->Absent.state, MOFRT_ABSENT);
    assert_int_equal(c->Null.state, MOFRT_NULL);

    /* and back to generic: equal instances */
    mofrt_instance *again = mofrt_struct_to_instance(&AllKinds_desc, c, NULL);
    mofrt_value x = mofrt_value_instance_take(inst), y = mofrt_value_instance_take(again);
    assert_true(mofrt_value_equal(&x, &y));
    mofrt_value_clear(&x);
    mofrt_value_clear(&y);

    /* wrong arrayness is a type error naming the property */
    mofrt_instance *bad = mofrt_instance_new("Test_AllKinds");
    mofrt_value v = mofrt_value_uint(MOFRT_T_UINT16, 1);
    mofrt_instance_set(bad, "Codes", &v, NULL);
    AllKinds *d = calloc(1, sizeof *d);
    assert_int_equal(mofrt_struct_from_instance(&AllKinds_desc, bad, d, NULL, &e), -1);
    assert_non_null(strstr(e.message, "property 'Codes': expected an array"));
    mofrt_instance_free(bad);

    mofrt_struct_free(&AllKinds_desc, a);
    mofrt_struct_free(&AllKinds_desc, c);
    mofrt_struct_free(&AllKinds_desc, d);
    mofrt_struct_free(&AllKinds_desc, NULL);
    mofrt_buf_free(&b);
}

static void test_lookup(void **state)
{
    (void)state;
    const mofrt_class_desc *cls = &Msvm_CollectionReferencePointService_desc;
    assert_ptr_equal(mofrt_class_find_method(cls, "CREATEREFERENCEPOINT"), &cls->methods[0]);
    assert_null(mofrt_class_find_method(cls, "Create"));
    assert_non_null(mofrt_class_find_prop(cls, "systemname"));
    assert_int_equal(mofrt_ctype_size(MOFRT_T_INSTANCE), sizeof(mofrt_emb));
    assert_int_equal(mofrt_ctype_size(MOFRT_T_REAL32), sizeof(float));
}

/* ---- the provider interface (mofrt_provider.h) ------------------------------ */
typedef struct count_sink {
    mofrt_sink base;
    int instances, objects, paths;
} count_sink;

static int count_instance(mofrt_sink *s, const mofrt_instance *inst, mofrt_error *err)
{
    (void)inst, (void)err;
    ((count_sink *)s)->instances++;
    return 0;
}

static int refuse_path(mofrt_sink *s, const mofrt_path *path, mofrt_error *err)
{
    (void)path;
    ((count_sink *)s)->paths++;
    return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_LIMIT, "client gone");
}

static void test_provider_interface(void **state)
{
    (void)state;
    const char *props[] = { "ElementName", "consistencylevel" };
    mofrt_op op = { .kind = MOFRT_OP_ENUMERATE_INSTANCES, .has_props = true, .nprops = 2, .props = props };
    assert_true(mofrt_op_wants(&op, "CONSISTENCYLEVEL"));
    assert_false(mofrt_op_wants(&op, "InstanceID"));
    op.nprops = 0;   /* an empty PropertyList: keys only */
    assert_false(mofrt_op_wants(&op, "ElementName"));
    op.has_props = false;
    assert_true(mofrt_op_wants(&op, "InstanceID"));
    assert_true(mofrt_op_wants(NULL, "x"));

    /* a list the host sorted (props_sorted) is searched by halves, names
     * still case-insensitive: a request's k names cost log k a test */
    const char *sorted[] = { "a", "Bb", "bb", "Cc", "dd", "EE", "ff" };
    mofrt_op sop = { .kind = MOFRT_OP_ENUMERATE_INSTANCES, .has_props = true, .nprops = 7, .props = sorted,
                     .props_sorted = true };
    for (size_t i = 0; i < 7; i++)
        assert_true(mofrt_op_wants(&sop, sorted[i]));
    assert_true(mofrt_op_wants(&sop, "CC"));
    assert_true(mofrt_op_wants(&sop, "A"));
    assert_false(mofrt_op_wants(&sop, "c"));
    assert_false(mofrt_op_wants(&sop, "zz"));
    assert_false(mofrt_op_wants(&sop, ""));
    assert_false(mofrt_op_wants(&sop, NULL));
    /* ... and not scanned: a name placed out of order is not reached (a
     * scan would find it; this is what keeps n results x k names at
     * n log k, newcomer2 defect 6) */
    const char *misplaced[] = { "b", "c", "d", "e", "f", "g", "a" };
    sop.props = misplaced;
    assert_false(mofrt_op_wants(&sop, "a"));
    sop.props_sorted = false;
    assert_true(mofrt_op_wants(&sop, "a"));

    /* sinks: entries the host gave are called, missing ones fail cleanly */
    count_sink cs = { { count_instance, NULL, refuse_path }, 0, 0, 0 };
    mofrt_instance *inst = mofrt_instance_new("Msvm_CollectionReferencePointSettingData");
    mofrt_path *path = mofrt_path_new(NULL, NULL, "X");
    mofrt_error err;
    assert_int_equal(mofrt_post_instance(&cs.base, inst, &err), 0);
    assert_int_equal(cs.instances, 1);
    assert_int_equal(mofrt_post_path(&cs.base, path, &err), -1);
    assert_string_equal(err.message, "client gone");
    assert_int_equal(mofrt_post_object(&cs.base, &Msvm_CollectionReferencePointSettingData_desc, inst, &err), -1);
    assert_string_equal(err.message, "the host's sink takes no typed objects");
    assert_int_equal(mofrt_post_instance(&cs.base, NULL, &err), -1);
    assert_int_equal(cs.instances, 1);
    mofrt_instance_free(inst);
    mofrt_path_free(path);

    assert_int_equal(mofrt_not_implemented(&Msvm_CollectionReferencePointService_desc, "get", &err),
                     MOFRT_CALL_NOT_IMPLEMENTED);
    assert_int_equal(err.code, MOFRT_CIM_ERR_NOT_SUPPORTED);
    assert_string_equal(err.message, "Msvm_CollectionReferencePointService.get is not implemented");
}

static void test_module_check(void **state)
{
    (void)state;
    static const mofrt_class_desc *const classes[] = { &Msvm_CollectionReferencePointSettingData_desc,
                                                       &Msvm_CollectionReferencePointService_desc };
    static const mofrt_class_provider provs[] = { { &Msvm_CollectionReferencePointService_desc, NULL, NULL },
                                                  { &Msvm_CollectionReferencePointService_desc, NULL, NULL } };
    mofrt_module m = { MOFRT_PROVIDER_ABI, "crp", 2, classes, 1, provs, NULL, NULL };
    mofrt_error err;
    assert_int_equal(mofrt_module_check(&m, &err), 0);
    m.nproviders = 2;
    assert_int_equal(mofrt_module_check(&m, &err), -1);
    assert_string_equal(err.message, "class Msvm_CollectionReferencePointService has two providers");
    m.nproviders = 1;
    m.nclasses = 1;   /* the served class is not among the module's classes */
    assert_int_equal(mofrt_module_check(&m, &err), -1);
    assert_string_equal(err.message, "provider 0 serves a class the module does not declare");
    m.nclasses = 2;
    m.abi = MOFRT_PROVIDER_ABI + 1;
    assert_int_equal(mofrt_module_check(&m, &err), -1);
    assert_non_null(strstr(err.message, "provider ABI 3, this host has 2"));
    assert_int_equal(mofrt_module_check(NULL, &err), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_roundtrip_typed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roundtrip_untyped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roundtrip_variants, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_and_output_params, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_required, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_embedded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_method_class, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_implemented, setup, teardown),
        cmocka_unit_test_setup_teardown(test_provider_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_requests, setup, teardown),
        cmocka_unit_test(test_struct_roundtrip),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_provider_interface),
        cmocka_unit_test(test_module_check),
    };
    return cmocka_run_group_tests_name("mofrt_dispatch", tests, NULL, NULL);
}
