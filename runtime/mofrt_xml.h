/* libmofrt: CIM-XML (DSP0201) decoding of requests and encoding of responses.
 *
 * Decoding uses libxml2 in a hardened configuration (no network, no entity
 * substitution, no DTD loading, documents with DTD declarations rejected,
 * size/depth/count limits from mofrt_limits). Encoding never builds a tree:
 * it writes text straight into a mofrt_buf through mofrt_xw.
 *
 * Thread safety: every function here is reentrant and may be called from
 * several threads at once on different objects. Call mofrt_init() once
 * before starting threads (it initialises libxml2, whose first-time
 * initialisation is not thread-safe); the decoders call it too, which is
 * harmless in single-threaded programs. libmofrt keeps no mutable global
 * state of its own and never touches libxml2's global error handlers. */
#ifndef MOFRT_XML_H
#define MOFRT_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "mofrt_buf.h"
#include "mofrt_error.h"
#include "mofrt_path.h"
#include "mofrt_value.h"

void mofrt_init(void);

/* ---- limits --------------------------------------------------------------- */
#define MOFRT_DEFAULT_MAX_INPUT      (1024u * 1024u) /* bytes of one document */
#define MOFRT_DEFAULT_MAX_DEPTH      64u     /* element nesting */
#define MOFRT_DEFAULT_MAX_ATTR_LEN   4096u   /* bytes of one attribute value */
#define MOFRT_DEFAULT_MAX_PARAMS     256u    /* (I)PARAMVALUEs of one call */
#define MOFRT_DEFAULT_MAX_ARRAY      65536u  /* elements of one VALUE.ARRAY */
#define MOFRT_DEFAULT_MAX_PROPS      4096u   /* properties of one INSTANCE */
#define MOFRT_DEFAULT_MAX_KEYS       64u     /* key bindings of one path */
#define MOFRT_DEFAULT_MAX_EMBED      4u      /* embedded instances inside embedded ... */
/* Attributes of one element: a fixed limit, checked before libxml2 parses
 * (its duplicate-attribute check costs the square of their number; no
 * CIM-XML element has more than 8). */
#define MOFRT_MAX_ATTRS_PER_ELEMENT  64u

typedef struct mofrt_limits {
    size_t max_input;
    unsigned max_depth;
    size_t max_attr_len;
    size_t max_params;
    size_t max_array;
    size_t max_props;
    size_t max_keys;
    unsigned max_embed;
} mofrt_limits;

/* The MOFRT_DEFAULT_* values. Functions taking `const mofrt_limits *`
 * use these when given NULL. */
mofrt_limits mofrt_limits_default(void);

/* ---- reusable decoder ---------------------------------------------------------
 * Optional: holds a libxml2 parser context that is reset and reused from
 * one document to the next (about 10% faster per request). One decoder per
 * thread; never share one between threads. A context is dropped after a
 * failed parse or once it has interned MOFRT_DECODER_MAX_NAMES names. */
#define MOFRT_DECODER_MAX_NAMES 4096
typedef struct mofrt_decoder mofrt_decoder;
mofrt_decoder *mofrt_decoder_new(void);     /* NULL on OOM */
void mofrt_decoder_free(mofrt_decoder *dec); /* NULL-safe */

/* ---- decoded requests ------------------------------------------------------ */
/* Which child element carried a (I)PARAMVALUE's value. */
typedef enum mofrt_pv_kind {
    MOFRT_PV_NONE = 0,        /* no child: NULL value */
    MOFRT_PV_VALUE,           /* VALUE or VALUE.ARRAY (scalar/array; maybe untyped) */
    MOFRT_PV_REFERENCE,       /* VALUE.REFERENCE or VALUE.REFARRAY */
    MOFRT_PV_CLASSNAME,       /* CLASSNAME: value is a STRING with the class name */
    MOFRT_PV_INSTANCENAME,    /* INSTANCENAME: value is a REFERENCE */
    MOFRT_PV_INSTANCE,        /* INSTANCE: value is an INSTANCE */
    MOFRT_PV_NAMEDINSTANCE    /* VALUE.NAMEDINSTANCE: INSTANCE with inst->path set */
} mofrt_pv_kind;

