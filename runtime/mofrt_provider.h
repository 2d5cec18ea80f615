/* libmofrt: the provider interface — what a class provider is for a CIM
 * server host (libmofsrv's mofserve, or any other host), without HTTP.
 *
 * Shaped as an OMI or CMPI author expects:
 *
 *   OMI                      CMPI                     here
 *   MI_Main(server)          <Name>_Create_*MI         mofrt_module_main() -> mofrt_module
 *   MI_Module.schemaDecl     (repository)             mofrt_module.classes (class descriptors)
 *   MI_ProviderFT            CMPIInstanceMI/AssocMI   mofrt_provider_ft (generic, per class)
 *   MI_Context               CMPIContext + Result     mofrt_op (request) + mofrt_sink (results)
 *   MI_Result                CMPIStatus               mofrt_call_status + mofrt_error (CIM code)
 *   (none)                   CMPIBroker upcalls       mofrt_host
 *
 * Two layers. The host calls the generic function table (mofrt_provider_ft)
 * on generic values: mofrt_instance, mofrt_path. `mofc gen` emits, per
 * class, typed entries in the class's ops struct (get by a typed keys
 * struct, enumerate into a sink, create, modify, delete, associators,
 * references, and the methods) and a mofrt_provider_ft of small thunks that
 * convert and call them — the only code that knows both signatures, as for
 * methods (mofrt_desc.h). A hand-written provider (the server's own
 * instance store) fills a mofrt_provider_ft directly.
 *
 * Semantics (DSP0200 section 5.3.2 names the operations):
 * - A NULL ft entry, or a thunk whose typed entry is NULL, answers
 *   MOFRT_CALL_NOT_IMPLEMENTED: the host replies CIM_ERR_NOT_SUPPORTED,
 *   except for associators/references of an association class, which the
 *   host then computes from the association's `enumerate` (an author who
 *   enumerates the association gets Associators, AssociatorNames,
 *   References and ReferenceNames).
 * - MOFRT_CALL_FAILED with err->code a CIM status (0 becomes
 *   CIM_ERR_FAILED); err->message is sent as the DESCRIPTION.
 * - A request for a class is served by the providers of that class and of
 *   its subclasses: the host calls each provider whose class derives from
 *   the requested one (op->class_name says what the client asked for).
 * - Results stream: enumerate / associators / references post each result
 *   to the sink as they produce it; the host encodes it at once and keeps
 *   nothing, so memory does not grow with the number of results. A sink
 *   call failing (client gone, limit) returns -1: return MOFRT_CALL_FAILED
 *   with that err, promptly.
 * - The host applies PropertyList, LocalOnly, IncludeQualifiers and
 *   IncludeClassOrigin to what is posted; a provider may use op->props to
 *   skip work for properties nobody asked for.
 * - Threads: the host calls providers from several threads at once; `ctx`
 *   (the module's context from load) is the provider's to lock.
 * - Ownership: everything passed in is borrowed for the call; what is
 *   posted to a sink is borrowed until the sink call returns; *created is
 *   malloc'd by the provider and freed by the host. */
#ifndef MOFRT_PROVIDER_H
#define MOFRT_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>

#include "mofrt_desc.h"

/* Bumped when a struct below changes shape; the host refuses a module
 * built for another version. */
#define MOFRT_PROVIDER_ABI 2   /* 2: mofrt_invocation.user */

/* ---- the request (OMI MI_Context, CMPIContext) ----------------------------- */
typedef enum mofrt_op_kind {
    MOFRT_OP_GET_INSTANCE = 1,
    MOFRT_OP_ENUMERATE_INSTANCES,
    MOFRT_OP_ENUMERATE_INSTANCE_NAMES,
    MOFRT_OP_CREATE_INSTANCE,
    MOFRT_OP_MODIFY_INSTANCE,
    MOFRT_OP_DELETE_INSTANCE,
    MOFRT_OP_ASSOCIATORS,
    MOFRT_OP_ASSOCIATOR_NAMES,
    MOFRT_OP_REFERENCES,
    MOFRT_OP_REFERENCE_NAMES,
    MOFRT_OP_INVOKE_METHOD
} mofrt_op_kind;

struct mofrt_host;

