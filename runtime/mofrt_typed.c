/* libmofrt: typed instance providers. Defaults from the descriptors, keys
 * struct <-> object path, and mofrt_typed_ft: the one generic function table
 * every generated class uses. It converts the host's generic arguments
 * (paths, instances) into the class's typed structs, calls the class's
 * instance thunk (generated: the only code that knows the typed
 * signatures) and posts typed results. */
#include "runtime/mofrt_internal.h"
#include "runtime/mofrt_provider.h"
#include "runtime/mofrt_str.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int nomem(mofrt_error *err)
{
    return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
}

int mofrt_field_from_literal(mofrt_type t, unsigned flags, const mofrt_literal *lit, void *field,
                             mofrt_error *err)
{
    mofrt_value v = MOFRT_VALUE_INIT;
    int rc = 0;
    mofrt_type vt = t == MOFRT_T_INSTANCE ? MOFRT_T_STRING : t;
    if (!lit->text) {
        v = mofrt_value_null(vt);
        v.is_array = (flags & MOFRT_F_ARRAY) != 0;
    } else if (flags & MOFRT_F_ARRAY) {
        rc = mofrt_value_array(&v, vt, lit->count, err);
        for (size_t i = 0; rc == 0 && i < lit->count; i++)
            if (lit->text[i])
                rc = mofrt_value_parse(vt, lit->text[i], &v.v.arr.items[i], err);
    } else {
        rc = mofrt_value_parse(vt, lit->text[0], &v, err);
    }
    if (rc == 0)
        rc = mofrt_field_from_value(t, flags, NULL, &v, field, NULL, err);
    mofrt_value_clear(&v);
    return rc;
}

int mofrt_struct_init(const mofrt_class_desc *cls, void *obj, mofrt_error *err)
{
    memset(obj, 0, cls->size);
    for (size_t i = 0; i < cls->nprops; i++) {
        const mofrt_prop_desc *pd = &cls->props[i];
        if (!pd->def.text)
            continue;
        if (mofrt_field_from_literal(pd->type, pd->flags, &pd->def, (char *)obj + pd->offset, err) < 0) {
            char where[96];
            snprintf(where, sizeof where, "default of '%.60s'", pd->name);
            mofrt_error_prefix(err, where);
            mofrt_struct_clear(cls, obj);
            return -1;
        }
    }
    return 0;
}

static int key_fault(mofrt_error *err, const char *fmt, const char *name)
{
    return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PARAM, fmt, name);
}

int mofrt_keys_to_path(const mofrt_class_desc *keys_cls, const void *keys, const char *class_name,
                       const char *ns, mofrt_path **out, mofrt_error *err)
{
    *out = NULL;
    mofrt_path *p = mofrt_path_new(NULL, ns, class_name ? class_name : keys_cls->name);
    if (!p)
        return nomem(err);
    for (size_t i = 0; i < keys_cls->nprops; i++) {
        const mofrt_prop_desc *pd = &keys_cls->props[i];
        if (!(pd->flags & MOFRT_F_KEY))
            continue;
        const void *field = (const char *)keys + pd->offset;
        if (mofrt__field_state(pd->type, pd->flags, field) != MOFRT_SET) {
            key_fault(err, "key '%.60s' is not set", pd->name);
            mofrt_path_free(p);
            return -1;
        }
        mofrt_value v;
        if (mofrt_field_to_value(pd->type, pd->flags, field, &v, err) < 0 ||
            mofrt_path_add_key(p, pd->name, &v, err) < 0) {
            mofrt_path_free(p);
            return -1;
        }
    }
    *out = p;
    return 0;
}

/* An integer key value as another integer type t when it is in t's range
 * (a numeric KEYVALUE is read as sint64 or uint64): true with *out set;
 * false for the text path (which also says what is out of range). */
