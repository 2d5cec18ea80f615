/* Dialects: the rules of the tool a MOF file is written for. Each file is
 * read in one dialect, chosen by --dialect or, under --dialect=auto, from
 * what the file itself uses (docs/dialects.md). The severity of a
 * diagnostic kind may differ per dialect (see the catalog's severity
 * column in common/diag_codes.def and diag_severity_in()). */
#ifndef MOFC_DIALECT_H
#define MOFC_DIALECT_H
#include <stdbool.h>

typedef enum mof_dialect {
    DIALECT_AUTO,   /* decided per file from its content; a file is AUTO only while being read */
    DIALECT_DMTF,   /* DSP0004 v2, strict */
    DIALECT_WMI,    /* Microsoft mofcomp */
    DIALECT_MI      /* Microsoft's MI / OMI MOF codec: PowerShell DSC, OMI providers */
} mof_dialect;

enum { DIALECT_COUNT = 4 };

/* "DMTF", "WMI", "MI" (messages); "auto" for DIALECT_AUTO. */
const char *dialect_title(mof_dialect d);
/* "dmtf", "wmi", "mi", "auto": the --dialect= value. */
const char *dialect_flag(mof_dialect d);
/* Parses a --dialect= value; false when unknown. */
bool dialect_parse(const char *s, mof_dialect *out);

/* Detection signs, all in common/dialect.c so one table says what makes a
 * file WMI or MI. Each returns the dialect the name is a sign of, or
 * DIALECT_AUTO when it is none; *what describes it for the note. */
mof_dialect dialect_sign_qualifier(const char *name, const char **what);
mof_dialect dialect_sign_class(const char *name, const char **what);
mof_dialect dialect_sign_file_name(const char *path, const char **what);
#endif
