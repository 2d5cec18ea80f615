# Front-end and validation tests (cmocka), sharing one fixture.
TEST_FIXTURE := $(B)/tests/unit/fixture.o

$(B)/tests/test_parser: $(B)/tests/unit/test_parser.o $(TEST_FIXTURE) $(B)/libmofc.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(CMOCKA_LIBS)
CHECK_PROGS += $(B)/tests/test_parser
$(B)/tests/unit/test_parser.o $(B)/tests/unit/fixture.o: $(B)/parser/mof_parser.h

# name_ops.o counts calls on names, allocated bytes and bytes scanned for
# columns (tests/unit/name_ops.h).
NAME_OPS_WRAP := -Wl,--wrap=name_eq_rest,--wrap=name_hash,--wrap=names_get,--wrap=names_put,--wrap=ptr_map_get,--wrap=utf8_chars \
                 -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=aligned_alloc
$(B)/tests/test_schema: $(B)/tests/unit/test_schema.o $(B)/tests/unit/name_ops.o $(B)/tests/unit/mof_shapes.o $(TEST_FIXTURE) $(B)/libmofc.a
	$(CC) $(LDFLAGS_ALL) $(NAME_OPS_WRAP) -o $@ $^ $(CMOCKA_LIBS) -lm
CHECK_PROGS += $(B)/tests/test_schema
$(B)/tests/unit/test_schema.o: $(B)/parser/mof_parser.h

# mofc diff and the machine-readable diagnostic formats.
$(B)/tests/test_diff: $(B)/tests/unit/test_diff.o $(B)/tests/unit/json_read.o $(B)/tests/unit/name_ops.o \
                     $(B)/tests/unit/mof_shapes.o \
                     $(B)/libmofc.a
	$(CC) $(LDFLAGS_ALL) $(NAME_OPS_WRAP) -o $@ $^ $(CMOCKA_LIBS) -lm $(LIBS)
CHECK_PROGS += $(B)/tests/test_diff
$(B)/tests/unit/test_diff.o: $(B)/parser/mof_parser.h

# mofc fmt's parts (format/, source_encode).
$(B)/tests/test_format: $(B)/tests/unit/test_format.o $(TEST_FIXTURE) $(B)/libmofc.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(CMOCKA_LIBS)
CHECK_PROGS += $(B)/tests/test_format
$(B)/tests/unit/test_format.o: $(B)/parser/mof_parser.h

# Dialects: auto detection, severities per dialect, pending diagnostics.
$(B)/tests/test_dialects: $(B)/tests/unit/test_dialects.o $(TEST_FIXTURE) $(B)/libmofc.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(CMOCKA_LIBS)
CHECK_PROGS += $(B)/tests/test_dialects
$(B)/tests/unit/test_dialects.o: $(B)/parser/mof_parser.h
