#include "codegen/names.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>   /* c_stringn looks at 16 bytes at a time */
#endif

static const char *const keywords[] = {
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
    "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
    "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef",
    "union", "unsigned", "void", "volatile", "while", "_Alignas", "_Alignof", "_Atomic",
    "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn", "_Static_assert",
    "_Thread_local", "bool", "true", "false", "NULL",
    /* C++: the generated header is meant for C++ too */
    "alignas", "alignof", "and", "and_eq", "asm", "bitand", "bitor", "catch", "char16_t",
    "char32_t", "class", "compl", "concept", "consteval", "constexpr", "constinit",
    "const_cast", "co_await", "co_return", "co_yield", "decltype", "delete", "dynamic_cast",
    "explicit", "export", "friend", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
    "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "reinterpret_cast",
    "requires", "static_assert", "static_cast", "template", "this", "thread_local", "throw",
    "try", "typeid", "typename", "using", "virtual", "wchar_t", "xor", "xor_eq",
};

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

const char *c_ident_part(arena *a, const char *name)
{
    size_t n = strlen(name);
    char *out = arena_alloc_raw(a, n + 3), *o = out;
    if (name[0] >= '0' && name[0] <= '9')
        *o++ = '_';
    for (const char *p = name; *p; p++)
        *o++ = is_alnum(*p) || *p == '_' ? *p : '_';
    *o = '\0';
    return out;
}

static bool is_keyword(const char *s)
{
    /* Every keyword (C and C++) starts with a lower-case letter, '_' or the
     * N of NULL, and MOF names mostly with another capital: those skip the
     * table (a scan of it per identifier was 7.5% of generating CIM 2.49). */
    if (s[0] >= 'A' && s[0] <= 'Z' && s[0] != 'N')
        return false;
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (!strcmp(s, keywords[i]))
            return true;
    return false;
}

const char *c_ident(arena *a, const char *name)
{
    char *out = (char *)c_ident_part(a, name), *o = out + strlen(out);
    if (is_keyword(out)) {
        *o++ = '_';
        *o = '\0';
    }
    return out;
}

bool c_ident_is(const char *name)
{
    return c_is_ident(name) && !is_keyword(name);
}

const char *c_constant(arena *a, const char *text)
{
    size_t n = strlen(text);
    char *out = arena_alloc_raw(a, n + 1), *o = out;
    bool gap = false;
    for (const char *p = text; *p; p++) {
        if (is_alnum(*p)) {
            if (gap && o > out)
                *o++ = '_';
            gap = false;
            *o++ = (*p >= 'a' && *p <= 'z') ? (char)(*p - 32) : *p;
        } else {
            gap = true;
        }
    }
    *o = '\0';
    return out;
}

/* What each byte becomes inside a C string literal: 0 itself, else the
 * length of its escape ("\\n" 2, "\\001" 4). */
#define ESC8(b) [b] = 4, [b + 1] = 4, [b + 2] = 4, [b + 3] = 4, [b + 4] = 4, [b + 5] = 4, \
                [b + 6] = 4, [b + 7] = 4
static const unsigned char escape_len[256] = {
    ESC8(0), [8] = 4, ['\t'] = 2, ['\n'] = 2, [11] = 4, [12] = 4, [13] = 4, [14] = 4, [15] = 4,
    ESC8(16), ESC8(24), ['"'] = 2, ['\\'] = 2, ['?'] = 2, [0x7f] = 4,
};
#undef ESC8

const char *c_string(arena *a, const char *s) { return c_stringn(a, s, strlen(s)); }

#if defined(__SSE2__)
/* The bits of the 16 bytes at u that need an escape: '"' '\\' '?' 0x7f
 * or a control character (below 0x20: min(v, 0x1f) == v). */
static inline unsigned escape_bits16(const unsigned char *u)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)u);
    __m128i hit = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('?')),
                                  _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f))),
                     _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v)));
    return (unsigned)_mm_movemask_epi8(hit);
}

