/* mofserve: the schema and instance MOF compiled in process with libmofc
 * (parse, check, `mofc export`) into a CIM-XML document for libmofsrv.
 * Only mofserve's main links the compiler; the library reads CIM-XML. */
#include "server/mofserve_compile.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "codegen/export.h"
#include "common/context.h"
#include "parser/mof_parse.h"
#include "schema/model.h"

int mofserve_compile(const char *const *files, size_t nfiles, const char *const *include_dirs,
                     size_t ndirs, const char *out_path)
{
    mofc_ctx ctx;
    mofc_ctx_init(&ctx);
    ctx.include_dirs = (const char **)include_dirs;
    ctx.ninclude_dirs = ndirs;
    ast_unit unit = { 0 };
    bool read_ok = mof_parse_files(&ctx, files, nfiles, &unit);
    schema_model *model = NULL;
    bool ok = false;
    if (read_ok && ctx.diag.errors == 0)
        model = schema_build(&ctx, &unit);
    if (model && ctx.diag.errors == 0)
        ok = export_cimxml(&ctx, model, out_path);
    /* diagnostics as mofc check prints them: file:line:col, a caret */
    diag_print(&ctx.diag, stderr, DIAG_TEXT, true);
    int rc = !read_ok ? 2 : ctx.diag.errors || !ok ? 1 : 0;
    schema_free(model);
    mofc_ctx_free(&ctx);
    return rc;
}
