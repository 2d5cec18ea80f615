/* tmpl_parse: template text -> flat list of ops.
 *
 * One pass over the text.  Sections become OP_SECTION ... OP_END pairs
 * with the start pointing at its end, so rendering needs no tree.  The
 * Mustache standalone rule (a section/comment/partial/delimiter tag alone
 * on its line takes the whole line with it) is applied here, once, so the
 * renderer only copies text.  An op that starts a line is marked
 * (line_start): a standalone partial's indentation goes there.  The text
 * before a tag on its line is the tag op's own text, so a line of
 * "text {{a}}, {{b}}\n" is three ops, not five.
 */
#include "codegen/tmpl_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DELIM 32

typedef struct parser {
    tmpl_template *t;
    const char *src;
    size_t len;
    size_t pos; /* first byte not yet turned into ops */
    const char *open, *close; /* current delimiters (point into src or literals) */
    size_t open_len, close_len;
    uint32_t stack[TMPL_MAX_SECTION_DEPTH]; /* open section op indices */
    int depth;
    /* A line started at the last tag (not standalone), and no op has
     * started there yet: the next op does (a comment or delimiter tag
     * makes none). */
    bool line_start;
    size_t ops_cap, segs_cap;
    tmpl_error *err;
} parser;

/* ---- Errors ----------------------------------------------------------------- */

void tmpl_error_at(tmpl_error *err, const char *name, const char *src, size_t offset,
                   const char *fmt, ...)
{
    if (!err)
        return;
    err->kind = TMPL_ERR_TEMPLATE;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    snprintf(err->template_name, sizeof err->template_name, "%s", name ? name : "");
    int line = 1, col = 1;
    for (size_t i = 0; src && i < offset; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c == '\n') {
            line++;
            col = 1;
        } else if ((c & 0xC0) != 0x80) { /* count characters, not bytes */
            col++;
        }
    }
    err->line = line;
    err->column = col;
}

void tmpl_error_format(const tmpl_error *err, char *buf, size_t size)
{
    snprintf(buf, size, "%s:%d:%d: %s", err->template_name, err->line, err->column,
             err->message);
}

/* Quotes at most 40 bytes of a name for messages. */
#define QUOTE(p, n) (int)((n) > 40 ? 40 : (n)), (p)

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static bool fail(parser *p, size_t offset, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tmpl_error_at(p->err, p->t->name, p->src, offset, "%s", msg);
    return false;
}

static bool fail0(parser *p, size_t offset, const char *msg) { return fail(p, offset, "%s", msg); }

/* ---- Growing arrays ------------------------------------------------------------ */

static bool grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap * 2 : 64;
    while (n < need)
        n *= 2;
    void *a = realloc(*arr, n * elem);
    if (!a)
        return false;
    *arr = a;
    *cap = n;
    return true;
}

static tmpl_op *new_op(parser *p, tmpl_op_kind kind, size_t offset)
{
    tmpl_template *t = p->t;
    if (!grow((void **)&t->ops, &p->ops_cap, t->nops + 1, sizeof *t->ops)) {
        fail0(p, offset, "out of memory");
        return NULL;
    }
    tmpl_op *op = &t->ops[t->nops++];
    memset(op, 0, sizeof *op);
    op->kind = (uint8_t)kind;
    op->offset = (uint32_t)offset;
    op->text = p->src + offset; /* no text; readable, as op->text must be */
    op->line_start = p->line_start;
    p->line_start = false;
    return op;
}

/* The op of a tag: it takes over the text op just before it when that
 * text is on the tag's line (does not end a line), so that rendering
 * runs one op, not two. */
static tmpl_op *new_tag_op(parser *p, tmpl_op_kind kind, size_t offset)
{
    tmpl_template *t = p->t;
    const tmpl_op *prev = t->nops ? &t->ops[t->nops - 1] : NULL;
    if (prev && prev->kind == OP_TEXT &&
        (prev->text_len == 0 || prev->text[prev->text_len - 1] != '\n')) {
        tmpl_op text = *prev;
        t->nops--;
        tmpl_op *op = new_op(p, kind, offset); /* in prev's place: cannot fail */
        op->line_start = text.line_start;
        op->text = text.text;
        op->text_len = text.text_len;
        return op;
    }
    return new_op(p, kind, offset);
}

