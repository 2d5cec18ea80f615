/* libmofsrv: schema and fixture loading from a `mofc export` document. */
#include "server/mofsrv_schema.h"

#include "server/mofsrv_classxml.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XN(s) ((const xmlChar *)(s))

static bool is_elem(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Attribute value as stored in the tree (no copy): the first text child. */
static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (strcmp((const char *)a->name, name) == 0)
            return a->children && a->children->content ? (const char *)a->children->content : "";
    return NULL;
}

static bool is_property(const xmlNode *n)
{
    return is_elem(n, "PROPERTY") || is_elem(n, "PROPERTY.ARRAY") || is_elem(n, "PROPERTY.REFERENCE");
}

/* QUALIFIER NAME=name with VALUE TRUE among n's children (Key,
 * Association, Static). */
static bool has_true_qualifier(const xmlNode *n, const char *name)
{
    for (const xmlNode *q = n->children; q; q = q->next) {
        if (!is_elem(q, "QUALIFIER") || !mofrt_name_eq(attr(q, "NAME"), name))
            continue;
        for (const xmlNode *v = q->children; v; v = v->next)
            if (is_elem(v, "VALUE") && v->children && v->children->content &&
                mofrt_name_eq((const char *)v->children->content, "true"))
                return true;
    }
    return false;
}

static int cmp_names(const void *a, const void *b)
{
    return mofrt_name_cmp(*(const char *const *)a, *(const char *const *)b);
}

/* ---- the name index: open addressing, names folded as mofrt_name_eq does -- */
static size_t name_hash(const char *name)
{
    size_t h = 14695981039346656037u & SIZE_MAX;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        unsigned char c = *p >= 'A' && *p <= 'Z' ? (unsigned char)(*p + ('a' - 'A')) : *p;
        h = (h ^ c) * (size_t)1099511628211u;
    }
    return h;
}

static void slot_set(size_t *slots, size_t nslots, const char *name, size_t i)
{
    size_t h = name_hash(name) & (nslots - 1);
    while (slots[h])
        h = (h + 1) & (nslots - 1);
    slots[h] = i + 1;
}

/* Indexes s->classes[i] (i < nclasses; the name not there yet), growing
 * the table to keep it at most half full. */
static int index_put(mofsrv_schema *s, size_t i, mofrt_error *err)
{
    if (2 * s->nclasses > s->nslots) {
        size_t n = s->nslots ? s->nslots : 16;
        while (2 * s->nclasses > n)
            n *= 2;
        size_t *slots = calloc(n, sizeof *slots);
        if (!slots)
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        for (size_t k = 0; k < s->nclasses; k++)
            if (k != i)
                slot_set(slots, n, s->classes[k].name, k);
        free(s->slots);
        s->slots = slots;
        s->nslots = n;
    }
    slot_set(s->slots, s->nslots, s->classes[i].name, i);
    return 0;
}

/* Effective keys: own key properties plus the superclass's (memoised by
 * `done`, cycles guarded by depth). */
static int resolve_keys(mofsrv_class *c, bool *done, unsigned depth, mofrt_error *err)
{
    if (done[c->index])
        return 0;
    if (c->desc) {   /* the descriptor lists inherited properties too */
        c->keys = calloc(c->desc->nprops ? c->desc->nprops : 1, sizeof *c->keys);
        if (!c->keys)
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        for (size_t i = 0; i < c->desc->nprops; i++)
            if (c->desc->props[i].flags & MOFRT_F_KEY)
                c->keys[c->nkeys++] = c->desc->props[i].name;
        qsort(c->keys, c->nkeys, sizeof *c->keys, cmp_names);
        done[c->index] = true;
        return 0;
    }
    if (depth > 64)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_CIMXML,
                               "class %s: superclass chain too deep or cyclic", c->name);
    size_t cap = 0;
    if (c->super) {
        if (resolve_keys(c->super, done, depth + 1, err) < 0)
            return -1;
        cap += c->super->nkeys;
    }
    for (const xmlNode *p = ((xmlNode *)c->node)->children; p; p = p->next)
        cap += is_property(p);
    c->keys = calloc(cap ? cap : 1, sizeof *c->keys);
    if (!c->keys)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    for (size_t i = 0; c->super && i < c->super->nkeys; i++)
        c->keys[c->nkeys++] = c->super->keys[i];
    for (const xmlNode *p = ((xmlNode *)c->node)->children; p; p = p->next) {
        const char *name = attr(p, "NAME");
        if (!is_property(p) || !name || !has_true_qualifier(p, "Key"))
            continue;
        bool dup = false;
        for (size_t i = 0; i < c->nkeys && !dup; i++)
            dup = mofrt_name_eq(c->keys[i], name);
        if (!dup)
            c->keys[c->nkeys++] = name;
    }
    qsort(c->keys, c->nkeys, sizeof *c->keys, cmp_names);
    done[c->index] = true;
    return 0;
}

