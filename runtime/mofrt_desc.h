/* libmofrt: descriptors for generated typed structs, and method dispatch.
 *
 * mofc gen emits, per class, a C struct with one "field" per property, a
 * mofrt_class_desc describing it (offsetof-based), and per method an In and
 * an Out struct, a mofrt_method_desc, a typed provider function pointer in
 * the class's ops struct, and a small typed thunk that calls it. Generic
 * routines here fill the In struct from a decoded METHODCALL, call the
 * provider through the thunk, and encode the Out struct + return value as a
 * METHODRESPONSE. docs/runtime.md shows the exact code to emit.
 *
 * Field representation: every field is a small struct whose first member is
 * the state (absent / NULL / set):
 *     scalar:  struct { mofrt_state state; T v; }       e.g. mofrt_f_uint16
 *     array:   mofrt_f_array { state; count; void *items (T[count]);
 *                              bool *nulls (NULL or bool[count]) }
 * where T is the C type of the CIM type (see mofrt_ctype below). Everything a
 * field points to is malloc'd and owned by the struct: free with
 * mofrt_struct_clear / mofrt_method_in_clear / mofrt_method_out_clear. */
#ifndef MOFRT_DESC_H
#define MOFRT_DESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mofrt_buf.h"
#include "mofrt_error.h"
#include "mofrt_path.h"
#include "mofrt_value.h"
#include "mofrt_xml.h"

/* ---- field representations ------------------------------------------------ */
typedef uint8_t mofrt_state;
#define MOFRT_ABSENT ((mofrt_state)0)  /* not given (all-zero struct = all absent) */
#define MOFRT_NULL   ((mofrt_state)1)  /* given as CIM NULL */
#define MOFRT_SET    ((mofrt_state)2)  /* has a value */

struct mofrt_class_desc;

/* An embedded instance (string property/parameter with EmbeddedInstance).
 * On input the runtime fills `text` (as received) and `generic`, plus
 * `typed` (a struct of class `cls`) when the instance's class is the
 * declared one and the generator gave its descriptor. On output the
 * provider sets one of typed (+cls), generic or text; the encoder uses the
 * first that is non-NULL in that order. All three are owned. */
typedef struct mofrt_embedded_field {
    char *text;
    const struct mofrt_class_desc *cls;
    void *typed;
    mofrt_instance *generic;
} mofrt_emb;

typedef struct { mofrt_state state; bool v; } mofrt_f_boolean;
typedef struct { mofrt_state state; char *v; } mofrt_f_string;     /* UTF-8, owned */
typedef struct { mofrt_state state; uint16_t v; } mofrt_f_char16;
typedef struct { mofrt_state state; mofrt_datetime v; } mofrt_f_datetime;
typedef struct { mofrt_state state; uint8_t v; } mofrt_f_uint8;
typedef struct { mofrt_state state; int8_t v; } mofrt_f_sint8;
typedef struct { mofrt_state state; uint16_t v; } mofrt_f_uint16;
typedef struct { mofrt_state state; int16_t v; } mofrt_f_sint16;
typedef struct { mofrt_state state; uint32_t v; } mofrt_f_uint32;
typedef struct { mofrt_state state; int32_t v; } mofrt_f_sint32;
typedef struct { mofrt_state state; uint64_t v; } mofrt_f_uint64;
typedef struct { mofrt_state state; int64_t v; } mofrt_f_sint64;
typedef struct { mofrt_state state; float v; } mofrt_f_real32;
typedef struct { mofrt_state state; double v; } mofrt_f_real64;
typedef struct { mofrt_state state; mofrt_path *v; } mofrt_f_ref;   /* owned */
typedef struct { mofrt_state state; mofrt_emb v; } mofrt_f_instance;

/* Arrays of any element type. items is T* (T per mofrt_ctype), nulls marks
 * NULL elements (NULL pointer when there are none). The runtime reads every
 * array field through this shape. */
