/* Dialect names and the signs --dialect=auto decides by. The one place
 * that says what makes a file WMI or MI (docs/dialects.md, "auto"); the
 * parser reports each sign it reads with mofc_dialect_sign(), and
 * mofc_dialect_settle() (context.c) chooses once the file is read. It
 * lives in common/ rather than schema/dialects/ because the lexer's and
 * parser's own diagnostics already depend on the outcome. */
#include "common/dialect.h"
#include <string.h>
#include <strings.h>

static const char *const titles[DIALECT_COUNT] = {"auto", "DMTF", "WMI", "MI"};
static const char *const flags[DIALECT_COUNT] = {"auto", "dmtf", "wmi", "mi"};

const char *dialect_title(mof_dialect d) { return titles[d]; }
const char *dialect_flag(mof_dialect d) { return flags[d]; }

bool dialect_parse(const char *s, mof_dialect *out)
{
    for (int i = 0; i < DIALECT_COUNT; i++)
        if (!strcmp(s, flags[i])) {
            *out = (mof_dialect)i;
            return true;
        }
    return false;
}

/* Qualifiers only one Microsoft tool gives a meaning: WMI's driver class
 * markers (WDK: [WMI, guid("{...}")]), the dynamic-property marker of
 * instances, the localisation flavor-as-qualifier; MI's DSC resource
 * qualifiers (xDSCResourceDesigner writes both on every resource). */
static const struct { const char *name; mof_dialect d; const char *what; } sign_quals[] = {
    {"WMI", DIALECT_WMI, "the 'WMI' qualifier of a driver class"},
    {"guid", DIALECT_WMI, "the 'guid' qualifier of a driver class"},
    {"DYNPROPS", DIALECT_WMI, "the 'DYNPROPS' qualifier"},
    {"Amended", DIALECT_WMI, "the 'Amended' qualifier"},
    {"ClassVersion", DIALECT_MI, "the 'ClassVersion' qualifier"},
    {"FriendlyName", DIALECT_MI, "the 'FriendlyName' qualifier"},
};

/* 1 + the index in sign_quals of the name that starts with each letter
 * (no two start alike), 0 for none. */
static const unsigned char sign_by_letter[26] = {
    ['w' - 'a'] = 1, ['g' - 'a'] = 2, ['d' - 'a'] = 3, ['a' - 'a'] = 4, ['c' - 'a'] = 5, ['f' - 'a'] = 6,
};

mof_dialect dialect_sign_qualifier(const char *name, const char **what)
{
    /* Every qualifier of every file passes here (31,000 in CIM 2.49): the
     * first letter turns most of them away at once (ValueMap, Key,
     * Override...), the second nearly all the rest (Description,
     * Abstract...) before a string comparison. */
    unsigned first = (unsigned char)name[0] | 0x20u;
    unsigned k = first >= 'a' && first <= 'z' ? sign_by_letter[first - 'a'] : 0;
    if (!k || ((unsigned char)name[1] | 0x20) != ((unsigned char)sign_quals[k - 1].name[1] | 0x20) ||
        strcasecmp(name, sign_quals[k - 1].name))
        return DIALECT_AUTO;
    *what = sign_quals[k - 1].what;
    return sign_quals[k - 1].d;
}

/* A superclass or the class of an instance: WMI's system classes all
 * start with "__" (mofcomp has them in every namespace); DSC resources
 * derive from OMI_BaseResource, and every DSC configuration document
 * (what PowerShell compiles a configuration to, localhost.mof) ends with
 * an instance of OMI_ConfigurationDocument. */
mof_dialect dialect_sign_class(const char *name, const char **what)
{
    if (name[0] == '_' && name[1] == '_') {
        *what = "a WMI system class";
        return DIALECT_WMI;
    }
    if (!strcasecmp(name, "OMI_BaseResource")) {
        *what = "the DSC base class 'OMI_BaseResource'";
        return DIALECT_MI;
    }
    if (!strcasecmp(name, "OMI_ConfigurationDocument")) {
        *what = "'OMI_ConfigurationDocument' (a DSC configuration document)";
        return DIALECT_MI;
    }
    return DIALECT_AUTO;
}

/* PowerShell DSC names a resource's schema <Resource>.schema.mof. */
mof_dialect dialect_sign_file_name(const char *path, const char **what)
{
    static const char suffix[] = ".schema.mof";
    size_t n = strlen(path), k = sizeof suffix - 1;
    if (n > k && !strcasecmp(path + n - k, suffix)) {
        *what = "its name ends in '.schema.mof' (a DSC resource schema)";
        return DIALECT_MI;
    }
    return DIALECT_AUTO;
}
