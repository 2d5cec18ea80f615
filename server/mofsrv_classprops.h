/* libmofsrv: a class's properties as the class declares them, whatever
 * described the class (a module's or the schema's descriptor, or a CLASS
 * element of a `mofc export` document), in one shape: mofrt_prop_desc.
 *
 * What the store needs to check and complete an instance (DSP0004 7.5:
 * an instance has the properties of its class, of their declared types):
 * name, type (MOFRT_T_INSTANCE for an EmbeddedInstance/EmbeddedObject
 * string), MOFRT_F_ARRAY / MOFRT_F_KEY, ref_class (a reference's class, or
 * the EmbeddedInstance class; NULL for EmbeddedObject: any class), the MOF
 * default as CIM-XML text (def) and CLASSORIGIN (origin). offset, embedded
 * and quals are not set for a CLASS element. */
#ifndef MOFSRV_CLASSPROPS_H
#define MOFSRV_CLASSPROPS_H

#include <stdbool.h>
#include <stddef.h>

#include "server/mofsrv_schema.h"

typedef struct mofsrv_props {
    size_t count;
    const mofrt_prop_desc *items;        /* own and inherited, declaration order */
    const mofrt_prop_desc **by_name;     /* the same, sorted by name (case-insensitive) */
    mofrt_prop_desc *owned;              /* items when made from a CLASS element */
    const char **texts;                  /* their default values' text */
} mofsrv_props;

/* The properties of c into *out (valid while the schema is). A default
 * given as VALUE.REFERENCE in a CLASS element is left out (def.text NULL).
 * 0, or -1 (out of memory, err set; *out empty). */
int mofsrv_props_of(const mofsrv_class *c, mofsrv_props *out, mofrt_error *err);
/* The property named `name` (case-insensitive), or NULL. O(log n). */
const mofrt_prop_desc *mofsrv_props_find(const mofsrv_props *p, const char *name);
void mofsrv_props_free(mofsrv_props *p);   /* NULL-safe; leaves *p empty */

/* c is [Abstract] (the qualifier is Restricted: only c's own counts). */
bool mofsrv_class_abstract(const mofsrv_class *c);

#endif
