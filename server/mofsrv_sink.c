/* libmofsrv: host sinks — what providers post, normalised to (instance,
 * name) and written as CIM-XML at once (nothing is kept: memory does not
 * grow with the number of results). */
#include "server/mofsrv_ops.h"

#include "server/mofsrv_instview.h"

#include <stdlib.h>
#include <string.h>

/* ---- normalising sink -------------------------------------------------------- */
/* A posted instance whose name cannot be made (or checked): the
 * provider's fault. */
static int posted_fault(mofrt_error *err)
{
    mofrt_error_prefix(err, "posted instance");
    err->code = MOFRT_CIM_ERR_FAILED;
    return -1;
}

static int n_instance(mofrt_sink *base, const mofrt_instance *inst, mofrt_error *err)
{
    mofsrv_nsink *n = (mofsrv_nsink *)base;
    if (inst->path)
        return n->take(n->arg, inst, inst->path, err);
    if (n->no_name)
        return mofsrv_schema_check_keys(&n->s->schema, inst, err) < 0 ? posted_fault(err)
                                                                       : n->take(n->arg, inst, NULL, err);
    mofrt_path *p = mofsrv_schema_path_of(&n->s->schema, inst, err);
    if (!p)
        return posted_fault(err);
    int rc = n->take(n->arg, inst, p, err);
    mofrt_path_free(p);
    return rc;
}

static int n_object(mofrt_sink *base, const mofrt_class_desc *cls, const void *obj, mofrt_error *err)
{
    mofrt_instance *inst = mofrt_struct_to_instance(cls, obj, err);
    if (!inst)
        return -1;
    int rc = n_instance(base, inst, err);
    mofrt_instance_free(inst);
    return rc;
}

static int n_path(mofrt_sink *base, const mofrt_path *path, mofrt_error *err)
{
    mofsrv_nsink *n = (mofsrv_nsink *)base;
    return n->take(n->arg, NULL, path, err);
}

void mofsrv_nsink_init(mofsrv_nsink *n, const mofsrv *s, mofsrv_take_fn take, void *arg)
{
    n->base.instance = n_instance;
    n->base.object = n_object;
    n->base.path = n_path;
    n->s = s;
    n->take = take;
    n->arg = arg;
    n->no_name = false;
}

/* ---- XML sink ------------------------------------------------------------------- */
/* The path with host and namespace, for INSTANCEPATH. */
static void write_instancepath(mofsrv_xsink *x, const mofrt_path *path)
{
    mofrt_path *full = mofrt_path_copy(path);
    if (!full || mofrt_path_set_ns(full, x->host, x->n.s->ns, NULL) < 0) {
        x->w->buf->failed = true;
        mofrt_path_free(full);
        return;
    }
    mofrt_xml_write_reference(x->w, full);   /* INSTANCEPATH: host and namespace are set */
    mofrt_path_free(full);
}

int mofsrv_xsink_take(void *arg, const mofrt_instance *inst, const mofrt_path *path, mofrt_error *err)
{
    mofsrv_xsink *x = arg;
    const mofsrv *s = x->n.s;
    if (x->want) {
        const mofsrv_class *c = mofsrv_schema_find(&s->schema, inst ? inst->class_name : path->class_name);
        if (!c || !mofsrv_class_is_a(c, x->want->name))
            return 0;   /* a provider's other classes are not what was asked */
    }
    bool names = x->emit == MOFSRV_EMIT_NAME || x->emit == MOFSRV_EMIT_OBJECTPATH ||
                 x->emit == MOFSRV_EMIT_INSTANCEPATH;
    if (!names && !inst)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_PROVIDER,
                               "the provider of %.100s posted a name where an instance was asked",
                               path->class_name);
    /* every class property, the request's filters, class origins */
    mofsrv_iview v;
    memset(&v, 0, sizeof v);
    const mofrt_instance *out = names ? NULL : mofsrv_iview_make(&v, &s->schema, x->op, x->only_of, inst);
    if (!names && !out)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    mofrt_xw *w = x->w;
    switch (x->emit) {
    case MOFSRV_EMIT_INSTANCE:
        mofrt_xml_write_instance_with(w, out, v.origins);
        break;
    case MOFSRV_EMIT_NAMED:
        mofrt_xw_start(w, "VALUE.NAMEDINSTANCE");
        mofrt_xml_write_instancename(w, path);
        mofrt_xml_write_instance_with(w, out, v.origins);
        mofrt_xw_end(w);
        break;
    case MOFSRV_EMIT_NAME:
        mofrt_xml_write_instancename(w, path);
        break;
    case MOFSRV_EMIT_OBJECT:
    case MOFSRV_EMIT_INSTANCEWITHPATH:
        mofrt_xw_start(w, x->emit == MOFSRV_EMIT_OBJECT ? "VALUE.OBJECTWITHPATH" : "VALUE.INSTANCEWITHPATH");
        write_instancepath(x, path);
        mofrt_xml_write_instance_with(w, out, v.origins);
        mofrt_xw_end(w);
        break;
    case MOFSRV_EMIT_OBJECTPATH:
        mofrt_xw_start(w, "OBJECTPATH");
        write_instancepath(x, path);
        mofrt_xw_end(w);
        break;
    case MOFSRV_EMIT_INSTANCEPATH:
        write_instancepath(x, path);
        break;
    }
    mofsrv_iview_clear(&v);
    x->count++;
    if (w->buf->failed)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "cannot encode the result");
    return 0;
}

void mofsrv_xsink_init(mofsrv_xsink *x, const mofsrv *s, const mofrt_op *op, const mofsrv_class *want,
                       mofsrv_emit emit, mofrt_xw *w)
{
    mofsrv_nsink_init(&x->n, s, mofsrv_xsink_take, x);
    x->op = op;
    x->want = want;
    x->only_of = NULL;
    x->emit = emit;
    x->w = w;
    x->host = "localhost";
    x->count = 0;
    x->n.no_name = emit == MOFSRV_EMIT_INSTANCE;   /* an INSTANCE carries no name */
}
