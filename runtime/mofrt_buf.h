/* libmofrt: growable byte buffer used for all text output.
 *
 * Appends never fail loudly: on allocation failure the buffer turns "failed"
 * (sticky) and further appends are ignored, so encoders can write a whole
 * document and check once at the end. The content is always NUL-terminated
 * when data != NULL. */
#ifndef MOFRT_BUF_H
#define MOFRT_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct mofrt_buf {
    char *data;   /* malloc'd, NUL-terminated; NULL before the first append */
    size_t len;   /* bytes used, not counting the NUL */
    size_t cap;   /* bytes allocated */
    bool failed;  /* an allocation failed: content is incomplete */
} mofrt_buf;

#define MOFRT_BUF_INIT { NULL, 0, 0, false }

void mofrt_buf_init(mofrt_buf *b);
/* Frees the storage and re-initialises. NULL-safe. */
void mofrt_buf_free(mofrt_buf *b);
/* Empties without freeing (reuse across calls avoids reallocations). */
void mofrt_buf_reset(mofrt_buf *b);
/* Make room for `extra` more bytes (+NUL). Returns false (and sets failed). */
bool mofrt_buf_reserve(mofrt_buf *b, size_t extra);
void mofrt_buf_put(mofrt_buf *b, const char *s, size_t n);
void mofrt_buf_puts(mofrt_buf *b, const char *s);
void mofrt_buf_putc(mofrt_buf *b, char c);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void mofrt_buf_printf(mofrt_buf *b, const char *fmt, ...);
/* Hand the malloc'd string to the caller (never NULL unless failed: an empty
 * buffer gives ""), leaving the buffer empty. NULL when failed. */
char *mofrt_buf_take(mofrt_buf *b);

#endif
