/* Reading a whole regular file, as the commands that take a file by name
 * do (mofc fmt's inputs, gen's templates). */
#ifndef MOFC_COMMON_READ_FILE_H
#define MOFC_COMMON_READ_FILE_H

#include <stddef.h>

/* Reads the regular file at path whole into a malloc'd buffer (caller
 * frees) with one NUL byte after its *n bytes. A FIFO, a terminal or a
 * device is refused without blocking (opened O_NONBLOCK, looked at with
 * fstat first), as is a file over max bytes: a named file that never ends
 * or never answers must not hang or exhaust the process. On failure
 * returns NULL with a static explanation (errno's text, "not a regular
 * file" or "larger than the --max-file-size limit") in *why. */
unsigned char *read_regular_file(const char *path, size_t max, size_t *n, const char **why);

#endif
