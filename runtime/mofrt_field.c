/* Typed fields of generated structs: conversion from and to generic values,
 * and release. The C element type T of each CIM type:
 *   boolean bool, string char *, char16 uint16_t, datetime mofrt_datetime,
 *   uintN uintN_t, sintN intN_t, real32 float, real64 double,
 *   reference mofrt_path *, embedded instance mofrt_emb. */
#include "runtime/mofrt_internal.h"
#include "runtime/mofrt_str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t mofrt_ctype_size(mofrt_type t)
{
    switch (t) {
    case MOFRT_T_BOOLEAN: return sizeof(bool);
    case MOFRT_T_STRING: return sizeof(char *);
    case MOFRT_T_CHAR16: return sizeof(uint16_t);
    case MOFRT_T_DATETIME: return sizeof(mofrt_datetime);
    case MOFRT_T_UINT8: return sizeof(uint8_t);
    case MOFRT_T_SINT8: return sizeof(int8_t);
    case MOFRT_T_UINT16: return sizeof(uint16_t);
    case MOFRT_T_SINT16: return sizeof(int16_t);
    case MOFRT_T_UINT32: return sizeof(uint32_t);
    case MOFRT_T_SINT32: return sizeof(int32_t);
    case MOFRT_T_UINT64: return sizeof(uint64_t);
    case MOFRT_T_SINT64: return sizeof(int64_t);
    case MOFRT_T_REAL32: return sizeof(float);
    case MOFRT_T_REAL64: return sizeof(double);
    case MOFRT_T_REFERENCE: return sizeof(mofrt_path *);
    case MOFRT_T_INSTANCE: return sizeof(mofrt_emb);
    default: return 0;
    }
}

/* Address of the `v` member of a scalar field of type t. Going through the
 * real field type keeps every access well-typed. */
static void *slot_of(mofrt_type t, void *field)
{
    switch (t) {
    case MOFRT_T_BOOLEAN: return &((mofrt_f_boolean *)field)->v;
    case MOFRT_T_STRING: return &((mofrt_f_string *)field)->v;
    case MOFRT_T_CHAR16: return &((mofrt_f_char16 *)field)->v;
    case MOFRT_T_DATETIME: return &((mofrt_f_datetime *)field)->v;
    case MOFRT_T_UINT8: return &((mofrt_f_uint8 *)field)->v;
    case MOFRT_T_SINT8: return &((mofrt_f_sint8 *)field)->v;
    case MOFRT_T_UINT16: return &((mofrt_f_uint16 *)field)->v;
    case MOFRT_T_SINT16: return &((mofrt_f_sint16 *)field)->v;
    case MOFRT_T_UINT32: return &((mofrt_f_uint32 *)field)->v;
    case MOFRT_T_SINT32: return &((mofrt_f_sint32 *)field)->v;
    case MOFRT_T_UINT64: return &((mofrt_f_uint64 *)field)->v;
    case MOFRT_T_SINT64: return &((mofrt_f_sint64 *)field)->v;
    case MOFRT_T_REAL32: return &((mofrt_f_real32 *)field)->v;
    case MOFRT_T_REAL64: return &((mofrt_f_real64 *)field)->v;
    case MOFRT_T_REFERENCE: return &((mofrt_f_ref *)field)->v;
    case MOFRT_T_INSTANCE: return &((mofrt_f_instance *)field)->v;
    default: return NULL;
    }
}

static size_t field_size(mofrt_type t, unsigned flags)
{
    if (flags & MOFRT_F_ARRAY)
        return sizeof(mofrt_f_array);
    switch (t) {
    case MOFRT_T_BOOLEAN: return sizeof(mofrt_f_boolean);
    case MOFRT_T_STRING: return sizeof(mofrt_f_string);
    case MOFRT_T_CHAR16: return sizeof(mofrt_f_char16);
    case MOFRT_T_DATETIME: return sizeof(mofrt_f_datetime);
    case MOFRT_T_UINT8: return sizeof(mofrt_f_uint8);
    case MOFRT_T_SINT8: return sizeof(mofrt_f_sint8);
    case MOFRT_T_UINT16: return sizeof(mofrt_f_uint16);
    case MOFRT_T_SINT16: return sizeof(mofrt_f_sint16);
    case MOFRT_T_UINT32: return sizeof(mofrt_f_uint32);
    case MOFRT_T_SINT32: return sizeof(mofrt_f_sint32);
    case MOFRT_T_UINT64: return sizeof(mofrt_f_uint64);
    case MOFRT_T_SINT64: return sizeof(mofrt_f_sint64);
    case MOFRT_T_REAL32: return sizeof(mofrt_f_real32);
    case MOFRT_T_REAL64: return sizeof(mofrt_f_real64);
    case MOFRT_T_REFERENCE: return sizeof(mofrt_f_ref);
    case MOFRT_T_INSTANCE: return sizeof(mofrt_f_instance);
    default: return 0;
    }
}

