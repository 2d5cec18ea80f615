/* Hardened libxml2 parsing for hostile input.
 *
 * What an attacker controls here is an HTTP request body, so: no network
 * (XML_PARSE_NONET), no entity substitution (no XML_PARSE_NOENT), no DTD
 * loading (no XML_PARSE_DTDLOAD), libxml2's own size caps kept (no
 * XML_PARSE_HUGE), and any markup declaration in a DOCTYPE (ENTITY, ELEMENT,
 * ATTLIST, NOTATION) stops the parser at once: that rules out "billion
 * laughs" and external entities before any expansion can happen. The
 * document goes through libxml2's SAX2 callbacks into the decoders' own
 * element tree (mofrt_xmltree.c), not libxml2's; depth and attribute
 * length are checked in those callbacks, so an over-deep document is
 * never fully built.
 * libxml2 error output is silenced per parser context (no global handler
 * is changed, so other libxml2 users in the process are unaffected). */
#include "runtime/mofrt_internal.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/dict.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

void mofrt_init(void)
{
    xmlInitParser();
}

mofrt_limits mofrt_limits_default(void)
{
    mofrt_limits l = {
        .max_input = MOFRT_DEFAULT_MAX_INPUT,
        .max_depth = MOFRT_DEFAULT_MAX_DEPTH,
        .max_attr_len = MOFRT_DEFAULT_MAX_ATTR_LEN,
        .max_params = MOFRT_DEFAULT_MAX_PARAMS,
        .max_array = MOFRT_DEFAULT_MAX_ARRAY,
        .max_props = MOFRT_DEFAULT_MAX_PROPS,
        .max_keys = MOFRT_DEFAULT_MAX_KEYS,
        .max_embed = MOFRT_DEFAULT_MAX_EMBED,
    };
    return l;
}

const mofrt_limits *mofrt__limits(const mofrt_limits *lim, mofrt_limits *storage)
{
    if (lim)
        return lim;
    *storage = mofrt_limits_default();
    return storage;
}

typedef struct pstate {
    const mofrt_limits *lim;
    unsigned depth;
    mofrt_err_kind fail;          /* set by a callback that stopped the parser */
    char why[128];
    mofrt__tree *tree;            /* what the document is built into */
} pstate;

static pstate *state_of(void *ctx)
{
    xmlParserCtxtPtr ctxt = ctx;
    return ctxt->_private;
}

static void stop(void *ctx, mofrt_err_kind kind, const char *why)
{
    pstate *st = state_of(ctx);
    if (st && st->fail == MOFRT_E_NONE) {
        st->fail = kind;
        strncpy(st->why, why, sizeof st->why - 1);
        st->why[sizeof st->why - 1] = '\0';
    }
    xmlStopParser((xmlParserCtxtPtr)ctx);
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                     int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    pstate *st = state_of(ctx);
    if (!st) {
        stop(ctx, MOFRT_E_USAGE, "parser state lost");
        return;
    }
    if (++st->depth > st->lim->max_depth) {
        stop(ctx, MOFRT_E_LIMIT, "element nesting deeper than the limit");
        return;
    }
    /* attributes: (localname, prefix, URI, value, end) per attribute */
    for (int i = 0; i < nb_attributes; i++) {
        const xmlChar *v = attributes[i * 5 + 3], *e = attributes[i * 5 + 4];
        if ((size_t)(e - v) > st->lim->max_attr_len) {
            stop(ctx, MOFRT_E_LIMIT, "attribute value longer than the limit");
            return;
        }
    }
    (void)prefix, (void)uri, (void)nb_namespaces, (void)namespaces, (void)nb_defaulted;
    mofrt__node *n = mofrt__tree_open(st->tree, (const char *)localname, (size_t)nb_attributes);
    for (int i = 0; n && i < nb_attributes; i++) {
        const xmlChar *v = attributes[i * 5 + 3], *e = attributes[i * 5 + 4];
        int len = (int)(e - v);
        /* libxml2 leaves a value's '&' as "&#38;" for its tree builder to
         * read again (its other references are replaced already) */
        xmlChar *dec = memchr(v, '&', (size_t)len)
                           ? xmlStringLenDecodeEntities(ctx, v, len, XML_SUBSTITUTE_REF, 0, 0, 0) : NULL;
        if (dec ? mofrt__tree_attr(st->tree, n, (const char *)attributes[i * 5], (const char *)dec,
                                   strlen((const char *)dec)) < 0
                : mofrt__tree_attr(st->tree, n, (const char *)attributes[i * 5], (const char *)v, (size_t)len) < 0)
            n = NULL;
        xmlFree(dec);
    }
    if (!n)
        stop(ctx, MOFRT_E_NOMEM, "out of memory");
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    (void)localname, (void)prefix, (void)uri;
    pstate *st = state_of(ctx);
    if (st && st->depth)
        st->depth--;
    if (st)
        mofrt__tree_close(st->tree);
}

