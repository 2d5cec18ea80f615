/* The code mofc gen makes from schemas/WindowsHyperVCluster.V2.mof, used as
 * a provider author would: enum constants (in switch and _Static_assert),
 * _to_string, and a CIM-XML METHODCALL -> In struct -> provider -> Out
 * struct -> METHODRESPONSE round trip for CreateReferencePoint, with the
 * ways a call is refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "WindowsHyperVCluster_V2.h"

#define CRP(x) Msvm_CollectionReferencePointService_CreateReferencePoint_##x

/* Constants are integer constant expressions of the right values. */
_Static_assert(CRP(METHOD_PARAMETERS_CHECKED_JOB_STARTED) == 4096, "job started");
_Static_assert(CRP(COMPLETED_WITH_NO_ERROR) == 0, "completed");
_Static_assert(CRP(INVALID_PARAMETER) == 4, "invalid parameter");
_Static_assert(CRP(DMTF_RESERVED_FIRST) == 7 && CRP(DMTF_RESERVED_LAST) == 4095, "reserved range");
_Static_assert(CRP(METHOD_RESERVED_FIRST) == 4097 && CRP(METHOD_RESERVED_LAST) == 32767, "method range");
_Static_assert(CRP(VENDOR_SPECIFIC_FIRST) == 32768 && CRP(VENDOR_SPECIFIC_LAST) == 65535, "vendor range");
_Static_assert(CRP(ReferencePointType_RCT_BASED) == 2, "RCT based");
_Static_assert(CRP(ReferencePointType_LOG_BASED) == 1, "log based");
_Static_assert(CRP(ReferencePointType_DMTF_RESERVED_FIRST) == 3, "type reserved");
_Static_assert(sizeof(CRP(Result)) >= sizeof(uint8_t), "the enum type exists");

static const char *classify(uint32_t rc)
{
    switch (rc) {   /* usable as case labels */
    case CRP(COMPLETED_WITH_NO_ERROR): return "done";
    case CRP(METHOD_PARAMETERS_CHECKED_JOB_STARTED): return "job";
    case CRP(INVALID_PARAMETER): return "bad";
    default: return "other";
    }
}

static void enums_and_strings(void **state)
{
    (void)state;
    assert_string_equal(classify(4096), "job");
    assert_string_equal(classify(4), "bad");
    assert_string_equal(CRP(Result_to_string)(4096), "Method Parameters Checked - Job Started");
    assert_string_equal(CRP(Result_to_string)(0), "Completed with No Error");
    assert_string_equal(CRP(Result_to_string)(7), "DMTF Reserved");
    assert_string_equal(CRP(Result_to_string)(4095), "DMTF Reserved");
    assert_string_equal(CRP(Result_to_string)(5000), "Method Reserved");
    assert_string_equal(CRP(Result_to_string)(65535), "Vendor Specific");
    assert_null(CRP(Result_to_string)(65536));
    assert_string_equal(CRP(ReferencePointType_to_string)(2), "RCT based");
    assert_string_equal(CRP(ReferencePointType_to_string)(40000), "Vendor Specific");
    /* The descriptor tables name what the MOF declares. */
    const mofrt_method_desc *m = mofrt_class_find_method(&Msvm_CollectionReferencePointService_desc, "createreferencepoint");
    assert_non_null(m);
    assert_string_equal(m->name, "CreateReferencePoint");
    assert_int_equal(m->nparams, 5);
    assert_string_equal(m->params[1].ref_class, "Msvm_CollectionReferencePointSettingData");
    assert_ptr_equal(m->params[1].embedded, &Msvm_CollectionReferencePointSettingData_desc);
    assert_true(WindowsHyperVCluster_V2_nclasses > 40);
}

/* ---- a provider ------------------------------------------------------------ */

typedef struct seen {
    int calls;
    unsigned type;
    bool typed_settings;
    unsigned consistency;
    char collection[256];
} seen;

static int create(void *ctx, const mofrt_invocation *inv, const CRP(In) *in, CRP(Out) *out,
                  mofrt_f_uint32 *ret, mofrt_error *err)
{
    (void)inv;
    (void)err;
    seen *s = ctx;
    s->calls++;
    s->type = in->ReferencePointType.v;
    char *c = mofrt_path_to_string(in->Collection.v);
    snprintf(s->collection, sizeof s->collection, "%s", c ? c : "");
    free(c);
    const Msvm_CollectionReferencePointSettingData *sd = in->ReferencePointSettings.v.typed;
    s->typed_settings = sd != NULL;
    if (sd && MOFRT_IS_SET(&sd->ConsistencyLevel))
        s->consistency = sd->ConsistencyLevel.v;
    mofrt_error e;
    mofrt_path *job = NULL;
    if (mofrt_path_parse("Msvm_ConcreteJob.InstanceID=\"job-1\"", &job, &e) != 0)
        return -1;
    MOFRT_SET_VALUE(&out->Job, job);
    MOFRT_SET_VALUE(ret, CRP(METHOD_PARAMETERS_CHECKED_JOB_STARTED));
    return 0;
}

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
    f->ops.CreateReferencePoint = create;   /* the other methods: not implemented */
    f->prov = Msvm_CollectionReferencePointService_provider(&f->ops, &f->s);
    f->table.count = 1;
    f->table.providers = &f->prov;
    mofrt_buf_init(&f->resp);
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

