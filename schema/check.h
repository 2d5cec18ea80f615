/* Private to schema/: the state of one model build, and the checks each
 * file of schema/ provides. */
#ifndef MOFC_SCHEMA_CHECK_H
#define MOFC_SCHEMA_CHECK_H
#include "schema/model.h"

#include "schema/class_tree.h"
typedef struct builder builder;
struct builder {
    mofc_ctx *ctx;
    schema_model *m;
    model_namespace *ns;          /* current, per #pragma namespace */
    name_table aliases;           /* "$x" -> model_instance or model_class */
    name_table alias_spans;       /* "$x" -> ast_ident (first definition) */
    ast_unit builtin[DIALECT_COUNT];   /* dialects/: built-in classes, read on first use */
    bool builtin_read[DIALECT_COUNT];
    bool in_builtin;              /* declaring a built-in class: it is a system class */
    ptr_map used_as_value;        /* instances a $alias names as an embedded value */
    ptr_map used_as_ref;          /* instances a $alias names as a reference */
    size_t nreplaced;             /* classes a later declaration replaced (class_build) */
    /* File by file (schema_build_begin): the tree of each item is freed
     * after it is built, so the model copies what it keeps (keep.c). */
    bool transient;
    bool keep_text;               /* transient: keep Description texts too */
    bool forked;                  /* diagnostics go to sink until the end */
    diag_sink sink;
    uint32_t top;                 /* the command-line file of the last item */
    class_tree tree;              /* subclass questions in O(log depth) */
};

#define B_ARENA (&b->ctx->arena)
#define B_DIAG (&b->ctx->diag)

/* The dialect of the file sp is in (settled: DMTF, WMI or MI). */
static inline mof_dialect b_dialect(builder *b, mof_span sp)
{
    return mofc_file_dialect(b->ctx, sp.file);
}
static inline bool b_wmi(builder *b, mof_span sp) { return b_dialect(b, sp) == DIALECT_WMI; }
/* model_is_subclass without walking up the superclasses (class_tree.h). */
static inline bool b_is_subclass(builder *b, const model_class *c, const model_class *ancestor)
{
    return class_tree_is_subclass(&b->tree, B_ARENA, c, ancestor);
}
/* Read by one of Microsoft's tools (mofcomp or the MI codec), which share
 * WMI's syntax and qualifier typing. */
static inline bool b_microsoft(builder *b, mof_span sp) { return b_dialect(b, sp) != DIALECT_DMTF; }

/* namespaces.c */
model_namespace *ns_get(builder *b, const char *name);
void ns_pragma(builder *b, const ast_pragma *p);
void ns_add_class(builder *b, model_namespace *ns, model_class *c);
/* Drops from each namespace's class_list the declarations a later one
 * replaced (once, after every class is built: linear in the classes). */
void ns_drop_replaced(builder *b);
const char *ns_default(builder *b, mof_span sp);

/* qualifiers.c */
void qualdecl_add(builder *b, const ast_qualifier_decl *d);
/* Resolves and checks a qualifier list for an element of the given scope
 * (SC_*); what names the element in messages ("class 'A'"). */
void quals_own(builder *b, const ast_qual_list *q, unsigned scope, const char *what, model_quals *out);
/* Effective qualifiers: own ones plus what propagates from parent (the
 * superclass or the overridden feature), checking DisableOverride. */
void quals_inherit(builder *b, model_quals *own, const model_quals *parent, const model_class *from);
bool qual_bool(const model_quals *q, const char *name);
const char *qual_string(const model_quals *q, const char *name);
bool ast_has_qual(const ast_qual_list *q, const char *name, const ast_value **value);

/* values.c */
/* Joins up to five parts (NULL ends them early) into buf: the "property
 * 'A.X'" that messages call an element. Built for every element checked,
 * so by hand: snprintf here cost 5% of checking CIM 2.49. */
void describe(char *buf, size_t size, const char *a, const char *b, const char *c,
              const char *d, const char *e);
/* The same for nparts parts. */
void describe_parts(char *buf, size_t size, const char *const *parts, size_t nparts);
/* Whether *v fits the type; reports at the offending element. Replaces *v
 * by the value the model keeps when a leniency converts it (a scalar for
 * an array, an integer or one-character string for a char16). */
bool value_check(builder *b, mof_type t, bool array, const ast_value **v, const char *what);
/* The shape part of value_check alone (an array for an array, a single
 * value for a scalar; a scalar for an array converted where the dialect
 * allows it): for embedded instance values, whatever their form. */
bool value_shape(builder *b, bool array, const ast_value **v, const char *what);
/* A warning when an array value has more elements than the fixed size
 * (fixed: the N of "uint8 F[N]"; 0 for a variable-size array or a scalar).
 * DSP0004 bounds the array to N elements; fewer are accepted, as mofcomp
 * and DSP0201's ARRAYSIZE leave it open whether an array value must be full. */
void array_size_check(builder *b, uint64_t fixed, const ast_value *v, const char *what);
bool datetime_valid(const char *s);
/* Structural equality; NULL stands for a qualifier given without a value
 * (boolean true). */
bool value_equal(const ast_value *a, const ast_value *b);
bool int_fits(mof_type t, bool neg, uint64_t mag);

/* valuemap.c */
const model_valuemap *valuemap_build(builder *b, const model_quals *q, mof_type t, const char *what);

/* keep.c: copies out of a tree that is freed after its file (b->transient;
 * otherwise they change nothing). keep_class_tree and keep_qualdecl
 * repoint the tree's names and values, in place, at copies, before the
 * class is built; qualifier names and documentation values are left for
 * keep_model_class, which runs on the class built from the tree. */
const char *keep_name(builder *b, const char *s);
ast_value *keep_value(builder *b, const ast_value *v);
const ast_instance *keep_instance(builder *b, const ast_instance *ai);
void keep_qualdecl(builder *b, ast_qualifier_decl *q);
void keep_class_tree(builder *b, ast_class *ac);
void keep_model_class(builder *b, model_class *c);

/* classes.c */
void class_build(builder *b, const ast_class *ac);
/* A class of the current namespace; in WMI files a __-class is created
 * on first use (mofcomp has them in every namespace). */
model_class *class_lookup(builder *b, const char *name, mof_span at);
void classes_resolve(builder *b);

/* dialects/builtin_classes.c: a class dialect d's tool knows without a
 * declaration, declared in ns now; NULL if it has none of that name. */
model_class *builtin_class(builder *b, model_namespace *ns, const char *name, mof_dialect d);
/* On a "not declared" diagnostic dg about class name at: a note naming the
 * dialect that knows the class built in, when it is not the file's own. */
void builtin_class_note(builder *b, diagnostic *dg, const char *name, mof_span at);

/* instances.c */
void instance_build(builder *b, const ast_instance *ai);
/* A class property's default when the property holds embedded instances
 * (EmbeddedInstance, EmbeddedObject, object or a class type): checked as a
 * value of that property in an instance body (inline `instance of`, a
 * string of MOF, arrays of them); its class is checked by instances_check. */
void embedded_default_build(builder *b, model_feature *f, const char *what);
/* dialects/dsc_rules.c: the DSC resource schema rules (after classes are
 * resolved); whether a class derives from OMI_BaseResource. */
void dsc_rules_check(builder *b);
bool dsc_derives(const model_class *c);
void instances_check(builder *b);
/* embedded_graph.c: alias cycles, the export expansion, used_as_value */
void embedded_graph_check(builder *b);
#endif
