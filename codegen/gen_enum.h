/* The C of a ValueMap/Values enum (docs/templates.md, "An enum"): its
 * constants' values, the _to_string cases and ranges, filled into the
 * enum's template object from the names gen_model.c gave the constants
 * (naming them is where clashes are found; what is left reads only the
 * checked model, so it can run on the render thread, gen_pipe.h). */
#ifndef MOFC_GEN_ENUM_H
#define MOFC_GEN_ENUM_H
#include "codegen/tmpl_value.h"
#include "schema/model.h"

typedef struct gen_enum {
    tmpl_value *obj;              /* the enum's object (gen_enum_append; null keys until filled) */
    const model_valuemap *vm;     /* with an entry other than ".." */
    const char *type, *ctype, *what;
    /* Per entry i: names[2i] its constant (a range's _FIRST), names[2i+1]
     * a range's _LAST; NULL for "..". */
    const char **names;
} gen_enum;

/* Appends an enum's object to the list enums, for gen_enum_fill. */
tmpl_value *gen_enum_append(tmpl_value *enums);

/* Sets type, ctype, what, constants, cases, ranges, is_enum, otherwise
 * and has_cases on e->obj; strings in a. */
void gen_enum_fill(arena *a, const gen_enum *e);

/* The decimal text of a value of type t (bits as stored). */
const char *gen_enum_decimal(arena *a, mof_type t, uint64_t bits);
#endif
