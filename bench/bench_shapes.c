/* make bench: cost by input shape. Writes each shape of MOF at size n and
 * 4n, runs mofc on both (median of several runs) and prints the time and
 * peak-RSS ratios: linear cost gives about 4x, quadratic 16x. Passes or
 * fails nothing (speed is measured here, never in tests).
 *   bench_shapes MOFC WORKDIR RUNS [SHAPE...]      (no SHAPE: all) */
#include "bench/bench_run.h"
#include "tests/unit/mof_shapes.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct shape {
    const char *name, *cmd, *what;
    mof_shape_fn *write;
    long n;
    const char *opt;   /* an option given after the command, or NULL */
} shape;

static const shape shapes[] = {
    {"chain-check", "check", "inheritance chain of n classes", mof_shape_chain, 10000, NULL},
    {"chain-gen", "gen", "inheritance chain of n classes", mof_shape_chain, 625, NULL},
    {"wide-check", "check", "one class of n key properties, n subclasses", mof_shape_wide, 2500, NULL},
    {"valuemap-check", "check", "one ValueMap of n entries", mof_shape_valuemap, 25000, NULL},
    {"valuemap-gen", "gen", "one ValueMap of n entries", mof_shape_valuemap, 5000, NULL},
    {"flat-check", "check", "n classes of 10 properties", mof_shape_flat, 10000, NULL},
    {"flat-gen", "gen", "n classes of 10 properties", mof_shape_flat, 2500, NULL},
    {"quals-check", "check", "n qualifiers on one property", mof_shape_quals, 10000, NULL},
    {"params-check", "check", "one method of n parameters", mof_shape_params, 10000, NULL},
    {"instance-check", "check", "one instance of n values, n instances of the key", mof_shape_instances, 10000, NULL},
    {"chain-diff", "diff", "inheritance chain of n classes, diff against itself", mof_shape_chain, 2500, NULL},
    {"wide-diff", "diff", "one class of n key properties, n subclasses, diff against itself", mof_shape_wide, 2500, NULL},
    {"override-diff", "diff", "override chain of n classes, diff against itself", mof_shape_overrides, 2500, NULL},
    {"override-gen", "gen", "override chain of n classes, an instance each", mof_shape_overrides, 5000, NULL},
    {"override-export", "export", "override chain of n classes, an instance each", mof_shape_overrides, 5000, NULL},
    {"instances-export", "export", "one instance of n values, n instances of the key", mof_shape_instances, 5000, NULL},
    {"one-line-check", "check", "n classes declared twice on one UTF-8 line, every error shown", mof_shape_one_line,
     2500, "--max-errors=0"},
    {"flood-check", "check", "n classes whose names' hashes agree in their low 20 bits", mof_shape_flood, 4000,
     NULL},
};

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : 0;
}

/* Runs one shape at size n; the output size of gen goes to *out_bytes. */
static int run(const char *mofc, const char *dir, int runs, const shape *s, long n,
               bench_result *r, long *in_bytes, long *out_bytes)
{
    char mof[4096], name[64], outdir[4096];
    snprintf(name, sizeof name, "%s_%ld", s->name, n);
    for (char *p = name; *p; p++)
        if (*p == '-')
            *p = '_';
    snprintf(mof, sizeof mof, "%s/%s.mof", dir, name);
    strbuf text = STRBUF_INIT;
    s->write(&text, (size_t)n);
    FILE *f = fopen(mof, "w");
    bool written = f && fwrite(text.data, 1, text.len, f) == text.len;
    strbuf_free(&text);
    if (!f || fclose(f) != 0 || !written)
        return -1;
    *in_bytes = file_size(mof);
    snprintf(outdir, sizeof outdir, "%s/out_%s", dir, name);
    mkdir(outdir, 0777);
    char xml[8192];
    snprintf(xml, sizeof xml, "%s/%s.xml", outdir, name);
    /* "-q" stands where the shape's option goes when it has none */
    char *opt = (char *)(s->opt ? s->opt : "-q");
    char *gen[] = {(char *)mofc, "gen", opt, "-q", "-o", outdir, mof, NULL};
    char *export[] = {(char *)mofc, "export", opt, "-q", "-o", xml, mof, NULL};
    char *diff[] = {(char *)mofc, "diff", opt, "-q", mof, mof, NULL};
    char *check[] = {(char *)mofc, "check", opt, "-q", mof, NULL};
    char **argv = !strcmp(s->cmd, "gen") ? gen : !strcmp(s->cmd, "export") ? export
                : !strcmp(s->cmd, "diff") ? diff : check;
    if (bench_measure(runs, dir, argv, r) != 0)
        return -1;
    char out[8192];
    snprintf(out, sizeof out, "%s/%s.h", outdir, name);
    *out_bytes = file_size(out);
    snprintf(out, sizeof out, "%s/%s.c", outdir, name);
    *out_bytes += file_size(out);
    *out_bytes += file_size(xml);
    remove(mof);
    return 0;
}

