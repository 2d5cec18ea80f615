/* Growable byte buffer, always NUL-terminated. */
#ifndef MOFC_STRBUF_H
#define MOFC_STRBUF_H
#include <stddef.h>

typedef struct strbuf {
    char *data;
    size_t len, cap;
} strbuf;

#define STRBUF_INIT {NULL, 0, 0}
void strbuf_free(strbuf *b);
void strbuf_reserve(strbuf *b, size_t extra);
void strbuf_add(strbuf *b, const char *s, size_t n);
void strbuf_adds(strbuf *b, const char *s);
void strbuf_addc(strbuf *b, char c);
void strbuf_printf(strbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends the code point as UTF-8. */
void strbuf_add_utf8(strbuf *b, unsigned long cp);
const char *strbuf_cstr(strbuf *b);
#endif
