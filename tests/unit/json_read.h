/* Minimal JSON reader for the tests: loads the Mustache spec files into
 * tmpl_value trees.  Strict RFC 8259 syntax; never crashes on bad input. */
#ifndef MOFC_TESTS_JSON_READ_H
#define MOFC_TESTS_JSON_READ_H

#include "codegen/tmpl_value.h"

#define JSON_MAX_DEPTH 200

/* Parses text[0..len) into nodes of tree.  Returns the value, or NULL with
 * a message like "3:14: expected ':'" (line:column) in err. */
tmpl_value *json_read(tmpl_tree *tree, const char *text, size_t len, char *err, size_t err_size);

#endif
