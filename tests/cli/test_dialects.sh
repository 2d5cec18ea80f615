#!/bin/sh
# Dialects on the command line: the note that says which dialect a file
# was read in and why, --stats, and --dialect= values.
. tests/cli/lib.sh
ROOT=$(pwd)
cd "$T"

printf '[Colour ("red")] class A { };\n#pragma autorecover\n' > w.mof
expect_rc "auto: an unknown qualifier in a WMI file is a warning" 0 "$MOFC" check w.mof
cat > want <<'W'
w.mof:1:2: warning: qualifier 'Colour' is not declared [MOF2001]
 [Colour ("red")] class A { };
  ^~~~~~
w.mof:2:9: note: 'w.mof' is read in the WMI dialect: it uses '#pragma autorecover'
 #pragma autorecover
         ^~~~~~~~~~~
1 error and 0 warnings generated.
W
sed -i 's/^1 error and 0 warnings/0 errors and 1 warning/' want
expect_same "the note names the dialect and the construct that chose it" err want

expect_rc "--dialect=dmtf: the same is an error" 1 "$MOFC" check --dialect=dmtf w.mof
grep -q "note: 'w.mof' is read" err && bad "no dialect note under --dialect=dmtf" || ok "no dialect note under --dialect=dmtf"

printf '[Colour ("red")] class A { };\n' > d.mof
expect_rc "auto: the same in a file without WMI signs is an error" 1 "$MOFC" check d.mof
grep -q "^mofc: note: 'd.mof' is read in the DMTF dialect: it uses no WMI or MI construct (--dialect=wmi or --dialect=mi reads it otherwise)$" err \
  && ok "DMTF note says how to choose another dialect" || bad "DMTF note says how to choose another dialect"

printf 'class A {\n\tuint32 X\n};\n' > e.mof
expect_rc "syntax error" 1 "$MOFC" check e.mof
grep -q "note:" err && bad "no dialect note on an error of every dialect" || ok "no dialect note on an error of every dialect"

printf '#pragma include ("w.mof")\n#pragma include ("d2.mof")\n' > top.mof
printf 'class B { };\n' > d2.mof
printf '[ClassVersion ("1.0.0")] class R { };\n' > R.schema.mof
expect_rc "--stats" 0 "$MOFC" check --stats top.mof R.schema.mof
cat > want <<'W'
mofc: top.mof: DMTF (it uses no WMI or MI construct)
mofc: w.mof: WMI (it uses '#pragma autorecover', w.mof:2:9)
mofc: d2.mof: DMTF ('top.mof' includes it, top.mof:2:1)
mofc: R.schema.mof: MI (it uses the 'ClassVersion' qualifier, R.schema.mof:1:2)
W
grep '^mofc: [^0-9]' err > got
expect_same "--stats: each file's dialect and why" got want
expect_rc "--stats with --dialect" 0 "$MOFC" check --stats --dialect=wmi d.mof
grep -q "^mofc: d.mof: WMI (--dialect=wmi)$" err && ok "--stats says --dialect chose" || bad "--stats says --dialect chose"
expect_rc "--dialect=mi is known" 0 "$MOFC" check --dialect=mi d.mof
expect_rc "unknown dialect" 2 "$MOFC" check --dialect=corba d.mof
grep -q "unknown dialect 'corba' (auto, dmtf, wmi or mi)" err && ok "unknown dialect message" || bad "unknown dialect message"

# A class as a property or parameter type: an embedded instance, in the
# generated C and in CIM-XML (DSP0201: string + EmbeddedInstance).
cat > ct.mof <<'M'
#pragma namespace ("\\\\.\\root\\wmi")
class Demo_Inner { uint32 A; };
class Demo_Outer {
  [key] string InstanceName;
  [read] Demo_Inner Item;
  Demo_Inner Items[4];
  void M([out] Demo_Inner Data);
};
M
expect_rc "gen of class-typed properties" 0 "$MOFC" gen -q -o gen ct.mof
grep -q 'mofrt_f_instance Item;' gen/ct.h && grep -q 'mofrt_a_instance Items;' gen/ct.h && grep -q 'mofrt_f_instance Data;' gen/ct.h \
  && ok "generated C: embedded instance fields" || bad "generated C: embedded instance fields"
