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

/* NOTE, WARNING and ERROR are what a diagnostic is shown as. The others
 * are catalog severities only:
 * - rules whose severity depends on the dialect of the file it is
 *   reported in (diag_severity_in):
 *     DIALECT       error in dmtf, warning in wmi and mi (DSP0004 rules
 *                   Microsoft's tools do not enforce)
 *     WMI_WARNING   error in dmtf and mi, warning in wmi
 *     DMTF_WARNING  warning in dmtf, not reported in wmi and mi
 *     WMI_SILENT    error in dmtf and mi, not reported in wmi
 *     DMTF_ERROR    error in dmtf, not reported in wmi and mi (their own
 *                   language)
 * - the class of a schema change found by `mofc diff` (docs/diff.md):
 *   BREAKING is shown as an error, COMPATIBLE and INFO as notes, VERSION
 *   (the Version qualifier rules, off unless -W<name> turns them on) as an
 *   error.
 * SEV_NONE: not reported. A diagnostic reported while its file's dialect is
 * still being decided (--dialect=auto, file being read) is SEV_PENDING
 * until diag_settle(). */
typedef enum diag_severity {
    SEV_NOTE, SEV_WARNING, SEV_ERROR,
    SEV_DIALECT, SEV_WMI_WARNING, SEV_DMTF_WARNING, SEV_WMI_SILENT, SEV_DMTF_ERROR,
    SEV_BREAKING, SEV_COMPATIBLE, SEV_INFO, SEV_VERSION,
    SEV_NONE, SEV_PENDING
} diag_severity;

typedef struct diag_note {
    struct diag_note *next;
    mof_span span;
    char *msg;
    bool last;               /* the dialect note: later notes go before it */
} diag_note;

typedef struct diagnostic {
    diag_id id;
    diag_severity sev;       /* SEV_WARNING or SEV_ERROR, after options (SEV_PENDING
                                until its file's dialect is settled) */
    mof_span span;
    char *msg;
    diag_note *notes;
    size_t dropped_after;    /* warnings counted, not kept, right after it
                                (over max_warnings), for diag_replay */
} diagnostic;

/* GITHUB: GitHub Actions workflow commands (::error file=...::message). */
typedef enum diag_format { DIAG_TEXT, DIAG_JSON, DIAG_SARIF, DIAG_GITHUB } diag_format;

typedef struct diag_sink {
    source_set *sources;
    diagnostic *items;
    size_t n, cap;
    size_t errors, warnings, notes;   /* notes: top-level ones (mofc diff) */
    size_t max_errors;       /* 0: unlimited */
    size_t max_warnings;     /* warnings kept and shown; 0: unlimited */
    size_t warnings_dropped; /* counted in warnings, not kept */
    bool stopped;            /* max_errors reached: stages should stop */
    bool werror;
    bool own_summary;        /* text: the driver prints the last line (mofc diff) */
    bool disabled[DIAG_COUNT];
    size_t npending;         /* SEV_PENDING items, all at or after first_pending */
    size_t first_pending;
    size_t pending_dropped[SEV_PENDING];   /* over the cap, by catalog rule */
    /* A sink of diag_fork: the dialect notes are left to diag_replay, and
     * dropped_head counts the warnings dropped before its first item. */
    bool forked;
    size_t dropped_head;
} diag_sink;

void diag_init(diag_sink *s, source_set *sources);
void diag_free(diag_sink *s);

const char *diag_code(diag_id id);
const char *diag_name(diag_id id);
const char *diag_example(diag_id id);
diag_severity diag_default_severity(diag_id id);
/* "breaking", "compatible", "info" or "version" for a `mofc diff` code,
 * NULL for the others. */
const char *diag_change_class(diag_id id);
/* The severity of the kind in a file of that dialect: SEV_ERROR,
 * SEV_WARNING, SEV_NOTE or SEV_NONE (not reported); SEV_PENDING for
 * DIALECT_AUTO when the kind's rule differs between dialects. */
diag_severity diag_severity_in(diag_id id, mof_dialect d);
/* -W<name> / -Wno-<name>; returns false for an unknown name. Errors
 * cannot be turned off; `mofc diff` codes can (even breaking ones), and
 * VERSION codes start off. */
bool diag_set_enabled(diag_sink *s, const char *name, bool on);
/* mofc diff --allow: turns off the code given by its code ("MOF4002") or
 * name ("property-removed"); false when it names no diff code. */
bool diag_allow(diag_sink *s, const char *code_or_name);
/* A second sink with src's options and sources and nothing in it: a
 * stage whose diagnostics must come after another's that runs meanwhile
 * (mofc check validates each file once it is parsed, and shows what
 * validation found after every parse diagnostic) reports into it, and
 * diag_replay adds them to src later. */
void diag_fork(diag_sink *dst, const diag_sink *src);
/* Moves every diagnostic of the forked sink src to the end of dst as if
 * they were reported into dst now, with its limits (errors, kept
 * warnings: the same diagnostics and counts as reporting them there at
 * once) and dialect notes; src is left empty. */
void diag_replay(diag_sink *dst, diag_sink *src);
/* Forgets the diagnostics kept so far and their counts (options stay). */
void diag_clear(diag_sink *s);

/* Reports with the catalog's severity in the dialect of span's file (see
 * diag_severity_in; a file still being read under --dialect=auto gets the
 * severity when diag_settle() runs). Returns the diagnostic (NULL when
 * suppressed), so that notes can be attached. The first diagnostic of a
 * file whose kind's severity depends on the dialect gets a note saying
 * which dialect auto chose for the file and why. */
diagnostic *diag_report(diag_sink *s, diag_id id, mof_span span, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
void diag_add_note(diag_sink *s, diagnostic *d, mof_span span, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Gives the pending diagnostics of file (now settled) their severity,
 * drops those its dialect does not report, and notes the dialect on the
 * file's first diagnostic. */
void diag_settle(diag_sink *s, uint32_t file);

/* Output. text: gcc's format with the source line and a caret, and
 * "In file included from" chains. */
void diag_print(diag_sink *s, FILE *out, diag_format fmt, bool quiet);
#endif
