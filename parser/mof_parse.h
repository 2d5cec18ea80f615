/* The front end's entry point: read MOF files (any encoding), follow their
 * includes, parse them, and return one AST in source order. */
#ifndef MOFC_MOF_PARSE_H
#define MOFC_MOF_PARSE_H
#include "common/context.h"
#include "parser/mof_ast.h"
#include <stdio.h>

/* Parses each file (and what it includes) into unit. Problems go to the
 * context's sink. Returns false when a file could not be read at all (the
 * driver's exit code 2); syntax errors are only counted in the sink. */
bool mof_parse_files(mofc_ctx *ctx, const char *const *paths, size_t n, ast_unit *unit);

/* As mof_parse_files, without building a unit: each top-level item is
 * handed to each(arg, item, kept) once its file is parsed, in the unit's
 * order (an include pragma, then the items of the file it includes). A
 * file's tree (the item and all it points to) is freed once its items and
 * the files it includes have been handed over, so each() copies what it
 * keeps, and the tree costs one file at a time (schema_build_item); kept:
 * the tree lives as long as ctx (the last file named, when it includes
 * nothing: freeing it would save nothing). No item is handed over once a
 * tree is not whole (mof_parse_tree_whole). The arena the tree is in is
 * lent to the parser as ctx->arena during the parse alone. */
bool mof_parse_files_each(mofc_ctx *ctx, const char *const *paths, size_t n,
                          void (*each)(void *arg, const ast_item *item, bool kept), void *arg);

/* Parses a buffer as if it were a file of that name (tests, fuzzing);
 * includes resolve against -I folders and the current directory. */
void mof_parse_memory(mofc_ctx *ctx, const char *name, const void *data, size_t len,
                      ast_unit *unit);

/* As mof_parse_memory, without following include pragmas: the pragma
 * stays in the tree, the file it names is not read (mofc fmt formats
 * each file as it is written). */
void mof_parse_alone(mofc_ctx *ctx, const char *name, const void *data, size_t len,
                     ast_unit *unit);

/* MOF held in a value (an EmbeddedInstance given as a string): parsed as
 * a source of that name included from `from` (the string's span), so its
 * diagnostics say where the string is and where in it; includes are not
 * followed. */
void mof_parse_text_at(mofc_ctx *ctx, const char *name, const char *text, size_t len, mof_span from,
                       ast_unit *unit);

/* Whether the parse left a whole tree, one validation can check: no
 * error, or only errors that leave a well-formed token or item behind (a
 * bad escape or number, a WMI construct under --dialect=dmtf, ...). After
 * a syntax error the tree lacks what the parser skipped, and checking it
 * would mostly report that. */
bool mof_parse_tree_whole(const mofc_ctx *ctx);
/* Whether an error of this kind leaves the tree whole. */
bool mof_parse_leaves_tree_whole(diag_id id);

/* Deterministic text dump of the tree (mofc check --dump-ast). */
void mof_ast_dump(mofc_ctx *ctx, const ast_unit *unit, FILE *out);
#endif
