#!/bin/sh
# mofc diff: one golden pair of schemas per rule family (tests/golden/diff,
# NAME.old.mof -> NAME.new.mof, extra options in NAME.flags, the whole text
# output and exit status in NAME.expected; UPDATE=1 rewrites them), exit
# codes, --allow / -Wno-, include folders per side, the github format, and
# two whole CIM 2.49 releases: the original against a copy changed here.
. tests/cli/lib.sh
ROOT=$(pwd)
G=$ROOT/tests/golden/diff
for old in "$G"/*.old.mof; do
  n=$(basename "$old" .old.mof)
  flags=$(cat "$G/$n.flags" 2>/dev/null)
  (cd "$G" && "$MOFC" diff $flags "$n.old.mof" "$n.new.mof" 2>&1; echo "exit $?") > "$T/$n.out"
  if [ -n "$UPDATE" ]; then cp "$T/$n.out" "$G/$n.expected"; fi
  expect_same "golden pair '$n'" "$T/$n.out" "$G/$n.expected"
done

# Every diff code of the catalog is shown by at least one golden pair.
for c in $(grep -o '"MOF4[0-9]*"' "$ROOT/common/diag_codes.def" | tr -d '"'); do
  grep -q "\[$c\]" "$G"/*.expected || missing="$missing $c"
done
[ -z "$missing" ] && ok "each MOF4xxx code has a golden pair" || bad "codes without a golden pair:$missing"

# The Hyper-V schema (WMI rules, UTF-8 and its include) against itself.
expect_rc "Hyper-V schema against itself: exit 0" 0 "$MOFC" diff "$ROOT/schemas/WindowsHyperVCluster.V2.mof" "$ROOT/schemas/WindowsHyperVCluster.V2.mof"
grep -qx '0 breaking, 0 compatible, 0 info changes.' "$T/err" && ok "Hyper-V: no change" || bad "Hyper-V: no change"

cd "$G"
# Exit codes.
expect_rc "no change: exit 0" 0 "$MOFC" diff same.old.mof same.new.mof
grep -q '^0 breaking, 0 compatible, 0 info changes\.$' "$T/err" && ok "summary line with no change" || bad "summary line with no change"
expect_rc "compatible and info changes only: exit 0" 0 "$MOFC" diff info.old.mof info.new.mof
expect_rc "a breaking change: exit 1" 1 "$MOFC" diff property.old.mof property.new.mof
expect_rc "one file: usage, exit 2" 2 "$MOFC" diff property.old.mof
expect_rc "three files: usage, exit 2" 2 "$MOFC" diff property.old.mof property.new.mof same.new.mof
expect_rc "missing NEW: exit 2" 2 "$MOFC" diff property.old.mof "$T/none.mof"
grep -q "none.mof does not check" "$T/err" && ok "says which side failed" || bad "says which side failed"
printf 'class A { uint32 X };\n' > "$T/bad.mof"
expect_rc "OLD does not check: exit 2" 2 "$MOFC" diff "$T/bad.mof" property.new.mof
grep -q "MOF1020" "$T/err" && ok "OLD's error is shown" || bad "OLD's error is shown"
expect_rc "NEW does not check: exit 2" 2 "$MOFC" diff property.old.mof "$T/bad.mof"
expect_rc "unknown --allow name: exit 2" 2 "$MOFC" diff --allow=property-gone property.old.mof property.new.mof
expect_rc "--allow of a check error code: exit 2" 2 "$MOFC" diff --allow MOF1020 property.old.mof property.new.mof
expect_rc "diff -o: usage, exit 2" 2 "$MOFC" diff -o "$T/x" property.old.mof property.new.mof
grep -q "diff takes no gen" "$T/err" && ok "says why -o is refused" || bad "says why -o is refused"
expect_rc "diff --dump-model: usage, exit 2" 2 "$MOFC" diff --dump-model property.old.mof property.new.mof
expect_rc "check --allow: usage, exit 2" 2 "$MOFC" check --allow MOF4002 property.old.mof
expect_rc "check --old-I: usage, exit 2" 2 "$MOFC" check --old-I . property.old.mof
# Accepting a kind of change.
expect_rc "--allow CODE accepts it" 0 "$MOFC" diff --allow MOF4002 property.old.mof property.new.mof
grep -q "MOF4002" "$T/err" && bad "--allow hides the change" || ok "--allow hides the change"
expect_rc "--allow NAME accepts it" 0 "$MOFC" diff --allow property-removed property.old.mof property.new.mof
expect_rc "--allow A,B" 0 "$MOFC" diff --allow=MOF4010,ref-class-changed,array-changed,MOF4012,MOF4014,MOF4015 type.old.mof type.new.mof
expect_rc "--allow A,B misses one: exit 1" 1 "$MOFC" diff --allow=MOF4010,ref-class-changed type.old.mof type.new.mof
expect_rc "-Wno-NAME accepts it" 0 "$MOFC" diff -Wno-property-removed property.old.mof property.new.mof
expect_rc "Version rules are off by default" 1 "$MOFC" diff version.old.mof version.new.mof
grep -q "MOF480" "$T/err" && bad "no Version diagnostic by default" || ok "no Version diagnostic by default"
expect_rc "-Wversion-minor alone fails a compatible-only change" 1 "$MOFC" diff -Wversion-minor --allow property-removed version.old.mof version.new.mof
grep -c "MOF4802" "$T/err" | grep -qx 1 && ok "one version-minor (class B)" || bad "one version-minor (class B)"
expect_rc "-q: errors only, no summary" 1 "$MOFC" diff -q property.old.mof property.new.mof
grep -q "MOF4502\|changes\." "$T/err" && bad "-q hides notes and the summary" || ok "-q hides notes and the summary"

# Include folders: -I for both, --old-I / --new-I for one side.
mkdir -p "$T/inc/old" "$T/inc/new" "$T/inc/both"
printf 'class Base { [Key] string Id; };\n' > "$T/inc/both/base.mof"
printf 'class X : Base { uint32 Size; };\n' > "$T/inc/old/x.mof"
printf 'class X : Base { uint64 Size; };\n' > "$T/inc/new/x.mof"
printf '#pragma include ("base.mof")\n#pragma include ("x.mof")\n' > "$T/inc/top.mof"
expect_rc "--old-I / --new-I with a shared -I" 1 "$MOFC" diff -I "$T/inc/both" --old-I "$T/inc/old" --new-I="$T/inc/new" "$T/inc/top.mof" "$T/inc/top.mof"
grep -q "new/x.mof:1:18: error: type of property 'X.Size' changed from uint32 to uint64 \[MOF4010\]" "$T/err" \
  && ok "the change is located in NEW's include" || bad "the change is located in NEW's include"
expect_rc "a side without its folder does not check" 2 "$MOFC" diff -I "$T/inc/both" --old-I "$T/inc/old" "$T/inc/top.mof" "$T/inc/top.mof"

# GitHub Actions annotations: one line each; '%', CR, LF escaped in the
# message, also ':' and ',' in properties (here a file name).
cp property.old.mof "$T/a,b:old.mof"
(cd "$T" && "$MOFC" diff --diagnostics-format=github "a,b:old.mof" "$G/property.new.mof") > "$T/gh"; rc=$?
[ $rc = 1 ] && ok "github format: exit 1" || bad "github format: exit $rc"
grep -qx "::error file=a%2Cb%3Aold.mof,line=4,col=3,endLine=4,endColumn=9,title=MOF4002 property-removed::property 'A.Size' was removed%0A$G/property.new.mof:1:7: note: the new class is here" "$T/gh" \
  && ok "github error line, escaped" || { bad "github error line, escaped"; cat "$T/gh"; }
grep -q "^::notice file=$G/property.new.mof,line=4,col=3,.*title=MOF4502 property-added::" "$T/gh" \
  && ok "github notice for a compatible change" || bad "github notice for a compatible change"
[ "$(wc -l < "$T/gh")" = 2 ] && ok "github: one line per change, no summary" || bad "github: one line per change, no summary"
"$MOFC" check --diagnostics-format=github "$T/bad.mof" > "$T/gh2"; rc=$?
[ $rc = 1 ] && grep -q "^::error file=$T/bad.mof,line=1,col=19,.*title=MOF1020 syntax::" "$T/gh2" \
  && ok "check --diagnostics-format=github" || { bad "check --diagnostics-format=github"; cat "$T/gh2"; }

# Whole schemas: CIM 2.49 against a copy with four changes. Each is
# reported once: CIM_ManagedElement's Caption is inherited by every class.
ZIP="$SHARED/corpora/cim_schema_2.49.0Final-MOFs.zip"
if [ -f "$ZIP" ]; then
  mkdir "$T/old" && (cd "$T/old" && unzip -q "$ZIP") && cp -r "$T/old" "$T/new"
  (cd "$T" && "$MOFC" diff old/cim_schema_2.49.0.mof new/cim_schema_2.49.0.mof) > "$T/out" 2> "$T/err"; rc=$?
  [ $rc = 0 ] && grep -qx '0 breaking, 0 compatible, 0 info changes.' "$T/err" \
    && ok "CIM 2.49 against itself: no change" || { bad "CIM 2.49 against itself: exit $rc"; head "$T/err"; }
  sed -i 's/MaxLen ( 64 )]/MaxLen ( 32 )]/; s/Caption property is a short/Caption property is a brief/' "$T/new/Core/CIM_ManagedElement.mof"
  sed -i '20s/uint64 DesiredSpeed;/uint32 DesiredSpeed;/' "$T/new/Device/CIM_Fan.mof"
  printf 'class ACME_Extra : CIM_ManagedElement { string Colour; };\n' >> "$T/new/cim_schema_2.49.0.mof"
  (cd "$T" && "$MOFC" diff old/cim_schema_2.49.0.mof new/cim_schema_2.49.0.mof) > "$T/out" 2> "$T/err"; rc=$?
  [ $rc = 1 ] && ok "CIM 2.49 changed: exit 1" || bad "CIM 2.49 changed: exit $rc"
  grep '\[MOF' "$T/err" > "$T/got"
  cat > "$T/want" <<'WANT'
new/Core/CIM_ManagedElement.mof:48:8: error: MaxLen of property 'CIM_ManagedElement.Caption' narrowed from 64 to 32 [MOF4060]
new/Core/CIM_ManagedElement.mof:45:8: note: Description of property 'CIM_ManagedElement.Caption' changed [MOF4703]
new/Device/CIM_Fan.mof:20:4: error: type of property 'CIM_Fan.DesiredSpeed' changed from uint64 to uint32 [MOF4010]
new/cim_schema_2.49.0.mof:1669:7: note: class 'ACME_Extra' was added [MOF4501]
WANT
  expect_same "CIM 2.49: each change once, in NEW's order" "$T/got" "$T/want"
  grep -qx '2 breaking, 1 compatible, 1 info changes.' "$T/err" && ok "CIM 2.49: summary" || bad "CIM 2.49: summary"
  (cd "$T" && "$MOFC" diff --diagnostics-format=json old/cim_schema_2.49.0.mof new/cim_schema_2.49.0.mof) > "$T/j1"
  (cd "$T" && "$MOFC" diff --diagnostics-format=json old/cim_schema_2.49.0.mof new/cim_schema_2.49.0.mof) > "$T/j2"
  cmp -s "$T/j1" "$T/j2" && [ -s "$T/j1" ] && ok "CIM 2.49: output is deterministic" || bad "CIM 2.49: output is deterministic"
else
  bad "CIM 2.49 corpus not found at $ZIP"
fi
finish
