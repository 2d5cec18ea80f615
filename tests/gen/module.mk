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
