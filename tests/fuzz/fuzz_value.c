/* Fuzz harness: CIM scalar text forms (mofrt_value_parse: integers with
 * range checks, reals, booleans, char16, datetimes, references). The first
 * byte picks the type, the rest is the text. A parsed value prints, and
 * the printed text parses back to an equal value, whose text is then
 * stable (see fuzz_path.c for why not from the first print: reference
 * keys). */
#include "tests/fuzz/fuzz.h"
#include "runtime/mofrt.h"
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    /* every scalar type but INSTANCE, which needs XML */
    mofrt_type t = (mofrt_type)(MOFRT_T_BOOLEAN + data[0] % (MOFRT_T_INSTANCE - MOFRT_T_BOOLEAN));
    char *s = malloc(size);
    if (!s)
        return 0;
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    mofrt_value v = MOFRT_VALUE_INIT, w = MOFRT_VALUE_INIT;
    mofrt_error err;
    if (mofrt_value_parse(t, s, &v, &err) == 0) {
        FUZZ_ASSERT(v.type == t && !v.is_array);
        mofrt_buf b1 = MOFRT_BUF_INIT, b2 = MOFRT_BUF_INIT, b3 = MOFRT_BUF_INIT;
        mofrt_value x = MOFRT_VALUE_INIT;
        FUZZ_ASSERT(mofrt_value_print(&v, &b1, &err) == 0);
        FUZZ_ASSERT(mofrt_value_parse(t, b1.data ? b1.data : "", &w, &err) == 0);
        FUZZ_ASSERT(mofrt_value_equal(&v, &w));
        FUZZ_ASSERT(mofrt_value_print(&w, &b2, &err) == 0);
        if (t != MOFRT_T_REFERENCE)
            FUZZ_ASSERT(b1.len == b2.len && (b1.len == 0 || !memcmp(b1.data, b2.data, b1.len)));
        FUZZ_ASSERT(mofrt_value_parse(t, b2.data ? b2.data : "", &x, &err) == 0);
        FUZZ_ASSERT(mofrt_value_print(&x, &b3, &err) == 0);
        FUZZ_ASSERT(b2.len == b3.len && (b2.len == 0 || !memcmp(b2.data, b3.data, b2.len)));
        mofrt_value_clear(&x);
        mofrt_buf_free(&b1);
        mofrt_buf_free(&b2);
        mofrt_buf_free(&b3);
    } else {
        FUZZ_ASSERT(err.code != 0 && err.message[0] != '\0');
    }
    mofrt_value_clear(&v);
    mofrt_value_clear(&w);
    free(s);
    return 0;
}
