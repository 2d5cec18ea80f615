/* The processors this process may run on (common/cpus.h). */
#define _GNU_SOURCE   /* sched_getaffinity, CPU_COUNT */
#include "common/cpus.h"

#include <sched.h>
#include <unistd.h>

long cpus_usable(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0)
            return n;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? n : 1;
}
