/* hvclusterd: the schema and fixture instances read from a `mofc export`
 * document (CIM-XML DECLARATION: VALUE.OBJECT with CLASS or INSTANCE).
 *
 * Classes are kept as libxml2 subtrees (read-only after loading, so any
 * thread may read them) and re-emitted by GetClass; each class gets its
 * effective key property names (own and inherited). Instances are decoded
 * with libmofrt's hardened INSTANCE decoder and handed to the caller. */
#ifndef HV_SCHEMA_H
#define HV_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/mofrt.h"

typedef struct hv_class {
    const char *name;          /* as spelled in the CLASS element (owned by the doc) */
    const char *superclass;    /* NULL for a root class */
    struct hv_class *super;    /* resolved superclass, NULL when root or unknown */
    void *node;                /* xmlNode of the CLASS element */
    size_t nkeys;
    const char **keys;         /* effective key names, sorted case-insensitively */
    size_t nsubs;
    struct hv_class **subs;    /* this class and every subclass (deep), self first */
    size_t index;              /* position in hv_schema.classes */
} hv_class;

typedef struct hv_schema {
    void *doc;                 /* xmlDoc */
    size_t nclasses;
    hv_class *classes;
    size_t ninsts;
    mofrt_instance **insts;    /* fixture instances, no paths; owned until taken */
} hv_schema;

/* Loads the document at path. On failure returns -1 and a message in err. */
int hv_schema_load(const char *path, hv_schema *out, mofrt_error *err);
/* Same from memory. */
int hv_schema_load_mem(const char *xml, size_t len, hv_schema *out, mofrt_error *err);
void hv_schema_free(hv_schema *s);

/* Case-insensitive lookup; NULL when unknown. */
const hv_class *hv_schema_find(const hv_schema *s, const char *name);
/* c is `ancestor` or derives from it (case-insensitive). */
bool hv_class_is_a(const hv_class *c, const char *ancestor);

/* The instance name of inst (class + key values), or NULL when the class is
 * unknown or has no keys (err says why). */
mofrt_path *hv_schema_path_of(const hv_schema *s, const mofrt_instance *inst, mofrt_error *err);

/* Writes the CLASS element of c for GetClass. The export lists inherited
 * members too (PROPAGATED="true"): local_only drops them; qualifiers and
 * CLASSORIGIN attributes are kept or dropped as asked. */
void hv_schema_write_class(mofrt_xw *w, const hv_class *c, bool local_only,
                           bool include_qualifiers, bool include_class_origin);

#endif
