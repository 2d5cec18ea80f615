/* libmofsrv: mofsrv_listen — one listening address with its credentials
 * and TLS key pair (see mofsrv.h). */
#include "server/mofsrv_host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/mofsrv_http.h"

/* A PEM file as text (malloc'd), at most 1 MiB. */
static char *read_pem(const char *path, mofrt_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot open %.200s", path);
        return NULL;
    }
    mofrt_buf b = MOFRT_BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (1u << 20))
        mofrt_buf_put(&b, chunk, n);
    bool bad = ferror(f) || b.failed || b.len >= (1u << 20) || b.len == 0;
    fclose(f);
    if (bad) {
        mofrt_buf_free(&b);
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot read %.200s (empty, unreadable or over 1 MiB)",
                        path);
        return NULL;
    }
    mofrt_buf_putc(&b, '\0');
    return mofrt_buf_take(&b);
}

int mofsrv_listen(mofsrv *s, const mofsrv_listen_cfg *cfg, mofrt_error *err)
{
    if (!s->started)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "mofsrv_listen before mofsrv_start");
    if (!cfg->cert_file != !cfg->key_file)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                               "TLS needs both a certificate and a key file");
    mofsrv_http **nl = realloc(s->listeners, (s->nlisteners + 1) * sizeof *nl);
    if (nl)
        s->listeners = nl;
    mofsrv_auth *na = nl ? realloc(s->auths, (s->nlisteners + 1) * sizeof *na) : NULL;
    if (na)
        s->auths = na;
    if (!nl || !na)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    mofsrv_auth *auth = &s->auths[s->nlisteners];
    memset(auth, 0, sizeof *auth);
    if (cfg->auth_file && mofsrv_auth_load(auth, cfg->auth_file, err) < 0)
        return -1;
    char *cert = NULL, *key = NULL;
    if (cfg->cert_file && (!(cert = read_pem(cfg->cert_file, err)) || !(key = read_pem(cfg->key_file, err)))) {
        free(cert);
        mofsrv_auth_free(auth);
        return -1;
    }
    mofsrv_http_cfg hc = { cfg->addr, cfg->auth_file ? auth : NULL, cfg->timeout_s ? cfg->timeout_s : 30,
                           cfg->request_timeout_s ? cfg->request_timeout_s : 60,
                           cfg->max_conns ? cfg->max_conns : 512,
                           cfg->max_body ? cfg->max_body : MOFRT_DEFAULT_MAX_INPUT, cert, key, cfg->threads,
                           cfg->tls_priority };
    mofsrv_http *h = mofsrv_http_start(&hc, s, err);
    /* libmicrohttpd keeps its own copy of the key pair once started */
    free(cert);
    if (key)
        memset(key, 0, strlen(key));
    free(key);
    if (!h) {
        mofsrv_auth_free(auth);
        return -1;
    }
    s->listeners[s->nlisteners++] = h;
    return (int)(s->nlisteners - 1);
}

unsigned mofsrv_port(const mofsrv *s, size_t i)
{
    return i < s->nlisteners ? mofsrv_http_port(s->listeners[i]) : 0;
}
