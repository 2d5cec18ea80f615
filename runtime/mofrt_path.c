/* Object path model: construction, copying, key lookup, comparison. */
#include "runtime/mofrt_path.h"
#include "runtime/mofrt_str.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int nomem(mofrt_error *err)
{
    return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
}

mofrt_path *mofrt_path_new(const char *host, const char *ns, const char *class_name)
{
    mofrt_path *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->host = mofrt_strdup(host);
    p->ns = mofrt_strdup(ns);
    p->class_name = mofrt_strdup(class_name ? class_name : "");
    if ((host && !p->host) || (ns && !p->ns) || !p->class_name) {
        mofrt_path_free(p);
        return NULL;
    }
    return p;
}

void mofrt_path_free(mofrt_path *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->count; i++) {
        free(p->keys[i].name);
        mofrt_value_clear(&p->keys[i].value);
    }
    free(p->keys);
    free(p->host);
    free(p->ns);
    free(p->class_name);
    free(p);
}

int mofrt_path_set_ns(mofrt_path *p, const char *host, const char *ns, mofrt_error *err)
{
    char *h = mofrt_strdup(host), *n = mofrt_strdup(ns);
    if ((host && !h) || (ns && !n)) {
        free(h);
        free(n);
        return nomem(err);
    }
    free(p->host);
    free(p->ns);
    p->host = h;
    p->ns = n;
    return 0;
}

mofrt_path *mofrt_path_copy(const mofrt_path *p)
{
    if (!p)
        return NULL;
    mofrt_path *c = mofrt_path_new(p->host, p->ns, p->class_name);
    if (!c)
        return NULL;
    for (size_t i = 0; i < p->count; i++) {
        mofrt_value v;
        if (mofrt_value_copy(&v, &p->keys[i].value, NULL) < 0 ||
            mofrt_path_add_key(c, p->keys[i].name, &v, NULL) < 0) {
            mofrt_path_free(c);
            return NULL;
        }
    }
    return c;
}

static mofrt_key *find_key(const mofrt_path *p, const char *name)
{
    for (size_t i = 0; i < p->count; i++)
        if (mofrt_name_eq(p->keys[i].name, name))
            return &p->keys[i];
    return NULL;
}

const mofrt_value *mofrt_path_get_key(const mofrt_path *p, const char *name)
{
    if (!p || !name)
        return NULL;
    mofrt_key *k = find_key(p, name);
    return k ? &k->value : NULL;
}

int mofrt_path_add_key(mofrt_path *p, const char *name, mofrt_value *v, mofrt_error *err)
{
    mofrt_key *k = find_key(p, name);
    if (k) {
        mofrt_value_move(&k->value, v);
        return 0;
    }
    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 4;
        mofrt_key *nk = realloc(p->keys, cap * sizeof *nk);
        if (!nk)
            goto oom;
        p->keys = nk;
        p->cap = cap;
    }
    char *n = mofrt_strdup(name);
    if (!n)
        goto oom;
    k = &p->keys[p->count++];
    k->name = n;
    k->value = *v;
    mofrt_value z = MOFRT_VALUE_INIT;
    *v = z;
    return 0;
oom:
    mofrt_value_clear(v);
    return nomem(err);
}

int mofrt_path_add_key_string(mofrt_path *p, const char *name, const char *s, mofrt_error *err)
{
    mofrt_value v;
    if (mofrt_value_string(&v, s ? s : "", err) < 0)
        return -1;
    return mofrt_path_add_key(p, name, &v, err);
}

/* ---- comparison ---------------------------------------------------------- */

static bool ns_equal(const char *a, const char *b)
{
    if (!a || !b)
        return true;   /* compared only when both are known */
    while (*a == '/' || *a == '\\')
        a++;
    while (*b == '/' || *b == '\\')
        b++;
    for (;; a++, b++) {
        char x = *a == '\\' ? '/' : *a, y = *b == '\\' ? '/' : *b;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (char)(y + 32);
        if (x != y)
            return false;
        if (!x)
            return true;
    }
}

enum kind { K_TEXT, K_NUM, K_BOOL, K_REF, K_OTHER };

