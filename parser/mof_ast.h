/* The parsed tree: what the source says, with a span on every node, before
 * any name is resolved. The checked model (schema/) is a separate type.
 * Everything lives in the compilation's arena. Lists are arrays. */
#ifndef MOFC_MOF_AST_H
#define MOFC_MOF_AST_H
#include "common/source.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ast_ident {
    const char *name;        /* as spelled in the source */
    mof_span span;
} ast_ident;

typedef enum ast_value_kind {
    VAL_NULL, VAL_BOOL, VAL_INT, VAL_REAL, VAL_STRING, VAL_CHAR16,
    VAL_ALIAS,               /* $name */
    VAL_ARRAY,               /* { v, ... } */
    VAL_INSTANCE             /* embedded: instance of C { ... } */
} ast_value_kind;

typedef enum ast_int_base { BASE_DEC, BASE_BIN, BASE_OCT, BASE_HEX } ast_int_base;

typedef struct ast_instance ast_instance;
typedef struct ast_value ast_value;

struct ast_value {
    ast_value_kind kind;
    mof_span span;
    union {
        bool b;
        struct { uint64_t mag; bool neg; ast_int_base base; } i;
        double r;
        struct { const char *s; size_t len; } str;   /* decoded UTF-8 */
        uint32_t c16;                                 /* code point */
        const char *alias;                            /* without '$' */
        struct { ast_value **items; size_t n; } arr;
        ast_instance *inst;
    } u;
};

/* Flavors, as bits. */
enum {
    FL_ENABLE_OVERRIDE = 1 << 0, FL_DISABLE_OVERRIDE = 1 << 1,
    FL_RESTRICTED = 1 << 2, FL_TO_SUBCLASS = 1 << 3, FL_TRANSLATABLE = 1 << 4,
    /* WMI */
    FL_AMENDED = 1 << 5, FL_TO_INSTANCE = 1 << 6, FL_NOT_TO_INSTANCE = 1 << 7,
    FL_NOT_TO_SUBCLASS = 1 << 8
};
#define FL_WMI_ONLY (FL_AMENDED | FL_TO_INSTANCE | FL_NOT_TO_INSTANCE | FL_NOT_TO_SUBCLASS)

/* Scopes, as bits. */
enum {
    SC_CLASS = 1 << 0, SC_ASSOCIATION = 1 << 1, SC_INDICATION = 1 << 2,
    SC_QUALIFIER = 1 << 3, SC_PROPERTY = 1 << 4, SC_REFERENCE = 1 << 5,
    SC_METHOD = 1 << 6, SC_PARAMETER = 1 << 7, SC_ANY = (1 << 8) - 1
};

typedef struct ast_flavor { unsigned bit; mof_span span; } ast_flavor;

typedef struct ast_qualifier {
    ast_ident name;
    ast_value *value;        /* NULL when written without a value */
    unsigned flavor_bits;
    mof_span span;
} ast_qualifier;

typedef struct ast_qual_list {
    ast_qualifier *items;
    size_t n;
    mof_span span;           /* the brackets */
} ast_qual_list;

/* Intrinsic data types; TYPE_REF for references, TYPE_CLASS_NAME while a
 * name has not been recognised (the parser reports unknown type names). */
typedef enum mof_type {
    TYPE_NONE, TYPE_BOOLEAN, TYPE_STRING, TYPE_CHAR16, TYPE_DATETIME,
    TYPE_UINT8, TYPE_SINT8, TYPE_UINT16, TYPE_SINT16, TYPE_UINT32, TYPE_SINT32,
    TYPE_UINT64, TYPE_SINT64, TYPE_REAL32, TYPE_REAL64,
    TYPE_OBJECT,             /* WMI */
    TYPE_VOID,               /* WMI method return type */
    TYPE_REF
} mof_type;

const char *mof_type_name(mof_type t);
/* Case-insensitive lookup of an intrinsic type name (incl. object, void). */
mof_type mof_type_lookup(const char *name);

