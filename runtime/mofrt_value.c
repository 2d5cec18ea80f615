/* mofrt_value lifecycle, constructors, text parse/print, conversion of
 * untyped CIM-XML text to a declared type, and equality. */
#include "runtime/mofrt_value.h"
#include "runtime/mofrt_path.h"
#include "runtime/mofrt_str.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void scalar_clear(mofrt_value *v)
{
    if (v->is_null)
        return;
    switch (v->type) {
    case MOFRT_T_STRING:
        free(v->v.s);
        break;
    case MOFRT_T_REFERENCE:
        mofrt_path_free(v->v.ref);
        break;
    case MOFRT_T_INSTANCE:
        mofrt_instance_free(v->v.emb.inst);
        free(v->v.emb.text);
        break;
    default:
        break;
    }
}

void mofrt_value_clear(mofrt_value *v)
{
    if (!v)
        return;
    if (v->is_array && !v->is_null) {
        for (size_t i = 0; i < v->v.arr.count; i++)
            mofrt_value_clear(&v->v.arr.items[i]);
        free(v->v.arr.items);
    } else if (!v->is_array) {
        scalar_clear(v);
    }
    mofrt_value z = MOFRT_VALUE_INIT;
    *v = z;
}

void mofrt_value_move(mofrt_value *dst, mofrt_value *src)
{
    mofrt_value_clear(dst);
    *dst = *src;
    mofrt_value z = MOFRT_VALUE_INIT;
    *src = z;
}

static int nomem(mofrt_error *err)
{
    return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
}

int mofrt_value_copy(mofrt_value *dst, const mofrt_value *src, mofrt_error *err)
{
    *dst = *src;
    if (src->is_null)
        return 0;
    if (src->is_array) {
        dst->v.arr.items = NULL;
        dst->v.arr.count = 0;
        if (src->v.arr.count == 0)
            return 0;
        dst->v.arr.items = calloc(src->v.arr.count, sizeof *dst->v.arr.items);
        if (!dst->v.arr.items)
            return nomem(err);
        for (size_t i = 0; i < src->v.arr.count; i++) {
            if (mofrt_value_copy(&dst->v.arr.items[i], &src->v.arr.items[i], err) < 0) {
                mofrt_value_clear(dst);
                return -1;
            }
            dst->v.arr.count = i + 1;
        }
        return 0;
    }
    switch (src->type) {
    case MOFRT_T_STRING:
        dst->v.s = mofrt_strdup(src->v.s);
        if (src->v.s && !dst->v.s)
            goto oom;
        break;
    case MOFRT_T_REFERENCE:
        dst->v.ref = mofrt_path_copy(src->v.ref);
        if (src->v.ref && !dst->v.ref)
            goto oom;
        break;
    case MOFRT_T_INSTANCE:
        dst->v.emb.inst = mofrt_instance_copy(src->v.emb.inst);
        dst->v.emb.text = mofrt_strdup(src->v.emb.text);
        if ((src->v.emb.inst && !dst->v.emb.inst) || (src->v.emb.text && !dst->v.emb.text))
            goto oom;
        break;
    default:
        break;
    }
    return 0;
oom:
    mofrt_value_clear(dst);
    return nomem(err);
}

mofrt_value mofrt_value_null(mofrt_type t)
{
    mofrt_value v = MOFRT_VALUE_INIT;
    v.type = t;
    v.is_null = true;
    return v;
}

mofrt_value mofrt_value_bool(bool b)
{
    mofrt_value v = MOFRT_VALUE_INIT;
    v.type = MOFRT_T_BOOLEAN;
    v.v.b = b;
    return v;
}

mofrt_value mofrt_value_uint(mofrt_type t, uint64_t u)
{
    mofrt_value v = MOFRT_VALUE_INIT;
    v.type = t;
    v.v.u = u;
    return v;
}

