/* libmofsrv: a set of object paths by their canonical text (see
 * mofsrv_pathset.h). */
#include "server/mofsrv_pathset.h"
#include "server/mofsrv_hash.h"

#include <stdlib.h>
#include <string.h>

#include "runtime/mofrt_str.h"

/* ---- the canonical text ---------------------------------------------------- */
static void put_uint(mofrt_buf *b, uint64_t u)
{
    char d[24];
    size_t n = 0;
    do {
        d[sizeof d - 1 - n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    mofrt_buf_put(b, d + sizeof d - n, n);
}

/* "<length>:<text>", lowercased when lower: no text can run into the next. */
static void put_text(mofrt_buf *b, const char *s, size_t n, bool lower)
{
    put_uint(b, n);
    mofrt_buf_putc(b, ':');
    size_t at = b->len;
    mofrt_buf_put(b, s, n);
    if (lower && !b->failed)
        for (char *c = b->data + at; c < b->data + b->len; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
}

/* A number as mofrt_path_equal compares numbers: an integer by sign and
 * magnitude whatever its width ("i-5;"), a real with an integral value
 * as that integer (7.0 equals 7), another real by its shortest exact
 * text, every NaN alike. */
static void put_number(mofrt_buf *b, const mofrt_value *v)
{
    bool neg;
    uint64_t mag;
    if (mofrt_type_is_real(v->type)) {
        double x = v->v.r;
        if (x != x) {   /* NaN (no libm: the library links without it) */
            mofrt_buf_puts(b, "rnan;");
            return;
        }
        if (!(x > -9.2e18 && x < 9.2e18) || (double)(int64_t)x != x) {
            mofrt_buf_printf(b, "r%.17g;", x);
            return;
        }
        neg = x < 0;
        mag = neg ? (uint64_t)-(int64_t)x : (uint64_t)(int64_t)x;
    } else if (mofrt_type_is_signed(v->type)) {
        neg = v->v.i < 0;
        mag = neg ? (uint64_t)(-(v->v.i + 1)) + 1 : (uint64_t)v->v.i;
    } else {
        neg = false;
        mag = v->v.u;
    }
    mofrt_buf_puts(b, neg && mag ? "i-" : "i");
    put_uint(b, mag);
    mofrt_buf_putc(b, ';');
}

static int canon(mofrt_buf *b, const mofrt_path *p, unsigned depth);

/* A key value, tagged with the kind mofrt_path_equal compares it as. */
static int put_value(mofrt_buf *b, const mofrt_value *v, unsigned depth)
{
    if (v->is_null) {
        mofrt_buf_putc(b, 'n');
        return 0;
    }
    if (!v->is_array && v->type == MOFRT_T_REFERENCE) {
        mofrt_buf_putc(b, 'p');
        return v->v.ref ? canon(b, v->v.ref, depth + 1) : -1;
    }
    if (!v->is_array && v->type == MOFRT_T_BOOLEAN) {
        mofrt_buf_puts(b, v->v.b ? "b1" : "b0");
        return 0;
    }
    if (!v->is_array && (mofrt_type_is_integer(v->type) || mofrt_type_is_real(v->type))) {
        put_number(b, v);
        return 0;
    }
    bool text = !v->is_array && (v->type == MOFRT_T_STRING || v->type == MOFRT_T_DATETIME ||
                                 v->type == MOFRT_T_CHAR16);
    if (text && v->type == MOFRT_T_STRING) {
        const char *s = v->v.s ? v->v.s : "";
        mofrt_buf_putc(b, 't');
        put_text(b, s, strlen(s), false);
        return 0;
    }
    /* a datetime or char16 by its text (as mofrt_path_equal compares
     * them), anything else (arrays, embedded objects) by its printed form */
    mofrt_buf t = MOFRT_BUF_INIT;
    int rc = mofrt_value_print(v, &t, NULL) == 0 && !t.failed ? 0 : -1;
    if (rc == 0) {
        mofrt_buf_putc(b, text ? 't' : 'o');
        put_text(b, t.data ? t.data : "", t.len, false);
    }
    mofrt_buf_free(&t);
    return rc;
}

static int by_name(const void *x, const void *y)
{
    const mofrt_key *a = *(const mofrt_key *const *)x, *b = *(const mofrt_key *const *)y;
    return mofrt_name_cmp(a->name, b->name);
}

static int canon(mofrt_buf *b, const mofrt_path *p, unsigned depth)
{
    if (depth > 8 || !p->class_name)
        return -1;
    put_text(b, p->class_name, strlen(p->class_name), true);
    mofrt_buf_putc(b, '#');
    put_uint(b, p->count);
    const mofrt_key *few[16];
    const mofrt_key **order = p->count <= 16 ? few : malloc(p->count * sizeof *order);
    if (!order) {
        b->failed = true;
        return -1;
    }
    for (size_t i = 0; i < p->count; i++)
        order[i] = &p->keys[i];
    if (p->count > 1)
        qsort(order, p->count, sizeof *order, by_name);
    int rc = 0;
    for (size_t i = 0; i < p->count && rc == 0; i++) {
        const char *name = order[i]->name ? order[i]->name : "";
        put_text(b, name, strlen(name), true);
        rc = put_value(b, &order[i]->value, depth);
    }
    if (order != few)
        free(order);
    return rc;
}

int mofsrv_path_canon(mofrt_buf *b, const mofrt_path *path)
{
    return path && canon(b, path, 0) == 0 && !b->failed ? 0 : -1;
}

/* ---- the set ----------------------------------------------------------------- */
static bool grow(mofsrv_pathset *s)
{
    size_t nc = s->cap ? s->cap * 2 : 64;
    mofsrv_pathset_slot *n = calloc(nc, sizeof *n);
    if (!n)
        return false;
    for (size_t i = 0; i < s->cap; i++) {
        if (!s->slots[i].len)
            continue;
        size_t j = (size_t)s->slots[i].hash & (nc - 1);
        while (n[j].len)
            j = (j + 1) & (nc - 1);
        n[j] = s->slots[i];
    }
    free(s->slots);
    s->slots = n;
    s->cap = nc;
    return true;
}

bool mofsrv_pathset_add(mofsrv_pathset *s, const mofrt_path *path, bool *added)
{
    *added = false;
    mofrt_buf_reset(&s->scratch);
    if (mofsrv_path_canon(&s->scratch, path) < 0) {
        if (s->scratch.failed)
            return false;
        *added = true;   /* cannot be compared: sent, not kept */
        return true;
    }
    if (2 * (s->count + 1) > s->cap && !grow(s))
        return false;
    const char *k = s->scratch.data;
    size_t n = s->scratch.len;   /* never 0: the class name's length comes first */
    uint64_t h = mofsrv_hash(k, n);
    size_t i = (size_t)h & (s->cap - 1);
    for (; s->slots[i].len; i = (i + 1) & (s->cap - 1))
        if (s->slots[i].hash == h && s->slots[i].len == n && memcmp(s->keys.data + s->slots[i].off, k, n) == 0)
            return true;
    size_t off = s->keys.len;
    mofrt_buf_put(&s->keys, k, n);
    if (s->keys.failed)
        return false;
    s->slots[i] = (mofsrv_pathset_slot){ h, off, n };
    s->count++;
    *added = true;
    return true;
}

void mofsrv_pathset_clear(mofsrv_pathset *s)
{
    free(s->slots);
    mofrt_buf_free(&s->keys);
    mofrt_buf_free(&s->scratch);
    s->slots = NULL;
    s->count = s->cap = 0;
}