expect_rc "export of class-typed properties" 0 "$MOFC" export -q -o ct.xml ct.mof
grep -q '<PROPERTY NAME="Item" CLASSORIGIN="Demo_Outer" TYPE="string" EmbeddedObject="instance">.*<QUALIFIER NAME="EmbeddedInstance" TYPE="string"><VALUE>Demo_Inner</VALUE></QUALIFIER></PROPERTY>' ct.xml \
  && ok "CIM-XML: the class as EmbeddedInstance" || bad "CIM-XML: the class as EmbeddedInstance"
grep -q '<PARAMETER NAME="Data" TYPE="string">.*<VALUE>Demo_Inner</VALUE></QUALIFIER></PARAMETER>' ct.xml \
  && ok "CIM-XML: the parameter too" || bad "CIM-XML: the parameter too"

# The Hyper-V cluster schema as Microsoft's pages document it: each kept
# quirk (// QUIRK: in the file) is a warning in the file's own dialect
# (WMI, from its namespace path) and an error under --dialect=dmtf.
HV="$ROOT/schemas/WindowsHyperVCluster.V2.mof"
cat > quirks <<'W'
'Override ("CollectionID")' on 'CollectionID': class 'Msvm_ReferencePointCollection' inherits no property 'CollectionID' [MOF2110]
'Override ("CollectionID")' on 'CollectionID': class 'Msvm_SnapshotCollection' inherits no property 'CollectionID' [MOF2110]
qualifier 'HyperVEmbeddedInstance' is not declared [MOF2001]
qualifier 'HyperVEmbeddedInstance' is not declared [MOF2001]
qualifier 'In' is not allowed on a property (property 'Msvm_ReferencePointCollection.ReferencePointType') [MOF2003]
qualifier 'MAX' is not allowed on a property (property 'Msvm_VirtualSystemSettingData.BootOrder') [MOF2003]
reference 'Collection' can narrow 'CIM_CollectionOfMSEs' only to a subclass, and 'Msvm_ReferencePointCollection' is not one [MOF2206]
reference 'Collection' can narrow 'CIM_CollectionOfMSEs' only to a subclass, and 'Msvm_SnapshotCollection' is not one [MOF2206]
reference 'Member' can narrow 'CIM_ManagedSystemElement' only to a subclass, and 'CIM_CollectionOfMSEs' is not one [MOF2206]
reference 'Member' can narrow 'CIM_ManagedSystemElement' only to a subclass, and 'Msvm_VirtualSystemReferencePoint' is not one [MOF2206]
reference 'Member' can narrow 'CIM_ManagedSystemElement' only to a subclass, and 'Msvm_VirtualSystemSettingData' is not one [MOF2206]
W
expect_rc "Hyper-V schema as documented: exit 0 in its dialect" 0 "$MOFC" check "$HV"
sed -n 's/^[^ ]*: warning: //p' err | sort > got
expect_same "Hyper-V: each documented quirk is a warning, nothing else" got quirks
grep -q "note: '.*WindowsHyperVCluster.V2.mof' is read in the WMI dialect" err \
  && ok "Hyper-V: read as WMI" || bad "Hyper-V: read as WMI"
expect_rc "Hyper-V schema under --dialect=dmtf" 1 "$MOFC" check --dialect=dmtf --max-errors=0 "$HV"
sed -n 's/^[^ ]*: error: //p' err | grep 'MOF2110\|MOF2206\|MOF2003\|HyperVEmbeddedInstance' | sort > got
expect_same "Hyper-V --dialect=dmtf: each quirk is an error" got quirks
expect_rc "gen of the Hyper-V schema as documented" 0 "$MOFC" gen -q -o hvgen "$HV"
grep -q '{ "Member", MOFRT_T_REFERENCE, MOFRT_F_KEY, offsetof(Msvm_CollectedSnapshots, Member), "Msvm_VirtualSystemSettingData",' hvgen/WindowsHyperVCluster_V2.c \
  && ok "Hyper-V gen: the narrowed REF keeps its declared class" || bad "Hyper-V gen: the narrowed REF keeps its declared class"
