#include "codegen/gen_meta.h"
#include "codegen/names.h"
#include "common/strbuf.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>   /* word_len looks at 16 bytes at a time */
#endif

/* Literals and qualifier rows are written in one pass: a *_room function
 * gives at least the length of what the matching *_put writes, the
 * caller takes that much of the arena at once, writes, and gives back
 * the rest (joining escaped pieces afterwards measured and copied each
 * Description twice more: a third of the rows' cost). */

/* Writes the string constant lit at o; returns the end. */
#define PUT(o, lit) (memcpy((o), (lit), sizeof(lit) - 1), (o) + sizeof(lit) - 1)

static char *put_str(char *o, const char *s, size_t n)
{
    memcpy(o, s, n);
    return o + n;
}

static size_t scalar_room(const ast_value *v)
{
    switch (v->kind) {
    case VAL_BOOL: return 7;                       /* "FALSE" */
    case VAL_INT: return 24;                       /* quotes, '-', 20 digits, c_decimal's NUL */
    case VAL_REAL: return 4 * 40 + 2;              /* snprintf's text, escaped */
    case VAL_STRING: return c_string_room(v->u.str.s, v->u.str.len);
    case VAL_CHAR16: return 4 * 4 + 2;            /* one UTF-8 character, escaped */
    default: return 4;                             /* NULL */
    }
}

/* The CIM-XML text of a scalar as a C string literal, or NULL. */
static char *scalar_put(char *o, const ast_value *v)
{
    char num[40];
    switch (v->kind) {
    case VAL_BOOL: return v->u.b ? PUT(o, "\"TRUE\"") : PUT(o, "\"FALSE\"");
    case VAL_INT:
        *o++ = '"';
        o += c_decimal(o, v->u.i.neg, v->u.i.mag);
        *o++ = '"';
        return o;
    case VAL_REAL: {
        int n = snprintf(num, sizeof num, "%.17g", v->u.r);
        return c_string_put(o, num, n > 0 ? strlen(num) : 0);
    }
    case VAL_STRING: return c_string_put(o, v->u.str.s, c_string_len(v->u.str.s, v->u.str.len));
    case VAL_CHAR16: {
        strbuf b = STRBUF_INIT;
        strbuf_add_utf8(&b, v->u.c16);
        const char *u = strbuf_cstr(&b);
        o = c_string_put(o, u, strlen(u));
        strbuf_free(&b);
        return o;
    }
    default: return PUT(o, "NULL");   /* NULL, aliases, instances: no constant text */
    }
}

static bool no_value(const ast_value *v) { return !v || v->kind == VAL_NULL; }

static size_t literal_room(const ast_value *v)
{
    if (no_value(v))
        return 11;
    size_t room = 64;   /* "{ ", the count, ", (const char *const[]){ ", "NULL", " } }" */
    if (v->kind != VAL_ARRAY)
        return room + scalar_room(v);
    for (size_t i = 0; i < v->u.arr.n; i++)
        room += 2 + scalar_room(v->u.arr.items[i]);
    return room;
}

static char *literal_put(char *o, const ast_value *v)
{
    if (no_value(v))
        return PUT(o, "{ 0, NULL }");
    size_t n = v->kind == VAL_ARRAY ? v->u.arr.n : 1;
    o = PUT(o, "{ ");
    o += c_decimal(o, false, n);
    o = PUT(o, ", (const char *const[]){ ");
    if (v->kind != VAL_ARRAY)
        o = scalar_put(o, v);
    for (size_t i = 0; v->kind == VAL_ARRAY && i < n; i++) {
        if (i)
            o = PUT(o, ", ");
        o = scalar_put(o, v->u.arr.items[i]);
    }
    if (!n)
        o = PUT(o, "NULL");   /* C has no empty initialiser list */
    return PUT(o, " } }");
}

