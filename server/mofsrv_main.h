/* libmofsrv: what the main of a server program shares (mofserve,
 * hvclusterd): the command-line options every host has, their checks,
 * and start-up (signals, the store with journal recovery, the listeners,
 * waiting for a signal). Unlike the rest of the library these helpers
 * print: messages go to stderr prefixed with the program's name, the
 * "PROG: listening on port N (...)" lines to stdout (tests read them).
 * Not installed: for the programs of this tree. */
#ifndef MOFSRV_MAIN_H
#define MOFSRV_MAIN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "server/mofsrv.h"

#define MOFSRV_MAIN_MAX_LISTEN 64

/* The options every host takes. */
typedef struct mofsrv_main_cfg {
    const char *prog;              /* prefix of messages ("mofserve") */
    const char *ns;                /* --namespace */
    const char *listen[MOFSRV_MAIN_MAX_LISTEN];   /* --listen (repeatable when multi_listen) */
    size_t nlisten;
    bool multi_listen;             /* more than one --listen allowed */
    const char *auth;              /* --auth FILE */
    const char *cert, *key;        /* --tls-cert, --tls-key (when tls) */
    const char *tls_priority;      /* --tls-priority (when tls; NULL: MOFSRV_TLS_PRIORITY) */
    bool tls;                      /* the program offers TLS */
    unsigned timeout_s;            /* --timeout-s N (default 30) */
    unsigned request_timeout_s;    /* --request-timeout-s N (default 60) */
    unsigned max_conns;            /* --max-connections N (default 512) */
    unsigned threads;              /* --threads N|per-connection (0: the default pool) */
    bool recover;                  /* --recover-journal */
    char resolved[MOFSRV_MAIN_MAX_LISTEN][64];   /* numeric forms of --listen host names */
    size_t nresolved;
} mofsrv_main_cfg;

/* Defaults; ns is the default namespace. */
void mofsrv_main_init(mofsrv_main_cfg *c, const char *prog, const char *ns, bool multi_listen, bool tls);

/* argv[*i] if it is a common option: consumes it (and its value, *i
 * advanced) and returns 1; 0 when it is not one; -1 (printed) when its
 * value is missing or bad. */
int mofsrv_main_option(mofsrv_main_cfg *c, int argc, char **argv, int *i);

/* After the last option: checks what goes together (TLS files, numbers at
 * least 1), adds the default address (127.0.0.1:5988, or :5989 with TLS)
 * and checks every address; a host name (localhost:5988) becomes each
 * address getaddrinfo(3) gives for it (IPv4 and IPv6). 0, or -1 (printed). Warns (stderr) when the
 * --auth file, which holds passwords, is readable by group or others. */
int mofsrv_main_check(mofsrv_main_cfg *c);

/* The usage lines of the common options. */
extern const char mofsrv_main_usage[];
extern const char mofsrv_main_usage_tls[];

/* Decimal digits only, at most max: strtoul alone takes " 5", "+5" and
 * "-5" (wrapped to a huge value). 0 or -1. */
int mofsrv_main_number(const char *s, unsigned max, unsigned *out);

/* Blocks SIGINT/SIGTERM/SIGHUP in this thread (every thread started later
 * inherits the mask; mofsrv_main_wait takes them synchronously) and
 * ignores SIGPIPE and SIGXFSZ (a write past a file size limit fails with
 * EFBIG and is answered, instead of killing the server). */
void mofsrv_main_signals(sigset_t *set);
/* mofsrv_main_signals, then the host serving c->ns; NULL (printed) when it
 * cannot be made. */
mofsrv *mofsrv_main_host(const mofsrv_main_cfg *c, sigset_t *set);
/* Waits for one of them. */
void mofsrv_main_wait(const sigset_t *set);

/* mofsrv_open_store_with the --recover-journal choice, its report printed.
 * 0, or -1 (printed). */
int mofsrv_main_open_store(const mofsrv_main_cfg *c, mofsrv *s, const char *state_path);

/* Listens on every address; for each prints "PROG: listening on port N
 * (WHAT)" where WHAT is what (NULL: "http" or "https" and whether
 * authentication is on). 0, or -1 (printed). */
int mofsrv_main_listen(const mofsrv_main_cfg *c, mofsrv *s, const char *what);

#endif
