#include "codegen/gen_meta.h"
#include "codegen/names.h"
#include "common/strbuf.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The CIM-XML text of a scalar as a C string literal, or "NULL". */
static const char *scalar_lit(arena *a, const ast_value *v)
{
    char num[40];
    size_t n;
    switch (v->kind) {
    case VAL_BOOL: return v->u.b ? "\"TRUE\"" : "\"FALSE\"";
    case VAL_INT:
        n = c_decimal(num + 1, v->u.i.neg, v->u.i.mag);
        num[0] = num[n + 1] = '"';
        return arena_strndup(a, num, n + 2);
    case VAL_REAL: snprintf(num, sizeof num, "%.17g", v->u.r); return c_string(a, num);
    case VAL_STRING: return c_stringn(a, v->u.str.s, v->u.str.len);
    case VAL_CHAR16: {
        strbuf b = STRBUF_INIT;
        strbuf_add_utf8(&b, v->u.c16);
        const char *s = c_string(a, strbuf_cstr(&b));
        strbuf_free(&b);
        return s;
    }
    default: return "NULL";   /* NULL, aliases, instances: no constant text */
    }
}

const char *gen_literal(arena *a, const ast_value *v, bool array)
{
    (void)array;
    if (!v || v->kind == VAL_NULL)
        return "{ 0, NULL }";
    /* Put together directly: printf and a growing buffer per value were
     * most of this function's time. */
    size_t n = v->kind == VAL_ARRAY ? v->u.arr.n : 1;
    char count[24];
    c_decimal(count, false, n);
    if (v->kind != VAL_ARRAY)
        return C_JOIN(a, "{ ", count, ", (const char *const[]){ ", scalar_lit(a, v), " } }");
    /* C has no empty initialiser list: NULL stands in for none. */
    const char *small[34], **parts = 2 * n + 3 <= 34 ? small : malloc((2 * n + 3) * sizeof *parts);
    if (!parts)
        abort();   /* as the arena does when memory runs out */
    size_t k = 0;
    parts[k++] = "{ ";
    parts[k++] = count;
    parts[k++] = ", (const char *const[]){ ";
    for (size_t i = 0; i < n; i++) {
        if (i)
            parts[k++] = ", ";
        parts[k++] = scalar_lit(a, v->u.arr.items[i]);
    }
    if (!n)
        parts[k++] = "NULL";
    parts[k++] = " } }";
    const char *s = c_join(a, NULL, k, parts);
    if (parts != small)
        free(parts);
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
    tmpl_object_set_string_ref(obj, "quals", q->n ? table : "NULL", strlen(q->n ? table : "NULL"));
    if (!q->n)
        return;
    tmpl_value *t = tmpl_list_append_object(tables);
    tmpl_object_set_string_ref(t, "name", table, strlen(table));
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
        size_t len;
        const char *row = C_JOIN_LEN(a, &len, "{ ", c_string(a, d ? d->name : x->name), ", ",
                                     rt_type(d ? d->type : TYPE_BOOLEAN), ", ", np ? flags : "0", ", ",
                                     gen_literal(a, v, arr), " }");
        tmpl_list_append_string_ref(rows, row, len);
    }
}

/* Appends a line and the NUL that ends it. */
static void add_line(strbuf *all, const char *s, size_t n)
{
    strbuf_add(all, s, n);
    strbuf_addc(all, '\0');
}

/* Bytes of a Description as wrap_doc sees them: what ends a word, and
 * what a word cannot be copied as it is with (a control character becomes
 * a blank; '*' and '/' must not meet). */
enum { DOC_PLAIN, DOC_CAREFUL, DOC_END };
#define DOC_CTL8(b) [b] = DOC_CAREFUL, [b + 1] = DOC_CAREFUL, [b + 2] = DOC_CAREFUL, \
    [b + 3] = DOC_CAREFUL, [b + 4] = DOC_CAREFUL, [b + 5] = DOC_CAREFUL, [b + 6] = DOC_CAREFUL, \
    [b + 7] = DOC_CAREFUL
static const unsigned char doc_byte[256] = {
    [0] = DOC_END, [1] = DOC_CAREFUL, [2] = DOC_CAREFUL, [3] = DOC_CAREFUL, [4] = DOC_CAREFUL,
    [5] = DOC_CAREFUL, [6] = DOC_CAREFUL, [7] = DOC_CAREFUL, [8] = DOC_CAREFUL, [9] = DOC_CAREFUL,
    ['\n'] = DOC_END, [11] = DOC_CAREFUL, [12] = DOC_CAREFUL, [13] = DOC_CAREFUL,
    [14] = DOC_CAREFUL, [15] = DOC_CAREFUL, DOC_CTL8(16), DOC_CTL8(24),
    [' '] = DOC_END, ['*'] = DOC_CAREFUL, ['/'] = DOC_CAREFUL,
};
#undef DOC_CTL8

/* text wrapped into lines (no line holds a newline: control characters
 * become blanks), each ended by a NUL, in the arena; *nlines: how many. */
static const char *wrap_doc(arena *a, const char *text, size_t *nlines)
{
    /* Words, wrapped; newlines in the text start a new line; "*" "/" never
     * meet (a comment would end), nor do "/" "*" (nested comment warning). */
    strbuf all = STRBUF_INIT, line = STRBUF_INIT;
    strbuf_reserve(&line, 160);
    size_t count = 0;
    for (const char *p = text; *p;) {
        if (*p == '\n') {
            /* A blank line in the text is an empty comment line. */
            add_line(&all, line.data ? line.data : "", line.len);
            count++;
            line.len = 0;
            p++;
            continue;
        }
        /* The word's length, and whether it needs the careful copy. */
        size_t n = 0;
        unsigned char careful = 0, k;
        while ((k = doc_byte[(unsigned char)p[n]]) != DOC_END) {
            careful |= k;
            n++;
        }
        if (line.len && line.len + 1 + n > 76) {
            add_line(&all, line.data, line.len);
            count++;
            line.len = 0;
        }
        /* At most one added blank before the word and one per character. */
        strbuf_reserve(&line, 2 * n + 1);
        char *o = line.data + line.len;
        if (line.len && n)
            *o++ = ' ';
        if (!careful) {
            memcpy(o, p, n);
            o += n;
        }
        char prev = o > line.data ? o[-1] : '\0';
        for (size_t i = 0; i < n && careful; i++) {
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
    if (line.len) {
        add_line(&all, line.data, line.len);
        count++;
    }
    const char *out = arena_strndup(a, all.data ? all.data : "", all.len);
    strbuf_free(&all);
    strbuf_free(&line);
    *nlines = count;
    return out;
}

/* A wrapped Description: its lines one after the other, each ended by a
 * NUL, so that the model's strings point into it. */
typedef struct wrapped_doc {
    const char *lines;
    size_t n;
} wrapped_doc;

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
    const wrapped_doc *w = ptr_map_get(&c->wrapped, text);
    if (!w) {
        wrapped_doc *nw = arena_alloc(c->keep, sizeof *nw);
        nw->lines = wrap_doc(c->keep, text, &nw->n);
        ptr_map_put(&c->wrapped, text, nw);
        w = nw;
    }
    const char *p = w->lines;
    for (size_t i = 0; i < w->n; i++) {
        size_t n = strlen(p);
        tmpl_list_append_string_ref(lines, p, n);
        p += n + 1;
    }
}