typedef struct {
    mofrt_state state;
    size_t count;
    void *items;
    bool *nulls;
} mofrt_f_array;

/* The typed array fields generated structs use: the same layout as
 * mofrt_f_array with items of the element's C type, so that filling a
 * REF array with `char *` does not compile. */
#define MOFRT_ARRAY_OF(T) struct { mofrt_state state; size_t count; T *items; bool *nulls; }
typedef MOFRT_ARRAY_OF(bool) mofrt_a_boolean;
typedef MOFRT_ARRAY_OF(char *) mofrt_a_string;
typedef MOFRT_ARRAY_OF(uint16_t) mofrt_a_char16;
typedef MOFRT_ARRAY_OF(mofrt_datetime) mofrt_a_datetime;
typedef MOFRT_ARRAY_OF(uint8_t) mofrt_a_uint8;
typedef MOFRT_ARRAY_OF(int8_t) mofrt_a_sint8;
typedef MOFRT_ARRAY_OF(uint16_t) mofrt_a_uint16;
typedef MOFRT_ARRAY_OF(int16_t) mofrt_a_sint16;
typedef MOFRT_ARRAY_OF(uint32_t) mofrt_a_uint32;
typedef MOFRT_ARRAY_OF(int32_t) mofrt_a_sint32;
typedef MOFRT_ARRAY_OF(uint64_t) mofrt_a_uint64;
typedef MOFRT_ARRAY_OF(int64_t) mofrt_a_sint64;
typedef MOFRT_ARRAY_OF(float) mofrt_a_real32;
typedef MOFRT_ARRAY_OF(double) mofrt_a_real64;
typedef MOFRT_ARRAY_OF(mofrt_path *) mofrt_a_ref;
typedef MOFRT_ARRAY_OF(mofrt_emb) mofrt_a_instance;

/* Union of all field types: big enough and aligned for any of them (used
 * for method return values, which can be of any scalar type). */
typedef union mofrt_f_any {
    mofrt_f_boolean boolean;
    mofrt_f_string string;
    mofrt_f_char16 char16;
    mofrt_f_datetime datetime;
    mofrt_f_uint8 uint8;
    mofrt_f_sint8 sint8;
    mofrt_f_uint16 uint16;
    mofrt_f_sint16 sint16;
    mofrt_f_uint32 uint32;
    mofrt_f_sint32 sint32;
    mofrt_f_uint64 uint64;
    mofrt_f_sint64 sint64;
    mofrt_f_real32 real32;
    mofrt_f_real64 real64;
    mofrt_f_ref ref;
    mofrt_f_instance instance;
    mofrt_f_array array;
} mofrt_f_any;

/* Setting a field: MOFRT_SET_VALUE(&out->Job, path) */
#define MOFRT_SET_VALUE(field, value) ((field)->v = (value), (field)->state = MOFRT_SET)
#define MOFRT_SET_NULL(field) ((field)->state = MOFRT_NULL)
#define MOFRT_IS_SET(field) ((field)->state == MOFRT_SET)

/* ---- descriptors ------------------------------------------------------------ */
/* Member flags (properties and parameters). */
enum {
    MOFRT_F_ARRAY = 1u << 0,     /* field is mofrt_f_array */
    MOFRT_F_KEY = 1u << 1,       /* Key qualifier */
    MOFRT_F_IN = 1u << 2,        /* parameter: In (default when neither IN nor OUT) */
    MOFRT_F_OUT = 1u << 3,       /* parameter: Out */
    MOFRT_F_REQUIRED = 1u << 4   /* Required qualifier: must be given and non-NULL */
};
/* A fixed-size array's size (MOF `uint8 Mac[6]`; DSP0201's ARRAYSIZE of
 * PROPERTY.ARRAY and PARAMETER.ARRAY) is kept in the high 16 bits of the
 * member's flags: MOFRT_F_ARRAYSIZE(6) | MOFRT_F_ARRAY. 0 there: a
 * variable-size array (or a scalar); a size above 65535 is not described.
 * (In the flags, not a new field, so descriptors keep their layout and
 * modules built before it still load: theirs read 0.) */
