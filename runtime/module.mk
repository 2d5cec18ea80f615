# libmofrt: the runtime that generated C code and providers link against.
# It never links compiler code. See docs/runtime.md.
MOFRT_MODULES := error buf str scalar datetime value instance path path_str \
                 xmlwriter xmlparse xmltree xmldec xmlmsg xmlenc field desc dispatch provider typed
MOFRT_HEADERS := runtime/mofrt.h runtime/mofrt_error.h runtime/mofrt_buf.h runtime/mofrt_str.h \
                 runtime/mofrt_value.h runtime/mofrt_path.h runtime/mofrt_xml.h runtime/mofrt_desc.h runtime/mofrt_provider.h
MOFRT_SRCS    := $(MOFRT_MODULES:%=runtime/mofrt_%.c)
RUNTIME_SRCS  += $(MOFRT_SRCS)

MOFRT_SOMAJOR := 0
MOFRT_SOLIB   := libmofrt.so.$(MOFRT_SOMAJOR).1.0

ALL_TARGETS += $(B)/libmofrt.a $(B)/libmofrt.so.$(MOFRT_SOMAJOR)

# Shared library: position-independent objects built apart from the static ones.
MOFRT_PIC_OBJS := $(MOFRT_SRCS:%.c=$(B)/pic/%.o)

$(B)/pic/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(CFLAGS_ALL) $(XML_CFLAGS) -fPIC -MMD -MP -c $< -o $@

$(B)/$(MOFRT_SOLIB): $(MOFRT_PIC_OBJS)
	$(CC) -shared -Wl,-soname,libmofrt.so.$(MOFRT_SOMAJOR) $(LDFLAGS_ALL) -o $@ $^ $(XML_LIBS)

$(B)/libmofrt.so.$(MOFRT_SOMAJOR): $(B)/$(MOFRT_SOLIB)
	ln -sf $(MOFRT_SOLIB) $@
	ln -sf libmofrt.so.$(MOFRT_SOMAJOR) $(B)/libmofrt.so

# Tests (cmocka). The dispatch test and the benchmark share the hand-written
# descriptor tables in tests/unit/crp_tables.c.
MOFRT_TESTS := $(B)/tests/test_mofrt_values $(B)/tests/test_mofrt_path \
               $(B)/tests/test_mofrt_xml $(B)/tests/test_mofrt_dispatch
CHECK_PROGS += $(MOFRT_TESTS)
# Keep the objects: they are intermediate files of the pattern rule below.
.SECONDARY: $(MOFRT_TESTS:$(B)/tests/%=$(B)/tests/unit/%.o) $(B)/tests/unit/crp_tables.o $(B)/bench/bench_mofrt.o

$(B)/tests/test_mofrt_%: $(B)/tests/unit/test_mofrt_%.o $(B)/libmofrt.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(XML_LIBS) $(CMOCKA_LIBS)

# test_mofrt_xml counts name comparisons (its decode_props_shape).
$(B)/tests/test_mofrt_xml: $(B)/tests/unit/test_mofrt_xml.o $(B)/libmofrt.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -Wl,--wrap=mofrt_name_cmp,--wrap=mofrt_name_eq -o $@ $^ $(XML_LIBS) $(CMOCKA_LIBS)

$(B)/tests/test_mofrt_dispatch: $(B)/tests/unit/test_mofrt_dispatch.o $(B)/tests/unit/crp_tables.o $(B)/libmofrt.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(XML_LIBS) $(CMOCKA_LIBS)

# Build and run only the runtime's tests: make mofrt-check
mofrt-check: $(MOFRT_TESTS)
	@fail=0; for t in $(MOFRT_TESTS); do echo "== $$t"; ./$$t || fail=1; done; exit $$fail

# Benchmark: decode METHODCALL -> dispatch -> encode METHODRESPONSE.
BENCH_TARGETS += mofrt-bench
$(B)/bench/bench_mofrt: $(B)/bench/bench_mofrt.o $(B)/bench/bench_stats.o $(B)/tests/unit/crp_tables.o $(B)/libmofrt.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(XML_LIBS)

mofrt-bench: $(B)/bench/bench_mofrt
	./$(B)/bench/bench_mofrt

# Install: headers under include/mofrt/, static + shared library, pkg-config.
INSTALL_TARGETS += install-runtime
install-runtime: $(B)/libmofrt.a $(B)/libmofrt.so.$(MOFRT_SOMAJOR)
	install -d $(DESTDIR)$(INCLUDEDIR)/mofrt $(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 644 $(MOFRT_HEADERS) $(DESTDIR)$(INCLUDEDIR)/mofrt/
	install -m 644 $(B)/libmofrt.a $(DESTDIR)$(LIBDIR)/libmofrt.a
	install -m 755 $(B)/$(MOFRT_SOLIB) $(DESTDIR)$(LIBDIR)/$(MOFRT_SOLIB)
	ln -sf $(MOFRT_SOLIB) $(DESTDIR)$(LIBDIR)/libmofrt.so.$(MOFRT_SOMAJOR)
	ln -sf libmofrt.so.$(MOFRT_SOMAJOR) $(DESTDIR)$(LIBDIR)/libmofrt.so
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    runtime/mofrt.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/mofrt.pc
	chmod 644 $(DESTDIR)$(LIBDIR)/pkgconfig/mofrt.pc
	@case ":$$(ldconfig -v 2>/dev/null | sed -n 's/:.*//p' | tr '\n' ':'):" in \
	  *":$(LIBDIR):"*) ;; \
	  *) echo "note: $(LIBDIR) is not in the dynamic loader's path: link programs with" \
	          "-Wl,-rpath,$(LIBDIR) (pkg-config --variable=libdir mofrt), or run ldconfig," \
	          "or they fail with 'libmofrt.so.$(MOFRT_SOMAJOR): cannot open shared object file'" ;; \
	esac

.PHONY: mofrt-check mofrt-bench install-runtime
