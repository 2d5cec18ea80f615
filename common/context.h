/* One compilation: the arena, the source files, the diagnostic sink and the
 * options every stage reads. Passed explicitly; there are no globals. */
#ifndef MOFC_CONTEXT_H
#define MOFC_CONTEXT_H
#include "common/arena.h"
#include "common/diag.h"
#include "common/source.h"

typedef enum mof_dialect { DIALECT_AUTO, DIALECT_DMTF, DIALECT_WMI } mof_dialect;

/* Documented in mofc(1) and docs/limits.md; each is adjustable. */
typedef struct mofc_limits {
    size_t max_file_size;      /* bytes of one source file */
    size_t max_ident_len;      /* characters of a name */
    size_t max_string_len;     /* bytes of one (concatenated) string */
    size_t max_array_items;    /* elements of one array value */
    size_t max_include_depth;  /* nested includes */
    size_t max_nesting;        /* nested arrays / embedded instances */
} mofc_limits;

typedef struct mofc_ctx {
    arena arena;
    source_set sources;
    diag_sink diag;
    mofc_limits limits;
    mof_dialect dialect;
    const char **include_dirs;
    size_t ninclude_dirs;
    /* --include-root: real (symlink-free, absolute) folders that every
     * #pragma include must resolve into; none given: no confinement. */
    const char **include_roots;
    size_t ninclude_roots;
} mofc_ctx;

/* The defaults (docs/limits.md); mofc_ctx_init starts from them. */
mofc_limits mofc_limits_default(void);
void mofc_ctx_init(mofc_ctx *c);
void mofc_ctx_free(mofc_ctx *c);
/* Whether WMI rules apply to the file (by --dialect or by what it uses). */
bool mofc_file_is_wmi(const mofc_ctx *c, uint32_t file);
#endif
