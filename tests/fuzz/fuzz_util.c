/* Helpers shared by every harness. */
#include "tests/fuzz/fuzz.h"
#include <stdio.h>
#include <stdlib.h>

_Noreturn void fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
    abort();
}
