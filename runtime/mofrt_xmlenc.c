/* CIM-XML encoding of values, paths, instances and response envelopes,
 * written straight into a buffer through mofrt_xw. */
#include "runtime/mofrt_internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decimal digits of u (and a '-' when neg) at buf, as printf's %PRIu64 /
 * %PRId64 would write them, without printf's cost (a third of an integer
 * property's encoding); the length, or -1 when bufsz is too small. */
static int format_int(uint64_t u, bool neg, char *buf, size_t bufsz)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + u % 10u);
        u /= 10u;
    } while (u);
    if (neg)
        tmp[n++] = '-';
    if (n >= bufsz)
        return -1;
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return (int)n;
}

int mofrt__scalar_format(const mofrt_value *v, char *buf, size_t bufsz)
{
    int n = -1;
    switch (v->type) {
    case MOFRT_T_BOOLEAN:
        n = v->v.b ? 4 : 5;
        if ((size_t)n < bufsz)
            memcpy(buf, v->v.b ? "TRUE" : "FALSE", (size_t)n + 1);
        break;
    case MOFRT_T_UINT8: case MOFRT_T_UINT16: case MOFRT_T_UINT32: case MOFRT_T_UINT64:
        n = format_int(v->v.u, false, buf, bufsz);
        break;
    case MOFRT_T_SINT8: case MOFRT_T_SINT16: case MOFRT_T_SINT32: case MOFRT_T_SINT64:
        /* the magnitude in unsigned arithmetic: INT64_MIN has no positive int64 */
        n = format_int(v->v.i < 0 ? 0u - (uint64_t)v->v.i : (uint64_t)v->v.i, v->v.i < 0, buf, bufsz);
        break;
    case MOFRT_T_DATETIME:
        if (!mofrt_datetime_valid(&v->v.dt) || bufsz <= MOFRT_DATETIME_LEN)
            return -1;
        mofrt_datetime_print(&v->v.dt, buf);
        n = MOFRT_DATETIME_LEN;
        break;
    default: {
        /* reals, char16: the generic printer (rare in hot paths) */
        mofrt_buf b = MOFRT_BUF_INIT;
        if (mofrt_value_print(v, &b, NULL) == 0 && b.len < bufsz) {
            memcpy(buf, b.data, b.len + 1);
            n = (int)b.len;
        }
        mofrt_buf_free(&b);
        break;
    }
    }
    return (n < 0 || (size_t)n >= bufsz) ? -1 : n;
}

const char *mofrt__xml_type_attr(mofrt_type t)
{
    if (t == MOFRT_T_INSTANCE || t == MOFRT_T_NONE)
        return "string";
    return mofrt_type_name(t);
}

static void fail(mofrt_xw *w)
{
    w->bad = true;
}

/* VALUE element with the scalar's text. */
static void write_scalar_value(mofrt_xw *w, const mofrt_value *v)
{
    if (v->type == MOFRT_T_STRING) {
        mofrt__xw_open(w, "VALUE");
        mofrt_xw_text(w, v->v.s ? v->v.s : "");
        mofrt_xw_end(w);
        return;
    }
    if (v->type == MOFRT_T_INSTANCE) {
        mofrt__xw_open(w, "VALUE");
        if (v->v.emb.inst) {
            mofrt_buf text = MOFRT_BUF_INIT;
            if (mofrt_xml_instance_text(v->v.emb.inst, &text, NULL) < 0)
                fail(w);
            else
                mofrt_xw_textn(w, text.data, text.len);
            mofrt_buf_free(&text);
        } else {
            mofrt_xw_text(w, v->v.emb.text ? v->v.emb.text : "");
        }
        mofrt_xw_end(w);
        return;
    }
    char tmp[64];
    int n = mofrt__scalar_format(v, tmp, sizeof tmp);
    if (n < 0) {
        fail(w);
        return;
    }
    mofrt__xw_open(w, "VALUE");
    mofrt_xw_textn(w, tmp, (size_t)n);
    mofrt_xw_end(w);
}