static mofrt_state *state_of(mofrt_type t, unsigned flags, void *field)
{
    /* state is the first member of every field struct */
    if (flags & MOFRT_F_ARRAY)
        return &((mofrt_f_array *)field)->state;
    switch (t) {
    case MOFRT_T_BOOLEAN: return &((mofrt_f_boolean *)field)->state;
    case MOFRT_T_STRING: return &((mofrt_f_string *)field)->state;
    case MOFRT_T_CHAR16: return &((mofrt_f_char16 *)field)->state;
    case MOFRT_T_DATETIME: return &((mofrt_f_datetime *)field)->state;
    case MOFRT_T_UINT8: return &((mofrt_f_uint8 *)field)->state;
    case MOFRT_T_SINT8: return &((mofrt_f_sint8 *)field)->state;
    case MOFRT_T_UINT16: return &((mofrt_f_uint16 *)field)->state;
    case MOFRT_T_SINT16: return &((mofrt_f_sint16 *)field)->state;
    case MOFRT_T_UINT32: return &((mofrt_f_uint32 *)field)->state;
    case MOFRT_T_SINT32: return &((mofrt_f_sint32 *)field)->state;
    case MOFRT_T_UINT64: return &((mofrt_f_uint64 *)field)->state;
    case MOFRT_T_SINT64: return &((mofrt_f_sint64 *)field)->state;
    case MOFRT_T_REAL32: return &((mofrt_f_real32 *)field)->state;
    case MOFRT_T_REAL64: return &((mofrt_f_real64 *)field)->state;
    case MOFRT_T_REFERENCE: return &((mofrt_f_ref *)field)->state;
    case MOFRT_T_INSTANCE: return &((mofrt_f_instance *)field)->state;
    default: return NULL;
    }
}

mofrt_state mofrt__field_state(mofrt_type t, unsigned flags, const void *field)
{
    mofrt_state *s = state_of(t, flags, (void *)field);
    return s ? *s : MOFRT_ABSENT;
}

static void emb_clear(mofrt_emb *e)
{
    free(e->text);
    mofrt_instance_free(e->generic);
    if (e->typed && e->cls)
        mofrt_struct_free(e->cls, e->typed);
    else
        free(e->typed);
    memset(e, 0, sizeof *e);
}

static void slot_clear(mofrt_type t, void *slot)
{
    if (t == MOFRT_T_STRING) {
        char **s = slot;
        free(*s);
        *s = NULL;
    } else if (t == MOFRT_T_REFERENCE) {
        mofrt_path **p = slot;
        mofrt_path_free(*p);
        *p = NULL;
    } else if (t == MOFRT_T_INSTANCE) {
        emb_clear(slot);
    }
}

void mofrt_field_clear(mofrt_type t, unsigned flags, void *field)
{
    if (!field)
        return;
    if (flags & MOFRT_F_ARRAY) {
        mofrt_f_array *a = field;
        size_t sz = mofrt_ctype_size(t);
        if (a->items)
            for (size_t i = 0; i < a->count; i++)
                slot_clear(t, (char *)a->items + i * sz);
        free(a->items);
        free(a->nulls);
    } else if (slot_of(t, field)) {
        slot_clear(t, slot_of(t, field));
    }
    size_t n = field_size(t, flags);
    if (n)
        memset(field, 0, n);
}

static int param_err(mofrt_error *err, const char *fmt, const char *a, const char *b)
{
    return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PARAM, fmt, a, b);
}

