/* ASCII case folding (locale independent) and NULL-tolerant duplication. */
#include "runtime/mofrt_str.h"

#include <stdlib.h>
#include <string.h>

static inline unsigned char fold(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

int mofrt_name_cmp(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    for (;; p++, q++) {
        unsigned char x = fold(*p), y = fold(*q);
        if (x != y || x == '\0')
            return (int)x - (int)y;
    }
}

bool mofrt_name_eq(const char *a, const char *b)
{
    return a && b && mofrt_name_cmp(a, b) == 0;
}

char *mofrt_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *mofrt_strdup(const char *s)
{
    return s ? mofrt_strndup(s, strlen(s)) : NULL;
}
