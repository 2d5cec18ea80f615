#include "codegen/names.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

const char *c_ident(arena *a, const char *name)
{
    char *out = (char *)c_ident_part(a, name), *o = out + strlen(out);
    /* Every keyword (C and C++) starts with a lower-case letter, '_' or the
     * N of NULL, and MOF names mostly with another capital: those skip the
     * table (a scan of it per identifier was 7.5% of generating CIM 2.49). */
    if (out[0] >= 'A' && out[0] <= 'Z' && out[0] != 'N')
        return out;
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (!strcmp(out, keywords[i])) {
            *o++ = '_';
            *o = '\0';
            break;
        }
    return out;
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

const char *c_string(arena *a, const char *s)
{
    size_t n = strlen(s);
    char *out = arena_alloc_raw(a, n * 4 + 3), *o = out;
    *o++ = '"';
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': *o++ = '\\'; *o++ = '"'; break;
        case '\\': *o++ = '\\'; *o++ = '\\'; break;
        case '\n': *o++ = '\\'; *o++ = 'n'; break;
        case '\t': *o++ = '\\'; *o++ = 't'; break;
        case '?': *o++ = '\\'; *o++ = '?'; break;
        default:
            if (*p < 0x20 || *p == 0x7f) {
                o += sprintf(o, "\\%03o", *p);
            } else {
                *o++ = (char)*p;
            }
        }
    }
    *o++ = '"';
    *o = '\0';
    return out;
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

static size_t name_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;   /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return (size_t)h;
}

static const char **name_slot(const c_name_set *s, const char *name)
{
    size_t mask = s->cap - 1;
    for (size_t i = name_hash(name) & mask;; i = (i + 1) & mask)
        if (!s->slots[i] || !strcmp(s->slots[i], name))
            return &s->slots[i];
}

bool c_name_set_has(const c_name_set *s, const char *name)
{
    return s->cap && *name_slot(s, name);
}

void c_name_set_add(c_name_set *s, const char *name)
{
    if ((s->count + 1) * 2 > s->cap) {
        c_name_set n = {calloc(s->cap ? s->cap * 2 : 16, sizeof *n.slots), s->cap ? s->cap * 2 : 16, 0};
        if (!n.slots) {
            fputs("mofc: out of memory\n", stderr);
            abort();
        }
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[i])
                *name_slot(&n, s->slots[i]) = s->slots[i];
        n.count = s->count;
        free(s->slots);
        *s = n;
    }
    const char **slot = name_slot(s, name);
    if (!*slot) {
        *slot = name;
        s->count++;
    }
}

void c_name_set_free(c_name_set *s)
{
    free(s->slots);
    s->slots = NULL;
    s->cap = s->count = 0;
}
