/* make bench: wall time, throughput and peak memory of one mofc command
 * over a corpus, median of several runs. Prints figures; passes or fails
 * nothing (speed is measured here, never in tests).
 *   bench_check RUNS DIR BYTES -- mofc check file.mof */
#define _DEFAULT_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 6 || strcmp(argv[4], "--")) {
        fprintf(stderr, "usage: bench_check RUNS DIR BYTES -- COMMAND...\n");
        return 2;
    }
    int runs = atoi(argv[1]);
    const char *dir = argv[2];
    double bytes = atof(argv[3]);
    double wall[64] = {0};
    long rss[64] = {0};
    if (runs < 1 || runs > 64)
        runs = 5;
    for (int i = 0; i < runs; i++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        pid_t pid = fork();
        if (pid == 0) {
            if (chdir(dir) != 0)
                _exit(127);
            int null = open("/dev/null", O_WRONLY);
            dup2(null, 1);
            dup2(null, 2);
            execv(argv[5], argv + 5);
            _exit(127);
        }
        int status;
        struct rusage ru;
        wait4(pid, &status, 0, &ru);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
            fprintf(stderr, "bench_check: command failed (status %d)\n", status);
            return 1;
        }
        wall[i] = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        rss[i] = ru.ru_maxrss;
    }
    double sorted[64];
    memcpy(sorted, wall, sizeof wall);
    qsort(sorted, (size_t)runs, sizeof *sorted, cmp);
    double med = sorted[runs / 2];
    long maxrss = 0;
    for (int i = 0; i < runs; i++)
        maxrss = rss[i] > maxrss ? rss[i] : maxrss;
    printf("  runs %d, median %.1f ms (min %.1f, max %.1f), %.1f MB/s, peak RSS %.1f MiB\n", runs,
           med * 1e3, sorted[0] * 1e3, sorted[runs - 1] * 1e3, bytes / med / 1e6, maxrss / 1024.0);
    return 0;
}
