/* libmofsrv: a class's declared properties in one shape (see
 * mofsrv_classprops.h). A descriptor already has it; a CLASS element of
 * the export (DSP0201 5.2: PROPERTY, PROPERTY.ARRAY, PROPERTY.REFERENCE,
 * inherited ones listed too with PROPAGATED) is read into it. */
#include "server/mofsrv_classprops.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

static bool elem_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The attribute's text as the tree holds it, NULL when absent. */
static const char *attr_text(const xmlNode *n, const char *name)
{
    const xmlAttr *a = xmlHasProp(n, (const xmlChar *)name);
    if (!a)
        return NULL;
    return a->children && a->children->content ? (const char *)a->children->content : "";
}

/* A VALUE element's text ("" when empty). */
static const char *value_text(const xmlNode *v)
{
    return v->children && v->children->content ? (const char *)v->children->content : "";
}

/* The VALUE of qualifier `name` among n's children, NULL when n has none. */
static const char *qualifier_value(const xmlNode *n, const char *name)
{
    for (const xmlNode *q = n->children; q; q = q->next) {
        if (!elem_is(q, "QUALIFIER") || !mofrt_name_eq(attr_text(q, "NAME"), name))
            continue;
        for (const xmlNode *v = q->children; v; v = v->next)
            if (elem_is(v, "VALUE"))
                return value_text(v);
    }
    return NULL;
}

static bool is_prop(const xmlNode *n)
{
    return elem_is(n, "PROPERTY") || elem_is(n, "PROPERTY.ARRAY") || elem_is(n, "PROPERTY.REFERENCE");
}

/* The default's VALUE or VALUE.ARRAY child, NULL when none. */
static const xmlNode *default_node(const xmlNode *m)
{
    for (const xmlNode *v = m->children; v; v = v->next)
        if (elem_is(v, "VALUE") || elem_is(v, "VALUE.ARRAY"))
            return v;
    return NULL;
}

static size_t default_count(const xmlNode *d)
{
    if (!d)
        return 0;
    if (elem_is(d, "VALUE"))
        return 1;
    size_t n = 0;
    for (const xmlNode *v = d->children; v; v = v->next)
        n += elem_is(v, "VALUE") || elem_is(v, "VALUE.NULL");
    return n;
}

static const char *const no_texts[1] = { NULL };

/* One PROPERTY* element into p; its default's text goes to texts[*used..]. */
static void read_prop(const xmlNode *m, mofrt_prop_desc *p, const char **texts, size_t *used)
{
    memset(p, 0, sizeof *p);
    p->name = attr_text(m, "NAME");
    p->origin = attr_text(m, "CLASSORIGIN");
    const char *key = qualifier_value(m, "Key");
    if (key && mofrt_name_eq(key, "true"))
        p->flags |= MOFRT_F_KEY;
    if (elem_is(m, "PROPERTY.REFERENCE")) {
        p->type = MOFRT_T_REFERENCE;
        p->ref_class = attr_text(m, "REFERENCECLASS");
        return;   /* a VALUE.REFERENCE default is not read (see the header) */
    }
    if (elem_is(m, "PROPERTY.ARRAY"))
        p->flags |= MOFRT_F_ARRAY;
    const char *type = attr_text(m, "TYPE");
    p->type = type ? mofrt_type_from_name(type) : MOFRT_T_NONE;
    if (attr_text(m, "EmbeddedObject")) {
        p->type = MOFRT_T_INSTANCE;
        p->ref_class = qualifier_value(m, "EmbeddedInstance");
    }
    const xmlNode *d = default_node(m);
    if (!d)
        return;
    p->def.text = texts + *used;
    if (elem_is(d, "VALUE")) {
        texts[(*used)++] = value_text(d);
        p->def.count = 1;
        return;
    }
    for (const xmlNode *v = d->children; v; v = v->next)
        if (elem_is(v, "VALUE") || elem_is(v, "VALUE.NULL"))
            texts[(*used)++] = elem_is(v, "VALUE") ? value_text(v) : NULL;
    p->def.count = (size_t)(texts + *used - p->def.text);
    if (!p->def.count)
        p->def.text = no_texts;   /* an empty array, not NULL */
}

static int by_name_cmp(const void *a, const void *b)
{
    return mofrt_name_cmp((*(const mofrt_prop_desc *const *)a)->name, (*(const mofrt_prop_desc *const *)b)->name);
}

int mofsrv_props_of(const mofsrv_class *c, mofsrv_props *out, mofrt_error *err)
{
    memset(out, 0, sizeof *out);
    if (c->desc) {
        out->count = c->desc->nprops;
        out->items = c->desc->props;
    } else if (c->node) {
        size_t n = 0, nt = 0;
        for (const xmlNode *m = ((const xmlNode *)c->node)->children; m; m = m->next)
            if (is_prop(m)) {
                n++;
                nt += default_count(default_node(m));
            }
        out->owned = calloc(n ? n : 1, sizeof *out->owned);
        out->texts = calloc(nt ? nt : 1, sizeof *out->texts);
        if (!out->owned || !out->texts)
            goto oom;
        size_t used = 0;
        for (const xmlNode *m = ((const xmlNode *)c->node)->children; m; m = m->next)
            if (is_prop(m))
                read_prop(m, &out->owned[out->count++], out->texts, &used);
        out->items = out->owned;
    }
    out->by_name = calloc(out->count ? out->count : 1, sizeof *out->by_name);
    if (!out->by_name)
        goto oom;
    for (size_t i = 0; i < out->count; i++)
        out->by_name[i] = &out->items[i];
    qsort(out->by_name, out->count, sizeof *out->by_name, by_name_cmp);
    return 0;
oom:
    mofsrv_props_free(out);
    return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
}

const mofrt_prop_desc *mofsrv_props_find(const mofsrv_props *p, const char *name)
{
    size_t lo = 0, hi = p->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = mofrt_name_cmp(p->by_name[mid]->name, name);
        if (c == 0)
            return p->by_name[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

void mofsrv_props_free(mofsrv_props *p)
{
    if (!p)
        return;
    free(p->by_name);
    free(p->owned);
    free(p->texts);
    memset(p, 0, sizeof *p);
}

bool mofsrv_class_abstract(const mofsrv_class *c)
{
    if (c->desc)
        return (c->desc->flags & MOFRT_C_ABSTRACT) != 0;
    const char *v = c->node ? qualifier_value(c->node, "Abstract") : NULL;
    return v && mofrt_name_eq(v, "true");
}
