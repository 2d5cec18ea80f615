# libmofsrv: the CIM server host (CIM-XML over HTTP/HTTPS on
# libmicrohttpd, providers, instance store + journal) and mofserve, its
# thin main. The library depends on libmofrt, never on the compiler; only
# mofserve's main links libmofc (to compile --schema/--instances MOF).
MOFSRV_MODULES := auth file schema classxml store txn persist handler intrinsic http host ops sink storeprov producer \
                  classprops conform modify \
                  assoc pathset module listen pull main params workers instview paramclass hash
MOFSRV_SRCS    := $(MOFSRV_MODULES:%=server/mofsrv_%.c)
MOFSRV_OBJS    := $(MOFSRV_SRCS:%.c=$(B)/%.o)
MOFSRV_PIC_OBJS := $(MOFSRV_SRCS:%.c=$(B)/pic/%.o)
MOFSRV_SOMAJOR := 0
MOFSRV_SOLIB   := libmofsrv.so.$(MOFSRV_SOMAJOR).1.0
MHD_CFLAGS := $(shell $(PKG_CONFIG) --cflags libmicrohttpd libsodium 2>/dev/null)
# libmofsrv's own dependencies: every program that links libmofsrv.a
# gives MHD_LIBS (libsodium: the keyed hash of client-chosen keys).
MHD_LIBS   := $(shell $(PKG_CONFIG) --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd) \
              $(shell $(PKG_CONFIG) --libs libsodium 2>/dev/null || echo -lsodium)
MOFSERVE   := $(B)/mofserve

ALL_TARGETS += $(B)/libmofsrv.a $(B)/libmofsrv.so.$(MOFSRV_SOMAJOR) $(MOFSERVE)

MOFSERVE_OBJS := $(B)/server/mofserve.o $(B)/server/mofserve_compile.o $(B)/server/mofserve_classes.o
$(MOFSRV_OBJS) $(MOFSRV_PIC_OBJS) $(MOFSERVE_OBJS): private CPPFLAGS += -Iruntime -pthread $(MHD_CFLAGS)

$(B)/libmofsrv.a: $(MOFSRV_OBJS)
	@rm -f $@
	ar rcs $@ $^

# Its run path ($ORIGIN) finds libmofrt next to it (both are always in
# one folder: $(B), $(LIBDIR)); an executable's DT_RUNPATH does not apply
# to its libraries' own dependencies.
$(B)/$(MOFSRV_SOLIB): $(MOFSRV_PIC_OBJS) $(B)/libmofrt.so.$(MOFRT_SOMAJOR)
	$(CC) -shared -Wl,-soname,libmofsrv.so.$(MOFSRV_SOMAJOR) -Wl,-rpath,'$$ORIGIN' $(LDFLAGS_ALL) -pthread -o $@ $(MOFSRV_PIC_OBJS) \
	    -L$(B) -lmofrt $(MHD_LIBS) $(XML_LIBS) -ldl -lm

$(B)/libmofsrv.so.$(MOFSRV_SOMAJOR): $(B)/$(MOFSRV_SOLIB)
	ln -sf $(MOFSRV_SOLIB) $@
	ln -sf libmofsrv.so.$(MOFSRV_SOMAJOR) $(B)/libmofsrv.so

# mofserve links the SHARED libmofsrv and libmofrt, as the modules it
# loads do: one copy of each library (and of its globals) in the process,
# whoever references it. Run path: $ORIGIN finds them next to it in the
# build tree; $ORIGIN/<LIBDIR relative to BINDIR> once installed, so a
# staged install (DESTDIR=) runs too (no wrapper, no LD_LIBRARY_PATH).
MOFSERVE_RPATH := -Wl,-rpath,'$$ORIGIN:$$ORIGIN/$(shell realpath -m --relative-to=$(BINDIR) $(LIBDIR))'
$(MOFSERVE): $(MOFSERVE_OBJS) $(B)/libmofc.a \
             $(B)/libmofsrv.so.$(MOFSRV_SOMAJOR) $(B)/libmofrt.so.$(MOFRT_SOMAJOR)
	$(CC) $(LDFLAGS_ALL) -pthread $(MOFSERVE_RPATH) -o $@ $(filter %.o %.a,$^) -L$(B) -lmofsrv -lmofrt \
	    $(XML_LIBS) $(MHD_LIBS) -ldl -lm

INSTALL_TARGETS += install-server
install-server: $(B)/libmofsrv.a $(B)/libmofsrv.so.$(MOFSRV_SOMAJOR) $(MOFSERVE)
	install -d $(DESTDIR)$(INCLUDEDIR)/mofsrv $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(BINDIR) \
	    $(DESTDIR)$(MANDIR)/man1
	install -m 644 server/mofsrv.h $(DESTDIR)$(INCLUDEDIR)/mofsrv/
	install -m 644 $(B)/libmofsrv.a $(DESTDIR)$(LIBDIR)/libmofsrv.a
	install -m 755 $(B)/$(MOFSRV_SOLIB) $(DESTDIR)$(LIBDIR)/$(MOFSRV_SOLIB)
	ln -sf $(MOFSRV_SOLIB) $(DESTDIR)$(LIBDIR)/libmofsrv.so.$(MOFSRV_SOMAJOR)
	ln -sf libmofsrv.so.$(MOFSRV_SOMAJOR) $(DESTDIR)$(LIBDIR)/libmofsrv.so
	install -m 755 $(MOFSERVE) $(DESTDIR)$(BINDIR)/mofserve
	install -m 644 man/mofserve.1 $(DESTDIR)$(MANDIR)/man1/mofserve.1
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    server/mofsrv.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/mofsrv.pc
	chmod 644 $(DESTDIR)$(LIBDIR)/pkgconfig/mofsrv.pc

# Tests: shell tests start mofserve on free ports.
CHECK_SCRIPTS += tests/server/test_mofserve.sh tests/server/test_mofserve_module.sh tests/server/test_wbemcli.sh tests/server/test_pull.sh \
                 tests/server/test_getclass.sh tests/server/test_store_faults.sh tests/server/test_mofserve_opts.sh \
                 tests/server/test_mofserve_cim.sh tests/server/test_store_conform.sh tests/server/test_store_paths.sh \
                 tests/server/test_pull_count.sh tests/server/test_property.sh tests/server/test_threads.sh \
                 tests/server/test_getclass_export.sh tests/server/test_pull_memory.sh tests/server/test_pull_lock.sh \
                 tests/server/test_timeouts.sh tests/server/test_noread.sh tests/server/test_method_target.sh \
                 tests/server/test_race.sh
check: $(MOFSERVE)

.PHONY: install-server

# The store's reference index (cmocka), on the static library.
$(B)/tests/unit/test_mofsrv_store.o: private CPPFLAGS += -Iruntime -pthread $(MHD_CFLAGS)
$(B)/tests/test_mofsrv_store: $(B)/tests/unit/test_mofsrv_store.o $(B)/libmofsrv.a $(B)/libmofrt.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -pthread -o $@ $^ $(XML_LIBS) $(MHD_LIBS) -ldl -lm $(CMOCKA_LIBS)
CHECK_PROGS += $(B)/tests/test_mofsrv_store

# Unit tests (cmocka) of the parts of libmofsrv that stand alone.
$(B)/tests/test_mofsrv_workers: $(B)/tests/unit/test_mofsrv_workers.o $(B)/server/mofsrv_workers.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ -pthread $(CMOCKA_LIBS)
CHECK_PROGS += $(B)/tests/test_mofsrv_workers