/* Text, white space included; CDATA comes here too (XML_PARSE_NOCDATA). */
static void on_text(void *ctx, const xmlChar *ch, int len)
{
    pstate *st = state_of(ctx);
    if (st && mofrt__tree_text(st->tree, (const char *)ch, (size_t)len) < 0)
        stop(ctx, MOFRT_E_NOMEM, "out of memory");
}

/* Only a declared entity is passed here (the predefined ones and character
 * references come as text), and declarations stop the parser: never
 * reached, refused all the same. */
static void on_reference(void *ctx, const xmlChar *name)
{
    (void)name;
    stop(ctx, MOFRT_E_XML_DTD, "entity references are not accepted");
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *publicId,
                           const xmlChar *systemId, xmlChar *content)
{
    (void)name, (void)type, (void)publicId, (void)systemId, (void)content;
    stop(ctx, MOFRT_E_XML_DTD, "DOCTYPE with entity declarations is not accepted");
}

static void on_element_decl(void *ctx, const xmlChar *name, int type, xmlElementContentPtr content)
{
    (void)name, (void)type, (void)content;
    stop(ctx, MOFRT_E_XML_DTD, "DOCTYPE with element declarations is not accepted");
}

static void on_attribute_decl(void *ctx, const xmlChar *elem, const xmlChar *fullname, int type,
                              int def, const xmlChar *defaultValue, xmlEnumerationPtr tree)
{
    (void)elem, (void)fullname, (void)type, (void)def, (void)defaultValue;
    xmlFreeEnumeration(tree);   /* the callback owns it */
    stop(ctx, MOFRT_E_XML_DTD, "DOCTYPE with attribute declarations is not accepted");
}

static void on_notation_decl(void *ctx, const xmlChar *name, const xmlChar *publicId,
                             const xmlChar *systemId)
{
    (void)name, (void)publicId, (void)systemId;
    stop(ctx, MOFRT_E_XML_DTD, "DOCTYPE with notation declarations is not accepted");
}

static void on_unparsed_decl(void *ctx, const xmlChar *name, const xmlChar *publicId,
                             const xmlChar *systemId, const xmlChar *notationName)
{
    (void)name, (void)publicId, (void)systemId, (void)notationName;
    stop(ctx, MOFRT_E_XML_DTD, "DOCTYPE with entity declarations is not accepted");
}

static xmlParserInputPtr on_resolve(void *ctx, const xmlChar *publicId, const xmlChar *systemId)
{
    (void)publicId, (void)systemId;
    stop(ctx, MOFRT_E_XML_DTD, "external entities are not accepted");
    return NULL;
}

static void on_external_subset(void *ctx, const xmlChar *name, const xmlChar *ExternalID,
                               const xmlChar *SystemID)
{
    (void)ctx, (void)name, (void)ExternalID, (void)SystemID;   /* never loaded */
}

/* Swallows libxml2's diagnostics; the reason is read from ctxt->lastError. */
static void on_error(void *ctx, xmlErrorPtr error)
{
    (void)ctx, (void)error;
}

struct mofrt_decoder {
    xmlParserCtxtPtr ctxt;   /* kept between documents when the last parse succeeded */
    mofrt__tree *tree;       /* kept between documents (NULL while one is read) */
};

mofrt_decoder *mofrt_decoder_new(void)
{
    return calloc(1, sizeof(mofrt_decoder));
}

void mofrt_decoder_free(mofrt_decoder *dec)
{
    if (!dec)
        return;
    xmlFreeParserCtxt(dec->ctxt);
    mofrt__tree_free(dec->tree);
    free(dec);
}

/* A parser context ready for a new document: the decoder's, reset, when
 * it has one whose name dictionary is still small (names interned by
 * earlier documents would otherwise accumulate without bound), else new. */
static xmlParserCtxtPtr take_ctxt(mofrt_decoder *dec)
{
    if (dec && dec->ctxt) {
        xmlParserCtxtPtr c = dec->ctxt;
        dec->ctxt = NULL;
        if (c->dict && xmlDictSize(c->dict) <= MOFRT_DECODER_MAX_NAMES &&
            xmlCtxtResetPush(c, NULL, 0, NULL, NULL) == 0)
            return c;
        xmlFreeParserCtxt(c);
    }
    return xmlCreatePushParserCtxt(NULL, NULL, NULL, 0, NULL);
}

/* libxml2 (2.9) reports some faults, such as bytes the document's
 * encoding cannot convert, through its generic error function, which
 * XML_PARSE_NOERROR does not silence: a client could fill a server's
 * stderr with them. The error still fails the parse. */
