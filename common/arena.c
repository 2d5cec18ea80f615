/* madvise(MADV_HUGEPAGE) is a Linux extension. */
#define _DEFAULT_SOURCE 1
#include "common/arena.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct arena_chunk {
    arena_chunk *next;
    size_t used, size;
    max_align_t data[];
};

/* Chunk sizes grow eightfold from CHUNK_FIRST to CHUNK_MAX (32 KiB,
 * 256 KiB, 2 MiB, then 4 MiB), so a small input (a fuzzer's, a test's)
 * costs one small malloc, and a big one a few dozen chunks, nearly all on
 * huge pages (doubling from 32 KiB put the first 4 MiB on 4 KiB pages:
 * 2.5 times the page faults of checking CIM 2.49). Chunks of HUGE bytes or more are 2 MiB-aligned and, where
 * the kernel offers it, backed by transparent huge pages: a big compilation
 * then takes a few dozen page faults instead of thousands (measured: a
 * third of the CPU time of checking CIM 2.49 went to faults on 4 KiB
 * pages). Sizes count the header, so a 4 MiB chunk takes 4 MiB, not the
 * 6 MiB that rounding 4 MiB + header up to the alignment gave. */
enum {
    CHUNK_FIRST = 32 * 1024,
    CHUNK_MAX = 4 * 1024 * 1024,
    HUGE = 2 * 1024 * 1024,
};

static arena_chunk *new_chunk(size_t bytes)
{
    arena_chunk *c;
    if (bytes >= HUGE) {
        bytes = (bytes + HUGE - 1) / HUGE * HUGE;
        c = aligned_alloc(HUGE, bytes);
#ifdef MADV_HUGEPAGE
        if (c)
            madvise(c, bytes, MADV_HUGEPAGE);
#endif
    } else {
        c = malloc(bytes);
    }
    if (!c)
        return NULL;
    c->used = 0;
    c->size = bytes - sizeof(arena_chunk);
    return c;
}

void arena_init(arena *a) { a->head = NULL; a->total = 0; a->used = 0; }

void arena_free(arena *a)
{
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *n = c->next;
        free(c);
        c = n;
    }
    arena_init(a);
}

static void out_of_memory(void)
{
    /* The only way a compiler run cannot go on; there is nothing to report
     * a diagnostic with, so say it plainly and stop. */
    fputs("mofc: out of memory\n", stderr);
    abort();
}

/* A chunk for `size` more bytes: eight times the last one up to CHUNK_MAX. A
 * request bigger than a quarter of that gets a chunk of its own, linked
 * behind the current one so the current one's free space stays in use. */
static arena_chunk *grow(arena *a, size_t size)
{
    arena_chunk *head = a->head;
    size_t next = head ? (head->size + sizeof(arena_chunk)) * 8 : CHUNK_FIRST;
    if (next > CHUNK_MAX)
        next = CHUNK_MAX;
    bool own = head && size > next / 4;
    size_t bytes = size + sizeof(arena_chunk);
    if (bytes < next && !own)
        bytes = next;
    arena_chunk *c = new_chunk(bytes);
    if (!c)
        out_of_memory();
    a->total += c->size + sizeof(arena_chunk);
    if (own) {
        c->next = head->next;
        head->next = c;
    } else {
        c->next = head;
        a->head = c;
    }
    return c;
}

/* size bytes at a multiple of align (a power of two) in the chunk. */
static void *bump(arena *a, size_t size, size_t align)
{
    arena_chunk *c = a->head;
    size_t pad = c ? (0 - c->used) & (align - 1) : 0;
    if (!c || c->size - c->used < pad + size) {
        c = grow(a, size);
        pad = 0;   /* a new chunk starts aligned for anything */
    }
    void *p = (char *)c->data + c->used + pad;
    c->used += pad + size;
    a->used += pad + size;
    return p;
}

void *arena_alloc_raw(arena *a, size_t size)
{
    const size_t align = ARENA_ALIGN;
    return bump(a, (size + align - 1) & ~(align - 1), align);
}

char *arena_alloc_chars(arena *a, size_t size) { return bump(a, size, 1); }

void arena_shrink(arena *a, char *p, size_t size, size_t keep)
{
    arena_chunk *c = a->head;
    if (c && keep <= size && p + size == (char *)c->data + c->used) {
        c->used -= size - keep;
        a->used -= size - keep;
    }
}

void *arena_alloc(arena *a, size_t size)
{
    void *p = arena_alloc_raw(a, size);
    memset(p, 0, size);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc_chars(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

char *arena_printf(arena *a, const char *fmt, ...)
{
    /* Most results are short: format once into a stack buffer, and a
     * second time only when it was too small (formatting twice, to
     * measure first, was most of mofc gen's printf time). */
    char small[256];
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p;
    if ((size_t)n < sizeof small) {
        p = arena_strndup(a, small, (size_t)n);
    } else {
        p = arena_alloc_chars(a, (size_t)n + 1);
        vsnprintf(p, (size_t)n + 1, fmt, ap2);
    }
    va_end(ap2);
    return p;
}
