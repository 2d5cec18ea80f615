/* mofserve: a CIM server for any schema, on libmofsrv (man/mofserve.1).
 *
 *   mofserve [--schema FILE.mof [-I DIR]... [--instances FILE.mof]... | --schema FILE.xml]
 *            [--provider MODULE.so]... [--listen HOST:PORT]... [--state DIR]
 *            [--tls-cert F --tls-key F] [--auth FILE] [--namespace NS]
 *            [--timeout-s N] [--request-timeout-s N] [--max-connections N]
 *            [--threads N|per-connection] [--recover-journal]
 *
 * Classes served by a --provider module go to it; the others are served
 * from the instance store: the --instances MOF, read-write, every change
 * durable under --state DIR (snapshot + fsync'd journal). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/mofserve_compile.h"
#include "server/mofsrv.h"
#include "server/mofsrv_main.h"

#define MAX_LIST 64

typedef struct opts {
    mofsrv_main_cfg c;             /* --listen, --auth, TLS, time-outs, --recover-journal ... */
    const char *schema, *state;
    const char *instances[MAX_LIST], *providers[MAX_LIST], *incs[MAX_LIST];
    size_t ninstances, nproviders, nincs;
} opts;

static void usage(FILE *f)
{
    fputs("usage: mofserve [--schema FILE.mof [-I DIR]... [--instances FILE.mof]...]\n"
          "                [--provider MODULE.so]... [--listen HOST:PORT]... [--state DIR]\n"
          "                [--tls-cert FILE --tls-key FILE [--tls-priority STR]] [--auth FILE]\n"
          "                [--namespace NS]\n"
          "                [--timeout-s N] [--request-timeout-s N] [--max-connections N]\n"
          "                [--threads N|per-connection] [--recover-journal]\n"
          "\n"
          "  --schema FILE.mof     classes no module declares, and those of --instances\n"
          "                        (checked as `mofc check` does); optional with --provider:\n"
          "                        a module's classes come from its generated metadata\n"
          "  --schema FILE.xml     classes and instances of a `mofc export` document\n"
          "  -I DIR                folder searched by #pragma include\n"
          "  --instances FILE.mof  instances served from the store (read-write)\n"
          "  --provider MODULE.so  a provider module (mofc gen output + the author's code)\n"
          "  --state DIR           keep the store's changes durable in DIR (else in memory)\n"
          "                        (--namespace: default root/cimv2)\n",
          f);
    fputs(mofsrv_main_usage, f);
    fputs(mofsrv_main_usage_tls, f);
}

static int add(const char **list, size_t *n, const char *v, const char *opt)
{
    if (*n == MAX_LIST) {
        fprintf(stderr, "mofserve: at most %d %s options\n", MAX_LIST, opt);
        return -1;
    }
    list[(*n)++] = v;
    return 0;
}

/* --schema FILE.xml: a `mofc export` document, not MOF. */
static bool is_export(const char *file)
{
    size_t n = strlen(file);
    return n > 4 && strcmp(file + n - 4, ".xml") == 0;
}

static int parse(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    mofsrv_main_init(&o->c, "mofserve", "root/cimv2", true, true);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        int common = mofsrv_main_option(&o->c, argc, argv, &i);
        if (common < 0)
            return -1;
        if (common)
            continue;
        if (strncmp(a, "-I", 2) == 0 && a[2]) {
            if (add(o->incs, &o->nincs, a + 2, "-I") < 0)
                return -1;
            continue;
        }
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int rc = 0;
        if (strcmp(a, "--schema") == 0 && v)
            o->schema = v;
        else if (strcmp(a, "-I") == 0 && v)
            rc = add(o->incs, &o->nincs, v, "-I");
        else if (strcmp(a, "--instances") == 0 && v)
            rc = add(o->instances, &o->ninstances, v, "--instances");
        else if (strcmp(a, "--provider") == 0 && v)
            rc = add(o->providers, &o->nproviders, v, "--provider");
        else if (strcmp(a, "--state") == 0 && v)
            o->state = v;
        else {
            fprintf(stderr, v ? "mofserve: unknown option %s\n" : "mofserve: %s needs a value (or is unknown)\n", a);
            return -1;
        }
        i++;
        if (rc < 0)
            return -1;
    }
    if (!o->schema && !o->nproviders) {
        fprintf(stderr, "mofserve: --schema FILE.mof or --provider MODULE.so is required\n");
        return -1;
    }
    if ((!o->schema || is_export(o->schema)) && o->ninstances) {
        fprintf(stderr, "mofserve: --instances needs --schema FILE.mof (the MOF declaring their classes)\n");
        return -1;
    }
    return mofsrv_main_check(&o->c);
}

