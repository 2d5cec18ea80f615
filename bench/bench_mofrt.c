/* libmofrt benchmark: one CreateReferencePoint call end to end (decode the
 * CIM-XML METHODCALL, fill the typed In struct incl. the embedded instance,
 * call a trivial provider, encode the METHODRESPONSE), on one core.
 * Prints calls per second for 5 runs and their median. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench_stats.h"
#include "runtime/mofrt.h"
#include "tests/unit/crp_tables.h"

#define NS_V2 "<LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/><NAMESPACE NAME=\"virtualization\"/>" \
              "<NAMESPACE NAME=\"v2\"/></LOCALNAMESPACEPATH>"

static const char request[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n"
    "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"1001\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ>"
    "<METHODCALL NAME=\"CreateReferencePoint\"><LOCALINSTANCEPATH>" NS_V2
    "<INSTANCENAME CLASSNAME=\"Msvm_CollectionReferencePointService\">"
    "<KEYBINDING NAME=\"CreationClassName\"><KEYVALUE VALUETYPE=\"string\">Msvm_CollectionReferencePointService</KEYVALUE></KEYBINDING>"
    "<KEYBINDING NAME=\"Name\"><KEYVALUE VALUETYPE=\"string\">vmms</KEYVALUE></KEYBINDING>"
    "<KEYBINDING NAME=\"SystemCreationClassName\"><KEYVALUE VALUETYPE=\"string\">Msvm_ComputerSystem</KEYVALUE></KEYBINDING>"
    "<KEYBINDING NAME=\"SystemName\"><KEYVALUE VALUETYPE=\"string\">HV01</KEYVALUE></KEYBINDING>"
    "</INSTANCENAME></LOCALINSTANCEPATH>"
    "<PARAMVALUE NAME=\"Collection\" PARAMTYPE=\"reference\"><VALUE.REFERENCE><INSTANCEPATH>"
    "<NAMESPACEPATH><HOST>hv01</HOST>" NS_V2 "</NAMESPACEPATH>"
    "<INSTANCENAME CLASSNAME=\"Msvm_VirtualSystemCollection\"><KEYBINDING NAME=\"InstanceID\">"
    "<KEYVALUE VALUETYPE=\"string\">Microsoft:4D8C4A05-2C5C-4B9E-A1D0-8C4AE4B8A2B1</KEYVALUE></KEYBINDING>"
    "</INSTANCENAME></INSTANCEPATH></VALUE.REFERENCE></PARAMVALUE>"
    "<PARAMVALUE NAME=\"ReferencePointSettings\" PARAMTYPE=\"string\" EmbeddedObject=\"instance\"><VALUE>"
    "&lt;INSTANCE CLASSNAME=&quot;Msvm_CollectionReferencePointSettingData&quot;&gt;"
    "&lt;PROPERTY NAME=&quot;ConsistencyLevel&quot; TYPE=&quot;uint8&quot;&gt;&lt;VALUE&gt;1&lt;/VALUE&gt;&lt;/PROPERTY&gt;"
    "&lt;PROPERTY NAME=&quot;ElementName&quot; TYPE=&quot;string&quot;&gt;&lt;VALUE&gt;nightly&lt;/VALUE&gt;&lt;/PROPERTY&gt;"
    "&lt;/INSTANCE&gt;</VALUE></PARAMVALUE>"
    "<PARAMVALUE NAME=\"ReferencePointType\" PARAMTYPE=\"uint16\"><VALUE>2</VALUE></PARAMVALUE>"
    "</METHODCALL></SIMPLEREQ></MESSAGE></CIM>";

static int create_rp(void *ctx, const mofrt_invocation *inv,
                     const Msvm_CollectionReferencePointService_CreateReferencePoint_In *in,
                     Msvm_CollectionReferencePointService_CreateReferencePoint_Out *out,
                     mofrt_f_uint32 *ret, mofrt_error *err)
{
    (void)ctx, (void)inv, (void)err;
    if (in->ReferencePointType.v != 2)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_PROVIDER, "unexpected input");
    mofrt_path *job = mofrt_path_new(NULL, "root/virtualization/v2", "Msvm_ConcreteJob");
    mofrt_path_add_key_string(job, "InstanceID", "J-7", NULL);
    MOFRT_SET_VALUE(&out->Job, job);
    MOFRT_SET_VALUE(ret, 4096);
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
    mofrt_init();
    Msvm_CollectionReferencePointService_ops ops = { create_rp, NULL };
    mofrt_provider prov = Msvm_CollectionReferencePointService_provider(&ops, NULL);
    mofrt_dispatch_table table = { 1, &prov };
    mofrt_buf resp = MOFRT_BUF_INIT;
    mofrt_decoder *dec = mofrt_decoder_new();   /* one per thread, as a server would */
    mofrt_error err;
    size_t len = strlen(request);

    /* sanity check once */
    if (mofrt_dispatch_xml_with(&table, dec, request, len, NULL, &resp, &err) != MOFRT_DISPATCH_OK ||
        !strstr(resp.data, "<VALUE>4096</VALUE>")) {
        fprintf(stderr, "bench_mofrt: call failed: %s\n", err.message);
        return 1;
    }
    const char *env = getenv("MOFRT_BENCH_ITERS");   /* smaller for profiling */
    const int iters = env && atoi(env) > 0 ? atoi(env) : 20000;
    double rates[5];
    for (int run = 0; run < 5; run++) {
        double t0 = now();
        for (int i = 0; i < iters; i++) {
            mofrt_buf_reset(&resp);
            if (mofrt_dispatch_xml_with(&table, dec, request, len, NULL, &resp, &err) != MOFRT_DISPATCH_OK) {
                fprintf(stderr, "bench_mofrt: call failed: %s\n", err.message);
                return 1;
            }
        }
        rates[run] = iters / (now() - t0);
        printf("mofrt-bench run %d: %.0f calls/s\n", run + 1, rates[run]);
    }
    double median = bench_median(rates, 5);
    printf("mofrt-bench: CreateReferencePoint decode->dispatch->encode: median %.0f calls/s "
           "(request %zu bytes, response %zu bytes; target >= 50000)\n", median, len, resp.len);
    mofrt_buf_free(&resp);
    mofrt_decoder_free(dec);
    return 0;
}
