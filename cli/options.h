/* Command-line options shared by mofc's commands. */
#ifndef MOFC_OPTIONS_H
#define MOFC_OPTIONS_H
#include "common/context.h"

typedef struct mofc_options {
    char **files;
    size_t nfiles;
    const char **include_dirs;
    size_t ninclude_dirs;
    char **include_roots;      /* --include-root, resolved by realpath(3) */
    size_t ninclude_roots;
    mof_dialect dialect;
    diag_format format;
    bool werror, quiet, dump_ast, dump_model, stats;
    size_t max_errors;
    bool max_errors_set;       /* given: diff has no limit otherwise */
    size_t max_warnings;
    mofc_limits limits;        /* --max-file-size=N ... (docs/limits.md) */
    const char **warn_flags;   /* "-Wfoo" / "-Wno-foo", applied in order */
    size_t nwarn_flags;
    /* gen */
    const char *outdir, *name, *templates, *depfile;
    bool md, dump_template_model, skeleton;
    const char **classes;
    size_t nclasses;
    size_t jobs;               /* --jobs=N; 0: not given */
    /* diff */
    const char **old_include_dirs, **new_include_dirs;   /* --old-I, --new-I */
    size_t nold_include_dirs, nnew_include_dirs;
    const char **allow;        /* --allow values, "CODE[,CODE]" each */
    size_t nallow;
} mofc_options;

enum { OPT_OK, OPT_HELP, OPT_USAGE };

/* Prints its own messages for bad usage. */
int options_parse(mofc_options *o, int argc, char **argv);
void options_apply(const mofc_options *o, mofc_ctx *ctx);
void options_free(mofc_options *o);
#endif
