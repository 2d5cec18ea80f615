/* Private to the parser: the state one file's scan + parse shares. */
#ifndef MOFC_PARSE_STATE_H
#define MOFC_PARSE_STATE_H
#include "common/context.h"
#include "parser/mof_ast.h"

/* A list being parsed: malloc'd scratch, copied to the arena at its exact
 * size by avec_take() once complete (the arena never frees, so growing
 * there would waste what each doubling leaves behind). */
typedef struct avec {
    void *items;
    size_t n, cap;
} avec;
void *avec_push(avec *v, size_t elem_size);
void *avec_take(arena *a, avec *v, size_t elem_size);   /* NULL when empty */
void avec_release(avec *v);

/* A list the grammar is building, as one pointer (a parser value is
 * copied at every step): the header and its items in one malloc'd block,
 * NULL while empty. Taken into the arena (plist_take) once complete; the
 * block then waits in parse_state.spare for the next list (a schema has
 * tens of thousands of short lists: one malloc each cost more than the
 * list). */
typedef struct plist {
    size_t n, cap;  /* items, room for items of the current size */
    size_t bytes;   /* of the block */
    bool full;      /* an array value reached its limit */
    bool damaged;   /* error recovery dropped part of the list */
} plist;
typedef struct parse_state parse_state;
void *plist_push(parse_state *ps, plist **l, size_t elem_size);
/* Copies the items to the arena (NULL when empty) and releases *l. */
void *plist_take(parse_state *ps, plist **l, size_t elem_size);
void plist_release(parse_state *ps, plist **l);
void *plist_items(const plist *l);                        /* NULL when empty */
static inline size_t plist_n(const plist *l) { return l ? l->n : 0; }
static inline bool plist_damaged(const plist *l) { return l && l->damaged; }
void plist_damage(parse_state *ps, plist **l);
void qd_attrs_release(parse_state *ps, plist **l);
enum { PLIST_SPARE = 8 };

/* The parser's location: byte offsets in the file being parsed (its id
 * is parse_state.file's; nodes get a whole mof_span). */
typedef struct mof_loc { uint32_t start, end; } mof_loc;

/* "[]" or "[N]" after a name. */
typedef struct ast_array { bool array, fixed; uint64_t size; mof_span span; } ast_array;

/* Where the lexer is, for messages such as "expected ';' after class
 * declaration": the braces it has seen and what opened them. */
typedef enum brace_kind { BR_CLASS, BR_INSTANCE, BR_ARRAY } brace_kind;
enum { BRACE_STACK = 32 };

struct parse_state {
    mofc_ctx *ctx;
    source_file *file;
    const char *base;          /* file->text; spans are offsets from it */
    avec items;                /* ast_item, this file's top-level items */
    /* lexer bookkeeping for messages */
    uint32_t prev_end;         /* end of the token before the lookahead */
    uint32_t cur_end;
    int cur_tok, prev_tok;
    int pending;               /* BR_CLASS / BR_INSTANCE for the next '{' */
    brace_kind braces[BRACE_STACK];
    int depth;                 /* may exceed BRACE_STACK; only the top is kept */
    brace_kind closed;         /* what the last '}' closed */
    bool in_qualifier_decl;
    bool incl_warned;          /* this file's include backslash was reported */
    unsigned noted;            /* leniencies of this file already explained (NOTE_*) */
    /* The end of the first literal of the last STRING_LIT token (a token
     * may join several, mof_lexer.l): a syntax error at the token shows
     * that literal, as when each literal was a token. */
    uint32_t lit_first_end;
    uint32_t ml_from, ml_to;   /* the last closing-quote scan, see parse_string_close */
    bool abandoned;            /* a limit stopped this file: no more tokens or errors */
    /* The run of adjacent string literals being scanned, decoded as the
     * lexer reads it (parse_string_piece), so that parse_string_value only
     * copies it: malloc'd, reused for every run of the file. */
    struct {
        char *text;
        size_t len, cap;
        uint32_t start, end;   /* the run's span */
        bool valid;            /* every literal closed on its line */
    } run;
    /* One node of each kind under construction; see the grammar. */
    ast_qualifier scratch_qual;
    ast_param scratch_param;
    ast_prop_value scratch_pval;
    ast_feature scratch_feat;
    ast_pragma_arg scratch_parg;
    plist *spare[PLIST_SPARE];   /* released list blocks, for reuse */
    size_t nspare;
};

/* Records a WMI-only construct: it makes the file WMI under --dialect=auto
 * and is an error under --dialect=dmtf (the MI codec reads WMI's syntax). */
void parse_mark_wmi(parse_state *ps, mof_span span, const char *what);
/* Records a name that is a sign of a dialect (common/dialect.c), if it
 * is one: a qualifier, or a superclass or instance class. */
void parse_sign_qualifier(parse_state *ps, const ast_ident *name);
void parse_sign_class(parse_state *ps, const ast_ident *name);

/* Decodes the string literal(s) between span.start and span.end (adjacent
 * literals with only blanks and comments between them). Escapes were
 * checked by the lexer. Takes the run the lexer decoded when it is this
 * span (the common case), else decodes the text again. */
ast_value *parse_string_value(parse_state *ps, mof_span span);
/* The lexer's side: the body [p, end) of a literal closed on its line,
 * from start to end in the text; escapes says it holds a backslash. A
 * literal right after another (cont) extends the run, any other starts a
 * new one. parse_string_broken marks a literal that is not (the run then
 * decodes from the text). */
void parse_string_piece(parse_state *ps, const char *p, const char *end, uint32_t start,
                        uint32_t stop, bool escapes, bool cont);
void parse_string_broken(parse_state *ps);
/* What the scans of the files of one run reuse: released list blocks and
 * the run buffer. Freed with each file, they cost a malloc or realloc of
 * every list and run again in each of CIM 2.49's 1,634 files (~4 M
 * instructions). */
typedef struct parse_scratch {
    plist *spare[PLIST_SPARE];
    size_t nspare;
    char *run_text;
    size_t run_cap;
} parse_scratch;
/* Lends keep's blocks to ps (before the scan of a file). */
void parse_state_reuse(parse_state *ps, parse_scratch *keep);
/* Frees what the scan of one file kept, or gives it to keep (when not
 * NULL; a run buffer over 64 KiB is freed all the same). */
void parse_state_release(parse_state *ps, parse_scratch *keep);
void parse_scratch_free(parse_scratch *keep);
/* Reports one literal's bad escapes. In an include path (include_path),
 * a backslash that starts no escape is a path separator. */
void parse_check_string(parse_state *ps, const char *p, const char *end, bool include_path);
/* A string literal opened at offset open that is not closed on its line:
 * the offset of its closing quote on a later line, or 0 when it has none
 * (or when what follows that quote shows it opens another string). */
uint32_t parse_string_close(parse_state *ps, uint32_t open);
bool parse_char16(parse_state *ps, const char *p, const char *end, mof_span sp, uint32_t *out);

/* The rule a lexical leniency breaks, said once a file in a note after the
 * first finding of its kind (d may be NULL: not reported). */
enum { NOTE_ESCAPE = 1, NOTE_NEWLINE = 2, NOTE_EMPTY = 4 };
void parse_note_once(parse_state *ps, diagnostic *d, unsigned kind);

int mof_parse_buffer(parse_state *ps);
#endif
