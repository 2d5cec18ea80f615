/* libmofsrv: the pull operations (DSP0200 5.3.2, "Open*", "Pull*",
 * CloseEnumeration, EnumerationCount).
 *
 * An Open* operation starts the enumeration in a thread of its own
 * (mofsrv_producer.h: the provider's enumerate / associators / references
 * posting into a bounded queue of encoded results) and answers with the first MaxObjectCount
 * results and an EnumerationContext; each Pull* takes the next ones; the
 * producer waits while the queue is full, so memory stays bounded whatever
 * the number of results. A context not pulled within its OperationTimeout
 * (default 60 s, 1 to 600 s: 0, "no time-out", is refused with
 * CIM_ERR_INVALID_OPERATION_TIMEOUT) is closed; CloseEnumeration closes it
 * at once (the provider's next post fails and it stops). At most
 * MOFSRV_PULL_MAX contexts are open at a time, MOFSRV_PULL_PER_USER of
 * them an authenticated user's. EnumerationCount answers
 * where the count is known without running the enumeration further: an
 * instance enumeration whose classes the store serves (its count when the
 * enumeration was opened, less the results pulled since), and any
 * enumeration that has ended with its remaining results all queued;
 * otherwise CIM_ERR_NOT_SUPPORTED (a provider's enumeration still running:
 * the count is known only at its end).
 * FilterQuery: CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED; ContinueOnError
 * true: CIM_ERR_CONTINUATION_ON_ERROR_NOT_SUPPORTED. */
#ifndef MOFSRV_PULL_H
#define MOFSRV_PULL_H

#include "server/mofsrv_host.h"

#define MOFSRV_PULL_MAX 64          /* open enumeration contexts */
/* of which one authenticated user may hold (with --auth; without it the
 * one anonymous loopback user has them all): one user opening contexts
 * and never pulling leaves the others 48 */
#define MOFSRV_PULL_PER_USER 16

/* Answers req when it is a pull operation (true), else returns false. */
bool mofsrv_pull(mofsrv *s, const mofrt_request *req, const char *user, mofrt_buf *resp);

/* Closes every context (the host is stopping). */
void mofsrv_pull_close_all(mofsrv *s);

/* The instances an enumeration of cls gives when the store serves every
 * class under it (a class nobody serves gives none): known without running
 * it, from the store's per-class lists. False when a provider serves one.
 * (EnumerationCount; EnumerateInstances(Names) answers such a class inline
 * when the count is small.) */
bool mofsrv_store_count(mofsrv *s, const mofsrv_class *cls, uint64_t *n);

#endif
