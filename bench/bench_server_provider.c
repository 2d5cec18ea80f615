/* make bench: the provider module behind bench/bench_server.sh (from
 * mofc gen --skeleton of bench_server.mof). Bench_Item instances 0..N-1
 * (N = $BENCH_ITEMS, default 100000) computed from their Id: GetInstance
 * of any of them, EnumerateInstances(Names) of all, posted one by one as
 * a provider streams them; Bench_Link instances from hub 0 to each item,
 * enumerated only (the host computes AssociatorNames from them). */
#include "bench_server.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct bench { uint32_t n; } bench;

static int item(Bench_Item *it, uint32_t id, mofrt_error *err)
{
    char name[32];
    snprintf(name, sizeof name, "item-%u", (unsigned)id);
    MOFRT_SET_VALUE(&it->Id, id);
    MOFRT_SET_VALUE(&it->Name, mofrt_strdup(name));
    MOFRT_SET_VALUE(&it->Size, (uint64_t)id * 4096u);
    MOFRT_SET_VALUE(&it->Online, (id & 1u) == 0);
    return it->Name.v ? 0 : mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
}

static int get_instance(void *ctx, const mofrt_op *op, const Bench_Item_keys *keys, Bench_Item *inst,
                        mofrt_error *err)
{
    (void)op;
    const bench *b = ctx;
    if (keys->Id.v >= b->n)
        return mofrt_error_set(err, MOFRT_CIM_ERR_NOT_FOUND, MOFRT_E_PROVIDER, "no item %u", (unsigned)keys->Id.v);
    return item(inst, keys->Id.v, err);
}

static int enumerate_instances(void *ctx, const mofrt_op *op, mofrt_sink *sink, mofrt_error *err)
{
    (void)op;
    const bench *b = ctx;
    for (uint32_t i = 0; i < b->n; i++) {
        Bench_Item it = { 0 };
        int rc = item(&it, i, err);
        if (rc == 0)
            rc = Bench_Item_post(sink, &it, err);
        Bench_Item_clear(&it);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int link_enumerate(void *ctx, const mofrt_op *op, mofrt_sink *sink, mofrt_error *err)
{
    (void)op;
    const bench *b = ctx;
    Bench_Hub_keys hub = { 0 };
    MOFRT_SET_VALUE(&hub.Id, 0u);
    for (uint32_t i = 0; i < b->n; i++) {
        Bench_Item_keys it = { 0 };
        MOFRT_SET_VALUE(&it.Id, i);
        Bench_Link link = { 0 };
        int rc = Bench_Hub_keys_to_path(&hub, NULL, &link.Hub.v, err);
        if (rc == 0)
            rc = Bench_Item_keys_to_path(&it, NULL, &link.Item.v, err);
        link.Hub.state = link.Item.state = MOFRT_SET;
        if (rc == 0)
            rc = Bench_Link_post(sink, &link, err);
        Bench_Link_clear(&link);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int load(const mofrt_host *host, void **ctx, mofrt_error *err)
{
    (void)host;
    bench *b = malloc(sizeof *b);
    if (!b)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    const char *n = getenv("BENCH_ITEMS");
    b->n = n ? (uint32_t)strtoul(n, NULL, 10) : 100000u;
    *ctx = b;
    return 0;
}

static void unload(void *ctx)
{
    free(ctx);
}

static const Bench_Item_ops item_ops = { .get_instance = get_instance, .enumerate_instances = enumerate_instances };
static const Bench_Link_ops link_ops = { .enumerate_instances = link_enumerate };
static const mofrt_class_provider providers[] = { Bench_Item_PROVIDER(&item_ops), Bench_Link_PROVIDER(&link_ops) };

const mofrt_module *mofrt_module_main(void);
const mofrt_module *mofrt_module_main(void)
{
    return bench_server_module(providers, 2, load, unload);
}
