/* madvise(MADV_POPULATE_WRITE) is a Linux extension. */
#define _DEFAULT_SOURCE 1
#include "common/prefault.h"
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

/* Linux's value, for C libraries whose headers are older than 5.14. */
#if defined(__linux__) && !defined(MADV_POPULATE_WRITE)
#define MADV_POPULATE_WRITE 23
#endif

void prefault(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
    long sz = sysconf(_SC_PAGESIZE);   /* from the auxiliary vector: no system call */
    uintptr_t page = sz > 0 ? (uintptr_t)sz : 4096;
    uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1);
    uintptr_t b = ((uintptr_t)p + n) & ~(page - 1);
    if (b > a)   /* an old kernel says EINVAL: the pages fault in as used */
        (void)madvise((void *)a, b - a, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)n;
#endif
}