#define MOFRT_F_ARRAYSIZE(n) (((unsigned)(n) & 0xffffu) << 16)
#define MOFRT_ARRAYSIZE_OF(flags) (((unsigned)(flags) >> 16) & 0xffffu)
/* A string with EmbeddedInstance / EmbeddedObject is described with type
 * MOFRT_T_INSTANCE (field mofrt_f_instance); it travels as a string. */

/* A constant of the MOF (a default value, a qualifier's value) as the
 * CIM-XML text of each element (what a VALUE element holds: "2", "TRUE",
 * "abc", a datetime, a reference's path). text NULL: no value (CIM NULL).
 * A scalar has count 1; an array count elements, a NULL entry being a NULL
 * element (an empty array: count 0, text non-NULL). */
typedef struct mofrt_literal {
    size_t count;
    const char *const *text;
} mofrt_literal;

/* Qualifier flavors (DSP0004 5.6.1.2); no flag = the defaults
 * (EnableOverride, ToSubclass, not Translatable). */
enum {
    MOFRT_Q_ARRAY = 1u << 0,            /* the qualifier type is an array */
    MOFRT_Q_DISABLE_OVERRIDE = 1u << 1, /* DisableOverride */
    MOFRT_Q_RESTRICTED = 1u << 2,       /* Restricted: not ToSubclass */
    MOFRT_Q_TRANSLATABLE = 1u << 3,     /* Translatable */
    MOFRT_Q_PROPAGATED = 1u << 4        /* inherited, not given on this element (PROPAGATED="true") */
};

/* A qualifier as a client sees it on the element (GetClass with
 * IncludeQualifiers): the effective value and flavors. */
typedef struct mofrt_qual_desc {
    const char *name;
    mofrt_type type;                     /* element type for arrays */
    unsigned flags;                      /* MOFRT_Q_* */
    mofrt_literal value;
} mofrt_qual_desc;

typedef struct mofrt_prop_desc {
    const char *name;                    /* spelled as in the MOF */
    mofrt_type type;                     /* element type for arrays */
    unsigned flags;                      /* MOFRT_F_* */
    size_t offset;                       /* offsetof(struct, field) */
    const char *ref_class;               /* REF class, or EmbeddedInstance class name */
    const struct mofrt_class_desc *embedded; /* typed class for EmbeddedInstance, or NULL */
    /* Class metadata (GetClass, EnumerateClasses). */
    const char *origin;                  /* CLASSORIGIN: the class that declares it */
    mofrt_literal def;                   /* MOF default value (text NULL: none) */
    size_t nquals;
    const struct mofrt_qual_desc *quals; /* effective qualifiers */
} mofrt_prop_desc;

typedef struct mofrt_param_desc {
    const char *name;
    mofrt_type type;
    unsigned flags;                      /* MOFRT_F_IN / MOFRT_F_OUT / ... */
    size_t in_offset;                    /* offsetof(In struct, field) when MOFRT_F_IN */
    size_t out_offset;                   /* offsetof(Out struct, field) when MOFRT_F_OUT */
    const char *ref_class;
    const struct mofrt_class_desc *embedded;
    size_t nquals;
    const struct mofrt_qual_desc *quals;
} mofrt_param_desc;

struct mofrt_invocation;

/* What a thunk reports: the provider's answer, or that it has none. */
typedef enum mofrt_call_status {
    MOFRT_CALL_OK = 0,              /* ret and Out fields are filled */
    MOFRT_CALL_FAILED,              /* provider filled err (CIM error) */
    MOFRT_CALL_NOT_IMPLEMENTED      /* the ops entry is NULL */
} mofrt_call_status;

