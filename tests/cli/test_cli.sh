#!/bin/sh
# mofc's command line: help, version, exit codes, and the text format of
# diagnostics (source line, caret, include chain), compared byte for byte.
. tests/cli/lib.sh

expect_rc "--help exits 0" 0 "$MOFC" --help
grep -q '^usage: mofc check' "$T/out" && ok "--help prints usage" || bad "--help prints usage"
# the help is printed in two parts (ISO C's literal limit): both, whole
grep -q '^gen options:' "$T/out" && grep -q '^  --jobs=N              2: render classes on a second thread' "$T/out" &&
  grep -q '^2 usage or I/O errors or either side does not check' "$T/out" && ok "--help prints the gen and diff options" ||
  bad "--help prints the gen and diff options"
expect_rc "--version exits 0" 0 "$MOFC" --version
grep -q '^mofc [0-9]' "$T/out" && ok "--version prints version" || bad "--version prints version"
expect_rc "no arguments is a usage error" 2 "$MOFC"
expect_rc "unknown command" 2 "$MOFC" frob x.mof
expect_rc "unknown option" 2 "$MOFC" check --frob x.mof
expect_rc "unknown warning option" 2 "$MOFC" check -Wfrob x.mof
expect_rc "bad dialect" 2 "$MOFC" check --dialect=corba x.mof
expect_rc "no input files" 2 "$MOFC" check
expect_rc "missing file is an I/O error" 2 "$MOFC" check "$T/none.mof"
grep -q "cannot read '$T/none.mof': No such file or directory" "$T/err" && ok "missing file message" || bad "missing file message"
expect_rc "directory given as a file" 2 "$MOFC" check "$T"
grep -q "Is a directory" "$T/err" && ok "directory message" || bad "directory message"

cd "$T"
printf 'class A {\n\tuint32 X\n};\n' > e.mof
printf '// top\n#pragma include ("e.mof")\n' > m.mof
expect_rc "syntax error exits 1" 1 "$MOFC" check m.mof
cat > want <<'W'
In file included from m.mof:2:
e.mof:2:10: error: expected ';' after property declaration [MOF1020]
 	uint32 X
 	        ^
1 error and 0 warnings generated.
W
expect_same "text diagnostic: include chain, line, tab-aligned caret" err want

printf '#pragma frob ("x")\nclass A { };\n' > w.mof
expect_rc "warnings alone exit 0" 0 "$MOFC" check w.mof
expect_rc "--werror makes warnings fail" 1 "$MOFC" check --werror w.mof
expect_rc "-Wno-unknown-pragma silences" 0 "$MOFC" check -Wno-unknown-pragma w.mof
[ ! -s err ] && ok "-Wno-unknown-pragma prints nothing" || bad "-Wno-unknown-pragma prints nothing"
expect_rc "-q hides warnings" 0 "$MOFC" check -q w.mof
[ ! -s err ] && ok "-q prints nothing for warnings" || bad "-q prints nothing for warnings"
printf 'class A { uint128 X; uint128 Y; };\n' > two.mof
expect_rc "--max-errors=1" 1 "$MOFC" check --max-errors=1 two.mof
grep -q 'too many errors (1), stopping' err && ok "--max-errors stops" || bad "--max-errors stops"
expect_rc "--max-errors=-1 is refused, not wrapped to a huge count" 2 "$MOFC" check --max-errors=-1 two.mof
expect_rc "--max-errors past 2^64 is refused" 2 "$MOFC" check --max-errors=99999999999999999999 two.mof
expect_rc "json format" 1 "$MOFC" check --diagnostics-format=json e.mof
cat > want <<'W'
[
  {"code": "MOF1020", "severity": "error", "file": "e.mof", "line": 2, "column": 10, "end_line": 2, "end_column": 10, "message": "expected ';' after property declaration"}
]
W
expect_same "json diagnostics" out want
expect_rc "sarif format" 1 "$MOFC" check --diagnostics-format=sarif e.mof
if command -v python3 >/dev/null; then
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=d["runs"][0]["results"][0]; assert d["version"]=="2.1.0"; assert r["ruleId"]=="MOF1020"; assert r["locations"][0]["physicalLocation"]["region"]["startLine"]==2' out \
    && ok "sarif is valid JSON with the result" || bad "sarif is valid JSON with the result"
fi
# Diagnostics reach standard error (unbuffered) in a few writes, not one a
# piece of each line: 500 errors with their source lines in at most 50
# write calls (15,286 before), the same text as written piece by piece.
for i in $(seq 1 500); do echo "class Many$i : Missing$i { };"; done > many.mof
"$MOFC" check --max-errors=0 many.mof 2>many.err
[ "$(grep -c 'error: ' many.err)" = 500 ] && ok "500 errors reported" || bad "500 errors reported"
# (LeakSanitizer cannot run under ptrace: off for this run in make asan)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
  strace -e trace=write -o many.trace "$MOFC" check --max-errors=0 many.mof 2>many.err2
writes=$(grep -c '^write(' many.trace)
[ "$writes" -ge 1 ] && [ "$writes" -le 50 ] && ok "500 errors in $writes writes" || bad "500 errors in $writes writes (want at most 50)"
cmp -s many.err many.err2 && ok "the same text under strace" || bad "the same text under strace"
finish