void mofrt_xml_write_value(mofrt_xw *w, const mofrt_value *v)
{
    if (v->is_null)
        return;
    if (!v->is_array) {
        if (v->type == MOFRT_T_REFERENCE) {
            mofrt__xw_open(w, "VALUE.REFERENCE");
            mofrt_xml_write_reference(w, v->v.ref);
            mofrt_xw_end(w);
        } else {
            write_scalar_value(w, v);
        }
        return;
    }
    mofrt__xw_open(w, v->type == MOFRT_T_REFERENCE ? "VALUE.REFARRAY" : "VALUE.ARRAY");
    for (size_t i = 0; i < v->v.arr.count; i++) {
        const mofrt_value *e = &v->v.arr.items[i];
        if (e->is_null) {
            mofrt__xw_open(w, "VALUE.NULL");
            mofrt_xw_end(w);
        } else {
            mofrt_value s = *e;
            s.is_array = false;
            mofrt_xml_write_value(w, &s);
        }
    }
    mofrt_xw_end(w);
}

void mofrt_xml_write_localnamespacepath(mofrt_xw *w, const char *ns)
{
    mofrt__xw_open(w, "LOCALNAMESPACEPATH");
    const char *p = ns ? ns : "";
    while (*p) {
        while (*p == '/' || *p == '\\')
            p++;
        size_t n = strcspn(p, "/\\");
        if (n) {
            mofrt__xw_open(w, "NAMESPACE");
            mofrt__xw_attrn(w, "NAME", p, n);
            mofrt_xw_end(w);
        }
        p += n;
    }
    mofrt_xw_end(w);
}

static const char *valuetype_of(mofrt_type t)
{
    if (t == MOFRT_T_BOOLEAN)
        return "boolean";
    if (mofrt_type_is_integer(t) || mofrt_type_is_real(t))
        return "numeric";
    return "string";
}

void mofrt_xml_write_instancename(mofrt_xw *w, const mofrt_path *p)
{
    if (!p) {
        fail(w);
        return;
    }
    mofrt__xw_open(w, "INSTANCENAME");
    mofrt__xw_attr(w, "CLASSNAME", p->class_name);
    for (size_t i = 0; i < p->count; i++) {
        const mofrt_value *v = &p->keys[i].value;
        mofrt__xw_open(w, "KEYBINDING");
        mofrt__xw_attr(w, "NAME", p->keys[i].name);
        if (v->type == MOFRT_T_REFERENCE && !v->is_null && !v->is_array) {
            mofrt__xw_open(w, "VALUE.REFERENCE");
            mofrt_xml_write_reference(w, v->v.ref);
            mofrt_xw_end(w);
        } else if (v->is_null || v->is_array || v->type == MOFRT_T_INSTANCE) {
            fail(w);   /* keys are never NULL, arrays or instances */
        } else {
            mofrt__xw_open(w, "KEYVALUE");
            mofrt__xw_attr(w, "VALUETYPE", valuetype_of(v->type));
            mofrt__xw_attr(w, "TYPE", mofrt__xml_type_attr(v->type));
            if (v->type == MOFRT_T_STRING) {
                mofrt_xw_text(w, v->v.s ? v->v.s : "");
            } else {
                char tmp[64];
                int n = mofrt__scalar_format(v, tmp, sizeof tmp);
                if (n < 0)
                    fail(w);
                else
                    mofrt_xw_textn(w, tmp, (size_t)n);
            }
            mofrt_xw_end(w);
        }
        mofrt_xw_end(w);
    }
    mofrt_xw_end(w);
}

static void write_classname(mofrt_xw *w, const char *cls)
{
    mofrt__xw_open(w, "CLASSNAME");
    mofrt__xw_attr(w, "NAME", cls);
    mofrt_xw_end(w);
}

static void write_namespacepath(mofrt_xw *w, const mofrt_path *p)
{
    mofrt__xw_open(w, "NAMESPACEPATH");
    mofrt__xw_open(w, "HOST");
    mofrt_xw_text(w, p->host);
    mofrt_xw_end(w);
    mofrt_xml_write_localnamespacepath(w, p->ns);
    mofrt_xw_end(w);
}