grep -q 'mofrt_a_string VirtualMachinesToDisksToExport;' hvgen/WindowsHyperVCluster_V2.h \
  && ok "Hyper-V gen: HyperVEmbeddedInstance leaves a string array" || bad "Hyper-V gen: HyperVEmbeddedInstance leaves a string array"

# WMI's DYNPROPS instance: a property with qualifiers and no value.
cat > dyn.mof <<'M'
class Demo_Dyn { [Key] string K; string Text; };
[DYNPROPS] instance of Demo_Dyn { K = "a"; [PropertyContext ("x"), Dynamic, Provider ("P")] Text; };
M
expect_rc "DYNPROPS entry: accepted in WMI (auto)" 0 "$MOFC" check dyn.mof
[ -s err ] && bad "DYNPROPS entry: no diagnostic" || ok "DYNPROPS entry: no diagnostic"
expect_rc "DYNPROPS entry under --dialect=dmtf" 1 "$MOFC" check --dialect=dmtf dyn.mof
grep -q "^dyn.mof:2:93: error: property 'Text' without a value is a WMI DYNPROPS entry (use --dialect=wmi) \[MOF1041\]$" err \
  && ok "DYNPROPS entry: the dmtf error names WMI" || bad "DYNPROPS entry: the dmtf error names WMI"
expect_rc "DYNPROPS entry under --dialect=mi" 1 "$MOFC" check --dialect=mi dyn.mof
grep -q "MOF1041" err && ok "DYNPROPS entry: an error in MI" || bad "DYNPROPS entry: an error in MI"
# A key given by the provider (RegPropProv's PropertyContext): set at run
# time, so neither unset nor a duplicate of the other instance.
cat > dynkey.mof <<'M'
class Dp_Y { [Key] string Id; string L; };
[DYNPROPS] instance of Dp_Y { [Dynamic, Provider ("RegPropProv"), PropertyContext ("local|hklm\\soft\\a|Id")] Id; L = "x"; };
[DYNPROPS] instance of Dp_Y { [Dynamic, Provider ("RegPropProv"), PropertyContext ("local|hklm\\soft\\b|Id")] Id; L = "y"; };
M
expect_rc "DYNPROPS key: accepted in WMI" 0 "$MOFC" check --dialect=wmi dynkey.mof
[ -s err ] && bad "DYNPROPS key: neither unset nor duplicate" || ok "DYNPROPS key: neither unset nor duplicate"
"$MOFC" fmt dyn.mof > dyn1.mof && "$MOFC" fmt dyn1.mof > dyn2.mof && cmp -s dyn1.mof dyn2.mof && grep -q '^    Text;$' dyn1.mof \
  && ok "fmt keeps a DYNPROPS entry" || bad "fmt keeps a DYNPROPS entry"
expect_rc "export of a DYNPROPS instance" 0 "$MOFC" export -q -o dyn.xml dyn.mof
grep -o '<INSTANCE CLASSNAME="Demo_Dyn">.*</INSTANCE>' dyn.xml > dyni
grep -q 'NAME="K"' dyni && ! grep -q 'NAME="Text"' dyni \
  && ok "export: the DYNPROPS property has no value" || bad "export: the DYNPROPS property has no value"

