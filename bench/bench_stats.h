/* make bench: the median the benchmark programs print. */
#ifndef MOFC_BENCH_STATS_H
#define MOFC_BENCH_STATS_H

/* Sorts v[0..n) ascending in place (so v[0] and v[n-1] are then the least
 * and the greatest) and returns the median v[n/2]; n >= 1. */
double bench_median(double *v, int n);
#endif