typedef struct mofrt_param {
    char *name;
    mofrt_value value;     /* untyped (v.untyped) when no PARAMTYPE was given */
    mofrt_pv_kind kind;
    bool typed;            /* PARAMTYPE attribute present */
    bool embedded;         /* EmbeddedObject / EMBEDDEDOBJECT attribute present */
} mofrt_param;

typedef struct mofrt_request {
    char *msg_id;            /* MESSAGE ID, echoed in the response */
    char *protocol_version;
    bool intrinsic;          /* IMETHODCALL (GetInstance...) vs METHODCALL */
    char *method;
    char *ns;                /* namespace, "root/cimv2" (NAMESPACE names joined by '/') */
    mofrt_path *target;      /* METHODCALL only: class path (static) or instance path */
    bool static_call;        /* METHODCALL on a LOCALCLASSPATH */
    size_t nparams;
    mofrt_param *params;
    /* Set by the host after decoding, never by the decoder: the user the
     * request was authenticated as (HTTP Basic), NULL without
     * authentication. Borrowed: mofrt_request_clear does not free it. */
    const char *user;
} mofrt_request;

/* Decodes a CIM-XML request document (one SIMPLEREQ). On failure *out is
 * left empty and err says why: MOFRT_E_XML (not well-formed / truncated),
 * MOFRT_E_XML_DTD (DTD declarations), MOFRT_E_LIMIT, MOFRT_E_CIMXML (valid XML
 * but not a CIM-XML request; also bad values inside it). */
int mofrt_xml_decode_request(const char *xml, size_t len, const mofrt_limits *lim,
                             mofrt_request *out, mofrt_error *err);
/* Same, reusing dec's parser context (dec may be NULL). */
int mofrt_decoder_request(mofrt_decoder *dec, const char *xml, size_t len,
                          const mofrt_limits *lim, mofrt_request *out, mofrt_error *err);
void mofrt_request_clear(mofrt_request *req);     /* NULL-safe */
/* Case-insensitive lookup; NULL when absent. */
const mofrt_param *mofrt_request_param(const mofrt_request *req, const char *name);

/* Decodes a standalone <INSTANCE> document (the text of an embedded
 * instance). `nesting` is how deep this instance is embedded (1 for an
 * instance inside a request's string VALUE): above lim->max_embed -> error. */
int mofrt_xml_decode_instance(const char *xml, size_t len, const mofrt_limits *lim,
                              unsigned nesting, mofrt_instance **out, mofrt_error *err);

/* ---- writer ---------------------------------------------------------------- */
/* A tiny streaming XML writer for elements the helpers below do not cover
 * (the server's CLASS element for GetClass...). Element and attribute names
 * are checked ([A-Za-z_][A-Za-z0-9_.:-]*), values and text escaped: & < > " '
 * become entities, \t \n \r character references (so attribute values
 * survive normalisation), other C0 controls and invalid UTF-8 bytes U+FFFD
 * (XML 1.0 cannot carry them at all). Errors (OOM, bad name, unbalanced
 * end, nesting > MOFRT_XW_MAX_DEPTH) are sticky: check mofrt_xw_finish(). */
#define MOFRT_XW_MAX_DEPTH 64

typedef struct mofrt_xw {
    mofrt_buf *buf;
    unsigned depth;
    bool in_start_tag;   /* "<NAME attrs" written, not yet closed with '>' */
    bool bad;            /* misuse detected */
    const char *stack[MOFRT_XW_MAX_DEPTH];
} mofrt_xw;

void mofrt_xw_init(mofrt_xw *w, mofrt_buf *buf);
/* Name strings must stay valid until the element is ended. */
void mofrt_xw_start(mofrt_xw *w, const char *name);
void mofrt_xw_attr(mofrt_xw *w, const char *name, const char *value);
void mofrt_xw_attrn(mofrt_xw *w, const char *name, const char *value, size_t n);
void mofrt_xw_text(mofrt_xw *w, const char *text);
void mofrt_xw_textn(mofrt_xw *w, const char *text, size_t n);
/* Raw, unescaped markup (caller guarantees well-formedness). */
void mofrt_xw_raw(mofrt_xw *w, const char *xml, size_t n);
/* Ends the innermost element. An element without content is written
 * "<X ...></X>", as clients that scan for end tags (sblim wbemcli) need for
 * PROPERTY, VALUE.ARRAY, INSTANCE, IRETURNVALUE...; only VALUE.NULL,
 * CLASSNAME, NAMESPACE (EMPTY in DSP0201), ERROR, PARAMVALUE and IPARAMVALUE
 * are self-closed "<X .../>" (wbemcli reads a NULL PARAMVALUE only so). */
