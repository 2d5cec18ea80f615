#include "common/read_file.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

unsigned char *read_regular_file(const char *path, size_t max, size_t *n, const char **why)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        *why = strerror(errno);
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > max) {
        *why = S_ISDIR(st.st_mode)   ? strerror(EISDIR)
               : S_ISREG(st.st_mode) ? "larger than the --max-file-size limit"
                                     : "not a regular file";
        close(fd);
        return NULL;
    }
    size_t want = (size_t)st.st_size, got = 0;
    unsigned char *buf = malloc(want + 1);
    if (!buf)
        abort();
    while (got < want) {
        ssize_t r = read(fd, buf + got, want - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {   /* an error, or the file shrank while read */
            *why = r < 0 ? strerror(errno) : "read error (the file changed while read)";
            free(buf);
            close(fd);
            return NULL;
        }
        got += (size_t)r;
    }
    close(fd);
    buf[want] = '\0';
    *n = want;
    return buf;
}
