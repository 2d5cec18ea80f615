#include "codegen/export.h"
#include "schema/class_keys.h"
#include "codegen/gen.h"
#include "common/strbuf.h"
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

typedef struct xw { strbuf b; } xw;

/* One export: the model and the lists of its classes' defaults, made once
 * per class (schema/class_keys.h). */
typedef struct exporter {
    const schema_model *m;
    arena arena;
    class_keys lists;
} exporter;

static void exporter_init(exporter *x, const schema_model *m)
{
    x->m = m;
    arena_init(&x->arena);
    class_keys_init(&x->lists, &x->arena);
}

static void exporter_free(exporter *x)
{
    class_keys_free(&x->lists);
    arena_free(&x->arena);
}

static void esc(strbuf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '<': strbuf_adds(b, "&lt;"); break;
        case '>': strbuf_adds(b, "&gt;"); break;
        case '&': strbuf_adds(b, "&amp;"); break;
        case '"': strbuf_adds(b, "&quot;"); break;
        case '\'': strbuf_adds(b, "&apos;"); break;
        case '\n': strbuf_adds(b, "&#10;"); break;
        case '\r': strbuf_adds(b, "&#13;"); break;
        case '\t': strbuf_adds(b, "&#9;"); break;
        default:
            if (*p < 0x20)
                strbuf_adds(b, "\xef\xbf\xbd");   /* XML 1.0 cannot carry it */
            else
                strbuf_addc(b, (char)*p);
        }
    }
}

static void attr(strbuf *b, const char *name, const char *v)
{
    strbuf_printf(b, " %s=\"", name);
    esc(b, v);
    strbuf_addc(b, '"');
}

static const char *prop_element(const model_feature *f)
{
    return f->kind == MF_REFERENCE ? "PROPERTY.REFERENCE" : f->array ? "PROPERTY.ARRAY" : "PROPERTY";
}

/* DSP0201: EmbeddedObject="instance" for EmbeddedInstance("C"),
 * "object" for EmbeddedObject (an instance or a class). */
static const char *embedded_kind(const model_feature *f)
{
    return f->embedded_class_name ? "instance" : "object";
}

static const char *cim_type(mof_type t)
{
    return t == TYPE_REF ? "reference" : t == TYPE_OBJECT ? "string" : mof_type_name(t);
}

/* The text of a scalar VALUE, unescaped; false when it has none (NULL,
 * an alias, an instance). */
static bool scalar_raw(strbuf *b, const ast_value *v)
{
    switch (v->kind) {
    case VAL_BOOL: strbuf_adds(b, v->u.b ? "TRUE" : "FALSE"); return true;
    case VAL_INT: strbuf_printf(b, "%s%" PRIu64, v->u.i.neg ? "-" : "", v->u.i.mag); return true;
    case VAL_REAL: strbuf_printf(b, "%.17g", v->u.r); return true;
    case VAL_STRING: strbuf_adds(b, v->u.str.s); return true;
    case VAL_CHAR16: strbuf_add_utf8(b, v->u.c16); return true;
    default: return false;
    }
}

/* The text of a scalar VALUE, escaped. */
static void scalar_text(strbuf *b, const ast_value *v)
{
    if (v->kind == VAL_STRING) {
        esc(b, v->u.str.s);
        return;
    }
    strbuf tmp = STRBUF_INIT;
    if (scalar_raw(&tmp, v))
        esc(b, strbuf_cstr(&tmp));
    strbuf_free(&tmp);
}

static void value_xml(strbuf *b, const ast_value *v)
{
    if (!v || v->kind == VAL_NULL)
        return;
    if (v->kind == VAL_ARRAY) {
        strbuf_adds(b, "<VALUE.ARRAY>");
        for (size_t i = 0; i < v->u.arr.n; i++) {
            if (v->u.arr.items[i]->kind == VAL_NULL) {
                strbuf_adds(b, "<VALUE.NULL/>");
                continue;
            }
            strbuf_adds(b, "<VALUE>");
            scalar_text(b, v->u.arr.items[i]);
            strbuf_adds(b, "</VALUE>");
        }
        strbuf_adds(b, "</VALUE.ARRAY>");
        return;
    }
    strbuf_adds(b, "<VALUE>");
    scalar_text(b, v);
    strbuf_adds(b, "</VALUE>");
}

/* The QUALIFIER elements of q. inherited: q is an inherited member's
 * (declared in a superclass): every qualifier on it came from there
 * (DSP0201 5.1: PROPAGATED="true"), and a Restricted one (not ToSubclass:
 * Override, Deprecated...) did not come at all (DSP0004 5.6.1.2). */
