#ifndef MOFC_BUILTIN_QUALIFIERS_H
#define MOFC_BUILTIN_QUALIFIERS_H
#include "common/dialect.h"
#include "parser/mof_ast.h"

/* WMI puts a few qualifiers on instances; a scope bit beyond DSP0004's. */
#define SC_INSTANCE_SCOPE (1u << 8)

typedef struct builtin_qualifier {
    const char *name;
    mof_type type;
    bool array;
    unsigned scopes;
    unsigned flavors;
    /* Who knows it without a declaration: DIALECT_AUTO every dialect
     * (DSP0004's), DIALECT_WMI Microsoft's tools (mofcomp and the MI
     * codec), DIALECT_MI the MI codec only (PowerShell DSC, OMI). */
    mof_dialect only;
} builtin_qualifier;

const builtin_qualifier *builtin_qualifier_find(const char *name);
#endif
