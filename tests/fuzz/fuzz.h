/* Shared by the fuzz harnesses (tests/fuzz/fuzz_*.c): the libFuzzer entry
 * points, declared here so that the harnesses build warning-free with
 * -Wmissing-prototypes. Each harness is linked either with libFuzzer
 * (make fuzz, clang -fsanitize=fuzzer) or with replay_main.c (make check,
 * any compiler), which feeds it every file of its corpus once. */
#ifndef MOFC_FUZZ_H
#define MOFC_FUZZ_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A harness found a broken invariant (not just a rejected input):
 * print what and abort, so that libFuzzer saves the input. */
#define FUZZ_ASSERT(cond)                                                       \
    do {                                                                        \
        if (!(cond))                                                            \
            fuzz_fail(__FILE__, __LINE__, #cond);                               \
    } while (0)
_Noreturn void fuzz_fail(const char *file, int line, const char *what);

#endif
