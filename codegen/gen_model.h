/* The tree templates are rendered with: the checked model of the classes
 * to generate, with every name already converted to C. Documented in
 * docs/templates.md ("The model mofc passes to templates"). */
#ifndef MOFC_GEN_MODEL_H
#define MOFC_GEN_MODEL_H
#include "codegen/tmpl.h"
#include "schema/model.h"
#include <pthread.h>

typedef struct gen_request {
    const char *name;             /* output base name, a C identifier */
    const char *const *inputs;    /* the input files, for the banner */
    size_t ninputs;
    const char *const *classes;   /* --class; NULL/0: every class */
    size_t nclasses;
} gen_request;

/* Builds the tree; reports unknown --class names and C name clashes to the
 * sink. Returns NULL (after reporting) when nothing can be generated. */
tmpl_tree *gen_model_build(mofc_ctx *ctx, const schema_model *m, const gen_request *req);

/* The same model, class by class (what mofc gen renders with, so that its
 * memory does not grow with the flattened classes): gen_model_start builds
 * the root, where `classes` and `qual_tables` are streamed lists
 * (tmpl_object_set_stream) and `nclasses` is set; NULL (after reporting)
 * when nothing can be generated. After render jobs have been started on
 * gen_model_root, gen_model_stream builds each class in turn, pushes the
 * qualifier tables it adds and then the class, and frees them: false with
 * *err filled when a push (or building: out of memory) failed. */
typedef struct gm gen_model;
gen_model *gen_model_start(mofc_ctx *ctx, const schema_model *m, const gen_request *req);
const tmpl_value *gen_model_root(const gen_model *g);
/* With ctx_lock, the classes are rendered on a second thread while the
 * next are built (codegen/gen_pipe.h says what ctx_lock guards); NULL, or
 * when the thread cannot be started: on this one. */
bool gen_model_stream(gen_model *g, tmpl_error *err, pthread_mutex_t *ctx_lock);
void gen_model_free(gen_model *g);
#endif
