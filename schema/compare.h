/* mofc diff: the changes between two checked models of a schema, each
 * reported with its MOF4xxx code (common/diag_codes.def), whose catalog
 * severity is the change's class: breaking, compatible or info, and the
 * two Version qualifier rules (docs/diff.md says why each rule is in its
 * class). Compares the models, never the source: a change of layout or of
 * where a qualifier is written is no change. */
#ifndef MOFC_SCHEMA_COMPARE_H
#define MOFC_SCHEMA_COMPARE_H
#include "schema/model.h"

/* Reports into s, which holds both models' source files: the diagnostic
 * at the NEW location with a note at the OLD one, or for what was removed
 * at the OLD location with a note into NEW (old_file, new_file: the top
 * files, for what has no place on the other side). Output order follows NEW's
 * declarations and is deterministic; a feature is compared at the class
 * that declares it, not at every subclass. Cost linear in the models. */
void schema_compare(diag_sink *s, const schema_model *old_m, const schema_model *new_m,
                    uint32_t old_file, uint32_t new_file);
#endif
