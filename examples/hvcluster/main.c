/* hvclusterd: a simulated Hyper-V cluster host serving
 * Root\HyperVCluster\v2 over CIM-XML/HTTP (see README of examples/hvcluster
 * and docs/hvcluster.md).
 *
 *   hvclusterd --listen 127.0.0.1:5988 --state FILE [--fixture FILE.mof|.xml]
 *              [--sync] [--lock-timeout-ms N] [--job-ms N] [--auth FILE]
 *              [--timeout-s N] [--namespace NS]
 *   hvclusterd --check-state FILE [--fixture ...]
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "examples/hvcluster/provider.h"
#include "server/mofsrv.h"
#include "server/mofsrv_host.h"
#include "server/mofsrv_main.h"

#ifndef HV_MOF_PATH
#define HV_MOF_PATH ""
#endif

typedef struct opts {
    mofsrv_main_cfg c;             /* --listen, --auth, --namespace, time-outs, --recover-journal */
    const char *state, *fixture;
    bool sync, check;
    unsigned lock_timeout_ms, job_ms;
} opts;

static void usage(FILE *f)
{
    fputs("usage: hvclusterd --state FILE [--listen HOST:PORT] [--fixture FILE.mof|FILE.xml]\n"
          "                  [--sync] [--lock-timeout-ms N] [--job-ms N] [--auth FILE]\n"
          "                  [--timeout-s N] [--request-timeout-s N] [--max-connections N]\n"
          "                  [--threads N|per-connection] [--namespace NS] [--recover-journal]\n"
          "       hvclusterd --check-state FILE\n"
          "\n"
          "  --state FILE          the simulated host's state; created from the fixture\n"
          "                        when missing (FILE.journal holds recent changes)\n"
          "  --fixture FILE        initial state and classes: a MOF file (compiled with\n"
          "                        `mofc export`, found via $MOFC, next to hvclusterd or in\n"
          "                        PATH) or its CIM-XML export (default: the bundled one)\n"
          "  --sync                do CreateReferencePoint inline (return 0, no job)\n"
          "  --lock-timeout-ms N   wait at most N ms for a busy collection (default 5000)\n"
          "  --job-ms N            simulated duration of a reference point job (default 20)\n"
          "  --check-state FILE    verify a state file and its journal as start-up would\n"
          "                        read them, then exit (1 when start-up would refuse)\n"
          "                        (--namespace: default root/HyperVCluster/v2)\n",
          f);
    fputs(mofsrv_main_usage, f);
}

static int parse(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    mofsrv_main_init(&o->c, "hvclusterd", "root/HyperVCluster/v2", false, false);
    o->lock_timeout_ms = 5000;
    o->job_ms = 20;
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
        if (strcmp(a, "--sync") == 0) {
            o->sync = true;
            continue;
        }
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) {
            fprintf(stderr, "hvclusterd: %s needs a value (or is unknown)\n", a);
            return -1;
        }
        i++;
        if (strcmp(a, "--state") == 0)
            o->state = v;
        else if (strcmp(a, "--check-state") == 0)
            o->state = v, o->check = true;
        else if (strcmp(a, "--fixture") == 0)
            o->fixture = v;
        else if ((strcmp(a, "--lock-timeout-ms") == 0 && mofsrv_main_number(v, UINT_MAX, &o->lock_timeout_ms) == 0) ||
                 (strcmp(a, "--job-ms") == 0 && mofsrv_main_number(v, UINT_MAX, &o->job_ms) == 0))
            continue;
        else {
            fprintf(stderr, "hvclusterd: bad option %s %s\n", a, v);
            return -1;
        }
    }
    if (!o->state) {
        fprintf(stderr, "hvclusterd: --state FILE is required\n");
        return -1;
    }
    return mofsrv_main_check(&o->c);
}

