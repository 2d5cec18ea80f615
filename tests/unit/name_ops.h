/* Counts what the compiler does with names, what it allocates and the
 * bytes it scans for columns, for tests that cost stays linear without
 * timing anything: the test programs that link
 * name_ops.o are linked with -Wl,--wrap for each function below (see
 * tests/unit/module.mk), so every call from another object file goes
 * through a counter. Calls inside names.c itself are not counted. */
#ifndef MOFC_TEST_NAME_OPS_H
#define MOFC_TEST_NAME_OPS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Calls of name_eq_rest (name_eq past its inline first-letter test),
 * name_hash, names_get, names_put and bytes asked of
 * malloc, calloc, realloc and aligned_alloc since the program started.
 * Atomic: mofc's read-ahead thread (parser/read_ahead.c) allocates and
 * looks names up while the parser does (a plain counter was a data race,
 * ThreadSanitizer in test_schema, and could lose counts). */
extern _Atomic size_t name_ops, alloc_bytes;
/* Calls of ptr_map_get. */
extern _Atomic size_t map_gets;
/* Bytes given to utf8_chars (columns counted in UTF-8 text). */
extern _Atomic size_t utf8_bytes;

bool __wrap_name_eq_rest(const char *a, const char *b);
uint64_t __wrap_name_hash(const char *s);
struct name_table;
void *__wrap_names_get(const struct name_table *t, const char *key);
void *__wrap_names_put(struct name_table *t, const char *key, void *value);
struct ptr_map;
void *__wrap_ptr_map_get(const struct ptr_map *m, const void *key);
size_t __wrap_utf8_chars(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void *__wrap_aligned_alloc(size_t align, size_t n);
#endif
