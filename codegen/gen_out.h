/* An output file of mofc gen, written as it is produced: the content goes
 * to a temporary file in the same folder, which replaces the target only
 * when everything was written (docs/limits.md: never a half-written file).
 * With keep_same, what is written is first compared with the existing
 * file, and no temporary file is made until they differ: an unchanged
 * output keeps its time stamp, so make rebuilds nothing. */
#ifndef MOFC_GEN_OUT_H
#define MOFC_GEN_OUT_H
#include "common/context.h"
#include <pthread.h>

typedef struct gen_out {
    mofc_ctx *ctx;
    const char *path;
    int old;        /* the existing file, while the output matches it; -1: none */
    char *old_buf;  /* what was read of it (malloc'd) */
    size_t old_pos, old_have;   /* old_buf[old_pos .. old_have) is still to compare */
    size_t len;     /* bytes written so far */
    char *tmp;      /* the temporary file, once there is one */
    int fd;         /* its descriptor; -1 before */
    char *buf;      /* writes are gathered here (GEN_OUT_BUF bytes) */
    size_t nbuf;
    bool failed;    /* reported (MOF3004); later writes are ignored */
    /* Written by another thread than ctx's (codegen/gen_pipe.h): held
     * while ctx is used (reports, the temporary file's name); NULL: none. */
    pthread_mutex_t *lock;
} gen_out;

void gen_out_open(gen_out *o, mofc_ctx *ctx, const char *path, bool keep_same);
/* Appends; false once writing failed (reported with the path and reason). */
bool gen_out_write(gen_out *o, const char *data, size_t len);
/* tmpl_write_fn for a gen_out. */
bool gen_out_write_fn(void *o, const char *data, size_t len);
/* commit: the target gets the content (or keeps it, when the same);
 * otherwise the temporary file is removed and the target left as it was.
 * Returns false when something was reported. */
bool gen_out_close(gen_out *o, bool commit);
#endif
