#include "tests/unit/name_ops.h"

_Atomic size_t name_ops, alloc_bytes, map_gets, utf8_bytes;

bool __real_name_eq_rest(const char *a, const char *b);
uint64_t __real_name_hash(const char *s);
void *__real_names_get(const struct name_table *t, const char *key);
void *__real_names_put(struct name_table *t, const char *key, void *value);
void *__real_ptr_map_get(const struct ptr_map *m, const void *key);
size_t __real_utf8_chars(const char *s, size_t n);
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__real_aligned_alloc(size_t align, size_t n);

bool __wrap_name_eq_rest(const char *a, const char *b)
{
    name_ops++;
    return __real_name_eq_rest(a, b);
}

uint64_t __wrap_name_hash(const char *s)
{
    name_ops++;
    return __real_name_hash(s);
}

void *__wrap_names_get(const struct name_table *t, const char *key)
{
    name_ops++;
    return __real_names_get(t, key);
}

void *__wrap_names_put(struct name_table *t, const char *key, void *value)
{
    name_ops++;
    return __real_names_put(t, key, value);
}

void *__wrap_ptr_map_get(const struct ptr_map *m, const void *key)
{
    map_gets++;
    return __real_ptr_map_get(m, key);
}

size_t __wrap_utf8_chars(const char *s, size_t n)
{
    utf8_bytes += n;
    return __real_utf8_chars(s, n);
}

void *__wrap_malloc(size_t n)
{
    alloc_bytes += n;
    return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    alloc_bytes += n * size;
    return __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    alloc_bytes += n;
    return __real_realloc(p, n);
}

void *__wrap_aligned_alloc(size_t align, size_t n)
{
    alloc_bytes += n;
    return __real_aligned_alloc(align, n);
}
