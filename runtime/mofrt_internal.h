/* libmofrt internals shared between translation units; not installed.
 * Names use the mofrt__ prefix (double underscore) to mark them private. */
#ifndef MOFRT_INTERNAL_H
#define MOFRT_INTERNAL_H

#include <libxml/tree.h>

#include "mofrt_desc.h"
#include "mofrt_xml.h"

/* Parse a document with the hardened settings and the limits: size, depth,
 * attribute length, no DTD declarations. NULL on failure with err set. */
xmlDocPtr mofrt__xml_parse(mofrt_decoder *dec, const char *xml, size_t len, const mofrt_limits *lim,
                           mofrt_error *err);

/* Limits, NULL meaning the defaults, without copying the struct each time. */
const mofrt_limits *mofrt__limits(const mofrt_limits *lim, mofrt_limits *storage);

/* Decoding helpers over a libxml2 tree (mofrt_xmldec.c). */
typedef struct mofrt__dec {
    const mofrt_limits *lim;
    mofrt_error *err;
    unsigned nesting;       /* embedded-instance depth of the current document */
    mofrt_decoder *decoder; /* parser context reused for embedded instances */
} mofrt__dec;

int mofrt__decode_instance(mofrt_decoder *dec, const char *xml, size_t len, const mofrt_limits *lim,
                           unsigned nesting, mofrt_instance **out, mofrt_error *err);

xmlNodePtr mofrt__first_elem(xmlNodePtr parent);
xmlNodePtr mofrt__next_elem(xmlNodePtr node);
bool mofrt__is(xmlNodePtr node, const char *name);
/* Attribute value, or NULL. The returned string is owned by the tree when
 * *owned stays NULL; otherwise the caller frees *owned (xmlFree). */
const char *mofrt__attr(xmlNodePtr node, const char *name, xmlChar **owned);
/* Attribute copied into a malloc'd string; NULL when absent (*present
 * false) or out of memory (*present true). */
char *mofrt__attr_dup(xmlNodePtr node, const char *name, bool *present);
int mofrt__dec_value(mofrt__dec *d, xmlNodePtr value_elem, mofrt_type t, bool embedded,
                     mofrt_value *out);
int mofrt__dec_value_array(mofrt__dec *d, xmlNodePtr arr_elem, mofrt_type t, bool embedded,
                           mofrt_value *out);
int mofrt__dec_value_reference(mofrt__dec *d, xmlNodePtr ref_elem, mofrt_path **out);
int mofrt__dec_value_refarray(mofrt__dec *d, xmlNodePtr arr_elem, mofrt_value *out);
int mofrt__dec_instancename(mofrt__dec *d, xmlNodePtr node, const char *host, const char *ns,
                            mofrt_path **out);
int mofrt__dec_localnamespacepath(mofrt__dec *d, xmlNodePtr node, char **ns);
int mofrt__dec_instance(mofrt__dec *d, xmlNodePtr node, mofrt_instance **out);
int mofrt__dec_named_instance(mofrt__dec *d, xmlNodePtr node, mofrt_instance **out);
/* PARAMTYPE / EmbeddedObject handling shared by PARAMVALUE and RETURNVALUE. */
bool mofrt__embedded_attr(xmlNodePtr node);

/* Scalar text without allocation (numbers, booleans, datetime, char16):
 * writes into buf (>= 48 bytes), returns the length or -1 (types that need
 * allocation or are invalid). */
int mofrt__scalar_format(const mofrt_value *v, char *buf, size_t bufsz);

/* PARAMTYPE / TYPE attribute value for a value of type t ("string" for
 * embedded instances, "reference" for references). */
const char *mofrt__xml_type_attr(mofrt_type t);

/* mofrt_xw_start / mofrt_xw_attr(n) without the check of the name: for
 * this library's encoders, which write only literal, valid names. */
void mofrt__xw_open(mofrt_xw *w, const char *name);
void mofrt__xw_attr(mofrt_xw *w, const char *name, const char *value);
void mofrt__xw_attrn(mofrt_xw *w, const char *name, const char *value, size_t n);

/* PARAMVALUE / RETURNVALUE (name NULL) element for a value. */
void mofrt__write_paramvalue(mofrt_xw *w, const char *elem, const char *name, const mofrt_value *v);

/* State of a typed field (mofrt_field.c). */
mofrt_state mofrt__field_state(mofrt_type t, unsigned flags, const void *field);

#endif