typedef struct mofrt_op {
    mofrt_op_kind kind;
    const char *ns;              /* namespace of the request ("root/cimv2") */
    /* The user the request was authenticated as (HTTP Basic: the name
     * before ':'), NULL when the listener has no authentication (CMPI's
     * CMPIPrincipal, OMI's MI_Context user). Borrowed for the call; a
     * provider may use it to decide what this user may see or change. */
    const char *user;
    const char *class_name;      /* the class the client named (the provider's class or an ancestor) */
    /* PropertyList (DSP0200 5.3.2): has_props false = all properties;
     * else the nprops names (case-insensitive; may be 0 = keys only). */
    bool has_props;
    size_t nprops;
    const char *const *props;
    /* Only names are wanted (EnumerateInstanceNames, AssociatorNames,
     * ReferenceNames, the *Paths pull operations): a provider may post
     * paths only; posted instances are reduced to their names. */
    bool names_only;
    bool deep_inheritance, local_only, include_qualifiers, include_class_origin;
    /* Association filters (Associators / References, DSP0200 5.3.2.14-17),
     * NULL when not given. The host checks them again on what is posted. */
    const char *assoc_class, *result_class, *role, *result_role;
    const struct mofrt_host *host;
    /* props is in mofrt_name_cmp order (the host sorts a client's
     * PropertyList once per request), so mofrt_op_wants searches it by
     * halves: O(log k) a call, not O(k), for a list of k names. Last so
     * that modules built before it see the fields they know at their
     * places; false (a provider's own op) = props in any order. */
    bool props_sorted;
} mofrt_op;

/* True when op asks for property `name` (always true without a PropertyList). */
bool mofrt_op_wants(const mofrt_op *op, const char *name);

/* ---- results (OMI MI_Context_PostInstance, CMPIResult) -------------------------- */
/* Implemented by the host; a provider only calls mofrt_post_*. Each returns
 * 0, or -1 with err when the provider must stop (the client went away,
 * a limit was reached, out of memory). */
typedef struct mofrt_sink mofrt_sink;
struct mofrt_sink {
    /* a generic instance; inst->path may be NULL: the host builds it from
     * the class's keys */
    int (*instance)(mofrt_sink *s, const mofrt_instance *inst, mofrt_error *err);
    /* a typed struct of class cls (absent fields are not sent) */
    int (*object)(mofrt_sink *s, const mofrt_class_desc *cls, const void *obj, mofrt_error *err);
    /* an instance name only */
    int (*path)(mofrt_sink *s, const mofrt_path *path, mofrt_error *err);
};

int mofrt_post_instance(mofrt_sink *s, const mofrt_instance *inst, mofrt_error *err);
int mofrt_post_object(mofrt_sink *s, const mofrt_class_desc *cls, const void *obj, mofrt_error *err);
int mofrt_post_path(mofrt_sink *s, const mofrt_path *path, mofrt_error *err);

/* ---- one class provider (OMI MI_ProviderFT, CMPI InstanceMI + AssociationMI) ---- */
struct mofrt_class_provider;

/* The generic function table. self is the class provider record (its ops
 * are the typed table), ctx the module's context. */
typedef struct mofrt_provider_ft {
    /* GetInstance: post the one instance `name` names, or fail with
     * CIM_ERR_NOT_FOUND. */
    mofrt_call_status (*get)(const struct mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                             const mofrt_path *name, mofrt_sink *out, mofrt_error *err);
    /* EnumerateInstances / EnumerateInstanceNames: post every instance of
     * the provider's class (not of other providers' subclasses). */
    mofrt_call_status (*enumerate)(const struct mofrt_class_provider *self, void *ctx,
                                   const mofrt_op *op, mofrt_sink *out, mofrt_error *err);
    /* CreateInstance: *created = the new instance's name (malloc'd). */
    mofrt_call_status (*create)(const struct mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                const mofrt_instance *inst, mofrt_path **created, mofrt_error *err);
    /* ModifyInstance: inst->path names the instance; only the properties
     * in op's PropertyList (all when none) are to change. */
    mofrt_call_status (*modify)(const struct mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                const mofrt_instance *inst, mofrt_error *err);
    /* DeleteInstance. */
    mofrt_call_status (*del)(const struct mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                             const mofrt_path *name, mofrt_error *err);
    /* Associators / AssociatorNames of `source` through this association
     * class: post the associated objects (op has the filters). NULL: the
     * host computes them from enumerate. */
    mofrt_call_status (*associators)(const struct mofrt_class_provider *self, void *ctx,
                                     const mofrt_op *op, const mofrt_path *source, mofrt_sink *out,
                                     mofrt_error *err);
    /* References / ReferenceNames: post the association instances of this
     * class that refer to `source`. NULL: computed from enumerate. */
    mofrt_call_status (*references)(const struct mofrt_class_provider *self, void *ctx,
                                    const mofrt_op *op, const mofrt_path *source, mofrt_sink *out,
                                    mofrt_error *err);
} mofrt_provider_ft;