static bool int_key(mofrt_type t, const mofrt_value *v, mofrt_value *out)
{
    if (v->untyped || v->is_array || v->is_null || !mofrt_type_is_integer(v->type) || !mofrt_type_is_integer(t))
        return false;
    bool neg = mofrt_type_is_signed(v->type) && v->v.i < 0;
    uint64_t mag = neg ? 0 : mofrt_type_is_signed(v->type) ? (uint64_t)v->v.i : v->v.u;
    if (mofrt_type_is_unsigned(t)) {
        uint64_t max = t == MOFRT_T_UINT8 ? UINT8_MAX : t == MOFRT_T_UINT16 ? UINT16_MAX
                     : t == MOFRT_T_UINT32 ? UINT32_MAX : UINT64_MAX;
        if (neg || mag > max)
            return false;
        *out = mofrt_value_uint(t, mag);
        return true;
    }
    int64_t max = t == MOFRT_T_SINT8 ? INT8_MAX : t == MOFRT_T_SINT16 ? INT16_MAX
                : t == MOFRT_T_SINT32 ? INT32_MAX : INT64_MAX;
    if (neg ? v->v.i < -max - 1 : mag > (uint64_t)max)
        return false;
    *out = mofrt_value_sint(t, neg ? v->v.i : (int64_t)mag);
    return true;
}

/* A key value as the declared type: paths carry numbers as uint64/sint64
 * (or text), references sometimes as strings; through the text form. */
static int key_value(mofrt_type t, const mofrt_value *v, mofrt_value *out, mofrt_error *err)
{
    if (v->type == t && !v->untyped && !v->is_array)
        return mofrt_value_copy(out, v, err);
    if (int_key(t, v, out))
        return 0;
    if (v->is_array || v->is_null || v->type == MOFRT_T_INSTANCE || v->type == MOFRT_T_REFERENCE)
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PARAM,
                               "expected a %s value", mofrt_type_name(t));
    mofrt_buf text = MOFRT_BUF_INIT;
    int rc = 0;
    if (v->type == MOFRT_T_STRING)
        mofrt_buf_puts(&text, v->v.s ? v->v.s : "");
    else
        rc = mofrt_value_print(v, &text, err);
    if (rc == 0 && text.failed)
        rc = nomem(err);
    if (rc == 0)
        rc = mofrt_value_parse(t, text.data ? text.data : "", out, err);
    mofrt_buf_free(&text);
    return rc;
}

int mofrt_keys_from_path(const mofrt_class_desc *keys_cls, const mofrt_path *path, void *keys,
                         mofrt_error *err)
{
    memset(keys, 0, keys_cls->size);
    for (size_t i = 0; i < path->count; i++) {
        const mofrt_prop_desc *pd = mofrt_class_find_prop(keys_cls, path->keys[i].name);
        if (!pd || !(pd->flags & MOFRT_F_KEY)) {
            key_fault(err, "'%.60s' is not a key of the class", path->keys[i].name);
            goto fail;
        }
    }
    for (size_t i = 0; i < keys_cls->nprops; i++) {
        const mofrt_prop_desc *pd = &keys_cls->props[i];
        if (!(pd->flags & MOFRT_F_KEY))
            continue;
        const mofrt_value *v = mofrt_path_get_key(path, pd->name);
        if (!v) {
            key_fault(err, "key '%.60s' missing from the object path", pd->name);
            goto fail;
        }
        mofrt_value typed = MOFRT_VALUE_INIT;
        int rc = key_value(pd->type, v, &typed, err);
        if (rc == 0)
            rc = mofrt_field_from_value(pd->type, pd->flags, NULL, &typed, (char *)keys + pd->offset, NULL, err);
        mofrt_value_clear(&typed);
        if (rc < 0) {
            char where[96];
            snprintf(where, sizeof where, "key '%.60s'", pd->name);
            if (err && err->kind != MOFRT_E_NOMEM) {
                err->code = MOFRT_CIM_ERR_INVALID_PARAMETER;
                err->kind = MOFRT_E_PARAM;
            }
            mofrt_error_prefix(err, where);
            goto fail;
        }
    }
    return 0;
fail:
    mofrt_struct_clear(keys_cls, keys);
    return -1;
}

int mofrt_struct_path(const mofrt_class_desc *cls, const void *obj, const char *ns,
                      mofrt_path **out, mofrt_error *err)
{
    return mofrt_keys_to_path(cls, obj, cls->name, ns, out, err);
}

/* ---- mofrt_typed_ft ---------------------------------------------------------- */

static const char *const call_names[] = {
    [MOFRT_IC_GET] = "GetInstance",       [MOFRT_IC_ENUMERATE] = "EnumerateInstances",
    [MOFRT_IC_CREATE] = "CreateInstance", [MOFRT_IC_MODIFY] = "ModifyInstance",
    [MOFRT_IC_DELETE] = "DeleteInstance", [MOFRT_IC_ASSOCIATORS] = "Associators",
    [MOFRT_IC_REFERENCES] = "References",
};