const char *gen_literal(arena *a, const ast_value *v, bool array)
{
    (void)array;
    if (no_value(v))
        return "{ 0, NULL }";
    size_t room = literal_room(v) + 1;
    char *out = arena_alloc_chars(a, room), *o = literal_put(out, v);
    *o = '\0';
    arena_shrink(a, out, room, (size_t)(o + 1 - out));
    return out;
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

void gen_quals_ref(tmpl_value *obj, size_t at, const char *table, const model_quals *q)
{
    tmpl_shaped_set_number(obj, at, (double)q->n);
    tmpl_shaped_set_string_ref(obj, at + 1, q->n ? table : "NULL", strlen(q->n ? table : "NULL"));
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
        /* A boolean qualifier given without a value is true. */
        static const ast_value true_value = {.kind = VAL_BOOL, .u.b = true};
        const ast_value *v = x->value ? x->value : (!d || d->type == TYPE_BOOLEAN) ? &true_value : NULL;
        /* { "Name", MOFRT_T_..., flags, literal } */
        const char *name = d ? d->name : x->name, *rt = rt_type(d ? d->type : TYPE_BOOLEAN);
        size_t name_len = strlen(name), rt_len = strlen(rt);
        size_t room = 2 + c_string_room(name, name_len) + 2 + rt_len + 2 + 5 * 30 + 2 +
                      literal_room(v) + 2 + 1;
        char *row = arena_alloc_chars(a, room), *o = row;
        o = PUT(o, "{ ");
        o = c_string_put(o, name, name_len);
        o = PUT(o, ", ");
        o = put_str(o, rt, rt_len);
        o = PUT(o, ", ");
        for (size_t k = 0; k < np; k++) {
            if (k)
                o = PUT(o, " | ");
            o = put_str(o, parts[k], strlen(parts[k]));
        }
        if (!np)
            o = PUT(o, "0");
        o = PUT(o, ", ");
        o = literal_put(o, v);
        o = PUT(o, " }");
        *o = '\0';
        size_t len = (size_t)(o - row);
        arena_shrink(a, row, room, len + 1);
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

/* The length of the word at p (up to a blank, a newline or the end of
 * the text, a NUL byte; end: at most where that NUL is) and in *careful
 * whether it holds a byte to write carefully. 16 bytes at a time where
 * there are that many (Descriptions are what gen reads most of, and most
 * of their bytes are plain word characters). */
static size_t word_len(const char *p, const char *end, unsigned char *careful)
{
    size_t n = 0;
    unsigned char c = 0, k;
#if defined(__SSE2__)
    /* Bytes up to ' ' (blanks, control characters, NUL) and '*' '/'. */
    while (end - p - (ptrdiff_t)n >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + n));
        __m128i hit = _mm_or_si128(
            _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(' ')), v),
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('*')), _mm_cmpeq_epi8(v, _mm_set1_epi8('/'))));
        unsigned m = (unsigned)_mm_movemask_epi8(hit);
        if (!m) {
            n += 16;
            continue;
        }
        n += (size_t)__builtin_ctz(m);
        if ((k = doc_byte[(unsigned char)p[n]]) == DOC_END) {
            *careful = c;
            return n;
        }
        c |= k;
        n++;
    }
#else
    (void)end;
#endif
    while ((k = doc_byte[(unsigned char)p[n]]) != DOC_END) {
        c |= k;
        n++;
    }
    *careful = c;
    return n;
}

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

/* ---- Lines of plain words, found in a few steps -----------------------------
 * Most lines of a Description are plain words one blank apart, followed by
 * more text: the line is then the text up to its last word end at most 76
 * bytes in, and wrap_doc need not go word by word (a tenth of the steps).
 * Bit i of a doc_bits stands for byte i of a window of the text (77 bytes,
 * 0-63 in lo, 64-76 in hi). */
typedef struct doc_bits {
    uint64_t lo, hi;
} doc_bits;

#define DOC_WINDOW 77   /* a line of 76 bytes and the byte after it */

static void set_bit(doc_bits *b, size_t i)
{
    if (i < 64)
        b->lo |= (uint64_t)1 << i;
    else
        b->hi |= (uint64_t)1 << (i - 64);
}

