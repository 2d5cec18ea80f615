# Benchmarks for the compiler (make bench). The runtime's are in runtime/module.mk.
# BENCH_RUNS: runs per measurement (median); BENCH_SHAPES: a subset of
# bench_shapes' shapes (default all).
BENCH_RUNS ?= 5
BENCH_SHAPES ?=

$(B)/bench/bench_check: bench/bench_check.c bench/bench_run.c bench/bench_run.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ bench/bench_check.c bench/bench_run.c

$(B)/bench/bench_shapes: bench/bench_shapes.c bench/bench_run.c bench/bench_run.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ bench/bench_shapes.c bench/bench_run.c

check-bench: $(B)/mofc $(B)/bench/bench_check
	@B=$(B) SHARED=$(SHARED) sh bench/bench_check.sh
BENCH_TARGETS += check-bench
.PHONY: check-bench

diff-bench: $(B)/mofc $(B)/bench/bench_check
	@B=$(B) SHARED=$(SHARED) sh bench/bench_diff.sh
BENCH_TARGETS += diff-bench
.PHONY: diff-bench

# Each input shape at n and 4n (docs/limits.md, "Cost by input shape").
shapes-bench: $(B)/mofc $(B)/bench/bench_shapes
	@T=$$(mktemp -d) && trap 'rm -rf "$$T"' EXIT && \
	./$(B)/bench/bench_shapes $(abspath $(B))/mofc "$$T" $(BENCH_RUNS) $(BENCH_SHAPES)
BENCH_TARGETS += shapes-bench
.PHONY: shapes-bench