/* Runs the class's instance thunk; a provider failure without a CIM code
 * becomes CIM_ERR_FAILED. */
static mofrt_call_status call(const mofrt_class_provider *self, void *ctx, mofrt_inst_call which,
                              const mofrt_inst_args *a, mofrt_error *err)
{
    const mofrt_class_desc *cls = self->cls;
    if (!cls->ithunk)
        return mofrt_not_implemented(cls, call_names[which], err);
    mofrt_call_status st = cls->ithunk(self->ops, ctx, which, a, err);
    if (st == MOFRT_CALL_NOT_IMPLEMENTED)
        return mofrt_not_implemented(cls, call_names[which], err);
    if (st != MOFRT_CALL_OK && err) {
        if (err->code == MOFRT_CIM_OK)
            err->code = MOFRT_CIM_ERR_FAILED;
        if (err->kind == MOFRT_E_NONE)
            err->kind = MOFRT_E_PROVIDER;
        if (!err->message[0])
            snprintf(err->message, sizeof err->message, "%.100s provider failed", cls->name);
    }
    return st;
}

/* calloc'd keys struct filled from a path, or NULL (err set). */
static void *keys_of(const mofrt_class_desc *cls, const mofrt_path *name, mofrt_error *err)
{
    if (!cls->keys) {
        mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "class %.100s has no keys descriptor",
                        cls->name);
        return NULL;
    }
    void *k = calloc(1, cls->keys->size ? cls->keys->size : 1);
    if (!k) {
        nomem(err);
        return NULL;
    }
    if (!name || mofrt_keys_from_path(cls->keys, name, k, err) < 0) {
        if (!name)
            key_fault(err, "%.60s: no object path", cls->name);
        free(k);
        return NULL;
    }
    return k;
}

static mofrt_call_status typed_get(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                   const mofrt_path *name, mofrt_sink *out, mofrt_error *err)
{
    const mofrt_class_desc *cls = self->cls;
    void *keys = keys_of(cls, name, err);
    if (!keys)
        return MOFRT_CALL_FAILED;
    void *obj = calloc(1, cls->size ? cls->size : 1);
    mofrt_call_status st = MOFRT_CALL_FAILED;
    if (!obj) {
        nomem(err);
    } else {
        mofrt_inst_args a = {op, keys, obj, NULL, NULL, out};
        st = call(self, ctx, MOFRT_IC_GET, &a, err);
        if (st == MOFRT_CALL_OK && mofrt_post_object(out, cls, obj, err) < 0)
            st = MOFRT_CALL_FAILED;
    }
    mofrt_struct_free(cls, obj);
    mofrt_struct_free(cls->keys, keys);
    return st;
}

static mofrt_call_status typed_enumerate(const mofrt_class_provider *self, void *ctx,
                                         const mofrt_op *op, mofrt_sink *out, mofrt_error *err)
{
    mofrt_inst_args a = {op, NULL, NULL, NULL, NULL, out};
    return call(self, ctx, MOFRT_IC_ENUMERATE, &a, err);
}

/* The typed struct of an instance sent by the client: unknown properties
 * and values of the wrong type are CIM_ERR_INVALID_PARAMETER. */
static void *struct_of(const mofrt_class_desc *cls, const mofrt_instance *inst, mofrt_error *err)
{
    bool oom;
    const char *unknown = mofrt__unknown_prop(cls, inst, &oom);
    if (oom) {
        nomem(err);
        return NULL;
    }
    if (unknown) {
        mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PARAM, "class %.60s has no property '%.60s'",
                        cls->name, unknown);
        return NULL;
    }
    void *obj = calloc(1, cls->size ? cls->size : 1);
    if (!obj) {
        nomem(err);
        return NULL;
    }
    if (mofrt_struct_from_instance(cls, inst, obj, NULL, err) < 0) {
        if (err && err->kind != MOFRT_E_NOMEM) {
            err->code = MOFRT_CIM_ERR_INVALID_PARAMETER;
            err->kind = MOFRT_E_PARAM;
        }
        free(obj);
        return NULL;
    }
    return obj;
}

