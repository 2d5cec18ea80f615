/* A provider module for tests/server/test_store_paths.sh (classes of
 * store.mof, mofc gen --name sto --class Sto_Part): it serves Sto_Part and
 * has no instance of it (get, modify and delete answer CIM_ERR_NOT_FOUND,
 * enumerate posts nothing), while the subclass Sto_Crate stays the
 * store's. So an instance name of class Sto_Part that names a stored
 * Sto_Crate reaches the store only when the host asks the subclasses'
 * providers after this one. */
#include "sto.h"

static mofrt_call_status none(mofrt_error *err)
{
    mofrt_error_set(err, MOFRT_CIM_ERR_NOT_FOUND, MOFRT_E_PROVIDER, "the module has no such part");
    return MOFRT_CALL_FAILED;
}

static mofrt_call_status part_get(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                  const mofrt_path *name, mofrt_sink *out, mofrt_error *err)
{
    (void)self, (void)ctx, (void)op, (void)name, (void)out;
    return none(err);
}

static mofrt_call_status part_enumerate(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                        mofrt_sink *out, mofrt_error *err)
{
    (void)self, (void)ctx, (void)op, (void)out, (void)err;
    return MOFRT_CALL_OK;
}

static mofrt_call_status part_modify(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                     const mofrt_instance *inst, mofrt_error *err)
{
    (void)self, (void)ctx, (void)op, (void)inst;
    return none(err);
}

static mofrt_call_status part_del(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                  const mofrt_path *name, mofrt_error *err)
{
    (void)self, (void)ctx, (void)op, (void)name;
    return none(err);
}

static const mofrt_provider_ft part_ft = { part_get, part_enumerate, NULL, part_modify, part_del, NULL, NULL };
static const mofrt_class_desc *const classes[] = { &Sto_Part_desc };
static const mofrt_class_provider providers[] = { { &Sto_Part_desc, &part_ft, NULL } };
static const mofrt_module module = { MOFRT_PROVIDER_ABI, "sto", 1, classes, 1, providers, NULL, NULL };

const mofrt_module *mofrt_module_main(void);
const mofrt_module *mofrt_module_main(void)
{
    return &module;
}