/* What the reader found: CLASS subtrees (copied into the schema's own
 * document) and the decoded INSTANCEs. */
typedef struct collect {
    xmlNode **classes;
    mofrt_instance **insts;
    size_t nclasses, ninsts, capc, capi;
} collect;

static int push(void ***v, size_t *n, size_t *cap, void *x)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        void **nv = realloc(*v, nc * sizeof *nv);
        if (!nv)
            return -1;
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = x;
    return 0;
}

static int nomem(mofrt_error *err)
{
    return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
}

/* The INSTANCE the reader is on, decoded by libmofrt's hardened decoder
 * from its own text (the reader serialises the subtree). */
static int decode_instance(xmlTextReader *r, collect *c, mofrt_error *err)
{
    xmlChar *text = xmlTextReaderReadOuterXml(r);
    if (!text)
        return nomem(err);
    mofrt_limits lim = mofrt_limits_default();
    lim.max_input = 64u << 20;
    mofrt_instance *inst = NULL;
    int rc = mofrt_xml_decode_instance((const char *)text, strlen((const char *)text), &lim, 0, &inst, err);
    xmlFree(text);
    if (rc < 0) {   /* which one: the instance file's order and its class */
        xmlChar *cls = xmlTextReaderGetAttribute(r, XN("CLASSNAME"));
        char where[160];
        snprintf(where, sizeof where, "fixture instance %zu (of class %.100s)", c->ninsts + 1,
                 cls ? (const char *)cls : "?");
        xmlFree(cls);
        mofrt_error_prefix(err, where);
        return -1;
    }
    if (push((void ***)&c->insts, &c->ninsts, &c->capi, inst) < 0) {
        mofrt_instance_free(inst);
        return nomem(err);
    }
    return 0;
}

/* The CLASS the reader is on, copied under the root of `classes`. */
static int copy_class(xmlTextReader *r, xmlDoc *classes, collect *c, mofrt_error *err)
{
    xmlNode *n = xmlTextReaderExpand(r);
    if (!n)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_XML, "not well-formed XML");
    xmlNode *copy = xmlDocCopyNode(n, classes, 1);
    if (!copy)
        return nomem(err);
    xmlAddChild(xmlDocGetRootElement(classes), copy);
    return push((void ***)&c->classes, &c->nclasses, &c->capc, copy) < 0 ? nomem(err) : 0;
}

/* Streams the document: CLASS and INSTANCE elements anywhere below the CIM
 * root (up to 17 levels down) are taken whole and the reader frees each
 * subtree once it has moved past it, so the document is never held as one
 * tree: loading 40,000 instances costs their text and their decoded form. */
static int read_doc(xmlTextReader *r, xmlDoc *classes, collect *c, mofrt_error *err)
{
    bool root_seen = false;
    int rc = xmlTextReaderRead(r);
    while (rc == 1) {
        if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) {
            rc = xmlTextReaderRead(r);
            continue;
        }
        const char *name = (const char *)xmlTextReaderConstLocalName(r);
        int depth = xmlTextReaderDepth(r);
        if (!root_seen) {
            if (!name || strcmp(name, "CIM") != 0)
                return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_CIMXML, "root element is not CIM");
            root_seen = true;
            rc = xmlTextReaderRead(r);
            continue;
        }
        bool is_class = strcmp(name, "CLASS") == 0, is_inst = strcmp(name, "INSTANCE") == 0;
        if ((is_class && copy_class(r, classes, c, err) < 0) || (is_inst && decode_instance(r, c, err) < 0))
            return -1;
        rc = is_class || is_inst || depth > 16 ? xmlTextReaderNext(r) : xmlTextReaderRead(r);
    }
    if (rc < 0)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_XML, "not well-formed XML");
    if (!root_seen)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_CIMXML, "root element is not CIM");
    return 0;
}

