/* make bench: the instance store's DeleteInstance cascade (the store's
 * association instances that refer to the deleted instance go in the same
 * transaction). A host with the store in memory (no journal: what is
 * measured is the store's work, not fsync) holding N nodes, one hub and N
 * associations (node <-> hub); DeleteInstance of D nodes through the store
 * provider, each taking its one association with it. Deletes per second
 * of CPU time at N = 1,000 and 10,000: with referring associations found
 * through the store's reference index the rate does not depend on N
 * (ratio about 1); a scan of every stored association per delete made it
 * fall tenfold. Medians of RUNS runs.
 *
 *   bench_store [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/mofsrv_host.h"

#define DELETES 200

static const mofrt_prop_desc id_props[] = {
    { .name = "Id", .type = MOFRT_T_UINT32, .flags = MOFRT_F_KEY },
};
static const mofrt_class_desc node_desc = { .name = "Bench_Node", .nprops = 1, .props = id_props };
static const mofrt_class_desc hub_desc = { .name = "Bench_Hub", .nprops = 1, .props = id_props };
static const mofrt_prop_desc link_props[] = {
    { .name = "Node", .type = MOFRT_T_REFERENCE, .flags = MOFRT_F_KEY, .ref_class = "Bench_Node" },
    { .name = "Hub", .type = MOFRT_T_REFERENCE, .flags = MOFRT_F_KEY, .ref_class = "Bench_Hub" },
};
static const mofrt_class_desc link_desc = { .name = "Bench_Link", .nprops = 2, .props = link_props,
                                            .flags = MOFRT_C_ASSOCIATION };
static const mofrt_class_desc *const descs[] = { &node_desc, &hub_desc, &link_desc };

static void die(const char *what, const mofrt_error *err)
{
    fprintf(stderr, "bench_store: %s: %s\n", what, err ? err->message : "failed");
    exit(1);
}

static mofrt_path *path_of(const char *cls, unsigned id)
{
    mofrt_error err;
    mofrt_path *p = mofrt_path_new(NULL, NULL, cls);
    mofrt_value v = mofrt_value_uint(MOFRT_T_UINT32, id);
    if (!p || mofrt_path_add_key(p, "Id", &v, &err) < 0)
        die("path", NULL);
    return p;
}

static void put(mofsrv *s, mofrt_instance *inst)
{
    mofrt_error err;
    if (!(inst->path = mofsrv_schema_path_of(&s->schema, inst, &err)) || mofsrv_store_put(&s->store, inst, &err) < 0)
        die("put", &err);
}

static mofrt_instance *keyed(const char *cls, unsigned id)
{
    mofrt_error err;
    mofrt_instance *i = mofrt_instance_new(cls);
    mofrt_value v = mofrt_value_uint(MOFRT_T_UINT32, id);
    if (!i || mofrt_instance_set(i, "Id", &v, &err) < 0)
        die("instance", NULL);
    return i;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One run: deletes per CPU second with n associations stored. */
static double run(unsigned n)
{
    mofrt_error err;
    mofsrv *s = mofsrv_new("root/cimv2", &err);
    if (!s || mofsrv_add_classes(s, descs, 3, &err) < 0 || mofsrv_open_store(s, NULL, &err) < 0 ||
        mofsrv_start(s, &err) < 0)
        die("host", &err);
    mofsrv_store_wrlock(&s->store);
    put(s, keyed("Bench_Hub", 0));
    for (unsigned i = 0; i < n; i++) {
        put(s, keyed("Bench_Node", i));
        mofrt_instance *l = mofrt_instance_new("Bench_Link");
        mofrt_value a = mofrt_value_ref_take(path_of("Bench_Node", i));
        mofrt_value b = mofrt_value_ref_take(path_of("Bench_Hub", 0));
        if (!l || mofrt_instance_set(l, "Node", &a, &err) < 0 || mofrt_instance_set(l, "Hub", &b, &err) < 0)
            die("association", &err);
        put(s, l);
    }
    size_t before = s->store.count;
    mofsrv_store_unlock(&s->store);
    mofrt_op op = { .kind = MOFRT_OP_DELETE_INSTANCE, .ns = "root/cimv2", .class_name = "Bench_Node" };
    double t0 = cpu_now();
    for (unsigned i = 0; i < DELETES; i++) {
        mofrt_path *p = path_of("Bench_Node", i);
        if (mofsrv_store_provider.ft->del(&mofsrv_store_provider, s, &op, p, &err) != MOFRT_CALL_OK)
            die("delete", &err);
        mofrt_path_free(p);
    }
    double t = cpu_now() - t0;
    if (s->store.count != before - 2 * DELETES)   /* each node and its association */
        die("the cascade did not delete the associations", NULL);
    mofsrv_free(s);
    return t > 0 ? DELETES / t : 0;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 5;
    if (runs < 1 || runs > 64)
        runs = 5;
    const unsigned sizes[] = { 1000, 10000 };
    double med[2];
    printf("instance store, DeleteInstance with its association cascade (bench/bench_store.c), median of %d runs:\n",
           runs);
    for (int k = 0; k < 2; k++) {
        double r[64];
        for (int i = 0; i < runs; i++)
            r[i] = run(sizes[k]);
        qsort(r, (size_t)runs, sizeof r[0], cmp);
        med[k] = r[runs / 2];
        printf("  %-44s %10.0f deletes/s (CPU)\n", k ? "10,000 stored associations" : "1,000 stored associations",
               med[k]);
    }
    printf("  %-44s %10.2f (at 10,000 / at 1,000: 1 = a delete costs what it removes)\n", "rate ratio",
           med[0] > 0 ? med[1] / med[0] : 0);
    return 0;
}
