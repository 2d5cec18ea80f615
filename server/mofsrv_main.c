/* libmofsrv: the common options and start-up of server programs (see
 * mofsrv_main.h). */
#include "server/mofsrv_main.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "server/mofsrv_http.h"

const char mofsrv_main_usage[] =
    "  --listen HOST:PORT    address to serve (default 127.0.0.1:5988; port 0 = any):\n"
    "                        A.B.C.D, [V6] or a host name (each of its addresses);\n"
    "                        a non-loopback address requires --auth\n"
    "  --auth FILE           HTTP Basic credentials, lines of user:password\n"
    "  --namespace NS        the namespace served\n"
    "  --timeout-s N         close connections idle for N seconds (default 30)\n"
    "  --request-timeout-s N close a connection whose request has not arrived\n"
    "                        whole (headers and body) N seconds after it could\n"
    "                        start, however steadily bytes trickle (default 60);\n"
    "                        an answer must be taken at 64 KiB per N seconds\n"
    "  --max-connections N   connections served at once (default 512); more wait\n"
    "                        in the listen queue until one ends\n"
    "  --threads N           N threads serve all connections (epoll; default: one\n"
    "                        per CPU, at least 4); a provider call that waits\n"
    "                        holds up the other connections of its thread\n"
    "  --threads per-connection  a thread per connection instead: a call that\n"
    "                        waits holds up no other, at more CPU per request\n"
    "  --recover-journal     start even when the journal is damaged (a bad record\n"
    "                        with acknowledged ones after it): keep the records\n"
    "                        before the damage, save the rest in\n"
    "                        STATE.journal.damaged-TIME and list what was lost\n";

const char mofsrv_main_usage_tls[] =
    "  --tls-cert, --tls-key PEM files: every --listen speaks HTTPS (5989 by convention)\n"
    "  --tls-priority STR    GnuTLS priority string for HTTPS (default\n"
    "                        " MOFSRV_TLS_PRIORITY ":\n"
    "                        TLS 1.2 and 1.3 only, RFC 8996)\n";

void mofsrv_main_init(mofsrv_main_cfg *c, const char *prog, const char *ns, bool multi_listen, bool tls)
{
    memset(c, 0, sizeof *c);
    c->prog = prog;
    c->ns = ns;
    c->multi_listen = multi_listen;
    c->tls = tls;
    c->timeout_s = 30;
    c->request_timeout_s = 60;
    c->max_conns = 512;
}

int mofsrv_main_number(const char *s, unsigned max, unsigned *out)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9')
        return -1;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || v > max)
        return -1;
    *out = (unsigned)v;
    return 0;
}

/* A positive number of at most max for option `opt`. */
static int positive(const mofsrv_main_cfg *c, const char *opt, const char *v, unsigned max, unsigned *out)
{
    if (mofsrv_main_number(v, max, out) < 0 || *out == 0) {
        /* libmicrohttpd reads 0 as "no time-out": never what is meant */
        fprintf(stderr, "%s: %s wants a number from 1 to %u, not '%s'\n", c->prog, opt, max, v);
        return -1;
    }
    return 0;
}