void mofrt_xml_write_reference(mofrt_xw *w, const mofrt_path *p)
{
    if (!p) {
        fail(w);
        return;
    }
    bool cls = p->count == 0;
    if (p->host && p->ns) {
        mofrt__xw_open(w, cls ? "CLASSPATH" : "INSTANCEPATH");
        write_namespacepath(w, p);
    } else if (p->ns) {
        mofrt__xw_open(w, cls ? "LOCALCLASSPATH" : "LOCALINSTANCEPATH");
        mofrt_xml_write_localnamespacepath(w, p->ns);
    } else {
        if (cls)
            write_classname(w, p->class_name);
        else
            mofrt_xml_write_instancename(w, p);
        return;
    }
    if (cls)
        write_classname(w, p->class_name);
    else
        mofrt_xml_write_instancename(w, p);
    mofrt_xw_end(w);
}

void mofrt_xml_write_instance(mofrt_xw *w, const mofrt_instance *inst)
{
    mofrt_xml_write_instance_with(w, inst, NULL);
}

void mofrt_xml_write_instance_with(mofrt_xw *w, const mofrt_instance *inst, const char *const *origins)
{
    if (!inst) {
        fail(w);
        return;
    }
    mofrt__xw_open(w, "INSTANCE");
    mofrt__xw_attr(w, "CLASSNAME", inst->class_name);
    for (size_t i = 0; i < inst->count; i++) {
        const mofrt_value *v = &inst->props[i].value;
        if (v->type == MOFRT_T_REFERENCE && !v->is_array) {
            mofrt__xw_open(w, "PROPERTY.REFERENCE");
            mofrt__xw_attr(w, "NAME", inst->props[i].name);
            if (origins && origins[i])
                mofrt__xw_attr(w, "CLASSORIGIN", origins[i]);
        } else {
            mofrt__xw_open(w, v->is_array ? "PROPERTY.ARRAY" : "PROPERTY");
            mofrt__xw_attr(w, "NAME", inst->props[i].name);
            if (origins && origins[i])
                mofrt__xw_attr(w, "CLASSORIGIN", origins[i]);
            mofrt__xw_attr(w, "TYPE", mofrt__xml_type_attr(v->type));
            if (v->type == MOFRT_T_INSTANCE)
                mofrt__xw_attr(w, "EmbeddedObject", "instance");
        }
        mofrt_xml_write_value(w, v);
        mofrt_xw_end(w);
    }
    mofrt_xw_end(w);
}

void mofrt_xml_write_named_instance(mofrt_xw *w, const mofrt_instance *inst)
{
    if (!inst || !inst->path) {
        fail(w);
        return;
    }
    mofrt__xw_open(w, "VALUE.NAMEDINSTANCE");
    mofrt_xml_write_instancename(w, inst->path);
    mofrt_xml_write_instance(w, inst);
    mofrt_xw_end(w);
}

int mofrt_xml_instance_text(const mofrt_instance *inst, mofrt_buf *out, mofrt_error *err)
{
    mofrt_xw w;
    mofrt_xw_init(&w, out);
    mofrt_xml_write_instance(&w, inst);
    return mofrt_xw_finish(&w, err);
}

/* The envelope is the same text in every answer but for the message ID:
 * written raw (what mofrt__xw_open and _attr would write, SIMPLERSP's
 * start tag left open), not element by element, per answer. */
