/* String and char16 literals: escape checking (in the lexer, with exact
 * locations) and decoding (once per run of adjacent literals, straight into
 * the arena, so long concatenated Descriptions cost one copy). */
#include "parser/parse_state.h"
#include "common/strbuf.h"
#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)(c | 0x20);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* What an escape is. DSP0004's are \b \t \n \f \r \" \' \\ and \x with
 * one to four hex digits. */
typedef enum esc_kind { ESC_OK, ESC_UNKNOWN, ESC_NO_HEX, ESC_NUL, ESC_SURROGATE, ESC_END } esc_kind;

/* Decodes one escape starting at p (on the backslash): the byte count it
 * spans and, for ESC_OK, the code point in *cp. An unknown escape spans the
 * whole character after the backslash (UTF-8), so that it can be shown and
 * kept as written. */
static size_t escape(const char *p, const char *end, uint32_t *cp, esc_kind *kind)
{
    *kind = ESC_OK;
    if (p + 1 >= end) {
        *kind = ESC_END;
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
        if (i == 2)
            *kind = ESC_NO_HEX;
        else if (v == 0)
            *kind = ESC_NUL;
        else if (v >= 0xD800 && v <= 0xDFFF)
            *kind = ESC_SURROGATE;
        *cp = v;
        return i;
    }
    default: {
        unsigned char c = (unsigned char)p[1];
        size_t k = c < 0xC0 ? 2 : c < 0xE0 ? 3 : c < 0xF0 ? 4 : 5;
        *kind = ESC_UNKNOWN;
        return p + k <= end ? k : (size_t)(end - p);
    }
    }
}

static mof_span span_of(parse_state *ps, const char *p, size_t k)
{
    return (mof_span){ps->file->id, (uint32_t)(p - ps->base), (uint32_t)(p - ps->base + k)};
}

/* An unknown escape as it is shown: '\q', or the line break it stands before. */
static void report_unknown(parse_state *ps, const char *p, size_t k)
{
    diagnostic *d;
    if (p[1] == '\n' || p[1] == '\r')
        d = diag_report(&ps->ctx->diag, DIAG_UNKNOWN_ESCAPE, span_of(ps, p, 1),
                        "unknown escape sequence: '\\' at the end of a line");
    else
        d = diag_report(&ps->ctx->diag, DIAG_UNKNOWN_ESCAPE, span_of(ps, p, k),
                        "unknown escape sequence '\\%.*s'", (int)(k - 1), p + 1);
    parse_note_once(ps, d, NOTE_ESCAPE);
}

void parse_note_once(parse_state *ps, diagnostic *d, unsigned kind)
{
    static const char *const why[] = {
        [NOTE_ESCAPE] = "DSP0004's escapes are \\b \\t \\n \\f \\r \\\" \\' \\\\ and \\x; "
                        "OMI and OpenPegasus keep another one as written",
        [NOTE_NEWLINE] = "a DSP0004 string ends on its line; adjacent strings join (\"...\" \"...\")",
        [NOTE_EMPTY] = "DSP0004 and the MI codec need at least one property value; mofcomp "
                       "accepts an empty body",
    };
    if (!d || (ps->noted & kind))
        return;
    ps->noted |= kind;
    diag_add_note(&ps->ctx->diag, d, d->span, "%s", why[kind]);
}

static void report_bad(parse_state *ps, const char *p, size_t k, esc_kind kind)
{
    static const char *const what[] = {
        [ESC_NO_HEX] = "\\x used with no following hex digits",
        [ESC_NUL] = "NUL character in string",
        [ESC_SURROGATE] = "escape names a UTF-16 surrogate, not a character",
        [ESC_END] = "backslash at the end of a string",
    };
    diag_report(&ps->ctx->diag, DIAG_BAD_ESCAPE, span_of(ps, p, k), "%s", what[kind]);
}

