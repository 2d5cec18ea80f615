/* make bench: the instance store.
 *
 * 1. The DeleteInstance cascade (the store's association instances that
 * refer to the deleted instance go in the same transaction). A host with
 * the store in memory (no journal: what is measured is the store's work,
 * not fsync) holding N nodes, one hub and N associations (node <-> hub);
 * DeleteInstance of D nodes through the store provider, each taking its
 * one association with it. Deletes per second of CPU time at N = 1,000 and
 * 10,000: with referring associations found through the store's reference
 * index the rate does not depend on N (ratio about 1); a scan of every
 * stored association per delete made it fall tenfold.
 *
 * 2. Instances of many properties: CreateInstance (checked and typed
 * against the class, MOF defaults, committed) through the store provider
 * and GetInstance through the host as the server answers it (the instance
 * as sent, written as CIM-XML), of a class of P = 2,000 and 8,000 uint32
 * properties, the client giving them in reverse declaration order. CPU
 * time per operation at P and 4P: a cost linear in the properties gives a
 * ratio of about 4; a search of the instance per property (O(P^2)) 16.
 *
 * Medians of RUNS runs.
 *
 *   bench_store [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench_stats.h"
#include "server/mofsrv_host.h"
#include "server/mofsrv_ops.h"

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

/* ---- 2. instances of many properties ------------------------------------------ */
#define PROP_INSTANCES 20

typedef struct prop_times {
    double create, get;   /* CPU seconds per operation */
} prop_times;

static prop_times run_props(unsigned p)
{
    mofrt_error err;
    mofrt_prop_desc *props = calloc(p, sizeof *props);
    char (*names)[16] = calloc(p, sizeof *names);
    if (!props || !names)
        die("out of memory", NULL);
    for (unsigned i = 0; i < p; i++) {
        snprintf(names[i], sizeof names[i], i ? "P%u" : "Id", i);
        props[i] = (mofrt_prop_desc){ .name = names[i], .type = MOFRT_T_UINT32, .flags = i ? 0 : MOFRT_F_KEY,
                                      .origin = "Bench_Wide" };
    }
    const mofrt_class_desc wide = { .name = "Bench_Wide", .nprops = p, .props = props };
    const mofrt_class_desc *wd = &wide;
    mofsrv *s = mofsrv_new("root/cimv2", &err);
    if (!s || mofsrv_add_classes(s, &wd, 1, &err) < 0 || mofsrv_open_store(s, NULL, &err) < 0 ||
        mofsrv_start(s, &err) < 0)
        die("host", &err);
    mofrt_op cop = { .kind = MOFRT_OP_CREATE_INSTANCE, .ns = "root/cimv2", .class_name = "Bench_Wide",
                     .host = &s->host };
    mofrt_op gop = { .kind = MOFRT_OP_GET_INSTANCE, .ns = "root/cimv2", .class_name = "Bench_Wide",
                     .host = &s->host };
    prop_times t = { 0, 0 };
    mofrt_buf out = MOFRT_BUF_INIT;
    for (unsigned k = 0; k < PROP_INSTANCES; k++) {
        /* made directly (each name once), not timed */
        mofrt_instance *inst = mofrt_instance_new("Bench_Wide");
        if (!inst || !(inst->props = calloc(p, sizeof *inst->props)))
            die("out of memory", NULL);
        inst->cap = p;
        for (unsigned i = p; i-- > 0;) {   /* reverse declaration order */
            mofrt_property *q = &inst->props[inst->count++];
            q->value = mofrt_value_uint(MOFRT_T_UINT32, i ? i : k);
            if (!(q->name = strdup(names[i])))
                die("out of memory", NULL);
        }
        mofrt_path *created = NULL;
        double t0 = cpu_now();
        if (!inst || mofsrv_store_provider.ft->create(&mofsrv_store_provider, s, &cop, inst, &created, &err) !=
                         MOFRT_CALL_OK)
            die("create", &err);
        double t1 = cpu_now();
        mofrt_buf_reset(&out);
        mofrt_xw w;
        mofrt_xw_init(&w, &out);
        mofsrv_xsink x;
        mofsrv_xsink_init(&x, s, &gop, NULL, MOFSRV_EMIT_INSTANCE, &w);
        if (mofsrv_get(s, &gop, created, &x.n.base, &err) < 0 || mofrt_xw_finish(&w, &err) < 0)
            die("get", &err);
        double t2 = cpu_now();
        t.create += t1 - t0;
        t.get += t2 - t1;
        if (x.count != 1 || !strstr(out.data, "<PROPERTY NAME=\"P1\" TYPE=\"uint32\"><VALUE>1</VALUE>"))
            die("GetInstance did not give the instance", NULL);
        mofrt_path_free(created);
        mofrt_instance_free(inst);
    }
    mofrt_buf_free(&out);
    mofsrv_free(s);
    free(props);
    free(names);
    t.create /= PROP_INSTANCES;
    t.get /= PROP_INSTANCES;
    return t;
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
        med[k] = bench_median(r, runs);
        printf("  %-44s %10.0f deletes/s (CPU)\n", k ? "10,000 stored associations" : "1,000 stored associations",
               med[k]);
    }
    printf("  %-44s %10.2f (at 10,000 / at 1,000: 1 = a delete costs what it removes)\n", "rate ratio",
           med[0] > 0 ? med[1] / med[0] : 0);

    const unsigned widths[] = { 2000, 8000 };
    double cr[2], gt[2];
    printf("instance store, an instance of P uint32 properties given in reverse order, median of %d runs:\n", runs);
    for (int k = 0; k < 2; k++) {
        double c[64], g[64];
        for (int i = 0; i < runs; i++) {
            prop_times t = run_props(widths[k]);
            c[i] = t.create;
            g[i] = t.get;
        }
        cr[k] = bench_median(c, runs);
        gt[k] = bench_median(g, runs);
        printf("  P = %-5u CreateInstance %9.0f us   GetInstance %9.0f us (CPU)\n", widths[k], cr[k] * 1e6,
               gt[k] * 1e6);
    }
    printf("  %-44s %4.1f / %4.1f (4 = linear in P, 16 = quadratic)\n", "ratio at 4P, CreateInstance / GetInstance",
           cr[0] > 0 ? cr[1] / cr[0] : 0, gt[0] > 0 ? gt[1] / gt[0] : 0);
    return 0;
}
