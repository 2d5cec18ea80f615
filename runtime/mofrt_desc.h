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
 * NULL elements (NULL pointer when there are none). */
typedef struct {
    mofrt_state state;
    size_t count;
    void *items;
    bool *nulls;
} mofrt_f_array;

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
/* A string with EmbeddedInstance / EmbeddedObject is described with type
 * MOFRT_T_INSTANCE (field mofrt_f_instance); it travels as a string. */

typedef struct mofrt_prop_desc {
    const char *name;                    /* spelled as in the MOF */
    mofrt_type type;                     /* element type for arrays */
    unsigned flags;                      /* MOFRT_F_* */
    size_t offset;                       /* offsetof(struct, field) */
    const char *ref_class;               /* REF class, or EmbeddedInstance class name */
    const struct mofrt_class_desc *embedded; /* typed class for EmbeddedInstance, or NULL */
} mofrt_prop_desc;

typedef struct mofrt_param_desc {
    const char *name;
    mofrt_type type;
    unsigned flags;                      /* MOFRT_F_IN / MOFRT_F_OUT / ... */
    size_t in_offset;                    /* offsetof(In struct, field) when MOFRT_F_IN */
    size_t out_offset;                   /* offsetof(Out struct, field) when MOFRT_F_OUT */
    const char *ref_class;
    const struct mofrt_class_desc *embedded;
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

typedef struct mofrt_method_desc {
    const char *name;
    mofrt_type ret_type;                 /* MOFRT_T_NONE for void */
    size_t in_size, out_size;            /* sizeof In / Out struct */
    size_t nparams;
    const mofrt_param_desc *params;      /* in declaration order */
    mofrt_thunk thunk;
} mofrt_method_desc;

typedef struct mofrt_class_desc {
    const char *name;
    const char *superclass;              /* NULL for a root class */
    size_t size;                         /* sizeof the typed struct */
    size_t nprops;
    const mofrt_prop_desc *props;        /* own and inherited */
    size_t nmethods;
    const mofrt_method_desc *methods;    /* own and inherited */
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
