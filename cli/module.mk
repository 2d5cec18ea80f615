CLI_SRCS += cli/mofc.c cli/options.c cli/fmt_cmd.c cli/text_diff.c
# mofc fmt --diff: libgit2's diff of two buffers (cli/text_diff.c).
GIT2_LIBS := $(shell $(PKG_CONFIG) --libs libgit2 2>/dev/null || echo -lgit2)
$(B)/mofc: LIBS += $(GIT2_LIBS)
