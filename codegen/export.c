#include "codegen/export.h"
#include "schema/class_keys.h"
#include "codegen/gen.h"
#include "common/strbuf.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Where the document goes: a buffer and the escape depth. DSP0201
 * carries an embedded instance as the text of a VALUE, so the INSTANCE
 * markup k embedded instances deep is escaped k times, and its character
 * data (escaped once where it stands) k + 1 times. Writing each piece
 * escaped that many times, in one pass, keeps the cost that of the
 * output; escaping an embedded instance's finished text again at each
 * level cost the output times the depth (a chain of 176 $alias levels:
 * 5.1 G instructions where 44 took 82 M, for 15.7 times the output). */
typedef struct xw {
    strbuf *b;
    unsigned depth;
} xw;

/* What follows the '&' of the one escape of c, or NULL for a control
 * character that becomes U+FFFD (XML 1.0 cannot carry it); "" for a
 * character written as it is. */
static const char *escape_tail(unsigned char c)
{
    switch (c) {
    case '<': return "lt;";
    case '>': return "gt;";
    case '&': return "amp;";
    case '"': return "quot;";
    case '\'': return "apos;";
    case '\n': return "#10;";
    case '\r': return "#13;";
    case '\t': return "#9;";
    default: return c < 0x20 ? NULL : "";
    }
}

/* s escaped n times. Escaping a reference again escapes only its '&', so
 * n escapes of a character are '&', n - 1 times "amp;", then the rest of
 * its one escape; U+FFFD needs none. */
static void esc_n(strbuf *b, const char *s, unsigned n)
{
    if (!n) {
        strbuf_adds(b, s);
        return;
    }
    const char *run = s;
    for (const char *p = s;; p++) {
        const char *tail = escape_tail((unsigned char)*p);
        if (tail && !*tail && *p)
            continue;
        strbuf_add(b, run, (size_t)(p - run));
        if (!*p)
            return;
        run = p + 1;
        if (!tail) {
            strbuf_adds(b, "\xef\xbf\xbd");
            continue;
        }
        strbuf_addc(b, '&');
        for (unsigned i = 1; i < n; i++)
            strbuf_add(b, "amp;", 4);
        strbuf_adds(b, tail);
    }
}

/* Markup at w's depth. */
static void put(xw *w, const char *s) { esc_n(w->b, s, w->depth); }

/* Character data at w's depth (a value, an attribute's value). */
static void text(xw *w, const char *s) { esc_n(w->b, s, w->depth + 1); }

static void attr(xw *w, const char *name, const char *v)
{
    put(w, " ");
    put(w, name);
    put(w, "=\"");
    text(w, v);
    put(w, "\"");
}

/* "<el" and "</el>" for an element name chosen here. */
static void open_el(xw *w, const char *el)
{
    put(w, "<");
    put(w, el);
}

static void close_el(xw *w, const char *el)
{
    put(w, "</");
    put(w, el);
    put(w, ">");
}

