/* String and char16 literals: escape checking (in the lexer, with exact
 * locations) and decoding (once per run of adjacent literals, straight into
 * the arena, so long concatenated Descriptions cost one copy). */
#include "parser/parse_state.h"
#include "common/strbuf.h"
#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)(c | 0x20);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Decodes one escape starting at p (on the backslash). Returns the byte
 * count consumed and the code point in *cp, or 0 and an error text. */
static size_t escape(const char *p, const char *end, uint32_t *cp, const char **err)
{
    *err = NULL;
    if (p + 1 >= end) {
        *err = "backslash at the end of a string";
        return 1;
    }
    switch (p[1]) {
    case 'b': *cp = '\b'; return 2;
    case 't': *cp = '\t'; return 2;
    case 'n': *cp = '\n'; return 2;
    case 'f': *cp = '\f'; return 2;
    case 'r': *cp = '\r'; return 2;
    case '"': *cp = '"'; return 2;
    case '\'': *cp = '\''; return 2;
    case '\\': *cp = '\\'; return 2;
    case 'x': case 'X': {
        uint32_t v = 0;
        size_t i = 2;
        while (i < 6 && p + i < end && hexval(p[i]) >= 0)
            v = v * 16 + (uint32_t)hexval(p[i++]);
        if (i == 2) {
            *err = "\\x used with no following hex digits";
            return 2;
        }
        if (v == 0)
            *err = "NUL character in string";
        else if (v >= 0xD800 && v <= 0xDFFF)
            *err = "escape names a UTF-16 surrogate, not a character";
        *cp = v;
        return i;
    }
    default:
        *err = "unknown escape sequence";
        return 2;
    }
}

size_t parse_check_string(parse_state *ps, const char *p, const char *end, bool report)
{
    size_t len = 0;
    while (p < end) {
        if (*p != '\\') {
            p++, len++;
            continue;
        }
        uint32_t cp;
        const char *err;
        size_t k = escape(p, end, &cp, &err);
        if (err && report) {
            mof_span sp = {ps->file->id, (uint32_t)(p - ps->base), (uint32_t)(p - ps->base + k)};
            if (!strcmp(err, "unknown escape sequence"))
                diag_report(&ps->ctx->diag, DIAG_BAD_ESCAPE, sp,
                            "unknown escape sequence '\\%.*s'", (int)(k - 1), p + 1);
            else
                diag_report(&ps->ctx->diag, DIAG_BAD_ESCAPE, sp, "%s", err);
        }
        len += 4;
        p += k;
    }
    return len;
}

/* Skips blanks and comments between adjacent literals. */
static const char *skip_gap(const char *p, const char *end)
{
    while (p < end) {
        if (*p == '/' && p + 1 < end && p[1] == '/') {
            while (p < end && *p != '\n')
                p++;
        } else if (*p == '/' && p + 1 < end && p[1] == '*') {
            p += 2;
            while (p + 1 < end && !(p[0] == '*' && p[1] == '/'))
                p++;
            p += 2;
        } else if (*p == '"') {
            return p;
        } else {
            p++;
        }
    }
    return end;
}

ast_value *parse_string_value(parse_state *ps, mof_span span)
{
    const char *p = ps->file->text + span.start, *end = ps->file->text + span.end;
    /* Decoding never grows the text (an escape is longer than what it
     * stands for), so the span's length bounds the result. */
    size_t cap = span.end - span.start;
    ast_value *v = arena_alloc(&ps->ctx->arena, sizeof *v);
    v->kind = VAL_STRING;
    v->span = span;
    if (cap > ps->ctx->limits.max_string_len) {
        diag_report(&ps->ctx->diag, DIAG_LIMIT, span, "string is longer than the limit of %zu bytes",
                    ps->ctx->limits.max_string_len);
        v->u.str.s = "";
        return v;
    }
    char *out = arena_alloc_raw(&ps->ctx->arena, cap + 1), *o = out;
    for (const char *q = skip_gap(p, end); q < end;) {
        q++;
        while (q < end && *q != '"') {
            /* Copy the run up to the closing quote or the next escape in
             * one go: escapes are rare, Descriptions long. */
            const char *dq = memchr(q, '"', (size_t)(end - q));
            const char *stop = dq ? dq : end;
            const char *bs = memchr(q, '\\', (size_t)(stop - q));
            const char *run_end = bs ? bs : stop;
            memcpy(o, q, (size_t)(run_end - q));
            o += run_end - q;
            q = run_end;
            if (!bs)
                break;
            uint32_t cp = 0;
            const char *err;
            q += escape(q, end, &cp, &err);
            if (err)
                continue;
            char u[4];
            size_t n;
            if (cp < 0x80) { u[0] = (char)cp; n = 1; }
            else if (cp < 0x800) { u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
            else { u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                   u[2] = (char)(0x80 | (cp & 0x3F)); n = 3; }
            memcpy(o, u, n);
            o += n;
        }
        q = skip_gap(q + 1, end);
    }
    *o = '\0';
    v->u.str.s = out;
    v->u.str.len = (size_t)(o - out);
    return v;
}

bool parse_char16(parse_state *ps, const char *p, const char *end, mof_span sp, uint32_t *out)
{
    uint32_t cp = 0;
    size_t count = 0;
    while (p < end) {
        if (*p == '\\') {
            const char *err;
            size_t k = escape(p, end, &cp, &err);
            if (err) {
                parse_check_string(ps, p, p + k, true);
                return false;
            }
            p += k;
        } else {
            unsigned char c = (unsigned char)*p;
            size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            cp = c < 0x80 ? c : c < 0xE0 ? (c & 0x1Fu) : c < 0xF0 ? (c & 0x0Fu) : (c & 0x07u);
            for (size_t i = 1; i < k && p + i < end; i++)
                cp = cp << 6 | ((unsigned char)p[i] & 0x3F);
            p += k;
        }
        count++;
    }
    if (count != 1 || cp > 0xFFFF) {
        diag_report(&ps->ctx->diag, DIAG_BAD_CHAR16, sp,
                    count == 0 ? "empty char16 literal"
                    : cp > 0xFFFF && count == 1 ? "char16 literal does not fit in 16 bits"
                    : "char16 literal must hold exactly one character");
        return false;
    }
    *out = cp;
    return true;
}
