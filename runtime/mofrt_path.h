/* libmofrt: CIM object paths (instance and class names).
 *
 * A path is host (optional), namespace (optional), class name and key
 * bindings; no keys means a class path (or a keyless singleton). Key values
 * are mofrt_values: strings, booleans, numbers (typed when the source said
 * which type, else sint64/uint64/real64) or references (nested paths). */
#ifndef MOFRT_PATH_H
#define MOFRT_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include "mofrt_buf.h"
#include "mofrt_error.h"
#include "mofrt_value.h"

typedef struct mofrt_key {
    char *name;
    mofrt_value value;   /* scalar, never NULL */
} mofrt_key;

typedef struct mofrt_path {
    char *host;          /* NULL when local */
    char *ns;            /* "root/virtualization/v2", NULL when not given */
    char *class_name;
    size_t count, cap;
    mofrt_key *keys;
} mofrt_path;

/* NULL on allocation failure; host/ns may be NULL. */
mofrt_path *mofrt_path_new(const char *host, const char *ns, const char *class_name);
void mofrt_path_free(mofrt_path *p);        /* NULL-safe */
mofrt_path *mofrt_path_copy(const mofrt_path *p); /* NULL on OOM or NULL input */
/* Adds a key binding, taking the value (*v reset, on failure too). Replaces
 * an existing key of the same (case-insensitive) name. */
int mofrt_path_add_key(mofrt_path *p, const char *name, mofrt_value *v, mofrt_error *err);
/* Convenience: string and unsigned keys. */
int mofrt_path_add_key_string(mofrt_path *p, const char *name, const char *s, mofrt_error *err);
const mofrt_value *mofrt_path_get_key(const mofrt_path *p, const char *name);
/* Replace host / namespace (copies; NULL clears). */
int mofrt_path_set_ns(mofrt_path *p, const char *host, const char *ns, mofrt_error *err);

/* String form (WBEM URI-like, untyped):
 *     //host/ns:Class.Key="v",Key2=3,Key3=TRUE,Ref="//h/ns:C.K=\"x\""
 *     ns:Class.Key="v"        Class.Key="v"        Class        Class=@
 * Inside quoted values \" and \\ are escapes. Unquoted values are TRUE/FALSE
 * (boolean), integers (sint64 when negative, else uint64) or reals
 * (real64). Quoted values are strings; a quoted key value that is itself a
 * path stays a string here and mofrt_path_equal compares it as a reference. */
int mofrt_path_parse(const char *s, mofrt_path **out, mofrt_error *err);
/* Appends the string form (keys in stored order). */
int mofrt_path_print(const mofrt_path *p, mofrt_buf *out, mofrt_error *err);
/* malloc'd string form, NULL on OOM. */
char *mofrt_path_to_string(const mofrt_path *p);

/* Same object: class names and key names compare case-insensitively, key
 * order does not matter, key values compare by kind (numbers numerically
 * across integer types, strings case-sensitively, references recursively; a
 * string that parses as a path matches an equal reference). Host and
 * namespace are compared (case-insensitively, '\\' == '/') only when both
 * paths have them. */
bool mofrt_path_equal(const mofrt_path *a, const mofrt_path *b);

#endif