/* Bytes i of a where byte i + 1 is in b. */
static doc_bits pair_bits(doc_bits a, doc_bits b)
{
    return (doc_bits){a.lo & ((b.lo >> 1) | (b.hi << 63)), a.hi & (b.hi >> 1)};
}

/* The highest bit of b below limit (at most DOC_WINDOW), or 0 for none
 * (bit 0 never counts: a line's first byte starts a word). */
static size_t highest_below(doc_bits b, size_t limit)
{
    if (limit <= 64) {
        uint64_t m = limit == 64 ? b.lo : b.lo & (((uint64_t)1 << limit) - 1);
        return m > 1 ? 63 - (size_t)__builtin_clzll(m) : 0;
    }
    uint64_t h = b.hi & (((uint64_t)1 << (limit - 64)) - 1);
    if (h)
        return 127 - (size_t)__builtin_clzll(h);
    return b.lo > 1 ? 63 - (size_t)__builtin_clzll(b.lo) : 0;
}

static bool any_below(doc_bits b, size_t limit)
{
    if (limit <= 64)
        return (limit == 64 ? b.lo : b.lo & (((uint64_t)1 << limit) - 1)) != 0;
    return b.lo || (b.hi & (((uint64_t)1 << (limit - 64)) - 1));
}

/* The line that starts at p (a word's first byte; the text's NUL at
 * end): its length *len, and where the next line's text starts; NULL when
 * the line is not plain words one blank apart (wrap_doc then goes word by
 * word). */
static const char *plain_line(const char *p, const char *end, size_t *len)
{
    /* The window's bytes: the text's own, or a copy with NUL bytes after
     * the end of the text (which then reads as the NUL it ends with), so
     * that 80 bytes can be read whatever is left. */
    size_t r = (size_t)(end - p);
    char pad[80];
    const char *q = p;
    if (r < sizeof pad) {
        memcpy(pad, p, r);
        memset(pad + r, 0, sizeof pad - r);
        q = pad;
    }
    doc_bits ctl = {0, 0}, blank = {0, 0}, star = {0, 0}, slash = {0, 0};
#if defined(__SSE2__)
    /* Five 16-byte steps; the bits past the window cleared. */
    uint64_t m[4][5];
    for (int k = 0; k < 5; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(q + 16 * k));
        m[0][k] = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v));
        m[1][k] = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
        m[2][k] = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('*')));
        m[3][k] = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('/')));
    }
    doc_bits *out[4] = {&ctl, &blank, &star, &slash};
    for (int j = 0; j < 4; j++)
        *out[j] = (doc_bits){m[j][0] | m[j][1] << 16 | m[j][2] << 32 | m[j][3] << 48,
                             m[j][4] & ((1u << (DOC_WINDOW - 64)) - 1)};
#else
    for (size_t i = 0; i < DOC_WINDOW; i++) {
        unsigned char c = (unsigned char)q[i];
        if (c < 0x20)
            set_bit(&ctl, i);
        else if (c == ' ')
            set_bit(&blank, i);
        else if (c == '*')
            set_bit(&star, i);
        else if (c == '/')
            set_bit(&slash, i);
    }
