# mofc: one non-recursive Makefile. Each area adds its sources, tests and
# benchmarks in its own module.mk, so the pipeline stays visible here:
#   common/ -> parser/ -> schema/ -> codegen/ -> cli/      (the compiler)
#   runtime/                                               (libmofrt, apart)
#   tests/, examples/, bench/
.SUFFIXES:

VERSION    := 0.1.0
PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man

CC      ?= cc
FLEX    ?= flex
BISON   ?= bison
PKG_CONFIG ?= pkg-config
B       ?= build

WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror
OPT     ?= -O2 -g
CSTD    := -std=c11 -D_XOPEN_SOURCE=700
SANITIZE ?=
ifneq ($(SANITIZE),)
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif
CPPFLAGS_ALL := -I. -I$(B) -DMOFC_VERSION='"$(VERSION)"' -DMOFC_DATADIR='"$(DATADIR)/mofc"'
CFLAGS_ALL   := $(CSTD) $(WARN) $(OPT) $(SAN_FLAGS) $(CFLAGS)
LDFLAGS_ALL  := $(SAN_FLAGS) $(LDFLAGS)

XML_CFLAGS  := $(shell $(PKG_CONFIG) --cflags libxml-2.0 2>/dev/null)
XML_LIBS    := $(shell $(PKG_CONFIG) --libs libxml-2.0 2>/dev/null || echo -lxml2)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

# Objects depend on the flags they were built with: building again with
# other flags (SANITIZE=, CC=, PREFIX=...) in the same $(B) rebuilds them.
FLAGS_STAMP := $(B)/.flags
FLAGS_NOW := $(strip $(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(CFLAGS_ALL) $(LDFLAGS_ALL))
ifneq ($(FLAGS_NOW),$(strip $(file <$(FLAGS_STAMP))))
$(shell mkdir -p $(B))
$(file >$(FLAGS_STAMP),$(FLAGS_NOW))
endif

# Filled in by the module.mk files.
MOFC_SRCS    :=   # compiler library (libmofc.a): common, parser, schema, codegen
MOFC_GEN     :=   # generated compiler sources (flex/bison outputs)
RUNTIME_SRCS :=   # libmofrt
CLI_SRCS     :=
CHECK_PROGS  :=   # cmocka test executables run by `make check`
CHECK_SCRIPTS :=  # shell tests run by `make check` (after CHECK_PROGS)
BENCH_TARGETS :=
INSTALL_TARGETS :=
ALL_TARGETS  := $(B)/mofc

all: all-targets

include $(sort $(wildcard */module.mk) $(wildcard tests/*/module.mk) $(wildcard examples/*/module.mk))

all-targets: $(ALL_TARGETS)

# Generic rules ---------------------------------------------------------
$(B)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(CFLAGS_ALL) $(XML_CFLAGS) -MMD -MP -c $< -o $@

MOFC_OBJS    := $(MOFC_GEN:%.c=%.o) $(MOFC_SRCS:%.c=$(B)/%.o)
RUNTIME_OBJS := $(RUNTIME_SRCS:%.c=$(B)/%.o)

$(B)/libmofc.a: $(MOFC_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/libmofrt.a: $(RUNTIME_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/mofc: $(CLI_SRCS:%.c=$(B)/%.o) $(B)/libmofc.a
	$(CC) $(LDFLAGS_ALL) -o $@ $(filter %.o %.a,$^) $(LIBS) -lm

# make check: every cmocka program, then the shell tests. cmocka's own
# summary lines stay in the output (CI reads them).
# RUN_SCRIPTS: the shell tests to run (`make tsan` runs the threaded ones).
RUN_SCRIPTS ?= $(CHECK_SCRIPTS)
check: all $(CHECK_PROGS) $(RUN_SCRIPTS)
	@fail=0; \
	for t in $(CHECK_PROGS); do \
	  echo "== $$t"; \
	  MOFC=$(B)/mofc SHARED=$(SHARED) ./$$t || fail=1; \
	done; \
	for t in $(RUN_SCRIPTS); do \
	  echo "== $$t"; \
	  MOFC=$(B)/mofc B=$(B) SHARED=$(SHARED) CC="$(CC)" SANITIZE="$(SANITIZE)" sh $$t || fail=1; \
	done; \
	if [ $$fail -ne 0 ]; then echo "make check: FAILED"; exit 1; fi; \
	echo "make check: all tests passed"

SHARED ?= $(abspath ../shared)

asan:
	$(MAKE) B=build-asan SANITIZE=address,undefined OPT='-O1 -g' check

# make tsan: the threaded code under ThreadSanitizer (clang): every cmocka
# program (the store's parked walks and the producers in
# test_mofsrv_store, the pool in test_mofsrv_workers, mofc's read-ahead
# thread in test_schema and its render thread in the gen tests), the
# servers' shell tests (mofserve, hvclusterd: pulls, streamed answers,
# time-outs, writers, shutdown while requests run: tests/server/test_race.sh),
# and mofc check / gen of CIM 2.49 (both threads on a large schema). A
# report fails the program (TSan's exit status 66) or the shell test (it
# reads the servers' logs). tests/tsan.supp: the reports known not to be
# races (none of this tree's code).
TSAN_SCRIPTS = $(filter tests/server/% tests/hvcluster/% tests/cli/test_corpus.sh tests/gen/%,$(CHECK_SCRIPTS))
tsan:
	TSAN_OPTIONS='second_deadlock_stack=1 suppressions=$(abspath tests/tsan.supp)' \
	    $(MAKE) B=build-tsan CC=clang SANITIZE=thread OPT='-O1 -g' RUN_SCRIPTS='$(TSAN_SCRIPTS)' check

bench: all $(BENCH_TARGETS)

install: all $(INSTALL_TARGETS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(B)/mofc $(DESTDIR)$(BINDIR)/mofc
	install -m 644 man/mofc.1 $(DESTDIR)$(MANDIR)/man1/mofc.1
	install -d $(DESTDIR)$(DATADIR)/mofc/templates
	install -m 644 templates/*.mustache $(DESTDIR)$(DATADIR)/mofc/templates/

clean:
	rm -rf build build-asan build-tsan build-clang build-fuzz

.PHONY: all all-targets check asan tsan bench install clean

-include $(shell find $(B) -name '*.d' 2>/dev/null)
