/* A provider module for tests/server/demo.mof, built as a user builds one:
 *     mofc gen -o OUT --name demo demo.mof
 *     cc -shared -fPIC OUT/demo.c demo_provider.c $(pkg-config --cflags --libs mofsrv)
 * It serves Demo_Box from memory (boxes "m1" and "m2"): get, enumerate,
 * modify, the instance method Resize and the static method Count; create
 * and delete are left NULL (CIM_ERR_NOT_SUPPORTED), delete unless built
 * with -DDEMO_DELETE (a deleted box is gone until the module reloads); with
 * -DDEMO_SLOW_MS=N finding box "m2" takes N ms (a provider call that waits,
 * as one asking a slow device does: GetInstance and its methods); with
 * DEMO_GATE=FILE in the environment it waits instead until FILE exists
 * (at most 100 times N ms), after appending a line to FILE.in: a test
 * knows when calls are in the provider and decides when they end,
 * whatever the machine's load. It reads the
 * authenticated user: "carol" may not enumerate boxes (CIM_ERR_ACCESS_DENIED)
 * and Resize says for whom it resized. The module table at the
 * end is written by hand here, the way mofc gen will write it
 * (runtime/mofrt_provider.h). */
#ifdef DEMO_SLOW_MS
#define _POSIX_C_SOURCE 200809L   /* nanosleep */
#include <time.h>
#include <unistd.h>
#endif
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"

typedef struct box {
    const char *name;
    uint32_t capacity;
    bool gone;   /* deleted (DEMO_DELETE) */
} box;

typedef struct demo_ctx {
    pthread_mutex_t mu;
    box boxes[2];
} demo_ctx;

static int load(const mofrt_host *host, void **ctx, mofrt_error *err)
{
    if (host->abi != MOFRT_PROVIDER_ABI)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_PROVIDER, "host ABI %u", host->abi);
    demo_ctx *c = calloc(1, sizeof *c);
    if (!c || pthread_mutex_init(&c->mu, NULL) != 0) {
        free(c);
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    }
    c->boxes[0] = (box){ "m1", 10, false };
    c->boxes[1] = (box){ "m2", 20, false };
    *ctx = c;
    return 0;
}

static void unload(void *ctx)
{
    demo_ctx *c = ctx;
    pthread_mutex_destroy(&c->mu);
    free(c);
}

static box *find(demo_ctx *c, const mofrt_path *p)
{
    const mofrt_value *v = mofrt_path_get_key(p, "Name");
    for (size_t i = 0; v && v->type == MOFRT_T_STRING && i < 2; i++)
        if (strcmp(c->boxes[i].name, v->v.s) == 0 && !c->boxes[i].gone)
            return &c->boxes[i];
    return NULL;
}

/* One box, posted as a typed struct. */
static int post_box(mofrt_sink *out, const box *b, mofrt_error *err)
{
    Demo_Box obj;
    memset(&obj, 0, sizeof obj);
    MOFRT_SET_VALUE(&obj.Name, mofrt_strdup(b->name));
    MOFRT_SET_VALUE(&obj.Capacity, b->capacity);
    int rc = mofrt_post_object(out, &Demo_Box_desc, &obj, err);
    mofrt_struct_clear(&Demo_Box_desc, &obj);
    return rc;
}

#ifdef DEMO_SLOW_MS
/* The slow device: DEMO_SLOW_MS ms, or until the test's gate opens. */
static void slow_device(void)
{
    struct timespec ts = { DEMO_SLOW_MS / 1000, (DEMO_SLOW_MS % 1000) * 1000000L };
    const char *gate = getenv("DEMO_GATE");
    if (!gate) {
        nanosleep(&ts, NULL);
        return;
    }
    char in[4096];
    snprintf(in, sizeof in, "%s.in", gate);
    FILE *f = fopen(in, "a");
    if (f) {
        fputs("in\n", f);
        fclose(f);
    }
    struct timespec tick = { 0, 10 * 1000000L };
    for (long waited = 0; access(gate, F_OK) != 0 && waited < 100L * DEMO_SLOW_MS; waited += 10)
        nanosleep(&tick, NULL);
}
#endif

