# Template engine (codegen/tmpl*): library sources, unit test, benchmark.
MOFC_SRCS += codegen/tmpl_value.c codegen/tmpl_parse.c codegen/tmpl_render.c codegen/tmpl_stream.c codegen/tmpl_memo.c

$(B)/tests/test_tmpl: $(B)/tests/unit/test_tmpl.o $(B)/tests/unit/json_read.o $(B)/libmofc.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(CMOCKA_LIBS) -lm $(LIBS)

CHECK_PROGS += $(B)/tests/test_tmpl

# The benchmark builds a schema-sized model in C, as the code generator will.
$(B)/bench/bench_tmpl: $(B)/bench/bench_tmpl.o $(B)/bench/bench_stats.o $(B)/libmofc.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ -lm $(LIBS)

tmpl-bench: $(B)/bench/bench_tmpl
	./$(B)/bench/bench_tmpl

BENCH_TARGETS += tmpl-bench
.PHONY: tmpl-bench
