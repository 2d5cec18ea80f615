#define _DEFAULT_SOURCE 1
#include "bench/bench_run.h"
#include "bench/bench_stats.h"
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int bench_measure(int runs, const char *dir, char *const argv[], bench_result *out)
{
    double wall[64], cpu[64];
    long maxrss = 0;
    if (runs < 1 || runs > 64)
        runs = 5;
    for (int i = 0; i < runs; i++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        pid_t pid = fork();
        if (pid < 0)
            return -1;
        if (pid == 0) {
            if (chdir(dir) != 0)
                _exit(127);
            int null = open("/dev/null", O_WRONLY);
            dup2(null, 1);
            dup2(null, 2);
            execv(argv[0], argv);
            _exit(127);
        }
        int status;
        struct rusage ru;
        if (wait4(pid, &status, 0, &ru) < 0)
            return -1;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
            return -1;
        wall[i] = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        cpu[i] = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
        maxrss = ru.ru_maxrss > maxrss ? ru.ru_maxrss : maxrss;
    }
    out->median_cpu_s = bench_median(cpu, runs);
    out->median_s = bench_median(wall, runs);
    out->min_s = wall[0];
    out->max_s = wall[runs - 1];
    out->max_rss_mib = (double)maxrss / 1024.0;
    return 0;
}
