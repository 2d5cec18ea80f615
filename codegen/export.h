/* mofc export: the checked schema as one CIM-XML (DSP0201) document, so
 * that servers get class declarations (GetClass) and initial instances
 * without linking the compiler. */
#ifndef MOFC_EXPORT_H
#define MOFC_EXPORT_H
#include "common/strbuf.h"
#include "schema/model.h"

/* <CIM><DECLARATION>, one DECLGROUP per namespace with its
 * LOCALNAMESPACEPATH, a VALUE.OBJECT/CLASS per class and a
 * VALUE.OBJECT/INSTANCE per instance; references resolved from aliases to
 * INSTANCENAMEs. Written atomically to path. */
bool export_cimxml(mofc_ctx *ctx, const schema_model *m, const char *path);
/* The same document appended to out; classes false: the instances only
 * (mofserve, which describes the classes from the model itself). */
void export_cimxml_buf(const schema_model *m, bool classes, strbuf *out);
/* The text a VALUE element holds for the scalar constant v, unescaped,
 * appended to out: TRUE/FALSE, a number, a string, a char16, a datetime;
 * embedded: v is an embedded instance (inline `instance of`, a string of
 * MOF, a $alias) and its text is the INSTANCE element's. false (nothing
 * appended) when v has no text: NULL, an alias naming nothing. */
bool export_value_text(strbuf *out, const schema_model *m, const ast_value *v, bool embedded);
#endif
