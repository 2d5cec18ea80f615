/* libmofsrv: durable state.
 *
 * FILE (--state) is a snapshot; FILE.journal holds the transactions
 * committed since. Both are sequences of records
 *     "HVJ1 <payload length> <crc32 hex>\n" <payload: mofsrv_txn_encode> "\n"
 * the snapshot framed by "HVSNAP1\n" ... "HVEND <records>\n".
 *
 * - A snapshot is only ever replaced whole: written to FILE.tmp, fsync'd,
 *   renamed over FILE, directory fsync'd. A crash leaves the old or the new.
 * - A transaction is appended to the journal as one record and fdatasync'd
 *   before the caller is answered (concurrent commits share one write and
 *   one fdatasync: group commit). On a write error the journal is cut back
 *   to its previous length, so nothing is half-written, and the store is
 *   left unchanged. At start-up a torn or corrupt tail (a record whose
 *   response never went out) is cut off.
 * - When the journal outgrows the snapshot the state is compacted into a
 *   new snapshot and the journal emptied; replaying a journal over a
 *   snapshot that already contains it gives the same state (puts and
 *   deletes are idempotent in order), so a crash in between is harmless.
 *
 * Only durable transactions reach the store: readers never see state that
 * a crash could take back. */
#ifndef MOFSRV_PERSIST_H
#define MOFSRV_PERSIST_H

#include <stdbool.h>
#include <stddef.h>

#include "server/mofsrv_store.h"
#include "server/mofsrv_txn.h"

typedef struct mofsrv_persist mofsrv_persist;

/* Loads FILE (+ journal) into st, or, when FILE does not exist, fills st
 * from the schema's fixture instances and writes the first snapshot. Starts
 * the committer thread. NULL with err on failure. */
mofsrv_persist *mofsrv_persist_open(const char *path, mofsrv_store *st, mofrt_error *err);
/* Stops the committer (pending commits finish first) and closes. */
void mofsrv_persist_close(mofsrv_persist *p);

/* Makes t durable, then applies it to the store. Consumes t (cleared on
 * return). -1 with err (CIM_ERR_FAILED) when it could not be written: the
 * journal and the store are unchanged. */
int mofsrv_persist_commit(mofsrv_persist *p, mofsrv_txn *t, mofrt_error *err);

/* Verifies a state file and its journal without changing them: counts of
 * snapshot instances and journal records; -1 when the snapshot is not whole
 * (a journal tail that is torn is reported in *torn, not an error). */
int mofsrv_persist_check(const char *path, const mofsrv_schema *schema, size_t *ninst, size_t *nrec,
                     bool *torn, mofrt_error *err);

#endif
