/* mofserve: the schema and instance MOF compiled in process with libmofc.
 * Only mofserve's main links the compiler; the library takes class
 * descriptors and CIM-XML instances. */
#include "server/mofserve_compile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/export.h"
#include "common/context.h"
#include "parser/mof_parse.h"
#include "schema/model.h"

int mofserve_compile(const char *const *files, size_t nfiles, const char *const *include_dirs,
                     size_t ndirs, const char *ns, mofserve_schema *out)
{
    memset(out, 0, sizeof *out);
    mofc_ctx ctx;
    mofc_ctx_init(&ctx);
    ctx.default_namespace = ns;
    ctx.include_dirs = (const char **)include_dirs;
    ctx.ninclude_dirs = ndirs;
    ast_unit unit = { 0 };
    bool read_ok = mof_parse_files(&ctx, files, nfiles, &unit);
    schema_model *model = NULL;
    if (read_ok && ctx.diag.errors == 0)
        model = schema_build(&ctx, &unit);
    bool ok = model && ctx.diag.errors == 0;
    size_t members = 0;
    if (ok && mofserve_classes_build(model, &out->classes, &members) < 0) {
        fprintf(stderr, "mofserve: the classes have %zu members, each class counting its inherited ones: more than "
                        "the %u mofserve describes (each class is described whole)\n", members, MOFSERVE_MAX_MEMBERS);
        ok = false;
    }
    if (ok) {
        if (model->ninstances) {
            strbuf b = STRBUF_INIT;
            export_cimxml_buf(model, false, &b);
            out->instances_len = b.len;
            out->instances_xml = b.data;   /* strbuf's malloc'd block, now ours */
        }
    }
    /* diagnostics as mofc check prints them: file:line:col, a caret */
    diag_print(&ctx.diag, stderr, DIAG_TEXT, true);
    int rc = !read_ok ? 2 : ok ? 0 : 1;
    schema_free(model);
    mofc_ctx_free(&ctx);
    return rc;
}

void mofserve_schema_free(mofserve_schema *s)
{
    if (!s)
        return;
    mofserve_classes_free(&s->classes);
    free(s->instances_xml);
    memset(s, 0, sizeof *s);
}
