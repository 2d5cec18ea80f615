/* linuxhost: what the provider reads from the running kernel (proc(5),
 * uname(2)), as plain C values, without CIM types: the provider
 * (linuxhost_provider.c) turns them into the generated structs.
 * Every function reads afresh (no cache: the data is live). */
#ifndef LINUXHOST_PROCFS_H
#define LINUXHOST_PROCFS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* The operating system (Linux_OperatingSystem). Memory in KiB, as
 * /proc/meminfo gives it and CIM_OperatingSystem declares it. */
typedef struct lh_os {
    char host[256];          /* uname nodename */
    char sysname[65], release[65], version[65];
    time_t boot;             /* /proc/stat btime, seconds since the epoch */
    uint64_t mem_total_kb, mem_free_kb, swap_total_kb, swap_free_kb;
    uint32_t nprocs;         /* numeric entries of /proc */
} lh_os;

/* 0, or -1 with errno (a file of /proc unreadable or not as proc(5) says). */
int lh_read_os(lh_os *os);

/* The host name only (what every key of the example holds): 0 or -1. */
int lh_host_name(char *buf, size_t n);

/* Seconds since the epoch at boot (/proc/stat btime): 0 or -1. */
int lh_boot_time(time_t *out);

/* One process, from /proc/PID/stat (proc(5) field numbers in comments)
 * and, when asked, /proc/PID/cmdline. */
typedef struct lh_proc {
    uint32_t pid, ppid;      /* fields 1, 4 */
    char comm[64];           /* field 2, without the parentheses */
    char state;              /* field 3: R, S, D, Z, T, t, X, I, ... */
    long priority;           /* field 18 (negative for real-time tasks) */
    uint64_t utime_ticks, stime_ticks, start_ticks;   /* fields 14, 15, 22 */
    uint64_t rss_pages;      /* field 24 */
    char **argv;             /* malloc'd, argc strings (cmdline), or NULL */
    size_t argc;
} lh_proc;

/* 0; -1 with errno ENOENT/ESRCH when the process does not exist (or is
 * gone), another errno when /proc cannot be read. with_cmdline: also read
 * argv. Free with lh_proc_clear. */
int lh_read_proc(uint32_t pid, int with_cmdline, lh_proc *p);
void lh_proc_clear(lh_proc *p);

/* Calls fn for every process ID in /proc (in directory order); stops at
 * the first non-zero return of fn and returns it; -1 with errno when
 * /proc cannot be listed. Processes may come and go meanwhile. */
int lh_each_pid(int (*fn)(void *arg, uint32_t pid), void *arg);

/* A process ID written as the key Handle ("1234": decimal digits, no sign,
 * no leading zero, within pid_t): 0, else -1. */
int lh_parse_pid(const char *s, uint32_t *pid);

#endif