/* A class provider: the class it serves (descriptor with its methods, whose
 * thunks take `ops`), the generic table and the typed ops struct. Records
 * are immutable (static const in generated code). */
typedef struct mofrt_class_provider {
    const mofrt_class_desc *cls;
    const mofrt_provider_ft *ft;   /* NULL: methods only */
    const void *ops;               /* the generated <Class>_ops, passed to thunks */
} mofrt_class_provider;

/* The function table of every generated class (runtime/mofrt_typed.c):
 * converts the generic arguments to the class's typed structs (keys from
 * the path, the struct from the instance: unknown properties and wrong
 * types answer CIM_ERR_INVALID_PARAMETER), calls the typed entry of the
 * generated <Class>_ops through cls->ithunk and posts typed results. A NULL
 * typed entry answers MOFRT_CALL_NOT_IMPLEMENTED (CIM_ERR_NOT_SUPPORTED;
 * for associators/references the host's default from enumerate). The
 * generated <Class>_PROVIDER(ops) macro gives { &<Class>_desc,
 * &mofrt_typed_ft, ops }. */
extern const mofrt_provider_ft mofrt_typed_ft;

/* ---- host services (CMPIBroker upcalls) ---------------------------------------- */
/* What a provider may ask of the host, during a call or later (from its own
 * threads). Instances of other classes are read through the host, so a
 * provider never needs to know who serves them. */
typedef struct mofrt_host {
    unsigned abi;                  /* MOFRT_PROVIDER_ABI of the host */
    const char *ns;                /* the namespace served */
    /* The instance `name` names, from whichever provider serves its class
     * (*out malloc'd, free with mofrt_instance_free). CIM_ERR_NOT_FOUND
     * when there is none. */
    int (*get_instance)(const struct mofrt_host *h, const mofrt_path *name, mofrt_instance **out,
                        mofrt_error *err);
    /* Every instance of class_name and its subclasses, posted to out. */
    int (*enumerate)(const struct mofrt_host *h, const char *class_name, mofrt_sink *out,
                     mofrt_error *err);
    /* Class lookup: the descriptor the host has for a class (NULL when it
     * has none), and whether `name` is `ancestor` or derives from it. */
    const mofrt_class_desc *(*find_class)(const struct mofrt_host *h, const char *name);
    bool (*is_a)(const struct mofrt_host *h, const char *name, const char *ancestor);
    void *impl;                    /* the host's own */
} mofrt_host;

/* ---- the module (OMI MI_Module; what a provider .so exports) ------------------- */
typedef struct mofrt_module {
    unsigned abi;                  /* MOFRT_PROVIDER_ABI */
    const char *name;              /* the schema name given to mofc gen */
    size_t nclasses;
    const mofrt_class_desc *const *classes;   /* every class of the schema (metadata) */
    size_t nproviders;
    const mofrt_class_provider *providers;    /* the classes this module serves */
    /* Optional: called once before any other call, with the host (kept
     * until unload); *ctx is then passed to every call. 0, or -1 with err
     * (the host refuses to start). */
    int (*load)(const mofrt_host *host, void **ctx, mofrt_error *err);
    /* Optional: called once after the last call (no call is running). */
    void (*unload)(void *ctx);
} mofrt_module;

/* The one symbol a provider module exports (generated by mofc gen):
 *     const mofrt_module *mofrt_module_main(void);
 * The host dlopens the module (RTLD_LOCAL: modules never see each other's
 * symbols), looks this name up and calls it once. */
#define MOFRT_MODULE_MAIN "mofrt_module_main"
typedef const mofrt_module *(*mofrt_module_main_fn)(void);

/* Checks a module before use: abi, non-NULL tables, every provider's class
 * among the module's classes. 0, or -1 with err saying what is wrong. */
int mofrt_module_check(const mofrt_module *m, mofrt_error *err);

/* Fills err with CIM_ERR_NOT_SUPPORTED "Class.what is not implemented" and
 * returns MOFRT_CALL_NOT_IMPLEMENTED (for thunks). */
mofrt_call_status mofrt_not_implemented(const mofrt_class_desc *cls, const char *what,
                                        mofrt_error *err);

#endif