/* Decode an embedded instance's text (and type it when the class is known). */
static int emb_from_text(const char *text, const mofrt_limits *lim,
                         mofrt_emb *e, mofrt_error *err)
{
    if (mofrt_xml_decode_instance(text, strlen(text), lim, 1, &e->generic, err) < 0) {
        if (err && err->kind != MOFRT_E_NOMEM && err->kind != MOFRT_E_LIMIT) {
            err->code = MOFRT_CIM_ERR_INVALID_PARAMETER;
            err->kind = MOFRT_E_PARAM;
        }
        mofrt_error_prefix(err, "malformed embedded instance");
        return -1;
    }
    return 0;
}

static int emb_from_value(const mofrt_value *v, const mofrt_class_desc *cls,
                          const mofrt_limits *lim, mofrt_emb *e, mofrt_error *err)
{
    memset(e, 0, sizeof *e);
    if (v->type == MOFRT_T_INSTANCE) {
        if (v->v.emb.inst && !(e->generic = mofrt_instance_copy(v->v.emb.inst)))
            goto oom;
        if (v->v.emb.text && !(e->text = mofrt_strdup(v->v.emb.text)))
            goto oom;
        if (!e->generic && e->text && emb_from_text(e->text, lim, e, err) < 0)
            goto fail;
    } else if (v->type == MOFRT_T_STRING) {
        if (!(e->text = mofrt_strdup(v->v.s ? v->v.s : "")))
            goto oom;
        if (emb_from_text(e->text, lim, e, err) < 0)
            goto fail;
    } else {
        param_err(err, "expected an embedded instance, got %s%s", mofrt_type_name(v->type), "");
        goto fail;
    }
    if (!e->generic) {
        param_err(err, "embedded instance without content%s%s", "", "");
        goto fail;
    }
    /* Typed view only for the declared class itself: libmofrt does not know
     * the class hierarchy, so subclasses stay generic. */
    if (cls && mofrt_name_eq(e->generic->class_name, cls->name)) {
        /* A property the class does not declare is a client error, not
         * something to drop silently. */
        bool oom;
        const char *unknown = mofrt__unknown_prop(cls, e->generic, &oom);
        if (oom)
            goto oom;
        if (unknown) {
            mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PARAM,
                            "embedded instance: class %.60s has no property '%.60s'", cls->name, unknown);
            goto fail;
        }
        e->typed = calloc(1, cls->size ? cls->size : 1);
        if (!e->typed)
            goto oom;
        e->cls = cls;
        if (mofrt_struct_from_instance(cls, e->generic, e->typed, lim, err) < 0) {
            mofrt_error_prefix(err, "embedded instance");
            goto fail;
        }
    }
    return 0;
oom:
    mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
fail:
    emb_clear(e);
    return -1;
}

