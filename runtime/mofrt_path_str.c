/* The string form of object paths: //host/ns:Class.Key="v",Key2=3 */
#include "runtime/mofrt_path.h"
#include "runtime/mofrt_str.h"

#include <stdlib.h>
#include <string.h>

static int syntax(mofrt_error *err, const char *what, const char *s)
{
    return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_SYNTAX,
                           "object path '%.80s': %s", s, what);
}

static bool name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '_' || (unsigned char)c >= 0x80;
}

/* Unquoted key value: boolean or number. */
static int parse_bare(const char *tok, mofrt_value *out, mofrt_error *err)
{
    if (mofrt_name_eq(tok, "true") || mofrt_name_eq(tok, "false")) {
        *out = mofrt_value_bool(mofrt_name_eq(tok, "true"));
        return 0;
    }
    if (tok[0] == '-' && mofrt_parse_sint(tok, MOFRT_T_SINT64, &out->v.i, NULL) == 0) {
        *out = mofrt_value_sint(MOFRT_T_SINT64, out->v.i);
        return 0;
    }
    uint64_t u;
    if (mofrt_parse_uint(tok, MOFRT_T_UINT64, &u, NULL) == 0) {
        *out = mofrt_value_uint(MOFRT_T_UINT64, u);
        return 0;
    }
    double r;
    if (mofrt_parse_real(tok, MOFRT_T_REAL64, &r, NULL) == 0) {
        *out = mofrt_value_real(MOFRT_T_REAL64, r);
        return 0;
    }
    return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_SYNTAX,
                           "key value '%.40s' is neither quoted, boolean nor a number", tok);
}

int mofrt_path_parse(const char *s, mofrt_path **out, mofrt_error *err)
{
    *out = NULL;
    if (!s)
        return syntax(err, "empty", "");
    const char *p = s;
    char *host = NULL, *ns = NULL, *cls = NULL, *tmp = NULL;
    mofrt_path *path = NULL;

    if (p[0] == '/' && p[1] == '/') {
        const char *h = p + 2, *e = strchr(h, '/');
        if (!e || e == h) {
            syntax(err, "host must be followed by /namespace:", s);
            goto fail;
        }
        host = mofrt_strndup(h, (size_t)(e - h));
        if (!host)
            goto oom;
        p = e + 1;
    }
    /* A namespace ends at the first ':' met before the class's '.' or '='. */
    for (const char *q = p; *q && *q != '.' && *q != '=' && *q != '"'; q++) {
        if (*q == ':') {
            const char *n = p;
            while (*n == '/')
                n++;
            if (q == n) {
                syntax(err, "empty namespace", s);
                goto fail;
            }
            ns = mofrt_strndup(n, (size_t)(q - n));
            if (!ns)
                goto oom;
            p = q + 1;
            break;
        }
    }
    if (host && !ns) {
        syntax(err, "a path with a host needs a namespace", s);
        goto fail;
    }
    const char *c = p;
    while (name_char(*p))
        p++;
    if (p == c) {
        syntax(err, "missing class name", s);
        goto fail;
    }
    cls = mofrt_strndup(c, (size_t)(p - c));
    path = cls ? mofrt_path_new(host, ns, cls) : NULL;
    if (!path)
        goto oom;
    if (p[0] == '=' && p[1] == '@' && p[2] == '\0')
        goto done;   /* keyless singleton */
    if (*p == '\0')
        goto done;   /* class path */
    if (*p != '.') {
        syntax(err, "expected '.' after the class name", s);
        goto fail;
    }
    p++;
    for (;;) {
        const char *k = p;
        while (name_char(*p))
            p++;
        if (p == k || *p != '=') {
            syntax(err, "expected Key=value", s);
            goto fail;
        }
        char *kname = mofrt_strndup(k, (size_t)(p - k));
        if (!kname)
            goto oom;
        p++;
        mofrt_value v = MOFRT_VALUE_INIT;
        if (*p == '"') {
            p++;
            size_t cap = strlen(p) + 1, n = 0;
            tmp = malloc(cap);
            if (!tmp) {
                free(kname);
                goto oom;
            }
            while (*p && *p != '"') {
                if (*p == '\\') {
                    if (p[1] != '"' && p[1] != '\\') {
                        free(kname);
                        syntax(err, "only \\\" and \\\\ escapes are allowed in quoted values", s);
                        goto fail;
                    }
                    p++;
                }
                tmp[n++] = *p++;
            }
            if (*p != '"') {
                free(kname);
                syntax(err, "unterminated quoted value", s);
                goto fail;
            }
            p++;
            tmp[n] = '\0';
            v = mofrt_value_string_take(tmp);
            tmp = NULL;
        } else {
            const char *t = p;
            while (*p && *p != ',')
                p++;
            char *tok = mofrt_strndup(t, (size_t)(p - t));
            if (!tok) {
                free(kname);
                goto oom;
            }
            int rc = parse_bare(tok, &v, err);
            free(tok);
            if (rc < 0) {
                free(kname);
                goto fail;
            }
        }
        int rc = mofrt_path_add_key(path, kname, &v, err);
        free(kname);
        if (rc < 0)
            goto fail;
        if (*p == '\0')
            break;
        if (*p != ',') {
            syntax(err, "expected ',' between key bindings", s);
            goto fail;
        }
        p++;
    }
done:
    free(host);
    free(ns);
    free(cls);
    *out = path;
    return 0;
oom:
    mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
fail:
    free(tmp);
    free(host);
    free(ns);
    free(cls);
    mofrt_path_free(path);
    return -1;
}

static void put_quoted(mofrt_buf *out, const char *s, size_t n)
{
    mofrt_buf_putc(out, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"' || s[i] == '\\') {
            mofrt_buf_put(out, s + run, i - run);
            mofrt_buf_putc(out, '\\');
            run = i;
        }
    }
    mofrt_buf_put(out, s + run, n - run);
    mofrt_buf_putc(out, '"');
}

int mofrt_path_print(const mofrt_path *p, mofrt_buf *out, mofrt_error *err)
{
    if (!p)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "NULL path");
    if (p->host && p->ns) {
        mofrt_buf_puts(out, "//");
        mofrt_buf_puts(out, p->host);
        mofrt_buf_putc(out, '/');
    }
    if (p->ns) {
        mofrt_buf_puts(out, p->ns);
        mofrt_buf_putc(out, ':');
    }
    mofrt_buf_puts(out, p->class_name);
    for (size_t i = 0; i < p->count; i++) {
        const mofrt_value *v = &p->keys[i].value;
        mofrt_buf_putc(out, i ? ',' : '.');
        mofrt_buf_puts(out, p->keys[i].name);
        mofrt_buf_putc(out, '=');
        bool bare = !v->untyped && (v->type == MOFRT_T_BOOLEAN || mofrt_type_is_integer(v->type) ||
                                    mofrt_type_is_real(v->type));
        if (bare) {
            if (mofrt_value_print(v, out, err) < 0)
                return -1;
            continue;
        }
        mofrt_buf text = MOFRT_BUF_INIT;
        if (mofrt_value_print(v, &text, err) < 0) {
            mofrt_buf_free(&text);
            return -1;
        }
        put_quoted(out, text.data ? text.data : "", text.len);
        mofrt_buf_free(&text);
    }
    if (out->failed)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    return 0;
}

char *mofrt_path_to_string(const mofrt_path *p)
{
    mofrt_buf b = MOFRT_BUF_INIT;
    if (mofrt_path_print(p, &b, NULL) < 0) {
        mofrt_buf_free(&b);
        return NULL;
    }
    return mofrt_buf_take(&b);
}
