/* make bench: runs one command several times in a folder and measures it.
 * Shared by bench_check (CIM 2.49) and bench_shapes (generated shapes). */
#ifndef MOFC_BENCH_RUN_H
#define MOFC_BENCH_RUN_H

typedef struct bench_result {
    double median_s, min_s, max_s;  /* wall time of one run, seconds */
    double median_cpu_s;            /* user + system time of one run: what
                                     * the run cost on a loaded machine */
    double max_rss_mib;             /* peak resident set of the child, MiB */
} bench_result;

/* Runs argv (argv[0] a path) `runs` times (1..64) in `dir`, stdout and
 * stderr to /dev/null. Returns 0, or -1 when a run did not exit with status
 * 0 or 1 (mofc's "errors found" is still a finished run). */
int bench_measure(int runs, const char *dir, char *const argv[], bench_result *out);
#endif
