/* The one place MOF names become C names (identifiers, enum constants,
 * string literals). Results live in the given arena. */
#ifndef MOFC_CODEGEN_NAMES_H
#define MOFC_CODEGEN_NAMES_H
#include "common/arena.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A C identifier for a MOF name: characters other than letters, digits and
 * '_' become '_', a leading digit gets '_' before it, a C or C++ keyword
 * gets '_' after it (the header is for C++ too). */
const char *c_ident(arena *a, const char *mof_name);
/* Whether c_ident(name) is name itself (no character changed, no
 * keyword): MOF names that differ then give C names that differ. */
bool c_ident_is(const char *name);
/* The same without the keyword rule: for a part of a longer name
 * (<Class>_<Method>_In), where a keyword is no keyword and a trailing '_'
 * would double the separator ("for" -> Kw_Thing_for_In, never for__In:
 * a double underscore is reserved in C++). */
const char *c_ident_part(arena *a, const char *mof_name);
/* An enum constant suffix from a Values text: upper case, each run of
 * characters other than ASCII letters and digits one '_', no leading or
 * trailing '_' ("Method Parameters Checked - Job Started" ->
 * "METHOD_PARAMETERS_CHECKED_JOB_STARTED"); "" when nothing is left. */
const char *c_constant(arena *a, const char *text);
/* A C string literal (with quotes) holding s; escapes '?' so that no
 * trigraph can form. */
const char *c_string(arena *a, const char *s);
/* The same for the n bytes at s (up to a NUL byte, as c_string). */
const char *c_stringn(arena *a, const char *s, size_t n);
/* For literals written inside longer texts in one pass: c_string_len is
 * how many of the n bytes at s c_stringn takes (up to a NUL byte);
 * for that many, c_string_room is at least the length of their literal
 * (quotes included) and c_string_put writes it at o (no NUL after it),
 * returning its end. */
size_t c_string_len(const char *s, size_t n);
size_t c_string_room(const char *s, size_t n);
char *c_string_put(char *o, const char *s, size_t n);
/* The n texts of parts one after the other, in a; *len (when not NULL)
 * its length. C_JOIN(a, "x", y, "_z") is the short form: generated names
 * and initialisers are put together this way, not with printf. */
char *c_join(arena *a, size_t *len, size_t n, const char *const *parts);
#define C_JOIN(a, ...)                                                                           \
    c_join((a), NULL, sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *),        \
           (const char *const[]){__VA_ARGS__})
#define C_JOIN_LEN(a, len, ...)                                                                  \
    c_join((a), (len), sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *),       \
           (const char *const[]){__VA_ARGS__})
/* The decimal text of v ("-" before it when neg) in buf (24 bytes);
 * returns its length. */
size_t c_decimal(char *buf, bool neg, uint64_t v);
/* The output name from an input path: base name without ".mof", other
 * characters than letters, digits and '_' as '_'. */
const char *c_output_name(arena *a, const char *path);
/* Whether s is a valid C identifier (--name). */
bool c_is_ident(const char *s);

/* A set of generated C names, to find clashes (C compares case-sensitively,
 * unlike common/names.h), each with a value of the caller's (what the name
 * was generated for). Hashed, so n names cost O(n), not the n^2/2
 * comparisons of a scan. The names and values are not copied. */
typedef struct c_name_slot {
    const char *name;          /* NULL: empty */
    const void *val;
    size_t hash;               /* compared before the names; kept for growing */
} c_name_slot;
typedef struct c_name_set {
    c_name_slot *slots;
    size_t cap, count;
} c_name_set;
bool c_name_set_has(const c_name_set *s, const char *name);
/* The value name was added with (NULL when it is not there). */
const void *c_name_set_get(const c_name_set *s, const char *name);
/* Adds name (with a NULL value) unless it is there. */
void c_name_set_add(c_name_set *s, const char *name);
/* Adds name with val unless it is there: NULL when it was added, else the
 * value it already had (or "" when that was NULL). Both abort when memory
 * runs out, like the arena. */
const void *c_name_set_put(c_name_set *s, const char *name, const void *val);
/* Empties s, keeping its table when that is at most a few times what was
 * in it (a set reused per class costs what each class puts in it). */
void c_name_set_clear(c_name_set *s);
void c_name_set_free(c_name_set *s);
#endif