typedef struct ast_type {
    mof_type type;
    ast_ident name;          /* the type name, or the class of a REF */
    bool array;
    bool fixed;              /* [N] */
    uint64_t size;           /* N when fixed */
    mof_span array_span;
    bool class_typed;        /* a class name as the type (WMI embedded object, MI
                                embedded instance): type is TYPE_STRING and name
                                the class; the schema checks the class */
} ast_type;

typedef struct ast_param {
    ast_qual_list quals;
    ast_type type;
    ast_ident name;
    ast_value *def;          /* default value (DSP0004 v3 style), rare */
    mof_span span;
} ast_param;

typedef enum ast_feature_kind { FEAT_PROPERTY, FEAT_REFERENCE, FEAT_METHOD } ast_feature_kind;

typedef struct ast_feature {
    ast_feature_kind kind;
    ast_qual_list quals;
    ast_type type;           /* property type, REF class, or method return */
    ast_ident name;
    ast_value *def;          /* default value */
    ast_param *params;
    size_t nparams;
    mof_span span;
} ast_feature;

typedef struct ast_class {
    ast_qual_list quals;
    ast_ident name;
    ast_ident alias;         /* name NULL when absent */
    ast_ident super;         /* name NULL when absent */
    ast_feature *features;
    size_t nfeatures;
    mof_span span;
} ast_class;

typedef struct ast_prop_value {
    ast_qual_list quals;
    ast_ident name;
    ast_value *value;        /* NULL: WMI's DYNPROPS entry, qualifiers only */
    mof_span span;
} ast_prop_value;

struct ast_instance {
    ast_qual_list quals;
    ast_ident class_name;
    ast_ident alias;
    ast_prop_value *props;
    size_t nprops;
    mof_span span;
};

typedef struct ast_qualifier_decl {
    ast_ident name;
    ast_type type;           /* TYPE_NONE for WMI's short form */
    ast_value *def;
    unsigned scopes;
    mof_span scope_span;
    unsigned flavor_bits;
    ast_flavor *flavors;
    size_t nflavors;
    bool short_form;         /* Qualifier Description : ToSubclass Amended; */
    mof_span span;
} ast_qualifier_decl;

typedef struct ast_pragma_arg {
    bool ident;              /* an identifier, e.g. FAIL in deleteclass */
    ast_value *value;        /* a string or number otherwise */
    ast_ident name;
} ast_pragma_arg;

typedef enum pragma_kind {
    PRAGMA_UNKNOWN, PRAGMA_INCLUDE, PRAGMA_LOCALE, PRAGMA_INSTANCELOCALE,
    PRAGMA_NAMESPACE, PRAGMA_NONLOCAL, PRAGMA_NONLOCALTYPE, PRAGMA_SOURCE,
    PRAGMA_SOURCETYPE,
    /* WMI */
    PRAGMA_CLASSFLAGS, PRAGMA_INSTANCEFLAGS, PRAGMA_DELETECLASS,
    PRAGMA_DELETEINSTANCE, PRAGMA_AUTORECOVER, PRAGMA_AMENDMENT,
    PRAGMA_HASH_INCLUDE      /* #include ("f.mof") */
} pragma_kind;

typedef struct ast_pragma {
    pragma_kind kind;
    ast_ident name;
    ast_pragma_arg *args;
    size_t nargs;
    bool has_parens;
    mof_span span;
} ast_pragma;

typedef enum ast_item_kind { ITEM_PRAGMA, ITEM_QUALIFIER_DECL, ITEM_CLASS, ITEM_INSTANCE } ast_item_kind;

typedef struct ast_item {
    ast_item_kind kind;
    union {
        ast_pragma *pragma;
        ast_qualifier_decl *qdecl;
        ast_class *cls;
        ast_instance *inst;
    } u;
} ast_item;

/* The whole compilation in source order, includes spliced in place (the
 * include pragma itself stays, followed by the included file's items). */
typedef struct ast_unit {
    ast_item *items;
    size_t n, cap;
} ast_unit;

#endif
