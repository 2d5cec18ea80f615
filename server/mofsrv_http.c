/* libmofsrv: DSP0200 HTTP front end on libmicrohttpd, a thin adapter:
 * the request handling itself is in mofsrv_handler.c. */
#include "server/mofsrv_http.h"

#include <arpa/inet.h>
#include <stdatomic.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "server/mofsrv_handler.h"
#include "server/mofsrv_producer.h"

/* One connection: its decoder, and the time by which what it is doing
 * (receiving a request, or sending its answer) must be done. */
typedef struct conn_ctx {
    mofrt_decoder *dec;
    int fd;
    uint64_t deadline_ms;      /* mono_ms(); 0: none (the request is being handled) */
    struct conn_ctx *prev, *next;
} conn_ctx;

struct mofsrv_http {
    struct MHD_Daemon *d;
    mofsrv_http_cfg cfg;
    mofsrv_handler h;
    unsigned port;
    /* the reaper: libmicrohttpd's time-out counts idle time only, so a
     * client sending a byte every few seconds would hold its connection
     * (and its thread) for ever; the reaper shuts down the socket of a
     * connection past its deadline, which ends it as a closed peer would */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    conn_ctx *conns;
    bool stop;
    pthread_t reaper;
};

/* Whether this thread is handling a request now: the producers of the
 * answers it streams grow their queue rather than wait for it meanwhile
 * (mofsrv_producer_watch: the request may wait for a lock a producer
 * holds). */
static _Thread_local atomic_bool handling;

typedef struct req_ctx {
    mofrt_buf body;
    bool too_big;
} req_ctx;

/* ---- the adapter: headers in, mofsrv_response out ------------------------------- */
static const char *conn_header(void *ctx, const char *name)
{
    return MHD_lookup_connection_value(ctx, MHD_HEADER_KIND, name);
}

static uint64_t mono_ms(void);
static conn_ctx *conn_of(struct MHD_Connection *c);
static void set_deadline(mofsrv_http *s, conn_ctx *cc, bool on);

/* A streamed answer: its beginning, then the producer's results as they
 * come, then the tail. Runs in the thread serving the connection, which
 * waits for the producer (in a pool, the other connections of that thread
 * wait meanwhile). A failure midway closes the
 * connection without the last chunk: the client sees a broken answer, never
 * a short list that looks whole.
 *
 * A client that does not read the answer, or takes a few bytes now and
 * then, would hold its connection (and the operation) as long as it
 * likes, while a long answer to a client that reads must not be cut by
 * the request's time limit: so while an answer streams, the client must
 * take MOFSRV_ANSWER_PROGRESS bytes of it within every request_timeout_s
 * seconds (each time it has, the clock starts again), the time the server
 * waits for the operation's results not counted. */
#define MOFSRV_ANSWER_PROGRESS ((uint64_t)64 * 1024)

typedef struct stream_state {
    mofrt_buf pending;
    size_t off;
    mofsrv_producer *p;
    bool end;
    mofsrv_http *s;
    conn_ctx *cc;              /* NULL: no deadline (out of memory at the connection) */
    uint64_t sent, mark;       /* bytes handed out; at the last progress */
} stream_state;

/* The operation's next results, the connection's clock stopped meanwhile. */
static int stream_take(stream_state *st)
{
    mofsrv_http *s = st->s;
    uint64_t t0 = mono_ms(), held = 0;
    if (st->cc) {
        pthread_mutex_lock(&s->mu);
        held = st->cc->deadline_ms;   /* 0: none, or the reaper has shut the socket */
        st->cc->deadline_ms = 0;
        pthread_mutex_unlock(&s->mu);
    }
    /* 64 results at a time (or the rest): one wake-up per batch */
    int rc = mofsrv_producer_take(st->p, 64, MOFSRV_PRODUCER_QUEUE, &st->pending, &st->end, NULL);
    if (st->cc && held) {
        pthread_mutex_lock(&s->mu);
        st->cc->deadline_ms = held + (mono_ms() - t0);
        pthread_mutex_unlock(&s->mu);
    }
    return rc;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    stream_state *st = cls;
    while (st->off == st->pending.len) {
        if (st->end)
            return MHD_CONTENT_READER_END_OF_STREAM;
        mofrt_buf_reset(&st->pending);
        st->off = 0;
        if (stream_take(st) < 0)
            return MHD_CONTENT_READER_END_WITH_ERROR;
        if (st->end)
            mofrt_buf_puts(&st->pending, MOFSRV_STREAM_TAIL);
        if (st->pending.failed)
            return MHD_CONTENT_READER_END_WITH_ERROR;
    }
    size_t n = st->pending.len - st->off;
    if (n > max)
        n = max;
    memcpy(buf, st->pending.data + st->off, n);
    st->off += n;
    /* libmicrohttpd asks for more once the socket took what it had: the
     * client has taken that much (less what the kernel's buffers hold) */
    st->sent += n;
    if (st->sent - st->mark >= MOFSRV_ANSWER_PROGRESS) {
        st->mark = st->sent;
        set_deadline(st->s, st->cc, true);
    }
    return (ssize_t)n;
}

