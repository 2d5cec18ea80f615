/* mofserve: a CIM server for any schema, on libmofsrv (man/mofserve.1).
 *
 *   mofserve [--schema FILE.mof [-I DIR]... [--instances FILE.mof]...]
 *            [--provider MODULE.so]... [--listen ADDR:PORT]... [--state DIR]
 *            [--tls-cert F --tls-key F] [--auth FILE] [--namespace NS]
 *            [--timeout-s N]
 *
 * Classes served by a --provider module go to it; the others are served
 * from the instance store: the --instances MOF, read-write, every change
 * durable under --state DIR (snapshot + fsync'd journal). */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/mofserve_compile.h"
#include "server/mofsrv.h"
#include "server/mofsrv_http.h"

#define MAX_LIST 64

typedef struct opts {
    const char *schema, *state, *cert, *key, *auth, *ns;
    const char *listen[MAX_LIST], *instances[MAX_LIST], *providers[MAX_LIST], *incs[MAX_LIST];
    size_t nlisten, ninstances, nproviders, nincs;
    unsigned timeout_s;
} opts;

static void usage(FILE *f)
{
    fputs("usage: mofserve [--schema FILE.mof [-I DIR]... [--instances FILE.mof]...]\n"
          "                [--provider MODULE.so]... [--listen ADDR:PORT]... [--state DIR]\n"
          "                [--tls-cert FILE --tls-key FILE] [--auth FILE] [--namespace NS]\n"
          "                [--timeout-s N]\n"
          "\n"
          "  --schema FILE.mof     classes no module declares, and those of --instances\n"
          "                        (checked as `mofc check` does); optional with --provider:\n"
          "                        a module's classes come from its generated metadata\n"
          "  -I DIR                folder searched by #pragma include\n"
          "  --instances FILE.mof  instances served from the store (read-write)\n"
          "  --provider MODULE.so  a provider module (mofc gen output + the author's code)\n"
          "  --listen ADDR:PORT    address to serve (default 127.0.0.1:5988; port 0 = any);\n"
          "                        a non-loopback address requires --auth\n"
          "  --state DIR           keep the store's changes durable in DIR (else in memory)\n"
          "  --tls-cert, --tls-key PEM files: every --listen speaks HTTPS (5989 by convention)\n"
          "  --auth FILE           HTTP Basic credentials, lines of user:password\n"
          "  --namespace NS        the namespace served (default root/cimv2)\n"
          "  --timeout-s N         close connections idle for N seconds (default 30)\n",
          f);
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

static int parse(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->ns = "root/cimv2";
    o->timeout_s = 30;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strncmp(a, "-I", 2) == 0 && a[2]) {
            if (add(o->incs, &o->nincs, a + 2, "-I") < 0)
                return -1;
            continue;
        }
        if (!v) {
            fprintf(stderr, "mofserve: %s needs a value (or is unknown)\n", a);
            return -1;
        }
        i++;
        int rc = 0;
        if (strcmp(a, "--schema") == 0)
            o->schema = v;
        else if (strcmp(a, "-I") == 0)
            rc = add(o->incs, &o->nincs, v, "-I");
        else if (strcmp(a, "--instances") == 0)
            rc = add(o->instances, &o->ninstances, v, "--instances");
        else if (strcmp(a, "--provider") == 0)
            rc = add(o->providers, &o->nproviders, v, "--provider");
        else if (strcmp(a, "--listen") == 0)
            rc = add(o->listen, &o->nlisten, v, "--listen");
        else if (strcmp(a, "--state") == 0)
            o->state = v;
        else if (strcmp(a, "--tls-cert") == 0)
            o->cert = v;
        else if (strcmp(a, "--tls-key") == 0)
            o->key = v;
        else if (strcmp(a, "--auth") == 0)
            o->auth = v;
        else if (strcmp(a, "--namespace") == 0)
            o->ns = v;
        else if (strcmp(a, "--timeout-s") == 0) {
            char *end;
            errno = 0;
            unsigned long n = strtoul(v, &end, 10);
            if (errno || *end || !*v || v[0] == '-' || n == 0 || n > 86400) {
                fprintf(stderr, "mofserve: --timeout-s wants 1..86400, not '%s'\n", v);
                return -1;
            }
            o->timeout_s = (unsigned)n;
        } else {
            fprintf(stderr, "mofserve: unknown option %s\n", a);
            return -1;
        }
        if (rc < 0)
            return -1;
    }
    if (!o->schema && !o->nproviders) {
        fprintf(stderr, "mofserve: --schema FILE.mof or --provider MODULE.so is required\n");
        return -1;
    }
    if (!o->schema && o->ninstances) {
        fprintf(stderr, "mofserve: --instances needs --schema (the MOF declaring their classes)\n");
        return -1;
    }
    if (!o->cert != !o->key) {
        fprintf(stderr, "mofserve: --tls-cert and --tls-key go together\n");
        return -1;
    }
    if (!o->nlisten)
        o->listen[o->nlisten++] = o->cert ? "127.0.0.1:5989" : "127.0.0.1:5988";
    /* every address checked before anything is compiled or opened */
    for (size_t i = 0; i < o->nlisten; i++) {
        struct sockaddr_storage ss;
        mofrt_error err;
        if (mofsrv_listen_parse(o->listen[i], &ss, &err) < 0) {
            fprintf(stderr, "mofserve: %s\n", err.message);
            return -1;
        }
    }
    return 0;
}

