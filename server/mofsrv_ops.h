/* libmofsrv: operations across providers — the routing a CIMOM does
 * between a client's request and the providers of a class and its
 * subclasses, and the sinks that turn what providers post into CIM-XML.
 * Nothing here knows HTTP; mofsrv_intrinsic.c reads the parameters and
 * calls these. */
#ifndef MOFSRV_OPS_H
#define MOFSRV_OPS_H

#include "server/mofsrv_host.h"

/* ---- sinks ------------------------------------------------------------------ */
/* What a host sink does with one posted result: the instance (NULL when
 * the provider posted a path only) and its name (always set). */
typedef int (*mofsrv_take_fn)(void *arg, const mofrt_instance *inst, const mofrt_path *path,
                              mofrt_error *err);

/* A sink that gives every posted result to take() as (instance, name):
 * typed objects are converted, missing names are made from the class keys. */
typedef struct mofsrv_nsink {
    mofrt_sink base;
    const mofsrv *s;
    mofsrv_take_fn take;
    void *arg;
    /* take() does not read an instance's name (GetInstance's INSTANCE):
     * a posted instance without one gets its keys checked, as when its
     * name is made, and take() gets a NULL name (false after init) */
    bool no_name;
} mofsrv_nsink;
void mofsrv_nsink_init(mofsrv_nsink *n, const mofsrv *s, mofsrv_take_fn take, void *arg);

/* What an XML sink writes per result (DSP0201 IRETURNVALUE content). */
typedef enum mofsrv_emit {
    MOFSRV_EMIT_INSTANCE,      /* INSTANCE (GetInstance) */
    MOFSRV_EMIT_NAMED,         /* VALUE.NAMEDINSTANCE (EnumerateInstances) */
    MOFSRV_EMIT_NAME,          /* INSTANCENAME (EnumerateInstanceNames) */
    MOFSRV_EMIT_OBJECT,        /* VALUE.OBJECTWITHPATH (Associators, References) */
    MOFSRV_EMIT_OBJECTPATH,    /* OBJECTPATH (AssociatorNames, ReferenceNames) */
    MOFSRV_EMIT_INSTANCEWITHPATH,  /* VALUE.INSTANCEWITHPATH (pull operations) */
    MOFSRV_EMIT_INSTANCEPATH   /* INSTANCEPATH (pull operations on paths) */
} mofsrv_emit;

typedef struct mofsrv_xsink {
    mofsrv_nsink n;
    const mofrt_op *op;
    const mofsrv_class *want;  /* results not of this class (or a subclass) are dropped */
    const mofsrv_class *only_of; /* DeepInheritance false: only this class's properties */
    mofsrv_emit emit;
    mofrt_xw *w;
    const char *host;          /* host name in INSTANCEPATHs */
    size_t count;
} mofsrv_xsink;
void mofsrv_xsink_init(mofsrv_xsink *x, const mofsrv *s, const mofrt_op *op, const mofsrv_class *want,
                       mofsrv_emit emit, mofrt_xw *w);
/* The xsink's take function (x is the mofsrv_xsink): writes one result to
 * x->w, counted in x->count unless filtered out. */
int mofsrv_xsink_take(void *x, const mofrt_instance *inst, const mofrt_path *path, mofrt_error *err);

/* ---- operations (results go to out; 0, or -1 with a CIM status in err) ----- */
/* GetInstance: the providers of name's class and its subclasses in turn,
 * until one posts it; CIM_ERR_NOT_FOUND when none does. */
int mofsrv_get(const mofsrv *s, const mofrt_op *op, const mofrt_path *name, mofrt_sink *out,
               mofrt_error *err);
/* EnumerateInstances(Names): every provider of c and its subclasses. */
int mofsrv_enumerate(const mofsrv *s, const mofrt_op *op, const mofsrv_class *c, mofrt_sink *out,
                     mofrt_error *err);
/* CreateInstance through the provider of the instance's class; *created
 * is the new name (caller frees). ModifyInstance / DeleteInstance through
 * the provider of the named class, then (CIM_ERR_NOT_FOUND) those of its
 * subclasses in turn, as GetInstance finds the instance a base-class path
 * names. */
int mofsrv_create(const mofsrv *s, const mofrt_op *op, const mofrt_instance *inst, mofrt_path **created,
                  mofrt_error *err);
int mofsrv_modify(const mofsrv *s, const mofrt_op *op, const mofrt_instance *inst, mofrt_error *err);
int mofsrv_delete(const mofsrv *s, const mofrt_op *op, const mofrt_path *name, mofrt_error *err);
/* Associators(Names) (op->kind says which) and References(Names) of source:
 * each association class's provider, its own associators/references when
 * it has them, else computed from its enumeration. Results are unique. */
int mofsrv_associators(const mofsrv *s, const mofrt_op *op, const mofrt_path *source, mofrt_sink *out,
                       mofrt_error *err);
int mofsrv_references(const mofsrv *s, const mofrt_op *op, const mofrt_path *source, mofrt_sink *out,
                      mofrt_error *err);

/* Host services: a copy of one instance; every instance of a class. */
int mofsrv_get_copy(const mofsrv *s, const mofrt_path *name, mofrt_instance **out, mofrt_error *err);
/* The same for a client's request op (its user, PropertyList). */
int mofsrv_get_copy_op(const mofsrv *s, const mofrt_op *op, const mofrt_path *name, mofrt_instance **out,
                       mofrt_error *err);
int mofsrv_enumerate_to(const mofsrv *s, const char *class_name, mofrt_sink *out, mofrt_error *err);

/* The module loader (mofsrv_module.c). */
void mofsrv_module_close(void *dl);

#endif
