# Fuzzing (docs/limits.md, "Fuzzing"). Each harness tests/fuzz/fuzz_<h>.c
# is built two ways:
#   $(B)/tests/fuzz/replay_<h>  with replay_main.c and the normal compiler:
#                               `make check` feeds it its corpus once;
#   build-fuzz/fuzz/fuzz_<h>    with clang's libFuzzer, ASan and UBSan:
#                               `make fuzz FUZZ_SECONDS=N` runs each for N s.
# fmt: mofc fmt (format/) on what parses: succeeds, same tree, idempotent.
# http: libmofsrv request handling (server/mofsrv_handler.h) with hvclusterd on the
# bundled fixture, without a network (libmicrohttpd is linked, never started).
FUZZ_HARNESSES := mof fmt gen tmpl xml_request xml_instance path value http
FUZZ_SECONDS   ?= 60
FUZZ_B         ?= build-fuzz
FUZZ_ONLY      ?= $(FUZZ_HARNESSES)

FUZZ_DEPS_mof          := $(B)/libmofc.a
FUZZ_DEPS_fmt          := $(B)/libmofc.a
FUZZ_DEPS_gen          := $(B)/libmofc.a
FUZZ_DEPS_tmpl         := $(B)/libmofc.a
FUZZ_DEPS_xml_request  := $(B)/tests/unit/crp_tables.o $(B)/libmofrt.a
FUZZ_DEPS_xml_instance := $(B)/libmofrt.a
FUZZ_DEPS_path         := $(B)/libmofrt.a
FUZZ_DEPS_value        := $(B)/libmofrt.a
FUZZ_DEPS_http         := $(B)/examples/hvcluster/libhvcore.a $(B)/libmofsrv.a $(B)/libmofrt.a

define FUZZ_HARNESS
$(B)/tests/fuzz/replay_$(1): $(B)/tests/fuzz/fuzz_$(1).o $(B)/tests/fuzz/fuzz_util.o $(B)/tests/fuzz/replay_main.o $(FUZZ_DEPS_$(1))
	$$(CC) $$(LDFLAGS_ALL) -o $$@ $$^ $$(XML_LIBS) -lm $$(LIBS)
$(B)/fuzz/fuzz_$(1): $(B)/tests/fuzz/fuzz_$(1).o $(B)/tests/fuzz/fuzz_util.o $(FUZZ_DEPS_$(1))
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS_ALL) -fsanitize=fuzzer -o $$@ $$^ $$(XML_LIBS) -lm $$(LIBS)
endef
$(foreach h,$(FUZZ_HARNESSES),$(eval $(call FUZZ_HARNESS,$(h))))

.SECONDARY: $(FUZZ_HARNESSES:%=$(B)/tests/fuzz/fuzz_%.o) $(B)/tests/fuzz/fuzz_util.o $(B)/tests/fuzz/replay_main.o
$(B)/tests/fuzz/fuzz_mof.o $(B)/tests/fuzz/fuzz_fmt.o $(B)/tests/fuzz/fuzz_gen.o: $(B)/parser/mof_parser.h
$(B)/tests/fuzz/fuzz_http.o: $(B)/examples/hvcluster/gen/WindowsHyperVCluster_V2.h
$(B)/tests/fuzz/fuzz_http.o: private CPPFLAGS += -Iruntime -pthread \
    -DHV_FUZZ_FIXTURE='"$(abspath $(B))/examples/hvcluster/fixture.xml"'
$(B)/tests/fuzz/replay_http $(B)/fuzz/fuzz_http: private LIBS += -pthread -ldl $(MHD_LIBS)
$(B)/tests/fuzz/replay_http $(B)/fuzz/fuzz_http: | $(B)/examples/hvcluster/fixture.xml

CHECK_PROGS += $(FUZZ_HARNESSES:%=$(B)/tests/fuzz/replay_%)

# make fuzz [FUZZ_SECONDS=N] [FUZZ_ONLY="mof path"]: clang + libFuzzer in
# $(FUZZ_B); every library object is instrumented for coverage.
fuzz:
	$(MAKE) B=$(FUZZ_B) CC=clang SANITIZE=address,undefined OPT='-O1 -g' \
	    CFLAGS='-fsanitize=fuzzer-no-link' fuzz-build
	FUZZ_B=$(FUZZ_B) FUZZ_SECONDS=$(FUZZ_SECONDS) SHARED=$(SHARED) \
	    sh tests/fuzz/run.sh $(FUZZ_ONLY)

# make fuzz-long [FUZZ_LONG_SECONDS=N]: the same, every harness for longer
# (default 30 min each), for a run at depth before a release.
FUZZ_LONG_SECONDS ?= 1800
fuzz-long:
	$(MAKE) FUZZ_SECONDS=$(FUZZ_LONG_SECONDS) fuzz

fuzz-build: $(FUZZ_ONLY:%=$(B)/fuzz/fuzz_%)

# Replays of the corpora only (also part of make check).
fuzz-replay: $(FUZZ_HARNESSES:%=$(B)/tests/fuzz/replay_%)
	@for h in $(FUZZ_HARNESSES); do ./$(B)/tests/fuzz/replay_$$h || exit 1; done

.PHONY: fuzz fuzz-long fuzz-build fuzz-replay