/* Schema + instances -> CIM-XML in a temporary file -> the host. */
static int load_schema(const opts *o, mofsrv *s)
{
    const char *files[1 + MAX_LIST];
    size_t n = 0;
    files[n++] = o->schema;
    for (size_t i = 0; i < o->ninstances; i++)
        files[n++] = o->instances[i];
    const char *tmpdir = getenv("TMPDIR");
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s/mofserve-schema-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "mofserve: cannot create %s: %s\n", tmp, strerror(errno));
        return -1;
    }
    close(fd);
    int rc = mofserve_compile(files, n, o->incs, o->nincs, tmp);
    mofrt_error err;
    if (rc == 0 && mofsrv_load_schema(s, tmp, &err) < 0) {
        fprintf(stderr, "mofserve: %s\n", err.message);
        rc = 1;
    }
    unlink(tmp);
    return rc ? -1 : 0;
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
        usage(stderr);
        return 2;
    }
    /* signals taken synchronously by this thread, every other inherits the
     * mask; a write past a file size limit fails with EFBIG, not a signal */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);

    mofrt_error err;
    mofsrv *s = mofsrv_new(o.ns, &err);
    if (!s) {
        fprintf(stderr, "mofserve: %s\n", err.message);
        return 1;
    }
    int rc = 1;
    char state[PATH_MAX];
    if (o.schema && load_schema(&o, s) < 0)
        goto out;
    for (size_t i = 0; i < o.nproviders; i++)
        if (mofsrv_load_module(s, o.providers[i], &err) < 0) {
            fprintf(stderr, "mofserve: %s\n", err.message);
            goto out;
        }
    if (o.state && state_path(o.state, state, sizeof state) < 0)
        goto out;
    if (mofsrv_open_store(s, o.state ? state : NULL, &err) < 0 || mofsrv_start(s, &err) < 0) {
        fprintf(stderr, "mofserve: %s\n", err.message);
        goto out;
    }
    for (size_t i = 0; i < o.nlisten; i++) {
        mofsrv_listen_cfg lc = { o.listen[i], o.auth, o.cert, o.key, o.timeout_s, 0, 0, 0 };
        int li = mofsrv_listen(s, &lc, &err);
        if (li < 0) {
            fprintf(stderr, "mofserve: %s\n", err.message);
            goto out;
        }
        printf("mofserve: listening on port %u (%s%s)\n", mofsrv_port(s, (size_t)li), o.cert ? "https" : "http",
               o.auth ? ", Basic authentication" : "");
    }
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    rc = 0;
out:
    mofsrv_free(s);
    return rc;
}
