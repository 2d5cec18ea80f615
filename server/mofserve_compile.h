/* mofserve: MOF -> CIM-XML (the checked classes and instances) with the
 * compiler linked in. */
#ifndef MOFSERVE_COMPILE_H
#define MOFSERVE_COMPILE_H

#include <stddef.h>

/* Compiles files (schema first, then instance files) as one unit and
 * writes the export to out_path. Diagnostics go to stderr. 0 when written,
 * 1 on errors in the MOF, 2 when a file cannot be read. */
int mofserve_compile(const char *const *files, size_t nfiles, const char *const *include_dirs,
                     size_t ndirs, const char *out_path);

#endif