#define CALL(method, params)                                                                    \
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\">"     \
    "<MESSAGE ID=\"7\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ><METHODCALL NAME=\"" method "\">"     \
    "<LOCALINSTANCEPATH><LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/>"                        \
    "<NAMESPACE NAME=\"HyperVCluster\"/><NAMESPACE NAME=\"v2\"/></LOCALNAMESPACEPATH>"          \
    "<INSTANCENAME CLASSNAME=\"Msvm_CollectionReferencePointService\">"                         \
    "<KEYBINDING NAME=\"Name\"><KEYVALUE VALUETYPE=\"string\">vmms</KEYVALUE></KEYBINDING>"     \
    "</INSTANCENAME></LOCALINSTANCEPATH>" params "</METHODCALL></SIMPLEREQ></MESSAGE></CIM>"

#define COLLECTION                                                                              \
    "<PARAMVALUE NAME=\"Collection\"><VALUE.REFERENCE><INSTANCENAME "                          \
    "CLASSNAME=\"Msvm_VirtualSystemCollection\"><KEYBINDING NAME=\"CollectionID\">"             \
    "<KEYVALUE VALUETYPE=\"string\">Collection-Ready</KEYVALUE></KEYBINDING></INSTANCENAME>"     \
    "</VALUE.REFERENCE></PARAMVALUE>"
#define TYPE(v) "<PARAMVALUE NAME=\"ReferencePointType\"><VALUE>" v "</VALUE></PARAMVALUE>"
#define SETTINGS                                                                                \
    "<PARAMVALUE NAME=\"ReferencePointSettings\" PARAMTYPE=\"string\"><VALUE>"                 \
    "&lt;INSTANCE CLASSNAME=\"Msvm_CollectionReferencePointSettingData\"&gt;"                   \
    "&lt;PROPERTY NAME=\"ConsistencyLevel\" TYPE=\"uint8\"&gt;&lt;VALUE&gt;1&lt;/VALUE&gt;"     \
    "&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;</VALUE></PARAMVALUE>"

static mofrt_dispatch_result run(fixture *f, const char *xml)
{
    mofrt_buf_reset(&f->resp);
    mofrt_error_clear(&f->err);
    return mofrt_dispatch_xml(&f->table, xml, strlen(xml), NULL, &f->resp, &f->err);
}

static void round_trip(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f, CALL("CreateReferencePoint", COLLECTION TYPE("2") SETTINGS)), MOFRT_DISPATCH_OK);
    assert_int_equal(f->s.calls, 1);
    assert_int_equal(f->s.type, CRP(ReferencePointType_RCT_BASED));
    assert_string_equal(f->s.collection, "Msvm_VirtualSystemCollection.CollectionID=\"Collection-Ready\"");
    assert_true(f->s.typed_settings);
    assert_int_equal(f->s.consistency, 1);
    assert_non_null(strstr(f->resp.data, "<RETURNVALUE PARAMTYPE=\"uint32\"><VALUE>4096</VALUE></RETURNVALUE>"));
    assert_non_null(strstr(f->resp.data, "<PARAMVALUE NAME=\"Job\" PARAMTYPE=\"reference\">"));
    if (!strstr(f->resp.data, "job-1")) fail_msg("%s", f->resp.data);
    /* Names compare without case, as CIM clients expect. */
    assert_int_equal(run(f, CALL("createreferencepoint", COLLECTION TYPE("1"))), MOFRT_DISPATCH_OK);
    assert_int_equal(f->s.type, CRP(ReferencePointType_LOG_BASED));
}

static void expect_error(fixture *f, const char *xml, int code, const char *needle)
{
    int before = f->s.calls;
    mofrt_dispatch_result r = run(f, xml);
    if (r != MOFRT_DISPATCH_CIM_ERROR)
        fail_msg("want a CIM error (%s), got %d: %s", needle, r, f->resp.data);
    if (f->err.code != (mofrt_cim_status)code || !strstr(f->err.message, needle))
        fail_msg("want %d '%s', got %d '%s'", code, needle, f->err.code, f->err.message);
    assert_int_equal(f->s.calls, before);
}

static void refused(void **state)
{
    fixture *f = *state;
    expect_error(f, CALL("CreateReferencePoint", COLLECTION TYPE("two")), MOFRT_CIM_ERR_INVALID_PARAMETER,
                 "ReferencePointType");
    expect_error(f, CALL("CreateReferencePoint", COLLECTION TYPE("70000")), MOFRT_CIM_ERR_INVALID_PARAMETER,
                 "ReferencePointType");
    expect_error(f, CALL("CreateReferencePoint", COLLECTION "<PARAMVALUE NAME=\"Colour\"><VALUE>red</VALUE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "Colour");
    expect_error(f, CALL("CreateReferencePoint", "<PARAMVALUE NAME=\"Collection\" PARAMTYPE=\"uint32\"><VALUE>5</VALUE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "Collection");
    expect_error(f, CALL("CreateReferencePoint", "<PARAMVALUE NAME=\"ReferencePointSettings\"><VALUE>&lt;INST</VALUE></PARAMVALUE>"),
                 MOFRT_CIM_ERR_INVALID_PARAMETER, "ReferencePointSettings");
    expect_error(f, CALL("DestroyReferencePoint", ""), MOFRT_CIM_ERR_NOT_SUPPORTED, "DestroyReferencePoint");
    expect_error(f, CALL("Frobnicate", ""), MOFRT_CIM_ERR_METHOD_NOT_FOUND, "Frobnicate");
}

int main(void)
{
    mofrt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(enums_and_strings),
        cmocka_unit_test_setup_teardown(round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(refused, setup, teardown),
    };
    return cmocka_run_group_tests_name("generated Hyper-V code", tests, NULL, NULL);
}