static void stream_free(void *cls)
{
    stream_state *st = cls;
    mofsrv_producer_free(st->p);
    mofrt_buf_free(&st->pending);
    free(st);
}

static struct MHD_Response *stream_response(mofsrv_http *s, conn_ctx *cc, mofsrv_response *resp)
{
    stream_state *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->s = s;
    st->cc = cc;
    st->pending = resp->body;   /* the beginning goes first */
    mofrt_buf_init(&resp->body);
    st->p = resp->stream;
    resp->stream = NULL;
    mofsrv_producer_watch(st->p, &handling);
    struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 32768, stream_read, st, stream_free);
    if (!r)
        stream_free(st);
    return r;
}

static enum MHD_Result reply(mofsrv_http *s, struct MHD_Connection *c, mofsrv_response *resp)
{
    struct MHD_Response *r;
    unsigned status = resp->status;
    mofrt_buf *body = &resp->body;
    if (resp->stream && status == MHD_HTTP_OK) {
        r = stream_response(s, conn_of(c), resp);
    } else if (body->data && !body->failed) {
        size_t len = body->len;
        r = MHD_create_response_from_buffer(len, mofrt_buf_take(body), MHD_RESPMEM_MUST_FREE);
    } else {
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    if (!r) {
        mofsrv_response_free(resp);
        return MHD_NO;
    }
    if (status == MHD_HTTP_OK) {
        MHD_add_response_header(r, "Content-Type", "application/xml; charset=\"utf-8\"");
        MHD_add_response_header(r, "CIMOperation", "MethodResponse");
    }
    if (resp->cimerror)
        MHD_add_response_header(r, "CIMError", resp->cimerror);
    if (status == MHD_HTTP_UNAUTHORIZED)
        MHD_add_response_header(r, "WWW-Authenticate", "Basic realm=\"mofsrv\"");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(r, "Allow", "POST");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    mofsrv_response_free(resp);
    return ret;
}

/* ---- deadlines ------------------------------------------------------------ */
static uint64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static conn_ctx *conn_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* Starts the clock for the next step of the connection (receiving the
 * next request: headers and body within request_timeout_s; or sending an
 * answer: a whole one within request_timeout_s, a streamed one by its
 * progress, see stream_read); on = false stops it while the request is
 * handled (bounded by the handler itself). */
static void set_deadline(mofsrv_http *s, conn_ctx *cc, bool on)
{
    if (!cc)
        return;
    pthread_mutex_lock(&s->mu);
    cc->deadline_ms = on ? mono_ms() + (uint64_t)s->cfg.request_timeout_s * 1000u : 0;
    pthread_mutex_unlock(&s->mu);
}

static void *reaper(void *arg)
{
    mofsrv_http *s = arg;
    pthread_mutex_lock(&s->mu);
    while (!s->stop) {
        uint64_t now = mono_ms();
        for (conn_ctx *cc = s->conns; cc; cc = cc->next)
            if (cc->deadline_ms && now >= cc->deadline_ms && cc->fd >= 0) {
                /* the fd stays open (libmicrohttpd closes it, after
                 * NOTIFY_CLOSED has unlinked cc under this mutex) */
                (void)shutdown(cc->fd, SHUT_RDWR);
                cc->deadline_ms = 0;
            }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 200 * 1000000L;   /* deadlines are checked 5 times a second */
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&s->cv, &s->mu, &ts);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

/* ---- libmicrohttpd callbacks --------------------------------------------- */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    mofsrv_http *s = cls;
    req_ctx *rc = *con_cls;
    mofsrv_headers hd = { conn_header, c };
    mofsrv_response resp = MOFSRV_RESPONSE_INIT;
    if (!rc) {
        /* method, URL and headers are in: refuse early, before the body */
        if (mofsrv_precheck(&s->h, method, url, &hd, &resp)) {
            set_deadline(s, conn_of(c), true);   /* now for sending the answer */
            return reply(s, c, &resp);
        }
        rc = calloc(1, sizeof *rc);
        if (!rc)
            return MHD_NO;
        *con_cls = rc;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!rc->too_big && rc->body.len + *upload_data_size > s->cfg.max_body) {
            rc->too_big = true;
            mofrt_buf_free(&rc->body);
        }
        if (!rc->too_big)
            mofrt_buf_put(&rc->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    conn_ctx *cc = conn_of(c);
    if (rc->too_big || rc->body.failed) {
        resp.status = rc->too_big ? 413u : MHD_HTTP_INTERNAL_SERVER_ERROR;
        set_deadline(s, cc, true);
        return reply(s, c, &resp);
    }
    set_deadline(s, cc, false);   /* the whole request is in */
    atomic_store(&handling, true);
    (void)mofsrv_process(&s->h, cc ? cc->dec : NULL, &hd, rc->body.data, rc->body.len, &resp);
    atomic_store(&handling, false);
    set_deadline(s, cc, true);    /* now for sending the answer */
    return reply(s, c, &resp);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    req_ctx *rc = *con_cls;
    if (rc) {
        mofrt_buf_free(&rc->body);
        free(rc);
        *con_cls = NULL;
    }
    set_deadline(cls, conn_of(c), true);   /* for the next request (keep-alive) */
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    mofsrv_http *s = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        conn_ctx *cc = calloc(1, sizeof *cc);
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (!cc)
            return;   /* no deadline, no decoder: mofsrv_process answers 500 */
        cc->dec = mofrt_decoder_new();
        cc->fd = ci ? ci->connect_fd : -1;
        pthread_mutex_lock(&s->mu);
        cc->deadline_ms = mono_ms() + (uint64_t)s->cfg.request_timeout_s * 1000u;
        cc->next = s->conns;
        if (s->conns)
            s->conns->prev = cc;
        s->conns = cc;
        pthread_mutex_unlock(&s->mu);
        *socket_context = cc;
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
        conn_ctx *cc = *socket_context;
        if (!cc)
            return;
        pthread_mutex_lock(&s->mu);
        if (cc->prev)
            cc->prev->next = cc->next;
        else
            s->conns = cc->next;
        if (cc->next)
            cc->next->prev = cc->prev;
        pthread_mutex_unlock(&s->mu);
        mofrt_decoder_free(cc->dec);
        free(cc);
        *socket_context = NULL;
    }
}

/* ---- start / stop --------------------------------------------------------- */
static bool is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const void *)sa;
        return memcmp(&s6->sin6_addr, &in6addr_loopback, sizeof in6addr_loopback) == 0;
    }
    return false;
}