void parse_check_string(parse_state *ps, const char *p, const char *end, bool include_path)
{
    while ((p = memchr(p, '\\', (size_t)(end - p))) != NULL) {
        uint32_t cp;
        esc_kind kind;
        size_t k = escape(p, end, &cp, &kind);
        if (kind == ESC_OK) {
        } else if (include_path && (kind == ESC_UNKNOWN || kind == ESC_NO_HEX)) {
            /* "Core\CIM_Location.mof", as CIM 2.13 and WMI files write
             * them: the backslash is a path separator. Said once a file. */
            if (!ps->incl_warned) {
                ps->incl_warned = true;
                diagnostic *d = diag_report(&ps->ctx->diag, DIAG_INCLUDE_BACKSLASH, span_of(ps, p, 1),
                                            "'\\' in an include path read as a path separator");
                diag_add_note(&ps->ctx->diag, d, span_of(ps, p, 1),
                              "DSP0004 reads '\\' as the start of an escape: write '/' or '\\\\' "
                              "(not flagged again in this file)");
            }
        } else if (kind == ESC_UNKNOWN) {
            report_unknown(ps, p, k);
        } else {
            report_bad(ps, p, k, kind);
        }
        p += k;
    }
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

/* Decodes one literal's body [q, end) (up to its closing quote, escapes
 * as the lexer checked them) to o; returns the end of what it wrote.
 * Decoding never grows the text: an escape is longer than what it stands
 * for. */
static char *decode_body(char *o, const char *q, const char *end)
{
    for (;;) {
        /* Copy the run up to the next escape in one go: escapes are rare,
         * Descriptions long. */
        const char *bs = memchr(q, '\\', (size_t)(end - q));
        const char *run_end = bs ? bs : end;
        memcpy(o, q, (size_t)(run_end - q));
        o += run_end - q;
        q = run_end;
        if (!bs)
            return o;
        uint32_t cp = 0;
        esc_kind kind;
        size_t k = escape(q, end, &cp, &kind);
        if (kind == ESC_UNKNOWN || kind == ESC_NO_HEX) {
            /* Kept as written, as OMI and OpenPegasus do: the value
             * (an include path, a message) then reads as the source. */
            memcpy(o, q, k);
            o += k;
            q += k;
            continue;
        }
        q += k;
        if (kind != ESC_OK)
            continue;
        if (cp < 0x80) {
            *o++ = (char)cp;
        } else if (cp < 0x800) {
            *o++ = (char)(0xC0 | cp >> 6);
            *o++ = (char)(0x80 | (cp & 0x3F));
        } else {
            *o++ = (char)(0xE0 | cp >> 12);
            *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
            *o++ = (char)(0x80 | (cp & 0x3F));
        }
    }
}

void parse_string_piece(parse_state *ps, const char *p, const char *end, uint32_t start,
                        uint32_t stop, bool escapes, bool cont)
{
    if (!cont) {
        ps->run.len = 0;
        ps->run.start = start;
        ps->run.valid = true;
    }
    ps->run.end = stop;
    if (!ps->run.valid)
        return;
    size_t n = (size_t)(end - p);
    if (ps->run.cap - ps->run.len < n + 1) {
        size_t cap = ps->run.cap ? ps->run.cap : 4096;
        while (cap - ps->run.len < n + 1)
            cap *= 2;
        char *t = realloc(ps->run.text, cap);
        if (!t)
            abort();
        ps->run.text = t;
        ps->run.cap = cap;
    }
    char *o = ps->run.text + ps->run.len;
    if (escapes) {
        o = decode_body(o, p, end);
    } else {
        memcpy(o, p, n);
        o += n;
    }
    ps->run.len = (size_t)(o - ps->run.text);
}

void parse_string_broken(parse_state *ps)
{
    ps->run.valid = false;
}

void parse_state_reuse(parse_state *ps, parse_scratch *keep)
{
    memcpy(ps->spare, keep->spare, keep->nspare * sizeof *keep->spare);
    ps->nspare = keep->nspare;
    ps->run.text = keep->run_text;
    ps->run.cap = keep->run_cap;
    *keep = (parse_scratch){0};
}

enum { RUN_KEEP = 64 * 1024 };

void parse_state_release(parse_state *ps, parse_scratch *keep)
{
    if (keep && ps->run.cap <= RUN_KEEP) {
        keep->run_text = ps->run.text;
        keep->run_cap = ps->run.cap;
    } else {
        free(ps->run.text);
    }
    if (keep) {
        memcpy(keep->spare, ps->spare, ps->nspare * sizeof *ps->spare);
        keep->nspare = ps->nspare;
        ps->nspare = 0;
    }
    while (ps->nspare)
        free(ps->spare[--ps->nspare]);
    ps->run.text = NULL;
    ps->run.len = ps->run.cap = 0;
    ps->run.valid = false;
}

void parse_scratch_free(parse_scratch *keep)
{
    while (keep->nspare)
        free(keep->spare[--keep->nspare]);
    free(keep->run_text);
    *keep = (parse_scratch){0};
}

/* The string value of span decoded from the text again (not the run the
 * lexer decoded), or "" over the length limit: rare, kept out of
 * parse_string_value so that its common path saves and restores fewer
 * registers (61,000 values in CIM 2.49). */
static __attribute__((noinline)) void decode_again(parse_state *ps, mof_span span, ast_value *v)
{
    const char *p = ps->file->text + span.start, *end = ps->file->text + span.end;
    /* The span's length bounds the result. */
    size_t cap = span.end - span.start;
    if (cap > ps->ctx->limits.max_string_len) {
        diag_report(&ps->ctx->diag, DIAG_LIMIT, span, "string is longer than the limit of %zu bytes",
                    ps->ctx->limits.max_string_len);
        v->u.str.s = "";
        return;
    }
    char *out = arena_alloc_chars(&ps->ctx->arena, cap + 1), *o = out;
    for (const char *q = skip_gap(p, end); q < end;) {
        q++;
        /* The closing '"': the next one not in an escape (\"). A string
         * of many escapes stays linear: each is passed once. */
        const char *close = q;
        for (;;) {
            close = memchr(close, '"', (size_t)(end - close));
            if (!close)
                break;
            /* a quote preceded by an odd number of backslashes is escaped */
            const char *b = close;
            while (b > q && b[-1] == '\\')
                b--;
            if (((close - b) & 1) == 0)
                break;
            close++;
        }
        const char *body_end = close ? close : end;
        o = decode_body(o, q, body_end);
        q = close ? skip_gap(close + 1, end) : end;
    }
    *o = '\0';
    v->u.str.s = out;
    v->u.str.len = (size_t)(o - out);
    /* the span's length counted quotes, blanks between literals and
     * escapes: keep only the decoded text */
    arena_shrink(&ps->ctx->arena, out, cap + 1, v->u.str.len + 1);
}

ast_value *parse_string_value(parse_state *ps, mof_span span)
{
    ast_value *v = arena_alloc(&ps->ctx->arena, sizeof *v);
    v->kind = VAL_STRING;
    v->span = span;
    /* the lexer decoded this very run (its length is within the limit:
     * the span's bounds it) */
    if (ps->run.valid && ps->run.start == span.start && ps->run.end == span.end &&
        span.end - span.start <= ps->ctx->limits.max_string_len) {
        char *out = arena_alloc_chars(&ps->ctx->arena, ps->run.len + 1);
        memcpy(out, ps->run.text, ps->run.len);
        out[ps->run.len] = '\0';
        v->u.str.s = out;
        v->u.str.len = ps->run.len;
        return v;
    }
    decode_again(ps, span, v);
    return v;
}

bool parse_char16(parse_state *ps, const char *p, const char *end, mof_span sp, uint32_t *out)
{
    uint32_t cp = 0;
    size_t count = 0;
    while (p < end) {
        if (*p == '\\') {
            esc_kind kind;
            size_t k = escape(p, end, &cp, &kind);
            if (kind == ESC_NUL) {
                diag_report(&ps->ctx->diag, DIAG_BAD_CHAR16, span_of(ps, p, k),
                            "'%.*s' is NUL (U+0000), which is not a char16 value", (int)k, p);
                return false;
            }
            if (kind == ESC_UNKNOWN) {
                diag_report(&ps->ctx->diag, DIAG_BAD_ESCAPE, span_of(ps, p, k),
                            "unknown escape sequence '\\%.*s' in a char16 literal", (int)(k - 1), p + 1);
                return false;
            }
            if (kind != ESC_OK) {
                report_bad(ps, p, k, kind);
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

uint32_t parse_string_close(parse_state *ps, uint32_t open)
{
    const char *t = ps->file->text;
    uint32_t len = (uint32_t)ps->file->len, p = open + 1, close = len;
    /* The last scan, from ml_from, ended at ml_to. A scan from a quote
     * inside it agrees with it from the first ordinary character on (only
     * a backslash can pair characters differently), so it stops there:
     * every byte is scanned a bounded number of times. */
    bool memo = ps->ml_from < open && open < ps->ml_to;
    while (p < len) {
        if (t[p] == '"') {
            close = p;
            break;
        }
        if (t[p] == '\\') {
            p += 2;
            continue;
        }
        p++;
        if (memo && p <= ps->ml_to) {
            close = ps->ml_to;
            break;
        }
    }
    ps->ml_from = open;
    ps->ml_to = close;
    if (close >= len)
        return 0;
    /* A quote followed by what never follows a string more likely opens
     * the next one: then this string lacks its closing quote. */
    uint32_t q = close + 1;
    while (q < len && (t[q] == ' ' || t[q] == '\t' || t[q] == '\r' || t[q] == '\n'))
        q++;
    if (q < len && !strchr("),;}]\"/", t[q]))
        return 0;
    return close;
}
