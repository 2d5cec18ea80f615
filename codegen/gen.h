/* mofc gen: the checked model through the templates into NAME.h and
 * NAME.c, written only when their content changes. */
#ifndef MOFC_GEN_H
#define MOFC_GEN_H
#include "codegen/gen_model.h"

typedef struct gen_options {
    gen_request req;
    const char *outdir;
    const char *templates;      /* NULL: the installed (or in-tree) copy */
    const char *depfile;        /* NULL: no dependency file */
    bool dump_model;            /* print the template tree as JSON instead */
    bool skeleton;              /* also OUTDIR/NAME_provider.c, when it does not exist */
    /* Threads: 1 builds and renders each class on the calling thread; 0
     * (as many as there are processors) or more renders on a second
     * thread while the next class is built, when there are two
     * processors online. Same output either way. */
    unsigned jobs;
} gen_options;

/* Returns false when something was reported (errors in the sink). */
bool gen_run(mofc_ctx *ctx, const schema_model *m, const gen_options *o);

/* Writes data to path atomically (temporary file in the same folder,
 * then rename); with keep_same, not at all when the file already holds
 * exactly that (its time stamp stays, so make rebuilds nothing). On
 * failure reports with the path and the reason, leaves no temporary file
 * behind, and returns false. */
bool gen_write_file(mofc_ctx *ctx, const char *path, const char *data, size_t len, bool keep_same);
#endif
