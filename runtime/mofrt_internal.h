/* libmofrt internals shared between translation units; not installed.
 * Names use the mofrt__ prefix (double underscore) to mark them private. */
#ifndef MOFRT_INTERNAL_H
#define MOFRT_INTERNAL_H

#include "mofrt_desc.h"
#include "mofrt_xml.h"

/* A document as the decoders read it (mofrt_xmltree.c): elements with
 * their attributes and text, built from libxml2's SAX2 callbacks; no
 * comments, no processing instructions, adjacent text joined. */
typedef struct mofrt__node {
    const char *name;          /* an element's local name; NULL: a text node */
    const char *text;          /* a text node's characters, NUL-terminated */
    size_t len;
    const char **attrs;        /* an element's attributes: nattrs (local name, value) pairs */
    size_t nattrs;
    struct mofrt__node *parent, *children, *last, *next;
} mofrt__node;
typedef struct mofrt__tree mofrt__tree;

/* Parse a document with the hardened settings and the limits: size, depth,
 * attribute length, no DTD declarations. NULL on failure with err set;
 * else the caller gives the tree back with mofrt__tree_release. */
mofrt__tree *mofrt__xml_parse(mofrt_decoder *dec, const char *xml, size_t len, const mofrt_limits *lim,
                              mofrt_error *err);
/* Kept in dec for its next document (or freed). NULL-safe. */
void mofrt__tree_release(mofrt_decoder *dec, mofrt__tree *t);
const mofrt__node *mofrt__tree_root(const mofrt__tree *t);

/* Building (mofrt_xmlparse.c's SAX2 callbacks): open an element (its
 * attributes then set one by one), text into the open element, close it.
 * NULL / -1 when out of memory. Element and attribute names are not
 * copied: they are the parser's interned names, whose owner (libxml2's
 * dictionary) the tree holds (mofrt__tree_hold) until it is freed or
 * holds another. */
mofrt__tree *mofrt__tree_new(void);
void mofrt__tree_reset(mofrt__tree *t);
void mofrt__tree_free(mofrt__tree *t);
/* Holds owner (ref(owner) once; drop(owner) when the tree is freed or
 * holds another): 0, or -1 when ref fails. */
int mofrt__tree_hold(mofrt__tree *t, void *owner, int (*ref)(void *), void (*drop)(void *));
mofrt__node *mofrt__tree_open(mofrt__tree *t, const char *name, size_t nattrs);
int mofrt__tree_attr(mofrt__tree *t, mofrt__node *n, const char *name, const char *value, size_t len);
int mofrt__tree_text(mofrt__tree *t, const char *s, size_t n);
void mofrt__tree_close(mofrt__tree *t);

/* An element's text content (all the text below it, in order): the text
 * node's own for the usual single one, else joined in t; NULL when out of
 * memory. */
const char *mofrt__node_text(mofrt__tree *t, const mofrt__node *n);
/* Attribute value, or NULL when absent. */
const char *mofrt__attr(const mofrt__node *node, const char *name);

/* Limits, NULL meaning the defaults, without copying the struct each time. */
const mofrt_limits *mofrt__limits(const mofrt_limits *lim, mofrt_limits *storage);

/* Decoding helpers over the tree (mofrt_xmldec.c). */
typedef struct mofrt__dec {
    const mofrt_limits *lim;
    mofrt_error *err;
    unsigned nesting;       /* embedded-instance depth of the current document */
    mofrt_decoder *decoder; /* parser context reused for embedded instances */
    mofrt__tree *tree;      /* the document read */
} mofrt__dec;

int mofrt__decode_instance(mofrt_decoder *dec, const char *xml, size_t len, const mofrt_limits *lim,
                           unsigned nesting, mofrt_instance **out, mofrt_error *err);

const mofrt__node *mofrt__first_elem(const mofrt__node *parent);
const mofrt__node *mofrt__next_elem(const mofrt__node *node);
bool mofrt__is(const mofrt__node *node, const char *name);
/* Attribute copied into a malloc'd string; NULL when absent (*present
 * false) or out of memory (*present true). */
char *mofrt__attr_dup(const mofrt__node *node, const char *name, bool *present);
int mofrt__dec_value(mofrt__dec *d, const mofrt__node *value_elem, mofrt_type t, bool embedded,
                     mofrt_value *out);
int mofrt__dec_value_array(mofrt__dec *d, const mofrt__node *arr_elem, mofrt_type t, bool embedded,
                           mofrt_value *out);
int mofrt__dec_value_reference(mofrt__dec *d, const mofrt__node *ref_elem, mofrt_path **out);
int mofrt__dec_value_refarray(mofrt__dec *d, const mofrt__node *arr_elem, mofrt_value *out);
int mofrt__dec_instancename(mofrt__dec *d, const mofrt__node *node, const char *host, const char *ns,
                            mofrt_path **out);
int mofrt__dec_localnamespacepath(mofrt__dec *d, const mofrt__node *node, char **ns);
int mofrt__dec_instance(mofrt__dec *d, const mofrt__node *node, mofrt_instance **out);
int mofrt__dec_named_instance(mofrt__dec *d, const mofrt__node *node, mofrt_instance **out);
/* PARAMTYPE / EmbeddedObject handling shared by PARAMVALUE and RETURNVALUE. */
bool mofrt__embedded_attr(const mofrt__node *node);

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
/* Records an element whose start tag "<NAME attributes" the caller wrote
 * raw (the tag left open, as after mofrt__xw_open): name for its end tag. */
void mofrt__xw_opened(mofrt_xw *w, const char *name);

/* PARAMVALUE / RETURNVALUE (name NULL) element for a value. */
void mofrt__write_paramvalue(mofrt_xw *w, const char *elem, const char *name, const mofrt_value *v);

/* The first property of inst that cls does not declare, or NULL (also
 * when out of memory: *oom). O(p log P) (mofrt_desc.c). */
const char *mofrt__unknown_prop(const mofrt_class_desc *cls, const mofrt_instance *inst, bool *oom);

/* State of a typed field (mofrt_field.c). */
mofrt_state mofrt__field_state(mofrt_type t, unsigned flags, const void *field);

#endif
