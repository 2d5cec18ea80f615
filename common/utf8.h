/* Counting characters in UTF-8 text. */
#ifndef MOFC_UTF8_H
#define MOFC_UTF8_H
#include <stddef.h>

/* The characters in n bytes of UTF-8 text: the bytes that do not continue
 * a sequence (10xxxxxx). A column is this count from the line start.
 * Its own object file, so that tests can count the bytes given to it
 * (tests/unit/name_ops.h) and see that columns cost no scan per
 * diagnostic. */
size_t utf8_chars(const char *s, size_t n);
#endif
