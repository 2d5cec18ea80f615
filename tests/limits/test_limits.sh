#!/bin/sh
# Hostile input to `mofc check` and `mofc gen`: every limit of docs/limits.md
# is reached and gives its error code at its place (file:line:col), never a
# crash, a hang or unbounded memory; operating-system errors name the path
# and the reason; gen never leaves a half-written file.
. tests/cli/lib.sh

# expect_diag NAME WANT_RC PATTERN CMD...: exit status and a line of stderr
# (fixed string) that must appear.
expect_diag() {
  name=$1; want=$2; pat=$3; shift 3
  "$@" >"$T/out" 2>"$T/err"; rc=$?
  if [ "$rc" = "$want" ] && grep -qF -- "$pat" "$T/err"; then ok "$name"
  else bad "$name (exit $rc, want $want; want line: $pat)"; cut -c1-200 "$T/err" | head -8 | sed 's/^/       /'; fi
}

# Memory bound: ulimit -v works only without ASan (it reserves terabytes of
# address space), so it is checked only where it can be.
MEM_KB=300000
if (ulimit -v $MEM_KB && "$MOFC" --version) >/dev/null 2>&1; then
  bounded() { (ulimit -v $MEM_KB; ulimit -t 60; "$@"); }
else
  echo "  (memory bound not checked: this build cannot run under ulimit -v, e.g. ASan)"
  bounded() { "$@"; }
fi
gen() { python3 -c "$1"; }
cd "$T" || exit 1

# ---- file size ----------------------------------------------------------
printf 'class A {};\n// %0200d\n' 0 > big.mof
expect_diag "file over --max-file-size: MOF1003, exit 2" 2 \
  "mofc: error: 'big.mof' is larger than the limit of 100 bytes [MOF1003]" "$MOFC" check --max-file-size=100 big.mof
printf '\n#pragma include("big.mof")\n' > incbig.mof
expect_diag "included file over the limit: MOF1003 at the include" 1 \
  "incbig.mof:2:17: error: 'big.mof' is larger than the limit of 100 bytes [MOF1003]" \
  "$MOFC" check --max-file-size=100 incbig.mof
truncate -s 70M sparse.mof
expect_diag "70 MiB file over the default 64 MiB: MOF1003, not read" 2 \
  "'sparse.mof' is larger than the limit of 67108864 bytes [MOF1003]" bounded "$MOFC" check sparse.mof
expect_rc "--max-file-size=1k takes it" 0 "$MOFC" check --max-file-size=1k big.mof

# ---- long lines, strings, names -------------------------------------------
gen "open('line.mof','w').write('qualifier Description : string = null, Scope(any);\nclass X { [Description(\"' + 'y'*(4<<20) + '\")] string S; };\n')"
expect_rc "a 4 MB line with a 4 MB string checks, within ${MEM_KB} KB" 0 bounded "$MOFC" check line.mof
gen "open('str.mof','w').write('instance of X {\n s = \"' + 'x'*(17<<20) + '\"; };\n')"
expect_diag "17 MB string: MOF1003 at its start" 1 \
  "str.mof:2:6: error: string is longer than the limit of 16777216 bytes [MOF1003]" bounded "$MOFC" check str.mof
if [ "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$T/err")" -le 200 ]; then
  ok "the source line under the message is cut to a window"
else bad "the source line under the message is cut to a window"; fi
printf 'instance of X { s = "abc" "defg"; };\n' > cat.mof
expect_diag "concatenated string over --max-string-length" 1 \
  "cat.mof:1:21: error: string is longer than the limit of 8 bytes [MOF1003]" "$MOFC" check --max-string-length=8 cat.mof
gen "open('id.mof','w').write('class ' + 'A'*1025 + ' {};\n')"
expect_diag "1025-character name: MOF1003" 1 \
  "id.mof:1:7: error: name is longer than the limit of 1024 characters [MOF1003]" "$MOFC" check id.mof
gen "open('id1024.mof','w').write('class ' + 'A'*1024 + ' {};\n')"
expect_rc "1024-character name is fine" 0 "$MOFC" check id1024.mof
expect_diag "--max-name-length=4" 1 "id1024.mof:1:7: error: name is longer than the limit of 4 characters [MOF1003]" \
  "$MOFC" check --max-name-length=4 id1024.mof

# ---- arrays and nesting -----------------------------------------------------
gen "open('arr.mof','w').write('class X { uint8 A[]; };\ninstance of X {\n A = {' + ','.join(['1']*1000001) + '}; };\n')"
expect_diag "1000001 array elements: MOF1003 at the element past the limit" 1 \
  "arr.mof:3:2000007: error: array has more than the limit of 1000000 elements [MOF1003]" bounded "$MOFC" check arr.mof
