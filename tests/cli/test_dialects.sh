#!/bin/sh
# Dialects on the command line: the note that says which dialect a file
# was read in and why, --stats, and --dialect= values.
. tests/cli/lib.sh
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
finish