mofrt_value mofrt_value_sint(mofrt_type t, int64_t i)
{
    mofrt_value v = MOFRT_VALUE_INIT;
    v.type = t;
    v.v.i = i;
    return v;
}

mofrt_value mofrt_value_real(mofrt_type t, double r)
{
    mofrt_value v = MOFRT_VALUE_INIT;
    v.type = t;
    v.v.r = t == MOFRT_T_REAL32 ? (double)(float)r : r;
    return v;
}

mofrt_value mofrt_value_char16(uint16_t c)
{
    mofrt_value v = MOFRT_VALUE_INIT;
    v.type = MOFRT_T_CHAR16;
    v.v.c16 = c;
    return v;
}

mofrt_value mofrt_value_datetime(const mofrt_datetime *dt)
{
    mofrt_value v = MOFRT_VALUE_INIT;
    v.type = MOFRT_T_DATETIME;
    v.v.dt = *dt;
    return v;
}

mofrt_value mofrt_value_string_take(char *s)
{
    mofrt_value v = MOFRT_VALUE_INIT;
    v.type = MOFRT_T_STRING;
    v.is_null = (s == NULL);
    v.v.s = s;
    return v;
}

int mofrt_value_string(mofrt_value *out, const char *s, mofrt_error *err)
{
    char *d = mofrt_strdup(s);
    if (s && !d)
        return nomem(err);
    *out = mofrt_value_string_take(d);
    return 0;
}

mofrt_value mofrt_value_ref_take(mofrt_path *p)
{
    mofrt_value v = MOFRT_VALUE_INIT;
    v.type = MOFRT_T_REFERENCE;
    v.is_null = (p == NULL);
    v.v.ref = p;
    return v;
}

mofrt_value mofrt_value_instance_take(mofrt_instance *inst)
{
    mofrt_value v = MOFRT_VALUE_INIT;
    v.type = MOFRT_T_INSTANCE;
    v.is_null = (inst == NULL);
    v.v.emb.inst = inst;
    return v;
}

int mofrt_value_array(mofrt_value *out, mofrt_type t, size_t count, mofrt_error *err)
{
    /* Not MOFRT_VALUE_INIT: it sets only the union's first 8 bytes, and an
     * empty array must have items == NULL (value_clear frees it). */
    mofrt_value v;
    memset(&v, 0, sizeof v);
    v.type = t;
    v.is_array = true;
    if (count) {
        v.v.arr.items = calloc(count, sizeof *v.v.arr.items);
        if (!v.v.arr.items)
            return nomem(err);
        for (size_t i = 0; i < count; i++)
            v.v.arr.items[i] = mofrt_value_null(t);
    }
    v.v.arr.count = count;
    *out = v;
    return 0;
}

int mofrt_value_parse(mofrt_type t, const char *text, mofrt_value *out, mofrt_error *err)
{
    mofrt_value v = MOFRT_VALUE_INIT;
    v.type = t;
    if (!text)
        text = "";
    switch (t) {
    case MOFRT_T_BOOLEAN:
        if (mofrt_parse_bool(text, &v.v.b, err) < 0)
            return -1;
        break;
    case MOFRT_T_STRING:
        return mofrt_value_string(out, text, err);
    case MOFRT_T_CHAR16:
        if (mofrt_parse_char16(text, &v.v.c16, err) < 0)
            return -1;
        break;
    case MOFRT_T_DATETIME:
        if (mofrt_datetime_parse(text, &v.v.dt, err) < 0)
            return -1;
        break;
    case MOFRT_T_UINT8: case MOFRT_T_UINT16: case MOFRT_T_UINT32: case MOFRT_T_UINT64:
        if (mofrt_parse_uint(text, t, &v.v.u, err) < 0)
            return -1;
        break;
    case MOFRT_T_SINT8: case MOFRT_T_SINT16: case MOFRT_T_SINT32: case MOFRT_T_SINT64:
        if (mofrt_parse_sint(text, t, &v.v.i, err) < 0)
            return -1;
        break;
    case MOFRT_T_REAL32: case MOFRT_T_REAL64:
        if (mofrt_parse_real(text, t, &v.v.r, err) < 0)
            return -1;
        break;
    case MOFRT_T_REFERENCE:
        if (mofrt_path_parse(text, &v.v.ref, err) < 0)
            return -1;
        break;
    default:
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_USAGE,
                               "cannot parse a %s value from plain text",
                               t == MOFRT_T_INSTANCE ? "instance" : "typeless");
    }
    *out = v;
    return 0;
}

