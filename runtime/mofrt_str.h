/* libmofrt: small string helpers (ASCII case-insensitive CIM name compare). */
#ifndef MOFRT_STR_H
#define MOFRT_STR_H

#include <stdbool.h>
#include <stddef.h>

/* CIM names (classes, properties, methods, parameters, qualifiers) compare
 * case-insensitively; only ASCII letters fold, so the result never depends
 * on the C locale. Both return like strcmp; NULL sorts before everything. */
int mofrt_name_cmp(const char *a, const char *b);
bool mofrt_name_eq(const char *a, const char *b);

/* strdup that accepts NULL (returns NULL). */
char *mofrt_strdup(const char *s);
char *mofrt_strndup(const char *s, size_t n);

#endif
