/* The standard qualifiers mofc knows without a declaration: DSP0004's
 * (as the DMTF's qualifiers.mof declares them) and Microsoft's WMI ones.
 * Files that declare a qualifier use their own declaration instead; WMI
 * files declare none. */
#include "schema/builtin_qualifiers.h"
#include <stddef.h>
#include <strings.h>

#define B TYPE_BOOLEAN
#define S TYPE_STRING
#define U32 TYPE_UINT32
#define S32 TYPE_SINT32
#define S64 TYPE_SINT64
#define U64 TYPE_UINT64
#define ANY SC_ANY
#define CLS (SC_CLASS | SC_ASSOCIATION | SC_INDICATION)
#define PROP (SC_PROPERTY)
#define PR (SC_PROPERTY | SC_REFERENCE)
#define PMP (SC_PROPERTY | SC_METHOD | SC_PARAMETER)
#define PRMP (SC_PROPERTY | SC_REFERENCE | SC_METHOD | SC_PARAMETER)
#define TS FL_TO_SUBCLASS
#define DO FL_DISABLE_OVERRIDE
#define RE FL_RESTRICTED
#define TR FL_TRANSLATABLE

static const builtin_qualifier table[] = {
    /* DSP0004 */
    {"Abstract", B, false, CLS, RE, false},
    {"Aggregate", B, false, SC_REFERENCE, TS | DO, false},
    {"Aggregation", B, false, SC_ASSOCIATION, TS | DO, false},
    {"ArrayType", S, false, PMP, TS | DO, false},
    {"Association", B, false, SC_ASSOCIATION, TS | DO, false},
    {"BitMap", S, true, PMP, TS, false},
    {"BitValues", S, true, PMP, TS | TR, false},
    {"ClassConstraint", S, true, CLS, TS, false},
    {"Composition", B, false, SC_ASSOCIATION, TS | DO, false},
    {"Correlatable", S, true, PROP, TS, false},
    {"Counter", B, false, PMP, TS, false},
    {"Deprecated", S, true, ANY, RE, false},
    {"Description", S, false, ANY, TS | TR, false},
    {"DisplayName", S, false, ANY, TS | TR, false},
    {"DN", B, false, PMP, TS | DO, false},
    {"EmbeddedInstance", S, false, PMP, TS, false},
    {"EmbeddedObject", B, false, PMP, TS | DO, false},
    {"Exception", B, false, SC_INDICATION | SC_CLASS, TS | DO, false},
    {"Experimental", B, false, ANY, RE, false},
    {"Gauge", B, false, PMP, TS, false},
    {"In", B, false, SC_PARAMETER, TS | DO, false},
    {"Indication", B, false, SC_CLASS | SC_INDICATION, TS | DO, false},
    {"IsPUnit", B, false, PMP, TS, false},
    {"Key", B, false, PR, TS | DO, false},
    {"MappingStrings", S, true, ANY, TS, false},
    {"Max", U32, false, SC_REFERENCE, TS, false},
    {"MaxLen", U32, false, PMP, TS, false},
    {"MaxValue", S64, false, PMP, TS, false},
    {"MethodConstraint", S, true, SC_METHOD, TS, false},
    {"Min", U32, false, SC_REFERENCE, TS, false},
    {"MinLen", U32, false, PMP, TS, false},
    {"MinValue", S64, false, PMP, TS, false},
    {"ModelCorrespondence", S, true, ANY, TS, false},
    {"NullValue", S, false, PROP, TS | DO, false},
    {"OctetString", B, false, PMP, TS | DO, false},
    {"Out", B, false, SC_PARAMETER, TS | DO, false},
    {"Override", S, false, PRMP, RE, false},
    {"Propagated", S, false, PROP, TS | DO, false},
    {"PropertyConstraint", S, true, PR, TS, false},
    {"PUnit", S, false, PMP, TS, false},
    {"Read", B, false, PROP, TS, false},
    {"Reference", S, false, PMP, TS, false},
    {"Required", B, false, PRMP, TS | DO, false},
    {"Revision", S, false, CLS, TS | TR, false},
    {"Schema", S, false, SC_PROPERTY | SC_METHOD, TS | DO, false},
    {"Source", S, false, CLS, TS, false},
    {"SourceType", S, false, CLS | PR, TS, false},
    {"Static", B, false, SC_PROPERTY | SC_METHOD, TS | DO, false},
    {"Terminal", B, false, CLS, TS, false},
    {"UMLPackagePath", S, false, CLS, TS, false},
    {"Units", S, false, PMP, TS | TR, false},
    {"ValueMap", S, true, PMP, TS, false},
    {"Values", S, true, PMP, TS | TR, false},
    {"Version", S, false, CLS, RE | TR, false},
    {"Weak", B, false, SC_REFERENCE, TS | DO, false},
    {"Write", B, false, PROP, TS, false},
    {"Delete", B, false, SC_ASSOCIATION | SC_REFERENCE, TS, false},
    {"Expensive", B, false, ANY, TS, false},
    {"IfDeleted", B, false, SC_ASSOCIATION | SC_REFERENCE, TS, false},
    {"Invisible", B, false, ANY, TS, false},
    {"Large", B, false, CLS | SC_PROPERTY, TS, false},
    {"PackagePath", S, false, CLS, TS, false},
    {"Provider", S, false, ANY, TS, false},
    {"Syntax", S, false, PRMP, TS, false},
    {"SyntaxType", S, false, PRMP, TS, false},
    {"TriggerType", S, true, CLS | SC_PROPERTY | SC_METHOD | SC_REFERENCE, TS, false},
    {"UnknownValues", S, true, SC_PROPERTY, TS | DO, false},
    {"UnsupportedValues", S, true, SC_PROPERTY, TS | DO, false},
    {"Nonlocal", S, false, SC_REFERENCE, TS, false},
    {"NonlocalType", S, false, SC_REFERENCE, TS, false},
    {"Stream", B, false, PMP, TS, false},
    /* Microsoft's MI codec (PowerShell DSC resource schemas) */
    {"ClassVersion", S, false, CLS, TS, true},
    {"FriendlyName", S, false, CLS, TS, true},
    /* WMI driver classes (WDK: [WMI, guid ("{...}")], WmiDataId on each item) */
    {"WMI", B, false, CLS, TS, true},
    {"guid", S, false, CLS, TS, true},
    {"WmiDataId", S32, false, SC_PROPERTY, TS, true},
    {"WmiSizeIs", S, false, SC_PROPERTY | SC_PARAMETER, TS, true},
    {"WmiMethodId", S32, false, SC_METHOD, TS, true},
    /* WMI (Microsoft's standard and WMI-specific qualifiers) */
    {"Amendment", B, false, CLS, RE, true},
    {"Dynamic", B, false, CLS | SC_PROPERTY, RE, true},
    {"Locale", S32, false, CLS | SC_INSTANCE_SCOPE, RE, true},
    {"Privileges", S, true, CLS | SC_METHOD | SC_PROPERTY, TS, true},
    {"Implemented", B, false, SC_METHOD, RE, true},
    {"Singleton", B, false, CLS, TS, true},
    {"CIMTYPE", S, false, PRMP, TS, true},
    {"ID", S32, false, SC_PARAMETER, RE, true},
    {"Constructor", B, false, SC_METHOD, TS, true},
    {"Destructor", B, false, SC_METHOD, TS, true},
    {"DynProps", B, false, CLS | SC_INSTANCE_SCOPE, RE, true},
    {"EnumPrivileges", S, true, CLS, TS, true},
    {"Fixed", B, false, SC_PROPERTY, TS, true},
    {"Not_Null", B, false, SC_PROPERTY | SC_PARAMETER, TS, true},
    {"Optional", B, false, SC_PARAMETER, TS, true},
    {"PropertySources", S, true, SC_PROPERTY, TS, true},
    {"SubType", S, false, SC_PROPERTY, TS, true},
    {"SupportsCreate", B, false, CLS, TS, true},
    {"SupportsDelete", B, false, CLS, TS, true},
    {"SupportsUpdate", B, false, CLS, TS, true},
    {"UUID", S, false, CLS, TS, true},
    {"WritePrivileges", S, true, SC_PROPERTY, TS, true},
    {"ClassContext", S, false, CLS, TS, true},
    {"InstanceContext", S, false, CLS, TS, true},
    {"PropertyContext", S, false, SC_PROPERTY, TS, true},
    {"Indexed", B, false, SC_PROPERTY, TS, true},
    {"Lazy", B, false, SC_PROPERTY, TS, true},
    {"Range", S, false, SC_PROPERTY | SC_PARAMETER, TS, true},
    {"Volatile", B, false, SC_PROPERTY, TS, true},
    {"CreateBy", S, false, CLS, TS, true},
    {"DeleteBy", S, false, CLS, TS, true},
    {"HasClassRefs", B, false, CLS, TS, true},
    {"Bypass_GetObject", B, false, CLS, TS, true},
    {"Hidden", B, false, ANY, TS, true},
    {"Display", S, false, ANY, TS | TR, true},
};

const builtin_qualifier *builtin_qualifier_find(const char *name)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strcasecmp(table[i].name, name))
            return &table[i];
    return NULL;
}
