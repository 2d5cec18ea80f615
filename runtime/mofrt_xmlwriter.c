/* Streaming XML writer and the escaping of text and attribute values. */
#include "runtime/mofrt_internal.h"

#include <string.h>

/* Appends n bytes: the usual case (room left in the buffer) inline, the
 * rest (growth, a failed buffer) through mofrt_buf_put. The writer's
 * appends were a third of an encoded instance's instructions as calls. */
static inline void put(mofrt_buf *b, const char *s, size_t n)
{
    if (!b->failed && n < b->cap - b->len) {   /* room for n bytes and the NUL */
        memcpy(b->data + b->len, s, n);
        b->len += n;
        b->data[b->len] = '\0';
    } else {
        mofrt_buf_put(b, s, n);
    }
}

static inline void putc1(mofrt_buf *b, char c)
{
    if (!b->failed && 1 < b->cap - b->len) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
    } else {
        mofrt_buf_put(b, &c, 1);
    }
}

/* 1 for ASCII bytes that can be copied verbatim (bytes from 0x80 are
 * checked as UTF-8 by mofrt_xml_escape). */
static const unsigned char plain[128] = {
    ['\t'] = 0, [' '] = 1, ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['('] = 1,
    [')'] = 1, ['*'] = 1, ['+'] = 1, [','] = 1, ['-'] = 1, ['.'] = 1, ['/'] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1,
    ['7'] = 1, ['8'] = 1, ['9'] = 1, [':'] = 1, [';'] = 1, ['='] = 1, ['?'] = 1,
    ['@'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
    ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1,
    ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
    ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['['] = 1,
    ['\\'] = 1, [']'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1, ['a'] = 1, ['b'] = 1,
    ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
    ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1,
    ['x'] = 1, ['y'] = 1, ['z'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1, ['~'] = 1,
    [0x7f] = 1,
};

/* Length of the valid UTF-8 sequence at s that is also an XML Char, or 0. */
static size_t utf8_char_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07u;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
        return 0;
    return n;
}

void mofrt_xml_escape(mofrt_buf *b, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t run = 0, i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80 && plain[c]) {
            i++;
            continue;
        }
        size_t u = c >= 0x80 ? utf8_char_len(s + i, n - i) : 0;
        if (u) {
            i += u;
            continue;
        }
        put(b, str + run, i - run);
        switch (c) {
        case '&': put(b, "&amp;", 5); break;
        case '<': put(b, "&lt;", 4); break;
        case '>': put(b, "&gt;", 4); break;
        case '"': put(b, "&quot;", 6); break;
        case '\'': put(b, "&apos;", 6); break;
        case '\t': put(b, "&#9;", 4); break;
        case '\n': put(b, "&#10;", 5); break;
        case '\r': put(b, "&#13;", 5); break;
        default: put(b, "\xEF\xBF\xBD", 3); break;   /* U+FFFD */
        }
        i++;
        run = i;
    }
    put(b, str + run, n - run);
}

static bool valid_name(const char *n)
{
    if (!n || !((*n >= 'A' && *n <= 'Z') || (*n >= 'a' && *n <= 'z') || *n == '_'))
        return false;
    for (n++; *n; n++)
        if (!((*n >= 'A' && *n <= 'Z') || (*n >= 'a' && *n <= 'z') || (*n >= '0' && *n <= '9') ||
              *n == '_' || *n == '.' || *n == ':' || *n == '-'))
            return false;
    return true;
}

void mofrt_xw_init(mofrt_xw *w, mofrt_buf *buf)
{
    memset(w, 0, sizeof *w);
    w->buf = buf;
}

static void close_start_tag(mofrt_xw *w)
{
    if (w->in_start_tag) {
        putc1(w->buf, '>');
        w->in_start_tag = false;
    }
}

/* The element and attribute names a caller gives are checked
 * (valid_name); this library's encoders write only their own literal
 * names and call the unchecked mofrt__xw_open / mofrt__xw_attr. */
void mofrt__xw_open(mofrt_xw *w, const char *name)
{
    if (w->bad || w->depth >= MOFRT_XW_MAX_DEPTH) {
        w->bad = true;
        return;
    }
    close_start_tag(w);
    putc1(w->buf, '<');
    put(w->buf, name, strlen(name));
    w->stack[w->depth++] = name;
    w->in_start_tag = true;
}

void mofrt_xw_start(mofrt_xw *w, const char *name)
{
    if (!valid_name(name)) {
        w->bad = true;
        return;
    }
    mofrt__xw_open(w, name);
}

void mofrt__xw_opened(mofrt_xw *w, const char *name)
{
    if (w->bad || w->depth >= MOFRT_XW_MAX_DEPTH) {
        w->bad = true;
        return;
    }
    w->stack[w->depth++] = name;
    w->in_start_tag = true;
}

