/* madvise(MADV_HUGEPAGE) is a Linux extension. */
#define _DEFAULT_SOURCE 1
#include "common/arena.h"
#include "common/prefault.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct arena_chunk {
    arena_chunk *next;
    size_t used, size;
    size_t mapped;   /* data[0..mapped) is mapped in: the arena's end */
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
    CHUNK_REUSED_MAX = 256 * 1024,   /* arena_init_reused, up to: */
    REUSED_SMALL_TOTAL = 2 * 1024 * 1024,
    HUGE = 2 * 1024 * 1024,
    WINDOW = 16 * 1024,
};

static arena_chunk *new_chunk(size_t bytes, bool huge)
{
    arena_chunk *c;
    if (bytes >= HUGE && huge) {
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
    /* A huge page is mapped whole by its first fault; ordinary pages are
     * mapped a window at a time (map_to). */
    c->mapped = bytes >= HUGE && huge ? c->size : 0;
    return c;
}

void arena_init(arena *a)
{
    a->next = a->end = NULL;
    a->head = a->spare = NULL;
    a->total = a->used = 0;
    a->reused = false;
}

void arena_init_reused(arena *a)
{
    arena_init(a);
    a->reused = true;
}

static void free_chunks(arena_chunk *c)
{
    while (c) {
        arena_chunk *n = c->next;
        free(c);
        c = n;
    }
}

void arena_free(arena *a)
{
    bool reused = a->reused;
    free_chunks(a->head);
    free_chunks(a->spare);
    arena_init(a);
    a->reused = reused;
}

/* A spare chunk (arena_reset) of at least size bytes, taken off the list. */
static arena_chunk *take_spare(arena *a, size_t size)
{
    for (arena_chunk **p = &a->spare; *p; p = &(*p)->next)
        if ((*p)->size >= size) {
            arena_chunk *c = *p;
            *p = c->next;
            return c;
        }
    return NULL;
}

void arena_reset(arena *a)
{
    while (a->head) {
        arena_chunk *c = a->head;
        a->head = c->next;
        c->used = 0;
        c->next = a->spare;
        a->spare = c;
    }
    a->used = 0;
    a->next = a->end = NULL;
}

void arena_adopt(arena *a, arena *from)
{
    bool reused = from->reused;
    free_chunks(from->spare);
    if (from->head) {
        if (!a->head) {   /* from's newest chunk becomes a's */
            a->head = from->head;
            a->next = from->next;
            a->end = from->end;
        } else {          /* behind a's newest, which stays in use */
            arena_chunk *tail = from->head;
            while (tail->next)
                tail = tail->next;
            tail->next = a->head->next;
            a->head->next = from->head;
        }
    }
    a->total += from->total;
    a->used += from->used;
    arena_init(from);
    from->reused = reused;
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
    /* A reused arena keeps to small chunks on ordinary pages while what
     * it holds is small (a file's tree), and grows as any other past it
     * (one big file: huge pages then save their page faults). */
    bool small = a->reused && a->total < REUSED_SMALL_TOTAL;
    size_t max = small ? CHUNK_REUSED_MAX : CHUNK_MAX;
    if (next > max)
        next = max;
    bool own = head && size > next / 4;
    size_t bytes = size + sizeof(arena_chunk);
    if (bytes < next && !own)
        bytes = next;
    arena_chunk *c = a->spare ? take_spare(a, size) : NULL;
    if (!c) {
        c = new_chunk(bytes, !small);
        if (!c)
            out_of_memory();
        a->total += c->size + sizeof(arena_chunk);
    }
    if (own) {
        c->next = head->next;
        head->next = c;
    } else {
        c->next = head;
        a->head = c;
    }
    return c;
}

/* Maps in c's pages (c is the newest chunk) up to WINDOW bytes past need
 * (an address in it, the end of what is allocated next), and makes the
 * arena's end the end of what is mapped. A chunk on ordinary pages is
 * filled from its start: mapping it a window at a time, in one system
 * call (common/prefault.h), saves a page fault for each 4 KiB of it, and
 * maps little that is not used (at most a window a chunk: a reused
 * arena's chunk may stay mostly empty). The inline allocators come back
 * here when they reach the end of the window. */
static void map_to(arena *a, arena_chunk *c, const char *need)
{
    char *data = (char *)c->data;
    size_t want = (size_t)(need - data) + WINDOW;
    if (want > c->size)
        want = c->size;
    if (want > c->mapped) {
        prefault(data + c->mapped, want - c->mapped);
        c->mapped = want;
    }
    a->end = data + c->mapped;
}

/* size bytes at a multiple of align (a power of two): further in the
 * newest chunk, past the part mapped so far, or in a new chunk (the
 * inline allocators found no room). */
void *arena_alloc_slow(arena *a, size_t size, size_t align)
{
    arena_chunk *old = a->head;
    if (old && a->end < (char *)old->data + old->size) {
        uintptr_t p = ((uintptr_t)a->next + align - 1) & ~(uintptr_t)(align - 1);
        if (p >= (uintptr_t)a->next && p + size < (uintptr_t)old->data + old->size) {
            map_to(a, old, (char *)p + size);
            a->used += p + size - (uintptr_t)a->next;
            a->next = (char *)p + size;
            return (void *)p;
        }
    }
    /* a new chunk starts aligned for anything */
    arena_chunk *c = grow(a, size);
    a->used += size;
    if (c != a->head) {   /* a chunk of its own, behind the newest */
        c->used = c->size;
        return c->data;
    }
    if (old)
        old->used = (size_t)(a->next - (char *)old->data);
    a->next = (char *)c->data + size;
    map_to(a, c, a->next);
    return c->data;
}

void arena_shrink(arena *a, char *p, size_t size, size_t keep)
{
    if (keep <= size && p + size == a->next) {
        a->next -= size - keep;
        a->used -= size - keep;
    }
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
