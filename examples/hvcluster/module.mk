# examples/hvcluster: hvclusterd, a simulated Hyper-V cluster host serving
# Root\HyperVCluster\v2 over CIM-XML/HTTP: libmofsrv (the server, the
# store and its journal) + mofc-generated code + its own Hyper-V logic.
# See docs/hvcluster.md.
HV_DIR    := examples/hvcluster
HV_B      := $(B)/$(HV_DIR)
HV_GEN    := $(HV_B)/gen/WindowsHyperVCluster_V2
HV_MODS   := main provider provider_util provider_jobs locks jobs ids hvutil
HV_OBJS   := $(HV_MODS:%=$(HV_B)/%.o)
HV_MOFS   := $(HV_DIR)/hvcluster_ext.mof schemas/WindowsHyperVCluster.V2.mof schemas/CIM_HyperVBase.mof

HVCLUSTERD := $(HV_B)/hvclusterd
ALL_TARGETS += $(HVCLUSTERD) $(HV_B)/fixture.xml

# Generated code: C structs, descriptors and dispatch thunks for the schema
# plus the provider's own class (hvcluster_ext.mof includes the schema).
$(HV_B)/gen/.stamp: $(HV_MOFS) $(B)/mofc $(wildcard templates/*.mustache)
	@mkdir -p $(dir $@)
	$(B)/mofc gen -q -o $(HV_B)/gen --name WindowsHyperVCluster_V2 -I schemas $(HV_DIR)/hvcluster_ext.mof
	@touch $@
$(HV_GEN).c $(HV_GEN).h: $(HV_B)/gen/.stamp

$(HV_GEN).o: $(HV_GEN).c $(FLAGS_STAMP)
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) -Iruntime $(CFLAGS_ALL) $(XML_CFLAGS) -MMD -MP -c $< -o $@

# The fixture compiled to CIM-XML: classes (for GetClass) and instances.
$(HV_B)/fixture.xml: $(HV_DIR)/fixture.mof $(HV_MOFS) $(B)/mofc
	@mkdir -p $(dir $@)
	$(B)/mofc export -q -o $@ -I schemas -I $(HV_DIR) $(HV_DIR)/fixture.mof

$(HV_OBJS): $(HV_GEN).h
$(HV_OBJS): private CPPFLAGS += -Iruntime -pthread -DHV_MOF_PATH='"$(abspath $(HV_DIR)):$(abspath schemas):$(DATADIR)/mofc/hvcluster"'

$(HVCLUSTERD): $(HV_OBJS) $(HV_GEN).o $(B)/libmofsrv.a $(B)/libmofrt.a
	$(CC) $(LDFLAGS_ALL) -pthread -o $@ $^ $(XML_LIBS) $(MHD_LIBS) -ldl -lm

# The provider without main(), for tests/fuzz/fuzz_http.c (request
# handling without a network: libmofsrv's handler on this provider).
$(HV_B)/libhvcore.a: $(filter-out $(HV_B)/main.o,$(HV_OBJS)) $(HV_GEN).o
	@rm -f $@
	ar rcs $@ $^

# Install: the demo server (not a user command: under libexec, not bin),
# its fixture (compiled and source) and the MOFs a --fixture FILE.mof may
# include.
LIBEXECDIR ?= $(PREFIX)/libexec
INSTALL_TARGETS += install-hvcluster
install-hvcluster: $(HVCLUSTERD) $(HV_B)/fixture.xml
	install -d $(DESTDIR)$(LIBEXECDIR)/mofc $(DESTDIR)$(DATADIR)/mofc/hvcluster
	install -m 755 $(HVCLUSTERD) $(DESTDIR)$(LIBEXECDIR)/mofc/hvclusterd
	@echo "note: the Hyper-V demo server is installed as $(LIBEXECDIR)/mofc/hvclusterd (not in $(BINDIR))"
	install -m 644 $(HV_B)/fixture.xml $(HV_DIR)/fixture.mof $(HV_MOFS) $(DESTDIR)$(DATADIR)/mofc/hvcluster/

# Tests (shell; they start servers on free ports).
CHECK_SCRIPTS += tests/hvcluster/test_hvcluster_methods.sh tests/hvcluster/test_hvcluster_http.sh \
                 tests/hvcluster/test_hvcluster_wbemcli.sh tests/hvcluster/test_hvcluster_durability.sh \
                 tests/hvcluster/test_hvcluster_state.sh
check: $(HVCLUSTERD) $(HV_B)/fixture.xml

hvcluster-check: $(HVCLUSTERD) $(HV_B)/fixture.xml
	@fail=0; for t in tests/hvcluster/test_hvcluster_*.sh; do echo "== $$t"; \
	  MOFC=$(B)/mofc B=$(B) sh $$t || fail=1; done; exit $$fail

# Benchmark (make bench): wrk over loopback.
BENCH_TARGETS += hvcluster-bench
hvcluster-bench: $(HVCLUSTERD) $(HV_B)/fixture.xml
	@B=$(B) sh bench/bench_hvcluster.sh

.PHONY: install-hvcluster hvcluster-check hvcluster-bench

# The README's main job: check the schema, serve the fixture, call
# CreateReferencePoint with wbemcli.
demo: $(B)/mofc $(HVCLUSTERD) $(HV_B)/fixture.xml
	@B=$(B) sh $(HV_DIR)/demo.sh
.PHONY: demo