static enum kind kind_of(const mofrt_value *v)
{
    if (v->type == MOFRT_T_REFERENCE)
        return K_REF;
    if (v->type == MOFRT_T_BOOLEAN)
        return K_BOOL;
    if (mofrt_type_is_integer(v->type) || mofrt_type_is_real(v->type))
        return K_NUM;
    if (v->type == MOFRT_T_STRING || v->type == MOFRT_T_DATETIME || v->type == MOFRT_T_CHAR16)
        return K_TEXT;
    return K_OTHER;
}

static bool num_equal(const mofrt_value *a, const mofrt_value *b)
{
    bool ar = mofrt_type_is_real(a->type), br = mofrt_type_is_real(b->type);
    if (ar || br) {
        double x = ar ? a->v.r : mofrt_type_is_signed(a->type) ? (double)a->v.i : (double)a->v.u;
        double y = br ? b->v.r : mofrt_type_is_signed(b->type) ? (double)b->v.i : (double)b->v.u;
        return x == y || (isnan(x) && isnan(y));   /* a NaN key equals itself */
    }
    bool aneg = mofrt_type_is_signed(a->type) && a->v.i < 0;
    bool bneg = mofrt_type_is_signed(b->type) && b->v.i < 0;
    if (aneg != bneg)
        return false;
    if (aneg)
        return a->v.i == b->v.i;
    uint64_t x = mofrt_type_is_signed(a->type) ? (uint64_t)a->v.i : a->v.u;
    uint64_t y = mofrt_type_is_signed(b->type) ? (uint64_t)b->v.i : b->v.u;
    return x == y;
}

static bool text_equal(const mofrt_value *a, const mofrt_value *b)
{
    mofrt_buf x = MOFRT_BUF_INIT, y = MOFRT_BUF_INIT;
    bool eq = mofrt_value_print(a, &x, NULL) == 0 && mofrt_value_print(b, &y, NULL) == 0 &&
              x.len == y.len && memcmp(x.data ? x.data : "", y.data ? y.data : "", x.len) == 0;
    mofrt_buf_free(&x);
    mofrt_buf_free(&y);
    return eq;
}

static bool ref_text_equal(const mofrt_path *ref, const mofrt_value *text)
{
    if (text->type != MOFRT_T_STRING || !text->v.s)
        return false;
    mofrt_path *p = NULL;
    if (mofrt_path_parse(text->v.s, &p, NULL) < 0)
        return false;
    bool eq = mofrt_path_equal(ref, p);
    mofrt_path_free(p);
    return eq;
}

static bool key_value_equal(const mofrt_value *a, const mofrt_value *b)
{
    if (a->is_null || b->is_null || a->is_array || b->is_array)
        return a->is_null == b->is_null && mofrt_value_equal(a, b);
    enum kind ka = kind_of(a), kb = kind_of(b);
    if (ka == K_REF && kb == K_REF)
        return mofrt_path_equal(a->v.ref, b->v.ref);
    if (ka == K_REF && kb == K_TEXT)
        return ref_text_equal(a->v.ref, b);
    if (kb == K_REF && ka == K_TEXT)
        return ref_text_equal(b->v.ref, a);
    if (ka != kb)
        return false;
    switch (ka) {
    case K_NUM: return num_equal(a, b);
    case K_BOOL: return a->v.b == b->v.b;
    case K_TEXT: return text_equal(a, b);
    default: return mofrt_value_equal(a, b);
    }
}

bool mofrt_path_equal(const mofrt_path *a, const mofrt_path *b)
{
    if (!a || !b)
        return a == b;
    if (!mofrt_name_eq(a->class_name, b->class_name) || a->count != b->count)
        return false;
    if (a->host && b->host && mofrt_name_cmp(a->host, b->host) != 0)
        return false;
    if (!ns_equal(a->ns, b->ns))
        return false;
    for (size_t i = 0; i < a->count; i++) {
        const mofrt_value *o = mofrt_path_get_key(b, a->keys[i].name);
        if (!o || !key_value_equal(&a->keys[i].value, o))
            return false;
    }
    return true;
}