/* Shortest decimal that reads back to the same value. */
static void print_real(double r, bool single, mofrt_buf *out)
{
    if (isnan(r)) {
        mofrt_buf_puts(out, "NaN");
        return;
    }
    if (isinf(r)) {
        mofrt_buf_puts(out, r < 0 ? "-INF" : "INF");
        return;
    }
    char tmp[40];
    for (int prec = single ? 6 : 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, r);
        double back = strtod(tmp, NULL);
        if (single ? (float)back == (float)r : back == r)
            break;
    }
    mofrt_buf_puts(out, tmp);
}

static void put_utf8(mofrt_buf *out, uint32_t cp)
{
    char b[4];
    if (cp < 0x80) {
        b[0] = (char)cp;
        mofrt_buf_put(out, b, 1);
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        mofrt_buf_put(out, b, 2);
    } else {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        mofrt_buf_put(out, b, 3);
    }
}

int mofrt_value_print(const mofrt_value *v, mofrt_buf *out, mofrt_error *err)
{
    if (v->is_array || v->is_null)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                               "only a non-NULL scalar has a text form");
    char tmp[32];
    switch (v->type) {
    case MOFRT_T_BOOLEAN:
        mofrt_buf_puts(out, v->v.b ? "TRUE" : "FALSE");
        break;
    case MOFRT_T_STRING:
        mofrt_buf_puts(out, v->v.s ? v->v.s : "");
        break;
    case MOFRT_T_CHAR16:
        if (v->v.c16 == 0 || (v->v.c16 >= 0xD800 && v->v.c16 <= 0xDFFF))
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_RANGE,
                                   "char16 U+%04X has no text form", v->v.c16);
        put_utf8(out, v->v.c16);
        break;
    case MOFRT_T_DATETIME: {
        char dt[MOFRT_DATETIME_LEN + 1];
        if (!mofrt_datetime_valid(&v->v.dt))
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_RANGE, "invalid datetime");
        mofrt_datetime_print(&v->v.dt, dt);
        mofrt_buf_put(out, dt, MOFRT_DATETIME_LEN);
        break;
    }
    case MOFRT_T_UINT8: case MOFRT_T_UINT16: case MOFRT_T_UINT32: case MOFRT_T_UINT64: {
        int n = snprintf(tmp, sizeof tmp, "%" PRIu64, v->v.u);
        mofrt_buf_put(out, tmp, (size_t)n);
        break;
    }
    case MOFRT_T_SINT8: case MOFRT_T_SINT16: case MOFRT_T_SINT32: case MOFRT_T_SINT64: {
        int n = snprintf(tmp, sizeof tmp, "%" PRId64, v->v.i);
        mofrt_buf_put(out, tmp, (size_t)n);
        break;
    }
    case MOFRT_T_REAL32: case MOFRT_T_REAL64:
        print_real(v->v.r, v->type == MOFRT_T_REAL32, out);
        break;
    case MOFRT_T_REFERENCE:
        return mofrt_path_print(v->v.ref, out, err);
    default:
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                               "a %s value has no plain text form",
                               v->type == MOFRT_T_INSTANCE ? "instance" : "typeless");
    }
    if (out->failed)
        return nomem(err);
    return 0;
}

