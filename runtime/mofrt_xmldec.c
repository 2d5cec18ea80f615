/* Decoding of CIM-XML value, path and instance elements from the
 * document's tree (mofrt_xmltree.c; DSP0201 / DTD DSP0203). Every function fills d->err and returns -1
 * on failure, leaving *out untouched or empty. */
#include "runtime/mofrt_internal.h"
#include "runtime/mofrt_str.h"

#include <stdlib.h>
#include <string.h>

static int invalid(mofrt__dec *d, const char *fmt, const char *arg)
{
    return mofrt_error_set(d->err, MOFRT_CIM_ERR_FAILED, MOFRT_E_CIMXML, fmt, arg ? arg : "");
}

static int nomem(mofrt__dec *d)
{
    return mofrt_error_set(d->err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
}

/* Names the limit, so that whoever meets it (a client, or mofserve
 * loading an instance file) knows how far it goes. */
static int limit(mofrt__dec *d, const char *what, size_t max)
{
    return mofrt_error_set(d->err, MOFRT_CIM_ERR_SERVER_LIMITS_EXCEEDED, MOFRT_E_LIMIT,
                           "too many %s (more than %zu)", what, max);
}

const mofrt__node *mofrt__first_elem(const mofrt__node *parent)
{
    const mofrt__node *n = parent ? parent->children : NULL;
    while (n && !n->name)
        n = n->next;
    return n;
}

const mofrt__node *mofrt__next_elem(const mofrt__node *node)
{
    const mofrt__node *n = node ? node->next : NULL;
    while (n && !n->name)
        n = n->next;
    return n;
}

bool mofrt__is(const mofrt__node *node, const char *name)
{
    return node && node->name && strcmp(node->name, name) == 0;
}

/* Attribute copied into a malloc'd string (NULL when absent or OOM: check
 * `present`). */
char *mofrt__attr_dup(const mofrt__node *node, const char *name, bool *present)
{
    const char *v = mofrt__attr(node, name);
    *present = v != NULL;
    return mofrt_strdup(v);
}

/* Text content of an element (NULL when out of memory). */
static const char *elem_text(mofrt__dec *d, const mofrt__node *node)
{
    return mofrt__node_text(d->tree, node);
}

bool mofrt__embedded_attr(const mofrt__node *node)
{
    const char *a = mofrt__attr(node, "EmbeddedObject");
    const char *b = mofrt__attr(node, "EMBEDDEDOBJECT");
    return (a && (mofrt_name_eq(a, "instance") || mofrt_name_eq(a, "object"))) ||
           (b && (mofrt_name_eq(b, "instance") || mofrt_name_eq(b, "object")));
}

int mofrt__dec_value(mofrt__dec *d, const mofrt__node *node, mofrt_type t, bool embedded, mofrt_value *out)
{
    if (!mofrt__is(node, "VALUE"))
        return invalid(d, "expected VALUE, found %s", (const char *)node->name);
    const char *text = elem_text(d, node);
    if (!text)
        return nomem(d);
    int rc = 0;
    if (embedded || t == MOFRT_T_INSTANCE) {
        mofrt_instance *inst = NULL;
        rc = mofrt__decode_instance(d->decoder, text, strlen(text), d->lim, d->nesting + 1, &inst, d->err);
        if (rc == 0) {
            mofrt_value v = mofrt_value_instance_take(inst);
            v.v.emb.text = mofrt_strdup(text);
            if (!v.v.emb.text) {
                mofrt_value_clear(&v);
                rc = nomem(d);
            } else {
                *out = v;
            }
        } else if (d->err && d->err->kind != MOFRT_E_LIMIT && d->err->kind != MOFRT_E_NOMEM) {
            d->err->code = MOFRT_CIM_ERR_INVALID_PARAMETER;
            d->err->kind = MOFRT_E_PARAM;
            mofrt_error_prefix(d->err, "malformed embedded instance");
        }
    } else if (t == MOFRT_T_NONE) {
        rc = mofrt_value_string(out, text, d->err);
        if (rc == 0)
            out->untyped = true;
    } else {
        rc = mofrt_value_parse(t, text, out, d->err);
    }
    return rc;
}

int mofrt__dec_value_array(mofrt__dec *d, const mofrt__node *node, mofrt_type t, bool embedded,
                           mofrt_value *out)
{
    if (!mofrt__is(node, "VALUE.ARRAY"))
        return invalid(d, "expected VALUE.ARRAY, found %s", (const char *)node->name);
    size_t n = 0;
    for (const mofrt__node *c = mofrt__first_elem(node); c; c = mofrt__next_elem(c))
        if (++n > d->lim->max_array)
            return limit(d, "array elements", d->lim->max_array);
    mofrt_type et = t == MOFRT_T_NONE ? MOFRT_T_STRING : t;
    mofrt_value arr;
    if (mofrt_value_array(&arr, et, n, d->err) < 0)
        return -1;
    arr.untyped = (t == MOFRT_T_NONE);
    size_t i = 0;
    for (const mofrt__node *c = mofrt__first_elem(node); c; c = mofrt__next_elem(c), i++) {
        if (mofrt__is(c, "VALUE.NULL"))
            continue;   /* already NULL */
        if (mofrt__dec_value(d, c, t, embedded, &arr.v.arr.items[i]) < 0) {
            mofrt_value_clear(&arr);
            return -1;
        }
    }
    *out = arr;
    return 0;
}

int mofrt__dec_localnamespacepath(mofrt__dec *d, const mofrt__node *node, char **ns)
{
    if (!mofrt__is(node, "LOCALNAMESPACEPATH"))
        return invalid(d, "expected LOCALNAMESPACEPATH, found %s", node ? (const char *)node->name : "nothing");
    mofrt_buf b = MOFRT_BUF_INIT;
    size_t n = 0;
    for (const mofrt__node *c = mofrt__first_elem(node); c; c = mofrt__next_elem(c)) {
        const char *name = mofrt__is(c, "NAMESPACE") ? mofrt__attr(c, "NAME") : NULL;
        if (!name || !*name) {
            mofrt_buf_free(&b);
            return invalid(d, "LOCALNAMESPACEPATH needs NAMESPACE elements with a NAME%s", NULL);
        }
        if (n++)
            mofrt_buf_putc(&b, '/');
        mofrt_buf_puts(&b, name);
    }
    if (n == 0)
        return invalid(d, "empty LOCALNAMESPACEPATH%s", NULL);
    char *s = mofrt_buf_take(&b);
    if (!s)
        return nomem(d);
    *ns = s;
    return 0;
}

static int dec_namespacepath(mofrt__dec *d, const mofrt__node *node, char **host, char **ns)
{
    const mofrt__node *h = mofrt__first_elem(node);
    const mofrt__node *l = mofrt__next_elem(h);
    if (!mofrt__is(node, "NAMESPACEPATH") || !mofrt__is(h, "HOST") || !l)
        return invalid(d, "NAMESPACEPATH needs HOST and LOCALNAMESPACEPATH%s", NULL);
    const char *ht = elem_text(d, h);
    *host = ht ? mofrt_strdup(ht) : NULL;
    if (!*host)
        return nomem(d);
    if (mofrt__dec_localnamespacepath(d, l, ns) < 0) {
        free(*host);
        *host = NULL;
        return -1;
    }
    return 0;
}

static int dec_keyvalue(mofrt__dec *d, const mofrt__node *node, mofrt_value *out)
{
    const char *vt = mofrt__attr(node, "VALUETYPE");
    const char *ty = mofrt__attr(node, "TYPE");
    const char *text = elem_text(d, node);
    if (!text)
        return nomem(d);
    int rc;
    if (ty && *ty) {
        mofrt_type t = mofrt_type_from_name(ty);
        if (t == MOFRT_T_NONE || t == MOFRT_T_REFERENCE || t == MOFRT_T_INSTANCE)
            rc = invalid(d, "KEYVALUE TYPE '%s' is not a CIM type", ty);
        else
            rc = mofrt_value_parse(t, text, out, d->err);
    } else if (!vt || mofrt_name_eq(vt, "string")) {
        rc = mofrt_value_string(out, text, d->err);
    } else if (mofrt_name_eq(vt, "boolean")) {
        rc = mofrt_value_parse(MOFRT_T_BOOLEAN, text, out, d->err);
    } else if (mofrt_name_eq(vt, "numeric")) {
        rc = mofrt_value_parse(MOFRT_T_SINT64, text, out, NULL);
        if (rc < 0)
            rc = mofrt_value_parse(MOFRT_T_UINT64, text, out, NULL);
        if (rc < 0)
            rc = mofrt_value_parse(MOFRT_T_REAL64, text, out, d->err);
        if (rc == 0 && out->type == MOFRT_T_SINT64 && out->v.i >= 0)
            *out = mofrt_value_uint(MOFRT_T_UINT64, (uint64_t)out->v.i);
    } else {
        rc = invalid(d, "KEYVALUE VALUETYPE '%s' is not string, boolean or numeric", vt);
    }
    return rc;
}

int mofrt__dec_instancename(mofrt__dec *d, const mofrt__node *node, const char *host, const char *ns,
                            mofrt_path **out)
{
    if (!mofrt__is(node, "INSTANCENAME"))
        return invalid(d, "expected INSTANCENAME, found %s", node ? (const char *)node->name : "nothing");
    const char *cls = mofrt__attr(node, "CLASSNAME");
    if (!cls || !*cls)
        return invalid(d, "INSTANCENAME without CLASSNAME%s", NULL);
    mofrt_path *p = mofrt_path_new(host, ns, cls);
    if (!p)
        return nomem(d);
    size_t n = 0;
    for (const mofrt__node *c = mofrt__first_elem(node); c; c = mofrt__next_elem(c)) {
        if (++n > d->lim->max_keys) {
            mofrt_path_free(p);
            return limit(d, "key bindings", d->lim->max_keys);
        }
        mofrt_value v = MOFRT_VALUE_INIT;
        const char *kname = "";
        const mofrt__node *val = c;
        if (mofrt__is(c, "KEYBINDING")) {
            kname = mofrt__attr(c, "NAME");
            val = mofrt__first_elem(c);
            if (!kname || !*kname || !val) {
                mofrt_path_free(p);
                return invalid(d, "KEYBINDING needs a NAME and a value%s", NULL);
            }
        }
        int rc;
        if (mofrt__is(val, "KEYVALUE")) {
            rc = dec_keyvalue(d, val, &v);
        } else if (mofrt__is(val, "VALUE.REFERENCE")) {
            mofrt_path *ref = NULL;
            rc = mofrt__dec_value_reference(d, val, &ref);
            if (rc == 0)
                v = mofrt_value_ref_take(ref);
        } else {
            rc = invalid(d, "unexpected %s in INSTANCENAME", (const char *)val->name);
        }
        if (rc == 0)
            rc = mofrt_path_add_key(p, kname, &v, d->err);
        if (rc < 0) {
            mofrt_path_free(p);
            return -1;
        }
    }
    *out = p;
    return 0;
}

static int dec_classname_path(mofrt__dec *d, const mofrt__node *node, const char *host, const char *ns,
                              mofrt_path **out)
{
    if (!mofrt__is(node, "CLASSNAME"))
        return invalid(d, "expected CLASSNAME, found %s", node ? (const char *)node->name : "nothing");
    const char *cls = mofrt__attr(node, "NAME");
    if (!cls || !*cls)
        return invalid(d, "CLASSNAME without NAME%s", NULL);
    *out = mofrt_path_new(host, ns, cls);
    return *out ? 0 : nomem(d);
}

int mofrt__dec_value_reference(mofrt__dec *d, const mofrt__node *node, mofrt_path **out)
{
    if (!mofrt__is(node, "VALUE.REFERENCE"))
        return invalid(d, "expected VALUE.REFERENCE, found %s", (const char *)node->name);
    const mofrt__node *c = mofrt__first_elem(node);
    if (!c)
        return invalid(d, "empty VALUE.REFERENCE%s", NULL);
    char *host = NULL, *ns = NULL;
    int rc;
    if (mofrt__is(c, "INSTANCENAME")) {
        rc = mofrt__dec_instancename(d, c, NULL, NULL, out);
    } else if (mofrt__is(c, "CLASSNAME")) {
        rc = dec_classname_path(d, c, NULL, NULL, out);
    } else if (mofrt__is(c, "LOCALINSTANCEPATH") || mofrt__is(c, "LOCALCLASSPATH")) {
        const mofrt__node *l = mofrt__first_elem(c);
        rc = mofrt__dec_localnamespacepath(d, l, &ns);
        if (rc == 0)
            rc = mofrt__is(c, "LOCALCLASSPATH")
                     ? dec_classname_path(d, mofrt__next_elem(l), NULL, ns, out)
                     : mofrt__dec_instancename(d, mofrt__next_elem(l), NULL, ns, out);
    } else if (mofrt__is(c, "INSTANCEPATH") || mofrt__is(c, "CLASSPATH")) {
        const mofrt__node *np = mofrt__first_elem(c);
        rc = np ? dec_namespacepath(d, np, &host, &ns)
                : invalid(d, "%s without NAMESPACEPATH", (const char *)c->name);
        if (rc == 0)
            rc = mofrt__is(c, "CLASSPATH")
                     ? dec_classname_path(d, mofrt__next_elem(np), host, ns, out)
                     : mofrt__dec_instancename(d, mofrt__next_elem(np), host, ns, out);
    } else {
        rc = invalid(d, "unexpected %s in VALUE.REFERENCE", (const char *)c->name);
    }
    free(host);
    free(ns);
    return rc;
}

int mofrt__dec_value_refarray(mofrt__dec *d, const mofrt__node *node, mofrt_value *out)
{
    size_t n = 0;
    for (const mofrt__node *c = mofrt__first_elem(node); c; c = mofrt__next_elem(c))
        if (++n > d->lim->max_array)
            return limit(d, "array elements", d->lim->max_array);
    mofrt_value arr;
    if (mofrt_value_array(&arr, MOFRT_T_REFERENCE, n, d->err) < 0)
        return -1;
    size_t i = 0;
    for (const mofrt__node *c = mofrt__first_elem(node); c; c = mofrt__next_elem(c), i++) {
        if (mofrt__is(c, "VALUE.NULL"))
            continue;
        mofrt_path *p = NULL;
        if (mofrt__dec_value_reference(d, c, &p) < 0) {
            mofrt_value_clear(&arr);
            return -1;
        }
        arr.v.arr.items[i] = mofrt_value_ref_take(p);
    }
    *out = arr;
    return 0;
}

/* One PROPERTY / PROPERTY.ARRAY / PROPERTY.REFERENCE into inst. */
static int dec_property(mofrt__dec *d, const mofrt__node *node, mofrt_instance *inst)
{
    bool present;
    char *name = mofrt__attr_dup(node, "NAME", &present);
    if (!name || !*name) {
        free(name);
        return present ? nomem(d) : invalid(d, "%s without NAME", (const char *)node->name);
    }
    const mofrt__node *c = mofrt__first_elem(node);
    while (c && mofrt__is(c, "QUALIFIER"))
        c = mofrt__next_elem(c);
    mofrt_value v = MOFRT_VALUE_INIT;
    int rc = 0;
    if (mofrt__is(node, "PROPERTY.REFERENCE")) {
        v = mofrt_value_null(MOFRT_T_REFERENCE);
        mofrt_path *p = NULL;
        if (c && (rc = mofrt__dec_value_reference(d, c, &p)) == 0)
            v = mofrt_value_ref_take(p);
    } else {
        const char *ty = mofrt__attr(node, "TYPE");
        mofrt_type t = mofrt_type_from_name(ty);
        bool emb = mofrt__embedded_attr(node);
        bool arr = mofrt__is(node, "PROPERTY.ARRAY");
        if (t == MOFRT_T_NONE || t == MOFRT_T_REFERENCE) {
            rc = invalid(d, "property '%s' has no valid TYPE", name);
        } else {
            if (emb && t == MOFRT_T_STRING)
                t = MOFRT_T_INSTANCE;
            v = mofrt_value_null(t);
            v.is_array = arr;
            if (c)
                rc = arr ? mofrt__dec_value_array(d, c, t, false, &v)
                         : mofrt__dec_value(d, c, t, false, &v);
        }
    }
    if (rc == 0)
        rc = mofrt_instance_add(inst, name, &v, d->err);   /* repeated names: unique_props */
    else
        mofrt_error_prefix(d->err, name);
    free(name);
    return rc;
}

typedef struct named {
    const char *name;
    size_t at;
} named;

static int by_name_then_place(const void *x, const void *y)
{
    const named *a = x, *b = y;
    int c = mofrt_name_cmp(a->name, b->name);
    return c ? c : (a->at > b->at) - (a->at < b->at);
}

/* A PROPERTY named again replaces the value of the first, in its place
 * (as mofrt_instance_set would), found by one sort of the names: p
 * properties cost O(p log p), where a search of the instance per
 * PROPERTY was O(p^2) (tests/unit/test_mofrt_xml.c decode_props_shape). */
static int unique_props(mofrt__dec *d, mofrt_instance *inst)
{
    size_t n = inst->count;
    if (n < 2)
        return 0;
    named *v = malloc(n * sizeof *v);
    bool *gone = calloc(n, sizeof *gone);
    if (!v || !gone) {
        free(v);
        free(gone);
        return nomem(d);
    }
    for (size_t i = 0; i < n; i++)
        v[i] = (named){ inst->props[i].name, i };
    qsort(v, n, sizeof *v, by_name_then_place);
    bool any = false;
    for (size_t i = 1, first = 0; i < n; i++) {
        if (mofrt_name_cmp(v[first].name, v[i].name) != 0) {
            first = i;
            continue;
        }
        mofrt_value_move(&inst->props[v[first].at].value, &inst->props[v[i].at].value);
        gone[v[i].at] = any = true;
    }
    if (any) {
        size_t j = 0;
        for (size_t i = 0; i < n; i++) {
            if (gone[i])
                free(inst->props[i].name);   /* (its value moved) */
            else
                inst->props[j++] = inst->props[i];
        }
        inst->count = j;
    }
    free(v);
    free(gone);
    return 0;
}

int mofrt__dec_instance(mofrt__dec *d, const mofrt__node *node, mofrt_instance **out)
{
    if (!mofrt__is(node, "INSTANCE"))
        return invalid(d, "expected INSTANCE, found %s", node ? (const char *)node->name : "nothing");
    const char *cls = mofrt__attr(node, "CLASSNAME");
    if (!cls || !*cls)
        return invalid(d, "INSTANCE without CLASSNAME%s", NULL);
    mofrt_instance *inst = mofrt_instance_new(cls);
    if (!inst)
        return nomem(d);
    for (const mofrt__node *c = mofrt__first_elem(node); c; c = mofrt__next_elem(c)) {
        if (mofrt__is(c, "QUALIFIER"))
            continue;
        int rc;
        if (!mofrt__is(c, "PROPERTY") && !mofrt__is(c, "PROPERTY.ARRAY") &&
            !mofrt__is(c, "PROPERTY.REFERENCE"))
            rc = invalid(d, "unexpected %s in INSTANCE", (const char *)c->name);
        else if (inst->count >= d->lim->max_props)
            rc = limit(d, "properties", d->lim->max_props);
        else
            rc = dec_property(d, c, inst);
        if (rc < 0) {
            mofrt_instance_free(inst);
            return -1;
        }
    }
    if (unique_props(d, inst) < 0) {
        mofrt_instance_free(inst);
        return -1;
    }
    *out = inst;
    return 0;
}

int mofrt__dec_named_instance(mofrt__dec *d, const mofrt__node *node, mofrt_instance **out)
{
    const mofrt__node *n = mofrt__first_elem(node), *i = mofrt__next_elem(n);
    mofrt_path *p = NULL;
    if (!i)
        return invalid(d, "VALUE.NAMEDINSTANCE needs INSTANCENAME and INSTANCE%s", NULL);
    if (mofrt__dec_instancename(d, n, NULL, NULL, &p) < 0)
        return -1;
    if (mofrt__dec_instance(d, i, out) < 0) {
        mofrt_path_free(p);
        return -1;
    }
    (*out)->path = p;
    return 0;
}

int mofrt_xml_decode_instance(const char *xml, size_t len, const mofrt_limits *lim,
                              unsigned nesting, mofrt_instance **out, mofrt_error *err)
{
    return mofrt__decode_instance(NULL, xml, len, lim, nesting, out, err);
}

int mofrt__decode_instance(mofrt_decoder *dec, const char *xml, size_t len, const mofrt_limits *lim,
                           unsigned nesting, mofrt_instance **out, mofrt_error *err)
{
    mofrt_limits storage;
    lim = mofrt__limits(lim, &storage);
    *out = NULL;
    if (nesting > lim->max_embed)
        return mofrt_error_set(err, MOFRT_CIM_ERR_SERVER_LIMITS_EXCEEDED, MOFRT_E_LIMIT,
                               "embedded instances nested deeper than %u", lim->max_embed);
    mofrt__tree *tree = mofrt__xml_parse(dec, xml, len, lim, err);
    if (!tree)
        return -1;
    mofrt__dec d = { lim, err, nesting, dec, tree };
    int rc = mofrt__dec_instance(&d, mofrt__tree_root(tree), out);
    mofrt__tree_release(dec, tree);
    return rc;
}