static mofrt_call_status typed_create(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                      const mofrt_instance *inst, mofrt_path **created, mofrt_error *err)
{
    const mofrt_class_desc *cls = self->cls;
    *created = NULL;
    if (!cls->keys)
        return mofrt_not_implemented(cls, "CreateInstance", err);
    void *obj = struct_of(cls, inst, err);
    if (!obj)
        return MOFRT_CALL_FAILED;
    void *keys = calloc(1, cls->keys->size ? cls->keys->size : 1);
    mofrt_call_status st = MOFRT_CALL_FAILED;
    if (!keys) {
        nomem(err);
    } else {
        mofrt_inst_args a = {op, NULL, obj, keys, NULL, NULL};
        st = call(self, ctx, MOFRT_IC_CREATE, &a, err);
        /* The provider's keys; without them the instance's own. */
        bool given = false;
        for (size_t i = 0; i < cls->keys->nprops; i++)
            given |= mofrt__field_state(cls->keys->props[i].type, cls->keys->props[i].flags,
                                        (char *)keys + cls->keys->props[i].offset) != MOFRT_ABSENT;
        if (st == MOFRT_CALL_OK &&
            (given ? mofrt_keys_to_path(cls->keys, keys, cls->name, op ? op->ns : NULL, created, err)
                   : mofrt_struct_path(cls, obj, op ? op->ns : NULL, created, err)) < 0)
            st = MOFRT_CALL_FAILED;
    }
    mofrt_struct_free(cls->keys, keys);
    mofrt_struct_free(cls, obj);
    return st;
}

static mofrt_call_status typed_modify(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                      const mofrt_instance *inst, mofrt_error *err)
{
    const mofrt_class_desc *cls = self->cls;
    void *keys = keys_of(cls, inst->path, err);
    if (!keys)
        return MOFRT_CALL_FAILED;
    void *obj = struct_of(cls, inst, err);
    mofrt_call_status st = MOFRT_CALL_FAILED;
    if (obj) {
        mofrt_inst_args a = {op, keys, obj, NULL, NULL, NULL};
        st = call(self, ctx, MOFRT_IC_MODIFY, &a, err);
    }
    mofrt_struct_free(cls, obj);
    mofrt_struct_free(cls->keys, keys);
    return st;
}

static mofrt_call_status typed_delete(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                      const mofrt_path *name, mofrt_error *err)
{
    const mofrt_class_desc *cls = self->cls;
    void *keys = keys_of(cls, name, err);
    if (!keys)
        return MOFRT_CALL_FAILED;
    mofrt_inst_args a = {op, keys, NULL, NULL, NULL, NULL};
    mofrt_call_status st = call(self, ctx, MOFRT_IC_DELETE, &a, err);
    mofrt_struct_free(cls->keys, keys);
    return st;
}

static mofrt_call_status typed_assoc(const mofrt_class_provider *self, void *ctx, const mofrt_op *op,
                                     const mofrt_path *source, mofrt_sink *out, mofrt_error *err,
                                     mofrt_inst_call which)
{
    /* Not an association, or no typed entry: NOT_IMPLEMENTED, and the host
     * computes the answer from the association's enumeration. */
    if (!(self->cls->flags & MOFRT_C_ASSOCIATION))
        return mofrt_not_implemented(self->cls, call_names[which], err);
    mofrt_inst_args a = {op, NULL, NULL, NULL, source, out};
    return call(self, ctx, which, &a, err);
}

static mofrt_call_status typed_associators(const mofrt_class_provider *self, void *ctx,
                                           const mofrt_op *op, const mofrt_path *source,
                                           mofrt_sink *out, mofrt_error *err)
{
    return typed_assoc(self, ctx, op, source, out, err, MOFRT_IC_ASSOCIATORS);
}

static mofrt_call_status typed_references(const mofrt_class_provider *self, void *ctx,
                                          const mofrt_op *op, const mofrt_path *source,
                                          mofrt_sink *out, mofrt_error *err)
{
    return typed_assoc(self, ctx, op, source, out, err, MOFRT_IC_REFERENCES);
}

const mofrt_provider_ft mofrt_typed_ft = {
    typed_get, typed_enumerate, typed_create, typed_modify, typed_delete, typed_associators,
    typed_references,
};
