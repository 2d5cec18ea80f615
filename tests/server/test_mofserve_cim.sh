#!/bin/sh
# mofserve --schema over the whole DMTF CIM 2.49 (unpacked at run time from
# ../shared, as the corpus tests do): the classes are served from the
# compiled model's descriptors (no CIM-XML tree of the schema). GetClass of
# a deep class with inherited members, class origins and an override;
# EnumerateClassNames shallow and deep; the server's peak RSS stays far
# under what the XML tree of the export took (384 MiB; skipped under
# sanitizers, which inflate it).
. "$(dirname "$0")/lib.sh"
NS=root/cimv2
NS_XML='<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="cimv2"/></LOCALNAMESPACEPATH>'
ZIP="${SHARED:-../shared}/corpora/cim_schema_2.49.0Final-MOFs.zip"
[ -f "$ZIP" ] || { fail "CIM 2.49 corpus not found at $ZIP"; finish; exit 1; }
mkdir "$T/cim" && (cd "$T/cim" && unzip -q "$(cd "$(dirname "$ZIP")" && pwd)/$(basename "$ZIP")")
start cim --schema "$T/cim/cim_schema_2.49.0.mof" || { fail "mofserve does not start on CIM 2.49"; finish; exit 1; }

bp() { printf '<IPARAMVALUE NAME="%s"><VALUE>%s</VALUE></IPARAMVALUE>' "$1" "$2"; }
gc() { intrinsic GetClass "$(classname ClassName "$1")$2"; }
# the start tag of one member (PROPERTY, PROPERTY.ARRAY, PROPERTY.REFERENCE, METHOD)
tag() { printf '%s' "$1" | tr -d '\n' | grep -o "<$2 NAME=\"$3\"[^>]*>" | head -n 1; }
names() { printf '%s' "$1" | grep -o "<$2 NAME=\"[A-Za-z_]*\"" | sed 's/.*NAME=//' | tr -d '"' | tr '\n' ' '; }

r=$(gc CIM_ComputerSystem "$(bp LocalOnly FALSE)$(bp IncludeClassOrigin TRUE)")
expect_match "GetClass: the class and its superclass" "$r" '<CLASS NAME="CIM_ComputerSystem" SUPERCLASS="CIM_System">'
expect "34 properties, own and inherited (5 levels up)" "$(count_of "$r" '<PROPERTY[.A-Z]* NAME=')" 34
expect "inherited from the root" "$(tag "$r" PROPERTY Caption)" '<PROPERTY NAME="Caption" CLASSORIGIN="CIM_ManagedElement" PROPAGATED="true" TYPE="string">'
expect "inherited array" "$(tag "$r" PROPERTY.ARRAY OperationalStatus)" '<PROPERTY.ARRAY NAME="OperationalStatus" CLASSORIGIN="CIM_ManagedSystemElement" PROPAGATED="true" TYPE="uint16">'
expect "an override: the overriding class is the origin" "$(tag "$r" PROPERTY NameFormat)" '<PROPERTY NAME="NameFormat" CLASSORIGIN="CIM_ComputerSystem" TYPE="string">'
expect "the inherited key" "$(tag "$r" PROPERTY Name)" '<PROPERTY NAME="Name" CLASSORIGIN="CIM_System" PROPAGATED="true" TYPE="string">'
expect_match "... with its Key qualifier, propagated" "$(printf '%s' "$r" | tr -d '\n' | sed 's/.*<PROPERTY NAME="Name"//; s/<\/PROPERTY>.*//')" '<QUALIFIER NAME="Key" TYPE="boolean" PROPAGATED="true" OVERRIDABLE="false" TOSUBCLASS="true"><VALUE>TRUE</VALUE></QUALIFIER>'
status=$(printf '%s' "$r" | tr -d '\n' | sed 's/.*<PROPERTY NAME="Status"//; s/<\/PROPERTY>.*//')
expect_match "an inherited member's qualifiers are propagated" "$status" '<QUALIFIER NAME="Description" TYPE="string" PROPAGATED="true"'
expect "... not its Restricted Deprecated (not inherited)" "$(count_of "$status" 'NAME="Deprecated"')" 0
expect_match "... which its own class has" "$(gc CIM_ManagedSystemElement "" | tr -d '\n' | sed 's/.*<PROPERTY NAME="Status"//; s/<\/PROPERTY>.*//')" '<QUALIFIER NAME="Deprecated" TYPE="string" OVERRIDABLE="true" TOSUBCLASS="false">'
expect "methods, inherited and own" "$(names "$r" METHOD)" "RequestStateChange SetPowerState "
expect "an inherited method" "$(tag "$r" METHOD RequestStateChange)" '<METHOD NAME="RequestStateChange" CLASSORIGIN="CIM_EnabledLogicalElement" PROPAGATED="true" TYPE="uint32">'
expect_match "the own class qualifier (restricted Version)" "$r" '<QUALIFIER NAME="Version" TYPE="string" OVERRIDABLE="true" TOSUBCLASS="false" TRANSLATABLE="true"><VALUE>2.42.0</VALUE></QUALIFIER>'

