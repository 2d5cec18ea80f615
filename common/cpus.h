/* How many processors this process may run on: the ones its CPU affinity
 * mask allows (sched_getaffinity: a cpuset or `taskset` of a container or
 * CI job), not every processor online. mofc starts a second thread (the
 * read-ahead of included files, gen's render thread) only when there are
 * at least two: on one, the threads would only take turns, and a check
 * would cost more CPU than on one thread. */
#ifndef MOFC_CPUS_H
#define MOFC_CPUS_H

/* At least 1. Falls back to sysconf(_SC_NPROCESSORS_ONLN) where the mask
 * cannot be read. */
long cpus_usable(void);

#endif
