/* mofc export: the checked schema as one CIM-XML (DSP0201) document, so
 * that servers get class declarations (GetClass) and initial instances
 * without linking the compiler. */
#ifndef MOFC_EXPORT_H
#define MOFC_EXPORT_H
#include "schema/model.h"

/* <CIM><DECLARATION>, one DECLGROUP per namespace with its
 * LOCALNAMESPACEPATH, a VALUE.OBJECT/CLASS per class and a
 * VALUE.OBJECT/INSTANCE per instance; references resolved from aliases to
 * INSTANCENAMEs. Written atomically to path. */
bool export_cimxml(mofc_ctx *ctx, const schema_model *m, const char *path);
#endif
