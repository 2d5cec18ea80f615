#include "format/fmt_lex.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct vec { void *p; size_t n, cap; } vec;

static void *push(vec *v, size_t size)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 64;
        void *p = realloc(v->p, v->cap * size);
        if (!p)
            abort();
        v->p = p;
    }
    return (char *)v->p + size * v->n++;
}

static bool ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool ident_char(unsigned char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

/* The end of the word at text[i], cut where the scanner cuts: a name or
 * $alias runs over letters, digits and '_'; a number also over '.', and
 * over a sign right after an exponent's 'e'. */
static size_t word_end(const char *text, size_t len, size_t i)
{
    unsigned char c = (unsigned char)text[i];
    size_t j = i + 1;
    if (ident_start(c) || c == '$') {
        while (j < len && ident_char((unsigned char)text[j]))
            j++;
        return j;
    }
    while (j < len) {
        unsigned char d = (unsigned char)text[j];
        if (ident_char(d) || d == '.')
            j++;
        else if ((d == '+' || d == '-') && (text[j - 1] == 'e' || text[j - 1] == 'E'))
            j++;
        else
            break;
    }
    return j;
}

static bool word_start(unsigned char c)
{
    return ident_start(c) || c == '$' || c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9');
}

size_t fmt_literal_end(const char *text, size_t len, size_t i)
{
    /* Up to the closing quote, a backslash escaping the next character.
     * A line break inside is taken as the scanner took it (where it
     * accepts one, e.g. as a WMI warning); the text was accepted. */
    char q = text[i];
    for (size_t j = i + 1; j < len; j++) {
        if (text[j] == '\\' && j + 1 < len)
            j++;
        else if (text[j] == q)
            return j + 1;
    }
    return 0;
}

bool fmt_lex(const char *text, size_t len, fmt_tokens *out, size_t *bad)
{
    vec toks = {0}, cmts = {0};
    uint32_t nl = 0, first = 0;
    size_t i = 0;
    for (;;) {
        while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n' ||
                           text[i] == '\f' || text[i] == '\v'))
            nl += text[i++] == '\n';
        if (i + 1 < len && text[i] == '/' && (text[i + 1] == '/' || text[i + 1] == '*')) {
            size_t j;
            if (text[i + 1] == '/') {
                const char *e = memchr(text + i, '\n', len - i);
                j = e ? (size_t)(e - text) : len;
            } else {
                const char *e = NULL;
                for (size_t k = i + 2; k + 1 < len && !e; k++)
                    if (text[k] == '*' && text[k + 1] == '/')
                        e = text + k;
                if (!e)
                    goto fail;
                j = (size_t)(e - text) + 2;
            }
            *(fmt_comment *)push(&cmts, sizeof(fmt_comment)) =
                (fmt_comment){(uint32_t)i, (uint32_t)j, nl};
            nl = 0;
            i = j;
            continue;
        }
        fmt_token t = {FT_EOF, (uint32_t)i, (uint32_t)i, first, (uint32_t)cmts.n - first, nl};
        if (i >= len) {
            *(fmt_token *)push(&toks, sizeof t) = t;
            break;
        }
        unsigned char c = (unsigned char)text[i];
        size_t j = i + 1;
        if (strchr("{}()[];,:=", c) && c) {
            t.kind = FT_PUNCT;
        } else if (c == '"' || c == '\'') {
            t.kind = c == '"' ? FT_STRING : FT_CHAR;
            if (!(j = fmt_literal_end(text, len, i)))
                goto fail;
        } else if (c == '#') {
            /* '#' [ \t]* "pragma" or "include": the scanner's one token */
            t.kind = FT_HASH;
            while (j < len && (text[j] == ' ' || text[j] == '\t'))
                j++;
            if (j + 6 <= len && !strncasecmp(text + j, "pragma", 6))
                j += 6;
            else if (j + 7 <= len && !strncasecmp(text + j, "include", 7))
                j += 7;
            else
                goto fail;
        } else if (word_start(c)) {
            t.kind = FT_WORD;
            j = word_end(text, len, i);
        } else {
            goto fail;
        }
        t.end = (uint32_t)j;
        *(fmt_token *)push(&toks, sizeof t) = t;
        first = (uint32_t)cmts.n;
        nl = 0;
        i = j;
    }
    out->tok = toks.p;
    out->n = toks.n;
    out->cmt = cmts.p;
    out->ncmt = cmts.n;
    return true;
fail:
    *bad = i;
    free(toks.p);
    free(cmts.p);
    memset(out, 0, sizeof *out);
    return false;
}

void fmt_tokens_free(fmt_tokens *t)
{
    free(t->tok);
    free(t->cmt);
    memset(t, 0, sizeof *t);
}

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Compares s[0, n) and t[0, m) taking each run of white space as one
 * blank and ignoring it at both ends. */
static bool same_spaced(const char *s, size_t n, const char *t, size_t m)
{
    size_t i = 0, j = 0;
    while (i < n && blank(s[i]))
        i++;
    while (j < m && blank(t[j]))
        j++;
    while (i < n && j < m) {
        if (blank(s[i]) || blank(t[j])) {
            if (!blank(s[i]) || !blank(t[j]))
                return false;
            while (i < n && blank(s[i]))
                i++;
            while (j < m && blank(t[j]))
                j++;
            continue;
        }
        if (s[i++] != t[j++])
            return false;
    }
    while (i < n && blank(s[i]))
        i++;
    while (j < m && blank(t[j]))
        j++;
    return i == n && j == m;
}

/* A token's text as the formatter writes it: "# pragma" is "#pragma". */
static bool same_token(const char *a, const fmt_token *x, const char *b, const fmt_token *y)
{
    if (x->kind != y->kind)
        return false;
    if (x->kind == FT_HASH)
        return same_spaced(a + x->start + 1, x->end - x->start - 1, b + y->start + 1,
                           y->end - y->start - 1);
    return x->end - x->start == y->end - y->start &&
           (x->end == x->start || !memcmp(a + x->start, b + y->start, x->end - x->start));
}

bool fmt_same_text(const char *a, const fmt_tokens *ta, const char *b, const fmt_tokens *tb,
                   size_t *at_a, size_t *at_b)
{
    size_t i = 0;
    for (; i < ta->n && i < tb->n; i++) {
        const fmt_token *x = &ta->tok[i], *y = &tb->tok[i];
        if (x->ncomments != y->ncomments) {
            *at_a = x->start;
            *at_b = y->start;
            return false;
        }
        for (uint32_t k = 0; k < x->ncomments; k++) {
            const fmt_comment *c = &ta->cmt[x->first_comment + k], *d = &tb->cmt[y->first_comment + k];
            if (!same_spaced(a + c->start, c->end - c->start, b + d->start, d->end - d->start)) {
                *at_a = c->start;
                *at_b = d->start;
                return false;
            }
        }
        if (!same_token(a, x, b, y)) {
            *at_a = x->start;
            *at_b = y->start;
            return false;
        }
    }
    if (ta->n != tb->n) {
        *at_a = i < ta->n ? ta->tok[i].start : 0;
        *at_b = i < tb->n ? tb->tok[i].start : 0;
        return false;
    }
    return true;
}