/* The one generic function type the runtime calls; the generated thunk
 * converts the arguments to the method's typed signature (calling a
 * function through another function type is undefined behaviour, so the
 * conversion happens here, in typed C):
 *   ops -> const <Class>_ops *, in -> const <Class>_<Method>_In *,
 *   out -> <Class>_<Method>_Out *, ret -> &ret-><member for the return type> */
typedef mofrt_call_status (*mofrt_thunk)(const void *ops, void *ctx,
                                         const struct mofrt_invocation *inv, const void *in,
                                         void *out, mofrt_f_any *ret, mofrt_error *err);

/* Method flags. */
enum {
    MOFRT_M_STATIC = 1u << 0             /* [Static]: called on a class path, never an instance */
};

typedef struct mofrt_method_desc {
    const char *name;
    mofrt_type ret_type;                 /* MOFRT_T_NONE for void */
    size_t in_size, out_size;            /* sizeof In / Out struct */
    size_t nparams;
    const mofrt_param_desc *params;      /* in declaration order */
    mofrt_thunk thunk;
    const char *origin;                  /* CLASSORIGIN */
    unsigned flags;                      /* MOFRT_M_* */
    size_t nquals;
    const struct mofrt_qual_desc *quals;
} mofrt_method_desc;

/* Class flags. */
enum {
    MOFRT_C_ABSTRACT = 1u << 0,
    MOFRT_C_ASSOCIATION = 1u << 1,
    MOFRT_C_INDICATION = 1u << 2
};

/* Typed instance operations (mofrt_provider.h): which one a generated
 * instance thunk is to call, and its arguments (typed structs of the
 * class: keys = <Class>_keys, obj = <Class>). */
typedef enum mofrt_inst_call {
    MOFRT_IC_GET = 1,            /* get_instance(ctx, op, keys, obj(out), err) */
    MOFRT_IC_ENUMERATE,          /* enumerate_instances(ctx, op, sink, err) */
    MOFRT_IC_CREATE,             /* create_instance(ctx, op, obj, created(out keys), err) */
    MOFRT_IC_MODIFY,             /* modify_instance(ctx, op, keys, obj, err) */
    MOFRT_IC_DELETE,             /* delete_instance(ctx, op, keys, err) */
    MOFRT_IC_ASSOCIATORS,        /* associators(ctx, op, source, sink, err) */
    MOFRT_IC_REFERENCES          /* references(ctx, op, source, sink, err) */
} mofrt_inst_call;

struct mofrt_op;
struct mofrt_sink;
typedef struct mofrt_inst_args {
    const struct mofrt_op *op;
    const void *keys;                    /* GET, MODIFY, DELETE */
    void *obj;                           /* GET: zeroed, to fill; CREATE, MODIFY: the input */
    void *created;                       /* CREATE: zeroed keys struct to fill */
    const mofrt_path *source;            /* ASSOCIATORS, REFERENCES */
    struct mofrt_sink *sink;             /* ENUMERATE, ASSOCIATORS, REFERENCES */
} mofrt_inst_args;

/* Generated per class: calls the typed entry of <Class>_ops for `which`;
 * MOFRT_CALL_NOT_IMPLEMENTED when it is NULL. */
typedef mofrt_call_status (*mofrt_inst_thunk)(const void *ops, void *ctx, mofrt_inst_call which,
                                              const mofrt_inst_args *a, mofrt_error *err);

typedef struct mofrt_class_desc {
    const char *name;
    const char *superclass;              /* NULL for a root class */
    size_t size;                         /* sizeof the typed struct */
    size_t nprops;
    const mofrt_prop_desc *props;        /* own and inherited */
    size_t nmethods;
    const mofrt_method_desc *methods;    /* own and inherited */
    /* Class metadata and typed instance operations (mofc gen fills them;
     * a hand-written descriptor may leave them 0/NULL). */
    unsigned flags;                      /* MOFRT_C_* */
    size_t nquals;
    const struct mofrt_qual_desc *quals; /* effective class qualifiers */
    const struct mofrt_class_desc *keys; /* the <Class>_keys struct: the key properties only */
    mofrt_inst_thunk ithunk;
} mofrt_class_desc;

