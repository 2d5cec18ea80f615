/* Bump allocator: the compiler allocates everything of one run here and
 * frees it once, so no stage needs per-node ownership rules. */
#ifndef MOFC_ARENA_H
#define MOFC_ARENA_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct arena_chunk arena_chunk;
typedef struct arena {
    /* The free part of the newest chunk, where allocations go: inline
     * below, so that an allocation costs a few instructions, not a call. */
    char *next, *end;
    arena_chunk *head;
    size_t total;      /* bytes obtained from malloc, for statistics */
    size_t used;       /* bytes handed out (after alignment): grows with
                        * the input, a count tests can compare */
    arena_chunk *spare;   /* chunks arena_reset freed for reuse */
    bool reused;          /* arena_init_reused */
} arena;

void  arena_init(arena *a);
/* For an arena that arena_reset empties again and again (one file's parse
 * tree at a time): chunks of at most 256 KiB on ordinary pages up to 2 MiB
 * in all, since a huge page would put 2 MiB in memory for a tree of a few
 * hundred KB; past that, chunks grow as in any arena. */
void  arena_init_reused(arena *a);
void  arena_free(arena *a);
/* Forgets everything allocated and keeps the memory for what comes next:
 * reused, it costs no new pages (no page faults, no zeroing by the
 * kernel), and the arena holds what its biggest content needed. */
void  arena_reset(arena *a);
/* Makes what from holds a's (freed with a), and empties from. */
void  arena_adopt(arena *a, arena *from);
/* What arena_alloc aligns to: the strictest alignment of the types the
 * compiler keeps (pointers, 64-bit integers, doubles), 8 bytes on common
 * ABIs; not max_align_t's 16 (for long double, which nothing here holds),
 * whose padding was a tenth of CIM 2.49's arena. */
#define ARENA_ALIGN _Alignof(union { void *p; uint64_t u; double d; })

/* The slow path of the allocators below: a new chunk. */
void *arena_alloc_slow(arena *a, size_t size, size_t align);

/* Not zeroed: for memory the caller fills at once. Aligned to ARENA_ALIGN;
 * aborts only when malloc fails. */
static inline void *arena_alloc_raw(arena *a, size_t size)
{
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    uintptr_t p = ((uintptr_t)a->next + ARENA_ALIGN - 1) & ~(uintptr_t)(ARENA_ALIGN - 1);
    if (p + size < (uintptr_t)a->end && p >= (uintptr_t)a->next) {
        a->used += p + size - (uintptr_t)a->next;
        a->next = (char *)p + size;
        return (void *)p;
    }
    return arena_alloc_slow(a, size, ARENA_ALIGN);
}

/* Zero-filled, as arena_alloc_raw. */
static inline void *arena_alloc(arena *a, size_t size)
{
    void *p = arena_alloc_raw(a, size);
    memset(p, 0, size);
    return p;
}

/* Not zeroed nor aligned: for text (names, string values), which would
 * otherwise pay for the alignment of objects (8 bytes a string on average,
 * about a megabyte for a big schema). */
static inline char *arena_alloc_chars(arena *a, size_t size)
{
    if (size < (size_t)(a->end - a->next)) {
        char *p = a->next;
        a->next += size;
        a->used += size;
        return p;
    }
    return arena_alloc_slow(a, size, 1);
}
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
