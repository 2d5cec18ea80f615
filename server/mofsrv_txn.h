/* libmofsrv: a transaction, the unit of durability: a list of instance
 * puts (insert or replace) and deletes, applied all or nothing. */
#ifndef MOFSRV_TXN_H
#define MOFSRV_TXN_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/mofrt.h"

typedef struct mofsrv_txn_op {
    mofrt_instance *inst;      /* put: owned, inst->path set */
    mofrt_path *del;           /* delete: owned */
} mofsrv_txn_op;

typedef struct mofsrv_txn {
    size_t count, cap;
    mofsrv_txn_op *ops;
} mofsrv_txn;

#define MOFSRV_TXN_INIT { 0, 0, NULL }

/* Both take ownership, on failure too. */
int mofsrv_txn_put(mofsrv_txn *t, mofrt_instance *inst, mofrt_error *err);
int mofsrv_txn_del(mofsrv_txn *t, mofrt_path *path, mofrt_error *err);
void mofsrv_txn_clear(mofsrv_txn *t);

/* The record's CIM-XML payload: an IMETHODCALL "HvTxn" whose IPARAMVALUEs
 * are P<n> (VALUE.NAMEDINSTANCE) and D<n> (INSTANCENAME), ops[from, to). */
int mofsrv_txn_encode(const mofsrv_txn *t, size_t from, size_t to, mofrt_buf *out, mofrt_error *err);
/* Inverse: decodes a payload into t (appending). */
int mofsrv_txn_decode(mofrt_decoder *dec, const char *xml, size_t len, mofsrv_txn *t, mofrt_error *err);

#endif
