#!/bin/sh
# Instances used as embedded values through $alias (DSC configuration
# documents, WMI/OMI embedded objects): cycles, long chains, the export
# expansion limit, the value's shape and the key check of such values.
. tests/cli/lib.sh
cd "$T"

cat > cyc.mof <<'M'
class Cy_Node {
  [Key] string Id;
  [EmbeddedInstance ("Cy_Node")] string Next;
  [EmbeddedInstance ("Cy_Node")] string Kids[];
};
instance of Cy_Node as $S { Id = "s"; Next = $S; };
instance of Cy_Node as $A { Id = "a"; Next = $B; };
instance of Cy_Node as $B { Id = "b"; Kids = {$C, $C}; };
instance of Cy_Node as $C { Id = "c"; Next = $A; };
M
for d in dmtf wmi mi; do
  expect_rc "an alias cycle is an error in $d" 1 "$MOFC" check --dialect=$d cyc.mof
done
cat > want <<'W'
cyc.mof:6:46: error: embedded value '$S' contains itself: an instance cannot be a value inside its own value [MOF2508]
 instance of Cy_Node as $S { Id = "s"; Next = $S; };
                                              ^~
cyc.mof:6:1: note: '$S' is this instance
 instance of Cy_Node as $S { Id = "s"; Next = $S; };
 ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
cyc.mof:9:46: error: embedded value '$A' contains itself: an instance cannot be a value inside its own value [MOF2508]
 instance of Cy_Node as $C { Id = "c"; Next = $A; };
                                              ^~
cyc.mof:7:1: note: '$A' is this instance
 instance of Cy_Node as $A { Id = "a"; Next = $B; };
 ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
2 errors and 0 warnings generated.
W
expect_same "a cycle: at the alias use that closes it, a note at the instance, once per cycle" err want
expect_rc "export refuses the cycle (writes nothing)" 1 "$MOFC" export -o cyc.xml cyc.mof
[ -e cyc.xml ] && bad "no output for a cycle" || ok "no output for a cycle"

# A reference to itself is not a value inside itself: no cycle.
cat > ref.mof <<'M'
[Association] class Rf_A { [Key] Rf_A REF Self; [Key] Rf_A REF Other; };
instance of Rf_A as $R { Self = $R; Other = $R; };
M
expect_rc "a REF to its own instance is no cycle" 0 "$MOFC" check ref.mof

# A chain of 12 aliases: every level is written (no depth cut).
{
  echo 'class Ch_N { [Key] string Id; [EmbeddedInstance ("Ch_N")] string Next; };'
  echo 'instance of Ch_N as $A12 { Id = "n12"; };'
  i=11; while [ $i -ge 1 ]; do
    echo "instance of Ch_N as \$A$i { Id = \"n$i\"; Next = \$A$((i+1)); };"; i=$((i-1))
  done
} > chain.mof
expect_rc "a chain of 12 aliases checks" 0 "$MOFC" export -o chain.xml chain.mof
grep -q '<VALUE></VALUE>' chain.xml && bad "no empty VALUE in a long chain" || ok "no empty VALUE in a long chain"
# n2..n12 are values only: the one top-level instance n1 holds them all,
# n12 at the 11th level of escaping.
[ "$(grep -c '<VALUE.OBJECT><INSTANCE' chain.xml)" = 1 ] && ok "the chain is one instance" \
  || bad "the chain is one instance"
grep -q "n12&amp;amp;amp;amp;amp;amp;amp;amp;amp;amp;lt;" chain.xml && ok "the chain's last instance is written at the last level" \
  || bad "the chain's last instance is written at the last level"

# Shared aliases: 2^29 copies from a 2 KB file are refused, not written.
{
  echo 'class Ex_N { [Key] string Id; [EmbeddedInstance ("Ex_N")] string K[]; };'
  echo 'instance of Ex_N as $A30 { Id = "x"; };'
  i=29; while [ $i -ge 1 ]; do
    echo "instance of Ex_N as \$A$i { Id = \"a$i\"; K = {\$A$((i+1)), \$A$((i+1))}; };"; i=$((i-1))
  done
} > exp.mof
expect_rc "an exponential expansion is an error" 1 "$MOFC" export -o exp.xml exp.mof
grep -q "^exp.mof:[0-9]*:1: error: embedded values expand past the limit of 1000000 .*\[MOF1003\]$" err \
  && ok "the expansion limit is located and named" || bad "the expansion limit is located and named"
[ -e exp.xml ] && bad "nothing written past the limit" || ok "nothing written past the limit"
expect_rc "--max-embedded-expansion=0 lifts the limit for check" 0 "$MOFC" check --max-embedded-expansion=0 exp.mof
expect_rc "--max-embedded-expansion lowers it" 1 "$MOFC" check --max-embedded-expansion=300 chain.mof
# The value's shape, as for literal values: an array for a scalar is
# MOF2301 everywhere; a $alias for an array is MOF2304 (error in dmtf, a
# warning and a one-element array in wmi and mi, which export follows).
cat > shape.mof <<'M'
class Sh_V { [Key] string K; };
class Sh_R { [Key] string Id; [EmbeddedInstance ("Sh_V")] string One; [EmbeddedInstance ("Sh_V")] string Many[]; };
instance of Sh_V as $V1 { K = "1"; };
instance of Sh_V as $V2 { K = "2"; };
M
printf 'instance of Sh_R { Id = "a"; One = {$V1, $V2}; };\n' > arr.mof
for d in dmtf wmi mi; do
  expect_rc "an array of aliases for a scalar is an error in $d" 1 "$MOFC" check --dialect=$d shape.mof arr.mof
  grep -q "^arr.mof:1:36: error: property 'One' needs a single value, not an array \[MOF2301\]$" err \
    && ok "$d: MOF2301 at the array" || bad "$d: MOF2301 at the array"
