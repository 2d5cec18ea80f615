/* The tree templates are rendered with: the checked model of the classes
 * to generate, with every name already converted to C. Documented in
 * docs/templates.md ("The model mofc passes to templates"). */
#ifndef MOFC_GEN_MODEL_H
#define MOFC_GEN_MODEL_H
#include "codegen/tmpl_value.h"
#include "schema/model.h"

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
#endif
