/* Class metadata for the generated C: MOF constants as mofrt_literal
 * initialisers, qualifier tables (mofrt_qual_desc) and Description doc
 * comments, added to the template model by gen_model.c. */
#ifndef MOFC_GEN_META_H
#define MOFC_GEN_META_H
#include "codegen/tmpl_value.h"
#include "common/ptr_map.h"
#include "schema/model.h"

/* `{ count, (const char *const[]){ "text", NULL, ... } }` for a value of
 * a default or qualifier (CIM-XML text of each element; NULL value ->
 * `{ 0, NULL }`); `array`: the declared type is an array (a scalar given
 * for it becomes one element). */
const char *gen_literal(arena *a, const ast_value *v, bool array);

/* Sets `nquals` and `quals` (table, the C name of q's table, or NULL when
 * q has no qualifier) on obj, a shaped object (tmpl_shape) where they are
 * the keys at positions at and at + 1. */
void gen_quals_ref(tmpl_value *obj, size_t at, const char *table, const model_quals *q);
/* Appends q's table to `tables` ({name, rows: [row]}); q has qualifiers.
 * propagated_all: every qualifier is inherited (an inherited, not
 * overridden feature). Reads only q and what it points to (the checked
 * model, never written again): callable on another thread than the one
 * building the model, with an arena and tables of its own. */
void gen_qual_table(arena *a, tmpl_value *tables, const char *table, const model_quals *q,
                    bool propagated_all);

/* Sets `doc` on obj: the Description qualifier as comment lines (no
 * comment terminator inside, wrapped at about 76 columns), or an empty
 * list; `has_doc` says which. obj is a shaped object (tmpl_shape) where
 * they are the keys at positions at and at + 1. */
typedef struct gen_doc_cache {
    arena *keep;       /* where wrapped texts live (as long as the cache) */
    ptr_map wrapped;   /* Description text -> its wrapped lines (gen_meta.c) */
} gen_doc_cache;
void gen_doc(gen_doc_cache *c, tmpl_value *obj, size_t at, const model_quals *q);
#endif
