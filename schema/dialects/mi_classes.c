/* The classes PowerShell DSC's MI codec knows without a file: the base of
 * every DSC resource and the classes configuration documents embed, with
 * the members Microsoft documents for them (PSDesiredStateConfiguration's
 * BaseResource.schema.mof: OMI_BaseResource, MSFT_Credential,
 * MSFT_KeyValuePair; OMI_ConfigurationDocument, the instance every
 * compiled configuration ends with). Written here as MOF; a user file that
 * declares one of them keeps its own declaration. */
#include "schema/dialects/builtin_classes.h"

const char builtin_mi_mof[] =
    "[Abstract, ClassVersion (\"1.0.0\")] class OMI_BaseResource {\n"
    "  [Required] string ResourceId; [Write] string SourceInfo; [Write] string DependsOn[];\n"
    "  [Required] string ModuleName; [Required] string ModuleVersion; [Write] string ConfigurationName;\n"
    "  [Write, EmbeddedInstance (\"MSFT_Credential\")] string PsDscRunAsCredential;\n"
    "};\n"
    "[ClassVersion (\"1.0.0\")] class MSFT_Credential { [MaxLen (256)] string UserName; string Password; };\n"
    "[ClassVersion (\"1.0.0\")] class MSFT_KeyValuePair { [Key] string Key; [Write] string Value; };\n"
    "[ClassVersion (\"1.0.0\")] class OMI_ConfigurationDocument {\n"
    "  string Version; string Author; string Copyright; string HelpInfoUri; string ContentType;\n"
    "  string GenerationDate; string GenerationHost; string Name; string MinimumCompatibleVersion;\n"
    "  string CompatibleVersionAdditionalProperties[];\n"
    "};\n";
