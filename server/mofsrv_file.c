/* libmofsrv: regular files only (see mofsrv_file.h). */
#include "server/mofsrv_file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Closes fd (when open) and reports errno e; errno stays e. */
static int os_fail(int fd, int e, const char *path, const char *what, mofrt_error *err)
{
    if (fd >= 0)
        close(fd);
    mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot open %s %s: %s", what, path,
                    strerror(e));
    errno = e;
    return -1;
}

static const char *kind_of(mode_t m)
{
    return S_ISDIR(m) ? "a folder" : S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket" : "a device";
}

int mofsrv_open_regular(const char *path, int flags, mode_t mode, const char *what, mofrt_error *err)
{
    /* O_NONBLOCK: opening a FIFO must not wait for the other end;
     * O_NOCTTY: a terminal named here must not become ours */
    int fd = open(path, flags | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, mode);
    if (fd < 0)
        return os_fail(-1, errno, path, what, err);
    struct stat st;
    if (fstat(fd, &st) != 0)
        return os_fail(fd, errno, path, what, err);
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "%s %s is not a regular file (%s)",
                        what, path, kind_of(st.st_mode));
        errno = EINVAL;
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
        return os_fail(fd, errno, path, what, err);
    return fd;
}