static void qualifiers(strbuf *b, const model_quals *q, bool inherited)
{
    for (size_t i = 0; i < q->n; i++) {
        const model_qualifier *x = &q->items[i];
        if (inherited && !(x->flavors & FL_TO_SUBCLASS))
            continue;
        const model_qualdecl *d = x->decl;
        strbuf_adds(b, "<QUALIFIER");
        attr(b, "NAME", d ? d->name : x->name);
        attr(b, "TYPE", d ? mof_type_name(d->type) : "boolean");
        if (x->from || inherited)
            attr(b, "PROPAGATED", "true");
        attr(b, "OVERRIDABLE", x->flavors & FL_DISABLE_OVERRIDE ? "false" : "true");
        attr(b, "TOSUBCLASS", x->flavors & FL_TO_SUBCLASS ? "true" : "false");
        if (x->flavors & FL_TRANSLATABLE)
            attr(b, "TRANSLATABLE", "true");
        strbuf_addc(b, '>');
        if (!x->value) {
            strbuf_adds(b, "<VALUE>TRUE</VALUE>");
        } else if (d && d->array && x->value->kind != VAL_ARRAY) {
            strbuf_adds(b, "<VALUE.ARRAY>");
            value_xml(b, x->value);
            strbuf_adds(b, "</VALUE.ARRAY>");
        } else {
            value_xml(b, x->value);
        }
        strbuf_adds(b, "</QUALIFIER>");
    }
}

/* A class given as the type (WMI, MI) is DSP0004's string with
 * EmbeddedInstance ("Class") in CIM-XML (DSP0201 has no other form). */
static void class_type_qualifier(strbuf *b, bool class_typed, const char *cls)
{
    if (!class_typed)
        return;
    strbuf_adds(b, "<QUALIFIER NAME=\"EmbeddedInstance\" TYPE=\"string\"><VALUE>");
    esc(b, cls);
    strbuf_adds(b, "</VALUE></QUALIFIER>");
}

static void feature_attrs(strbuf *b, const model_class *c, const model_feature *f)
{
    attr(b, "NAME", f->name);
    attr(b, "CLASSORIGIN", f->origin->name);
    if (f->origin != c)
        attr(b, "PROPAGATED", "true");
}

static void param_xml(strbuf *b, const model_param *p)
{
    const char *el = p->type == TYPE_REF ? (p->array ? "PARAMETER.REFARRAY" : "PARAMETER.REFERENCE")
                                         : (p->array ? "PARAMETER.ARRAY" : "PARAMETER");
    strbuf_printf(b, "<%s", el);
    attr(b, "NAME", p->name);
    if (p->type == TYPE_REF)
        attr(b, "REFERENCECLASS", p->ref_class_name);
    else
        attr(b, "TYPE", cim_type(p->type));
    if (p->fixed_size)
        strbuf_printf(b, " ARRAYSIZE=\"%" PRIu64 "\"", p->fixed_size);
    strbuf_addc(b, '>');
    qualifiers(b, &p->quals, false);
    class_type_qualifier(b, p->class_typed, p->embedded_class_name);
    strbuf_printf(b, "</%s>", el);
}

static void embedded_value(strbuf *b, exporter *x, const ast_value *v);

static void class_xml(strbuf *b, exporter *x, const model_class *c)
{
    strbuf_adds(b, "<VALUE.OBJECT><CLASS");
    attr(b, "NAME", c->name);
    if (c->super && !c->super->system)
        attr(b, "SUPERCLASS", c->super->name);
    strbuf_addc(b, '>');
    qualifiers(b, &c->quals, false);
    const model_feature **all = model_class_features(c);
    for (size_t i = 0; i < c->nfeatures; i++) {
        const model_feature *f = all[i];
        if (f->kind == MF_METHOD)
            continue;
        const char *el = prop_element(f);
        strbuf_printf(b, "<%s", el);
        feature_attrs(b, c, f);
        if (f->kind == MF_REFERENCE)
            attr(b, "REFERENCECLASS", f->ref_class_name);
        else
            attr(b, "TYPE", cim_type(f->type));
        if (f->fixed_size)
            strbuf_printf(b, " ARRAYSIZE=\"%" PRIu64 "\"", f->fixed_size);
        if (f->embedded_class_name || f->embedded_object || f->type == TYPE_OBJECT)
            attr(b, "EmbeddedObject", embedded_kind(f));
        strbuf_addc(b, '>');
        qualifiers(b, &f->quals, f->origin != c);
        class_type_qualifier(b, f->class_typed, f->embedded_class_name);
        if (f->kind == MF_REFERENCE)
            ;
        else if (f->def && (f->embedded_class_name || f->embedded_object || f->type == TYPE_OBJECT))
            embedded_value(b, x, f->def);   /* a default given as an instance */
        else
            value_xml(b, f->def);
        strbuf_printf(b, "</%s>", el);
    }
    for (size_t i = 0; i < c->nfeatures; i++) {
        const model_feature *f = all[i];
        if (f->kind != MF_METHOD)
            continue;
        strbuf_adds(b, "<METHOD");
        feature_attrs(b, c, f);
        if (f->type != TYPE_VOID && f->type != TYPE_NONE)
            attr(b, "TYPE", cim_type(f->type));
        strbuf_addc(b, '>');
        qualifiers(b, &f->quals, f->origin != c);
        for (size_t k = 0; k < f->nparams; k++)
            param_xml(b, &f->params[k]);
        strbuf_adds(b, "</METHOD>");
    }
    free(all);
    strbuf_adds(b, "</CLASS></VALUE.OBJECT>\n");
}

