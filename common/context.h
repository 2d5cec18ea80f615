/* One compilation: the arena, the source files, the diagnostic sink and the
 * options every stage reads. Passed explicitly; there are no globals. */
#ifndef MOFC_CONTEXT_H
#define MOFC_CONTEXT_H
#include "common/arena.h"
#include "common/diag.h"
#include "common/source.h"

/* Documented in mofc(1) and docs/limits.md; each is adjustable. */
typedef struct mofc_limits {
    size_t max_file_size;      /* bytes of one source file */
    size_t max_ident_len;      /* characters of a name */
    size_t max_string_len;     /* bytes of one (concatenated) string */
    size_t max_array_items;    /* elements of one array value */
    size_t max_include_depth;  /* nested includes */
    size_t max_nesting;        /* nested arrays / embedded instances */
    size_t max_embed_expansion; /* instances export writes for embedded
                                 * values, each once per nesting level */
} mofc_limits;

typedef struct mofc_ctx {
    arena arena;
    source_set sources;
    diag_sink diag;
    mofc_limits limits;
    mof_dialect dialect;       /* --dialect: AUTO decides per file */
    const char **include_dirs;
    size_t ninclude_dirs;
    /* --include-root: real (symlink-free, absolute) folders that every
     * #pragma include must resolve into; none given: no confinement. */
    const char **include_roots;
    size_t ninclude_roots;
    /* The namespace each file named on the command line starts in, slash
     * form ("root/fleet"); NULL: the dialect's (root/cimv2, WMI
     * root/default). A CIM server compiles into the namespace it serves,
     * as mofcomp -N and cimmof -n do. */
    const char *default_namespace;
    /* The front end reads the files include pragmas name on a second
     * thread while it parses (parser/read_ahead.h) when two processors are
     * online; set (mofc --jobs=1), it reads them on the calling thread. */
    bool single_thread;
    /* mofc_dialect_settle: the last includer and its "'x' includes it". */
    const source_file *includer;
    const char *includer_why;
} mofc_ctx;

/* The defaults (docs/limits.md); mofc_ctx_init starts from them. */
mofc_limits mofc_limits_default(void);
void mofc_ctx_init(mofc_ctx *c);
void mofc_ctx_free(mofc_ctx *c);
/* The dialect a file is read in: DMTF, WMI or MI once it is settled
 * (AUTO while its own text is being read); DMTF for file 0. */
mof_dialect mofc_file_dialect(const mofc_ctx *c, uint32_t file);
/* Records a sign of dialect d (WMI or MI) at span, for --dialect=auto:
 * the first of each dialect per file is kept for the note. */
void mofc_dialect_sign(mofc_ctx *c, mof_span at, mof_dialect d, const char *what);
/* Decides the dialect of a file once its own text is read, before the
 * files it includes: --dialect if given; else MI for an MI sign, WMI for
 * a WMI sign, the includer's dialect for an included file with neither,
 * DMTF otherwise. Then gives the diagnostics reported meanwhile their
 * severity (diag_settle). */
void mofc_dialect_settle(mofc_ctx *c, source_file *f);
#endif