/* ---- dispatch --------------------------------------------------------------- */
/* One registered provider: the class it serves, its ops struct (generated
 * struct of typed function pointers, NULL entries = not implemented) and an
 * opaque context handed to every call. */
typedef struct mofrt_provider {
    const mofrt_class_desc *cls;
    const void *ops;
    void *ctx;
} mofrt_provider;

typedef struct mofrt_dispatch_table {
    size_t count;
    const mofrt_provider *providers;
} mofrt_dispatch_table;

/* What the provider function sees besides its typed arguments. */
typedef struct mofrt_invocation {
    const mofrt_request *request;        /* decoded request (all raw params) */
    const mofrt_path *target;            /* instance path, or class path when static */
    const char *ns;                      /* namespace of the call */
    const mofrt_class_desc *cls;
    const mofrt_method_desc *method;
    const char *user;                    /* authenticated user (request->user), NULL without authentication */
} mofrt_invocation;

typedef enum mofrt_dispatch_result {
    MOFRT_DISPATCH_OK = 0,          /* METHODRESPONSE with RETURNVALUE written */
    MOFRT_DISPATCH_CIM_ERROR,       /* METHODRESPONSE with ERROR written; err says which */
    MOFRT_DISPATCH_BAD_REQUEST      /* nothing written: answer HTTP 400 (err says why) */
} mofrt_dispatch_result;

/* Case-insensitive lookup of (class, method); NULL when absent. */
const mofrt_provider *mofrt_dispatch_find(const mofrt_dispatch_table *t, const char *class_name);
const mofrt_method_desc *mofrt_class_find_method(const mofrt_class_desc *cls, const char *name);
const mofrt_prop_desc *mofrt_class_find_prop(const mofrt_class_desc *cls, const char *name);

/* Runs a decoded METHODCALL: finds the provider, fills the In struct,
 * calls, encodes the response (appended to `response`). CIM errors
 * (unknown class/method -> CIM_ERR_NOT_FOUND / CIM_ERR_METHOD_NOT_FOUND,
 * NULL ops entry -> CIM_ERR_NOT_SUPPORTED, parameter faults ->
 * CIM_ERR_INVALID_PARAMETER naming the parameter, provider errors) become a
 * METHODRESPONSE with ERROR. */
mofrt_dispatch_result mofrt_dispatch(const mofrt_dispatch_table *t, const mofrt_request *req,
                                     mofrt_buf *response, mofrt_error *err);
/* Decode + mofrt_dispatch. Documents that are not well-formed or not CIM-XML
 * METHODCALLs give MOFRT_DISPATCH_BAD_REQUEST; faults inside a parameter's
 * value still give a CIM ERROR response. */
mofrt_dispatch_result mofrt_dispatch_xml(const mofrt_dispatch_table *t, const char *xml,
                                         size_t len, const mofrt_limits *lim,
                                         mofrt_buf *response, mofrt_error *err);

/* Same, reusing a per-thread decoder (see mofrt_decoder_new). */
mofrt_dispatch_result mofrt_dispatch_xml_with(const mofrt_dispatch_table *t, mofrt_decoder *dec,
                                              const char *xml, size_t len, const mofrt_limits *lim,
                                              mofrt_buf *response, mofrt_error *err);

/* ---- generic struct routines -------------------------------------------------- */
/* Fill the In struct (zeroed, method->in_size bytes) from the request's
 * parameters: unknown, duplicate, non-input, wrongly typed and missing
 * required parameters fail with CIM_ERR_INVALID_PARAMETER naming them.
 * Untyped values are typed from the declaration. On failure the struct is
 * cleared again. */
int mofrt_method_fill_in(const mofrt_method_desc *m, const mofrt_request *req, void *in,
                         const mofrt_limits *lim, mofrt_error *err);
