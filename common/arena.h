/* Bump allocator: the compiler allocates everything of one run here and
 * frees it once, so no stage needs per-node ownership rules. */
#ifndef MOFC_ARENA_H
#define MOFC_ARENA_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct arena_chunk arena_chunk;
typedef struct arena {
    arena_chunk *head;
    size_t total;      /* bytes obtained from malloc, for statistics */
    size_t used;       /* bytes handed out (after alignment): grows with
                        * the input, a count tests can compare */
} arena;

void  arena_init(arena *a);
void  arena_free(arena *a);
/* What arena_alloc aligns to: the strictest alignment of the types the
 * compiler keeps (pointers, 64-bit integers, doubles), 8 bytes on common
 * ABIs; not max_align_t's 16 (for long double, which nothing here holds),
 * whose padding was a tenth of CIM 2.49's arena. */
#define ARENA_ALIGN _Alignof(union { void *p; uint64_t u; double d; })

/* Zero-filled, aligned to ARENA_ALIGN; aborts only when malloc fails. */
void *arena_alloc(arena *a, size_t size);
/* Not zeroed: for memory the caller fills at once. */
void *arena_alloc_raw(arena *a, size_t size);
/* Not zeroed nor aligned: for text (names, string values), which would
 * otherwise pay for the alignment of objects (8 bytes a string on average,
 * about a megabyte for a big schema). */
char *arena_alloc_chars(arena *a, size_t size);
/* Gives back the end of p, the latest arena_alloc_chars(a, size), keeping
 * its first keep bytes: a buffer sized for the worst case, once filled,
 * takes only what it holds. Nothing happens when p is not the latest. */
void arena_shrink(arena *a, char *p, size_t size, size_t keep);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
char *arena_printf(arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
#endif