static int convert_scalar(const mofrt_value *in, mofrt_type t, mofrt_value *out, mofrt_error *err)
{
    if (in->is_null) {
        *out = mofrt_value_null(t);
        return 0;
    }
    if (in->untyped && t != MOFRT_T_STRING)
        return mofrt_value_parse(t, in->v.s, out, err);
    if (in->type != t)
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PARAM,
                               "expected a %s value, got %s", mofrt_type_name(t),
                               mofrt_type_name(in->type));
    if (mofrt_value_copy(out, in, err) < 0)
        return -1;
    out->untyped = false;
    return 0;
}

int mofrt_value_convert(const mofrt_value *in, mofrt_type t, bool array, mofrt_value *out,
                        mofrt_error *err)
{
    if (in->is_null) {
        *out = mofrt_value_null(t);
        out->is_array = array;
        return 0;
    }
    if (in->is_array != array)
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PARAM,
                               array ? "expected an array of %s" : "expected a single %s, got an array",
                               mofrt_type_name(t));
    if (!array)
        return convert_scalar(in, t, out, err);
    if (mofrt_value_array(out, t, in->v.arr.count, err) < 0)
        return -1;
    for (size_t i = 0; i < in->v.arr.count; i++) {
        if (convert_scalar(&in->v.arr.items[i], t, &out->v.arr.items[i], err) < 0) {
            char where[32];
            snprintf(where, sizeof where, "element %zu", i);
            mofrt_error_prefix(err, where);
            mofrt_value_clear(out);
            return -1;
        }
    }
    return 0;
}

static bool scalar_equal(const mofrt_value *a, const mofrt_value *b)
{
    if (a->is_null || b->is_null)
        return a->is_null && b->is_null;
    switch (a->type) {
    case MOFRT_T_BOOLEAN: return a->v.b == b->v.b;
    case MOFRT_T_STRING: return strcmp(a->v.s ? a->v.s : "", b->v.s ? b->v.s : "") == 0;
    case MOFRT_T_CHAR16: return a->v.c16 == b->v.c16;
    case MOFRT_T_DATETIME: {
        char x[MOFRT_DATETIME_LEN + 1], y[MOFRT_DATETIME_LEN + 1];
        mofrt_datetime_print(&a->v.dt, x);
        mofrt_datetime_print(&b->v.dt, y);
        return strcmp(x, y) == 0;
    }
    case MOFRT_T_REAL32: case MOFRT_T_REAL64:
        return (isnan(a->v.r) && isnan(b->v.r)) || a->v.r == b->v.r;
    case MOFRT_T_REFERENCE: return mofrt_path_equal(a->v.ref, b->v.ref);
    case MOFRT_T_INSTANCE: {
        const mofrt_instance *x = a->v.emb.inst, *y = b->v.emb.inst;
        if (!x || !y)
            return x == y;
        if (!mofrt_name_eq(x->class_name, y->class_name) || x->count != y->count)
            return false;
        for (size_t i = 0; i < x->count; i++) {
            const mofrt_value *o = mofrt_instance_get(y, x->props[i].name);
            if (!o || !mofrt_value_equal(&x->props[i].value, o))
                return false;
        }
        return true;
    }
    default:
        if (mofrt_type_is_unsigned(a->type))
            return a->v.u == b->v.u;
        if (mofrt_type_is_signed(a->type))
            return a->v.i == b->v.i;
        return true;
    }
}

bool mofrt_value_equal(const mofrt_value *a, const mofrt_value *b)
{
    if (!a || !b)
        return a == b;
    if (a->type != b->type || a->is_array != b->is_array || a->is_null != b->is_null)
        return false;
    if (a->is_null)
        return true;
    if (!a->is_array)
        return scalar_equal(a, b);
    if (a->v.arr.count != b->v.arr.count)
        return false;
    for (size_t i = 0; i < a->v.arr.count; i++)
        if (!scalar_equal(&a->v.arr.items[i], &b->v.arr.items[i]))
            return false;
    return true;
}