/* Directory of the running executable (for the bundled fixture and mofc). */
static void exe_dir(char *out, size_t n)
{
    ssize_t len = readlink("/proc/self/exe", out, n - 1);
    if (len <= 0) {
        snprintf(out, n, ".");
        return;
    }
    out[len] = '\0';
    char *slash = strrchr(out, '/');
    if (slash)
        *slash = '\0';
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Compiles a MOF fixture with `mofc export` into tmp. */
static int export_mof(const char *mof, const char *tmp, const char *dir)
{
    char cand[3][PATH_MAX + 16];
    const char *mofc = getenv("MOFC");
    snprintf(cand[0], sizeof cand[0], "%s/mofc", dir);
    snprintf(cand[1], sizeof cand[1], "%s/../../mofc", dir);       /* build tree layout */
    snprintf(cand[2], sizeof cand[2], "%s/../../bin/mofc", dir);   /* installed: libexec/mofc/ */
    if (!mofc || !*mofc) {
        mofc = "mofc";
        for (int i = 0; i < 3; i++)
            if (access(cand[i], X_OK) == 0) {
                mofc = cand[i];
                break;
            }
    }
    char *args[32];
    int n = 0;
    args[n++] = (char *)mofc;
    args[n++] = "export";
    args[n++] = "-q";
    args[n++] = "-o";
    args[n++] = (char *)tmp;
    char paths[PATH_MAX + sizeof HV_MOF_PATH + 16];
    snprintf(paths, sizeof paths, "%s:%s", dir, HV_MOF_PATH);
    for (char *save = NULL, *p = strtok_r(paths, ":", &save); p && n < 28; p = strtok_r(NULL, ":", &save)) {
        args[n++] = "-I";
        args[n++] = p;
    }
    args[n++] = (char *)mof;
    args[n] = NULL;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execvp(args[0], args);
        fprintf(stderr, "hvclusterd: cannot run %s: %s\n", args[0], strerror(errno));
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static int load_schema(const opts *o, mofsrv *s)
{
    char dir[PATH_MAX], path[PATH_MAX + 64];
    exe_dir(dir, sizeof dir);
    mofrt_error err;
    if (o->fixture && !ends_with(o->fixture, ".xml")) {
        char tmp[] = "/tmp/hvclusterd-fixture-XXXXXX";
        int fd = mkstemp(tmp);
        if (fd < 0) {
            perror("hvclusterd: mkstemp");
            return -1;
        }
        close(fd);
        int rc = export_mof(o->fixture, tmp, dir);
        if (rc == 0)
            rc = mofsrv_load_schema(s, tmp, &err);
        else
            mofrt_error_set(&err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "mofc export %s failed", o->fixture);
        unlink(tmp);
        if (rc < 0)
            fprintf(stderr, "hvclusterd: %s\n", err.message);
        return rc;
    }
    const char *file = o->fixture;
    if (!file) {
        snprintf(path, sizeof path, "%s/fixture.xml", dir);
        if (access(path, R_OK) != 0)
            snprintf(path, sizeof path, "%s/hvcluster/fixture.xml", MOFC_DATADIR);
        file = path;
    }
    if (mofsrv_load_schema(s, file, &err) < 0) {
        fprintf(stderr, "hvclusterd: %s\n", err.message);
        return -1;
    }
    return 0;
}

static int check_state(const opts *o, const mofsrv_schema *schema)
{
    size_t nsnap = 0;
    mofsrv_replay jr;
    mofrt_error err;
    if (mofsrv_persist_check(o->state, schema, &nsnap, &jr, &err) < 0) {
        fprintf(stderr, "hvclusterd: %s: %s\n", o->state, err.message);
        return 1;
    }
    printf("state %s: snapshot whole (%zu records), journal %zu records%s\n", o->state, nsnap, jr.nrec,
           jr.torn ? ", torn last record (unacknowledged) to be cut" : "");
    return 0;
}

int main(int argc, char **argv)
{
    opts o;
    if (parse(argc, argv, &o) < 0) {
        fputs("hvclusterd: try 'hvclusterd --help'\n", stderr);
        return 2;
    }
    sigset_t set;
    mofsrv *s = mofsrv_main_host(&o.c, &set);
    if (!s)
        return 1;
    mofrt_error err;
    if (load_schema(&o, s) < 0) {
        mofsrv_free(s);
        return 1;
    }
    if (o.check) {
        int rc = check_state(&o, &s->schema);
        mofsrv_free(s);
        return rc;
    }
    int rc = 1;
    hv_provider prov;
    bool prov_started = false;
    if (mofsrv_main_open_store(&o.c, s, o.state) < 0)
        goto out;
    hv_provider_cfg pcfg = { o.c.ns, o.sync, o.lock_timeout_ms, o.job_ms };
    prov_started = true;
    if (hv_provider_start(&prov, &pcfg, s, &err) < 0 ||
        mofsrv_add_provider(s, &prov.methods, &prov, &err) < 0 || mofsrv_start(s, &err) < 0) {
        fprintf(stderr, "hvclusterd: %s\n", err.message);
        goto out;
    }
    mofsrv_set_param_fault(s, hv_provider_param_fault, &prov);
    char what[PATH_MAX + 32];
    snprintf(what, sizeof what, "state %s, %s", o.state, o.sync ? "sync" : "jobs");
    if (mofsrv_main_listen(&o.c, s, what) < 0)
        goto out;
    mofsrv_main_wait(&set);
    rc = 0;
out:
    /* no request may reach the provider once its job workers stop; the
     * store closes last (every acknowledged change is already durable) */
    mofsrv_stop(s);
    if (prov_started)
        hv_provider_stop(&prov);
    mofsrv_free(s);
    return rc;
}
