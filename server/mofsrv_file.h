/* libmofsrv: opening the files it is told to read (state, journal,
 * credentials). Each must be a regular file: a FIFO would block start-up
 * (with SIGTERM blocked, so the process could only be killed), a device
 * such as /dev/zero never ends and fills memory. */
#ifndef MOFSRV_FILE_H
#define MOFSRV_FILE_H

#include <sys/types.h>

#include "runtime/mofrt.h"

/* open(2) of path with flags (O_CLOEXEC added; O_CREAT takes mode) that
 * refuses anything but a regular file, without blocking on a FIFO. The fd
 * is returned in blocking mode. -1 with err naming what ("state file"),
 * the path and the reason on failure; errno is kept (ENOENT tells a
 * missing file). */
int mofsrv_open_regular(const char *path, int flags, mode_t mode, const char *what, mofrt_error *err);

#endif
