/* Hand-written stand-in for what `mofc gen` emits for
 * Msvm_CollectionReferencePointService (docs/runtime.md, "What the generator
 * emits"), shared by tests/unit/test_mofrt_dispatch.c and bench/bench_mofrt.c.
 *
 * Source MOF (Hyper-V docs; [Required] added on Collection so the test has a
 * required parameter; ResultingReferencePointCollection is [in, out] as in
 * the docs):
 *   class Msvm_CollectionReferencePointService : CIM_Service {
 *     uint32 CreateReferencePoint(
 *       [In, Required] CIM_VirtualSystemCollection REF Collection,
 *       [In, EmbeddedInstance("Msvm_CollectionReferencePointSettingData")]
 *           string ReferencePointSettings,
 *       [In, ValueMap{"0","1","2",".."}] uint16 ReferencePointType,
 *       [In, Out] CIM_Collection REF ResultingReferencePointCollection,
 *       [Out] CIM_ConcreteJob REF Job);
 *     uint32 DestroyReferencePoint(
 *       [In] CIM_Collection REF AffectedReferencePointCollection,
 *       [Out] CIM_ConcreteJob REF Job);
 *   };
 *   class Msvm_CollectionReferencePointSettingData : CIM_SettingData {
 *     uint8 ConsistencyLevel; };                                           */
#ifndef CRP_TABLES_H
#define CRP_TABLES_H

#include "runtime/mofrt.h"

/* The class-metadata members the generator fills and these hand-written
 * tables leave empty (origin, default, qualifiers; class flags, keys,
 * instance thunk). */
#define NOQUALS 0, NULL
#define NOMETA NULL, { 0, NULL }, NOQUALS
#define NOCLASSMETA 0, NOQUALS, NULL, NULL

/* ---- Msvm_CollectionReferencePointSettingData ---------------------------- */
typedef struct Msvm_CollectionReferencePointSettingData {
    mofrt_f_string InstanceID;        /* key, from CIM_SettingData */
    mofrt_f_string Caption;
    mofrt_f_string Description;
    mofrt_f_string ElementName;
    mofrt_f_uint8 ConsistencyLevel;
} Msvm_CollectionReferencePointSettingData;

extern const mofrt_class_desc Msvm_CollectionReferencePointSettingData_desc;

/* ---- Msvm_CollectionReferencePointService --------------------------------- */
typedef struct Msvm_CollectionReferencePointService {
    mofrt_f_string SystemCreationClassName;   /* keys, from CIM_Service */
    mofrt_f_string SystemName;
    mofrt_f_string CreationClassName;
    mofrt_f_string Name;
    mofrt_f_string ElementName;
    mofrt_f_uint16 EnabledState;
} Msvm_CollectionReferencePointService;

/* ValueMap of CreateReferencePoint.ReferencePointType */
typedef enum Msvm_CollectionReferencePointService_CreateReferencePoint_ReferencePointType {
    Msvm_CollectionReferencePointService_CreateReferencePoint_ReferencePointType_Unknown = 0,
    Msvm_CollectionReferencePointService_CreateReferencePoint_ReferencePointType_Log_based = 1,
    Msvm_CollectionReferencePointService_CreateReferencePoint_ReferencePointType_RCT_based = 2
} Msvm_CollectionReferencePointService_CreateReferencePoint_ReferencePointType;

/* ValueMap of the return value */
typedef enum Msvm_CollectionReferencePointService_CreateReferencePoint_Result {
    Msvm_CollectionReferencePointService_CreateReferencePoint_Result_Completed_with_No_Error = 0,
    Msvm_CollectionReferencePointService_CreateReferencePoint_Result_Not_Supported = 1,
    Msvm_CollectionReferencePointService_CreateReferencePoint_Result_Failed = 2,
    Msvm_CollectionReferencePointService_CreateReferencePoint_Result_Timeout = 3,
    Msvm_CollectionReferencePointService_CreateReferencePoint_Result_Invalid_Parameter = 4,
    Msvm_CollectionReferencePointService_CreateReferencePoint_Result_Invalid_State = 5,
    Msvm_CollectionReferencePointService_CreateReferencePoint_Result_Invalid_Type = 6,
    Msvm_CollectionReferencePointService_CreateReferencePoint_Result_Method_Parameters_Checked___Job_Started = 4096
} Msvm_CollectionReferencePointService_CreateReferencePoint_Result;

typedef struct Msvm_CollectionReferencePointService_CreateReferencePoint_In {
    mofrt_f_ref Collection;
    mofrt_f_instance ReferencePointSettings;   /* typed: Msvm_CollectionReferencePointSettingData */
    mofrt_f_uint16 ReferencePointType;
    mofrt_f_ref ResultingReferencePointCollection;
} Msvm_CollectionReferencePointService_CreateReferencePoint_In;

typedef struct Msvm_CollectionReferencePointService_CreateReferencePoint_Out {
    mofrt_f_ref ResultingReferencePointCollection;
    mofrt_f_ref Job;
} Msvm_CollectionReferencePointService_CreateReferencePoint_Out;

typedef struct Msvm_CollectionReferencePointService_DestroyReferencePoint_In {
    mofrt_f_ref AffectedReferencePointCollection;
} Msvm_CollectionReferencePointService_DestroyReferencePoint_In;

typedef struct Msvm_CollectionReferencePointService_DestroyReferencePoint_Out {
    mofrt_f_ref Job;
} Msvm_CollectionReferencePointService_DestroyReferencePoint_Out;

/* Provider functions: return 0 on success (ret and Out filled), non-zero
 * with err filled for a CIM error. A NULL entry answers CIM_ERR_NOT_SUPPORTED. */
typedef struct Msvm_CollectionReferencePointService_ops {
    int (*CreateReferencePoint)(void *ctx, const mofrt_invocation *inv,
                                const Msvm_CollectionReferencePointService_CreateReferencePoint_In *in,
                                Msvm_CollectionReferencePointService_CreateReferencePoint_Out *out,
                                mofrt_f_uint32 *ret, mofrt_error *err);
    int (*DestroyReferencePoint)(void *ctx, const mofrt_invocation *inv,
                                 const Msvm_CollectionReferencePointService_DestroyReferencePoint_In *in,
                                 Msvm_CollectionReferencePointService_DestroyReferencePoint_Out *out,
                                 mofrt_f_uint32 *ret, mofrt_error *err);
} Msvm_CollectionReferencePointService_ops;

extern const mofrt_class_desc Msvm_CollectionReferencePointService_desc;

/* Registration helper the generator emits per class. */
mofrt_provider Msvm_CollectionReferencePointService_provider(
    const Msvm_CollectionReferencePointService_ops *ops, void *ctx);

#endif
