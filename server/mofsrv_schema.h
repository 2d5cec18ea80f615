/* libmofsrv: the classes a host serves and the fixture instances.
 *
 * Three sources. A `mofc export` document (CIM-XML DECLARATION: VALUE.OBJECT
 * with CLASS or INSTANCE), read with libxml2's streaming reader: its
 * classes are kept as libxml2 subtrees (read-only after loading, so any
 * thread may read them) and re-emitted by GetClass; its instances are
 * decoded one at a time with libmofrt's hardened INSTANCE decoder and handed
 * to the caller, never held as one tree. Class descriptors given as the schema
 * (mofsrv_add_classes: mofserve builds them from the MOF it compiles, no
 * XML tree). And the class descriptors generated into provider modules
 * (mofsrv_schema_add_descs): a class a module declares is described by its
 * descriptor (GetClass from the generated metadata), whether or not the
 * schema has it too. Each class gets its effective key property names (own
 * and inherited). Lookups by name are hashed: loading costs what the
 * classes and their inheritance depth are, not their count squared. */
#ifndef MOFSRV_SCHEMA_H
#define MOFSRV_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/mofrt.h"

typedef struct mofsrv_class {
    const char *name;          /* as spelled in the CLASS element (owned by the doc) */
    const char *superclass;    /* NULL for a root class */
    struct mofsrv_class *super;    /* resolved superclass, NULL when root or unknown */
    void *node;                /* xmlNode of the CLASS element, NULL when only a module declares it */
    const mofrt_class_desc *desc;  /* the generated metadata of a module, NULL when none */
    const char *module;        /* the module that gave desc (for messages); NULL when the
                                  schema gave it (mofsrv_add_classes): a module may replace it */
    size_t nkeys;
    const char **keys;         /* effective key names, sorted case-insensitively */
    size_t nsubs;
    struct mofsrv_class **subs;    /* this class and every subclass (deep), self first */
    size_t index;              /* position in mofsrv_schema.classes */
    bool association;          /* Association qualifier (inherited by subclasses in the export) */
} mofsrv_class;

typedef struct mofsrv_schema {
    void *doc;                 /* xmlDoc */
    size_t nclasses, capclasses;
    mofsrv_class *classes;
    size_t ninsts;
    mofrt_instance **insts;    /* fixture instances, no paths; owned until taken */
    size_t *slots;             /* name hash -> index + 1 (0: empty), nslots a power of 2 */
    size_t nslots;
} mofsrv_schema;

/* Loads the document at path. On failure returns -1 and a message in err. */
int mofsrv_schema_load(const char *path, mofsrv_schema *out, mofrt_error *err);
/* Same from memory. */
int mofsrv_schema_load_mem(const char *xml, size_t len, mofsrv_schema *out, mofrt_error *err);
void mofsrv_schema_free(mofsrv_schema *s);
/* The classes that clients cannot fully use through a CIM-XML decoder of
 * limits lim (mofrt_xml.h): more keys than an instance path may bind
 * (max_keys), more properties than an instance may carry (max_props).
 * DSP0004 sets no such bound, so a schema may have them: each is said as
 * one "warning: class C has N keys: ..." line appended to report. Returns
 * how many were said. */
size_t mofsrv_schema_over_limits(const mofsrv_schema *s, const mofrt_limits *lim, mofrt_buf *report);
/* Frees the fixture instances (insts) once the store holds its copies:
 * the server does not keep them twice. */
void mofsrv_schema_drop_instances(mofsrv_schema *s);

/* Adds the classes of a module (its mofrt_module.classes; module names it
 * in messages): a class the schema lacks is added, described by its
 * descriptor; a class the schema has too (from the document or
 * mofsrv_add_classes) is described by the module's descriptor from now on,
 * which must have the same properties and keys (else -1: err names the
 * class and the property); a class an earlier module gave stays as it was.
 * module NULL: descriptors given as the schema itself (mofsrv_add_classes):
 * a name met twice is an error. The class pointers of s change: call before
 * anything keeps one (the store, routes). An empty schema (zeroed) is
 * valid. */
int mofsrv_schema_add_descs(mofsrv_schema *s, const mofrt_class_desc *const *descs, size_t n,
                            const char *module, mofrt_error *err);

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
 * unknown or has no keys, or inst lacks a key value (err says why). */
mofrt_path *mofsrv_schema_path_of(const mofsrv_schema *s, const mofrt_instance *inst, mofrt_error *err);
/* The checks of mofsrv_schema_path_of without building the name: 0, or -1
 * with err as it would fail. */
int mofsrv_schema_check_keys(const mofsrv_schema *s, const mofrt_instance *inst, mofrt_error *err);

/* Writes the CLASS element of c for GetClass, from its descriptor when a
 * module gave one, else from the document. Inherited members
 * (PROPAGATED="true") are dropped by local_only; qualifiers and
 * CLASSORIGIN attributes are kept or dropped as asked; props (NULL: all)
 * carries the PropertyList. */
void mofsrv_schema_write_class(mofrt_xw *w, const mofsrv_class *c, bool local_only,
                           bool include_qualifiers, bool include_class_origin, const mofrt_op *props);

#endif