int mofsrv_main_option(mofsrv_main_cfg *c, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (strcmp(a, "--recover-journal") == 0) {
        c->recover = true;
        return 1;
    }
    static const char *const with_value[] = { "--listen", "--auth", "--namespace", "--timeout-s",
                                              "--request-timeout-s", "--max-connections", "--threads", "--tls-cert",
                                              "--tls-key", "--tls-priority", NULL };
    bool known = false;
    for (const char *const *o = with_value; *o && !known; o++)
        known = strcmp(a, *o) == 0 && (c->tls || strncmp(a, "--tls-", 6) != 0);
    if (!known)
        return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "%s: %s needs a value\n", c->prog, a);
        return -1;
    }
    const char *v = argv[++*i];
    if (strcmp(a, "--listen") == 0) {
        if (!c->multi_listen)
            c->nlisten = 0;   /* the last one counts */
        if (c->nlisten == MOFSRV_MAIN_MAX_LISTEN) {
            fprintf(stderr, "%s: at most %d --listen options\n", c->prog, MOFSRV_MAIN_MAX_LISTEN);
            return -1;
        }
        c->listen[c->nlisten++] = v;
    } else if (strcmp(a, "--auth") == 0) {
        c->auth = v;
    } else if (strcmp(a, "--namespace") == 0) {
        c->ns = v;
    } else if (strcmp(a, "--tls-cert") == 0) {
        c->cert = v;
    } else if (strcmp(a, "--tls-key") == 0) {
        c->key = v;
    } else if (strcmp(a, "--tls-priority") == 0) {
        c->tls_priority = v;
    } else if (strcmp(a, "--timeout-s") == 0) {
        return positive(c, a, v, 86400, &c->timeout_s) < 0 ? -1 : 1;
    } else if (strcmp(a, "--request-timeout-s") == 0) {
        return positive(c, a, v, 86400, &c->request_timeout_s) < 0 ? -1 : 1;
    } else if (strcmp(a, "--threads") == 0) {
        if (strcmp(v, "per-connection") == 0) {
            c->threads = MOFSRV_THREADS_PER_CONNECTION;
            return 1;
        }
        if (mofsrv_main_number(v, 1024, &c->threads) < 0 || c->threads == 0) {
            fprintf(stderr, "%s: --threads wants a number from 1 to 1024 or per-connection, not '%s'\n", c->prog, v);
            return -1;
        }
    } else {
        return positive(c, a, v, 1000000, &c->max_conns) < 0 ? -1 : 1;
    }
    return 1;
}

/* --listen NAME:PORT: each address NAME resolves to, as numeric
 * --listen entries in place of it (listen[i] removed). 0, or -1 when the
 * name does not resolve (printed) or there is no room. */
static int resolve_listen(mofsrv_main_cfg *c, size_t i)
{
    const char *l = c->listen[i], *colon = strrchr(l, ':');
    char host[256];
    if (!colon || colon == l || (size_t)(colon - l) >= sizeof host || l[0] == '[' || !colon[1] ||
        strspn(colon + 1, "0123456789") != strlen(colon + 1) || strlen(colon + 1) > 5)
        return 1;   /* not NAME:PORT: the parser's message says what is wanted */
    memcpy(host, l, (size_t)(colon - l));
    host[colon - l] = '\0';
    /* an address (well-formed or not: 127.1, 999.0.0.1), or an IPv6 one
     * without brackets (::1): the parser's message, no name lookup */
    if (strspn(host, "0123456789.") == strlen(host) || strchr(host, ':'))
        return 1;
    if (strtoul(colon + 1, NULL, 10) > 65535) {   /* said as written, not as resolved */
        fprintf(stderr, "%s: --listen %s: port '%s' is not a number from 0 to 65535\n", c->prog, l, colon + 1);
        return -1;
    }
    struct addrinfo hints = { .ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG, .ai_socktype = SOCK_STREAM };
    struct addrinfo *res = NULL;
    int rc = getaddrinfo(host, colon + 1, &hints, &res);
    if (rc != 0) {
        fprintf(stderr, "%s: --listen %s: %s\n", c->prog, l, gai_strerror(rc));
        return -1;
    }
    size_t first = c->nresolved;
    c->listen[i] = c->listen[--c->nlisten];   /* the name goes, its addresses come */
    for (const struct addrinfo *a = res; a; a = a->ai_next) {
        char ip[INET6_ADDRSTRLEN], one[64];
        const void *addr = a->ai_family == AF_INET ? (const void *)&((struct sockaddr_in *)(void *)a->ai_addr)->sin_addr
                                                   : (const void *)&((struct sockaddr_in6 *)(void *)a->ai_addr)->sin6_addr;
        if ((a->ai_family != AF_INET && a->ai_family != AF_INET6) || !inet_ntop(a->ai_family, addr, ip, sizeof ip))
            continue;
        snprintf(one, sizeof one, a->ai_family == AF_INET6 ? "[%s]:%s" : "%s:%s", ip, colon + 1);
        bool dup = false;
        for (size_t k = first; k < c->nresolved && !dup; k++)
            dup = strcmp(c->resolved[k], one) == 0;
        if (dup)
            continue;
        if (c->nresolved == MOFSRV_MAIN_MAX_LISTEN || c->nlisten == MOFSRV_MAIN_MAX_LISTEN) {
            freeaddrinfo(res);
            fprintf(stderr, "%s: at most %d addresses to listen on\n", c->prog, MOFSRV_MAIN_MAX_LISTEN);
            return -1;
        }
        memcpy(c->resolved[c->nresolved], one, sizeof one);
        c->listen[c->nlisten++] = c->resolved[c->nresolved++];
    }
    freeaddrinfo(res);
    return 0;
}

