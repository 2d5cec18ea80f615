/* The diagnostic sink: every stage reports through it, nothing prints or
 * exits on its own. Diagnostics are kept in order so that the driver can
 * print them as text, JSON or SARIF, and tests can assert on them. */
#ifndef MOFC_DIAG_H
#define MOFC_DIAG_H
#include "common/source.h"
#include <stdbool.h>
#include <stdio.h>

typedef enum diag_id {
#define X(id, code, name, sev, example) DIAG_##id,
#include "common/diag_codes.def"
#undef X
    DIAG_COUNT
} diag_id;

typedef enum diag_severity { SEV_NOTE, SEV_WARNING, SEV_ERROR, SEV_DIALECT } diag_severity;

typedef struct diag_note {
    struct diag_note *next;
    mof_span span;
    char *msg;
} diag_note;

typedef struct diagnostic {
    diag_id id;
    diag_severity sev;       /* SEV_WARNING or SEV_ERROR, after options */
    mof_span span;
    char *msg;
    diag_note *notes;
} diagnostic;

typedef enum diag_format { DIAG_TEXT, DIAG_JSON, DIAG_SARIF } diag_format;

typedef struct diag_sink {
    source_set *sources;
    diagnostic *items;
    size_t n, cap;
    size_t errors, warnings;
    size_t max_errors;       /* 0: unlimited */
    size_t max_warnings;     /* warnings kept and shown; 0: unlimited */
    size_t warnings_dropped; /* counted in warnings, not kept */
    bool stopped;            /* max_errors reached: stages should stop */
    bool werror;
    bool disabled[DIAG_COUNT];
} diag_sink;

void diag_init(diag_sink *s, source_set *sources);
void diag_free(diag_sink *s);

const char *diag_code(diag_id id);
const char *diag_name(diag_id id);
const char *diag_example(diag_id id);
diag_severity diag_default_severity(diag_id id);
/* -W<name> / -Wno-<name>; returns false for an unknown name. */
bool diag_set_enabled(diag_sink *s, const char *name, bool on);

/* Reports with the catalog's severity; a DIALECT diagnostic is an error
 * unless wmi is true. Returns the diagnostic (NULL when suppressed), so
 * that notes can be attached. */
diagnostic *diag_report(diag_sink *s, diag_id id, mof_span span, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
diagnostic *diag_report_dialect(diag_sink *s, diag_id id, bool wmi, mof_span span,
                                const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
void diag_add_note(diag_sink *s, diagnostic *d, mof_span span, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Output. text: gcc's format with the source line and a caret, and
 * "In file included from" chains. */
void diag_print(diag_sink *s, FILE *out, diag_format fmt, bool quiet);
#endif
