/* The checked schema model: what the AST means once names are resolved,
 * inheritance applied, qualifiers propagated and values checked. A type of
 * its own (codegen reads only this), built once by schema_build() and
 * read-only afterwards. Names keep their declared spelling and are looked
 * up without regard to case. */
#ifndef MOFC_SCHEMA_MODEL_H
#define MOFC_SCHEMA_MODEL_H
#include "common/context.h"
#include "common/names.h"
#include "common/ptr_map.h"
#include "parser/mof_ast.h"
#include <stdio.h>

typedef struct model_class model_class;
typedef struct model_namespace model_namespace;
typedef struct feature_map feature_map;   /* schema/feature_map.h */

typedef struct model_qualdecl {
    const char *name;
    mof_type type;
    bool array;
    uint64_t fixed_size;        /* N of "uint32[N]"; 0: variable or scalar */
    const ast_value *def;
    unsigned scopes;            /* SC_* */
    unsigned flavors;           /* FL_*, defaults filled in */
    bool builtin;               /* mofc's table, not the input */
    mof_dialect only;           /* builtin: DIALECT_AUTO (DSP0004's), DIALECT_WMI
                                   (mofcomp's and the MI codec's) or DIALECT_MI
                                   (the MI codec's): see builtin_qualifiers.h */
    mof_span span;
} model_qualdecl;

typedef struct model_qualifier {
    const model_qualdecl *decl;
    const char *name;           /* as written */
    const ast_value *value;     /* NULL: no value given (true for booleans) */
    const model_class *from;    /* propagated from this class; NULL if own */
    mof_span span;
    unsigned flavors;           /* effective; after span: 48 bytes, not 56 */
} model_qualifier;

typedef struct model_quals {
    model_qualifier *items;
    size_t n;
} model_quals;

/* ValueMap/Values, parsed. Integer bounds are bit patterns of the
 * element's type (two's complement for signed types). */
typedef enum vm_kind { VM_VALUE, VM_RANGE, VM_STRING } vm_kind;
typedef struct model_vm_entry {
    vm_kind kind;
    bool has_lo, has_hi;        /* a range "a..", "..b" or ".." */
    uint64_t lo, hi;
    const char *text;           /* the ValueMap entry */
    const char *name;           /* the Values entry, NULL without Values */
} model_vm_entry;

typedef struct model_valuemap {
    mof_type type;
    bool is_signed;
    model_vm_entry *items;
    size_t n;
} model_valuemap;

typedef struct model_param {
    const char *name;
    mof_type type;
    bool array;
    uint64_t fixed_size;        /* 0: variable or scalar */
    const char *ref_class_name;
    const model_class *ref_class;
    const char *embedded_class_name;   /* EmbeddedInstance("C") */
    const model_class *embedded_class;
    bool embedded_object;       /* EmbeddedObject */
    bool class_typed;           /* declared with the class as its type (WMI, MI):
                                   embedded_class_name is that class */
    bool in, out, required;
    model_quals quals;
    const model_valuemap *vmap;
    mof_span span, type_span;
} model_param;

typedef enum model_feature_kind { MF_PROPERTY, MF_REFERENCE, MF_METHOD } model_feature_kind;

typedef struct model_feature {
    model_feature_kind kind;
    const char *name;
    mof_type type;              /* property type, TYPE_REF, or method return */
    bool array;
    uint64_t fixed_size;
    const char *ref_class_name;
    const model_class *ref_class;
    const char *embedded_class_name;
    const model_class *embedded_class;
    bool embedded_object;
    bool class_typed;           /* as in model_param */
    bool key, required;
    const ast_value *def;       /* default value */
    model_quals quals;          /* effective */
    const model_valuemap *vmap; /* on a method: the return value's */
    model_param *params;
    size_t nparams;
    const model_class *origin;  /* the class whose declaration this is */
    size_t slot;                /* place among the class's features, the same
                                 * in every subclass (an override takes the
                                 * place of what it overrides) */
    const struct model_feature *overrides;
    mof_span span, type_span;
} model_feature;

