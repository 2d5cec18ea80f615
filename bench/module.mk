# Benchmarks for the compiler (make bench). The runtime's are in runtime/module.mk.
$(B)/bench/bench_check: bench/bench_check.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $<

check-bench: $(B)/mofc $(B)/bench/bench_check
	@B=$(B) SHARED=$(SHARED) sh bench/bench_check.sh
BENCH_TARGETS += check-bench
.PHONY: check-bench

diff-bench: $(B)/mofc $(B)/bench/bench_check
	@B=$(B) SHARED=$(SHARED) sh bench/bench_diff.sh
BENCH_TARGETS += diff-bench
.PHONY: diff-bench
