/* make bench: wall time, throughput and peak memory of one mofc command
 * over a corpus, median of several runs. With --baseline, another mofc
 * binary (an older build) runs the same command, one run of each in turn,
 * so that both see the same machine load, and the ratio is printed.
 * Prints figures; passes or fails nothing (speed is measured here, never
 * in tests).
 *   bench_check RUNS DIR BYTES [--baseline MOFC] -- mofc check file.mof */
#include "bench/bench_run.h"
#include "bench/bench_stats.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print(const char *label, int runs, double bytes, const bench_result *r)
{
    printf("  %sruns %d, median %.1f ms (min %.1f, max %.1f; cpu %.1f ms), %.1f MB/s, peak RSS %.1f MiB\n",
           label, runs, r->median_s * 1e3, r->min_s * 1e3, r->max_s * 1e3, r->median_cpu_s * 1e3,
           bytes / r->median_s / 1e6, r->max_rss_mib);
}

/* Runs cmd and base in turn, one run each, `runs` times; medians of each. */
static int measure_pair(int runs, const char *dir, char **cmd, char **base, bench_result *rc,
                        bench_result *rb)
{
    double wall[2][64], cpu[2][64], rss[2] = {0, 0};
    for (int i = 0; i < runs; i++)
        for (int k = 0; k < 2; k++) {
            bench_result one;
            if (bench_measure(1, dir, k ? base : cmd, &one) != 0)
                return -1;
            wall[k][i] = one.median_s;
            cpu[k][i] = one.median_cpu_s;
            rss[k] = one.max_rss_mib > rss[k] ? one.max_rss_mib : rss[k];
        }
    bench_result *out[2] = {rc, rb};
    for (int k = 0; k < 2; k++) {
        out[k]->median_s = bench_median(wall[k], runs);
        out[k]->min_s = wall[k][0];
        out[k]->max_s = wall[k][runs - 1];
        out[k]->median_cpu_s = bench_median(cpu[k], runs);
        out[k]->max_rss_mib = rss[k];
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *baseline = NULL;
    int cmd = 4;
    if (argc > 6 && !strcmp(argv[4], "--baseline")) {
        baseline = argv[5];
        cmd = 6;
    }
    if (argc < cmd + 2 || strcmp(argv[cmd], "--")) {
        fprintf(stderr, "usage: bench_check RUNS DIR BYTES [--baseline MOFC] -- COMMAND...\n");
        return 2;
    }
    int runs = atoi(argv[1]);
    if (runs < 1 || runs > 64)
        runs = 5;
    double bytes = atof(argv[3]);
    char **command = argv + cmd + 1;
    bench_result r, b;
    if (!baseline) {
        if (bench_measure(runs, argv[2], command, &r) != 0) {
            fprintf(stderr, "bench_check: command failed\n");
            return 1;
        }
        print("", runs, bytes, &r);
        return 0;
    }
    /* The baseline runs the same arguments with its own binary. */
    size_t n = (size_t)(argc - cmd - 1);
    char **base = malloc((n + 1) * sizeof *base);
    if (!base)
        return 1;
    memcpy(base, command, (n + 1) * sizeof *base);   /* argv's NULL too */
    base[0] = (char *)baseline;
    int rc = measure_pair(runs, argv[2], command, base, &r, &b);
    free(base);
    if (rc != 0) {
        fprintf(stderr, "bench_check: command failed\n");
        return 1;
    }
    print("this build: ", runs, bytes, &r);
    print("baseline:   ", runs, bytes, &b);
    printf("  this build / baseline (same run, runs taken in turn): wall %.3fx, cpu %.3fx, peak RSS %.3fx\n",
           r.median_s / b.median_s, r.median_cpu_s / b.median_cpu_s, r.max_rss_mib / b.max_rss_mib);
    return 0;
}
