#include "parser/mof_ast.h"
#include <strings.h>

static const char *const type_names[] = {
    [TYPE_NONE] = "none",         [TYPE_BOOLEAN] = "boolean",   [TYPE_STRING] = "string",
    [TYPE_CHAR16] = "char16",     [TYPE_DATETIME] = "datetime", [TYPE_UINT8] = "uint8",
    [TYPE_SINT8] = "sint8",       [TYPE_UINT16] = "uint16",     [TYPE_SINT16] = "sint16",
    [TYPE_UINT32] = "uint32",     [TYPE_SINT32] = "sint32",     [TYPE_UINT64] = "uint64",
    [TYPE_SINT64] = "sint64",     [TYPE_REAL32] = "real32",     [TYPE_REAL64] = "real64",
    [TYPE_OBJECT] = "object",     [TYPE_VOID] = "void",         [TYPE_REF] = "ref",
};

const char *mof_type_name(mof_type t) { return type_names[t]; }

mof_type mof_type_lookup(const char *name)
{
    /* Every declared type passes here: the first letter turns most
     * names away before a string comparison. */
    for (int t = TYPE_BOOLEAN; t <= TYPE_VOID; t++)
        if ((name[0] | 0x20) == type_names[t][0] && !strcasecmp(name, type_names[t]))
            return (mof_type)t;
    return TYPE_NONE;
}