static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* The decoder's tree, emptied, or a new one (the decoder's is in use
 * while an embedded instance of the document it holds is read). */
static mofrt__tree *take_tree(mofrt_decoder *dec)
{
    if (dec && dec->tree) {
        mofrt__tree *t = dec->tree;
        dec->tree = NULL;
        return t;
    }
    return mofrt__tree_new();
}

void mofrt__tree_release(mofrt_decoder *dec, mofrt__tree *t)
{
    if (!t)
        return;
    if (dec && !dec->tree) {
        mofrt__tree_reset(t);
        dec->tree = t;
    } else {
        mofrt__tree_free(t);
    }
}

static mofrt__tree *parse(mofrt_decoder *dec, const char *xml, size_t len, const mofrt_limits *lim,
                          mofrt_error *err);

/* The tree keeps libxml2's interned names, so it holds their dictionary. */
static int dict_ref(void *d)
{
    return xmlDictReference(d);
}

static void dict_drop(void *d)
{
    xmlDictFree(d);
}

mofrt__tree *mofrt__xml_parse(mofrt_decoder *dec, const char *xml, size_t len, const mofrt_limits *lim,
                              mofrt_error *err)
{
    mofrt_init();
    /* Per thread in libxml2; the caller's handler is put back after. */
    xmlGenericErrorFunc old = xmlGenericError;
    void *old_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, silent);
    mofrt__tree *t = parse(dec, xml, len, lim, err);
    xmlSetGenericErrorFunc(old_ctx, old);
    return t;
}

/* The code unit at i (bytes, or 16-bit units of a UTF-16 document), 0
 * past the end. */
static unsigned unit_at(const unsigned char *u, size_t n, size_t i, int width, bool big_endian)
{
    if (i >= n)
        return 0;
    if (width == 1)
        return u[i];
    return big_endian ? (unsigned)u[2 * i] << 8 | u[2 * i + 1] : (unsigned)u[2 * i + 1] << 8 | u[2 * i];
}

/* The index just past the first `close` at or after i (n when none). */
static size_t skip_past(const unsigned char *u, size_t n, size_t i, int width, bool big_endian, const char *close)
{
    size_t cl = strlen(close);
    for (; i < n; i++) {
        size_t k = 0;
        while (k < cl && unit_at(u, n, i + k, width, big_endian) == (unsigned char)close[k])
            k++;
        if (k == cl)
            return i + cl;
    }
    return n;
}

/* Whether some start tag has more than MOFRT_MAX_ATTRS_PER_ELEMENT
 * attributes (counted by their '=' outside quotes), found in one pass over
 * the text (n code units): comments, CDATA, processing instructions, end
 * tags and declarations are skipped. libxml2 checks a start tag's
 * attributes for duplicates pairwise before any callback could stop it:
 * 80,000 of them in a 0.8 MB request cost 1.7 s of CPU. */
static bool too_many_attributes(const unsigned char *u, size_t n, int width, bool big_endian)
{
    if (width == 1) {   /* a document of at most that many '=' cannot have such a tag */
        size_t eq = 0;
        for (const unsigned char *p = u; eq <= MOFRT_MAX_ATTRS_PER_ELEMENT && (p = memchr(p, '=', (size_t)(u + n - p)));
             p++)
            eq++;
        if (eq <= MOFRT_MAX_ATTRS_PER_ELEMENT)
            return false;
    }
    size_t i = 0;
    while (i < n) {
        if (width == 1) {
            const unsigned char *lt = memchr(u + i, '<', n - i);
            if (!lt)
                return false;
            i = (size_t)(lt - u);
        } else if (unit_at(u, n, i, width, big_endian) != '<') {
            i++;
            continue;
        }
        unsigned c = unit_at(u, n, i + 1, width, big_endian);
        if (c == '/' || c == '?' || c == '!') {   /* nothing counted in there */
            bool comment = c == '!' && unit_at(u, n, i + 2, width, big_endian) == '-';
            bool cdata = c == '!' && unit_at(u, n, i + 2, width, big_endian) == '[';
            i = skip_past(u, n, i + 2, width, big_endian, c == '?' ? "?>" : comment ? "-->" : cdata ? "]]>" : ">");
            continue;
        }
        unsigned count = 0;
        for (i++; i < n; i++) {
            unsigned x = unit_at(u, n, i, width, big_endian);
            if (x == '"' || x == '\'') {
                if (width == 1) {
                    const unsigned char *q = memchr(u + i + 1, (int)x, n - i - 1);
                    i = q ? (size_t)(q - u) : n;
                } else {
                    while (++i < n && unit_at(u, n, i, width, big_endian) != x)
                        ;
                }
            } else if (x == '=') {
                if (++count > MOFRT_MAX_ATTRS_PER_ELEMENT)
                    return true;
            } else if (x == '>') {
                break;
            }
        }
    }
    return false;
}

