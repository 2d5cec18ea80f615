/* The formatter's view of the source: tokens with the comments and line
 * breaks before each. The compiler's flex scanner drops comments (and must
 * stay lean for `check`), so mofc fmt splits the text again, here, only
 * into token boundaries: it never decodes a value. The parser has already
 * accepted the text, so every token is well formed. */
#ifndef MOFC_FMT_LEX_H
#define MOFC_FMT_LEX_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum fmt_tok_kind {
    FT_WORD,     /* identifier, keyword, number, $alias */
    FT_STRING,   /* one "..." literal */
    FT_CHAR,     /* '.' */
    FT_PUNCT,    /* one of { } ( ) [ ] ; , : = */
    FT_HASH,     /* #pragma or #include, maybe with blanks after '#' */
    FT_EOF       /* end of text: carries the comments after the last token */
} fmt_tok_kind;

typedef struct fmt_comment {
    uint32_t start, end;   /* byte offsets; a // comment ends before its line break */
    uint32_t nl_before;    /* line breaks since the previous token or comment */
} fmt_comment;

typedef struct fmt_token {
    fmt_tok_kind kind;
    uint32_t start, end;
    uint32_t first_comment, ncomments;   /* the comments right before it */
    uint32_t nl_before;    /* line breaks since the previous token or comment */
} fmt_token;

typedef struct fmt_tokens {
    fmt_token *tok;        /* ends with one FT_EOF */
    size_t n;
    fmt_comment *cmt;
    size_t ncmt;
} fmt_tokens;

/* Splits text[0, len). Returns false, with *bad at the offending byte,
 * for text the splitter does not know (the parser would have rejected
 * it). Arrays are malloc'd: fmt_tokens_free. */
bool fmt_lex(const char *text, size_t len, fmt_tokens *out, size_t *bad);
void fmt_tokens_free(fmt_tokens *t);

/* The end of the quoted literal whose quote is text[i], or 0 when it is
 * not closed. */
size_t fmt_literal_end(const char *text, size_t len, size_t i);

/* Whether a and b hold the same tokens in the same order and the same
 * comments, comparing comments with runs of white space taken as one
 * blank: what mofc fmt promises to keep. On a difference, *at_a and
 * *at_b are the offsets where the two first differ. */
bool fmt_same_text(const char *a, const fmt_tokens *ta, const char *b, const fmt_tokens *tb,
                   size_t *at_a, size_t *at_b);
#endif