/* One non-NULL scalar value into the slot of C type T. */
static int slot_from_value(mofrt_type t, const mofrt_class_desc *emb, const mofrt_value *v,
                           void *slot, const mofrt_limits *lim, mofrt_error *err)
{
    if (t == MOFRT_T_INSTANCE)
        return emb_from_value(v, emb, lim, slot, err);
    mofrt_value tmp = MOFRT_VALUE_INIT;
    const mofrt_value *src = v;
    if (v->untyped && t != MOFRT_T_STRING) {
        if (mofrt_value_parse(t, v->v.s, &tmp, err) < 0) {
            if (err && err->kind != MOFRT_E_NOMEM) {
                err->code = MOFRT_CIM_ERR_INVALID_PARAMETER;
                err->kind = MOFRT_E_PARAM;
            }
            return -1;
        }
        src = &tmp;
    } else if (t == MOFRT_T_STRING && v->type == MOFRT_T_INSTANCE) {
        /* EmbeddedObject on a parameter the schema declares as plain string:
         * hand the provider the XML text. */
        mofrt_buf b = MOFRT_BUF_INIT;
        if (v->v.emb.text)
            mofrt_buf_puts(&b, v->v.emb.text);
        else if (mofrt_xml_instance_text(v->v.emb.inst, &b, err) < 0)
            return -1;
        tmp = mofrt_value_string_take(mofrt_buf_take(&b));
        if (tmp.is_null)
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        src = &tmp;
    } else if (v->type != t) {
        return param_err(err, "expected a %s value, got %s", mofrt_type_name(t),
                         v->type == MOFRT_T_INSTANCE ? "an embedded instance" : mofrt_type_name(v->type));
    }
    int rc = 0;
    switch (t) {
    case MOFRT_T_BOOLEAN: *(bool *)slot = src->v.b; break;
    case MOFRT_T_CHAR16: *(uint16_t *)slot = src->v.c16; break;
    case MOFRT_T_DATETIME: *(mofrt_datetime *)slot = src->v.dt; break;
    case MOFRT_T_UINT8: *(uint8_t *)slot = (uint8_t)src->v.u; break;
    case MOFRT_T_SINT8: *(int8_t *)slot = (int8_t)src->v.i; break;
    case MOFRT_T_UINT16: *(uint16_t *)slot = (uint16_t)src->v.u; break;
    case MOFRT_T_SINT16: *(int16_t *)slot = (int16_t)src->v.i; break;
    case MOFRT_T_UINT32: *(uint32_t *)slot = (uint32_t)src->v.u; break;
    case MOFRT_T_SINT32: *(int32_t *)slot = (int32_t)src->v.i; break;
    case MOFRT_T_UINT64: *(uint64_t *)slot = src->v.u; break;
    case MOFRT_T_SINT64: *(int64_t *)slot = src->v.i; break;
    case MOFRT_T_REAL32: *(float *)slot = (float)src->v.r; break;
    case MOFRT_T_REAL64: *(double *)slot = src->v.r; break;
    case MOFRT_T_STRING:
        if (src == &tmp) {   /* take the converted string */
            *(char **)slot = tmp.v.s;
            tmp.v.s = NULL;
        } else if (!(*(char **)slot = mofrt_strdup(src->v.s ? src->v.s : ""))) {
            rc = mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        }
        break;
    case MOFRT_T_REFERENCE:
        if (src == &tmp) {
            *(mofrt_path **)slot = tmp.v.ref;
            tmp.v.ref = NULL;
        } else if (!(*(mofrt_path **)slot = mofrt_path_copy(src->v.ref))) {
            rc = mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        }
        break;
    default:
        rc = mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "bad descriptor type %d", (int)t);
    }
    mofrt_value_clear(&tmp);
    return rc;
}

int mofrt_field_from_value(mofrt_type t, unsigned flags, const mofrt_class_desc *embedded,
                           const mofrt_value *v, void *field, const mofrt_limits *lim,
                           mofrt_error *err)
{
    mofrt_state *st = state_of(t, flags, field);
    if (!st)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "bad descriptor type %d", (int)t);
    if (v->is_null) {
        *st = MOFRT_NULL;
        return 0;
    }
    bool array = (flags & MOFRT_F_ARRAY) != 0;
    if (v->is_array != array)
        return param_err(err, array ? "expected an array of %s%s" : "expected a single %s, got an array%s",
                         mofrt_type_name(t), "");
    if (!array) {
        if (slot_from_value(t, embedded, v, slot_of(t, field), lim, err) < 0)
            return -1;
        *st = MOFRT_SET;
        return 0;
    }
    mofrt_f_array *a = field;
    size_t n = v->v.arr.count, sz = mofrt_ctype_size(t);
    memset(a, 0, sizeof *a);
    if (n) {
        a->items = calloc(n, sz);
        if (!a->items)
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    }
    a->count = n;
    for (size_t i = 0; i < n; i++) {
        const mofrt_value *e = &v->v.arr.items[i];
        if (e->is_null) {
            if (!a->nulls && !(a->nulls = calloc(n, sizeof *a->nulls))) {
                mofrt_field_clear(t, flags, field);
                return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
            }
            a->nulls[i] = true;
            continue;
        }
        if (slot_from_value(t, embedded, e, (char *)a->items + i * sz, lim, err) < 0) {
            char where[32];
            snprintf(where, sizeof where, "element %zu", i);
            mofrt_error_prefix(err, where);
            mofrt_field_clear(t, flags, field);
            return -1;
        }
    }
    a->state = MOFRT_SET;
    return 0;
}

