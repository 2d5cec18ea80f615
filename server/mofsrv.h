/* libmofsrv: a CIM server host — CIM-XML over HTTP/HTTPS (DSP0200 /
 * DSP0201 on libmicrohttpd) serving any number of class providers
 * (runtime/mofrt_provider.h), with a durable instance store for the classes
 * no provider serves. Depends on libmofrt, never on the compiler.
 *
 * Life of a host:
 *     mofsrv *s = mofsrv_new("root/cimv2", &err);
 *     mofsrv_load_schema(s, "schema.xml", &err);      classes (+ initial instances): `mofc export`
 *     mofsrv_add_classes(s, descs, n, &err);          or classes as descriptors (mofserve)
 *     mofsrv_load_module(s, "provider.so", &err);     any number; or mofsrv_add_module / _add_provider
 *     mofsrv_open_store(s, "state/store", &err);      NULL path: in memory only
 *     mofsrv_start(s, &err);                          module load() calls, routes fixed
 *     mofsrv_listen(s, &cfg, &err);                   any number of addresses
 *     ... mofsrv_free(s);                             stops listening, unloads, closes
 *
 * Every function returns 0 / -1 (or NULL) and fills err (libmofrt's
 * convention); nothing is printed. Threads: the HTTP side runs a thread per
 * connection; providers are called from any of them. */
#ifndef MOFSRV_H
#define MOFSRV_H

#include <stdbool.h>
#include <stddef.h>

#include "mofrt.h"

typedef struct mofsrv mofsrv;

/* A host serving namespace ns (e.g. "root/cimv2"; '\\' and '/' alike). */
mofsrv *mofsrv_new(const char *ns, mofrt_error *err);
/* Stops listening, calls the modules' unload, closes the store (every
 * acknowledged change is already durable), frees. NULL-safe. */
void mofsrv_free(mofsrv *s);

/* The schema: a CIM-XML DECLARATION document as `mofc export` writes it
 * (classes for GetClass/EnumerateClasses and routing, instances as the
 * store's initial content). Once, before mofsrv_start. */
int mofsrv_load_schema(mofsrv *s, const char *path, mofrt_error *err);
int mofsrv_load_schema_mem(mofsrv *s, const char *xml, size_t len, mofrt_error *err);
/* Classes given as descriptors (runtime/mofrt_desc.h: name, superclass,
 * flags, properties and methods, own and inherited, with their qualifiers,
 * defaults and class origins; size, offsets, keys and thunks may be
 * 0/NULL): the schema's classes without an XML document. GetClass and
 * EnumerateClasses answer from them (as for a module's classes), the store
 * serves their instances. Once, after mofsrv_load_schema when there is a
 * document too (its classes and these must not share a name) and before
 * any module; a module's class of the same name replaces the descriptor
 * (same properties and keys, else an error). A name given twice is an
 * error. The descriptors must outlive s. mofserve builds them from the MOF
 * it compiles: start-up costs what the classes are, with no XML tree. */
int mofsrv_add_classes(mofsrv *s, const mofrt_class_desc *const *descs, size_t n, mofrt_error *err);

/* Providers, before mofsrv_start. A class served twice is an error. Every
 * served class must be in the schema. */
int mofsrv_add_module(mofsrv *s, const mofrt_module *m, mofrt_error *err);
/* dlopen()s a provider module and adds the mofrt_module its
 * mofrt_module_main() returns. */
int mofsrv_load_module(mofsrv *s, const char *so_path, mofrt_error *err);
/* One class provider with its context (for programs linking providers in;
 * a provider whose ft is NULL serves methods only: its instances are the
 * store's). */
int mofsrv_add_provider(mofsrv *s, const mofrt_class_provider *p, void *ctx, mofrt_error *err);