static mofrt_call_status box_get(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                 const mofrt_path *name, mofrt_sink *out, mofrt_error *err)
{
    (void)self, (void)op;
    demo_ctx *c = ctx;
    pthread_mutex_lock(&c->mu);
    box *b = find(c, name);
    box copy = b ? *b : (box){ NULL, 0, false };
    pthread_mutex_unlock(&c->mu);
    if (!b)
        return mofrt_error_set(err, MOFRT_CIM_ERR_NOT_FOUND, MOFRT_E_PROVIDER, "no such box"), MOFRT_CALL_FAILED;
#ifdef DEMO_SLOW_MS
    if (strcmp(copy.name, "m2") == 0)
        slow_device();
#endif
    return post_box(out, &copy, err) == 0 ? MOFRT_CALL_OK : MOFRT_CALL_FAILED;
}

static mofrt_call_status box_enumerate(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                       mofrt_sink *out, mofrt_error *err)
{
    (void)self;
    demo_ctx *c = ctx;
    if (op->user && strcmp(op->user, "carol") == 0)
        return mofrt_error_set(err, MOFRT_CIM_ERR_ACCESS_DENIED, MOFRT_E_PROVIDER, "%s may not list boxes",
                               op->user),
               MOFRT_CALL_FAILED;
    box copy[2];
    pthread_mutex_lock(&c->mu);
    memcpy(copy, c->boxes, sizeof copy);
    pthread_mutex_unlock(&c->mu);
    for (size_t i = 0; i < 2; i++)
        if (!copy[i].gone && post_box(out, &copy[i], err) < 0)
            return MOFRT_CALL_FAILED;
    return MOFRT_CALL_OK;
}

static mofrt_call_status box_modify(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                    const mofrt_instance *inst, mofrt_error *err)
{
    (void)self;
    demo_ctx *c = ctx;
    const mofrt_value *v = mofrt_instance_get(inst, "Capacity");
    if (!v || v->is_null || v->type != MOFRT_T_UINT32 || !mofrt_op_wants(op, "Capacity"))
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PROVIDER, "only Capacity changes"),
               MOFRT_CALL_FAILED;
    pthread_mutex_lock(&c->mu);
    box *b = find(c, inst->path);
    if (b)
        b->capacity = (uint32_t)v->v.u;
    pthread_mutex_unlock(&c->mu);
    if (!b)
        return mofrt_error_set(err, MOFRT_CIM_ERR_NOT_FOUND, MOFRT_E_PROVIDER, "no such box"), MOFRT_CALL_FAILED;
    return MOFRT_CALL_OK;
}

#ifdef DEMO_DELETE
static mofrt_call_status box_del(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                 const mofrt_path *name, mofrt_error *err)
{
    (void)self, (void)op;
    demo_ctx *c = ctx;
    pthread_mutex_lock(&c->mu);
    box *b = find(c, name);
    if (b)
        b->gone = true;
    pthread_mutex_unlock(&c->mu);
    if (!b)
        return mofrt_error_set(err, MOFRT_CIM_ERR_NOT_FOUND, MOFRT_E_PROVIDER, "no such box"), MOFRT_CALL_FAILED;
    return MOFRT_CALL_OK;
}
#else
#define box_del NULL
#endif

static int resize(void *ctx, const mofrt_invocation *inv, const Demo_Box_Resize_In *in, Demo_Box_Resize_Out *out,
                  mofrt_f_uint32 *ret, mofrt_error *err)
{
    demo_ctx *c = ctx;
    if (!MOFRT_IS_SET(&in->NewSize))
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PROVIDER, "NewSize is required");
    pthread_mutex_lock(&c->mu);
    box *b = find(c, inv->target);
    if (b)
        b->capacity = in->NewSize.v;
    pthread_mutex_unlock(&c->mu);
    char msg[64];
    snprintf(msg, sizeof msg, "resized to %u%s%.20s", (unsigned)in->NewSize.v, inv->user ? " for " : "",
             inv->user ? inv->user : "");
    MOFRT_SET_VALUE(&out->Message, mofrt_strdup(msg));
    MOFRT_SET_VALUE(ret, b ? 0u : 1u);
    return 0;
}