r=$(gc CIM_ComputerSystem "")
expect "LocalOnly (default): the own members only" "$(names "$r" 'PROPERTY[.A-Z]*') / $(names "$r" METHOD)" \
    "NameFormat Dedicated OtherDedicatedDescriptions ResetCapability PowerManagementCapabilities  / SetPowerState "
r=$(gc CIM_ComputerSystem "$(bp IncludeQualifiers FALSE)")
expect "IncludeQualifiers=false" "$(count_of "$r" '<QUALIFIER')" 0
expect "GetClass of an unknown class: 6" "$(errcode "$(gc CIM_NoSuchClass "")")" 6

ecn() { intrinsic EnumerateClassNames "$1" | grep -o '<CLASSNAME NAME="[A-Za-z0-9_]*"' | sed 's/.*NAME=//' | tr -d '"' | sort; }
shallow=$(ecn "$(classname ClassName CIM_ComputerSystem)")
expect "ecn of CIM_ComputerSystem: its direct subclasses" "$(printf '%s' "$shallow" | tr '\n' ' ')" \
    "CIM_Cluster CIM_UnitaryComputerSystem CIM_VirtualComputerSystem"
shallow=$(ecn "$(classname ClassName CIM_System)")
deep=$(ecn "$(classname ClassName CIM_System)$(bp DeepInheritance TRUE)")
expect "ecn of CIM_System: not a subclass's subclass" "$(printf '%s\n' "$shallow" | grep -c '^CIM_UnitaryComputerSystem$')" 0
expect "... with DeepInheritance: it too" "$(printf '%s\n' "$deep" | grep -c '^CIM_UnitaryComputerSystem$')" 1
printf '%s\n' "$deep" >"$T/deep"
expect "... and every direct one" "$(printf '%s\n' "$shallow" | comm -23 - "$T/deep")" ""
roots=$(ecn "")
expect_match "ecn, no class: the roots" "$(printf '%s' "$roots" | tr '\n' ' ')" '(^| )CIM_ManagedElement '
expect "... not a subclass" "$(printf '%s\n' "$roots" | grep -c '^CIM_ComputerSystem$')" 0
all=$(ecn "$(bp DeepInheritance TRUE)" | wc -l)
"${MOFC:-$B/mofc}" export -q -o "$T/cim.xml" "$T/cim/cim_schema_2.49.0.mof" 2>/dev/null
expect "ecn deep, no class: every class of CIM 2.49 (as many as mofc export writes)" "$all" "$(grep -o '<CLASS NAME=' "$T/cim.xml" | wc -l | tr -d ' ')"

# peak RSS after the answers: the descriptors, not a tree of the 45 MB export
if [ -z "${SANITIZE:-}" ]; then
    hwm=$(awk '/^VmHWM:/ { print int($2 / 1024) }' "/proc/$SPID/status")
    expect "peak RSS under 150 MiB (was 384 with the XML tree): $hwm MiB" "$(test "$hwm" -lt 150 && echo yes)" yes
fi
finish
