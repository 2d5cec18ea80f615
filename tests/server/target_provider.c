/* A provider module for tests/server/target.mof (mofc gen --name tgt): every
 * Tgt_Slot with Zone below 100 exists (get gives back the keys it is
 * asked for), and Me() answers the target path the host handed the
 * method, as a provider that returns a reference to its own instance (an
 * Out REF, a job's affected element) does. */
#include "tgt.h"

static int slot_get(void *ctx, const mofrt_op *op, const Tgt_Slot_keys *keys, Tgt_Slot *inst, mofrt_error *err)
{
    (void)ctx, (void)op;
    if (keys->Zone.v >= 100)
        return mofrt_error_set(err, MOFRT_CIM_ERR_NOT_FOUND, MOFRT_E_PROVIDER, "no slot in zone %u",
                               (unsigned)keys->Zone.v);
    char *tag = mofrt_strdup(keys->Tag.v ? keys->Tag.v : "");
    if (!tag)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    MOFRT_SET_VALUE(&inst->Zone, keys->Zone.v);
    MOFRT_SET_VALUE(&inst->Tag, tag);
    MOFRT_SET_VALUE(&inst->On, keys->On.v);
    MOFRT_SET_VALUE(&inst->Delta, keys->Delta.v);
    return 0;
}

static int slot_me(void *ctx, const mofrt_invocation *inv, const Tgt_Slot_Me_In *in, Tgt_Slot_Me_Out *out,
                   mofrt_f_uint32 *ret, mofrt_error *err)
{
    (void)ctx, (void)in;
    mofrt_path *self = mofrt_path_copy(inv->target);
    if (!self)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    MOFRT_SET_VALUE(&out->Self, self);
    MOFRT_SET_VALUE(ret, 0u);
    return 0;
}

static const Tgt_Slot_ops slot_ops = { .get_instance = slot_get, .Me = slot_me };
static const mofrt_class_provider providers[] = { Tgt_Slot_PROVIDER(&slot_ops) };

static int load(const mofrt_host *host, void **ctx, mofrt_error *err)
{
    (void)host, (void)err;
    *ctx = NULL;
    return 0;
}

static void unload(void *ctx)
{
    (void)ctx;
}

const mofrt_module *mofrt_module_main(void);
const mofrt_module *mofrt_module_main(void)
{
    static const mofrt_class_desc *const classes[] = { &Tgt_Slot_desc };
    static const mofrt_module module = { MOFRT_PROVIDER_ABI, "tgt", 1, classes, 1, providers, load, unload };
    return &module;
}
