/* Fuzz harness: object paths in string form (mofrt_path_parse). A parsed
 * path prints, the printed text parses again to an equal path, and from
 * then on printing is stable. (Not from the first print: an unquoted real
 * key prints in its shortest form, so "K=5.0" prints "K=5" and reads back
 * as an integer, and "K=-0.0" prints "K=-0", which reads back as 0. The
 * values stay equal, which is what mofrt_path_equal compares.) */
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
    char *s = malloc(size + 1);   /* the API takes a C string */
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    mofrt_path *p = NULL;
    mofrt_error err;
    if (mofrt_path_parse(s, &p, &err) < 0) {
        FUZZ_ASSERT(p == NULL);
        FUZZ_ASSERT(err.code != 0 && err.message[0] != '\0');
        free(s);
        return 0;
    }
    FUZZ_ASSERT(p != NULL);
    char *t1 = mofrt_path_to_string(p);
    FUZZ_ASSERT(t1 != NULL);
    mofrt_path *q = NULL;
    FUZZ_ASSERT(mofrt_path_parse(t1, &q, &err) == 0);
    FUZZ_ASSERT(mofrt_path_equal(p, q));
    char *t2 = mofrt_path_to_string(q);
    FUZZ_ASSERT(t2 != NULL);
    mofrt_path *r = NULL;
    FUZZ_ASSERT(mofrt_path_parse(t2, &r, &err) == 0);
    FUZZ_ASSERT(mofrt_path_equal(q, r));
    char *t3 = mofrt_path_to_string(r);
    FUZZ_ASSERT(t3 != NULL && !strcmp(t2, t3));
    free(t1);
    free(t2);
    free(t3);
    mofrt_path_free(p);
    mofrt_path_free(q);
    mofrt_path_free(r);
    free(s);
    return 0;
}