/* ---- instances ------------------------------------------------------------ */

static const model_instance *find_alias(exporter *x, const char *alias)
{
    return names_get(&x->m->aliases, alias);
}

static const char *value_type(mof_type t)
{
    if (t == TYPE_BOOLEAN)
        return "boolean";
    if (t == TYPE_STRING || t == TYPE_DATETIME || t == TYPE_CHAR16 || t == TYPE_NONE)
        return "string";
    return "numeric";
}

/* The properties an instance has, in class order: the value it gives,
 * else the class default (DSP0004 7.3.6: an omitted property has its
 * default, keys included); properties with neither are left out. A
 * malloc'd array of *n entries. */
typedef struct prop_out {
    const model_feature *f;
    const ast_value *v;
} prop_out;

static int out_by_slot(const void *a, const void *b)
{
    size_t x = ((const prop_out *)a)->f->slot, y = ((const prop_out *)b)->f->slot;
    return (x > y) - (x < y);
}

static prop_out *instance_props(exporter *x, const model_instance *in, size_t *n)
{
    /* The given values, then the defaults not given (the class's list of
     * properties with a default, shared with its superclass's): O(given +
     * defaults), not the flattened class, for each instance. */
    const model_feature *const *defs = class_defaults_of(&x->lists, in->cls);
    size_t ndefs = 0;
    while (defs[ndefs])
        ndefs++;
    prop_out *out = malloc((in->nprops + ndefs + 1) * sizeof *out);
    if (!out)
        abort();
    ptr_map given = PTR_MAP_INIT;
    *n = 0;
    for (size_t i = 0; i < in->nprops; i++) {
        const model_feature *f = in->props[i].feature;
        if (!f || f->kind == MF_METHOD)
            continue;
        ptr_map_put(&given, f, (void *)f);
        if (in->props[i].value)   /* NULL: a DYNPROPS entry, no default either */
            out[(*n)++] = (prop_out){f, in->props[i].value};
    }
    for (size_t i = 0; i < ndefs; i++)
        if (!ptr_map_get(&given, defs[i]))
            out[(*n)++] = (prop_out){defs[i], defs[i]->def};
    ptr_map_free(&given);
    qsort(out, *n, sizeof *out, out_by_slot);
    return out;
}

static void instancename(strbuf *b, exporter *x, const model_instance *in)
{
    strbuf_adds(b, "<INSTANCENAME");
    attr(b, "CLASSNAME", in->cls->name);
    strbuf_addc(b, '>');
    size_t np;
    prop_out *props = instance_props(x, in, &np);
    for (size_t i = 0; i < np; i++) {
        const model_feature *f = props[i].f;
        const ast_value *v = props[i].v;
        if (!f->key || v->kind == VAL_NULL)
            continue;
        strbuf_adds(b, "<KEYBINDING");
        attr(b, "NAME", f->name);
        strbuf_adds(b, "><KEYVALUE");
        attr(b, "VALUETYPE", value_type(f->type));
        attr(b, "TYPE", mof_type_name(f->type));
        strbuf_addc(b, '>');
        scalar_text(b, v);
        strbuf_adds(b, "</KEYVALUE></KEYBINDING>");
    }
    free(props);
    strbuf_adds(b, "</INSTANCENAME>");
}

/* "Class.k=\"v\",n=1" as an INSTANCENAME (the object path a MOF string
 * reference holds). */