printf 'class X { uint8 A[]; };\ninstance of X { A = {1, 2, 3, 4}; };\n' > arr4.mof
expect_diag "--max-array-items=3" 1 "arr4.mof:2:31: error: array has more than the limit of 3 elements [MOF1003]" \
  "$MOFC" check --max-array-items=3 arr4.mof
gen "open('nest.mof','w').write('instance of X {\n A = ' + '{'*100000 + '}'*100000 + '; };\n')"
expect_diag "100000 nested braces: one MOF1003 at the 65th" 1 \
  "nest.mof:2:69: error: braces nested deeper than the limit of 64 [MOF1003]" bounded "$MOFC" check nest.mof
grep -q "^1 error and" "$T/err" && ok "nesting: no error cascade after the limit" || bad "nesting: no error cascade after the limit"
expect_diag "--max-nesting=2" 1 "nest.mof:2:7: error: braces nested deeper than the limit of 2 [MOF1003]" \
  "$MOFC" check --max-nesting=2 nest.mof

# ---- encodings --------------------------------------------------------------
printf 'class X {\n  string\000 S; };\n' > nul.mof
expect_diag "NUL byte: MOF1002 at it" 1 "nul.mof:2:9: error: NUL byte in source file [MOF1002]" "$MOFC" check nul.mof
printf 'class X {\n  string S; // caf\303\050\n};\n' > utf8.mof
expect_diag "invalid UTF-8: MOF1002 at the bad byte" 1 "utf8.mof:2:19: error: invalid UTF-8 sequence [MOF1002]" "$MOFC" check utf8.mof
printf '\377\376c\000l\000a\000s\000s\000 \000X\000 \000{\000}\000;\000\n\000A' > odd16.mof
expect_diag "odd-length UTF-16: MOF1002 at the stray byte" 1 \
  "odd16.mof:2:1: error: odd number of bytes in UTF-16 file [MOF1002]" "$MOFC" check odd16.mof
printf '\377\376c\000\000\330' > surr.mof
expect_diag "unpaired UTF-16 surrogate: MOF1002" 1 "surr.mof:1:2: error: unpaired UTF-16 surrogate [MOF1002]" "$MOFC" check surr.mof

# ---- includes -----------------------------------------------------------------
mkdir chain
i=0; while [ $i -lt 70 ]; do printf '#pragma include("f%d.mof")\n' $((i+1)) > chain/f$i.mof; i=$((i+1)); done
echo 'class Last {};' > chain/f70.mof
expect_diag "70 nested includes: MOF1034 at the 65th" 1 \
  "chain/f64.mof:1:1: error: includes nested deeper than 64 [MOF1034]" "$MOFC" check chain/f0.mof
expect_diag "--max-include-depth=2" 1 "chain/f2.mof:1:1: error: includes nested deeper than 2 [MOF1034]" \
  "$MOFC" check --max-include-depth=2 chain/f0.mof
expect_rc "--max-include-depth=80 takes the chain" 0 "$MOFC" check --max-include-depth=80 chain/f0.mof
mkdir -p cyc/sub && ln -s .. cyc/sub/up
printf '#pragma include("sub/b.mof")\nclass A {};\n' > cyc/a.mof
printf '#pragma include("up/a.mof")\n' > cyc/sub/b.mof
expect_diag "include cycle through a symbolic link to a folder: MOF1033" 1 \
  "cyc/sub/b.mof:1:17: error: include cycle: 'up/a.mof' is already being read [MOF1033]" "$MOFC" check cyc/a.mof
printf '#pragma include("me.mof")\n' > self.mof && ln -s self.mof me.mof
expect_diag "file including itself through a symbolic link: MOF1033" 1 \
  "self.mof:1:17: error: 'me.mof' includes itself [MOF1033]" "$MOFC" check self.mof
mkfifo fifo
printf '#pragma include("fifo")\n#pragma include("/dev/zero")\n#pragma include("sub")\n' > special.mof
mkdir sub
expect_diag "include of a FIFO: MOF1001, no hang" 1 "special.mof:1:17: error: cannot read 'fifo': not a regular file [MOF1001]" \
  timeout 20 "$MOFC" check special.mof
grep -qF "special.mof:2:17: error: cannot read '/dev/zero': not a regular file [MOF1001]" "$T/err" &&
  ok "include of a device: MOF1001" || bad "include of a device: MOF1001"
