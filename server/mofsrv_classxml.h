/* libmofsrv: the CLASS element (DSP0201 5.2) of a class described by
 * generated metadata (mofrt_class_desc), for GetClass and
 * EnumerateClasses of the classes a module declares. */
#ifndef MOFSRV_CLASSXML_H
#define MOFSRV_CLASSXML_H

#include <stdbool.h>

#include "runtime/mofrt.h"

/* What the client asked for (DSP0200 5.3.2.1 / 5.3.2.9). */
typedef struct mofsrv_class_opts {
    bool local_only;             /* only the members (and class qualifiers) the class itself gives */
    bool include_qualifiers;     /* QUALIFIER elements, with flavors */
    bool include_class_origin;   /* CLASSORIGIN attributes */
    const mofrt_op *props;       /* PropertyList (NULL or has_props false: all) */
} mofsrv_class_opts;

/* Writes d as a CLASS element. Members are inherited when their origin is
 * another class: marked PROPAGATED="true" (their qualifiers too), left out
 * with local_only. */
void mofsrv_desc_write_class(mofrt_xw *w, const mofrt_class_desc *d, const mofsrv_class_opts *o);

#endif