/* "A.B.C.D:PORT" or "[V6]:PORT", strictly: inet_pton(3) forms only (no
 * "127.1", no names) and a decimal port of at most 65535, so a typo never
 * serves on another address or port (getaddrinfo took 99999 as 34463). */
int mofsrv_listen_parse(const char *l, struct sockaddr_storage *ss, mofrt_error *err)
{
    const char *colon = strrchr(l, ':');
    char host[INET6_ADDRSTRLEN + 2];
    size_t hl = colon ? (size_t)(colon - l) : 0;
    bool v6 = hl >= 2 && l[0] == '[' && l[hl - 1] == ']';
    if (!colon || hl == 0 || hl >= sizeof host)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                               "--listen wants HOST:PORT or [V6]:PORT, not '%.100s'", l);
    memcpy(host, l + v6, hl - 2 * v6);
    host[hl - 2 * v6] = '\0';
    const char *p = colon + 1;
    unsigned long port = 0;
    size_t nd = strspn(p, "0123456789");
    if (nd == 0 || p[nd] || nd > 5 || (port = strtoul(p, NULL, 10)) > 65535)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                               "--listen '%.100s': port '%.20s' is not a number from 0 to 65535", l, p);
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *s4 = (struct sockaddr_in *)(void *)ss;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(void *)ss;
    if (!v6 && inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons((uint16_t)port);
    } else if (v6 && inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)port);
    } else {
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                               "--listen '%.100s': '%s' is not an IPv4 address (A.B.C.D) or an IPv6 "
                               "address in brackets", l, host);
    }
    return 0;
}