/* ---- Scanning helpers -------------------------------------------------------------- */

static bool is_blank(char c) { return c == ' ' || c == '\t'; }
static bool is_space(char c) { return is_blank(c) || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

static bool line_start(const parser *p, size_t i) { return i == 0 || p->src[i - 1] == '\n'; }

/* First occurrence of needle in src[from, len), or SIZE_MAX. */
static size_t find(const parser *p, size_t from, const char *needle, size_t n)
{
    const char *s = p->src;
    while (from + n <= p->len) {
        const char *hit = memchr(s + from, needle[0], p->len - from - n + 1);
        if (!hit)
            return SIZE_MAX;
        size_t i = (size_t)(hit - s);
        if (memcmp(s + i, needle, n) == 0)
            return i;
        from = i + 1;
    }
    return SIZE_MAX;
}

/* First occurrence of c immediately followed by the close delimiter. */
static size_t find_close_after(const parser *p, size_t from, char c)
{
    for (size_t i = from; i < p->len; i++) {
        if (p->src[i] == c && p->len - i - 1 >= p->close_len &&
            memcmp(p->src + i + 1, p->close, p->close_len) == 0)
            return i;
    }
    return SIZE_MAX;
}

/* Emits text src[a, b), split after each newline, so that each line start
 * is the start of an op (where the indentation goes). */
static bool emit_text(parser *p, size_t a, size_t b)
{
    while (a < b) {
        const char *nl = memchr(p->src + a, '\n', b - a);
        size_t e = nl ? (size_t)(nl - p->src) + 1 : b;
        tmpl_op *op = new_op(p, OP_TEXT, a);
        if (!op)
            return false;
        op->line_start |= line_start(p, a);
        op->text = p->src + a;
        op->text_len = (uint32_t)(e - a);
        a = e;
    }
    return true;
}

/* ---- Names ------------------------------------------------------------------------- */

/* Splits a dotted name into op's segments; "." is the implicit iterator. */
static bool set_name(parser *p, tmpl_op *op, const char *name, size_t n, size_t offset, bool dotted)
{
    op->str = name;
    op->len = (uint32_t)n;
    if (n == 0)
        return fail0(p, offset, "empty tag name");
    for (size_t i = 0; i < n; i++)
        if (is_space(name[i]))
            return fail(p, offset, "invalid tag name '%.*s'", QUOTE(name, n));
    if (!dotted || (n == 1 && name[0] == '.'))
        return true;
    tmpl_template *t = p->t;
    op->seg = (uint32_t)t->nsegs;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && name[i] != '.')
            continue;
        if (i == start) /* "a..b", ".a" or "a." */
            return fail(p, offset, "invalid tag name '%.*s'", QUOTE(name, n));
        if (!grow((void **)&t->segs, &p->segs_cap, t->nsegs + 1, sizeof *t->segs))
            return fail0(p, offset, "out of memory");
        t->segs[t->nsegs].s = name + start;
        t->segs[t->nsegs].len = (uint32_t)(i - start);
        t->segs[t->nsegs].hash = tmpl_key_hash(name + start, i - start);
        t->nsegs++;
        op->nseg++;
        start = i + 1;
    }
    return true;
}

/* ---- Tags ---------------------------------------------------------------------------- */

typedef struct tag {
    char type;         /* 0 for a plain variable, else the sigil: # ^ / ! > & { = */
    size_t start;      /* offset of the open delimiter */
    size_t end;        /* offset just past the close delimiter */
    size_t name, name_len; /* trimmed content */
} tag;

static void trim(const parser *p, size_t a, size_t b, tag *tg)
{
    while (a < b && is_space(p->src[a]))
        a++;
    while (b > a && is_space(p->src[b - 1]))
        b--;
    tg->name = a;
    tg->name_len = b - a;
}

/* Reads the tag whose open delimiter is at start. */
static bool read_tag(parser *p, size_t start, tag *tg)
{
    size_t i = start + p->open_len;
    tg->start = start;
    tg->type = 0;
    char c = i < p->len ? p->src[i] : 0;
    size_t close;
    if (c == '{' || c == '=') {
        tg->type = c;
        char closer = c == '{' ? '}' : '=';
        close = find_close_after(p, i + 1, closer);
        if (close == SIZE_MAX)
            return fail(p, start, "unclosed tag (expected '%c%.*s')", closer,
                        (int)p->close_len, p->close);
        trim(p, i + 1, close, tg);
        tg->end = close + 1 + p->close_len;
        return true;
    }
    if (c && strchr("#^/!>&$<", c)) {
        tg->type = c;
        i++;
    }
    close = find(p, i, p->close, p->close_len);
    if (close == SIZE_MAX)
        return fail(p, start, "unclosed tag (expected '%.*s')", (int)p->close_len, p->close);
    trim(p, i, close, tg);
    tg->end = close + p->close_len;
    return true;
}