static bool wanted(const shape *s, int argc, char **argv)
{
    if (argc <= 4)
        return true;
    for (int i = 4; i < argc; i++)
        if (!strcmp(argv[i], s->name))
            return true;
    return false;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_shapes MOFC WORKDIR RUNS [SHAPE...]\n");
        return 2;
    }
    int runs = atoi(argv[3]);
    printf("cost by input shape: mofc at n and 4n, median of %d runs; linear = 4x\n", runs);
    printf("(ms: wall time; cpu: user + system, what counts on a loaded machine)\n");
    printf("  %-15s %6s %8s %8s %7s %6s | %6s %8s %8s %7s %6s | %5s %5s %5s\n", "shape", "n", "ms",
           "cpu", "MiB", "RSS/in", "4n", "ms", "cpu", "MiB", "RSS/in", "time", "cpu", "RSS");
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        const shape *s = &shapes[i];
        if (!wanted(s, argc, argv))
            continue;
        bench_result r1, r4;
        long in1, in4, out1, out4;
        if (run(argv[1], argv[2], runs, s, s->n, &r1, &in1, &out1) != 0 ||
            run(argv[1], argv[2], runs, s, 4 * s->n, &r4, &in4, &out4) != 0) {
            fprintf(stderr, "bench_shapes: %s: mofc failed\n", s->name);
            return 1;
        }
        double mib = 1024.0 * 1024.0;
        printf("  %-15s %6ld %8.1f %8.1f %7.1f %6.1f | %6ld %8.1f %8.1f %7.1f %6.1f | %5.1f %5.1f %5.1f\n",
               s->name, s->n, r1.median_s * 1e3, r1.median_cpu_s * 1e3, r1.max_rss_mib,
               r1.max_rss_mib * mib / (double)in1, 4 * s->n, r4.median_s * 1e3,
               r4.median_cpu_s * 1e3, r4.max_rss_mib, r4.max_rss_mib * mib / (double)in4,
               r4.median_s / r1.median_s, r4.median_cpu_s / r1.median_cpu_s,
               r4.max_rss_mib / r1.max_rss_mib);
        if (out1) {
            /* gen writes what the flattened classes hold: cost linear in
             * input + output shows as a flat cpu time per byte of both. */
            double per1 = r1.median_cpu_s * 1e3 / ((double)(in1 + out1) / 1e6);
            double per4 = r4.median_cpu_s * 1e3 / ((double)(in4 + out4) / 1e6);
            printf("  %-15s   (%s; output %ld -> %ld bytes, %.1fx; input + output %.2f -> %.2f MB)\n",
                   "", s->what, out1, out4, (double)out4 / (double)out1, (in1 + out1) / 1e6,
                   (in4 + out4) / 1e6);
            printf("  %-15s   (cpu per MB of input + output: %.2f -> %.2f ms, %.2fx)\n", "", per1, per4,
                   per4 / per1);
        } else
            printf("  %-15s   (%s; input %.2f MB -> %.2f MB)\n", "", s->what, in1 / 1e6, in4 / 1e6);
        fflush(stdout);
    }
    return 0;
}