/* The length of the run of bytes at u (n of them) that need no escape:
 * 16 at a time (Descriptions are most of what gen escapes, and most of
 * their bytes are plain), the last 16 overlapping what was looked at. */
static size_t plain_run(const unsigned char *u, size_t n)
{
    size_t i = 0;
    for (; n - i >= 16; i += 16) {
        unsigned m = escape_bits16(u + i);
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
    if (i == n)
        return n;
    if (n >= 16) {
        unsigned m = escape_bits16(u + n - 16) >> (16 - (n - i));
        return m ? i + (size_t)__builtin_ctz(m) : n;
    }
    while (i < n && !escape_len[u[i]])
        i++;
    return i;
}
#else
/* Whether some byte of w needs an escape: '"' '\\' '?' 0x7f or a control
 * character (each test is the usual "some byte is zero / below k" word
 * trick, exact as a yes or no). */
static inline bool word_needs_escape(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\'), m = w ^ (ones * '?'),
             d = w ^ (ones * 0x7f);
    uint64_t hit = ((q - ones) & ~q) | ((b - ones) & ~b) | ((m - ones) & ~m) |
                   ((d - ones) & ~d) | ((w - ones * 0x20) & ~w);
    return (hit & high) != 0;
}

/* The length of the run of bytes at u (n of them) that need no escape:
 * whole 8-byte words first. */
static size_t plain_run(const unsigned char *u, size_t n)
{
    size_t i = 0;
    uint64_t w;
    while (n - i >= 8 && (memcpy(&w, u + i, 8), !word_needs_escape(w)))
        i += 8;
    while (i < n && !escape_len[u[i]])
        i++;
    return i;
}
#endif

/* Bytes the escapes of the n bytes at u add. */
static size_t escapes_add(const unsigned char *u, size_t n)
{
    size_t extra = 0;
    for (size_t i = plain_run(u, n); i < n; i += 1 + plain_run(u + i + 1, n - i - 1))
        extra += escape_len[u[i]] - 1u;
    return extra;
}

/* Writes the n bytes at u escaped at o; returns the end. Runs of plain
 * bytes are copied as they are. */
static char *escape_into(char *o, const unsigned char *u, size_t n)
{
    for (size_t i = 0;;) {
        size_t k = plain_run(u + i, n - i);
        memcpy(o, u + i, k);
        o += k;
        i += k;
        if (i == n)
            return o;
        unsigned char c = u[i++];
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\n': *o++ = 'n'; break;
        case '\t': *o++ = 't'; break;
        case '?': *o++ = '?'; break;
        default:
            *o++ = (char)('0' + (c >> 6));
            *o++ = (char)('0' + ((c >> 3) & 7));
            *o++ = (char)('0' + (c & 7));
        }
    }
}

/* Up to this many bytes, c_string_room is the worst case (every byte an
 * octal escape), so that a literal is written in one pass and the rest
 * given back, not measured first (Descriptions are most of what gen
 * escapes). Longer texts are measured, to take no more than they need. */
#define C_STRING_ONE_PASS ((size_t)64 * 1024)

size_t c_string_len(const char *s, size_t n)
{
    const char *nul = memchr(s, '\0', n);
    return nul ? (size_t)(nul - s) : n;
}

size_t c_string_room(const char *s, size_t n)
{
    return (n <= C_STRING_ONE_PASS ? 4 * n : n + escapes_add((const unsigned char *)s, n)) + 2;
}

char *c_string_put(char *o, const char *s, size_t n)
{
    *o++ = '"';
    o = escape_into(o, (const unsigned char *)s, n);
    *o++ = '"';
    return o;
}

const char *c_stringn(arena *a, const char *s, size_t n)
{
    n = c_string_len(s, n);
    size_t cap = c_string_room(s, n) + 1;
    char *out = arena_alloc_chars(a, cap), *o = c_string_put(out, s, n);
    *o = '\0';
    arena_shrink(a, out, cap, (size_t)(o + 1 - out));
    return out;
}