static mofrt__tree *parse(mofrt_decoder *dec, const char *xml, size_t len, const mofrt_limits *lim,
                          mofrt_error *err)
{
    if (!xml || len == 0)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_XML, "empty document"), NULL;
    if (len > lim->max_input || len > INT_MAX)
        return mofrt_error_set(err, MOFRT_CIM_ERR_SERVER_LIMITS_EXCEEDED, MOFRT_E_LIMIT,
                               "document of %zu bytes exceeds the limit of %zu", len,
                               lim->max_input), NULL;
    /* libxml2 drops a stray last byte of UTF-16 text without a word. */
    const unsigned char *u = (const unsigned char *)xml;
    bool utf16 = len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF) ||
                              (u[0] == '<' && u[1] == 0) || (u[0] == 0 && u[1] == '<'));
    if (utf16 && len % 2)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_XML,
                               "odd number of bytes in a UTF-16 document"), NULL;
    bool big_endian = utf16 && (u[0] == 0xFE || u[0] == 0);
    if (too_many_attributes(u, utf16 ? len / 2 : len, utf16 ? 2 : 1, big_endian))
        return mofrt_error_set(err, MOFRT_CIM_ERR_SERVER_LIMITS_EXCEEDED, MOFRT_E_LIMIT,
                               "an element with more than %u attributes", MOFRT_MAX_ATTRS_PER_ELEMENT), NULL;
    /* The push parser is given the whole document as one final chunk: same
     * checks and options as xmlCtxtReadMemory, but no per-document input
     * buffer set-up, and the context can be reset and reused. */
    xmlParserCtxtPtr ctxt = take_ctxt(dec);
    mofrt__tree *tree = take_tree(dec);
    if (!ctxt || !ctxt->sax || !tree || !ctxt->dict || mofrt__tree_hold(tree, ctxt->dict, dict_ref, dict_drop) < 0) {
        xmlFreeParserCtxt(ctxt);
        mofrt__tree_free(tree);
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory"), NULL;
    }
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
    xmlCtxtUseOptions(ctxt, opts);
    pstate st;
    memset(&st, 0, sizeof st);
    st.lim = lim;
    st.tree = tree;
    xmlSAXHandler *sax = ctxt->sax;   /* private to this context */
    if (sax->startElementNs != on_start) {   /* first use of this context */
        sax->startElementNs = on_start;
        sax->endElementNs = on_end;
        sax->entityDecl = on_entity_decl;
        sax->elementDecl = on_element_decl;
        sax->attributeDecl = on_attribute_decl;
        sax->notationDecl = on_notation_decl;
        sax->unparsedEntityDecl = on_unparsed_decl;
        sax->resolveEntity = on_resolve;
        sax->externalSubset = on_external_subset;
        sax->serror = on_error;
        sax->characters = on_text;
        sax->ignorableWhitespace = on_text;
        sax->reference = on_reference;
        /* no libxml2 document: nothing of libxml2's tree is built */
        sax->startDocument = NULL;
        sax->endDocument = NULL;
        sax->comment = NULL;
        sax->processingInstruction = NULL;
    }
    sax->error = NULL;
    sax->warning = NULL;
    ctxt->_private = &st;

    xmlParseChunk(ctxt, xml, (int)len, 1);
    xmlFreeDoc(ctxt->myDoc);   /* (none is made without startDocument) */
    ctxt->myDoc = NULL;
    bool ok = st.fail == MOFRT_E_NONE && mofrt__tree_root(tree) && ctxt->wellFormed;
    if (!ok) {
        if (st.fail == MOFRT_E_LIMIT)
            mofrt_error_set(err, MOFRT_CIM_ERR_SERVER_LIMITS_EXCEEDED, MOFRT_E_LIMIT, "%s", st.why);
        else if (st.fail != MOFRT_E_NONE)
            mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, st.fail, "%s", st.why);
        else {
            const xmlError *e = &ctxt->lastError;
            char msg[160];
            strncpy(msg, (e->message && e->code) ? e->message : "not well-formed", sizeof msg - 1);
            msg[sizeof msg - 1] = '\0';
            size_t n = strlen(msg);
            while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
                msg[--n] = '\0';
            mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_XML,
                            "XML not well-formed (line %d): %s", e->line, msg);
        }
        mofrt__tree_release(dec, tree);
        tree = NULL;
    }
    ctxt->_private = NULL;
    if (ok && dec)
        dec->ctxt = ctxt;          /* a context that failed is never reused */
    else
        xmlFreeParserCtxt(ctxt);
    return tree;
}
