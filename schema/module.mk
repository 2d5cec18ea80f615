# The checked model and its checks.
MOFC_SRCS += schema/build.c schema/keep.c schema/namespaces.c schema/builtin_qualifiers.c \
             schema/qualifiers.c schema/values.c schema/valuemap.c schema/classes.c schema/class_keys.c schema/class_tree.c schema/feature_map.c \
             schema/instances.c schema/embedded_graph.c schema/model_dump.c \
             schema/dialects/builtin_classes.c schema/dialects/wmi_classes.c schema/dialects/mi_classes.c schema/dialects/dsc_rules.c
$(patsubst %.c,$(B)/%.o,$(filter schema/%,$(MOFC_SRCS))): $(B)/parser/mof_parser.h
MOFC_SRCS += schema/compare.c schema/compare_feature.c schema/compare_vmap.c schema/compare_util.c