static int emb_to_value(const mofrt_emb *e, mofrt_value *out, mofrt_error *err)
{
    mofrt_instance *inst = NULL;
    if (e->typed && e->cls)
        inst = mofrt_struct_to_instance(e->cls, e->typed, err);
    else if (e->generic)
        inst = mofrt_instance_copy(e->generic);
    if ((e->typed && e->cls) || e->generic) {
        if (!inst)
            return err && err->kind != MOFRT_E_NONE ? -1
                   : mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        *out = mofrt_value_instance_take(inst);
        return 0;
    }
    /* text only: sent as it is */
    mofrt_value v = mofrt_value_instance_take(NULL);
    v.is_null = false;
    if (!(v.v.emb.text = mofrt_strdup(e->text ? e->text : "")))
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    *out = v;
    return 0;
}

static int slot_to_value(mofrt_type t, const void *slot, mofrt_value *out, mofrt_error *err)
{
    switch (t) {
    case MOFRT_T_BOOLEAN: *out = mofrt_value_bool(*(const bool *)slot); return 0;
    case MOFRT_T_CHAR16: *out = mofrt_value_char16(*(const uint16_t *)slot); return 0;
    case MOFRT_T_DATETIME: *out = mofrt_value_datetime(slot); return 0;
    case MOFRT_T_UINT8: *out = mofrt_value_uint(t, *(const uint8_t *)slot); return 0;
    case MOFRT_T_SINT8: *out = mofrt_value_sint(t, *(const int8_t *)slot); return 0;
    case MOFRT_T_UINT16: *out = mofrt_value_uint(t, *(const uint16_t *)slot); return 0;
    case MOFRT_T_SINT16: *out = mofrt_value_sint(t, *(const int16_t *)slot); return 0;
    case MOFRT_T_UINT32: *out = mofrt_value_uint(t, *(const uint32_t *)slot); return 0;
    case MOFRT_T_SINT32: *out = mofrt_value_sint(t, *(const int32_t *)slot); return 0;
    case MOFRT_T_UINT64: *out = mofrt_value_uint(t, *(const uint64_t *)slot); return 0;
    case MOFRT_T_SINT64: *out = mofrt_value_sint(t, *(const int64_t *)slot); return 0;
    case MOFRT_T_REAL32: *out = mofrt_value_real(t, *(const float *)slot); return 0;
    case MOFRT_T_REAL64: *out = mofrt_value_real(t, *(const double *)slot); return 0;
    case MOFRT_T_STRING: return mofrt_value_string(out, *(char *const *)slot ? *(char *const *)slot : "", err);
    case MOFRT_T_REFERENCE: {
        const mofrt_path *p = *(mofrt_path *const *)slot;
        if (!p)
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                                   "reference field is set but its path is NULL");
        mofrt_path *c = mofrt_path_copy(p);
        if (!c)
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        *out = mofrt_value_ref_take(c);
        return 0;
    }
    case MOFRT_T_INSTANCE: return emb_to_value(slot, out, err);
    default:
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "bad descriptor type %d", (int)t);
    }
}

int mofrt_field_to_value(mofrt_type t, unsigned flags, const void *field, mofrt_value *out,
                         mofrt_error *err)
{
    mofrt_value z = MOFRT_VALUE_INIT;
    *out = z;
    mofrt_state st = mofrt__field_state(t, flags, field);
    if (st == MOFRT_ABSENT)
        return 0;
    if (st == MOFRT_NULL) {
        *out = mofrt_value_null(t);
        out->is_array = (flags & MOFRT_F_ARRAY) != 0;
        return 0;
    }
    if (!(flags & MOFRT_F_ARRAY))
        return slot_to_value(t, slot_of(t, (void *)field), out, err);
    const mofrt_f_array *a = field;
    mofrt_value arr;
    if (mofrt_value_array(&arr, t, a->count, err) < 0)
        return -1;
    size_t sz = mofrt_ctype_size(t);
    for (size_t i = 0; i < a->count; i++) {
        if (a->nulls && a->nulls[i])
            continue;
        if (!a->items || slot_to_value(t, (const char *)a->items + i * sz, &arr.v.arr.items[i], err) < 0) {
            if (!a->items)
                mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "array field without items");
            mofrt_value_clear(&arr);
            return -1;
        }
    }
    *out = arr;
    return 0;
}
