/* The standard qualifiers mofc knows without a declaration: DSP0004's
 * (as the DMTF's qualifiers.mof declares them), Microsoft's WMI ones (OMI's
 * wmiqualifiers.mof lists those its MI codec knows too) and the MI codec's
 * own.
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
#define ANYD DIALECT_AUTO
#define WMID DIALECT_WMI
#define MID DIALECT_MI

static const builtin_qualifier table[] = {
    /* DSP0004 */
    {"Abstract", B, false, CLS, RE, ANYD},
    {"Aggregate", B, false, SC_REFERENCE, TS | DO, ANYD},
    {"Aggregation", B, false, SC_ASSOCIATION, TS | DO, ANYD},
    {"ArrayType", S, false, PMP, TS | DO, ANYD},
    {"Association", B, false, SC_ASSOCIATION, TS | DO, ANYD},
    {"BitMap", S, true, PMP, TS, ANYD},
    {"BitValues", S, true, PMP, TS | TR, ANYD},
    {"ClassConstraint", S, true, CLS, TS, ANYD},
    {"Composition", B, false, SC_ASSOCIATION, TS | DO, ANYD},
    {"Correlatable", S, true, PROP, TS, ANYD},
    {"Counter", B, false, PMP, TS, ANYD},
    {"Deprecated", S, true, ANY, RE, ANYD},
    {"Description", S, false, ANY, TS | TR, ANYD},
    {"DisplayName", S, false, ANY, TS | TR, ANYD},
    {"DN", B, false, PMP, TS | DO, ANYD},
    {"EmbeddedInstance", S, false, PMP, TS, ANYD},
    {"EmbeddedObject", B, false, PMP, TS | DO, ANYD},
    {"Exception", B, false, SC_INDICATION | SC_CLASS, TS | DO, ANYD},
    {"Experimental", B, false, ANY, RE, ANYD},
    {"Gauge", B, false, PMP, TS, ANYD},
    {"In", B, false, SC_PARAMETER, TS | DO, ANYD},
    {"Indication", B, false, SC_CLASS | SC_INDICATION, TS | DO, ANYD},
    {"IsPUnit", B, false, PMP, TS, ANYD},
    {"Key", B, false, PR, TS | DO, ANYD},
    {"MappingStrings", S, true, ANY, TS, ANYD},
    {"Max", U32, false, SC_REFERENCE, TS, ANYD},
    {"MaxLen", U32, false, PMP, TS, ANYD},
    {"MaxValue", S64, false, PMP, TS, ANYD},
    {"MethodConstraint", S, true, SC_METHOD, TS, ANYD},
    {"Min", U32, false, SC_REFERENCE, TS, ANYD},
    {"MinLen", U32, false, PMP, TS, ANYD},
    {"MinValue", S64, false, PMP, TS, ANYD},
    {"ModelCorrespondence", S, true, ANY, TS, ANYD},
    {"NullValue", S, false, PROP, TS | DO, ANYD},
    {"OctetString", B, false, PMP, TS | DO, ANYD},
    {"Out", B, false, SC_PARAMETER, TS | DO, ANYD},
    {"Override", S, false, PRMP, RE, ANYD},
    {"Propagated", S, false, PROP, TS | DO, ANYD},
    {"PropertyConstraint", S, true, PR, TS, ANYD},
    {"PUnit", S, false, PMP, TS, ANYD},
    {"Read", B, false, PROP, TS, ANYD},
    {"Reference", S, false, PMP, TS, ANYD},
    {"Required", B, false, PRMP, TS | DO, ANYD},
    {"Revision", S, false, CLS, TS | TR, ANYD},
    {"Schema", S, false, SC_PROPERTY | SC_METHOD, TS | DO, ANYD},
    {"Source", S, false, CLS, TS, ANYD},
    {"SourceType", S, false, CLS | PR, TS, ANYD},
    {"Static", B, false, SC_PROPERTY | SC_METHOD, TS | DO, ANYD},
    {"Terminal", B, false, CLS, TS, ANYD},
    {"UMLPackagePath", S, false, CLS, TS, ANYD},
    {"Units", S, false, PMP, TS | TR, ANYD},
    {"ValueMap", S, true, PMP, TS, ANYD},
    {"Values", S, true, PMP, TS | TR, ANYD},
    {"Version", S, false, CLS, RE | TR, ANYD},
    {"Weak", B, false, SC_REFERENCE, TS | DO, ANYD},
    {"Write", B, false, PROP, TS, ANYD},
    {"Delete", B, false, SC_ASSOCIATION | SC_REFERENCE, TS, ANYD},
    {"Expensive", B, false, ANY, TS, ANYD},
    {"IfDeleted", B, false, SC_ASSOCIATION | SC_REFERENCE, TS, ANYD},
    {"Invisible", B, false, ANY, TS, ANYD},
    {"Large", B, false, CLS | SC_PROPERTY, TS, ANYD},
    {"PackagePath", S, false, CLS, TS, ANYD},
    {"Provider", S, false, ANY, TS, ANYD},
    {"Syntax", S, false, PRMP, TS, ANYD},
    {"SyntaxType", S, false, PRMP, TS, ANYD},
    {"TriggerType", S, true, CLS | SC_PROPERTY | SC_METHOD | SC_REFERENCE, TS, ANYD},
    {"UnknownValues", S, true, SC_PROPERTY, TS | DO, ANYD},
    {"UnsupportedValues", S, true, SC_PROPERTY, TS | DO, ANYD},
    {"Nonlocal", S, false, SC_REFERENCE, TS, ANYD},
    {"NonlocalType", S, false, SC_REFERENCE, TS, ANYD},
    {"Stream", B, false, PMP, TS, ANYD},
    /* DSP0004's optional qualifiers that OMI's MI codec also declares
     * (DMTF's qualifiers_optional.mof) */
    {"Alias", S, false, PRMP & ~SC_PARAMETER, TS | TR, ANYD},
    {"DisplayDescription", S, false, ANY, TS | TR, ANYD},
    {"PropertyUsage", S, false, PROP, TS, ANYD},
    /* Microsoft's MI codec (PowerShell DSC resource schemas): what OMI and
     * DSC's generated providers declare beyond DSP0004 (ClassVersion
     * Restricted, as OMI's MSFT_Qualifiers.mof has it) */
    {"ClassVersion", S, false, CLS, RE, MID},
    {"FriendlyName", S, false, CLS, TS, MID},
    {"InventoryFilter", B, false, PROP, TS, MID},
    {"SupportsInventory", B, false, CLS, TS, MID},
    /* WMI driver classes (WDK: [WMI, guid ("{...}")], WmiDataId on each item) */
    {"WMI", B, false, CLS, TS, WMID},
    {"guid", S, false, CLS, TS, WMID},
    {"WmiDataId", S32, false, SC_PROPERTY, TS, WMID},
    {"WmiSizeIs", S, false, SC_PROPERTY | SC_PARAMETER, TS, WMID},
    {"WmiMethodId", S32, false, SC_METHOD, TS, WMID},
    /* WMI (Microsoft's standard and WMI-specific qualifiers) */
    {"Amendment", B, false, CLS, RE, WMID},
    {"Dynamic", B, false, CLS | SC_PROPERTY, RE, WMID},
    {"Locale", S32, false, CLS | SC_INSTANCE_SCOPE, RE, WMID},
    {"Privileges", S, true, CLS | SC_METHOD | SC_PROPERTY, TS, WMID},
    {"Implemented", B, false, SC_METHOD, RE, WMID},
    {"Singleton", B, false, CLS, TS, WMID},
    {"CIMTYPE", S, false, PRMP, TS, WMID},
    {"ID", S32, false, SC_PARAMETER, RE, WMID},
    {"Constructor", B, false, SC_METHOD, TS, WMID},
    {"Destructor", B, false, SC_METHOD, TS, WMID},
    {"DynProps", B, false, CLS | SC_INSTANCE_SCOPE, RE, WMID},
    {"EnumPrivileges", S, true, CLS, TS, WMID},
    {"Fixed", B, false, SC_PROPERTY, TS, WMID},
    {"Not_Null", B, false, SC_PROPERTY | SC_PARAMETER, TS, WMID},
    {"Optional", B, false, SC_PARAMETER, TS, WMID},
    {"PropertySources", S, true, SC_PROPERTY, TS, WMID},
    {"SubType", S, false, SC_PROPERTY, TS, WMID},
    {"SupportsCreate", B, false, CLS, TS, WMID},
    {"SupportsDelete", B, false, CLS, TS, WMID},
    {"SupportsUpdate", B, false, CLS, TS, WMID},
    {"UUID", S, false, CLS, TS, WMID},
    {"WritePrivileges", S, true, SC_PROPERTY, TS, WMID},
    {"ClassContext", S, false, CLS, TS, WMID},
    {"InstanceContext", S, false, CLS, TS, WMID},
    {"PropertyContext", S, false, SC_PROPERTY, TS, WMID},
    {"Indexed", B, false, SC_PROPERTY, TS, WMID},
    {"Lazy", B, false, SC_PROPERTY, TS, WMID},
    {"Range", S, false, SC_PROPERTY | SC_PARAMETER, TS, WMID},
    {"Volatile", B, false, SC_PROPERTY, TS, WMID},
    {"CreateBy", S, false, CLS, TS, WMID},
    {"DeleteBy", S, false, CLS, TS, WMID},
    {"HasClassRefs", B, false, CLS, TS, WMID},
    {"Bypass_GetObject", B, false, CLS, TS, WMID},
    {"Hidden", B, false, ANY, TS, WMID},
    {"Display", S, false, ANY, TS | TR, WMID},
    {"CIM_Key", B, false, SC_PROPERTY, TS, WMID},
};

const builtin_qualifier *builtin_qualifier_find(const char *name)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strcasecmp(table[i].name, name))
            return &table[i];
    return NULL;
}