done
printf 'instance of Sh_R { Id = "a"; Many = $V1; };\n' > one.mof
expect_rc "an alias for an array is an error in dmtf" 1 "$MOFC" check --dialect=dmtf shape.mof one.mof
grep -q "^one.mof:1:37: error: property 'Many' is an array: \$V1 read as {\$V1} \[MOF2304\]$" err \
  && ok "dmtf: MOF2304 error at the alias" || bad "dmtf: MOF2304 error at the alias"
for d in wmi mi; do
  expect_rc "an alias for an array is a warning in $d" 0 "$MOFC" export --dialect=$d -o one.xml shape.mof one.mof
  grep -q "^one.mof:1:37: warning: property 'Many' is an array: \$V1 read as {\$V1} \[MOF2304\]$" err \
    && ok "$d: MOF2304 warning" || bad "$d: MOF2304 warning"
  grep -q '<PROPERTY.ARRAY NAME="Many" TYPE="string" EmbeddedObject="instance"><VALUE.ARRAY><VALUE>&lt;INSTANCE CLASSNAME=&quot;Sh_V&quot;&gt;.*</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>' one.xml \
    && ok "$d: export writes the one-element array" || bad "$d: export writes the one-element array"
done
# Instances used as embedded values are values, not stored instances: two
# with the same keys are no duplicate (a DSC configuration document's
# MSFT_KeyValuePair values), in every dialect. Stored ones still are.
cat > kv.mof <<'M'
instance of Sh_V as $K1ref { K = "mode"; };
instance of Sh_V as $K2ref { K = "mode"; };
instance of Sh_R { Id = "a"; Many = {$K1ref, $K2ref}; };
M
for d in dmtf wmi mi; do
  expect_rc "$d: embedded values with the same keys are no duplicate" 0 "$MOFC" check --dialect=$d shape.mof kv.mof
done
printf 'instance of Sh_V { K = "1"; };\n' > dup.mof
expect_rc "a stored instance with the same keys still is" 1 "$MOFC" check shape.mof dup.mof
grep -q "MOF2505" err && ok "MOF2505 for stored instances" || bad "MOF2505 for stored instances"

# ... and export writes them only as values: a keyless class (DSC's
# MSFT_Credential) used through $alias is no instance of the namespace
# (mofserve refused to start on one: "class has no key").
cat > val.mof <<'M'
class Vo_Cred { string User; };
class Vo_R { [Key] string Id; [EmbeddedInstance ("Vo_Cred")] string C; };
instance of Vo_Cred as $c1 { User = "alice"; };
instance of Vo_R { Id = "a"; C = $c1; };
M
"$MOFC" export -q -o val.xml val.mof && ok "export of an embedded-only alias runs" || bad "export of an embedded-only alias runs"
[ "$(grep -c '<VALUE.OBJECT><INSTANCE CLASSNAME="Vo_Cred"' val.xml)" = 0 ] \
  && ok "the value is not a top-level instance" || bad "the value is not a top-level instance"
grep -q 'INSTANCE CLASSNAME=&quot;Vo_Cred&quot;' val.xml && ok "it is written as the embedded value" \
  || bad "it is written as the embedded value"

# A string that holds no instance (neither MOF nor CIM-XML) cannot be an
# EmbeddedInstance value: an error in every dialect; CIM-XML text is kept.
cat > text.mof <<'M'
class Tx_Cargo { string What; };
class Tx_R { [Key] string Id; [EmbeddedInstance ("Tx_Cargo")] string Load; };
instance of Tx_R { Id = "a"; Load = "just text"; };
instance of Tx_R { Id = "b"; Load = "<INSTANCE CLASSNAME=\"Tx_Cargo\"></INSTANCE>"; };
M
for d in dmtf wmi mi; do
  expect_rc "$d: plain text as an embedded instance is an error" 1 "$MOFC" check --dialect=$d text.mof
  grep -q "^text.mof:3:37: error: embedded instance 'Load' needs an instance of 'Tx_Cargo'.*\[MOF2301\]" "$T/err" \
    && ok "$d: MOF2301 at the string" || { bad "$d: MOF2301 at the string"; cat "$T/err"; }
  grep -q "text.mof:4:" "$T/err" && bad "$d: CIM-XML text is accepted" || ok "$d: CIM-XML text is accepted"
done

# An alias whose instance was dropped (undeclared class) is defined: only
# the class is reported.
cat > drop.mof <<'M'
class Dr_R { [Key] string Id; [EmbeddedInstance ("Dr_V")] string V; };
instance of Dr_V as $C1 { K = "1"; };
instance of Dr_R { Id = "a"; V = $C1; };
M
expect_rc "an undeclared class is an error" 1 "$MOFC" check --max-errors=0 drop.mof
grep -q "MOF2501" err && ok "the undeclared class is reported" || bad "the undeclared class is reported"
grep -q "MOF2504" err && bad "no false 'alias is not defined'" || ok "no false 'alias is not defined'"
printf 'instance of Sh_R { Id = "z"; One = $Nope; };\n' > undef.mof
expect_rc "an alias never defined" 1 "$MOFC" check shape.mof undef.mof
grep -q "alias '\$Nope' is not defined \[MOF2504\]" err && ok "still MOF2504" || bad "still MOF2504"
finish
