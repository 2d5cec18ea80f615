# The front end: flex scanner and bison parser (generated into $(B)/parser),
# actions, string literals, the file/include driver and the AST dump.
MOFC_SRCS += parser/mof_ast.c parser/parse_actions.c parser/mof_strings.c \
             parser/mof_parse.c parser/file_read.c parser/read_ahead.c parser/tree_whole.c \
             parser/ast_dump.c
MOFC_GEN  += $(B)/parser/mof_parser.c $(B)/parser/mof_lexer.c

# Generated code gets its own, narrowly relaxed warnings: flex emits
# functions it never calls and compares signed with unsigned.
GEN_RELAX := -Wno-unused-function -Wno-sign-compare -Wno-missing-prototypes -Wno-unused-parameter

$(B)/parser/mof_parser.c $(B)/parser/mof_parser.h: parser/mof_parser.y
	@mkdir -p $(B)/parser
	$(BISON) -Wall -Werror --defines=$(B)/parser/mof_parser.h -o $(B)/parser/mof_parser.c $<

$(B)/parser/mof_lexer.c: parser/mof_lexer.l
	@mkdir -p $(B)/parser
	$(FLEX) -Cf -o $@ $<

$(B)/parser/mof_parser.o $(B)/parser/mof_lexer.o: %.o: %.c $(B)/parser/mof_parser.h $(FLAGS_STAMP)
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(CFLAGS_ALL) $(GEN_RELAX) -MMD -MP -c $< -o $@

# Every object that includes the generated header waits for it.
$(patsubst %.c,$(B)/%.o,$(filter parser/%,$(MOFC_SRCS))): $(B)/parser/mof_parser.h