void mofrt_xml_response_begin(mofrt_xw *w, const char *msg_id)
{
    static const char head[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                               "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"";
    static const char tail[] = "\" PROTOCOLVERSION=\"1.0\"><SIMPLERSP";
    if (w->bad)
        return;
    const char *id = msg_id ? msg_id : "0";
    mofrt_xw_raw(w, head, sizeof head - 1);
    mofrt_xml_escape(w->buf, id, strlen(id));
    mofrt_xw_raw(w, tail, sizeof tail - 1);
    mofrt__xw_opened(w, "CIM");
    w->in_start_tag = false;
    mofrt__xw_opened(w, "MESSAGE");
    w->in_start_tag = false;
    mofrt__xw_opened(w, "SIMPLERSP");
}

void mofrt_xml_response_end(mofrt_xw *w)
{
    mofrt_xw_end(w);   /* SIMPLERSP */
    mofrt_xw_end(w);   /* MESSAGE */
    mofrt_xw_end(w);   /* CIM */
}

void mofrt_xml_write_error(mofrt_xw *w, const mofrt_error *e)
{
    char code[16];
    int c = e && e->code != MOFRT_CIM_OK ? (int)e->code : (int)MOFRT_CIM_ERR_FAILED;
    snprintf(code, sizeof code, "%d", c);
    mofrt__xw_open(w, "ERROR");
    mofrt__xw_attr(w, "CODE", code);
    if (e && e->message[0])
        mofrt__xw_attr(w, "DESCRIPTION", e->message);
    mofrt_xw_end(w);
}

void mofrt__write_paramvalue(mofrt_xw *w, const char *elem, const char *name, const mofrt_value *v)
{
    mofrt__xw_open(w, elem);
    if (name)
        mofrt__xw_attr(w, "NAME", name);
    mofrt__xw_attr(w, "PARAMTYPE", mofrt__xml_type_attr(v->type));
    if (v->type == MOFRT_T_INSTANCE)
        mofrt__xw_attr(w, "EmbeddedObject", "instance");
    mofrt_xml_write_value(w, v);
    mofrt_xw_end(w);
}

int mofrt_xml_encode_methodresponse(mofrt_buf *out, const char *msg_id, const char *method,
                                    const mofrt_value *ret, const mofrt_out_param *params,
                                    size_t nparams, mofrt_error *err)
{
    mofrt_xw w;
    mofrt_xw_init(&w, out);
    mofrt_xml_response_begin(&w, msg_id);
    mofrt__xw_open(&w, "METHODRESPONSE");
    mofrt__xw_attr(&w, "NAME", method);
    if (ret) {
        if (ret->is_array)
            fail(&w);   /* CIM methods do not return arrays */
        mofrt__write_paramvalue(&w, "RETURNVALUE", NULL, ret);
    }
    for (size_t i = 0; i < nparams; i++)
        mofrt__write_paramvalue(&w, "PARAMVALUE", params[i].name, params[i].value);
    mofrt_xw_end(&w);
    mofrt_xml_response_end(&w);
    return mofrt_xw_finish(&w, err);
}

int mofrt_xml_encode_error_response(mofrt_buf *out, const char *msg_id, const char *method,
                                    bool intrinsic, const mofrt_error *e, mofrt_error *err)
{
    mofrt_xw w;
    mofrt_xw_init(&w, out);
    mofrt_xml_response_begin(&w, msg_id);
    mofrt__xw_open(&w, intrinsic ? "IMETHODRESPONSE" : "METHODRESPONSE");
    mofrt__xw_attr(&w, "NAME", method ? method : "");
    mofrt_xml_write_error(&w, e);
    mofrt_xw_end(&w);
    mofrt_xml_response_end(&w);
    return mofrt_xw_finish(&w, err);
}

void mofrt_xml_imethodresponse_begin(mofrt_xw *w, const char *msg_id, const char *method,
                                     bool with_return)
{
    mofrt_xml_response_begin(w, msg_id);
    if (w->bad)
        return;
    const char *m = method ? method : "";
    mofrt_xw_raw(w, "<IMETHODRESPONSE NAME=\"", 23);   /* (closes SIMPLERSP's start tag) */
    mofrt_xml_escape(w->buf, m, strlen(m));
    mofrt_xw_raw(w, "\"", 1);
    mofrt__xw_opened(w, "IMETHODRESPONSE");
    if (with_return)
        mofrt__xw_open(w, "IRETURNVALUE");
}

void mofrt_xml_imethodresponse_end(mofrt_xw *w)
{
    /* Close IRETURNVALUE when open, then IMETHODRESPONSE and the envelope. */
    if (w->depth == 5)
        mofrt_xw_end(w);
    mofrt_xw_end(w);
    mofrt_xml_response_end(w);
}
