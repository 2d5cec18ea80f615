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
    /* Threads: 0 (not given) and 1 build and render each class on the
     * calling thread; 2 or more render on a second thread while the next
     * class is built, when the process may run on two processors. Same
     * output either way. Not the default: where the two processors share
     * a core's resources (the 2-vCPU machines measured, docs/limits.md)
     * each thread runs about 1.5x slower, and the second thread cost 40%
     * more CPU for a slower run. */
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
