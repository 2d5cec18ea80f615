#include "codegen/gen_meta.h"
#include "codegen/names.h"
#include "common/strbuf.h"
#include <inttypes.h>
#include <string.h>

/* The CIM-XML text of a scalar as a C string literal, or "NULL". */
static const char *scalar_lit(arena *a, const ast_value *v)
{
    strbuf b = STRBUF_INIT;
    switch (v->kind) {
    case VAL_BOOL: strbuf_adds(&b, v->u.b ? "TRUE" : "FALSE"); break;
    case VAL_INT: strbuf_printf(&b, "%s%" PRIu64, v->u.i.neg ? "-" : "", v->u.i.mag); break;
    case VAL_REAL: strbuf_printf(&b, "%.17g", v->u.r); break;
    case VAL_STRING: strbuf_add(&b, v->u.str.s, v->u.str.len); break;
    case VAL_CHAR16: strbuf_add_utf8(&b, v->u.c16); break;
    default: strbuf_free(&b); return "NULL";   /* NULL, aliases, instances: no constant text */
    }
    const char *s = c_string(a, strbuf_cstr(&b));
    strbuf_free(&b);
    return s;
}

const char *gen_literal(arena *a, const ast_value *v, bool array)
{
    if (!v || v->kind == VAL_NULL)
        return "{ 0, NULL }";
    strbuf b = STRBUF_INIT;
    size_t n = v->kind == VAL_ARRAY ? v->u.arr.n : 1;
    strbuf_printf(&b, "{ %zu, (const char *const[]){ ", n);
    if (v->kind == VAL_ARRAY) {
        for (size_t i = 0; i < n; i++) {
            if (i)
                strbuf_adds(&b, ", ");
            strbuf_adds(&b, scalar_lit(a, v->u.arr.items[i]));
        }
        if (!n)
            strbuf_adds(&b, "NULL");   /* C has no empty initialiser list */
    } else {
        strbuf_adds(&b, scalar_lit(a, v));
    }
    strbuf_adds(&b, " } }");
    (void)array;
    const char *s = arena_strdup(a, strbuf_cstr(&b));
    strbuf_free(&b);
    return s;
}

static const char *rt_type(mof_type t)
{
    switch (t) {
    case TYPE_BOOLEAN: return "MOFRT_T_BOOLEAN";
    case TYPE_CHAR16: return "MOFRT_T_CHAR16";
    case TYPE_DATETIME: return "MOFRT_T_DATETIME";
    case TYPE_UINT8: return "MOFRT_T_UINT8";
    case TYPE_SINT8: return "MOFRT_T_SINT8";
    case TYPE_UINT16: return "MOFRT_T_UINT16";
    case TYPE_SINT16: return "MOFRT_T_SINT16";
    case TYPE_UINT32: return "MOFRT_T_UINT32";
    case TYPE_SINT32: return "MOFRT_T_SINT32";
    case TYPE_UINT64: return "MOFRT_T_UINT64";
    case TYPE_SINT64: return "MOFRT_T_SINT64";
    case TYPE_REAL32: return "MOFRT_T_REAL32";
    case TYPE_REAL64: return "MOFRT_T_REAL64";
    default: return "MOFRT_T_STRING";
    }
}