static bool desc_is_association(const mofrt_class_desc *d)
{
    return (d->flags & MOFRT_C_ASSOCIATION) != 0;
}

static bool class_is_association(const mofsrv_class *k)
{
    return k->desc ? desc_is_association(k->desc) : has_true_qualifier(k->node, "Association");
}

/* Superclass links, associations, keys and subclass lists of every class,
 * (re)computed after classes were added. */
static int link_classes(mofsrv_schema *s, mofrt_error *err)
{
    for (size_t i = 0; i < s->nclasses; i++) {
        mofsrv_class *k = &s->classes[i];
        free(k->keys);
        free(k->subs);
        k->keys = NULL;
        k->subs = NULL;
        k->nkeys = k->nsubs = 0;
        k->index = i;
        k->association = false;
    }
    for (size_t i = 0; i < s->nclasses; i++) {
        mofsrv_class *k = &s->classes[i];
        k->super = k->superclass ? (mofsrv_class *)mofsrv_schema_find(s, k->superclass) : NULL;
    }
    /* Association is a TOSUBCLASS qualifier: a subclass is one too */
    for (size_t i = 0; i < s->nclasses; i++) {
        unsigned d = 0;
        for (const mofsrv_class *k = &s->classes[i]; k && d < 64 && !s->classes[i].association; k = k->super, d++)
            s->classes[i].association = class_is_association(k);
    }
    bool *done = calloc(s->nclasses ? s->nclasses : 1, sizeof *done);
    if (!done)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    int rc = 0;
    for (size_t i = 0; i < s->nclasses && rc == 0; i++)
        rc = resolve_keys(&s->classes[i], done, 0, err);
    free(done);
    if (rc < 0)
        return -1;
    /* subclass lists: every class is added to each of its ancestors
     * (walking up from each class: the sum of the depths, not n^2); nsubs
     * counts first, then fills, self first, subclasses in schema order */
    for (size_t j = 0; j < s->nclasses; j++) {
        unsigned d = 0;
        for (mofsrv_class *a = &s->classes[j]; a && d < 64; a = a->super, d++)
            a->nsubs++;
    }
    for (size_t i = 0; i < s->nclasses; i++) {
        s->classes[i].subs = calloc(s->classes[i].nsubs, sizeof(mofsrv_class *));
        if (!s->classes[i].subs)
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        s->classes[i].subs[0] = &s->classes[i];
        s->classes[i].nsubs = 1;
    }
    for (size_t j = 0; j < s->nclasses; j++) {
        unsigned d = 1;
        for (mofsrv_class *a = s->classes[j].super; a && d < 64; a = a->super, d++)
            a->subs[a->nsubs++] = &s->classes[j];
    }
    return 0;
}

/* Classes and instances as read_doc collected them. */
static int build(mofsrv_schema *s, collect *c, mofrt_error *err)
{
    s->classes = calloc(c->nclasses ? c->nclasses : 1, sizeof *s->classes);
    s->capclasses = c->nclasses ? c->nclasses : 1;
    if (!s->classes)
        return nomem(err);
    s->insts = c->insts;   /* taken: freed with the schema */
    s->ninsts = c->ninsts;
    c->insts = NULL;
    c->ninsts = 0;
    for (size_t i = 0; i < c->nclasses; i++) {
        mofsrv_class *k = &s->classes[i];
        k->name = attr(c->classes[i], "NAME");
        k->superclass = attr(c->classes[i], "SUPERCLASS");
        k->node = c->classes[i];
        k->index = i;
        if (!k->name || !*k->name)
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_CIMXML, "CLASS without NAME");
        if (mofsrv_schema_find(s, k->name))
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_CIMXML, "class %s declared twice", k->name);
        if (k->superclass && !*k->superclass)
            k->superclass = NULL;
        s->nclasses = i + 1;
        if (index_put(s, i, err) < 0)
            return -1;
    }
    return link_classes(s, err);
}