static bool can_stand_alone(char type) { return type && type != '&' && type != '{'; }

/* If tg is alone on its line (blanks around it), sets *line_begin to the
 * start of that line and *after to just past its newline. */
static bool standalone(const parser *p, const tag *tg, size_t *line_begin, size_t *after)
{
    if (!can_stand_alone(tg->type))
        return false;
    size_t k = tg->start;
    while (k > p->pos && is_blank(p->src[k - 1]))
        k--;
    if (!line_start(p, k))
        return false;
    size_t e = tg->end;
    while (e < p->len && is_blank(p->src[e]))
        e++;
    if (e < p->len && p->src[e] == '\n')
        e++;
    else if (e + 1 < p->len && p->src[e] == '\r' && p->src[e + 1] == '\n')
        e += 2;
    else if (e != p->len)
        return false;
    *line_begin = k;
    *after = e;
    return true;
}

/* {{=<% %>=}}: two non-empty delimiters without blanks or '='. */
static bool set_delimiters(parser *p, const tag *tg)
{
    const char *s = p->src + tg->name;
    size_t n = tg->name_len, a = 0;
    while (a < n && !is_space(s[a]))
        a++;
    size_t b = a;
    while (b < n && is_space(s[b]))
        b++;
    size_t c = b;
    while (c < n && !is_space(s[c]))
        c++;
    if (a == 0 || b == a || c == b || c != n || a > MAX_DELIM || c - b > MAX_DELIM ||
        memchr(s, '=', a) || memchr(s + b, '=', c - b))
        return fail(p, tg->start, "invalid delimiter tag '%.*s'", QUOTE(s, n));
    p->open = s;
    p->open_len = a;
    p->close = s + b;
    p->close_len = c - b;
    return true;
}

static bool open_section(parser *p, const tag *tg)
{
    if (p->depth >= TMPL_MAX_SECTION_DEPTH)
        return fail(p, tg->start, "sections nested deeper than %d", TMPL_MAX_SECTION_DEPTH);
    tmpl_op *op = new_tag_op(p, tg->type == '#' ? OP_SECTION : OP_INVERTED, tg->start);
    if (!op || !set_name(p, op, p->src + tg->name, tg->name_len, tg->start, true))
        return false;
    p->stack[p->depth++] = (uint32_t)(p->t->nops - 1);
    return true;
}

static bool close_section(parser *p, const tag *tg)
{
    const char *name = p->src + tg->name;
    size_t n = tg->name_len;
    if (p->depth == 0)
        return fail(p, tg->start, "unexpected section end '%.*s'", QUOTE(name, n));
    uint32_t open = p->stack[p->depth - 1];
    tmpl_op *o = &p->t->ops[open];
    if (o->len != n || memcmp(o->str, name, n) != 0)
        return fail(p, tg->start, "section '%.*s' closed by '%.*s'", QUOTE(o->str, o->len),
                    QUOTE(name, n));
    p->depth--;
    /* OP_END is never rendered: a line start before it (the last thing in
     * the body) is an op of no text. */
    if (p->line_start && !new_op(p, OP_TEXT, tg->start))
        return false;
    tmpl_op *end = new_op(p, OP_END, tg->start);
    if (!end)
        return false;
    end->str = name;
    end->len = (uint32_t)n;
    end->end = open; /* the renderer goes back there for a list's next item */
    p->t->ops[open].end = (uint32_t)(p->t->nops - 1); /* re-index: ops may have moved */
    return true;
}