void gen_quals(arena *a, tmpl_value *obj, tmpl_value *tables, const char *table,
               const model_quals *q, bool propagated_all)
{
    tmpl_object_set_number(obj, "nquals", (double)q->n);
    tmpl_object_set_string(obj, "quals", q->n ? table : "NULL");
    if (!q->n)
        return;
    tmpl_value *t = tmpl_list_append_object(tables);
    tmpl_object_set_string(t, "name", table);
    tmpl_value *rows = tmpl_object_set_list(t, "rows");
    for (size_t i = 0; i < q->n; i++) {
        const model_qualifier *x = &q->items[i];
        const model_qualdecl *d = x->decl;
        bool arr = d && d->array;
        char flags[160] = "";
        const char *parts[5];
        size_t np = 0;
        if (arr)
            parts[np++] = "MOFRT_Q_ARRAY";
        if (x->flavors & FL_DISABLE_OVERRIDE)
            parts[np++] = "MOFRT_Q_DISABLE_OVERRIDE";
        if (!(x->flavors & FL_TO_SUBCLASS))
            parts[np++] = "MOFRT_Q_RESTRICTED";
        if (x->flavors & FL_TRANSLATABLE)
            parts[np++] = "MOFRT_Q_TRANSLATABLE";
        if (x->from || propagated_all)
            parts[np++] = "MOFRT_Q_PROPAGATED";
        for (size_t k = 0; k < np; k++) {
            if (k)
                strcat(flags, " | ");
            strcat(flags, parts[k]);
        }
        /* A boolean qualifier given without a value is true. */
        static const ast_value true_value = {.kind = VAL_BOOL, .u.b = true};
        const ast_value *v = x->value ? x->value : (!d || d->type == TYPE_BOOLEAN) ? &true_value : NULL;
        /* Put together directly: printf of a long Description literal
         * was most of this function's time. */
        const char *cells[] = {"{ ", c_string(a, d ? d->name : x->name), ", ",
                               rt_type(d ? d->type : TYPE_BOOLEAN), ", ", np ? flags : "0", ", ",
                               gen_literal(a, v, arr), " }"};
        strbuf row = STRBUF_INIT;
        for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++)
            strbuf_adds(&row, cells[k]);
        tmpl_list_append_stringn(rows, row.data, row.len);
        strbuf_free(&row);
    }
}

/* Appends a line (and its '\n') to the wrapped text. */
static void add_line(strbuf *all, const char *s, size_t n)
{
    strbuf_add(all, s, n);
    strbuf_addc(all, '\n');
}

/* text wrapped into lines, each ended by '\n' (no line holds one: control
 * characters become blanks), in the arena. */
static const char *wrap_doc(arena *a, const char *text)
{
    /* Words, wrapped; newlines in the text start a new line; "*" "/" never
     * meet (a comment would end), nor do "/" "*" (nested comment warning). */
    strbuf all = STRBUF_INIT, line = STRBUF_INIT;
    strbuf_reserve(&line, 160);
    for (const char *p = text; *p;) {
        if (*p == '\n') {
            /* A blank line in the text is an empty comment line. */
            add_line(&all, line.data ? line.data : "", line.len);
            line.len = 0;
            p++;
            continue;
        }
        size_t n = strcspn(p, " \n");
        if (line.len && line.len + 1 + n > 76) {
            add_line(&all, line.data, line.len);
            line.len = 0;
        }
        /* At most one added blank before the word and one per character. */
        strbuf_reserve(&line, 2 * n + 1);
        char *o = line.data + line.len;
        if (line.len && n)
            *o++ = ' ';
        char prev = o > line.data ? o[-1] : '\0';
        for (size_t i = 0; i < n; i++) {
            char c = p[i];
            if ((unsigned char)c < 0x20)
                c = ' ';
            if ((c == '/' && prev == '*') || (c == '*' && prev == '/'))
                *o++ = ' ';
            *o++ = c;
            prev = c;
        }
        line.len = (size_t)(o - line.data);
        p += n;
        while (*p == ' ')
            p++;
    }
    if (line.len)
        add_line(&all, line.data, line.len);
    const char *out = arena_strndup(a, all.data ? all.data : "", all.len);
    strbuf_free(&all);
    strbuf_free(&line);
    return out;
}

void gen_doc(gen_doc_cache *c, tmpl_value *obj, const model_quals *q)
{
    tmpl_value *lines = tmpl_object_set_list(obj, "doc");
    const model_qualifier *d = model_find_qualifier(q, "Description");
    const char *text = d && d->value && d->value->kind == VAL_STRING ? d->value->u.str.s : NULL;
    tmpl_object_set_bool(obj, "has_doc", text && *text);
    if (!text)
        return;
    /* Wrapped once per text: an inherited feature's is listed again in
     * every subclass. */
    const char *w = ptr_map_get(&c->wrapped, text);
    if (!w) {
        w = wrap_doc(c->keep, text);
        ptr_map_put(&c->wrapped, text, (void *)w);
    }
    for (const char *nl; (nl = strchr(w, '\n')); w = nl + 1)
        tmpl_list_append_stringn(lines, w, (size_t)(nl - w));
}