int mofsrv_schema_load_mem(const char *xml, size_t len, mofsrv_schema *out, mofrt_error *err)
{
    memset(out, 0, sizeof *out);
    if (len > (size_t)1 << 30)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_LIMIT, "document too large");
    mofrt_init();
    xmlTextReader *r = xmlReaderForMemory(xml, (int)len, NULL, NULL,
                                          XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                              XML_PARSE_NOCDATA | XML_PARSE_HUGE);
    xmlDoc *classes = xmlNewDoc(XN("1.0"));
    xmlNode *root = classes ? xmlNewDocNode(classes, NULL, XN("CIM"), NULL) : NULL;
    if (!r || !root) {
        xmlFreeTextReader(r);
        xmlFreeDoc(classes);
        return nomem(err);
    }
    xmlDocSetRootElement(classes, root);
    out->doc = classes;
    collect c = { 0 };
    int rc = read_doc(r, classes, &c, err);
    /* The reader's own document is only the DTD node and what it has not
     * freed yet; a document with declarations is refused, as the request
     * decoders refuse one. */
    xmlDoc *read = xmlTextReaderCurrentDoc(r);
    if (rc == 0 && read && read->intSubset && read->intSubset->children)
        rc = mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_XML_DTD, "DTD declarations refused");
    xmlFreeTextReader(r);
    xmlFreeDoc(read);
    if (rc == 0)
        rc = build(out, &c, err);
    for (size_t i = 0; i < c.ninsts; i++)
        mofrt_instance_free(c.insts[i]);
    free(c.insts);
    free(c.classes);
    if (rc < 0) {
        mofsrv_schema_free(out);
        return -1;
    }
    if (!out->nclasses) {   /* instances only: no class refers to the tree */
        xmlFreeDoc(classes);
        out->doc = NULL;
    }
    return 0;
}

int mofsrv_schema_load(const char *path, mofsrv_schema *out, mofrt_error *err)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot open %s", path);
    mofrt_buf b = MOFRT_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        mofrt_buf_put(&b, chunk, n);
    bool bad = ferror(f) || b.failed;
    fclose(f);
    if (bad) {
        mofrt_buf_free(&b);
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot read %s", path);
    }
    int rc = mofsrv_schema_load_mem(b.data ? b.data : "", b.len, out, err);
    if (rc < 0)
        mofrt_error_prefix(err, path);
    mofrt_buf_free(&b);
    return rc;
}

void mofsrv_schema_drop_instances(mofsrv_schema *s)
{
    for (size_t i = 0; i < s->ninsts; i++)
        mofrt_instance_free(s->insts[i]);
    free(s->insts);
    s->insts = NULL;
    s->ninsts = 0;
}

void mofsrv_schema_free(mofsrv_schema *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nclasses; i++) {
        free(s->classes[i].keys);
        free(s->classes[i].subs);
    }
    free(s->classes);
    mofsrv_schema_drop_instances(s);
    free(s->slots);
    if (s->doc)
        xmlFreeDoc(s->doc);
    memset(s, 0, sizeof *s);
}

const mofsrv_class *mofsrv_schema_find(const mofsrv_schema *s, const char *name)
{
    if (!name || !s->nslots)
        return NULL;
    for (size_t h = name_hash(name) & (s->nslots - 1);; h = (h + 1) & (s->nslots - 1)) {
        size_t at = s->slots[h];
        if (!at)
            return NULL;
        if (mofrt_name_eq(s->classes[at - 1].name, name))
            return &s->classes[at - 1];
    }
}

bool mofsrv_class_is_a(const mofsrv_class *c, const char *ancestor)
{
    for (unsigned d = 0; c && d < 64; c = c->super, d++)
        if (mofrt_name_eq(c->name, ancestor))
            return true;
    return false;
}

/* The class of inst, when the schema has it and it has keys; else NULL with err. */
static const mofsrv_class *keyed_class(const mofsrv_schema *s, const mofrt_instance *inst, mofrt_error *err)
{
    const mofsrv_class *c = mofsrv_schema_find(s, inst->class_name);
    if (!c) {
        mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_CLASS, MOFRT_E_CIMXML, "unknown class %.100s",
                        inst->class_name);
        return NULL;
    }
    if (!c->nkeys) {
        mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_CLASS, MOFRT_E_CIMXML, "class %.100s has no key",
                        c->name);
        return NULL;
    }
    return c;
}