static bool add_partial(parser *p, const tag *tg, bool alone, size_t line_begin)
{
    const char *name = p->src + tg->name;
    size_t n = tg->name_len;
    bool dynamic = n > 0 && name[0] == '*';
    if (dynamic) { /* {{>*var}}: the ~dynamic-names extension */
        name++;
        n--;
        while (n > 0 && is_space(*name)) {
            name++;
            n--;
        }
    }
    tmpl_op *op = new_tag_op(p, dynamic ? OP_DYN_PARTIAL : OP_PARTIAL, tg->start);
    if (!op || !set_name(p, op, name, n, tg->start, dynamic))
        return false;
    if (alone) {
        op->standalone = 1;
        op->indent = p->src + line_begin;
        op->indent_len = (uint32_t)(tg->start - line_begin);
    }
    return true;
}

static bool add_tag(parser *p, const tag *tg, bool alone, size_t line_begin)
{
    tmpl_op *op;
    switch (tg->type) {
    case '!': return true;
    case '=': return set_delimiters(p, tg);
    case '#':
    case '^': return open_section(p, tg);
    case '/': return close_section(p, tg);
    case '>': return add_partial(p, tg, alone, line_begin);
    case '$':
    case '<':
        return fail(p, tg->start, "unsupported tag '%.*s%c' (template inheritance)",
                    (int)p->open_len, p->open, tg->type);
    default:
        op = new_tag_op(p, tg->type ? OP_RAW : OP_VAR, tg->start);
        return op && set_name(p, op, p->src + tg->name, tg->name_len, tg->start, true);
    }
}

/* ---- Driver --------------------------------------------------------------------------- */

static bool parse(parser *p)
{
    while (p->pos < p->len) {
        size_t start = find(p, p->pos, p->open, p->open_len);
        if (start == SIZE_MAX) {
            if (!emit_text(p, p->pos, p->len))
                return false;
            break;
        }
        tag tg;
        if (!read_tag(p, start, &tg))
            return false;
        size_t line_begin = 0, after = 0;
        bool alone = standalone(p, &tg, &line_begin, &after);
        if (alone) {
            if (!emit_text(p, p->pos, line_begin))
                return false;
            p->pos = after;
        } else {
            if (!emit_text(p, p->pos, start))
                return false;
            p->pos = tg.end;
            if (line_start(p, start))
                p->line_start = true;
        }
        if (!add_tag(p, &tg, alone, line_begin))
            return false;
    }
    if (p->depth > 0) {
        const tmpl_op *o = &p->t->ops[p->stack[p->depth - 1]];
        return fail(p, o->offset, "unclosed section '%.*s'", QUOTE(o->str, o->len));
    }
    /* A line started by a last comment or delimiter tag: an op of no text. */
    return !p->line_start || new_op(p, OP_TEXT, p->len);
}

static char *dup_mem(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        if (n)
            memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* The private copy of a template's text, with TMPL_SRC_PAD zero bytes
 * after its NUL (see tmpl_buf_put_src). */
static char *dup_src(const char *s, size_t n)
{
    char *d = n < SIZE_MAX - 1 - TMPL_SRC_PAD ? malloc(n + 1 + TMPL_SRC_PAD) : NULL;
    if (d) {
        if (n)
            memcpy(d, s, n);
        memset(d + n, 0, 1 + TMPL_SRC_PAD);
    }
    return d;
}

tmpl_template *tmpl_compile(const char *name, const char *text, size_t len, tmpl_error *err)
{
    if (!name)
        name = "";
    if (len > UINT32_MAX - 1) {
        tmpl_error_at(err, name, NULL, 0, "template too large");
        return NULL;
    }
    tmpl_template *t = calloc(1, sizeof *t);
    if (t) {
        t->name = dup_mem(name, strlen(name));
        t->src = dup_src(text ? text : "", text ? len : 0);
    }
    if (!t || !t->name || !t->src) {
        tmpl_template_free(t);
        tmpl_error_at(err, name, NULL, 0, "out of memory");
        return NULL;
    }
    t->src_len = text ? len : 0;
    t->serial = tmpl_serial();
    parser p = {.t = t, .src = t->src, .len = t->src_len, .open = "{{", .close = "}}",
                .open_len = 2, .close_len = 2, .err = err};
    if (!parse(&p)) {
        tmpl_template_free(t);
        return NULL;
    }
    return t;
}

void tmpl_template_free(tmpl_template *t)
{
    if (!t)
        return;
    free(t->name);
    free(t->src);
    free(t->ops);
    free(t->segs);
    free(t);
}

const char *tmpl_template_name(const tmpl_template *t) { return t ? t->name : NULL; }
