# Generated code, built and exercised: the Hyper-V schema through mofc gen,
# compiled warning-free (CFLAGS_ALL has -Werror) against libmofrt.
HV_GEN := $(B)/gen/hyperv
HV_MOF := schemas/WindowsHyperVCluster.V2.mof

# mofc rewrites an output only when it changes; the stamp records the run.
$(HV_GEN)/.stamp: $(B)/mofc $(HV_MOF) schemas/CIM_HyperVBase.mof $(wildcard templates/*.mustache)
	@mkdir -p $(HV_GEN)
	$(B)/mofc gen -q -o $(HV_GEN) $(HV_MOF)
	@touch $@
$(HV_GEN)/WindowsHyperVCluster_V2.c $(HV_GEN)/WindowsHyperVCluster_V2.h: $(HV_GEN)/.stamp

$(HV_GEN)/WindowsHyperVCluster_V2.o: $(HV_GEN)/WindowsHyperVCluster_V2.c $(HV_GEN)/WindowsHyperVCluster_V2.h $(FLAGS_STAMP)
	$(CC) $(CSTD) $(WARN) $(OPT) $(SAN_FLAGS) -Iruntime -I$(HV_GEN) -c $< -o $@

$(B)/tests/gen/test_gen_hyperv.o: tests/gen/test_gen_hyperv.c $(HV_GEN)/WindowsHyperVCluster_V2.h $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(OPT) $(SAN_FLAGS) -I. -Iruntime -I$(HV_GEN) -c $< -o $@

$(B)/tests/test_gen_hyperv: $(B)/tests/gen/test_gen_hyperv.o $(HV_GEN)/WindowsHyperVCluster_V2.o $(B)/libmofrt.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(XML_LIBS) $(CMOCKA_LIBS)
CHECK_PROGS += $(B)/tests/test_gen_hyperv
CHECK_SCRIPTS += tests/gen/test_gen.sh tests/gen/test_gen_cim.sh

# The typed provider interface and the --skeleton module of a small schema.
PT_GEN := $(B)/gen/provider
$(PT_GEN)/.stamp: $(B)/mofc tests/gen/provider.mof $(wildcard templates/*.mustache)
	@mkdir -p $(PT_GEN)
	rm -f $(PT_GEN)/provider_provider.c
	$(B)/mofc gen -q --skeleton -o $(PT_GEN) tests/gen/provider.mof
	@touch $@
$(PT_GEN)/provider.c $(PT_GEN)/provider.h $(PT_GEN)/provider_provider.c: $(PT_GEN)/.stamp

$(PT_GEN)/%.o: $(PT_GEN)/%.c $(PT_GEN)/.stamp $(FLAGS_STAMP)
	$(CC) $(CSTD) $(WARN) $(OPT) $(SAN_FLAGS) -Iruntime -I$(PT_GEN) -c $< -o $@

$(B)/tests/gen/test_gen_provider.o: tests/gen/test_gen_provider.c $(PT_GEN)/.stamp $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(OPT) $(SAN_FLAGS) -I. -Iruntime -I$(PT_GEN) -c $< -o $@

$(B)/tests/test_gen_provider: $(B)/tests/gen/test_gen_provider.o $(PT_GEN)/provider.o $(PT_GEN)/provider_provider.o $(B)/libmofrt.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(XML_LIBS) $(CMOCKA_LIBS)
CHECK_PROGS += $(B)/tests/test_gen_provider
