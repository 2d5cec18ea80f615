MOFC_SRCS += common/arena.c common/strbuf.c common/source.c common/diag.c common/context.c common/dialect.c common/names.c common/name_index.c common/ptr_map.c common/read_file.c common/cpus.c
