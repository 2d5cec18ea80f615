/* Bump allocator: the compiler allocates everything of one run here and
 * frees it once, so no stage needs per-node ownership rules. */
#ifndef MOFC_ARENA_H
#define MOFC_ARENA_H
#include <stdbool.h>
#include <stddef.h>

typedef struct arena_chunk arena_chunk;
typedef struct arena {
    arena_chunk *head;
    size_t total;      /* bytes obtained from malloc, for statistics */
    size_t used;       /* bytes handed out (after alignment): grows with
                        * the input, a count tests can compare */
} arena;

void  arena_init(arena *a);
void  arena_free(arena *a);
/* Zero-filled, aligned for any object; aborts only when malloc fails. */
void *arena_alloc(arena *a, size_t size);
/* Not zeroed: for memory the caller fills at once. */
void *arena_alloc_raw(arena *a, size_t size);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
char *arena_printf(arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
#endif