/* " NAME=\"n\"" for a number. */
static void attr_u64(xw *w, const char *name, uint64_t n)
{
    char num[24];
    snprintf(num, sizeof num, "%" PRIu64, n);
    attr(w, name, num);
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
static void scalar_text(xw *w, const ast_value *v)
{
    if (v->kind == VAL_STRING) {
        text(w, v->u.str.s);
        return;
    }
    strbuf tmp = STRBUF_INIT;
    if (scalar_raw(&tmp, v))
        text(w, strbuf_cstr(&tmp));
    strbuf_free(&tmp);
}

static void value_xml(xw *w, const ast_value *v)
{
    if (!v || v->kind == VAL_NULL)
        return;
    if (v->kind == VAL_ARRAY) {
        put(w, "<VALUE.ARRAY>");
        for (size_t i = 0; i < v->u.arr.n; i++) {
            if (v->u.arr.items[i]->kind == VAL_NULL) {
                put(w, "<VALUE.NULL/>");
                continue;
            }
            put(w, "<VALUE>");
            scalar_text(w, v->u.arr.items[i]);
            put(w, "</VALUE>");
        }
        put(w, "</VALUE.ARRAY>");
        return;
    }
    put(w, "<VALUE>");
    scalar_text(w, v);
    put(w, "</VALUE>");
}

/* The QUALIFIER elements of q. inherited: q is an inherited member's
 * (declared in a superclass): every qualifier on it came from there
 * (DSP0201 5.1: PROPAGATED="true"), and a Restricted one (not ToSubclass:
 * Override, Deprecated...) did not come at all (DSP0004 5.6.1.2). */
static void qualifiers(xw *w, const model_quals *q, bool inherited)
{
    for (size_t i = 0; i < q->n; i++) {
        const model_qualifier *x = &q->items[i];
        if (inherited && !(x->flavors & FL_TO_SUBCLASS))
            continue;
        const model_qualdecl *d = x->decl;
        put(w, "<QUALIFIER");
        attr(w, "NAME", d ? d->name : x->name);
        attr(w, "TYPE", d ? mof_type_name(d->type) : "boolean");
        if (x->from || inherited)
            attr(w, "PROPAGATED", "true");
        attr(w, "OVERRIDABLE", x->flavors & FL_DISABLE_OVERRIDE ? "false" : "true");
        attr(w, "TOSUBCLASS", x->flavors & FL_TO_SUBCLASS ? "true" : "false");
        if (x->flavors & FL_TRANSLATABLE)
            attr(w, "TRANSLATABLE", "true");
        put(w, ">");
        if (!x->value) {
            put(w, "<VALUE>TRUE</VALUE>");
        } else if (d && d->array && x->value->kind != VAL_ARRAY) {
            put(w, "<VALUE.ARRAY>");
            value_xml(w, x->value);
            put(w, "</VALUE.ARRAY>");
        } else {
            value_xml(w, x->value);
        }
        put(w, "</QUALIFIER>");
    }
}

/* A class given as the type (WMI, MI) is DSP0004's string with
 * EmbeddedInstance ("Class") in CIM-XML (DSP0201 has no other form). */
static void class_type_qualifier(xw *w, bool class_typed, const char *cls)
{
    if (!class_typed)
        return;
    put(w, "<QUALIFIER NAME=\"EmbeddedInstance\" TYPE=\"string\"><VALUE>");
    text(w, cls);
    put(w, "</VALUE></QUALIFIER>");
}

static void feature_attrs(xw *w, const model_class *c, const model_feature *f)
{
    attr(w, "NAME", f->name);
    attr(w, "CLASSORIGIN", f->origin->name);
    if (f->origin != c)
        attr(w, "PROPAGATED", "true");
}

static void param_xml(xw *w, const model_param *p)
{
    const char *el = p->type == TYPE_REF ? (p->array ? "PARAMETER.REFARRAY" : "PARAMETER.REFERENCE")
                                         : (p->array ? "PARAMETER.ARRAY" : "PARAMETER");
    open_el(w, el);
    attr(w, "NAME", p->name);
    if (p->type == TYPE_REF)
        attr(w, "REFERENCECLASS", p->ref_class_name);
    else
        attr(w, "TYPE", cim_type(p->type));
    if (p->fixed_size)
        attr_u64(w, "ARRAYSIZE", p->fixed_size);
    put(w, ">");
    qualifiers(w, &p->quals, false);
    class_type_qualifier(w, p->class_typed, p->embedded_class_name);
    close_el(w, el);
}

static void embedded_value(xw *w, exporter *x, const ast_value *v);

static void class_xml(xw *w, exporter *x, const model_class *c)
{
    put(w, "<VALUE.OBJECT><CLASS");
    attr(w, "NAME", c->name);
    if (c->super && !c->super->system)
        attr(w, "SUPERCLASS", c->super->name);
    put(w, ">");
    qualifiers(w, &c->quals, false);
    const model_feature **all = model_class_features(c);
    for (size_t i = 0; i < c->nfeatures; i++) {
        const model_feature *f = all[i];
        if (f->kind == MF_METHOD)
            continue;
        const char *el = prop_element(f);
        open_el(w, el);
        feature_attrs(w, c, f);
        if (f->kind == MF_REFERENCE)
            attr(w, "REFERENCECLASS", f->ref_class_name);
        else
            attr(w, "TYPE", cim_type(f->type));
        if (f->fixed_size)
            attr_u64(w, "ARRAYSIZE", f->fixed_size);
        if (f->embedded_class_name || f->embedded_object || f->type == TYPE_OBJECT)
            attr(w, "EmbeddedObject", embedded_kind(f));
        put(w, ">");
        qualifiers(w, &f->quals, f->origin != c);
        class_type_qualifier(w, f->class_typed, f->embedded_class_name);
        if (f->kind == MF_REFERENCE)
            ;
        else if (f->def && (f->embedded_class_name || f->embedded_object || f->type == TYPE_OBJECT))
            embedded_value(w, x, f->def);   /* a default given as an instance */
        else
            value_xml(w, f->def);
        close_el(w, el);
    }
    for (size_t i = 0; i < c->nfeatures; i++) {
        const model_feature *f = all[i];
        if (f->kind != MF_METHOD)
            continue;
        put(w, "<METHOD");
        feature_attrs(w, c, f);
        if (f->type != TYPE_VOID && f->type != TYPE_NONE)
            attr(w, "TYPE", cim_type(f->type));
        put(w, ">");
        qualifiers(w, &f->quals, f->origin != c);
        for (size_t k = 0; k < f->nparams; k++)
            param_xml(w, &f->params[k]);
        put(w, "</METHOD>");
    }
    free(all);
    put(w, "</CLASS></VALUE.OBJECT>\n");
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

static void instancename(xw *w, exporter *x, const model_instance *in)
{
    put(w, "<INSTANCENAME");
    attr(w, "CLASSNAME", in->cls->name);
    put(w, ">");
    size_t np;
    prop_out *props = instance_props(x, in, &np);
    for (size_t i = 0; i < np; i++) {
        const model_feature *f = props[i].f;
        const ast_value *v = props[i].v;
        if (!f->key || v->kind == VAL_NULL)
            continue;
        put(w, "<KEYBINDING");
        attr(w, "NAME", f->name);
        put(w, "><KEYVALUE");
        attr(w, "VALUETYPE", value_type(f->type));
        attr(w, "TYPE", mof_type_name(f->type));
        put(w, ">");
        scalar_text(w, v);
        put(w, "</KEYVALUE></KEYBINDING>");
    }
    free(props);
    put(w, "</INSTANCENAME>");
}

/* "Class.k=\"v\",n=1" as an INSTANCENAME (the object path a MOF string
 * reference holds). */
static void path_instancename(xw *w, const char *path)
{
    const char *colon = strchr(path, ':'), *dot = strchr(path, '.');
    if (colon && (!dot || colon < dot))
        path = colon + 1;
    size_t n = strcspn(path, ".");
    strbuf cls = STRBUF_INIT;
    strbuf_add(&cls, path, n);
    put(w, "<INSTANCENAME");
    attr(w, "CLASSNAME", strbuf_cstr(&cls));
    put(w, ">");
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
        put(w, "<KEYBINDING");
        attr(w, "NAME", strbuf_cstr(&key));
        put(w, "><KEYVALUE");
        attr(w, "VALUETYPE", vt);
        /* DSP0203 2.4 requires TYPE; a MOF path string does not say it. */
        attr(w, "TYPE", !strcmp(vt, "string") ? "string" : !strcmp(vt, "boolean") ? "boolean"
                        : val.data && val.data[0] == '-' ? "sint64" : "uint64");
        put(w, ">");
        text(w, strbuf_cstr(&val));
        put(w, "</KEYVALUE></KEYBINDING>");
        strbuf_free(&key);
        strbuf_free(&val);
    }
    put(w, "</INSTANCENAME>");
}

static void reference_value(xw *w, exporter *x, const ast_value *v)
{
    if (v->kind == VAL_ALIAS) {
        const model_instance *t = find_alias(x, v->u.alias);
        if (t) {
            put(w, "<VALUE.REFERENCE>");
            instancename(w, x, t);
            put(w, "</VALUE.REFERENCE>");
        }
    } else if (v->kind == VAL_STRING) {
        put(w, "<VALUE.REFERENCE>");
        path_instancename(w, v->u.str.s);
        put(w, "</VALUE.REFERENCE>");
    }
}

/* Embedded values are written in full at every use, however deep: the
 * check refuses alias cycles and bounds the total expansion
 * (schema/embedded_graph.c, --max-embedded-expansion), so this ends and
 * its output is what the limit allows. */
static void instance_xml(xw *w, exporter *x, const model_instance *in);

/* The INSTANCE text of one embedded value, as markup at w's depth: a
 * $alias is the instance it names, an inline `instance of` or a string of
 * MOF the instance the check made of it (schema_model.embedded); another
 * string is taken as written (CIM-XML text already). false when there is
 * none. */
static bool embedded_raw(xw *w, exporter *x, const ast_value *v)
{
    const model_instance *made = ptr_map_get(&x->m->embedded, v);
    if (made || v->kind == VAL_ALIAS) {
        const model_instance *t = made ? made : find_alias(x, v->u.alias);
        if (t)
            instance_xml(w, x, t);
        return t != NULL;
    }
    if (v->kind == VAL_STRING) {
        put(w, v->u.str.s);
        return true;
    }
    return false;
}

/* One embedded instance as a VALUE holding its escaped INSTANCE text: a
 * $alias is the instance it names, an inline `instance of` or a string of
 * MOF the instance the check made of it (schema_model.embedded); another
 * string is sent as written (CIM-XML text already). */
static void embedded_scalar(xw *w, exporter *x, const ast_value *v)
{
    if (v->kind == VAL_NULL) {
        put(w, "<VALUE.NULL/>");
        return;
    }
    put(w, "<VALUE>");
    xw inner = {w->b, w->depth + 1};   /* its markup is this VALUE's text */
    embedded_raw(&inner, x, v);
    put(w, "</VALUE>");
}

static void embedded_value(xw *w, exporter *x, const ast_value *v)
{
    if (v->kind == VAL_ARRAY) {
        put(w, "<VALUE.ARRAY>");
        for (size_t i = 0; i < v->u.arr.n; i++)
            embedded_scalar(w, x, v->u.arr.items[i]);
        put(w, "</VALUE.ARRAY>");
    } else if (v->kind != VAL_NULL) {
        embedded_scalar(w, x, v);
    }
}

static void instance_xml(xw *w, exporter *x, const model_instance *in)
{
    put(w, "<INSTANCE");
    attr(w, "CLASSNAME", in->cls->name);
    put(w, ">");
    size_t np;
    prop_out *props = instance_props(x, in, &np);
    for (size_t i = 0; i < np; i++) {
        const model_feature *f = props[i].f;
        const ast_value *value = props[i].v;
        const char *el = prop_element(f);
        open_el(w, el);
        attr(w, "NAME", f->name);
        if (f->kind == MF_REFERENCE)
            attr(w, "REFERENCECLASS", f->ref_class_name);
        else
            attr(w, "TYPE", cim_type(f->type));
        bool emb = f->embedded_class_name || f->embedded_object || f->type == TYPE_OBJECT;
        if (emb)
            attr(w, "EmbeddedObject", embedded_kind(f));
        put(w, ">");
        if (f->kind == MF_REFERENCE)
            reference_value(w, x, value);
        else if (emb)
            embedded_value(w, x, value);
        else
            value_xml(w, value);
        close_el(w, el);
    }
    free(props);
    put(w, "</INSTANCE>");
}

bool export_value_text(strbuf *out, const schema_model *m, const ast_value *v, bool embedded)
{
    if (!v || v->kind == VAL_NULL)
        return false;
    if (!embedded)
        return scalar_raw(out, v);
    exporter x;
    exporter_init(&x, m);
    xw w = {out, 0};
    bool ok = embedded_raw(&w, &x, v);
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
    xw w = {&b, 0};
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
            attr(&w, "NAME", strbuf_cstr(&seg));
            strbuf_adds(&b, "/>");
            strbuf_free(&seg);
            p += k + (p[k] == '/');
        }
        strbuf_adds(&b, "</LOCALNAMESPACEPATH>\n");
        for (size_t i = 0; classes && i < ns->nclasses; i++)
            if (!ns->class_list[i]->system)
                class_xml(&w, x, ns->class_list[i]);
        for (size_t i = 0; i < m->ninstances; i++)
            if (m->instances[i]->ns == ns && !m->instances[i]->value_only) {
                strbuf_adds(&b, "<VALUE.OBJECT>");
                instance_xml(&w, x, m->instances[i]);
                strbuf_adds(&b, "</VALUE.OBJECT>\n");
            }
        strbuf_adds(&b, "</DECLGROUP>\n");
    }
    strbuf_adds(&b, "</DECLARATION>\n</CIM>\n");
    exporter_free(x);
    *out = b;
}
