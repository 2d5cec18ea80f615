/* Source files of one compilation: decoded text, include sites and
 * line tables. Spans are byte offsets into the decoded UTF-8 text; line and
 * column are computed only when a location is printed. */
#ifndef MOFC_SOURCE_H
#define MOFC_SOURCE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common/arena.h"
#include "common/dialect.h"
#include "common/strbuf.h"

typedef struct mof_span {
    uint32_t file;        /* index into source_set; 0 = no location */
    uint32_t start, end;  /* byte offsets, end exclusive */
} mof_span;

typedef enum src_encoding { ENC_UTF8, ENC_UTF8_BOM, ENC_UTF16LE, ENC_UTF16BE } src_encoding;

typedef struct source_file {
    /* Fields ordered by size (a schema has thousands of these). */
    uint32_t id;
    src_encoding encoding;
    const char *path;        /* as it is shown in diagnostics */
    /* Decoded UTF-8 + two NUL bytes: malloc'd and owned by the set when
     * text_owned, else the caller's (a template, a test). NULL once
     * source_release() dropped it: source_text() reads it again. */
    char *text;
    size_t len;
    /* A regular file that can be read again: its size and modification
     * time when it was read, which the text read again must match. */
    uint64_t size;
    int64_t mtime_ns;
    /* Line start offsets, computed on first use: uint16_t for a file of
     * less than 64 KiB (nearly every file of a schema), else uint32_t. */
    void *lines;
    size_t nlines;
    mof_span included_from;  /* file == 0 for a top-level input */
    /* The dialect it is read in (common/dialect.h): set from --dialect when
     * added, else AUTO until its own text has been read, then settled by
     * mofc_dialect_settle(). */
    mof_dialect dialect;
    struct {
        const char *what;    /* "the 'Amended' flavor"; NULL: none seen */
        mof_span at;
    } sign[2];               /* the first sign of WMI ([0]) and MI ([1]) in
                                the text: SOURCE_SIGN(f, d) */
    const char *dialect_why;    /* "it uses the 'Amended' flavor"; NULL: by --dialect */
    /* The note on its first diagnostic: SOURCE_DIALECT_NOTE, made when it
     * is given (thousands of files, nearly all without a diagnostic),
     * unless set here. */
    const char *dialect_note;
    mof_span dialect_at;        /* where the deciding sign is (file 0: none) */
    struct source_cols *cols;   /* columns on the long lines of a non-ASCII
                                   text (source.c); NULL until one is asked */
    size_t first_diag;          /* 1 + index of its first diagnostic; 0: none */
    bool text_owned;
    bool ascii;              /* no byte above 0x7F: a column is a byte count */
    bool rereadable;
    bool reread_failed;      /* changed or gone since: no source lines shown */
    bool lines16;
    bool lines_in_arena;     /* made by source_release(), not malloc'd */
    bool dialect_noted;         /* the note was given */
    bool dialect_hint;          /* the note says how to read it otherwise */
} source_file;
/* The note that says in which dialect f is read and why: a printf format
 * and its arguments; only when the dialect was decided from the file
 * (source_has_dialect_note). */
#define SOURCE_DIALECT_NOTE "'%s' is read in the %s dialect: %s%s"
#define SOURCE_DIALECT_NOTE_ARGS(f)                                                     \
    (f)->path, dialect_title((f)->dialect), (f)->dialect_why,                          \
        (f)->dialect_hint ? " (--dialect=wmi or --dialect=mi reads it otherwise)" : ""
static inline bool source_has_dialect_note(const source_file *f)
{
    return f->dialect_note || f->dialect_why;
}
/* The sign of dialect d (DIALECT_WMI or DIALECT_MI) in f. */
#define SOURCE_SIGN(f, d) ((f)->sign[(d) - DIALECT_WMI])

typedef struct source_set {
    source_file **files;     /* files[0] is unused so that 0 means none */
    size_t n, cap;
    /* Where source_file records and paths go (a compilation's arena, as
     * mofc_ctx_init sets it); NULL: malloc. A big schema has thousands of
     * files, and malloc's heap pays a page fault for every 4 KiB. */
    arena *arena;
} source_set;

void source_set_init(source_set *s);
void source_set_free(source_set *s);
/* text lives in the compilation's arena (len bytes + 2 NUL). */
source_file *source_add(source_set *s, const char *path, char *text, size_t len,
                        src_encoding enc, mof_span from);
source_file *source_get(const source_set *s, uint32_t id);

typedef struct src_pos { uint32_t line, col; } src_pos;
/* 1-based line; 1-based column counting characters, not bytes. Works on
 * a released file (its line table is kept). */
src_pos source_pos(source_file *f, uint32_t offset);
/* The text of the line holding offset, without its line break; NULL (and
 * *len 0) when the file's text is gone (see source_text). */
const char *source_line(source_file *f, uint32_t offset, size_t *len);

/* Records what file the text was read from (fstat's answer), so that a
 * regular file can be read again after source_release(). */
struct stat;
void source_note_stat(source_file *f, const struct stat *st);

/* The line start offsets of text (len bytes) in a malloc'd table, uint16_t
 * when narrow (len < 64 KiB), else uint32_t; *n lines. The read-ahead
 * thread computes it (parser/read_ahead.h); source_copy_lines gives the
 * file a copy in a (the compilation's arena, where it stays for the run). */
void *source_scan_lines(const char *text, size_t len, size_t *n, bool *narrow);
void source_copy_lines(source_file *f, arena *a, const void *lines, size_t n, bool narrow);

/* Drops the text of a file that has been parsed, when it can be read
 * again (a regular file) and is ASCII, so that a compilation holds one
 * file's text at a time, not the whole schema's (most of its memory).
 * Text not owned (lent by the caller, who frees it after) is only
 * forgotten.
 * Keeps the line table (in a), so locations still print without the text. */
void source_release(source_file *f, arena *a);
/* The file's text, read and decoded again after source_release() (once;
 * it is kept then): NULL when the file changed (size, modification time
 * or decoded length) or cannot be read any more. Diagnostics then show no
 * source line; their line:col stay right. */
const char *source_text(source_file *f);

/* Decodes raw file bytes (UTF-8 with or without BOM, UTF-16 LE/BE with
 * BOM) into malloc'd UTF-8 that the caller frees, followed by two NUL
 * bytes; *ascii tells whether it holds only ASCII; *err_msg is NULL on
 * success. On failure *err_msg is set (static text), the text holds what
 * was decoded before the bad input and *err_offset is its length. Aborts
 * when memory runs out, like the arena. */
char *source_decode(const unsigned char *raw, size_t n, size_t *out_len, src_encoding *enc,
                    bool *ascii, const char **err_msg, size_t *err_offset);
/* The same, taking over raw (malloc'd, with room for n + 2 bytes): UTF-8
 * text decodes in its own buffer (no copy of a file that is already
 * UTF-8); raw is freed when UTF-16 needed a new one. */
char *source_decode_in_place(unsigned char *raw, size_t n, size_t *out_len, src_encoding *enc,
                             bool *ascii, const char **err_msg, size_t *err_offset);

/* The reverse: appends UTF-8 text (len bytes, valid UTF-8) to out in enc,
 * after the encoding's byte order mark when bom is set. mofc fmt writes a
 * file back in the encoding it was read in. */
void source_encode(src_encoding enc, bool bom, const char *text, size_t len, strbuf *out);
#endif