void mofrt__xw_attrn(mofrt_xw *w, const char *name, const char *value, size_t n)
{
    if (w->bad || !w->in_start_tag || !value) {
        w->bad = true;
        return;
    }
    mofrt_buf *b = w->buf;
    size_t nl = strlen(name);
    /* the usual case, a short value of plain characters with room in the
     * buffer: ' NAME="VALUE"' in one pass (an attribute is written per
     * property, several per instance) */
    if (!b->failed && n <= 64 && nl + n + 4 < b->cap - b->len) {
        char *d = b->data + b->len;
        *d++ = ' ';
        memcpy(d, name, nl);
        d += nl;
        *d++ = '=';
        *d++ = '"';
        size_t i = 0;
        const unsigned char *v = (const unsigned char *)value;
        while (i < n && v[i] < 0x80 && plain[v[i]]) {
            d[i] = (char)v[i];
            i++;
        }
        if (i == n) {
            d[n] = '"';
            b->len = (size_t)(d + n + 1 - b->data);
            b->data[b->len] = '\0';
            return;
        }
    }
    putc1(b, ' ');
    put(b, name, nl);
    put(b, "=\"", 2);
    mofrt_xml_escape(b, value, n);
    putc1(b, '"');
}

void mofrt__xw_attr(mofrt_xw *w, const char *name, const char *value)
{
    mofrt__xw_attrn(w, name, value, value ? strlen(value) : 0);
}

void mofrt_xw_attrn(mofrt_xw *w, const char *name, const char *value, size_t n)
{
    if (!valid_name(name)) {
        w->bad = true;
        return;
    }
    mofrt__xw_attrn(w, name, value, n);
}

void mofrt_xw_attr(mofrt_xw *w, const char *name, const char *value)
{
    mofrt_xw_attrn(w, name, value, value ? strlen(value) : 0);
}

void mofrt_xw_textn(mofrt_xw *w, const char *text, size_t n)
{
    if (w->bad || w->depth == 0 || !text) {
        w->bad = true;
        return;
    }
    close_start_tag(w);
    mofrt_xml_escape(w->buf, text, n);
}

void mofrt_xw_text(mofrt_xw *w, const char *text)
{
    mofrt_xw_textn(w, text, text ? strlen(text) : 0);
}

void mofrt_xw_raw(mofrt_xw *w, const char *xml, size_t n)
{
    if (w->bad)
        return;
    close_start_tag(w);
    put(w->buf, xml, n);
}

/* Whether an element without content may be written "<X/>". Real clients
 * do not read CIM-XML with an XML parser: sblim wbemcli scans for end tags
 * ("</PROPERTY>", "</IRETURNVALUE>", ...) and fails on a self-closed PROPERTY,
 * VALUE.ARRAY, INSTANCE, QUALIFIER, RETURNVALUE..., yet reads a NULL
 * PARAMVALUE only self-closed. So: self-closed are the elements DSP0201
 * declares EMPTY (VALUE.NULL, CLASSNAME, NAMESPACE) and those every client
 * reads that way (ERROR, PARAMVALUE, IPARAMVALUE, as Pegasus writes them);
 * every other element gets its end tag, content or not. */
static bool self_closing(const char *name)
{
    static const char *const names[] = {"VALUE.NULL", "CLASSNAME", "NAMESPACE", "ERROR",
                                        "PARAMVALUE", "IPARAMVALUE"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(name, names[i]))
            return true;
    return false;
}

void mofrt_xw_end(mofrt_xw *w)
{
    if (w->bad || w->depth == 0) {
        w->bad = true;
        return;
    }
    const char *name = w->stack[--w->depth];
    if (w->in_start_tag) {
        w->in_start_tag = false;
        if (self_closing(name)) {
            put(w->buf, "/>", 2);
            return;
        }
        putc1(w->buf, '>');
    }
    mofrt_buf *b = w->buf;
    size_t nl = strlen(name);
    if (!b->failed && nl + 3 < b->cap - b->len) {   /* "</NAME>" in one go */
        char *d = b->data + b->len;
        d[0] = '<';
        d[1] = '/';
        memcpy(d + 2, name, nl);
        d[nl + 2] = '>';
        b->len += nl + 3;
        b->data[b->len] = '\0';
        return;
    }
    put(b, "</", 2);
    put(b, name, nl);
    putc1(b, '>');
}

int mofrt_xw_finish(mofrt_xw *w, mofrt_error *err)
{
    if (w->buf->failed)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    if (w->bad || w->depth != 0)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                               "XML writer misuse (bad name, unbalanced or too deep)");
    return 0;
}
