/* Fuzz harness: libmofrt's decoder of a standalone INSTANCE document (the
 * text of an embedded instance). What decodes is encoded again; that text
 * must decode (unless a limit stops it) to an instance that encodes to the
 * very same text. */
#include "tests/fuzz/fuzz.h"
#include "runtime/mofrt.h"
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    mofrt_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mofrt_instance *inst = NULL;
    mofrt_error err;
    if (mofrt_xml_decode_instance((const char *)data, size, NULL, 1, &inst, &err) < 0) {
        FUZZ_ASSERT(inst == NULL);
        FUZZ_ASSERT(err.code != 0 && err.message[0] != '\0');
        return 0;
    }
    FUZZ_ASSERT(inst != NULL && inst->class_name != NULL);
    mofrt_buf t1 = MOFRT_BUF_INIT, t2 = MOFRT_BUF_INIT;
    FUZZ_ASSERT(mofrt_xml_instance_text(inst, &t1, &err) == 0);
    mofrt_instance *again = NULL;
    if (mofrt_xml_decode_instance(t1.data, t1.len, NULL, 1, &again, &err) == 0) {
        FUZZ_ASSERT(mofrt_xml_instance_text(again, &t2, &err) == 0);
        FUZZ_ASSERT(t1.len == t2.len && !memcmp(t1.data, t2.data, t1.len));
    } else {
        FUZZ_ASSERT(err.kind == MOFRT_E_LIMIT);
    }
    mofrt_instance_free(again);
    mofrt_instance_free(inst);
    mofrt_buf_free(&t1);
    mofrt_buf_free(&t2);
    return 0;
}
