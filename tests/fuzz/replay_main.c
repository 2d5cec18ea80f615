/* Replay driver for `make check`: links with one harness instead of
 * libFuzzer and feeds it, once each, every file of tests/fuzz/corpus/<h>/
 * and tests/fuzz/regressions/<h>/ (<h> from the program's name,
 * replay_<h>), or the files and folders given as arguments. Files are
 * read into a malloc'd buffer of exactly their size, so that ASan sees any
 * read past the end. Prints one summary line; a crash is the failure. */
#include "tests/fuzz/fuzz.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* libFuzzer makes LLVMFuzzerInitialize optional; every harness here has one. */

typedef struct stats { size_t files, bytes; } stats;

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_file(const char *path, stats *st)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    if (!buf)
        abort();
    size_t r;
    while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            cap *= 2;
            unsigned char *p = realloc(buf, cap);
            if (!p)
                abort();
            buf = p;
        }
    }
    fclose(f);
    unsigned char *exact = malloc(n ? n : 1);   /* exact size: overreads are caught */
    if (!exact)
        abort();
    memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    st->files++;
    st->bytes += n;
    return 0;
}

/* A missing folder is fine (no regressions yet); returns -1 on a read error. */
static int run_path(const char *path, stats *st)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return 0;
    if (!S_ISDIR(sb.st_mode))
        return run_file(path, st);
    DIR *d = opendir(path);
    if (!d) {
        perror(path);
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **p = realloc(names, cap * sizeof *p);
            if (!p)
                abort();
            names = p;
        }
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (!names[n])
            abort();
        snprintf(names[n++], len, "%s/%s", path, e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (run_path(names[i], st) != 0)
            rc = -1;
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    const char *self = strrchr(argv[0], '/');
    self = self ? self + 1 : argv[0];
    const char *name = strncmp(self, "replay_", 7) ? self : self + 7;
    LLVMFuzzerInitialize(&argc, &argv);
    stats st = {0, 0};
    int rc = 0;
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            if (run_path(argv[i], &st) != 0)
                rc = 1;
    } else {
        static const char *const roots[] = {"tests/fuzz/corpus", "tests/fuzz/regressions"};
        for (size_t i = 0; i < 2; i++) {
            char dir[512];
            snprintf(dir, sizeof dir, "%s/%s", roots[i], name);
            if (run_path(dir, &st) != 0)
                rc = 1;
        }
        if (st.files == 0) {
            fprintf(stderr, "fuzz replay %s: no corpus found under tests/fuzz/corpus/%s\n", name, name);
            rc = 1;
        }
    }
    printf("fuzz replay %s: %zu inputs, %zu bytes, %s\n", name, st.files, st.bytes,
           rc ? "FAILED" : "no crash");
    return rc;
}
