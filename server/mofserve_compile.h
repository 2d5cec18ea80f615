/* mofserve: the schema and instance MOF compiled in process with libmofc
 * (parse, check) into what libmofsrv takes: the classes as descriptors
 * (mofserve_classes.h, for mofsrv_add_classes) and the instances as a
 * CIM-XML document (`mofc export`'s INSTANCE elements, for
 * mofsrv_load_schema_mem). */
#ifndef MOFSERVE_COMPILE_H
#define MOFSERVE_COMPILE_H

#include <stddef.h>

#include "server/mofserve_classes.h"

typedef struct mofserve_schema {
    mofserve_classes classes;
    char *instances_xml;        /* malloc'd; NULL when the MOF has no instance */
    size_t instances_len;
} mofserve_schema;

/* Compiles files (schema first, then instance files) as one unit into
 * out; the model is freed before it returns. Each file starts in namespace
 * ns (the one served; slash form), whatever its dialect's default, until
 * its own #pragma namespace. Diagnostics go to stderr, as `mofc check`
 * prints them. 0 when compiled, 1 on errors in the MOF, 2 when a file
 * cannot be read (out is then empty). */
int mofserve_compile(const char *const *files, size_t nfiles, const char *const *include_dirs,
                     size_t ndirs, const char *ns, mofserve_schema *out);
void mofserve_schema_free(mofserve_schema *s);

#endif