# A DSC configuration document (what PowerShell compiles a configuration
# to): resources' instances with their EmbeddedInstance properties given as
# $alias, scalar and array, then OMI_ConfigurationDocument. Checked with the
# resource's schema; read as MI from OMI_ConfigurationDocument.
cat > Demo_Group.schema.mof <<'M'
[ClassVersion ("1.0.0.0"), FriendlyName ("DemoGroup")]
class Demo_Group : OMI_BaseResource
{
  [Key] string GroupName;
  [Write, ValueMap {"Present", "Absent"}, Values {"Present", "Absent"}] string Ensure;
  [Write, EmbeddedInstance ("MSFT_Credential")] string Credential;
  [Write, EmbeddedInstance ("MSFT_KeyValuePair")] string Options[];
};
M
cat > localhost.mof <<'M'
/*
@TargetNode='localhost'
*/
instance of MSFT_Credential as $MSFT_Credential1ref
{
 Password = "not-a-secret";
 UserName = "demo\\operator";
};
instance of MSFT_KeyValuePair as $MSFT_KeyValuePair1ref
{
 Key = "Scope";
 Value = "Local";
};
instance of Demo_Group as $Demo_Group1ref
{
 ResourceID = "[Demo_Group]Operators";
 GroupName = "Operators";
 Ensure = "Present";
 Credential = $MSFT_Credential1ref;
 Options = {
    $MSFT_KeyValuePair1ref
};
 SourceInfo = "::4::9::Demo_Group";
 ModuleName = "DemoModule";
 ModuleVersion = "1.0";
 ConfigurationName = "DemoConfig";
};
instance of OMI_ConfigurationDocument
{
 Version = "2.0.0";
 MinimumCompatibleVersion = "1.0.0";
 CompatibleVersionAdditionalProperties = {"Omi_BaseResource:ConfigurationName"};
 Author = "tester";
 GenerationDate = "11/30/2026 08:00:00";
 GenerationHost = "BUILD01";
 Name = "DemoConfig";
};
M
expect_rc "DSC configuration document: checks" 0 "$MOFC" check --stats Demo_Group.schema.mof localhost.mof
grep -q "^mofc: localhost.mof: MI (it uses 'OMI_ConfigurationDocument' (a DSC configuration document), localhost.mof:28:13)$" err \
  && ok "DSC configuration document: read as MI" || bad "DSC configuration document: read as MI"
grep -q "warning" err && bad "DSC configuration document: no warning" || ok "DSC configuration document: no warning"
grep -q "^mofc: <mi built-in>: MI (mofc's copy of DSC's base classes, read on first use)$" err \
  && ok "--stats: the built-in DSC classes say what they are" || bad "--stats: the built-in DSC classes say what they are"
expect_rc "DSC configuration document: export" 0 "$MOFC" export -q -o doc.xml Demo_Group.schema.mof localhost.mof
grep -o '<INSTANCE CLASSNAME="Demo_Group">.*' doc.xml > doci
grep -q '<PROPERTY NAME="Credential" TYPE="string" EmbeddedObject="instance"><VALUE>&lt;INSTANCE CLASSNAME=&quot;MSFT_Credential&quot;&gt;' doci \
  && ok "export: \$alias as an escaped embedded INSTANCE" || bad "export: \$alias as an escaped embedded INSTANCE"
grep -q '<PROPERTY.ARRAY NAME="Options" TYPE="string" EmbeddedObject="instance"><VALUE.ARRAY><VALUE>&lt;INSTANCE CLASSNAME=&quot;MSFT_KeyValuePair&quot;&gt;' doci \
  && ok "export: an array of \$alias as escaped INSTANCEs" || bad "export: an array of \$alias as escaped INSTANCEs"
grep -q '<INSTANCE CLASSNAME="OMI_ConfigurationDocument">' doc.xml \
  && ok "export: the OMI_ConfigurationDocument instance" || bad "export: the OMI_ConfigurationDocument instance"
expect_rc "DSC configuration document: gen" 0 "$MOFC" gen -q -o dscgen Demo_Group.schema.mof localhost.mof
grep -q 'mofrt_f_instance Credential;' dscgen/Demo_Group_schema.h && grep -q 'mofrt_a_instance Options;' dscgen/Demo_Group_schema.h \
  && ok "gen: the embedded instances of the resource" || bad "gen: the embedded instances of the resource"
expect_rc "DSC configuration document under --dialect=dmtf" 1 "$MOFC" check --dialect=dmtf --max-errors=0 Demo_Group.schema.mof localhost.mof
grep -q "^localhost.mof:28:13: note: 'OMI_ConfigurationDocument' is a PowerShell DSC class: --dialect=mi knows it$" err \
  && ok "dmtf: the note names MI for OMI_ConfigurationDocument" || bad "dmtf: the note names MI for OMI_ConfigurationDocument"
