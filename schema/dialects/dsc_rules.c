/* The rules of a PowerShell DSC resource schema, as Microsoft's
 * xDSCResourceDesigner (Test-xDscSchema) checks them before a resource may
 * ship, so that a DSC author's CI needs no Windows machine. They hold for
 * DSC resource schemas only: MI files whose class derives from
 * OMI_BaseResource, or named <Resource>.schema.mof. Each is a warning with
 * its own code (docs/dialects.md, "DSC resource schemas"); --werror makes
 * them fatal. Defects of the data stay errors of their own rules. */
#include "schema/check.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What the pass learns of one file before judging its classes. */
typedef struct dsc_file {
    const model_class *named;      /* the class X of X.schema.mof */
    const model_class *last;       /* the last class declared in it */
    const model_class *first_res;  /* its first class deriving from OMI_BaseResource */
    bool schema_name;              /* named *.schema.mof */
} dsc_file;

bool dsc_derives(const model_class *c)
{
    for (const model_class *a = c->super; a; a = a->super)
        if (name_eq(a->name, "OMI_BaseResource"))
            return true;
    return false;
}

/* "X" of ".../X.schema.mof" (len set), or NULL. */
static const char *schema_stem(const char *path, size_t *len)
{
    static const char suffix[] = ".schema.mof";
    size_t n = strlen(path), k = sizeof suffix - 1;
    if (n <= k || strcasecmp(path + n - k, suffix))
        return NULL;
    const char *base = strrchr(path, '/');
    const char *bs = strrchr(path, '\\');
    base = bs && (!base || bs > base) ? bs + 1 : base ? base + 1 : path;
    *len = (size_t)(path + n - k - base);
    return base;
}

/* System.Version's form, as PowerShell reads ClassVersion: 2 to 4
 * dot-separated decimal numbers ("1.0", "1.0.0.0"). */
static bool version_form(const char *s)
{
    int parts = 0;
    for (;;) {
        if (!isdigit((unsigned char)*s))
            return false;
        while (isdigit((unsigned char)*s))
            s++;
        parts++;
        if (*s != '.')
            break;
        s++;
    }
    return !*s && parts >= 2 && parts <= 4;
}

/* xDSCResourceDesigner's resource name: a letter, then letters, digits or
 * '_', at most 255 characters. */
static bool name_form(const char *s)
{
    size_t n = 0;
    if (!isalpha((unsigned char)*s))
        return false;
    for (; *s; s++, n++)
        if (!isalnum((unsigned char)*s) && *s != '_')
            return false;
    return n <= 255;
}

/* The types a DSC resource property may have (xDSCResourceDesigner's
 * type map): the integers, reals, char16, string, boolean, datetime, and
 * arrays of them; embedded instances are strings. */
static bool dsc_type(const model_feature *f)
{
    if (f->kind != MF_PROPERTY || f->class_typed)
        return false;
    switch (f->type) {
    case TYPE_REF: case TYPE_OBJECT: case TYPE_NONE: case TYPE_VOID:
        return false;
    default:
        return true;
    }
}

static bool is_true(const model_quals *q, const char *name)
{
    const model_qualifier *x = model_find_qualifier(q, name);
    return x && (!x->value || (x->value->kind == VAL_BOOL && x->value->u.b));
}

/* Whether the file declares class e, in its last declaration or in one a
 * later declaration replaced (two schemas each declaring the class they
 * embed, checked together). */
static bool declared_in(const model_class *e, uint32_t file)
{
    for (; e; e = e->replaced)
        if (e->span.file == file)
            return true;
    return false;
}

static void check_property(builder *b, const model_class *c, const model_feature *f, bool derives)
{
    static const char *const attrs[] = {"Key", "Required", "Write", "Read"};
    const char *given[4];
    int n = 0;
    for (int i = 0; i < 4; i++)
        if (is_true(&f->quals, attrs[i]))
            given[n++] = attrs[i];
    if (n == 0)
        diag_report(B_DIAG, DIAG_DSC_ATTRIBUTE, f->span,
                    "property '%s.%s' of a DSC resource has none of Key, Required, Write, Read",
                    c->name, f->name);
    else if (n > 1)
        diag_report(B_DIAG, DIAG_DSC_ATTRIBUTE, f->span,
                    "property '%s.%s' of a DSC resource is both %s and %s (it takes one of Key, "
                    "Required, Write, Read)", c->name, f->name, given[0], given[1]);
    /* Outside a class deriving from OMI_BaseResource, MOF2107 says it. */
    if (f->key && f->array && derives)
        diag_report(B_DIAG, DIAG_DSC_KEY_ARRAY, f->span,
                    "key property '%s.%s' of a DSC resource is an array", c->name, f->name);
    if (!dsc_type(f))
        diag_report(B_DIAG, DIAG_DSC_TYPE, f->type_span,
                    "property '%s.%s' has a type DSC does not take (integers, reals, char16, "
                    "string, boolean, datetime, arrays of them; an embedded instance is a "
                    "string with EmbeddedInstance)", c->name, f->name);
    /* Embedded classes come with the schema or with DSC itself; an
     * unknown one is already MOF2205. */
    const model_class *e = f->embedded_class;
    if (e && !e->system && !declared_in(e, c->span.file))
        diag_report(B_DIAG, DIAG_DSC_EMBEDDED, f->span,
                    "EmbeddedInstance class '%s' of property '%s.%s' is declared in another "
                    "file; a DSC resource schema declares its embedded classes itself or uses "
                    "DSC's (MSFT_Credential, MSFT_KeyValuePair)", e->name, c->name, f->name);
}

