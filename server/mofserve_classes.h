/* mofserve: the checked model's classes as class descriptors
 * (runtime/mofrt_desc.h) for mofsrv_add_classes, so that GetClass and
 * EnumerateClasses of --schema classes are answered as for a module's
 * generated metadata, with no CIM-XML document of the schema. Only
 * mofserve links it (it reads the compiler's model). */
#ifndef MOFSERVE_CLASSES_H
#define MOFSERVE_CLASSES_H

#include <stddef.h>

#include "common/arena.h"
#include "runtime/mofrt.h"
#include "schema/model.h"

/* Descriptors of every class of the model but the system ones (WMI's
 * __ classes), in declaration order, namespace by namespace. Everything
 * (names, qualifier texts, defaults) is copied into `a`, so the model may
 * be freed; a string the model shares (an interned name, an inherited
 * member's qualifiers) is copied once and shared. Size and offsets are 0:
 * these classes have no typed structs. */
typedef struct mofserve_classes {
    arena a;
    const mofrt_class_desc **descs;   /* in a */
    size_t n;
} mofserve_classes;

/* The most members (properties and methods, each class counting its
 * inherited ones) the descriptors may hold: a descriptor lists its class
 * whole, so a class of many members with many subclasses costs their
 * product (CIM 2.49: 30,942; this limit: about 160 MB of descriptors). */
#define MOFSERVE_MAX_MEMBERS 2000000u

/* Builds the descriptors of m into out (initialised here). Costs the
 * flattened classes (each class's own and inherited members) plus the
 * text of the model's qualifiers and defaults once. -1 (nothing built)
 * when they would hold more than MOFSERVE_MAX_MEMBERS members: *members
 * says how many. Aborts when memory runs out, as the compiler's arena
 * does. */
int mofserve_classes_build(const schema_model *m, mofserve_classes *out, size_t *members);
void mofserve_classes_free(mofserve_classes *c);

#endif
