/* libmofsrv: an operation running in a thread of the host's pool
 * (mofsrv_workers.h), its results
 * encoded one by one into a bounded queue — what the pull operations and
 * the streamed answers of the classic enumerations read from. The thread
 * waits while the queue is full, so memory does not grow with the number of
 * results; freeing the producer cancels it (the provider's next post
 * fails, it stops) and waits for it to end. */
#ifndef MOFSRV_PRODUCER_H
#define MOFSRV_PRODUCER_H

#include <stdatomic.h>

#include "server/mofsrv_ops.h"

#define MOFSRV_PRODUCER_QUEUE 256   /* results waiting */
#define MOFSRV_PRODUCER_WATCH_MS 20 /* a full queue's look at its reader's thread */

typedef struct mofsrv_producer mofsrv_producer;

/* Starts op (copied: the request may be freed): an enumeration of c, or
 * (op->kind Associators/References and their Names) the associations of
 * source; results of other classes than `want` dropped, DeepInheritance
 * false applied on c; each result written as `emit`. NULL with err. */
mofsrv_producer *mofsrv_producer_start(const mofsrv *s, const mofrt_op *op, const mofsrv_class *c,
                                       const mofrt_path *source, mofsrv_emit emit, mofrt_error *err);

/* Waits until `want` results are queued (at most the queue's size) or the
 * operation has ended, then appends up to max of them to out. *end is set
 * when no result is left and none will come. -1 with err when the
 * operation failed and every result before the failure has been taken. */
int mofsrv_producer_take(mofsrv_producer *p, size_t want, size_t max, mofrt_buf *out, bool *end,
                         mofrt_error *err);

/* The reader of p is a thread that also handles other requests (a pool
 * thread streaming the answer): *reader_busy is true while it handles
 * one. Then a full queue grows rather than waits: that request may wait
 * for something the operation holds (the store's read lock, a provider's
 * mutex held while it posts) and would never end, nor would the
 * operation (a deadlock). The queue grows only while the reader's thread
 * is in another request; it stays bounded for a reader that is only slow.
 * reader_busy must stay valid until p is freed. */
void mofsrv_producer_watch(mofsrv_producer *p, const atomic_bool *reader_busy);

/* EnumerationCount's view (mofsrv_pull.c): the results taken so far, and
 * whether what is left is known without running the operation further:
 * true when it has ended without failing (every result it will give is
 * queued), *left then the queued results. */
bool mofsrv_producer_left(mofsrv_producer *p, uint64_t *taken, uint64_t *left);

/* Cancels, waits for the operation's end, frees. NULL-safe. */
void mofsrv_producer_free(mofsrv_producer *p);

#endif