/* inst's value of c's i-th key, or NULL with err when it has none (or NULL, or an array). */
static const mofrt_value *key_of(const mofsrv_class *c, const mofrt_instance *inst, size_t i, mofrt_error *err)
{
    const mofrt_value *v = mofrt_instance_get(inst, c->keys[i]);
    if (!v || v->is_null || v->is_array) {
        mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_CIMXML, "%.100s: key %.100s has no value",
                        c->name, c->keys[i]);
        return NULL;
    }
    return v;
}

int mofsrv_schema_check_keys(const mofsrv_schema *s, const mofrt_instance *inst, mofrt_error *err)
{
    const mofsrv_class *c = keyed_class(s, inst, err);
    if (!c)
        return -1;
    for (size_t i = 0; i < c->nkeys; i++)
        if (!key_of(c, inst, i, err))
            return -1;
    return 0;
}

mofrt_path *mofsrv_schema_path_of(const mofsrv_schema *s, const mofrt_instance *inst, mofrt_error *err)
{
    const mofsrv_class *c = keyed_class(s, inst, err);
    if (!c)
        return NULL;
    mofrt_path *p = mofrt_path_new(NULL, NULL, c->name);
    if (!p)
        goto oom;
    for (size_t i = 0; i < c->nkeys; i++) {
        const mofrt_value *v = key_of(c, inst, i, err);
        if (!v) {
            mofrt_path_free(p);
            return NULL;
        }
        mofrt_value copy;
        if (mofrt_value_copy(&copy, v, err) < 0 || mofrt_path_add_key(p, c->keys[i], &copy, err) < 0) {
            mofrt_path_free(p);
            return NULL;
        }
    }
    return p;
oom:
    mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    return NULL;
}

/* ---- classes from descriptors (modules', the schema's) ----------------------- */
/* The property names of c: its descriptor's or its CLASS element's; a
 * malloc'd array, NULL with *n 0 when there are none (or out of memory:
 * *oom set). */
static const char **prop_names(const mofsrv_class *c, size_t *n, bool *oom)
{
    size_t cap = 0;
    *n = 0;
    if (c->desc)
        cap = c->desc->nprops;
    else
        for (const xmlNode *m = ((const xmlNode *)c->node)->children; m; m = m->next)
            cap += is_property(m);
    const char **v = cap ? malloc(cap * sizeof *v) : NULL;
    *oom = cap && !v;
    if (!v)
        return NULL;
    if (c->desc)
        for (size_t i = 0; i < c->desc->nprops; i++)
            v[(*n)++] = c->desc->props[i].name;
    else
        for (const xmlNode *m = ((const xmlNode *)c->node)->children; m; m = m->next)
            if (is_property(m))
                v[(*n)++] = attr(m, "NAME");
    return v;
}

/* name is in v (n names sorted by cmp_names): O(log n) */
static bool in_sorted(const char *const *v, size_t n, const char *name)
{
    return n && bsearch(&name, v, n, sizeof *v, cmp_names) != NULL;
}

/* The schema's class and the module's descriptor describe one class:
 * the same properties, the same keys. Each side's names are sorted once
 * and looked up in the other's declaration order (the first difference
 * is the one said): O(p log p), not O(p^2), for a class of p properties. */
