/* make bench: wall time, throughput and peak memory of one mofc command
 * over a corpus, median of several runs. Prints figures; passes or fails
 * nothing (speed is measured here, never in tests).
 *   bench_check RUNS DIR BYTES -- mofc check file.mof */
#include "bench/bench_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 6 || strcmp(argv[4], "--")) {
        fprintf(stderr, "usage: bench_check RUNS DIR BYTES -- COMMAND...\n");
        return 2;
    }
    int runs = atoi(argv[1]);
    double bytes = atof(argv[3]);
    bench_result r;
    if (bench_measure(runs, argv[2], argv + 5, &r) != 0) {
        fprintf(stderr, "bench_check: command failed\n");
        return 1;
    }
    printf("  runs %d, median %.1f ms (min %.1f, max %.1f; cpu %.1f ms), %.1f MB/s, peak RSS %.1f MiB\n",
           runs < 1 || runs > 64 ? 5 : runs, r.median_s * 1e3, r.min_s * 1e3, r.max_s * 1e3,
           r.median_cpu_s * 1e3, bytes / r.median_s / 1e6, r.max_rss_mib);
    return 0;
}
