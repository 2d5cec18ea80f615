# Benchmarks for the compiler (make bench). The runtime's are in runtime/module.mk.
# BENCH_RUNS: runs per measurement (median); BENCH_SHAPES: a subset of
# bench_shapes' shapes (default all).
BENCH_RUNS ?= 5
BENCH_SHAPES ?=

$(B)/bench/bench_check: bench/bench_check.c bench/bench_run.c bench/bench_run.h bench/bench_stats.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ bench/bench_check.c bench/bench_run.c bench/bench_stats.c

# The shapes are the linearity tests' own (tests/unit/mof_shapes.h).
BENCH_SHAPES_SRC := bench/bench_shapes.c bench/bench_run.c bench/bench_stats.c tests/unit/mof_shapes.c common/strbuf.c
$(B)/bench/bench_shapes: $(BENCH_SHAPES_SRC) bench/bench_run.h tests/unit/mof_shapes.h common/strbuf.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $(BENCH_SHAPES_SRC)

check-bench: $(B)/mofc $(B)/bench/bench_check
	@B=$(B) SHARED=$(SHARED) MOFC_BASELINE=$(MOFC_BASELINE) sh bench/bench_check.sh
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

# The server (bench/bench_server.sh): mofserve with a provider module of
# made-up instances, driven over loopback by wrk (bench/bench_wrk.lua).
$(B)/bench/server/.stamp: bench/bench_server.mof $(B)/mofc
	@mkdir -p $(dir $@)
	$(B)/mofc gen -q -o $(B)/bench/server --name bench_server bench/bench_server.mof
	@touch $@

$(B)/bench/bench_server.so: $(B)/bench/server/.stamp bench/bench_server_provider.c $(B)/libmofrt.so.0
	$(CC) $(CPPFLAGS_ALL) -Iruntime -I$(B)/bench/server $(CFLAGS_ALL) -shared -fPIC $(LDFLAGS_ALL) -o $@ \
	    $(B)/bench/server/bench_server.c bench/bench_server_provider.c -L$(B) -lmofrt -Wl,-rpath,$(abspath $(B))

server-bench: $(B)/mofserve $(B)/bench/bench_server.so
	@B=$(B) BENCH_RUNS=$(BENCH_RUNS) sh bench/bench_server.sh
BENCH_TARGETS += server-bench
.PHONY: server-bench

# mofserve --schema over the whole CIM 2.49: start to the first answered
# GetClass, server CPU and peak RSS (bench/bench_mofserve_start.sh).
mofserve-start-bench: $(B)/mofserve
	@B=$(B) SHARED=$(SHARED) BENCH_RUNS=$(BENCH_RUNS) sh bench/bench_mofserve_start.sh
BENCH_TARGETS += mofserve-start-bench
.PHONY: mofserve-start-bench

# The store's DeleteInstance cascade at 1,000 and 10,000 stored
# associations (bench/bench_store.c, on the static libmofsrv).
$(B)/bench/bench_store.o: private CPPFLAGS += -Iruntime -pthread $(MHD_CFLAGS)
$(B)/bench/bench_store: $(B)/bench/bench_store.o $(B)/bench/bench_stats.o $(B)/libmofsrv.a $(B)/libmofrt.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -pthread -o $@ $^ $(XML_LIBS) $(MHD_LIBS) -ldl -lm

store-bench: $(B)/bench/bench_store
	@./$(B)/bench/bench_store $(BENCH_RUNS)
BENCH_TARGETS += store-bench
.PHONY: store-bench

# A PropertyList of k names over n instances, at (n, k) and (4n, 4k): the
# list sorted once per request against scanned per test (bench/bench_plist.c).
$(B)/bench/bench_plist.o: private CPPFLAGS += -Iruntime -pthread $(MHD_CFLAGS)
$(B)/bench/bench_plist: $(B)/bench/bench_plist.o $(B)/bench/bench_stats.o $(B)/libmofsrv.a $(B)/libmofrt.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -pthread -o $@ $^ $(XML_LIBS) $(MHD_LIBS) -ldl -lm

plist-bench: $(B)/bench/bench_plist
	@./$(B)/bench/bench_plist $(BENCH_RUNS)
BENCH_TARGETS += plist-bench
.PHONY: plist-bench