int mofsrv_main_check(mofsrv_main_cfg *c)
{
    if (!c->cert != !c->key) {
        fprintf(stderr, "%s: --tls-cert and --tls-key go together\n", c->prog);
        return -1;
    }
    if (c->tls_priority && !c->cert) {
        fprintf(stderr, "%s: --tls-priority needs --tls-cert and --tls-key\n", c->prog);
        return -1;
    }
    /* the auth file holds passwords in clear */
    struct stat st;
    if (c->auth && stat(c->auth, &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)))
        fprintf(stderr, "%s: warning: %s holds passwords and is readable by group or others (mode %03o): chmod 600 %s\n",
                c->prog, c->auth, (unsigned)(st.st_mode & 0777), c->auth);
    if (!c->nlisten)
        c->listen[c->nlisten++] = c->cert ? "127.0.0.1:5989" : "127.0.0.1:5988";
    /* every address checked before anything is compiled or opened */
    for (size_t i = 0; i < c->nlisten;) {
        struct sockaddr_storage ss;
        mofrt_error err;
        if (mofsrv_listen_parse(c->listen[i], &ss, &err) == 0) {
            i++;
            continue;
        }
        int r = resolve_listen(c, i);   /* a host name: its addresses replace it */
        if (r < 0)
            return -1;
        if (r > 0) {
            fprintf(stderr, "%s: %s\n", c->prog, err.message);
            return -1;
        }
    }
    return 0;
}

void mofsrv_main_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, set, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);
}

mofsrv *mofsrv_main_host(const mofsrv_main_cfg *c, sigset_t *set)
{
    mofsrv_main_signals(set);
    mofrt_error err;
    mofsrv *s = mofsrv_new(c->ns, &err);
    if (!s)
        fprintf(stderr, "%s: %s\n", c->prog, err.message);
    return s;
}

void mofsrv_main_wait(const sigset_t *set)
{
    int sig = 0;
    sigwait(set, &sig);
}

int mofsrv_main_open_store(const mofsrv_main_cfg *c, mofsrv *s, const char *state_path)
{
    mofrt_buf report = MOFRT_BUF_INIT;
    mofrt_error err;
    int rc = mofsrv_open_store_with(s, state_path, c->recover, &report, &err);
    const mofrt_limits lim = mofrt_limits_default();   /* mofsrv_process decodes requests with these */
    if (rc == 0)
        (void)mofsrv_schema_over_limits(&s->schema, &lim, &report);
    /* each line of the report as a message of its own ("PROG: warning:
     * ..."); an indented line continues the one before it */
    for (const char *l = report.data, *end = report.data + report.len; l && l < end;) {
        const char *nl = memchr(l, '\n', (size_t)(end - l));
        size_t n = nl ? (size_t)(nl - l) : (size_t)(end - l);
        fprintf(stderr, "%s%s%.*s\n", *l == ' ' ? "" : c->prog, *l == ' ' ? "" : ": ", (int)n, l);
        l += n + 1;
    }
    mofrt_buf_free(&report);
    if (rc < 0)
        fprintf(stderr, "%s: %s\n", c->prog, err.message);
    return rc;
}

int mofsrv_main_listen(const mofsrv_main_cfg *c, mofsrv *s, const char *what)
{
    for (size_t i = 0; i < c->nlisten; i++) {
        mofsrv_listen_cfg lc = { c->listen[i], c->auth, c->cert, c->key, c->timeout_s, c->max_conns,
                                 MOFRT_DEFAULT_MAX_INPUT, c->request_timeout_s, c->threads,
                                 c->tls_priority };
        mofrt_error err;
        int li = mofsrv_listen(s, &lc, &err);
        if (li < 0) {
            fprintf(stderr, "%s: %s\n", c->prog, err.message);
            return -1;
        }
        if (what)
            printf("%s: listening on port %u (%s)\n", c->prog, mofsrv_port(s, (size_t)li), what);
        else
            printf("%s: listening on port %u (%s%s)\n", c->prog, mofsrv_port(s, (size_t)li),
                   c->cert ? "https" : "http", c->auth ? ", Basic authentication" : "");
    }
    fflush(stdout);
    return 0;
}