static int same_class(const mofsrv_class *c, const mofrt_class_desc *d, const char *module, mofrt_error *err)
{
    size_t n;
    bool oom;
    const char **names = prop_names(c, &n, &oom);
    const char **dnames = d->nprops ? malloc(d->nprops * sizeof *dnames) : NULL;
    if (oom || (d->nprops && !dnames)) {
        free(names);
        free(dnames);
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    }
    const char **sorted = NULL;
    if (n) {
        sorted = malloc(n * sizeof *sorted);
        if (!sorted) {
            free(names);
            free(dnames);
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        }
        memcpy(sorted, names, n * sizeof *sorted);
        qsort(sorted, n, sizeof *sorted, cmp_names);
    }
    for (size_t i = 0; i < d->nprops; i++)
        dnames[i] = d->props[i].name;
    if (d->nprops)
        qsort(dnames, d->nprops, sizeof *dnames, cmp_names);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < d->nprops; i++)
        if (!in_sorted(sorted, n, d->props[i].name))
            rc = mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                                 "class %.100s: property %.100s is in module %.100s, not in the schema", c->name,
                                 d->props[i].name, module);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (!in_sorted(dnames, d->nprops, names[i]))
            rc = mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                                 "class %.100s: property %.100s is in the schema, not in module %.100s", c->name,
                                 names[i], module);
    free(names);
    free(sorted);
    free(dnames);
    if (rc < 0)
        return -1;
    /* c->keys is sorted as cmp_names sorts */
    size_t nkeys = 0;
    for (size_t i = 0; i < d->nprops; i++) {
        if (!(d->props[i].flags & MOFRT_F_KEY))
            continue;
        nkeys++;
        if (!in_sorted(c->keys, c->nkeys, d->props[i].name))
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                                   "class %.100s: %.100s is a key in module %.100s, not in the schema", c->name,
                                   d->props[i].name, module);
    }
    if (nkeys != c->nkeys)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                               "class %.100s has other keys in the schema than in module %.100s", c->name, module);
    return 0;
}

/* The class's description is the schema's (a document's CLASS element or
 * a descriptor given by mofsrv_add_classes): a module may replace it. */
static bool from_schema(const mofsrv_class *c)
{
    return !c->desc || !c->module;
}

int mofsrv_schema_add_descs(mofsrv_schema *s, const mofrt_class_desc *const *descs, size_t n,
                            const char *module, mofrt_error *err)
{
    /* everything checked before anything changes */
    for (size_t i = 0; i < n; i++) {
        const mofrt_class_desc *d = descs[i];
        if (!d || !d->name || !*d->name)
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "%s%.100s: a class without a name",
                                   module ? "module " : "", module ? module : "the schema");
        const mofsrv_class *c = mofsrv_schema_find(s, d->name);
        if (c && !module)
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "class %.100s declared twice",
                                   d->name);
        if (c && from_schema(c) && same_class(c, d, module, err) < 0)
            return -1;
    }
    const char *twice = NULL;
    for (size_t i = 0; i < n; i++) {
        const mofrt_class_desc *d = descs[i];
        mofsrv_class *c = (mofsrv_class *)mofsrv_schema_find(s, d->name);
        if (c && !module) {   /* twice in descs: the first kept */
            twice = twice ? twice : d->name;
            continue;
        }
        if (c && !from_schema(c))
            continue;   /* an earlier module's */
        if (c) {
            c->desc = d;
            c->module = module;
            continue;
        }
        if (s->nclasses == s->capclasses) {
            size_t cap = s->capclasses ? s->capclasses * 2 : 16;
            mofsrv_class *nc = realloc(s->classes, cap * sizeof *nc);
            if (!nc)
                return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
            s->classes = nc;
            s->capclasses = cap;
        }
        c = &s->classes[s->nclasses++];
        memset(c, 0, sizeof *c);
        c->name = d->name;
        c->superclass = d->superclass && *d->superclass ? d->superclass : NULL;
        c->desc = d;
        c->module = module;
        if (index_put(s, s->nclasses - 1, err) < 0) {
            s->nclasses--;
            (void)link_classes(s, err);   /* the pointers into the moved array */
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        }
    }
    if (link_classes(s, err) < 0)
        return -1;
    if (twice)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "class %.100s declared twice", twice);
    return 0;
}

size_t mofsrv_schema_over_limits(const mofsrv_schema *s, const mofrt_limits *lim, mofrt_buf *report)
{
    size_t over = 0;
    for (size_t i = 0; i < s->nclasses; i++) {
        const mofsrv_class *c = &s->classes[i];
        size_t np = 0;
        bool oom = false;
        if (c->desc) {
            np = c->desc->nprops;
        } else {
            free(prop_names(c, &np, &oom));
            if (oom)
                continue;   /* nothing to say without the count */
        }
        if (c->nkeys > lim->max_keys) {
            over++;
            mofrt_buf_printf(report,
                             "warning: class %s has %zu keys: an instance path a client sends holds at most %zu "
                             "key bindings, so no instance of it can be named (GetInstance, methods, references)\n",
                             c->name, c->nkeys, lim->max_keys);
        }
        if (np > lim->max_props) {
            over++;
            mofrt_buf_printf(report,
                             "warning: class %s has %zu properties: an instance a client sends holds at most %zu, "
                             "so CreateInstance and ModifyInstance cannot give all of them\n",
                             c->name, np, lim->max_props);
        }
    }
    return over;
}