grep -qF "special.mof:3:17: error: cannot read 'sub': Is a directory [MOF1001]" "$T/err" &&
  ok "include of a folder: MOF1001 Is a directory" || bad "include of a folder: MOF1001 Is a directory"

# ---- --include-root: includes confined to folders (CI on untrusted changes) ----
mkdir -p ir/repo/sub ir/repo/lib ir/repo2 ir/other
printf 'class Secret { string TopSecretLine; };\n' > ir/other/secret.mof
cp ir/other/secret.mof ir/repo2/x.mof
printf 'class L {};\n' > ir/repo/lib/l.mof && printf 'class M {};\n' > ir/repo/lib/m.mof
ln -s ../../other ir/repo/sub/out && ln -s ../lib ir/repo/sub/in
printf '#pragma include ("../../other/secret.mof")\n' > ir/repo/sub/dotdot.mof
printf '#pragma include ("out/secret.mof")\n' > ir/repo/sub/link.mof
printf '#pragma include ("%s/ir/other/secret.mof")\n' "$T" > ir/repo/sub/abs.mof
printf '#pragma include ("../../repo2/x.mof")\n' > ir/repo/sub/prefix.mof
printf '#pragma include ("in/l.mof")\n#pragma include ("../lib/m.mof")\n' > ir/repo/sub/good.mof
printf '#pragma include ("secret.mof")\n' > ir/repo/sub/viai.mof
expect_rc "without --include-root an include may leave the folder" 0 "$MOFC" check ir/repo/sub/dotdot.mof
expect_diag "--include-root: '../' out of the root is MOF1035, located" 1 \
  "ir/repo/sub/dotdot.mof:1:18: error: '../../other/secret.mof' is outside every --include-root folder [MOF1035]" \
  "$MOFC" check --include-root ir/repo ir/repo/sub/dotdot.mof
grep -q TopSecretLine "$T/err" && bad "--include-root: nothing of the outside file is shown" ||
  ok "--include-root: nothing of the outside file is shown"
expect_diag "--include-root: a symbolic link out of the root is MOF1035" 1 \
  "ir/repo/sub/link.mof:1:18: error: 'out/secret.mof' is outside every --include-root folder [MOF1035]" \
  "$MOFC" check --include-root=ir/repo ir/repo/sub/link.mof
expect_diag "--include-root: an absolute path out of the root is MOF1035" 1 \
  "is outside every --include-root folder [MOF1035]" "$MOFC" check --include-root ir/repo ir/repo/sub/abs.mof
expect_diag "--include-root: a folder whose name starts like the root's is outside" 1 \
  "'../../repo2/x.mof' is outside every --include-root folder [MOF1035]" \
  "$MOFC" check --include-root ir/repo ir/repo/sub/prefix.mof
expect_diag "--include-root: an -I folder outside the roots gives nothing outside" 1 \
  "'secret.mof' is outside every --include-root folder [MOF1035]" \
  "$MOFC" check --include-root ir/repo -I ir/other ir/repo/sub/viai.mof
expect_rc "--include-root: links and '../' that stay inside are followed" 0 \
  "$MOFC" check --include-root ir/repo ir/repo/sub/good.mof
expect_rc "--include-root is repeatable: a second root allows its files" 0 \
  "$MOFC" check --include-root ir/repo --include-root ir/other ir/repo/sub/link.mof
expect_diag "--include-root of a missing folder: usage error" 2 \
  "mofc: cannot use include root 'ir/none': No such file or directory" "$MOFC" check --include-root ir/none ir/repo/sub/good.mof
expect_diag "--include-root of a file: usage error" 2 \
  "mofc: cannot use include root 'ir/repo/lib/l.mof': Not a directory" \
  "$MOFC" check --include-root ir/repo/lib/l.mof ir/repo/sub/good.mof

# ---- operating-system errors --------------------------------------------------
expect_diag "a folder given as a file: path and reason, exit 2" 2 "cannot read 'sub': Is a directory [MOF1001]" "$MOFC" check sub
expect_diag "a missing file: path and reason, exit 2" 2 "cannot read 'nope.mof': No such file or directory [MOF1001]" "$MOFC" check nope.mof
echo 'class A {};' > secret.mof && chmod 000 secret.mof
if [ -r secret.mof ]; then
  echo "  skip permission denied (running as root: chmod 000 does not deny)"
else
  expect_diag "unreadable file: Permission denied, exit 2" 2 "cannot read 'secret.mof': Permission denied [MOF1001]" "$MOFC" check secret.mof
