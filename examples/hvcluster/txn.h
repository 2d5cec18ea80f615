/* hvclusterd: a transaction, the unit of durability: a list of instance
 * puts (insert or replace) and deletes, applied all or nothing. */
#ifndef HV_TXN_H
#define HV_TXN_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/mofrt.h"

typedef struct hv_txn_op {
    mofrt_instance *inst;      /* put: owned, inst->path set */
    mofrt_path *del;           /* delete: owned */
} hv_txn_op;

typedef struct hv_txn {
    size_t count, cap;
    hv_txn_op *ops;
} hv_txn;

#define HV_TXN_INIT { 0, 0, NULL }

/* Both take ownership, on failure too. */
int hv_txn_put(hv_txn *t, mofrt_instance *inst, mofrt_error *err);
int hv_txn_del(hv_txn *t, mofrt_path *path, mofrt_error *err);
void hv_txn_clear(hv_txn *t);

/* The record's CIM-XML payload: an IMETHODCALL "HvTxn" whose IPARAMVALUEs
 * are P<n> (VALUE.NAMEDINSTANCE) and D<n> (INSTANCENAME), ops[from, to). */
int hv_txn_encode(const hv_txn *t, size_t from, size_t to, mofrt_buf *out, mofrt_error *err);
/* Inverse: decodes a payload into t (appending). */
int hv_txn_decode(mofrt_decoder *dec, const char *xml, size_t len, hv_txn *t, mofrt_error *err);

#endif
