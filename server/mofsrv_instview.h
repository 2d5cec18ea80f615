/* libmofsrv: an instance as the host sends it (DSP0200 5.3.2.2
 * GetInstance, 5.3.2.11 EnumerateInstances, the association and pull
 * operations).
 *
 * Every property of the instance's class is sent, a property the provider
 * did not set as NULL (PROPERTY without VALUE), as OMI and OpenPegasus do:
 * clients that read an instance and send it back modified (sblim wbemcli
 * `mi`) find each property they may set. Then the request's filters:
 * PropertyList (only those named), DeepInheritance false (only the
 * properties of the requested class), LocalOnly true (only the properties
 * the instance's class itself defines or overrides: CLASSORIGIN is that
 * class; DSP0200 1.x's reading, deprecated in DSP0200 1.3 but applied when
 * a client asks), and IncludeClassOrigin (the CLASSORIGIN of each
 * property). A property the class does not declare is not sent. An
 * instance of a class the host does not know is sent as posted (PropertyList
 * still applied). */
#ifndef MOFSRV_INSTVIEW_H
#define MOFSRV_INSTVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "server/mofsrv_classprops.h"

/* The instance to write for inst under op's filters (op may be NULL: no
 * filter), only_of: DeepInheritance false's class (NULL: none). The view
 * borrows inst's values and the schema's names: it lives while both do.
 * origins (with op->include_class_origin) is the CLASSORIGIN of each of the
 * view's properties (NULL entries when not known), for
 * mofrt_xml_write_instance_with. */
typedef struct mofsrv_iview {
    mofrt_instance inst;
    const char **origins;
    mofrt_property *props;     /* owned */
    mofsrv_props cprops;       /* a CLASS element's properties (a descriptor's are used as they are) */
    mofsrv_props oprops;       /* DeepInheritance=false: the requested class's properties */
} mofsrv_iview;
/* Returns inst itself when nothing is to change, else &v->inst; NULL when
 * out of memory. Free with mofsrv_iview_clear either way. */
const mofrt_instance *mofsrv_iview_make(mofsrv_iview *v, const mofsrv_schema *schema, const mofrt_op *op,
                                        const mofsrv_class *only_of, const mofrt_instance *inst);
void mofsrv_iview_clear(mofsrv_iview *v);

#endif