#endif
    /* What a plain line cannot hold: a control character, two blanks in a
     * row, '*' and '/' side by side either way round. */
    doc_bits dbl = pair_bits(blank, blank), sl = pair_bits(star, slash), ls = pair_bits(slash, star);
    doc_bits bad = {ctl.lo | dbl.lo | sl.lo | ls.lo, ctl.hi | dbl.hi | sl.hi | ls.hi};
    /* Where the line must end, when that is within 76 bytes: the first
     * newline or NUL byte (the end of the text is one; other control
     * characters are bytes of words). */
    size_t stop = 0;
    for (doc_bits c = ctl; !stop && (c.lo || c.hi);) {
        size_t z = c.lo ? (size_t)__builtin_ctzll(c.lo) : 64 + (size_t)__builtin_ctzll(c.hi);
        if (q[z] == '\n' || q[z] == '\0')
            stop = z;
        else if (z < 64)
            c.lo &= c.lo - 1;
        else
            c.hi &= c.hi - 1;
    }
    /* Word ends: a blank, or the stop, after a byte that is no blank. */
    doc_bits ends = blank;
    if (stop)
        set_bit(&ends, stop);
    ends.hi &= ~((blank.hi << 1) | (blank.lo >> 63));
    ends.lo &= ~(blank.lo << 1);
    size_t e = highest_below(ends, stop ? stop + 1 : DOC_WINDOW);
    /* Without a stop, the next word did not fit by its end in the text;
     * so it does not as written only when one blank comes before it (bit
     * e of bad: two blanks at e). */
    if (!e || any_below(bad, stop ? e : e + 1))
        return NULL;
    *len = e;
    if (stop)
        return p + stop + (q[stop] == '\n');
    /* The next word starts the next line; a newline after the blanks
     * ended this one (without it, wrap_doc would take it for an empty
     * line). */
    p += e;
    while (*p == ' ')
        p++;
    return p + (*p == '\n');
}

/* A wrapped Description: its lines, each a run of the text itself when
 * it is written as it stands there (words one blank apart, nothing to
 * change: most lines), else a copy in the arena. */
typedef struct wrapped_doc {
    tmpl_str *lines;   /* as a list takes them at once */
    size_t n;
} wrapped_doc;

typedef struct wrapper {
    arena *a;
    tmpl_str *lines;     /* malloc'd while wrapping */
    size_t n, cap;
    const char *first;   /* the line's first word in the text, NULL: empty */
    const char *end;     /* the text's end (its NUL byte) */
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
        unsigned char careful;
        size_t n = word_len(p, w->end, &careful);
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

static void push_line(wrapper *w, const char *s, size_t len)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 16;
        tmpl_str *grown = realloc(w->lines, w->cap * sizeof *grown);
        if (!grown)
            abort();   /* as the arena does when memory runs out */
        w->lines = grown;
    }
    w->lines[w->n++] = (tmpl_str){s, len};
}

static void end_line(wrapper *w)
{
    push_line(w, !w->len ? "" : w->as_is ? w->first : copy_line(w), w->len);
    w->first = NULL;
    w->len = 0;
}

/* text wrapped into lines at about 76 columns (no line holds a newline:
 * control characters become blanks), in one pass over the text. */
static void wrap_doc(arena *a, const char *text, size_t len, wrapped_doc *out)
{
    /* Words, wrapped; newlines in the text start a new line; "*" "/" never
     * meet (a comment would end), nor do "/" "*" (nested comment warning). */
    wrapper w = {.a = a, .end = text + len};
    for (const char *p = text; *p;) {
        const char *next;
        size_t line_len;
        if (!w.len && *p != '\n' && *p != ' ' && (next = plain_line(p, w.end, &line_len))) {
            push_line(&w, p, line_len);
            p = next;
            continue;
        }
        if (*p == '\n') {
            end_line(&w);   /* a blank line in the text is an empty comment line */
            p++;
            continue;
        }
        unsigned char careful;
        size_t n = word_len(p, w.end, &careful);
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

void gen_doc(gen_doc_cache *c, tmpl_value *obj, size_t at, const model_quals *q)
{
    tmpl_value *lines = tmpl_shaped_set_list(obj, at);
    const model_qualifier *d = model_find_qualifier(q, "Description");
    const char *text = d && d->value && d->value->kind == VAL_STRING ? d->value->u.str.s : NULL;
    tmpl_shaped_set_bool(obj, at + 1, text && *text);
    if (!text)
        return;
    /* Wrapped once per text: an inherited feature's is listed again in
     * every subclass. */
    const wrapped_doc *w = ptr_map_get(&c->wrapped, text);
    if (!w) {
        wrapped_doc *nw = arena_alloc(c->keep, sizeof *nw);
        wrap_doc(c->keep, text, d->value->u.str.len, nw);
        ptr_map_put(&c->wrapped, text, nw);
        w = nw;
    }
    tmpl_list_append_string_refs(lines, w->lines, w->n);
}
