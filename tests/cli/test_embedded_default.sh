#!/bin/sh
# A class property's default given as an embedded instance (WMI and OMI
# files write them: a class-typed, EmbeddedInstance, EmbeddedObject or
# object property with `= instance of C {...}` or a string of MOF): checked
# as in an instance body, exported as escaped INSTANCE, and gen compiles.
. tests/cli/lib.sh
ROOT=$(pwd)
cd "$T"

cat > dflt.mof <<'M'
#pragma namespace ("\\\\.\\root\\wmi")
class Df_Inner { uint32 V; };
class Df_Outer
{
    [key] string Id;
    Df_Inner A = instance of Df_Inner { V = 1; };
    object B = instance of Df_Inner { V = 2; };
    [EmbeddedInstance ("Df_Inner")] string C[] = { instance of Df_Inner { V = 3; }, instance of Df_Inner { V = 4; } };
    [EmbeddedObject] string D = instance of Df_Inner { V = 5; };
    [EmbeddedInstance ("Df_Inner")] string E = "instance of Df_Inner { V = 6; };";
};
instance of Df_Outer { Id = "x"; };
M
"$MOFC" check dflt.mof 2>err && [ ! -s err ] && ok "inline instance defaults check clean" || { bad "inline instance defaults check clean"; cat err; }
"$MOFC" export -q -o dflt.xml dflt.mof && ok "export runs" || bad "export runs"
for v in 1 2 3 4 5 6; do
  grep -q "&lt;VALUE&gt;$v&lt;/VALUE&gt;" dflt.xml && ok "default instance V = $v is exported" || bad "default instance V = $v is exported"
done
# the instance that omits them takes them: each value twice (class, instance)
[ "$(grep -o '&lt;VALUE&gt;1&lt;/VALUE&gt;' dflt.xml | wc -l)" = 2 ] && ok "the instance takes the default" || bad "the instance takes the default"
grep -q '<VALUE></VALUE>' dflt.xml && bad "no empty VALUE" || ok "no empty VALUE"
if command -v xmllint >/dev/null; then
  xmllint --noout --dtdvalid "$ROOT/../shared/reference/DSP0203_2.4.0.dtd" dflt.xml 2>err && ok "export is valid DSP0203" || { bad "export is valid DSP0203"; head -3 err; }
fi
mkdir g
"$MOFC" gen -q -o g --name dflt dflt.mof && cc -std=c11 -Wall -Wextra -Werror -I"$ROOT/runtime" -Ig -c g/dflt.c -o g/dflt.o \
  && ok "gen of the defaults compiles" || bad "gen of the defaults compiles"

cat > bad.mof <<'M'
#pragma namespace ("\\\\.\\root\\wmi")
class Db_Inner { uint32 V; };
class Db_Other { uint32 W; };
instance of Db_Inner as $I { V = 1; };
class Db_Outer
{
    [key] string Id;
    Db_Inner A = instance of Db_Other { W = 1; };
    [EmbeddedInstance ("Db_Inner")] string C[] = { instance of Db_Inner { Nope = 3; } };
    Db_Inner E = "instance of Db_Inner { V = \"x\"; };";
    [EmbeddedInstance ("Db_Inner")] string F = $I;
};
M
"$MOFC" check bad.mof 2>err
[ $? = 1 ] && ok "bad defaults: exit 1" || bad "bad defaults: exit 1"
grep -q "bad.mof:8:18: error: embedded instance 'A' needs an instance of 'Db_Inner', not of 'Db_Other' \[MOF2301\]" err \
  && ok "a default of another class: MOF2301, located" || { bad "a default of another class"; cat err; }
grep -q "bad.mof:9:.*class 'Db_Inner' has no property 'Nope' \[MOF2502\]" err && ok "an unknown property in a default: MOF2502" || bad "an unknown property in a default"
grep -q "<embedded instance 'E'>:1:.*property 'V' needs an uint32 value, not a string \[MOF2301\]" err && ok "a default string of MOF is checked" || bad "a default string of MOF is checked"
grep -q "bad.mof:11:.*needs a string value, not an alias \[MOF2301\]" err && ok "an alias as a class default: MOF2301" || bad "an alias as a class default"
finish
