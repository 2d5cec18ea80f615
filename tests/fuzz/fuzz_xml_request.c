/* Fuzz harness: libmofrt's CIM-XML request path, as a server runs it on a
 * request body: mofrt_xml_decode_request (METHODCALL, IMETHODCALL,
 * parameters, embedded instances), then mofrt_dispatch_xml_with into the
 * hand-written tables of tests/unit/crp_tables.c with a provider that
 * answers. Invariants: a bad request writes nothing; any other answer is a
 * well-formed XML document. */
#include "tests/fuzz/fuzz.h"
#include "runtime/mofrt.h"
#include "tests/unit/crp_tables.h"
#include <libxml/parser.h>
#include <string.h>

typedef Msvm_CollectionReferencePointService_CreateReferencePoint_In CRP_In;
typedef Msvm_CollectionReferencePointService_CreateReferencePoint_Out CRP_Out;

static int create_rp(void *ctx, const mofrt_invocation *inv, const CRP_In *in, CRP_Out *out,
                     mofrt_f_uint32 *ret, mofrt_error *err)
{
    (void)ctx;
    (void)inv;
    if (in->ReferencePointType.state == MOFRT_SET && in->ReferencePointType.v == 3)
        return mofrt_error_set(err, MOFRT_CIM_ERR_ACCESS_DENIED, MOFRT_E_PROVIDER,
                               "type %u refused <&>", 3u);
    if (in->ResultingReferencePointCollection.state == MOFRT_SET) {
        mofrt_path *copy = NULL;
        char *s = mofrt_path_to_string(in->ResultingReferencePointCollection.v);
        if (s && mofrt_path_parse(s, &copy, NULL) == 0)
            MOFRT_SET_VALUE(&out->ResultingReferencePointCollection, copy);
        free(s);
    }
    mofrt_path *job = mofrt_path_new(NULL, "root/virtualization/v2", "Msvm_ConcreteJob");
    mofrt_path_add_key_string(job, "InstanceID", "J-7", NULL);
    MOFRT_SET_VALUE(&out->Job, job);
    MOFRT_SET_VALUE(ret, 4096u);
    return 0;
}

static Msvm_CollectionReferencePointService_ops ops = {create_rp, NULL};
static mofrt_provider prov;
static mofrt_dispatch_table table;
static mofrt_decoder *decoder;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    mofrt_init();
    prov = Msvm_CollectionReferencePointService_provider(&ops, NULL);
    table.count = 1;
    table.providers = &prov;
    decoder = mofrt_decoder_new();
    return 0;
}

static void check_well_formed(const mofrt_buf *b)
{
    FUZZ_ASSERT(b->len > 0 && !b->failed);
    xmlDocPtr doc = xmlReadMemory(b->data, (int)b->len, "response.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    FUZZ_ASSERT(doc != NULL);
    xmlFreeDoc(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!decoder)
        LLVMFuzzerInitialize(NULL, NULL);
    const char *xml = (const char *)data;

    mofrt_request req;
    mofrt_error err;
    if (mofrt_xml_decode_request(xml, size, NULL, &req, &err) == 0) {
        FUZZ_ASSERT(req.method != NULL);
        FUZZ_ASSERT(req.nparams == 0 || req.params != NULL);
    } else {
        FUZZ_ASSERT(err.code != 0 && err.message[0] != '\0');
    }
    mofrt_request_clear(&req);

    /* Small limits in the second pass, so that every limit is reached. */
    mofrt_limits small = mofrt_limits_default();
    small.max_depth = 12;
    small.max_attr_len = 64;
    small.max_params = 3;
    small.max_array = 4;
    small.max_props = 4;
    small.max_keys = 3;
    small.max_embed = 1;
    for (int pass = 0; pass < 2; pass++) {
        mofrt_buf resp = MOFRT_BUF_INIT;
        mofrt_dispatch_result r = mofrt_dispatch_xml_with(&table, decoder, xml, size,
                                                          pass ? &small : NULL, &resp, &err);
        if (r == MOFRT_DISPATCH_BAD_REQUEST) {
            FUZZ_ASSERT(resp.len == 0);
            FUZZ_ASSERT(err.code != 0 && err.message[0] != '\0');
        } else {
            check_well_formed(&resp);
        }
        mofrt_buf_free(&resp);
    }
    return 0;
}
