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

void gen_quals_ref(tmpl_value *obj, const char *table, const model_quals *q)
{
    tmpl_object_set_number(obj, "nquals", (double)q->n);
    tmpl_object_set_string_ref(obj, "quals", q->n ? table : "NULL", strlen(q->n ? table : "NULL"));
}

void gen_qual_table(arena *a, tmpl_value *tables, const char *table, const model_quals *q,
                    bool propagated_all)
{
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

/* Bytes of a Description as wrap_doc sees them: what ends a word, and
 * what a word may not be copied as it is with (a control character becomes
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

/* The n bytes of a careful word as they are written at o (NULL: only
 * counted): a control character as a blank, a blank between '*' and '/'
 * either way round. Returns the bytes written. */
static size_t careful_word(char *o, const char *p, size_t n)
{
    size_t k = 0;
    char prev = '\0';   /* the word starts a line or follows a blank */
    for (size_t i = 0; i < n; i++) {
        char c = (unsigned char)p[i] < 0x20 ? ' ' : p[i];
        if ((c == '/' && prev == '*') || (c == '*' && prev == '/')) {
            if (o)
                o[k] = ' ';
            k++;
        }
        if (o)
            o[k] = c;
        k++;
        prev = c;
    }
    return k;
}

/* Whether a careful word is written otherwise than it stands. */
static bool word_changes(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] < 0x20 || (i && ((p[i] == '/' && p[i - 1] == '*') ||
                                                  (p[i] == '*' && p[i - 1] == '/'))))
            return true;
    return false;
}

/* A wrapped Description: its lines, each a run of the text itself when
 * it is written as it stands there (words one blank apart, nothing to
 * change: most lines), else a copy in the arena. */
typedef struct doc_line {
    const char *s;
    size_t len;
} doc_line;
typedef struct wrapped_doc {
    doc_line *lines;
    size_t n;
} wrapped_doc;

typedef struct wrapper {
    arena *a;
    doc_line *lines;     /* malloc'd while wrapping */
    size_t n, cap;
    const char *first;   /* the line's first word in the text, NULL: empty */
    size_t len;          /* the line's length as written */
    bool as_is;          /* the line is text[first, first + len) */
} wrapper;

/* The line so far written out: words of the text from first on, one blank
 * apart, careful ones carefully, len bytes in all. */
static const char *copy_line(wrapper *w)
{
    char *out = arena_alloc_raw(w->a, w->len + 1), *o = out;
    const char *p = w->first;
    while ((size_t)(o - out) < w->len) {
        if (o > out) {
            *o++ = ' ';
            while (*p == ' ')
                p++;
        }
        size_t n = 0;
        unsigned char careful = 0, k;
        while ((k = doc_byte[(unsigned char)p[n]]) != DOC_END) {
            careful |= k;
            n++;
        }
        if (careful) {
            o += careful_word(o, p, n);
        } else {
            memcpy(o, p, n);
            o += n;
        }
        p += n;
    }
    *o = '\0';
    return out;
}

static void end_line(wrapper *w)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 16;
        doc_line *grown = realloc(w->lines, w->cap * sizeof *grown);
        if (!grown)
            abort();   /* as the arena does when memory runs out */
        w->lines = grown;
    }
    const char *s = !w->len ? "" : w->as_is ? w->first : copy_line(w);
    w->lines[w->n++] = (doc_line){s, w->len};
    w->first = NULL;
    w->len = 0;
}

/* text wrapped into lines at about 76 columns (no line holds a newline:
 * control characters become blanks), in one pass over the text. */
static void wrap_doc(arena *a, const char *text, wrapped_doc *out)
{
    /* Words, wrapped; newlines in the text start a new line; "*" "/" never
     * meet (a comment would end), nor do "/" "*" (nested comment warning). */
    wrapper w = {.a = a};
    for (const char *p = text; *p;) {
        if (*p == '\n') {
            end_line(&w);   /* a blank line in the text is an empty comment line */
            p++;
            continue;
        }
        size_t n = 0;
        unsigned char careful = 0, k;
        while ((k = doc_byte[(unsigned char)p[n]]) != DOC_END) {
            careful |= k;
            n++;
        }
        /* The wrap goes by the word as it stands (blanks a careful copy
         * adds may take a line past 76 columns). */
        if (w.len && w.len + 1 + n > 76)
            end_line(&w);
        size_t wn = careful ? careful_word(NULL, p, n) : n;
        if (n) {
            bool same = !careful || !word_changes(p, n);
            if (!w.len) {
                w.first = p;
                w.as_is = same;
                w.len = wn;
            } else {
                w.as_is = w.as_is && same && p[-1] == ' ' && p[-2] != ' ';
                w.len += 1 + wn;
            }
        }
        p += n;
        while (*p == ' ')
            p++;
    }
    if (w.len)
        end_line(&w);
    out->n = w.n;
    out->lines = arena_alloc(a, (w.n ? w.n : 1) * sizeof *out->lines);
    if (w.n)
        memcpy(out->lines, w.lines, w.n * sizeof *out->lines);
    free(w.lines);
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
    const wrapped_doc *w = ptr_map_get(&c->wrapped, text);
    if (!w) {
        wrapped_doc *nw = arena_alloc(c->keep, sizeof *nw);
        wrap_doc(c->keep, text, nw);
        ptr_map_put(&c->wrapped, text, nw);
        w = nw;
    }
    for (size_t i = 0; i < w->n; i++)
        tmpl_list_append_string_ref(lines, w->lines[i].s, w->lines[i].len);
}