struct model_class {
    const char *name;
    const model_namespace *ns;
    const model_class *super;
    const char *alias;
    /* Features are not copied into subclasses (a deep hierarchy would cost
     * n^2 memory): a class holds its own ones, and finds inherited ones by
     * name in fmap (shared with the superclass) or all of them in order
     * with model_class_features(). */
    model_feature **own;        /* declared here, new ones and overrides, in
                                 * declaration order (origin is this class) */
    size_t nown;
    size_t nfeatures;           /* own and inherited: the flattened class */
    const feature_map *fmap;    /* name -> feature, own and inherited */
    model_quals quals;          /* effective */
    bool abstract, association, indication;
    bool system;                /* a WMI system class (__Namespace ...) */
    mof_dialect dialect;        /* of the file that declares it */
    bool invalid;               /* had errors: later checks stay quiet */
    bool has_subclass;          /* a class declared so far derives from it */
    const model_class *replaced;   /* WMI, MI: the earlier declaration of this
                                    * name this later one replaced (its own
                                    * `replaced` chains further back), or NULL */
    size_t nkeys;
    mof_span span;
    mof_span name_span;         /* the class name after "class" */
};

typedef struct model_prop_value {
    const char *name;
    const model_feature *feature;
    const ast_value *value;     /* NULL: a WMI DYNPROPS entry (a provider gives it) */
    model_quals quals;          /* the value's own qualifiers ([Dynamic, Provider (...)]) */
    mof_span span;
} model_prop_value;

typedef struct model_instance {
    const model_class *cls;
    const model_namespace *ns;
    const char *alias;
    model_prop_value *props;
    size_t nprops;
    model_quals quals;          /* own, plus the class's ToInstance ones */
    mof_span span;
    bool value_only;            /* named by $alias only as an embedded value
                                 * (DSC's MSFT_Credential), never as a reference:
                                 * a value, not an instance of the namespace, so
                                 * export writes it only where it is used */
} model_instance;

struct model_namespace {
    const char *name;           /* normalised: root/HyperVCluster/v2 */
    name_table classes;
    name_table qualdecls;
    model_class **class_list;   /* declaration order */
    size_t nclasses, cap;
};

typedef struct schema_model {
    model_namespace **ns;
    size_t nns, cap_ns;
    model_instance **instances;
    size_t ninstances, cap_inst;
    name_table namespaces;      /* by lower-case name */
    /* Embedded instance values given inline (`instance of C {...}`) or as a
     * string of MOF: the ast_value -> its checked model_instance (not one
     * of `instances`), for mofc export. */
    ptr_map embedded;
    name_table aliases;         /* "$x" -> the top-level model_instance it names */
} schema_model;

/* Builds and checks the model; problems go to the context's sink. Never
 * returns NULL; the model is usable (for dumps) even with errors. */
schema_model *schema_build(mofc_ctx *ctx, const ast_unit *unit);
void schema_free(schema_model *m);

/* The same, file by file, so that a parse tree costs one file at a time
 * (mof_parse_files_each): each item is built as soon as its file is
 * parsed, and its tree may be freed once schema_build_item returns (the
 * model copies the names and values it keeps). The diagnostics come out
 * as schema_build's would: after every parse diagnostic, once
 * schema_build_end(b, true) has run. keep_text: keep Description texts
 * (emitters write them; otherwise the model has an empty Description where
 * validation does not compare it). whole false (a file could not be read,
 * or the tree is not whole: mof_parse_tree_whole) drops what was built and
 * found, as schema_build would not have run, and returns NULL. */
typedef struct builder schema_builder;
schema_builder *schema_build_begin(mofc_ctx *ctx, bool keep_text);
/* kept: the item's tree lives as long as the context (mof_parse_files_each),
 * so nothing of it is copied. */
void schema_build_item(schema_builder *b, const ast_item *it, bool kept);
schema_model *schema_build_end(schema_builder *b, bool whole);

const model_class *model_find_class(const model_namespace *ns, const char *name);
/* A feature of the class, own or inherited, by name; O(log n). */
const model_feature *model_find_feature(const model_class *c, const char *name);
/* Every feature of the class, own and inherited, in declaration order
 * (inherited first; an override in the place of what it overrides): a
 * malloc'd array of c->nfeatures entries (NULL when there are none) that
 * the caller frees. O(c->nfeatures), whatever the depth. Aborts when
 * memory runs out, like the arena. */
const model_feature **model_class_features(const model_class *c);
const model_qualifier *model_find_qualifier(const model_quals *q, const char *name);
bool model_is_subclass(const model_class *c, const model_class *ancestor);
/* The range of an integer type; false for other types. */
bool int_type_range(mof_type t, bool *is_signed, int64_t *smin, int64_t *smax, uint64_t *umax);

/* mofc check --dump-model */
void schema_dump(mofc_ctx *ctx, const schema_model *m, FILE *out);
#endif