/* Schema + instances compiled in process: the classes go to the host as
 * descriptors (no XML of the schema), the instances as CIM-XML. sc must
 * outlive the host (it owns the descriptors). */
static int load_schema(const opts *o, mofsrv *s, mofserve_schema *sc)
{
    mofrt_error err;
    if (is_export(o->schema)) {   /* classes as CLASS elements, kept in a libxml2 tree */
        if (mofsrv_load_schema(s, o->schema, &err) == 0)
            return 0;
        fprintf(stderr, "mofserve: %s\n", err.message);
        return -1;
    }
    const char *files[1 + MAX_LIST];
    size_t n = 0;
    files[n++] = o->schema;
    for (size_t i = 0; i < o->ninstances; i++)
        files[n++] = o->instances[i];
    if (mofserve_compile(files, n, o->incs, o->nincs, o->c.ns, sc) != 0)
        return -1;
    if ((sc->instances_xml && mofsrv_load_schema_mem(s, sc->instances_xml, sc->instances_len, &err) < 0) ||
        mofsrv_add_classes(s, sc->classes.descs, sc->classes.n, &err) < 0) {
        fprintf(stderr, "mofserve: %s\n", err.message);
        return -1;
    }
    free(sc->instances_xml);   /* decoded: the store has the instances */
    sc->instances_xml = NULL;
    return 0;
}

/* DIR/store.state, DIR created when missing. */
static int state_path(const char *dir, char *out, size_t n)
{
    if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
        fprintf(stderr, "mofserve: cannot create %s: %s\n", dir, strerror(errno));
        return -1;
    }
    struct stat sb;
    if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
        fprintf(stderr, "mofserve: --state %s is not a folder\n", dir);
        return -1;
    }
    snprintf(out, n, "%s/store.state", dir);
    return 0;
}

int main(int argc, char **argv)
{
    opts o;
    if (parse(argc, argv, &o) < 0) {
        /* the line above named the option; the whole usage would bury it */
        fputs("mofserve: try 'mofserve --help'\n", stderr);
        return 2;
    }
    sigset_t set;
    mofsrv *s = mofsrv_main_host(&o.c, &set);
    if (!s)
        return 1;
    mofrt_error err;
    int rc = 1;
    char state[PATH_MAX];
    mofserve_schema sc = { 0 };
    if (o.schema && load_schema(&o, s, &sc) < 0)
        goto out;
    for (size_t i = 0; i < o.nproviders; i++)
        if (mofsrv_load_module(s, o.providers[i], &err) < 0) {
            fprintf(stderr, "mofserve: %s\n", err.message);
            goto out;
        }
    if (o.state && state_path(o.state, state, sizeof state) < 0)
        goto out;
    if (mofsrv_main_open_store(&o.c, s, o.state ? state : NULL) < 0)
        goto out;
    if (mofsrv_start(s, &err) < 0) {
        fprintf(stderr, "mofserve: %s\n", err.message);
        goto out;
    }
    if (mofsrv_main_listen(&o.c, s, NULL) < 0)
        goto out;
    mofsrv_main_wait(&set);
    rc = 0;
out:
    mofsrv_free(s);
    mofserve_schema_free(&sc);
    return rc;
}
