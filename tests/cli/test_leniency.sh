#!/bin/sh
# Real MOF as its own tools read it, from the command line: an old DMTF
# schema tree ("Core\X.mof" includes), the lexical leniencies per dialect,
# and checking that goes on past an error that leaves the tree whole.
. tests/cli/lib.sh
cd "$T" || exit 1

# ---- CIM 2.13-style tree: CIM_Schema.mof includes "Core\X.mof" ---------
mkdir -p old/Core old/System
cat > old/CIM_Schema.mof <<'M'
#pragma locale ("en_US")
#pragma include ("Core\CIM_ManagedElement.mof")
#pragma include ("Core\CIM_LogicalElement.mof")
#pragma include ("System\CIM_System.mof")
M
cat > old/Core/CIM_ManagedElement.mof <<'M'
Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride, ToSubclass);
Qualifier Abstract : boolean = false, Scope(class, association, indication), Flavor(Restricted);
[Abstract] class CIM_ManagedElement { string Caption; };
M
printf '[Abstract] class CIM_LogicalElement : CIM_ManagedElement { };\n' > old/Core/CIM_LogicalElement.mof
printf 'class CIM_System : CIM_LogicalElement { [Key] string Name; };\n' > old/System/CIM_System.mof
expect_rc "old DMTF tree checks (dmtf: a warning)" 0 "$MOFC" check old/CIM_Schema.mof
cat > want <<'W'
old/CIM_Schema.mof:2:23: warning: '\' in an include path read as a path separator [MOF1036]
 #pragma include ("Core\CIM_ManagedElement.mof")
                       ^
old/CIM_Schema.mof:2:23: note: DSP0004 reads '\' as the start of an escape: write '/' or '\\' (not flagged again in this file)
 #pragma include ("Core\CIM_ManagedElement.mof")
                       ^
mofc: note: 'old/CIM_Schema.mof' is read in the DMTF dialect: it uses no WMI or MI construct (--dialect=wmi or --dialect=mi reads it otherwise)
0 errors and 1 warning generated.
W
expect_same "one warning for the file, at the first backslash, and the dialect" err want
expect_rc "--werror refuses it" 1 "$MOFC" check --werror old/CIM_Schema.mof
expect_rc "-Wno-include-backslash silences it" 0 "$MOFC" check -Wno-include-backslash old/CIM_Schema.mof
[ ! -s err ] && ok "... and prints nothing" || bad "... and prints nothing"
expect_rc "wmi reads it silently" 0 "$MOFC" check --dialect=wmi old/CIM_Schema.mof
[ ! -s err ] && ok "... and prints nothing" || bad "... and prints nothing"
expect_rc "gen from the old tree" 0 "$MOFC" gen -q -o gen old/CIM_Schema.mof
grep -q 'CIM_System' gen/CIM_Schema.h && ok "the included classes are generated" || bad "the included classes are generated"

# ---- a lexical error does not hide the schema's problems ---------------
cat > two.mof <<'M'
class A { [Key] string K; uint8 N; string S; };
instance of A { K = "k"; S = "on\off"; };
instance of A { K = "j"; N = 300; };
M
expect_rc "bad escape and a bad value: exit 1" 1 "$MOFC" check two.mof
cat > want <<'W'
two.mof:2:33: error: unknown escape sequence '\o' [MOF1017]
two.mof:3:30: error: value 300 does not fit in uint8 [MOF2301]
W
grep ': error:' err > got
expect_same "both are reported (checking went on past the escape)" got want
expect_rc "wmi: the escape is a warning, the value still an error" 1 "$MOFC" check --dialect=wmi two.mof
grep -c ': warning: unknown escape' err | grep -qx 1 && ok "... one warning" || bad "... one warning"
expect_rc "gen refuses a file with a lexical error" 1 "$MOFC" gen -q -o gen2 --dialect=dmtf two.mof
[ ! -e gen2/two.h ] && ok "... and writes nothing" || bad "... and writes nothing"

# ---- sfcb / OMI habits: accepted with warnings outside dmtf -------------
cat > sfcb.mof <<'M'
class S { [Key] string K; uint16 Kinds[]; char16 C; char16 Sep = 44; string D; };
instance of S { K = "a"; Kinds = 3; C = "c"; D = "two
lines"; };
M
expect_rc "dmtf refuses the sfcb habits" 1 "$MOFC" check --dialect=dmtf sfcb.mof
grep -c ': error:' err | grep -qx 3 && ok "... three errors" || bad "... three errors"
expect_rc "wmi takes them with warnings" 0 "$MOFC" check --dialect=wmi sfcb.mof
grep -c ': warning:' err | grep -qx 3 && ok "... three warnings" || bad "... three warnings"
expect_rc "gen proceeds in wmi" 0 "$MOFC" gen -q --dialect=wmi -o gen3 sfcb.mof
printf 'class E { string X; };\ninstance of E { };\n' > empty.mof
cat sfcb.mof empty.mof > e2.mof
expect_rc "empty instance body: error in dmtf" 1 "$MOFC" check --dialect=dmtf e2.mof
grep -q "e2.mof:5:13: error: instance of 'E' gives no property value \[MOF1019\]" err \
  && ok "... at the class name" || bad "... at the class name"
expect_rc "empty instance body: accepted in wmi" 0 "$MOFC" check --dialect=wmi -Wno-scalar-for-array \
  -Wno-string-for-char16 -Wno-string-newline e2.mof
[ ! -s err ] && ok "... silently, as mofcomp" || bad "... silently, as mofcomp"
finish
