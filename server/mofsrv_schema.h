/* libmofsrv: the schema and fixture instances read from a `mofc export`
 * document (CIM-XML DECLARATION: VALUE.OBJECT with CLASS or INSTANCE).
 *
 * Classes are kept as libxml2 subtrees (read-only after loading, so any
 * thread may read them) and re-emitted by GetClass; each class gets its
 * effective key property names (own and inherited). Instances are decoded
 * with libmofrt's hardened INSTANCE decoder and handed to the caller. */
#ifndef MOFSRV_SCHEMA_H
#define MOFSRV_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/mofrt.h"

typedef struct mofsrv_class {
    const char *name;          /* as spelled in the CLASS element (owned by the doc) */
    const char *superclass;    /* NULL for a root class */
    struct mofsrv_class *super;    /* resolved superclass, NULL when root or unknown */
    void *node;                /* xmlNode of the CLASS element */
    size_t nkeys;
    const char **keys;         /* effective key names, sorted case-insensitively */
    size_t nsubs;
    struct mofsrv_class **subs;    /* this class and every subclass (deep), self first */
    size_t index;              /* position in mofsrv_schema.classes */
    bool association;          /* Association qualifier (inherited by subclasses in the export) */
} mofsrv_class;

typedef struct mofsrv_schema {
    void *doc;                 /* xmlDoc */
    size_t nclasses;
    mofsrv_class *classes;
    size_t ninsts;
    mofrt_instance **insts;    /* fixture instances, no paths; owned until taken */
} mofsrv_schema;

/* Loads the document at path. On failure returns -1 and a message in err. */
int mofsrv_schema_load(const char *path, mofsrv_schema *out, mofrt_error *err);
/* Same from memory. */
int mofsrv_schema_load_mem(const char *xml, size_t len, mofsrv_schema *out, mofrt_error *err);
void mofsrv_schema_free(mofsrv_schema *s);

/* Case-insensitive lookup; NULL when unknown. */
const mofsrv_class *mofsrv_schema_find(const mofsrv_schema *s, const char *name);
/* c is `ancestor` or derives from it (case-insensitive). */
bool mofsrv_class_is_a(const mofsrv_class *c, const char *ancestor);

/* c declares or inherits property `name`. */
bool mofsrv_class_has_prop(const mofsrv_class *c, const char *name);

/* Method `method` of c: 1 when it is [Static], 0 when not, -1 when c has
 * no such method. */
int mofsrv_class_method_static(const mofsrv_class *c, const char *method);

/* The instance name of inst (class + key values), or NULL when the class is
 * unknown or has no keys (err says why). */
mofrt_path *mofsrv_schema_path_of(const mofsrv_schema *s, const mofrt_instance *inst, mofrt_error *err);

/* Writes the CLASS element of c for GetClass. The export lists inherited
 * members too (PROPAGATED="true"): local_only drops them; qualifiers and
 * CLASSORIGIN attributes are kept or dropped as asked; props (NULL: all)
 * carries the PropertyList. */
void mofsrv_schema_write_class(mofrt_xw *w, const mofsrv_class *c, bool local_only,
                           bool include_qualifiers, bool include_class_origin, const mofrt_op *props);

#endif
