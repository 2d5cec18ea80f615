CLI_SRCS += cli/mofc.c cli/options.c cli/fmt_cmd.c cli/text_diff.c
# mofc fmt --diff: libgit2's diff of two buffers (cli/text_diff.c), loaded
# with dlopen() by its SONAME when --diff asks for it, so that no other run
# pays for loading libgit2 and the TLS/SSH libraries it needs.
GIT2_LIBDIR := $(shell $(PKG_CONFIG) --variable=libdir libgit2 2>/dev/null)
GIT2_SONAME := $(shell objdump -p $(or $(GIT2_LIBDIR),/usr/lib)/libgit2.so 2>/dev/null | \
                 awk '$$1 == "SONAME" { print $$2 }')
$(B)/cli/text_diff.o: CPPFLAGS += $(shell $(PKG_CONFIG) --cflags libgit2 2>/dev/null) \
                                 -DGIT2_SONAME='"$(or $(GIT2_SONAME),libgit2.so)"'
$(B)/mofc: LIBS += -ldl
