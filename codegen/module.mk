include codegen/tmpl.mk
# The code generator: names, the template model, rendering and writing.
MOFC_SRCS += codegen/names.c codegen/gen_model.c codegen/gen_meta.c codegen/gen.c codegen/gen_out.c codegen/gen_pipe.c codegen/gen_enum.c codegen/export.c
$(patsubst %.c,$(B)/%.o,$(filter codegen/gen% codegen/export%,$(MOFC_SRCS))): $(B)/parser/mof_parser.h
