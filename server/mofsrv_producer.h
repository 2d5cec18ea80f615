/* libmofsrv: an operation running in a thread of the host's pool
 * (mofsrv_workers.h), its results
 * encoded one by one into a bounded queue — what the pull operations and
 * the streamed answers of the classic enumerations read from. The thread
 * waits while the queue is full, so memory does not grow with the number
 * or the size of the results: a queue holds at most MOFSRV_PRODUCER_QUEUE
 * results and MOFSRV_PRODUCER_QUEUE_BYTES of them, and all the queues of
 * the process together MOFSRV_PRODUCER_TOTAL_BYTES (an attacker opening
 * pull contexts and never pulling holds that much, not what the contexts'
 * results weigh); an empty queue always takes one result, however big,
 * so every operation goes on. Freeing the producer cancels it (the
 * provider's next post fails, it stops) and waits for it to end. */
#ifndef MOFSRV_PRODUCER_H
#define MOFSRV_PRODUCER_H

#include <stdatomic.h>

#include "server/mofsrv_ops.h"

#define MOFSRV_PRODUCER_QUEUE 256   /* results waiting in one queue */
#define MOFSRV_PRODUCER_QUEUE_BYTES ((size_t)1 << 20)        /* their encoded bytes */
#define MOFSRV_PRODUCER_TOTAL_BYTES ((size_t)32 << 20)       /* every queue's, in all */
#define MOFSRV_PRODUCER_WATCH_MS 20 /* a full queue's look at its reader's thread */
/* A queue at the total whose reader's thread stays in another request this
 * long: the operation's post fails (see mofsrv_producer_watch). */
#define MOFSRV_PRODUCER_STALL_MS 5000

typedef struct mofsrv_producer mofsrv_producer;

/* Starts op (copied: the request may be freed): an enumeration of c, or
 * (op->kind Associators/References and their Names) the associations of
 * source; results of other classes than `want` dropped, DeepInheritance
 * false applied on c; each result written as `emit`. NULL with err. */
mofsrv_producer *mofsrv_producer_start(const mofsrv *s, const mofrt_op *op, const mofsrv_class *c,
                                       const mofrt_path *source, mofsrv_emit emit, mofrt_error *err);

/* Waits until `want` results are queued (at most the queue's size), the
 * queue is full by its bytes or the process's total, or the operation has
 * ended, then appends up to max of them (and at most
 * MOFSRV_PRODUCER_QUEUE_BYTES, but at least one) to out. *end is set
 * when no result is left and none will come. -1 with err when the
 * operation failed and every result before the failure has been taken. */
int mofsrv_producer_take(mofsrv_producer *p, size_t want, size_t max, mofrt_buf *out, bool *end,
                         mofrt_error *err);

/* The reader of p is a thread that also handles other requests (a pool
 * thread streaming the answer): *reader_busy is true while it handles
 * one. Then a full queue grows past its own bounds rather than waits:
 * that request may wait for something the operation holds (a provider's
 * mutex held while it posts) and would never end, nor would the
 * operation (a deadlock). It grows only while the reader's thread is in
 * another request, and never past the process's total: there a post
 * waits, and fails (CIM_ERR_SERVER_LIMITS_EXCEEDED, the answer is cut)
 * when the reader's thread stays in other requests for
 * MOFSRV_PRODUCER_STALL_MS, which ends such a deadlock. The store holds
 * no lock while it waits (mofsrv_producer_defer), so its enumerations
 * never come to that. reader_busy must stay valid until p is freed. */
void mofsrv_producer_watch(mofsrv_producer *p, const atomic_bool *reader_busy);

/* EnumerationCount's view (mofsrv_pull.c): the results taken so far, and
 * whether what is left is known without running the operation further:
 * true when it has ended without failing (every result it will give is
 * queued), *left then the queued results. */
bool mofsrv_producer_left(mofsrv_producer *p, uint64_t *taken, uint64_t *left);

/* For an operation that posts while it holds a lock others may wait for
 * (the store's read lock): after mofsrv_producer_defer(true), the posts of
 * the producer this thread runs never wait (a result past the bounds is
 * queued all the same); after each post the operation asks
 * mofsrv_producer_over() and, when it is true, lets its lock go, calls
 * mofsrv_producer_wait() (which waits for room in the queue, or for the
 * reader to go) and takes the lock again (mofsrv_store_each_yield). A
 * queue so holds at most one result past its bounds. defer returns the
 * previous setting, to restore; in a thread that runs no producer the
 * three do nothing (over() is false). */
bool mofsrv_producer_defer(bool on);
bool mofsrv_producer_over(void);
void mofsrv_producer_wait(void);

/* Cancels, waits for the operation's end, frees. NULL-safe. */
void mofsrv_producer_free(mofsrv_producer *p);

#endif
