/* Growable output buffer with sticky failure (see mofrt_buf.h). */
#include "runtime/mofrt_buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mofrt_buf_init(mofrt_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = false;
}

void mofrt_buf_free(mofrt_buf *b)
{
    if (!b)
        return;
    free(b->data);
    mofrt_buf_init(b);
}

void mofrt_buf_reset(mofrt_buf *b)
{
    b->len = 0;
    b->failed = false;
    if (b->data)
        b->data[0] = '\0';
}

bool mofrt_buf_reserve(mofrt_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (extra >= SIZE_MAX / 2 - b->len) {
        b->failed = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void mofrt_buf_put(mofrt_buf *b, const char *s, size_t n)
{
    if (!mofrt_buf_reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void mofrt_buf_puts(mofrt_buf *b, const char *s)
{
    mofrt_buf_put(b, s, strlen(s));
}

void mofrt_buf_putc(mofrt_buf *b, char c)
{
    mofrt_buf_put(b, &c, 1);
}

void mofrt_buf_printf(mofrt_buf *b, const char *fmt, ...)
{
    char small[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        mofrt_buf_put(b, small, (size_t)n);
        return;
    }
    if (!mofrt_buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *mofrt_buf_take(mofrt_buf *b)
{
    if (b->failed) {
        mofrt_buf_free(b);
        return NULL;
    }
    if (!b->data && !mofrt_buf_reserve(b, 0))
        return NULL;
    if (b->len == 0)
        b->data[0] = '\0';
    char *s = b->data;
    mofrt_buf_init(b);
    return s;
}
