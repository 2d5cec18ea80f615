/* Hand-written stand-in for mofc gen output: descriptor tables and thunks
 * for Msvm_CollectionReferencePointService (see crp_tables.h). */
#include "tests/unit/crp_tables.h"

#include <stddef.h>

/* ---- Msvm_CollectionReferencePointSettingData ---------------------------- */
#define SD Msvm_CollectionReferencePointSettingData
static const mofrt_prop_desc SD_props[] = {
    { "InstanceID", MOFRT_T_STRING, MOFRT_F_KEY, offsetof(SD, InstanceID), NULL, NULL, NOMETA },
    { "Caption", MOFRT_T_STRING, 0, offsetof(SD, Caption), NULL, NULL, NOMETA },
    { "Description", MOFRT_T_STRING, 0, offsetof(SD, Description), NULL, NULL, NOMETA },
    { "ElementName", MOFRT_T_STRING, 0, offsetof(SD, ElementName), NULL, NULL, NOMETA },
    { "ConsistencyLevel", MOFRT_T_UINT8, 0, offsetof(SD, ConsistencyLevel), NULL, NULL, NOMETA },
};
const mofrt_class_desc Msvm_CollectionReferencePointSettingData_desc = {
    "Msvm_CollectionReferencePointSettingData", "CIM_SettingData", sizeof(SD),
    sizeof SD_props / sizeof SD_props[0], SD_props, 0, NULL, NOCLASSMETA,
};
#undef SD

/* ---- Msvm_CollectionReferencePointService --------------------------------- */
#define SVC Msvm_CollectionReferencePointService
#define CRP_IN Msvm_CollectionReferencePointService_CreateReferencePoint_In
#define CRP_OUT Msvm_CollectionReferencePointService_CreateReferencePoint_Out
#define DRP_IN Msvm_CollectionReferencePointService_DestroyReferencePoint_In
#define DRP_OUT Msvm_CollectionReferencePointService_DestroyReferencePoint_Out

static const mofrt_prop_desc SVC_props[] = {
    { "SystemCreationClassName", MOFRT_T_STRING, MOFRT_F_KEY, offsetof(SVC, SystemCreationClassName), NULL, NULL, NOMETA },
    { "SystemName", MOFRT_T_STRING, MOFRT_F_KEY, offsetof(SVC, SystemName), NULL, NULL, NOMETA },
    { "CreationClassName", MOFRT_T_STRING, MOFRT_F_KEY, offsetof(SVC, CreationClassName), NULL, NULL, NOMETA },
    { "Name", MOFRT_T_STRING, MOFRT_F_KEY, offsetof(SVC, Name), NULL, NULL, NOMETA },
    { "ElementName", MOFRT_T_STRING, 0, offsetof(SVC, ElementName), NULL, NULL, NOMETA },
    { "EnabledState", MOFRT_T_UINT16, 0, offsetof(SVC, EnabledState), NULL, NULL, NOMETA },
};

static const mofrt_param_desc CreateReferencePoint_params[] = {
    { "Collection", MOFRT_T_REFERENCE, MOFRT_F_IN | MOFRT_F_REQUIRED,
      offsetof(CRP_IN, Collection), 0, "CIM_VirtualSystemCollection", NULL, NOQUALS },
    { "ReferencePointSettings", MOFRT_T_INSTANCE, MOFRT_F_IN,
      offsetof(CRP_IN, ReferencePointSettings), 0, "Msvm_CollectionReferencePointSettingData",
      &Msvm_CollectionReferencePointSettingData_desc, NOQUALS },
    { "ReferencePointType", MOFRT_T_UINT16, MOFRT_F_IN,
      offsetof(CRP_IN, ReferencePointType), 0, NULL, NULL, NOQUALS },
    { "ResultingReferencePointCollection", MOFRT_T_REFERENCE, MOFRT_F_IN | MOFRT_F_OUT,
      offsetof(CRP_IN, ResultingReferencePointCollection),
      offsetof(CRP_OUT, ResultingReferencePointCollection), "CIM_Collection", NULL, NOQUALS },
    { "Job", MOFRT_T_REFERENCE, MOFRT_F_OUT, 0, offsetof(CRP_OUT, Job), "CIM_ConcreteJob", NULL, NOQUALS },
};

static const mofrt_param_desc DestroyReferencePoint_params[] = {
    { "AffectedReferencePointCollection", MOFRT_T_REFERENCE, MOFRT_F_IN,
      offsetof(DRP_IN, AffectedReferencePointCollection), 0, "CIM_Collection", NULL, NOQUALS },
    { "Job", MOFRT_T_REFERENCE, MOFRT_F_OUT, 0, offsetof(DRP_OUT, Job), "CIM_ConcreteJob", NULL, NOQUALS },
};

/* Thunks: the only place that knows both the generic and the typed
 * signature, so no function is ever called through a wrong pointer type. */
static mofrt_call_status CreateReferencePoint_thunk(const void *ops, void *ctx,
                                                    const mofrt_invocation *inv, const void *in,
                                                    void *out, mofrt_f_any *ret, mofrt_error *err)
{
    const Msvm_CollectionReferencePointService_ops *o = ops;
    if (!o || !o->CreateReferencePoint)
        return MOFRT_CALL_NOT_IMPLEMENTED;
    return o->CreateReferencePoint(ctx, inv, in, out, &ret->uint32, err) == 0 ? MOFRT_CALL_OK
                                                                             : MOFRT_CALL_FAILED;
}

static mofrt_call_status DestroyReferencePoint_thunk(const void *ops, void *ctx,
                                                     const mofrt_invocation *inv, const void *in,
                                                     void *out, mofrt_f_any *ret, mofrt_error *err)
{
    const Msvm_CollectionReferencePointService_ops *o = ops;
    if (!o || !o->DestroyReferencePoint)
        return MOFRT_CALL_NOT_IMPLEMENTED;
    return o->DestroyReferencePoint(ctx, inv, in, out, &ret->uint32, err) == 0 ? MOFRT_CALL_OK
                                                                              : MOFRT_CALL_FAILED;
}

static const mofrt_method_desc SVC_methods[] = {
    { "CreateReferencePoint", MOFRT_T_UINT32, sizeof(CRP_IN), sizeof(CRP_OUT),
      sizeof CreateReferencePoint_params / sizeof CreateReferencePoint_params[0],
      CreateReferencePoint_params, CreateReferencePoint_thunk, NULL, 0, NOQUALS },
    { "DestroyReferencePoint", MOFRT_T_UINT32, sizeof(DRP_IN), sizeof(DRP_OUT),
      sizeof DestroyReferencePoint_params / sizeof DestroyReferencePoint_params[0],
      DestroyReferencePoint_params, DestroyReferencePoint_thunk, NULL, 0, NOQUALS },
};

const mofrt_class_desc Msvm_CollectionReferencePointService_desc = {
    "Msvm_CollectionReferencePointService", "CIM_Service", sizeof(SVC),
    sizeof SVC_props / sizeof SVC_props[0], SVC_props,
    sizeof SVC_methods / sizeof SVC_methods[0], SVC_methods, NOCLASSMETA,
};

mofrt_provider Msvm_CollectionReferencePointService_provider(
    const Msvm_CollectionReferencePointService_ops *ops, void *ctx)
{
    mofrt_provider p = { &Msvm_CollectionReferencePointService_desc, ops, ctx };
    return p;
}
