# mofc fmt: the canonical layout of MOF text (docs/fmt.md). Reads the
# parsed tree and the text; never the checked model.
MOFC_SRCS += format/fmt_lex.c format/format.c
