/* Private to the parser: reading included files ahead on a second thread.
 *
 * A schema such as CIM 2.49 is one file of include pragmas and 1,634
 * small files; opening, reading and closing each (four system calls)
 * and decoding it and finding its lines took a third of a check's time on
 * one core. Once a file is parsed, the files its include pragmas name are
 * known; this thread finds, reads and decodes them (parser/file_read.h),
 * in the order the main thread will ask for them, while the main thread
 * parses and builds the model. The main thread takes each result when it
 * follows the pragma, and reports what went wrong from it then, so the
 * diagnostics, their order and the model are those of reading on one
 * thread. Nothing but the results is shared: the thread touches no
 * context, arena or diagnostic sink, and every result changes hands under
 * the mutex.
 *
 * Bounded: the thread keeps at most READ_AHEAD_FILES files or
 * READ_AHEAD_BYTES bytes read and not yet taken (it always may read one),
 * and leaves a file over READ_AHEAD_MAX_FILE bytes to the main thread,
 * so it holds a few small files' memory, not a schema's (the peak memory
 * is the main thread's, whose arena grows in 2 MiB steps). A file the
 * thread has not finished when the main thread asks for it is read by the
 * main thread itself, so the main thread never waits for the thread: on a
 * busy machine the thread may be preempted in the middle of a file, and
 * waiting for it made a check slower than reading on one thread (80-96 ms
 * against 69 ms for CIM 2.49 at load 2-2.5). The thread then frees its
 * copy; so it does when the file's batch is popped while it reads.
 *
 * Batches: the pragmas of one file. Files are followed depth first, so
 * the batch of an included file is pushed on top of its includer's and
 * popped when its includes are done; the thread reads from the top batch
 * first (what the main thread needs next), then from those below it. */
#ifndef MOFC_PARSER_READ_AHEAD_H
#define MOFC_PARSER_READ_AHEAD_H
#include "parser/file_read.h"

enum {
    READ_AHEAD_FILES = 32,
    READ_AHEAD_BYTES = 96 * 1024,
    READ_AHEAD_MAX_FILE = 32 * 1024   /* bigger files: read by the main thread */
};

typedef struct read_ahead read_ahead;

/* Starts the thread; s (and what it points to) must stay unchanged until
 * read_ahead_free; at most max_depth batches are pushed at once (the
 * include depth limit). NULL when no thread can be started: the caller
 * reads each file itself. */
read_ahead *read_ahead_new(const include_search *s, size_t max_depth);
/* Stops the thread (it finishes the file it is reading) and frees every
 * result not taken or given back. */
void read_ahead_free(read_ahead *ra);

/* The includes of one file become the top batch: n names as written (the
 * include pragmas' strings, in the file's tree, which must stay unchanged
 * until the batch is popped; the array is the batch's) looked for in here
 * (the including file's folder, malloc'd, the batch's too). */
void read_ahead_push(read_ahead *ra, char *here, const char **names, size_t n);
/* The result for names[i] of the top batch (each i once, in increasing
 * order; some may be skipped), read ahead or read now. The caller reads
 * it (the scanner reads its text in place) and gives it back. */
void read_ahead_take(read_ahead *ra, size_t i, file_read *r);
/* Frees a result taken: one the thread read goes back to the thread to be
 * freed there, where it was allocated. malloc gives each thread an arena
 * of its own; freed here, its blocks would go to this thread's cache and
 * be reused and grown here, and both arenas would grow (the peak memory
 * of checking CIM 2.49 went from 11.3 to 12.2 MiB). */
void read_ahead_give_back(read_ahead *ra, file_read *r);
/* Drops the top batch and the results of it not taken. */
void read_ahead_pop(read_ahead *ra);

/* For tests: called on the thread before it reads each file (the name as
 * the pragma wrote it), so that a test can hold the thread back in the
 * middle of a file; NULL (mofc never sets it). Set it before a parse. */
extern void (*read_ahead_test_hold)(read_ahead *ra, const char *written);
/* For tests: whether the main thread dropped the file the thread reads
 * now (read it itself, or popped its batch) instead of waiting for it. */
bool read_ahead_dropped(read_ahead *ra);
#endif