char *c_join(arena *a, size_t *len, size_t n, const char *const *parts)
{
    size_t lens[16], total = 0;
    for (size_t i = 0; i < n; i++)
        total += i < 16 ? (lens[i] = strlen(parts[i])) : strlen(parts[i]);
    char *out = arena_alloc_raw(a, total + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        size_t k = i < 16 ? lens[i] : strlen(parts[i]);
        memcpy(o, parts[i], k);
        o += k;
    }
    *o = '\0';
    if (len)
        *len = total;
    return out;
}

size_t c_decimal(char *buf, bool neg, uint64_t v)
{
    char digits[20];
    size_t n = 0, k = 0;
    do
        digits[k++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    if (neg)
        buf[n++] = '-';
    while (k)
        buf[n++] = digits[--k];
    buf[n] = '\0';
    return n;
}

const char *c_output_name(arena *a, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 4 && !strcmp(base + n - 4, ".mof"))
        n -= 4;
    char *out = arena_alloc_raw(a, n + 2), *o = out;
    if (n && base[0] >= '0' && base[0] <= '9')
        *o++ = '_';
    for (size_t i = 0; i < n; i++)
        *o++ = is_alnum(base[i]) || base[i] == '_' ? base[i] : '_';
    *o = '\0';
    return out;
}

bool c_is_ident(const char *s)
{
    if (!*s || (*s >= '0' && *s <= '9'))
        return false;
    for (; *s; s++)
        if (!is_alnum(*s) && *s != '_')
            return false;
    return true;
}

/* 8 bytes a step (generated names are long and share their class's
 * prefix): a multiply-xorshift mix of each word. */
static size_t name_hash(const char *s)
{
    size_t n = strlen(s);
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
    for (; n >= 8; n -= 8, s += 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    return (size_t)h;
}

static size_t name_slot(const c_name_slot *slots, size_t cap, const char *name, size_t h)
{
    size_t mask = cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask)
        if (!slots[i].name || (slots[i].hash == h && !strcmp(slots[i].name, name)))
            return i;
}

bool c_name_set_has(const c_name_set *s, const char *name)
{
    return s->cap && s->slots[name_slot(s->slots, s->cap, name, name_hash(name))].name;
}

const void *c_name_set_get(const c_name_set *s, const char *name)
{
    if (!s->cap)
        return NULL;
    const c_name_slot *k = &s->slots[name_slot(s->slots, s->cap, name, name_hash(name))];
    return k->name ? k->val : NULL;
}

const void *c_name_set_put(c_name_set *s, const char *name, const void *val)
{
    if ((s->count + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        c_name_slot *slots = calloc(cap, sizeof *slots);
        if (!slots) {
            fputs("mofc: out of memory\n", stderr);
            abort();
        }
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[i].name)
                slots[name_slot(slots, cap, s->slots[i].name, s->slots[i].hash)] = s->slots[i];
        free(s->slots);
        s->slots = slots;
        s->cap = cap;
    }
    size_t h = name_hash(name);
    c_name_slot *k = &s->slots[name_slot(s->slots, s->cap, name, h)];
    if (k->name)
        return k->val ? k->val : "";
    *k = (c_name_slot){name, val, h};
    s->count++;
    return NULL;
}

void c_name_set_add(c_name_set *s, const char *name)
{
    c_name_set_put(s, name, NULL);
}

void c_name_set_clear(c_name_set *s)
{
    if (s->cap > 8 * s->count + 64) {
        c_name_set_free(s);
        return;
    }
    if (s->cap)
        memset(s->slots, 0, s->cap * sizeof *s->slots);
    s->count = 0;
}

void c_name_set_free(c_name_set *s)
{
    free(s->slots);
    s->slots = NULL;
    s->cap = s->count = 0;
}