static void path_instancename(strbuf *b, const char *path)
{
    const char *colon = strchr(path, ':'), *dot = strchr(path, '.');
    if (colon && (!dot || colon < dot))
        path = colon + 1;
    size_t n = strcspn(path, ".");
    strbuf cls = STRBUF_INIT;
    strbuf_add(&cls, path, n);
    strbuf_adds(b, "<INSTANCENAME");
    attr(b, "CLASSNAME", strbuf_cstr(&cls));
    strbuf_addc(b, '>');
    strbuf_free(&cls);
    const char *p = path + n;
    while (*p == '.' || *p == ',') {
        p++;
        size_t kn = strcspn(p, "=");
        if (!p[kn])
            break;
        strbuf key = STRBUF_INIT, val = STRBUF_INIT;
        strbuf_add(&key, p, kn);
        p += kn + 1;
        bool quoted = *p == '"';
        if (quoted) {
            for (p++; *p && *p != '"'; p++) {
                if (*p == '\\' && p[1])
                    p++;
                strbuf_addc(&val, *p);
            }
            if (*p == '"')
                p++;
        } else {
            size_t vn = strcspn(p, ",");
            strbuf_add(&val, p, vn);
            p += vn;
        }
        const char *vt = quoted ? "string"
                         : (!strcmp(strbuf_cstr(&val), "TRUE") || !strcmp(val.data, "FALSE")) ? "boolean"
                                                                                              : "numeric";
        strbuf_adds(b, "<KEYBINDING");
        attr(b, "NAME", strbuf_cstr(&key));
        strbuf_adds(b, "><KEYVALUE");
        attr(b, "VALUETYPE", vt);
        /* DSP0203 2.4 requires TYPE; a MOF path string does not say it. */
        attr(b, "TYPE", !strcmp(vt, "string") ? "string" : !strcmp(vt, "boolean") ? "boolean"
                        : val.data && val.data[0] == '-' ? "sint64" : "uint64");
        strbuf_addc(b, '>');
        esc(b, strbuf_cstr(&val));
        strbuf_adds(b, "</KEYVALUE></KEYBINDING>");
        strbuf_free(&key);
        strbuf_free(&val);
    }
    strbuf_adds(b, "</INSTANCENAME>");
}

static void reference_value(strbuf *b, exporter *x, const ast_value *v)
{
    if (v->kind == VAL_ALIAS) {
        const model_instance *t = find_alias(x, v->u.alias);
        if (t) {
            strbuf_adds(b, "<VALUE.REFERENCE>");
            instancename(b, x, t);
            strbuf_adds(b, "</VALUE.REFERENCE>");
        }
    } else if (v->kind == VAL_STRING) {
        strbuf_adds(b, "<VALUE.REFERENCE>");
        path_instancename(b, v->u.str.s);
        strbuf_adds(b, "</VALUE.REFERENCE>");
    }
}

/* Embedded values are written in full at every use, however deep: the
 * check refuses alias cycles and bounds the total expansion
 * (schema/embedded_graph.c, --max-embedded-expansion), so this ends and
 * its output is what the limit allows. */
static void instance_xml(strbuf *b, exporter *x, const model_instance *in);

/* The INSTANCE text of one embedded value, unescaped: a $alias is the
 * instance it names, an inline `instance of` or a string of MOF the
 * instance the check made of it (schema_model.embedded); another string is
 * taken as written (CIM-XML text already). false when there is none. */
static bool embedded_raw(strbuf *b, exporter *x, const ast_value *v)
{
    const model_instance *made = ptr_map_get(&x->m->embedded, v);
    if (made || v->kind == VAL_ALIAS) {
        const model_instance *t = made ? made : find_alias(x, v->u.alias);
        if (t)
            instance_xml(b, x, t);
        return t != NULL;
    }
    if (v->kind == VAL_STRING) {
        strbuf_adds(b, v->u.str.s);
        return true;
    }
    return false;
}

/* One embedded instance as a VALUE holding its escaped INSTANCE text: a
 * $alias is the instance it names, an inline `instance of` or a string of
 * MOF the instance the check made of it (schema_model.embedded); another
 * string is sent as written (CIM-XML text already). */
static void embedded_scalar(strbuf *b, exporter *x, const ast_value *v)
{
    if (v->kind == VAL_NULL) {
        strbuf_adds(b, "<VALUE.NULL/>");
        return;
    }
    strbuf_adds(b, "<VALUE>");
    strbuf inner = STRBUF_INIT;
    if (embedded_raw(&inner, x, v))
        esc(b, strbuf_cstr(&inner));
    strbuf_free(&inner);
    strbuf_adds(b, "</VALUE>");
}

