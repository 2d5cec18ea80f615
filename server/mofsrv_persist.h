/* libmofsrv: durable state.
 *
 * FILE (--state) is a snapshot; FILE.journal holds the transactions
 * committed since. Both are sequences of records
 *     "HVJ2 <seq> <payload length> <crc32 hex>\n" <payload: mofsrv_txn_encode> "\n"
 * the snapshot framed by "HVSNAP1\n" ... "HVEND <records>\n". <seq> is the
 * record's place in its file (1, 2, ...; the journal starts again at 1
 * when it is emptied), so a record repeated, reordered or missing is
 * damage. Files written before <seq> hold "HVJ1 <length> <crc>" records:
 * they are read (no sequence to check), and records appended to them are
 * HVJ2, numbered by their place in the file.
 *
 * - A snapshot is only ever replaced whole: written to FILE.tmp, fsync'd,
 *   renamed over FILE, directory fsync'd. A crash leaves the old or the new.
 * - A transaction is appended to the journal as one record and fdatasync'd
 *   before the caller is answered (concurrent commits share one write and
 *   one fdatasync: group commit). On a write error the journal is cut back
 *   to its previous length, so nothing is half-written, and the store is
 *   left unchanged. At start-up a torn last record (short: its write was
 *   cut by a crash, so its response never went out) is cut off. A record
 *   that cannot be read with whole records after it is damage, not a torn
 *   write: those records were acknowledged; so is a whole record (header,
 *   all its bytes, its end) whose checksum is wrong or whose number is not
 *   its place, even last: it was written whole and may have been
 *   acknowledged. Start-up refuses damage, saying where, unless told to
 *   recover (then the damaged part is saved aside and every record it held
 *   is listed).
 * - FILE and FILE.journal must be regular files (mofsrv_file.h).
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

/* What reading a sequence of records found. */
typedef struct mofsrv_replay {
    size_t nrec;               /* whole records read, in order, up to good_len */
    size_t good_len;           /* bytes of them: where reading stopped */
    bool torn;                 /* bytes after good_len with no whole record after them */
    bool damaged;              /* an unreadable record followed by whole records */
    size_t resume;             /* damaged: offset of the first whole record after it */
    size_t after;              /* damaged: whole records after it (acknowledged) */
    char why[96];              /* damaged: what is wrong with the record ("cannot be read", ...) */
} mofsrv_replay;

/* Loads FILE (+ journal) into st, or, when FILE does not exist, fills st
 * from the schema's fixture instances and writes the first snapshot. Starts
 * the committer thread. A damaged journal is refused unless recover: then
 * the journal is cut at the damage, the bytes from there are saved in
 * FILE.journal.damaged-<unix time> and what they held is written to report
 * (as is a torn last record that was cut; report may be NULL). NULL with
 * err on failure. */
mofsrv_persist *mofsrv_persist_open(const char *path, mofsrv_store *st, bool recover, mofrt_buf *report,
                            mofrt_error *err);
/* Stops the committer (pending commits finish first) and closes. */
void mofsrv_persist_close(mofsrv_persist *p);

/* Makes t durable, then applies it to the store. Consumes t (cleared on
 * return). -1 with err (CIM_ERR_FAILED) when it could not be written: the
 * journal and the store are unchanged. */
int mofsrv_persist_commit(mofsrv_persist *p, mofsrv_txn *t, mofrt_error *err);

/* Verifies a state file and its journal without changing them, loading
 * them as start-up does: the snapshot's record count and what reading the
 * journal found; -1 when start-up would refuse them (snapshot not whole,
 * a record that cannot be stored, a damaged journal). A torn last record
 * is reported in jr->torn, not an error. */
int mofsrv_persist_check(const char *path, const mofsrv_schema *schema, size_t *ninst, mofsrv_replay *jr,
                     mofrt_error *err);

#endif