static void check_class_quals(builder *b, const model_class *c)
{
    const model_qualifier *v = model_find_qualifier(&c->quals, "ClassVersion");
    const char *vs = v && v->value && v->value->kind == VAL_STRING ? v->value->u.str.s : NULL;
    if (!v)
        diag_report(B_DIAG, DIAG_DSC_CLASS_VERSION, c->name_span,
                    "DSC resource '%s' has no ClassVersion qualifier (such as ClassVersion "
                    "(\"1.0.0.0\"))", c->name);
    else if (!vs || !version_form(vs))
        diag_report(B_DIAG, DIAG_DSC_CLASS_VERSION, v->span,
                    "ClassVersion of '%s' is not a version of 2 to 4 numbers such as \"1.0.0.0\"",
                    c->name);
    const model_qualifier *fn = model_find_qualifier(&c->quals, "FriendlyName");
    const char *fs = fn && fn->value && fn->value->kind == VAL_STRING ? fn->value->u.str.s : NULL;
    if (!fn)
        diag_report(B_DIAG, DIAG_DSC_FRIENDLY_NAME, c->name_span,
                    "DSC resource '%s' has no FriendlyName qualifier (the name configurations use)",
                    c->name);
    else if (!fs || !name_form(fs))
        diag_report(B_DIAG, DIAG_DSC_FRIENDLY_NAME, fn->span,
                    "FriendlyName of '%s' is not a resource name (a letter, then letters, digits "
                    "or '_')", c->name);
}

static void check_resource(builder *b, const model_class *c, bool derives)
{
    if (!derives)
        diag_report(B_DIAG, DIAG_DSC_BASE, c->name_span,
                    "DSC resource '%s' does not derive from OMI_BaseResource", c->name);
    if (!c->nkeys)
        diag_report(B_DIAG, DIAG_DSC_NO_KEY, c->name_span, "DSC resource '%s' has no Key property",
                    c->name);
    check_class_quals(b, c);
    for (size_t k = 0; k < c->nown; k++)
        if (c->own[k]->kind != MF_METHOD)
            check_property(b, c, c->own[k], derives);
}

void dsc_rules_check(builder *b)
{
    source_set *ss = &b->ctx->sources;
    dsc_file *files = NULL;
    const model_class **mi = NULL;     /* the MI files' own classes, in order */
    size_t nmi = 0, cap = 0;
    for (size_t n = 0; n < b->m->nns; n++) {
        const model_namespace *ns = b->m->ns[n];
        for (size_t i = 0; i < ns->nclasses; i++) {
            const model_class *c = ns->class_list[i];
            if (c->dialect != DIALECT_MI || c->system || !source_get(ss, c->span.file))
                continue;
            if (nmi == cap) {
                cap = cap ? 2 * cap : 16;
                if (!(mi = realloc(mi, cap * sizeof *mi)))
                    abort();
            }
            mi[nmi++] = c;
            if (!files && !(files = calloc(ss->n, sizeof *files)))
                abort();
            dsc_file *f = &files[c->span.file];
            size_t len;
            const char *stem = schema_stem(ss->files[c->span.file]->path, &len);
            f->schema_name = stem != NULL;
            if (stem && strlen(c->name) == len && !strncasecmp(c->name, stem, len))
                f->named = c;
            f->last = c;
            if (!f->first_res && dsc_derives(c))
                f->first_res = c;
        }
    }
    for (size_t i = 0; i < nmi; i++) {
        const model_class *c = mi[i];
        const dsc_file *f = &files[c->span.file];
        bool derives = dsc_derives(c);
        /* A *.schema.mof file without a class deriving from
         * OMI_BaseResource: its resource is the class named like the file,
         * else the last one (embedded classes come first). */
        const model_class *res = f->first_res ? f->first_res
                               : !f->schema_name ? NULL : f->named ? f->named : f->last;
        if (derives || c == res)
            check_resource(b, c, derives);
        if (c == res && f->schema_name && !f->named) {
            size_t len;
            const char *path = ss->files[c->span.file]->path;
            const char *stem = schema_stem(path, &len);
            diag_report(B_DIAG, DIAG_DSC_FILE_NAME, c->name_span,
                        "DSC resource '%s' is in '%s', which promises a class '%.*s' (DSC finds a "
                        "resource's schema by its name)", c->name, path, (int)len, stem);
        }
    }
    free(mi);
    free(files);
}