cat > Bad_Group.schema.mof <<'M'
[ClassVersion ("1.0"), FriendlyName ("BadGroup")]
class Bad_Group : OMI_BaseResource { [Key] string GroupName; string Comment; };
M
expect_rc "DSC schema rule: a warning" 0 "$MOFC" check Bad_Group.schema.mof
grep -q "^Bad_Group.schema.mof:2:62: warning: property 'Bad_Group.Comment' of a DSC resource has none of Key, Required, Write, Read \[MOF2601\]$" err \
  && ok "DSC schema rule: the message" || bad "DSC schema rule: the message"
expect_rc "DSC schema rule: --werror makes it fatal" 1 "$MOFC" check --werror Bad_Group.schema.mof
expect_rc "DSC schema rule: -Wno-dsc-attribute" 0 "$MOFC" check -Wno-dsc-attribute Bad_Group.schema.mof
[ -s err ] && bad "-Wno-dsc-attribute silences it" || ok "-Wno-dsc-attribute silences it"
# A repeated instance key: mofcomp creates or updates, so in WMI a warning
# and the last instance wins (model and export); DMTF and MI keep the error.
cat > dup.mof <<'M'
#pragma autorecover
class Du_A { [key] string K; string V; };
instance of Du_A { K = "a"; V = "1"; };
instance of Du_A { K = "a"; V = "2"; };
instance of Du_A { K = "a"; V = "3"; };
instance of Du_A { K = "b"; V = "4"; };
M
expect_rc "WMI: a repeated key is a warning" 0 "$MOFC" export -o dup.xml dup.mof
grep -q "^dup.mof:4:1: warning: another instance of 'Du_A' has the same keys (K = \"a\") \[MOF2505\]$" err \
  && ok "WMI: MOF2505 is a warning" || bad "WMI: MOF2505 is a warning"
grep -q "note: mofcomp updates the instance: this later one replaces it" err \
  && ok "WMI: the note says the later one replaces it" || bad "WMI: the note says the later one replaces it"
[ "$(grep -o '<VALUE>[0-9]</VALUE>' dup.xml | tr -d '\n')" = "<VALUE>3</VALUE><VALUE>4</VALUE>" ] \
  && ok "WMI: export holds the last instance of the key only" || bad "WMI: export holds the last instance of the key only"
for d in dmtf mi; do
  expect_rc "$d: a repeated key is an error" 1 "$MOFC" check --dialect=$d dup.mof
  grep -q "^dup.mof:4:1: error: another instance of 'Du_A' has the same keys (K = \"a\") \[MOF2505\]$" err \
    && ok "$d: MOF2505 is an error" || bad "$d: MOF2505 is an error"
done

# A built-in class of another dialect as a property type: the note names it.
printf 'class Tp_A { [Key] string K; __Win32Provider P; };\n' > tp.mof
expect_rc "DMTF: a WMI system class as a type" 1 "$MOFC" check tp.mof
grep -q "^tp.mof:1:30: note: '__Win32Provider' is a WMI system class: --dialect=wmi knows it$" err \
  && ok "the note names WMI for a __Win32Provider type" || bad "the note names WMI for a __Win32Provider type"
printf '#pragma autorecover\nclass Tq_A { [Key] string K; MSFT_Credential Cred; };\n' > tq.mof
expect_rc "WMI: a DSC class as a type" 1 "$MOFC" check tq.mof
grep -q "^tq.mof:2:30: note: 'MSFT_Credential' is a PowerShell DSC class: --dialect=mi knows it$" err \
  && ok "the note names MI for an MSFT_Credential type" || bad "the note names MI for an MSFT_Credential type"