/* The instance store for classes without a provider: state_path (a file;
 * state_path.journal next to it) made from the schema's instances when it
 * does not exist, else loaded (a torn last journal record is cut; a damaged
 * journal is refused). State and journal must be regular files. NULL: in
 * memory only. Before mofsrv_start. */
int mofsrv_open_store(mofsrv *s, const char *state_path, mofrt_error *err);
/* The same, with the journal's recovery (mofsrv_persist.h): a damaged
 * journal (a record that cannot be read, with acknowledged records after
 * it) is refused unless recover; report (may be NULL) receives, a line
 * each, a torn last record that was cut and, when recovering, every record
 * that was lost. */
int mofsrv_open_store_with(mofsrv *s, const char *state_path, bool recover, mofrt_buf *report,
                           mofrt_error *err);

/* Calls each module's load(); after it the routes are fixed. */
int mofsrv_start(mofsrv *s, mofrt_error *err);

/* One listening address. TLS when cert_file and key_file are given (PEM);
 * Basic authentication when auth_file is given (lines "user:password"); a
 * non-loopback address without auth_file is refused. */
typedef struct mofsrv_listen_cfg {
    const char *addr;          /* "HOST:PORT" or "[V6]:PORT"; port 0 = any free port */
    const char *auth_file;     /* NULL: no authentication (loopback only) */
    const char *cert_file, *key_file;   /* both or neither */
    unsigned timeout_s;        /* idle connection time-out (0: 30 s) */
    unsigned max_conns;        /* 0: 512; more wait in the listen queue */
    size_t max_body;           /* 0: MOFRT_DEFAULT_MAX_INPUT */
    unsigned request_timeout_s; /* 0: 60 s. A request (headers and body) must
                                  arrive within it, however steadily bytes
                                  trickle; its answer be taken within it
                                  (a whole one) or at 64 KiB per this much
                                  (a streamed one, the provider's time not
                                  counted) */
    unsigned threads;          /* the threads serving the connections. 0 (the
                                  default): one per online CPU, at least
                                  MOFSRV_THREADS_MIN; N: N threads,
                                  each serving many connections (epoll; no
                                  thread wake-up per request). A single call
                                  (GetInstance, a method, a change) runs in the
                                  thread that read it, so a provider call that
                                  waits holds up the other connections of that
                                  thread meanwhile, not those of the others; new
                                  connections go to the threads not waiting.
                                  MOFSRV_THREADS_PER_CONNECTION: a thread per
                                  connection, which may wait without holding up
                                  any other, at about 1.5 times the CPU per
                                  request (docs/server.md, Performance) */
    const char *tls_priority;  /* GnuTLS priority string (gnutls_priority_init(3));
                                  NULL: MOFSRV_TLS_PRIORITY */
} mofsrv_listen_cfg;

/* mofsrv_listen_cfg.threads: a thread per connection */
#define MOFSRV_THREADS_PER_CONNECTION 0xFFFFFFFFu
/* The default's least number of threads: with it, up to 3 provider calls
 * may wait at once (a slow device, a lock, a commit) while new connections
 * are still served, even on one or two CPUs. */
#define MOFSRV_THREADS_MIN 4u

/* The TLS versions and ciphers a listener accepts unless told otherwise
 * (mofsrv_listen_cfg.tls_priority, a GnuTLS priority string): GnuTLS's
 * defaults without TLS 1.0 and 1.1, which RFC 8996 deprecates (DSP0200
 * wants TLS 1.2 or later). */
#define MOFSRV_TLS_PRIORITY "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"

/* Starts serving; returns the index of the listener (for mofsrv_port). */
int mofsrv_listen(mofsrv *s, const mofsrv_listen_cfg *cfg, mofrt_error *err);
/* The bound port of listener i (useful with port 0); 0 when none. */
unsigned mofsrv_port(const mofsrv *s, size_t i);

/* The mofrt_host services given to modules (also usable by a program that
 * links providers in). */
const mofrt_host *mofsrv_host(const mofsrv *s);

#endif