static void stop_reaper(mofsrv_http *s)
{
    pthread_mutex_lock(&s->mu);
    s->stop = true;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->reaper, NULL);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    free(s);
}

/* The default pool: a thread per online CPU, so that every CPU can
 * serve, and at least MOFSRV_THREADS_MIN, so that a few provider calls
 * that wait do not hold up every connection (mofsrv.h). */
static unsigned pool_size(unsigned threads)
{
    if (threads)
        return threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > (long)MOFSRV_THREADS_MIN ? (n > 1024 ? 1024u : (unsigned)n) : MOFSRV_THREADS_MIN;
}

mofsrv_http *mofsrv_http_start(const mofsrv_http_cfg *cfg, mofsrv *srv, mofrt_error *err)
{
    const char *l = cfg->listen;
    struct sockaddr_storage ss;
    if (mofsrv_listen_parse(l, &ss, err) < 0)
        return NULL;
    const struct sockaddr *sa = (const struct sockaddr *)&ss;
    if (!is_loopback(sa) && !cfg->auth) {
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                        "listening on %.100s (not loopback) requires --auth FILE", l);
        return NULL;
    }
    mofsrv_http *s = calloc(1, sizeof *s);
    if (s && (pthread_mutex_init(&s->mu, NULL) != 0 || pthread_cond_init(&s->cv, NULL) != 0 ||
              pthread_create(&s->reaper, NULL, reaper, s) != 0)) {
        free(s);   /* (a failed init leaves nothing to destroy on Linux) */
        s = NULL;
    }
    if (!s) {
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        return NULL;
    }
    s->cfg = *cfg;
    s->h.auth = cfg->auth;
    s->h.max_body = cfg->max_body;
    s->h.s = srv;
    s->h.stream = true;
    bool tls = cfg->cert_pem && cfg->key_pem;
    if (tls && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
        stop_reaper(s);
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "this libmicrohttpd has no TLS support");
        return NULL;
    }
    /* libmicrohttpd zeroes a connection's memory pool for each request:
     * at the default 32 KiB that memset was a third of a GetInstance's
     * instructions (callgrind: 152k -> 116k per request at 8 KiB). The
     * pool holds headers and the read and write buffers; bodies reach
     * on_request in pieces and long answers stream from a callback. */
    enum { MOFSRV_CONN_POOL = 8192 };
    /* A pool of epoll threads by default: GetInstance costs about 2/3 of
     * the server CPU of a thread per connection (no poll and wake-up of a
     * connection's thread per request; docs/server.md, Performance). */
    bool per_conn = cfg->threads == MOFSRV_THREADS_PER_CONNECTION;
    unsigned flags = (per_conn ? MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD
                               : MHD_USE_EPOLL_INTERNAL_THREAD) |
                     (sa->sa_family == AF_INET6 ? MHD_USE_IPv6 : 0) | (tls ? MHD_USE_TLS : 0);
    /* the TLS options are given empty when there is no TLS: libmicrohttpd
     * reads its options until MHD_OPTION_END, so they must come last */
    s->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
                            MHD_OPTION_SOCK_ADDR, sa,
                            MHD_OPTION_THREAD_POOL_SIZE, per_conn ? 0u : pool_size(cfg->threads),
                            MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
                            MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s,
                            MHD_OPTION_CONNECTION_LIMIT, cfg->max_conns,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)MOFSRV_CONN_POOL,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
                            MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
                            tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cfg->cert_pem,
                            MHD_OPTION_HTTPS_MEM_KEY, cfg->key_pem,
                            MHD_OPTION_HTTPS_PRIORITIES, cfg->tls_priority ? cfg->tls_priority : MOFSRV_TLS_PRIORITY,
                            MHD_OPTION_END);
    if (!s->d) {
        stop_reaper(s);
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot listen on %.100s%s", l,
                        tls ? " (or the TLS certificate, key or priority string are not usable)" : "");
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : 0;
    return s;
}

unsigned mofsrv_http_port(const mofsrv_http *s)
{
    return s->port;
}

void mofsrv_http_stop(mofsrv_http *s)
{
    if (!s)
        return;
    MHD_stop_daemon(s->d);   /* every connection is closed (NOTIFY_CLOSED) */
    stop_reaper(s);
}