# A class declared twice: mofcomp creates or updates, so in WMI and MI the
# later declaration replaces the earlier in the model, gen and export
# (two DSC schemas each declaring the class they embed); DMTF keeps the
# error and the first. Classes deriving from the first keep it.
cat > Tw_A.schema.mof <<'M'
[ClassVersion ("1.0.0")] class Tw_Bind { [Key] string Proto; [Write] uint16 Port; };
[ClassVersion ("1.0.0"), FriendlyName ("twA")] class Tw_A : OMI_BaseResource { [Key] string N; [Write, EmbeddedInstance ("Tw_Bind")] string B[]; };
M
cat > Tw_B.schema.mof <<'M'
[ClassVersion ("1.0.0")] class Tw_Bind { [Key] string Proto; [Write] string Host; };
[ClassVersion ("1.0.0"), FriendlyName ("twB")] class Tw_B : OMI_BaseResource { [Key] string N; [Write, EmbeddedInstance ("Tw_Bind")] string B[]; };
M
cat > tw_doc.mof <<'M'
instance of Tw_Bind as $b { Proto = "http"; Host = "h"; };
instance of Tw_B { ResourceID = "[twB]x"; ModuleName = "m"; ModuleVersion = "1"; N = "x"; B = {$b}; };
instance of OMI_ConfigurationDocument { Version = "2.0.0"; };
M
expect_rc "class twice in MI: the later declaration wins" 0 "$MOFC" check Tw_A.schema.mof Tw_B.schema.mof tw_doc.mof
grep -q "^Tw_B.schema.mof:1:32: note: this later declaration replaces it, as mofcomp updates a class$" err \
  && ok "class twice: the note says the later one replaces it" || bad "class twice: the note says the later one replaces it"
grep -q "MOF2608" err && bad "class twice: no MOF2608 for a class each schema declares" || ok "class twice: no MOF2608 for a class each schema declares"
expect_rc "class twice: --dump-model" 0 "$MOFC" check --dump-model Tw_A.schema.mof Tw_B.schema.mof
[ "$(grep -c '^  class Tw_Bind' out)" = 1 ] && grep -q 'Host' out && ! grep -q 'Port' out \
  && ok "class twice: the model has the later declaration only" || bad "class twice: the model has the later declaration only"
expect_rc "class twice: gen" 0 "$MOFC" gen -q -o twgen Tw_A.schema.mof Tw_B.schema.mof
grep -q 'mofrt_f_string Host;' twgen/Tw_A_schema.h && ! grep -rq 'Port;' twgen \
  && ok "class twice: generated C has the later declaration" || bad "class twice: generated C has the later declaration"
expect_rc "class twice: export" 0 "$MOFC" export -q -o tw.xml Tw_A.schema.mof Tw_B.schema.mof tw_doc.mof
grep -q '<PROPERTY NAME="Host"' tw.xml && ! grep -q '<PROPERTY NAME="Port"' tw.xml \
  && [ "$(grep -c '<CLASS NAME="Tw_Bind"' tw.xml)" = 1 ] \
  && ok "class twice: export has the later declaration" || bad "class twice: export has the later declaration"
expect_rc "class twice: dmtf keeps the error" 1 "$MOFC" check --dialect=dmtf --max-errors=0 Tw_A.schema.mof Tw_B.schema.mof
grep -q "MOF2102" err && ! grep -q "replaces it" err \
  && ok "class twice: dmtf, no replacement" || bad "class twice: dmtf, no replacement"
printf '#pragma autorecover\nclass Tw_P { uint8 X; };\nclass Tw_S : Tw_P { };\nclass Tw_P { uint8 Y; };\ninstance of Tw_S { X = 1; };\n' > sub.mof
expect_rc "class twice with a subclass between: a warning" 0 "$MOFC" check --dump-model sub.mof
grep -q "^sub.mof:4:7: note: the first declaration is kept: classes derive from it, and mofcomp does not update a class that has subclasses$" err \
  && ok "class twice with a subclass: the note says the first is kept" || bad "class twice with a subclass: the note says the first is kept"
grep -q ' X' out && ! grep -q ' Y' out \
  && ok "class twice with a subclass: the model keeps the first" || bad "class twice with a subclass: the model keeps the first"
finish
