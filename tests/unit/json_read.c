/* Recursive-descent JSON reader into tmpl_value trees (tests only). */
#include "tests/unit/json_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct jr {
    tmpl_tree *tree;
    const char *s;
    size_t len, pos;
    int depth;
    char *err;
    size_t err_size;
    tmpl_buf scratch; /* decoded string */
} jr;

static tmpl_value *fail(jr *r, const char *msg)
{
    if (r->err && r->err_size && r->err[0] == '\0') {
        int line = 1, col = 1;
        for (size_t i = 0; i < r->pos && i < r->len; i++) {
            if (r->s[i] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        snprintf(r->err, r->err_size, "%d:%d: %s", line, col, msg);
    }
    return NULL;
}

static void skip_ws(jr *r)
{
    while (r->pos < r->len && strchr(" \t\r\n", r->s[r->pos]) && r->s[r->pos])
        r->pos++;
}

static bool eat(jr *r, char c)
{
    skip_ws(r);
    if (r->pos < r->len && r->s[r->pos] == c) {
        r->pos++;
        return true;
    }
    return false;
}

static bool literal(jr *r, const char *word)
{
    size_t n = strlen(word);
    if (r->len - r->pos >= n && memcmp(r->s + r->pos, word, n) == 0) {
        r->pos += n;
        return true;
    }
    return false;
}

static int hex4(jr *r)
{
    if (r->len - r->pos < 4)
        return -1;
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = r->s[r->pos++];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

static void put_utf8(tmpl_buf *b, unsigned long cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    tmpl_buf_append(b, u, n);
}

/* \uXXXX, with surrogate pairs; lone surrogates become U+FFFD. */
static bool unicode_escape(jr *r)
{
    int hi = hex4(r);
    if (hi < 0)
        return false;
    unsigned long cp = (unsigned long)hi;
    if (hi >= 0xD800 && hi <= 0xDBFF && r->len - r->pos >= 6 && r->s[r->pos] == '\\' &&
        r->s[r->pos + 1] == 'u') {
        size_t save = r->pos;
        r->pos += 2;
        int lo = hex4(r);
        if (lo >= 0xDC00 && lo <= 0xDFFF)
            cp = 0x10000 + (((unsigned long)hi - 0xD800) << 10) + ((unsigned long)lo - 0xDC00);
        else
            r->pos = save;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        cp = 0xFFFD;
    put_utf8(&r->scratch, cp);
    return true;
}

/* Reads a string (after its opening quote) into r->scratch. */
static bool read_string(jr *r)
{
    r->scratch.len = 0;
    while (r->pos < r->len) {
        unsigned char c = (unsigned char)r->s[r->pos++];
        if (c == '"')
            return tmpl_buf_append(&r->scratch, "", 0);
        if (c < 0x20)
            {
            fail(r, "control character in string");
            return false;
        }
        if (c != '\\') {
            tmpl_buf_putc(&r->scratch, (char)c);
            continue;
        }
        if (r->pos >= r->len)
            break;
        char e = r->s[r->pos++];
        const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
        const char *k = e ? strchr(from, e) : NULL;
        if (k)
            tmpl_buf_putc(&r->scratch, to[k - from]);
        else if (e != 'u' || !unicode_escape(r))
        {
            fail(r, "bad escape in string");
            return false;
        }
    }
    fail(r, "unterminated string");
    return false;
}

static tmpl_value *read_number(jr *r)
{
    size_t start = r->pos;
    const char *s = r->s;
#define DIGITS(min)                                                  \
    do {                                                             \
        size_t d0 = r->pos;                                          \
        while (r->pos < r->len && s[r->pos] >= '0' && s[r->pos] <= '9') \
            r->pos++;                                                \
        if (r->pos - d0 < (min))                                     \
            return fail(r, "bad number");                            \
    } while (0)
    if (r->pos < r->len && s[r->pos] == '-')
        r->pos++;
    if (r->pos < r->len && s[r->pos] == '0')
        r->pos++;
    else
        DIGITS(1);
    if (r->pos < r->len && s[r->pos] == '.') {
        r->pos++;
        DIGITS(1);
    }
    if (r->pos < r->len && (s[r->pos] == 'e' || s[r->pos] == 'E')) {
        r->pos++;
        if (r->pos < r->len && (s[r->pos] == '+' || s[r->pos] == '-'))
            r->pos++;
        DIGITS(1);
    }
#undef DIGITS
    char buf[64];
    size_t n = r->pos - start;
    if (n >= sizeof buf)
        return fail(r, "number too long");
    memcpy(buf, s + start, n);
    buf[n] = '\0';
    return tmpl_new_number(r->tree, strtod(buf, NULL));
}

static tmpl_value *read_value(jr *r);

static tmpl_value *read_array(jr *r)
{
    tmpl_value *list = tmpl_new_list(r->tree);
    if (eat(r, ']'))
        return list;
    do {
        tmpl_value *v = read_value(r);
        if (!v || !tmpl_list_append(list, v))
            return NULL;
    } while (eat(r, ','));
    return eat(r, ']') ? list : fail(r, "expected ',' or ']'");
}

static tmpl_value *read_object(jr *r)
{
    tmpl_value *obj = tmpl_new_object(r->tree);
    if (eat(r, '}'))
        return obj;
    do {
        if (!eat(r, '"'))
            return fail(r, "expected string key");
        if (!read_string(r))
            return NULL;
        tmpl_value *key = tmpl_new_stringn(r->tree, r->scratch.data, r->scratch.len);
        if (!key)
            return fail(r, "out of memory");
        if (!eat(r, ':'))
            return fail(r, "expected ':'");
        tmpl_value *v = read_value(r);
        size_t klen;
        const char *k = tmpl_value_string(key, &klen);
        if (!v || !tmpl_object_setn(obj, k, klen, v))
            return NULL;
    } while (eat(r, ','));
    return eat(r, '}') ? obj : fail(r, "expected ',' or '}'");
}

static tmpl_value *read_value(jr *r)
{
    skip_ws(r);
    if (r->pos >= r->len)
        return fail(r, "unexpected end of input");
    if (++r->depth > JSON_MAX_DEPTH)
        return fail(r, "nesting too deep");
    tmpl_value *v;
    char c = r->s[r->pos];
    if (c == '{' || c == '[') {
        r->pos++;
        v = c == '{' ? read_object(r) : read_array(r);
    } else if (c == '"') {
        r->pos++;
        v = read_string(r) ? tmpl_new_stringn(r->tree, r->scratch.data, r->scratch.len) : NULL;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        v = read_number(r);
    } else if (literal(r, "true")) {
        v = tmpl_new_bool(r->tree, true);
    } else if (literal(r, "false")) {
        v = tmpl_new_bool(r->tree, false);
    } else if (literal(r, "null")) {
        v = tmpl_new_null(r->tree);
    } else {
        v = fail(r, "unexpected character");
    }
    r->depth--;
    return v ? v : fail(r, "out of memory");
}

tmpl_value *json_read(tmpl_tree *tree, const char *text, size_t len, char *err, size_t err_size)
{
    if (err && err_size)
        err[0] = '\0';
    jr r = {.tree = tree, .s = text, .len = text ? len : 0, .err = err, .err_size = err_size};
    tmpl_buf_init(&r.scratch);
    tmpl_value *v = read_value(&r);
    skip_ws(&r);
    if (v && r.pos != r.len)
        v = fail(&r, "trailing characters");
    if (r.scratch.failed)
        v = fail(&r, "out of memory");
    tmpl_buf_free(&r.scratch);
    return v;
}