fi
chmod 644 secret.mof

# ---- diagnostics volume ---------------------------------------------------------
gen "open('warn.mof','w').write('#pragma frobnicate\n' * 200000)"
expect_diag "200000 warnings: 1000 kept, the rest counted" 0 \
  "0 errors and 200000 warnings generated (199000 warnings not shown, over the limit of 1000)." bounded "$MOFC" check warn.mof
[ "$(grep -c 'MOF1030' "$T/err")" = 1000 ] && ok "exactly 1000 warnings shown" || bad "exactly 1000 warnings shown"
expect_diag "--max-warnings=0 keeps them all" 0 "0 errors and 200000 warnings generated." "$MOFC" check --max-warnings=0 warn.mof
# Dialect-dependent findings wait for the file's dialect; past what can be
# shown they are only counted (by code and file), so memory stays bounded.
gen "open('esc.mof','w').write('class X { string S; };\ninstance of X {\n S = \"' + '\\\\q'*2000000 + '\"; };\n')"
expect_diag "2000000 unknown escapes in a WMI file: warnings counted" 0 \
  "0 errors and 2000000 warnings generated (1999000 warnings not shown, over the limit of 1000)." \
  bounded "$MOFC" check --dialect=wmi esc.mof
expect_diag "... in a DMTF file: errors, stopping" 1 "too many errors (50), stopping [MOF1021]" \
  bounded "$MOFC" check --dialect=dmtf esc.mof
# A string left open before a run of escaped quotes: each line's candidate
# closing quote is looked for once, not once per line (linear cost).
gen "open('quotes.mof','w').write('\"\\\\\"\\\\\"\n' + '\\\\\"\\\\\"\\\\\"\n' * 20000)"
expect_diag "20000 lines of escaped quotes: no quadratic scan" 1 "missing terminating '\"' character" \
  bounded timeout 60 "$MOFC" check -q --max-errors=0 quotes.mof
expect_diag "bad limit value: usage error" 2 "option '--max-nesting' needs a number" "$MOFC" check --max-nesting=x warn.mof

# ---- mofc gen: output errors, no half-written files ------------------------------
printf 'class Gen_A { [Key] string Id; uint32 Size; };\n' > gen.mof
if "$MOFC" --help | grep -q '^  gen '; then
  echo x > notdir
  expect_diag "gen -o onto a file: path and reason, exit 2" 2 "cannot create 'notdir': Not a directory" "$MOFC" gen -o notdir gen.mof
  mkdir gout
  # A write that fails half-way (file size limit, SIGXFSZ ignored: EFBIG,
  # as ENOSPC would): the message names the file, nothing is left behind.
  expect_diag "gen: a failed write names the file and the reason" 2 "cannot write 'gout/gen.h': File too large" \
    sh -c "trap '' XFSZ; ulimit -f 1; exec \"\$0\" gen -o gout --name gen gen.mof" "$MOFC"
  if [ -z "$(ls gout)" ]; then ok "gen: no half-written output after a failed write"
  else bad "gen: no half-written output after a failed write ($(ls gout))"; fi
  if [ "$(id -u)" != 0 ]; then
    mkdir ro && chmod 555 ro
    expect_diag "gen into a read-only folder: Permission denied" 2 "cannot write 'ro/gen.h': Permission denied" \
      "$MOFC" gen -o ro --name gen gen.mof
    chmod 755 ro
  else
    echo "  skip gen into a read-only folder (running as root)"
  fi
  expect_rc "gen after all that still works" 0 "$MOFC" gen -o gout --name gen gen.mof
  # An inheritance chain: the C grows with the flattened classes (n^2/2
  # properties: 53 MB here), gen's memory only with the input, as it renders
  # class by class (holding it all took 480 MB).
  gen "
f = open('chain.mof', 'w')
f.write('class Chain_0 { [Key] string Id; };\n')
for i in range(1, 800):
    f.write('class Chain_%d : Chain_%d { uint32 P%d; };\n' % (i, i - 1, i))"
  mkdir cgen
  expect_rc "gen of a chain of 800 classes (53 MB of C) within ${MEM_KB} KB" 0 bounded "$MOFC" gen -q -o cgen chain.mof
  if grep -q 'mofrt_f_uint32 P799;' cgen/chain.h && tail -c 200 cgen/chain.c | grep -q 'return &m;'; then
    ok "gen of the chain: the last class and the end of the source are there"
  else bad "gen of the chain: output incomplete"; fi
  rm -rf cgen
else
  echo "  skip gen tests (mofc has no gen command)"
fi

finish