bool mofsrv_class_has_prop(const mofsrv_class *c, const char *name)
{
    if (c && c->desc)
        return mofrt_class_find_prop(c->desc, name) != NULL;
    for (const xmlNode *m = c ? ((const xmlNode *)c->node)->children : NULL; m; m = m->next)
        if (is_property(m) && mofrt_name_eq(attr(m, "NAME"), name))
            return true;
    return false;
}

int mofsrv_class_method_static(const mofsrv_class *c, const char *method)
{
    if (c && c->desc) {
        const mofrt_method_desc *m = mofrt_class_find_method(c->desc, method);
        return m ? (m->flags & MOFRT_M_STATIC) != 0 : -1;
    }
    for (const xmlNode *m = c ? ((const xmlNode *)c->node)->children : NULL; m; m = m->next)
        if (is_elem(m, "METHOD") && mofrt_name_eq(attr(m, "NAME"), method))
            return has_true_qualifier(m, "Static");
    return -1;
}

/* ---- GetClass output ----------------------------------------------------- */
static void write_node(mofrt_xw *w, const xmlNode *n, bool quals, bool origin)
{
    if (n->type == XML_TEXT_NODE) {
        if (n->content)
            mofrt_xw_text(w, (const char *)n->content);
        return;
    }
    if (n->type != XML_ELEMENT_NODE || (!quals && is_elem(n, "QUALIFIER")))
        return;
    mofrt_xw_start(w, (const char *)n->name);
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        if (!origin && strcmp(name, "CLASSORIGIN") == 0)
            continue;
        mofrt_xw_attr(w, name, a->children && a->children->content ? (const char *)a->children->content : "");
    }
    for (const xmlNode *c = n->children; c; c = c->next)
        write_node(w, c, quals, origin);
    mofrt_xw_end(w);
}

/* Members of one kind (properties or methods). The export lists inherited
 * members too, marked PROPAGATED="true": LocalOnly drops them. */
static void write_members(mofrt_xw *w, const mofsrv_class *c, bool methods, bool local_only,
                          bool quals, bool origin, const mofrt_op *props)
{
    for (const xmlNode *m = ((const xmlNode *)c->node)->children; m; m = m->next) {
        if (methods ? !is_elem(m, "METHOD") : !is_property(m))
            continue;
        if (!methods && !mofrt_op_wants(props, attr(m, "NAME")))
            continue;
        const char *prop = attr(m, "PROPAGATED");
        if (local_only && prop && mofrt_name_eq(prop, "true"))
            continue;
        write_node(w, m, quals, origin);
    }
}

void mofsrv_schema_write_class(mofrt_xw *w, const mofsrv_class *c, bool local_only,
                           bool include_qualifiers, bool include_class_origin, const mofrt_op *props)
{
    if (c->desc) {
        mofsrv_class_opts o = { local_only, include_qualifiers, include_class_origin, props };
        mofsrv_desc_write_class(w, c->desc, &o);
        return;
    }
    const xmlNode *n = c->node;
    mofrt_xw_start(w, "CLASS");
    mofrt_xw_attr(w, "NAME", c->name);
    if (c->superclass)
        mofrt_xw_attr(w, "SUPERCLASS", c->superclass);
    for (const xmlNode *q = include_qualifiers ? n->children : NULL; q; q = q->next) {
        const char *prop = is_elem(q, "QUALIFIER") ? attr(q, "PROPAGATED") : NULL;
        if (is_elem(q, "QUALIFIER") && !(local_only && prop && mofrt_name_eq(prop, "true")))
            write_node(w, q, true, include_class_origin);   /* LocalOnly: the class's own qualifiers */
    }
    write_members(w, c, false, local_only, include_qualifiers, include_class_origin, props);
    write_members(w, c, true, local_only, include_qualifiers, include_class_origin, props);
    mofrt_xw_end(w);
}
