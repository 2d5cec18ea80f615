/* libmofsrv: transactions and their CIM-XML record form. */
#include "server/mofsrv_txn.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add(mofsrv_txn *t, mofrt_instance *inst, mofrt_path *del, mofrt_error *err)
{
    if (t->count == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 8;
        mofsrv_txn_op *n = realloc(t->ops, nc * sizeof *n);
        if (!n) {
            mofrt_instance_free(inst);
            mofrt_path_free(del);
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
        }
        t->ops = n;
        t->cap = nc;
    }
    t->ops[t->count].inst = inst;
    t->ops[t->count].del = del;
    t->count++;
    return 0;
}

int mofsrv_txn_put(mofsrv_txn *t, mofrt_instance *inst, mofrt_error *err)
{
    if (!inst || !inst->path) {
        mofrt_instance_free(inst);
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "put without a path");
    }
    return add(t, inst, NULL, err);
}

int mofsrv_txn_del(mofsrv_txn *t, mofrt_path *path, mofrt_error *err)
{
    if (!path)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    return add(t, NULL, path, err);
}

void mofsrv_txn_clear(mofsrv_txn *t)
{
    for (size_t i = 0; i < t->count; i++) {
        mofrt_instance_free(t->ops[i].inst);
        mofrt_path_free(t->ops[i].del);
    }
    free(t->ops);
    memset(t, 0, sizeof *t);
}

int mofsrv_txn_encode(const mofsrv_txn *t, size_t from, size_t to, mofrt_buf *out, mofrt_error *err)
{
    mofrt_xw w;
    mofrt_xw_init(&w, out);
    mofrt_buf_puts(out, "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"0\" "
                        "PROTOCOLVERSION=\"1.0\"><SIMPLEREQ><IMETHODCALL NAME=\"HvTxn\">"
                        "<LOCALNAMESPACEPATH><NAMESPACE NAME=\"hvclusterd\"/></LOCALNAMESPACEPATH>");
    for (size_t i = from; i < to; i++) {
        char name[32];
        snprintf(name, sizeof name, "%c%zu", t->ops[i].inst ? 'P' : 'D', i - from);
        mofrt_xw_start(&w, "IPARAMVALUE");
        mofrt_xw_attr(&w, "NAME", name);
        if (t->ops[i].inst)
            mofrt_xml_write_named_instance(&w, t->ops[i].inst);
        else
            mofrt_xml_write_instancename(&w, t->ops[i].del);
        mofrt_xw_end(&w);
    }
    if (mofrt_xw_finish(&w, err) < 0)
        return -1;
    mofrt_buf_puts(out, "</IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>");
    if (out->failed)
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
    return 0;
}

int mofsrv_txn_decode(mofrt_decoder *dec, const char *xml, size_t len, mofsrv_txn *t, mofrt_error *err)
{
    mofrt_limits lim = mofrt_limits_default();
    lim.max_input = 256u << 20;
    lim.max_params = 4096;
    mofrt_request req;
    if (mofrt_decoder_request(dec, xml, len, &lim, &req, err) < 0) {
        mofrt_request_clear(&req);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < req.nparams && rc == 0; i++) {
        mofrt_param *p = &req.params[i];
        if (p->name[0] == 'P' && p->kind == MOFRT_PV_NAMEDINSTANCE && p->value.v.emb.inst &&
            p->value.v.emb.inst->path) {
            rc = mofsrv_txn_put(t, p->value.v.emb.inst, err);
            p->value.v.emb.inst = NULL;
        } else if (p->name[0] == 'D' && p->kind == MOFRT_PV_INSTANCENAME && p->value.v.ref) {
            rc = mofsrv_txn_del(t, p->value.v.ref, err);
            p->value.v.ref = NULL;
        } else {
            rc = mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_CIMXML,
                                 "unexpected record entry %.40s", p->name);
        }
    }
    mofrt_request_clear(&req);
    return rc;
}
