/* mofc fmt: MOF text in one canonical layout (docs/fmt.md). It prints the
 * parsed tree of one file with that file's comments; it never reads the
 * checked model, and it changes nothing but the white space between
 * tokens: every token, comment, qualifier and value is kept as written. */
#ifndef MOFC_FORMAT_H
#define MOFC_FORMAT_H
#include "common/strbuf.h"
#include "parser/mof_ast.h"
#include <stdbool.h>
#include <stddef.h>

/* The layout's numbers (docs/fmt.md says why). */
enum { FMT_WIDTH = 80, FMT_INDENT = 4 };

/* Appends to out the canonical layout of text[0, len), one file's decoded
 * UTF-8 text that parsed without errors into items[0, n) (parsed alone,
 * includes not followed: mof_parse_alone). Line breaks are written as the
 * text's first one is (LF or CR LF).
 *
 * Returns false when the result would not keep every token and comment
 * in order (a fault in mofc, not in the input; mofc fmt checks its own
 * output before writing): *where is then an offset in text near the
 * place, and out holds nothing to be used. */
bool mof_format(const char *text, size_t len, const ast_item *items, size_t n, strbuf *out,
                size_t *where);
#endif
