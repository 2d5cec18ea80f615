/* make bench: what a PropertyList costs a result. An EnumerateInstances
 * with a PropertyList of k names over n instances: each instance goes
 * through the instance view (server/mofsrv_instview.c), which tests every
 * property of the class against the list (mofrt_op_wants). Scanned, the
 * list made the request cost n x k (20,000 instances and a 600 KB list of
 * 32,000 names: 9.3 s of server CPU); sorted once per request
 * (mofsrv_op_sort_props) each test is a search by halves. Prints CPU time
 * at (n, k) and (4n, 4k) with the list scanned (props_sorted false, as
 * before) and sorted: about 4x for the sorted list (n log k), about 16x
 * scanned. Medians of RUNS runs.
 *
 *   bench_plist [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench_stats.h"
#include "server/mofsrv_host.h"
#include "server/mofsrv_instview.h"
#include "server/mofsrv_params.h"

static const mofrt_prop_desc node_props[] = {
    { .name = "Id", .type = MOFRT_T_UINT32, .flags = MOFRT_F_KEY },
    { .name = "Name", .type = MOFRT_T_STRING },
    { .name = "Size", .type = MOFRT_T_UINT64 },
};
static const mofrt_class_desc node_desc = { .name = "Bench_Node", .nprops = 3, .props = node_props };
static const mofrt_class_desc *const descs[] = { &node_desc };

static void die(const char *what, const mofrt_error *err)
{
    fprintf(stderr, "bench_plist: %s: %s\n", what, err ? err->message : "failed");
    exit(1);
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds for n views under a list of k names that match nothing
 * (the newcomer's shape: every test is a miss), sorted or scanned. */
static double run(mofsrv *s, const mofrt_instance *inst, unsigned n, unsigned k, bool sorted)
{
    char **names = malloc(k * sizeof *names);
    const char **list = malloc(k * sizeof *list);
    if (!names || !list)
        die("out of memory", NULL);
    for (unsigned i = 0; i < k; i++) {
        char b[32];
        snprintf(b, sizeof b, "NoSuchProperty%u", (k * 7919u + i * 104729u) % 1000003u);
        if (!(names[i] = strdup(b)))
            die("out of memory", NULL);
        list[i] = names[i];
    }
    double t0 = cpu_now();
    mofrt_op op = { .kind = MOFRT_OP_ENUMERATE_INSTANCES, .ns = "root/cimv2", .class_name = "Bench_Node",
                    .has_props = true, .nprops = k, .props = list };
    if (sorted)
        mofsrv_op_sort_props(&op, list, k);   /* once per request, as mofsrv_op_params_read does */
    size_t sent = 0;
    for (unsigned i = 0; i < n; i++) {
        mofsrv_iview v;
        const mofrt_instance *out = mofsrv_iview_make(&v, &s->schema, &op, NULL, inst);
        if (!out)
            die("view", NULL);
        sent += out->count;
        mofsrv_iview_clear(&v);
    }
    double t = cpu_now() - t0;
    if (sent != 0)
        die("a name that is no property matched", NULL);
    for (unsigned i = 0; i < k; i++)
        free(names[i]);
    free(names);
    free(list);
    return t;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 5;
    if (runs < 1 || runs > 64)
        runs = 5;
    mofrt_error err;
    mofsrv *s = mofsrv_new("root/cimv2", &err);
    if (!s || mofsrv_add_classes(s, descs, 1, &err) < 0)
        die("host", &err);
    mofrt_instance *inst = mofrt_instance_new("Bench_Node");
    mofrt_value id = mofrt_value_uint(MOFRT_T_UINT32, 1), size = mofrt_value_uint(MOFRT_T_UINT64, 2);
    if (!inst || mofrt_instance_set(inst, "Id", &id, &err) < 0 || mofrt_instance_set(inst, "Size", &size, &err) < 0)
        die("instance", &err);
    const unsigned n = 2500, k = 1000;
    printf("PropertyList of k names over n instances, the instance view (bench/bench_plist.c), median of %d runs:\n",
           runs);
    for (int sorted = 1; sorted >= 0; sorted--) {
        double med[2];
        for (int m = 0; m < 2; m++) {
            unsigned f = m ? 4 : 1;
            double r[64];
            for (int i = 0; i < runs; i++)
                r[i] = run(s, inst, n * f, k * f, sorted);
            med[m] = bench_median(r, runs);
        }
        printf("  %-8s n=%u k=%u: %8.2f ms CPU; n=%u k=%u: %8.2f ms; ratio %5.1f (%s)\n",
               sorted ? "sorted" : "scanned", n, k, med[0] * 1e3, 4 * n, 4 * k, med[1] * 1e3,
               med[0] > 0 ? med[1] / med[0] : 0, sorted ? "4-5 = linear: the list sorted once" :
                                                           "16 = n x k: each test scanned the list (before)");
    }
    mofrt_instance_free(inst);
    mofsrv_free(s);
    return 0;
}
