/* Private to the parser: finding, reading and decoding one source file,
 * with nothing shared but what the caller passes (no context, no arena,
 * no diagnostics), so that the read-ahead thread (parser/read_ahead.h) can
 * do it while the main thread parses; the main thread reports what went
 * wrong, in the order of the files, from the result. */
#ifndef MOFC_PARSER_FILE_READ_H
#define MOFC_PARSER_FILE_READ_H
#include "common/source.h"
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/* Where include pragmas look and what they may read: the context's -I
 * folders, --include-root folders and file size limit, constant while a
 * run parses. */
typedef struct include_search {
    const char *const *dirs;
    size_t ndirs;
    const char *const *roots;   /* real paths; none: no confinement */
    size_t nroots;
    size_t max_file_size;
} include_search;

/* One file looked for and read. Owns found, text and lines (malloc'd)
 * until they are taken; file_read_free frees what is left. */
typedef struct file_read {
    char *found;       /* the path read, or tried last, as messages show it */
    int err;           /* 0: read; else why not (an errno value; EINVAL with
                        * not_regular, and 0 with too_big or outside) */
    bool not_regular;  /* a FIFO, device... (refused for an include) */
    bool too_big;      /* over max_file_size */
    bool outside;      /* found outside every --include-root */
    bool deferred;     /* a regular file over defer_over bytes: not read */
    struct stat st;    /* of the file read */
    /* Decoded UTF-8 (source_decode_in_place): text (len bytes + two NUL)
     * is NULL when the file was not read; decode_err set when decoding
     * stopped at err_offset (len is then that offset). */
    char *text;
    size_t len, err_offset;
    src_encoding enc;
    bool ascii;
    const char *decode_err;
    /* The line table (source_scan_lines) when asked for; NULL otherwise. */
    void *lines;
    size_t nlines;
    bool lines16;
    /* Read by the read-ahead thread: its memory goes back to that thread
     * (read_ahead_give_back), which frees it in its own malloc arena. */
    bool ahead;
} file_read;

/* Reads the file at path (a file named on the command line: a FIFO or
 * /dev/stdin are read too, to their end or the size limit) and decodes it. */
void file_read_path(const char *path, size_t max_file_size, file_read *r);

/* Looks for the file an include pragma names (as written: a '\' is read
 * as '/') in here (the including file's folder), then in each -I folder
 * in order; the first that has the file is taken, readable or not; only
 * a regular file is read. Decodes it; with_lines: computes its line table
 * too. A regular file over defer_over bytes is found and not read
 * (deferred: the read-ahead thread leaves big files to the main thread). */
void file_read_include(const include_search *s, const char *here, const char *written,
                       bool with_lines, size_t defer_over, file_read *r);

/* What err, not_regular say, for "cannot read 'x': WHY". */
const char *file_read_why(const file_read *r);

void file_read_free(file_read *r);

/* The folder part of path ("." when it has none), malloc'd. */
char *file_read_dir_of(const char *path);
#endif