/* Encode Out + return value as a METHODRESPONSE document. Absent Out fields
 * are omitted, NULL ones sent as PARAMVALUE without value; an absent return
 * value is sent as a RETURNVALUE without value (NULL). */
int mofrt_method_encode_out(const mofrt_method_desc *m, const char *msg_id, const void *out,
                            const mofrt_f_any *ret, mofrt_buf *response, mofrt_error *err);
void mofrt_method_in_clear(const mofrt_method_desc *m, void *in);
void mofrt_method_out_clear(const mofrt_method_desc *m, void *out);

/* Typed struct <-> generic instance / CIM-XML. */
int mofrt_struct_from_instance(const mofrt_class_desc *cls, const mofrt_instance *inst,
                               void *obj, const mofrt_limits *lim, mofrt_error *err);
mofrt_instance *mofrt_struct_to_instance(const mofrt_class_desc *cls, const void *obj,
                                         mofrt_error *err);
/* INSTANCE element for a typed struct (absent fields omitted). */
void mofrt_xml_write_struct(mofrt_xw *w, const mofrt_class_desc *cls, const void *obj);
/* Releases everything the fields own and zeroes them (not obj itself). */
void mofrt_struct_clear(const mofrt_class_desc *cls, void *obj);
/* mofrt_struct_clear + free(obj). NULL-safe. */
void mofrt_struct_free(const mofrt_class_desc *cls, void *obj);

/* Zeroes obj (cls->size bytes) and sets every property that has a MOF
 * default to it (the generated <Class>_init). 0, or -1 with err (out of
 * memory; a default the runtime cannot parse: MOFRT_E_USAGE). */
int mofrt_struct_init(const mofrt_class_desc *cls, void *obj, mofrt_error *err);
/* Sets one field from a literal (a default value). */
int mofrt_field_from_literal(mofrt_type t, unsigned flags, const mofrt_literal *lit, void *field,
                             mofrt_error *err);

/* Keys struct (cls->keys of a generated class, or any descriptor whose
 * properties are the keys) <-> instance path. to_path: every key must be
 * set (CIM_ERR_INVALID_PARAMETER naming the missing one); *out is a new
 * path of class `class_name` (NULL: keys_cls->name) in namespace ns (may be
 * NULL). from_path: zeroes keys, then fills every key the path has
 * (converted to the declared type); a key missing from the path, an
 * unknown key or one of the wrong type fail with CIM_ERR_INVALID_PARAMETER
 * (keys left cleared). */
int mofrt_keys_to_path(const mofrt_class_desc *keys_cls, const void *keys, const char *class_name,
                       const char *ns, mofrt_path **out, mofrt_error *err);
int mofrt_keys_from_path(const mofrt_class_desc *keys_cls, const mofrt_path *path, void *keys,
                         mofrt_error *err);
/* The instance path of a typed struct of class cls, from its key
 * properties (as mofrt_keys_to_path). */
int mofrt_struct_path(const mofrt_class_desc *cls, const void *obj, const char *ns,
                      mofrt_path **out, mofrt_error *err);

/* Single-field helpers (type/flags as in the descriptors). */
int mofrt_field_from_value(mofrt_type t, unsigned flags, const mofrt_class_desc *embedded,
                           const mofrt_value *v, void *field, const mofrt_limits *lim,
                           mofrt_error *err);
/* Deep copy of the field's content as a generic value (NULL value for
 * NULL; an absent field gives MOFRT_VALUE_INIT). */
int mofrt_field_to_value(mofrt_type t, unsigned flags, const void *field, mofrt_value *out,
                         mofrt_error *err);
void mofrt_field_clear(mofrt_type t, unsigned flags, void *field);
/* sizeof the C element type T for t (mofrt_ctype): bool, char *, uint16_t,
 * mofrt_datetime, uintN_t, intN_t, float, double, mofrt_path *, mofrt_emb. */
size_t mofrt_ctype_size(mofrt_type t);

#endif