void mofrt_xw_end(mofrt_xw *w);
/* 0 when all elements are closed and nothing failed; else -1 with err. */
int mofrt_xw_finish(mofrt_xw *w, mofrt_error *err);
/* The escaping used by the writer, appended to b. */
void mofrt_xml_escape(mofrt_buf *b, const char *s, size_t n);

/* ---- encoders (CIM-XML fragments) ------------------------------------------ */
/* VALUE / VALUE.ARRAY / VALUE.REFERENCE / VALUE.REFARRAY (nothing for NULL).
 * Embedded instances become a VALUE holding the escaped INSTANCE text. */
void mofrt_xml_write_value(mofrt_xw *w, const mofrt_value *v);
/* INSTANCE with PROPERTY / PROPERTY.ARRAY / PROPERTY.REFERENCE. */
void mofrt_xml_write_instance(mofrt_xw *w, const mofrt_instance *inst);
/* Same, with origins (NULL: none) giving each property's CLASSORIGIN
 * attribute (origins[i] for inst->props[i]; a NULL entry: none), as
 * IncludeClassOrigin asks (DSP0200 5.3.2.2, DSP0201 PROPERTY). */
void mofrt_xml_write_instance_with(mofrt_xw *w, const mofrt_instance *inst, const char *const *origins);
/* VALUE.NAMEDINSTANCE (needs inst->path). */
void mofrt_xml_write_named_instance(mofrt_xw *w, const mofrt_instance *inst);
/* INSTANCENAME (host/namespace ignored). */
void mofrt_xml_write_instancename(mofrt_xw *w, const mofrt_path *p);
/* The VALUE.REFERENCE body: INSTANCEPATH when host and namespace are known,
 * LOCALINSTANCEPATH with only a namespace, INSTANCENAME otherwise (and the
 * CLASSPATH / LOCALCLASSPATH / CLASSNAME forms for paths without keys). */
void mofrt_xml_write_reference(mofrt_xw *w, const mofrt_path *p);
/* LOCALNAMESPACEPATH from "root/cimv2". */
void mofrt_xml_write_localnamespacepath(mofrt_xw *w, const char *ns);
/* The embedded-instance text of inst (an INSTANCE element), appended to out. */
int mofrt_xml_instance_text(const mofrt_instance *inst, mofrt_buf *out, mofrt_error *err);

/* Envelope: <?xml?><CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID=..
 * PROTOCOLVERSION="1.0"><SIMPLERSP> ... and the matching end. */
void mofrt_xml_response_begin(mofrt_xw *w, const char *msg_id);
void mofrt_xml_response_end(mofrt_xw *w);
/* ERROR CODE= DESCRIPTION= */
void mofrt_xml_write_error(mofrt_xw *w, const mofrt_error *e);

/* Whole documents. Each resets nothing: output is appended to out. */
typedef struct mofrt_out_param {
    const char *name;
    const mofrt_value *value;
} mofrt_out_param;
/* METHODRESPONSE with RETURNVALUE (omitted when ret is NULL) and PARAMVALUEs. */
int mofrt_xml_encode_methodresponse(mofrt_buf *out, const char *msg_id, const char *method,
                                    const mofrt_value *ret, const mofrt_out_param *params,
                                    size_t nparams, mofrt_error *err);
/* METHODRESPONSE or IMETHODRESPONSE holding an ERROR. */
int mofrt_xml_encode_error_response(mofrt_buf *out, const char *msg_id, const char *method,
                                    bool intrinsic, const mofrt_error *e, mofrt_error *err);
/* IMETHODRESPONSE: begin writes the envelope up to and including
 * <IRETURNVALUE> (when with_return); the caller then writes INSTANCE,
 * VALUE.NAMEDINSTANCE, INSTANCENAME, CLASS... items; end closes it all. */
void mofrt_xml_imethodresponse_begin(mofrt_xw *w, const char *msg_id, const char *method,
                                     bool with_return);
void mofrt_xml_imethodresponse_end(mofrt_xw *w);

#endif