static int count(void *ctx, const mofrt_invocation *inv, const Demo_Box_Count_In *in, Demo_Box_Count_Out *out,
                 mofrt_f_uint32 *ret, mofrt_error *err)
{
    (void)ctx, (void)inv, (void)in, (void)err;
    MOFRT_SET_VALUE(&out->Total, 2u);
    MOFRT_SET_VALUE(ret, 0u);
    return 0;
}

/* Keep: says what it was given (the host has checked the classes). */
static int keep(void *ctx, const mofrt_invocation *inv, const Demo_Box_Keep_In *in, Demo_Box_Keep_Out *out,
                mofrt_f_uint32 *ret, mofrt_error *err)
{
    (void)ctx, (void)inv, (void)err;
    char msg[160];
    const mofrt_emb *item = &in->Item.v;
    snprintf(msg, sizeof msg, "into %.60s, item %.60s", MOFRT_IS_SET(&in->Into) ? in->Into.v->class_name : "-",
             !MOFRT_IS_SET(&in->Item) ? "-" : item->generic ? item->generic->class_name : "typed");
    MOFRT_SET_VALUE(&out->Message, mofrt_strdup(msg));
    MOFRT_SET_VALUE(ret, 0u);
    return 0;
}

/* ---- the module (what mofc gen will emit) ------------------------------------ */
static const Demo_Box_ops box_ops = { .Resize = resize, .Count = count, .Keep = keep };
#ifdef DEMO_ENUM_ONLY   /* no get: the host finds an instance in the enumeration */
static const mofrt_provider_ft box_ft = { NULL, box_enumerate, NULL, box_modify, box_del, NULL, NULL };
#else
static const mofrt_provider_ft box_ft = { box_get, box_enumerate, NULL, box_modify, box_del, NULL, NULL };
#endif
#ifdef DEMO_BIG_STUB   /* Demo_BigThing's enumerate as the skeleton writes it (or, with
                       * DEMO_BIG_FAIL, one that fails) */
static mofrt_call_status big_enumerate(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                       mofrt_sink *out, mofrt_error *err)
{
    (void)self, (void)ctx, (void)op, (void)out;
#ifdef DEMO_BIG_FAIL
    mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_PROVIDER, "Demo_BigThing: the device is gone");
#else
    mofrt_error_set(err, MOFRT_CIM_ERR_NOT_SUPPORTED, MOFRT_E_PROVIDER, "Demo_BigThing: not implemented");
#endif
    return MOFRT_CALL_FAILED;
}
static const mofrt_provider_ft big_ft = { NULL, big_enumerate, NULL, NULL, NULL, NULL, NULL };
#endif
static const mofrt_class_desc *const classes[] = { &Demo_Thing_desc, &Demo_BigThing_desc, &Demo_Box_desc,
                                                   &Demo_Contains_desc };
#ifdef DEMO_BIG_STUB
static const mofrt_class_provider providers[] = { { &Demo_Box_desc, &box_ft, &box_ops },
                                                  { &Demo_BigThing_desc, &big_ft, NULL } };
#else
static const mofrt_class_provider providers[] = { { &Demo_Box_desc, &box_ft, &box_ops } };
#endif
static const mofrt_module module = { MOFRT_PROVIDER_ABI, "demo", 4, classes,
                                     sizeof providers / sizeof providers[0], providers, load, unload };

const mofrt_module *mofrt_module_main(void);
const mofrt_module *mofrt_module_main(void)
{
    return &module;
}
