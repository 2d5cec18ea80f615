# Hostile input at full scale (docs/limits.md): every limit of mofc and of
# libmofrt reached, with its error code and place; valgrind on demand.
$(B)/tests/test_limits_rt: $(B)/tests/limits/test_limits_rt.o $(B)/tests/unit/crp_tables.o $(B)/libmofrt.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(XML_LIBS) $(CMOCKA_LIBS)
.SECONDARY: $(B)/tests/limits/test_limits_rt.o

CHECK_PROGS   += $(B)/tests/test_limits_rt
CHECK_SCRIPTS += tests/limits/test_limits.sh

# make valgrind: mofc check and mofc gen over CIM 2.49, the replay of the
# fuzz corpora and an hvclusterd session under valgrind (several minutes;
# not part of make check).
valgrind: $(B)/mofc $(FUZZ_HARNESSES:%=$(B)/tests/fuzz/replay_%) $(B)/examples/hvcluster/hvclusterd
	MOFC=$(B)/mofc B=$(B) SHARED=$(SHARED) sh tests/limits/valgrind.sh

.PHONY: valgrind