static void embedded_value(strbuf *b, exporter *x, const ast_value *v)
{
    if (v->kind == VAL_ARRAY) {
        strbuf_adds(b, "<VALUE.ARRAY>");
        for (size_t i = 0; i < v->u.arr.n; i++)
            embedded_scalar(b, x, v->u.arr.items[i]);
        strbuf_adds(b, "</VALUE.ARRAY>");
    } else if (v->kind != VAL_NULL) {
        embedded_scalar(b, x, v);
    }
}

static void instance_xml(strbuf *b, exporter *x, const model_instance *in)
{
    strbuf_adds(b, "<INSTANCE");
    attr(b, "CLASSNAME", in->cls->name);
    strbuf_addc(b, '>');
    size_t np;
    prop_out *props = instance_props(x, in, &np);
    for (size_t i = 0; i < np; i++) {
        const model_feature *f = props[i].f;
        const ast_value *value = props[i].v;
        const char *el = prop_element(f);
        strbuf_printf(b, "<%s", el);
        attr(b, "NAME", f->name);
        if (f->kind == MF_REFERENCE)
            attr(b, "REFERENCECLASS", f->ref_class_name);
        else
            attr(b, "TYPE", cim_type(f->type));
        bool emb = f->embedded_class_name || f->embedded_object || f->type == TYPE_OBJECT;
        if (emb)
            attr(b, "EmbeddedObject", embedded_kind(f));
        strbuf_addc(b, '>');
        if (f->kind == MF_REFERENCE)
            reference_value(b, x, value);
        else if (emb)
            embedded_value(b, x, value);
        else
            value_xml(b, value);
        strbuf_printf(b, "</%s>", el);
    }
    free(props);
    strbuf_adds(b, "</INSTANCE>");
}

bool export_value_text(strbuf *out, const schema_model *m, const ast_value *v, bool embedded)
{
    if (!v || v->kind == VAL_NULL)
        return false;
    if (!embedded)
        return scalar_raw(out, v);
    exporter x;
    exporter_init(&x, m);
    bool ok = embedded_raw(out, &x, v);
    exporter_free(&x);
    return ok;
}

bool export_cimxml(mofc_ctx *ctx, const schema_model *m, const char *path)
{
    strbuf b = STRBUF_INIT;
    export_cimxml_buf(m, true, &b);
    bool ok = gen_write_file(ctx, path, b.data, b.len, false);
    strbuf_free(&b);
    return ok;
}

void export_cimxml_buf(const schema_model *m, bool classes, strbuf *out)
{
    strbuf b = *out;
    exporter ex, *x = &ex;
    exporter_init(x, m);
    strbuf_adds(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                    "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.4\">\n<DECLARATION>\n");
    for (size_t n = 0; n < m->nns; n++) {
        const model_namespace *ns = m->ns[n];
        bool any = false;
        for (size_t i = 0; classes && i < ns->nclasses && !any; i++)
            any = !ns->class_list[i]->system;
        for (size_t i = 0; i < m->ninstances && !any; i++)
            any = m->instances[i]->ns == ns && !m->instances[i]->value_only;
        if (!any)
            continue;
        strbuf_adds(&b, "<DECLGROUP>\n<LOCALNAMESPACEPATH>");
        const char *p = ns->name;
        while (*p) {
            size_t k = strcspn(p, "/");
            strbuf seg = STRBUF_INIT;
            strbuf_add(&seg, p, k);
            strbuf_adds(&b, "<NAMESPACE");
            attr(&b, "NAME", strbuf_cstr(&seg));
            strbuf_adds(&b, "/>");
            strbuf_free(&seg);
            p += k + (p[k] == '/');
        }
        strbuf_adds(&b, "</LOCALNAMESPACEPATH>\n");
        for (size_t i = 0; classes && i < ns->nclasses; i++)
            if (!ns->class_list[i]->system)
                class_xml(&b, x, ns->class_list[i]);
        for (size_t i = 0; i < m->ninstances; i++)
            if (m->instances[i]->ns == ns && !m->instances[i]->value_only) {
                strbuf_adds(&b, "<VALUE.OBJECT>");
                instance_xml(&b, x, m->instances[i]);
                strbuf_adds(&b, "</VALUE.OBJECT>\n");
            }
        strbuf_adds(&b, "</DECLGROUP>\n");
    }
    strbuf_adds(&b, "</DECLARATION>\n</CIM>\n");
    exporter_free(x);
    *out = b;
}
