#!/bin/sh
# mofc fmt: golden layouts (comments in every position, instances, long
# lists, the WMI dialect), idempotence, the same tree before and after,
# encodings and line ends, --check, --diff, -i and the error cases.
# Regenerate the .want.mof files with MOFC_REGEN=1 (then review the diff).
. tests/cli/lib.sh
G=$(pwd)/tests/golden/fmt
# The tree without locations: what the formatter must not change.
tree() { "$MOFC" check --dialect=wmi --dump-ast "$1" 2>/dev/null | sed 's/<[^>]*>//g'; }
# The comments, one a line, white space runs as one blank.
comments() { perl -0ne 'while (m{//[^\n]*|/\*.*?\*/}gs) { ($c = $&) =~ s/\s+/ /g; $c =~ s/ $//; print "$c\n" }' "$1"; }

for f in comments instances layout wmi torture; do
  "$MOFC" fmt "$G/$f.mof" > "$T/$f.out" 2>"$T/err" || { bad "$f: fmt exits 0"; cat "$T/err"; }
  if [ -n "$MOFC_REGEN" ]; then cp "$T/$f.out" "$G/$f.want.mof"; ok "$f (regenerated)"
  else expect_same "$f: the golden layout" "$T/$f.out" "$G/$f.want.mof"; fi
  "$MOFC" fmt "$T/$f.out" > "$T/$f.again" && expect_same "$f: fmt of fmt's output is unchanged" "$T/$f.again" "$T/$f.out"
  tree "$G/$f.mof" > "$T/$f.tree1"; tree "$T/$f.out" > "$T/$f.tree2"
  [ -s "$T/$f.tree1" ] && expect_same "$f: the same tree before and after" "$T/$f.tree2" "$T/$f.tree1" \
    || bad "$f: the input parses"
  # every comment is still there, in the same order
  comments "$G/$f.mof" > "$T/c1"; comments "$T/$f.out" > "$T/c2"
  expect_same "$f: every comment kept, in order" "$T/c2" "$T/c1"
done
awk 'length($0) > 80 && !/^ *"/ && !/\/\//' "$T/layout.out" > "$T/long"
[ ! -s "$T/long" ] && ok "no line over 80 columns but for a long literal" || { bad "no line over 80 columns"; cat "$T/long"; }
grep -q ' $' "$T/comments.out" && bad "no blank at a line's end" || ok "no blank at a line's end"

expect_rc "--help" 0 "$MOFC" --help
grep -q '^       mofc fmt \[--check\] \[--diff\] \[-i\]' "$T/out" && ok "--help shows mofc fmt" || bad "--help shows mofc fmt"

cd "$T"
# Encodings: UTF-16LE with a BOM is written back as UTF-16LE with a BOM;
# CR LF line ends stay CR LF; a UTF-8 BOM stays.
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$G/wmi.mof"; } > u16.mof
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$G/wmi.want.mof"; } > u16.want
"$MOFC" fmt u16.mof > u16.out && expect_same "UTF-16LE with BOM in, UTF-16LE with BOM out" u16.out u16.want
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE "$G/wmi.mof"; } > u16be.mof
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE "$G/wmi.want.mof"; } > u16be.want
"$MOFC" fmt u16be.mof > u16be.out && expect_same "UTF-16BE with BOM in and out" u16be.out u16be.want
iconv -f UTF-8 -t UTF-16LE "$G/wmi.mof" > nobom.mof; iconv -f UTF-8 -t UTF-16LE "$G/wmi.want.mof" > nobom.want
"$MOFC" fmt nobom.mof > nobom.out && expect_same "UTF-16LE without a BOM stays without" nobom.out nobom.want
sed 's/$/\r/' "$G/layout.mof" > crlf.mof; sed 's/$/\r/' "$G/layout.want.mof" > crlf.want
"$MOFC" fmt crlf.mof > crlf.out && expect_same "CR LF line ends are kept" crlf.out crlf.want
{ printf '\357\273\277'; cat "$G/instances.mof"; } > bom.mof; { printf '\357\273\277'; cat "$G/instances.want.mof"; } > bom.want
"$MOFC" fmt bom.mof > bom.out && expect_same "a UTF-8 BOM is kept" bom.out bom.want
printf 'class A {\n  [Description("caf\303\251 \342\202\254 \360\237\230\200")] string N;\n};\n' > utf8.mof
printf 'class A {\n    [Description("caf\303\251 \342\202\254 \360\237\230\200")]\n    string N;\n};\n' > utf8.want
"$MOFC" fmt utf8.mof > utf8.out && expect_same "UTF-8 text outside ASCII is kept" utf8.out utf8.want
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE utf8.mof; } > u16x.mof
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE utf8.want; } > u16x.want
"$MOFC" fmt u16x.mof > u16x.out && expect_same "UTF-16 surrogate pairs are written back" u16x.out u16x.want
: > empty.mof
expect_rc "an empty file" 0 "$MOFC" fmt empty.mof
[ ! -s out ] && ok "an empty file stays empty" || bad "an empty file stays empty"
printf '// only a comment' > onlyc.mof; printf '// only a comment\n' > onlyc.want
"$MOFC" fmt onlyc.mof > onlyc.out && expect_same "a file of comments gets its final line break" onlyc.out onlyc.want

# --check: exit 1 and the file named where it would change; 0 when formatted.
cp "$G/layout.mof" ugly.mof; cp "$G/layout.want.mof" nice.mof
expect_rc "--check on a formatted file exits 0" 0 "$MOFC" fmt --check nice.mof
[ ! -s out ] && [ ! -s err ] && ok "--check on a formatted file prints nothing" || bad "--check prints nothing"
expect_rc "--check on an unformatted file exits 1" 1 "$MOFC" fmt --check nice.mof ugly.mof
cat > want <<'W'
ugly.mof:1:1: error: 'ugly.mof' is not formatted (mofc fmt -i ugly.mof): the first change is on this line [MOF5001]
 [Association, Version("2.49.0"), UMLPackagePath("CIM::Core"), Description("A short description.")]
 ^
W
expect_same "--check names the file and its first changed line" err want
[ ! -s out ] && ok "--check writes no text" || bad "--check writes no text"
cmp -s ugly.mof "$G/layout.mof" && ok "--check changes no file" || bad "--check changes no file"
expect_rc "--check with JSON diagnostics" 1 "$MOFC" fmt --check --diagnostics-format=json ugly.mof
grep -q '"code": *"MOF5001"' out && ok "--check in JSON has MOF5001" || bad "--check in JSON has MOF5001"
# --check names every file that would change, not only the first 50 (the
# error limit stops at 50 unless --max-errors is given, as for mofc diff).
i=0; while [ $i -lt 60 ]; do cp "$G/layout.mof" "many$i.mof"; i=$((i + 1)); done
expect_rc "--check on 60 unformatted files exits 1" 1 "$MOFC" fmt --check many*.mof
[ "$(grep -c 'MOF5001' err)" = 60 ] && ! grep -q MOF1021 err && ok "--check names all 60 files" || bad "--check names all 60 files"
expect_rc "--check --max-errors=5 stops after 5" 1 "$MOFC" fmt --check --max-errors=5 many*.mof
[ "$(grep -c 'MOF5001' err)" = 5 ] && grep -q MOF1021 err && ok "--check keeps an explicit --max-errors" || bad "--check keeps an explicit --max-errors"
rm -f many*.mof

# --diff: a unified diff that patch applies to give the formatted file.
expect_rc "--diff exits 0" 0 "$MOFC" fmt --diff ugly.mof nice.mof
head -4 out > head4
printf 'diff --git a/ugly.mof b/ugly.mof\n' > want; sed -n 2p head4 | grep -q '^index ' && sed -n 2p head4 >> want
printf -- '--- a/ugly.mof\n+++ b/ugly.mof\n' >> want
expect_same "--diff starts with git's headers" head4 want
grep -q '^+    \[Key,$' out && grep -q '^-\[Key,Override' out && ok "--diff shows removed and added lines" || bad "--diff lines"
grep -q 'nice.mof' out && bad "--diff prints nothing for a formatted file" || ok "--diff prints nothing for a formatted file"
mkdir p && cp ugly.mof p/ && (cd p && patch -s -p1 < ../out) && expect_same "the diff applies with patch -p1" p/ugly.mof nice.mof
expect_rc "--diff --check exits 1" 1 "$MOFC" fmt --diff --check ugly.mof
grep -q '^@@ ' out && ok "--diff --check prints the diff" || bad "--diff --check prints the diff"
cp u16.mof u16d.mof
expect_rc "--diff of a UTF-16 file" 0 "$MOFC" fmt --diff u16d.mof
grep -q '^+class Msvm_Thing : CIM_Base {$' out && ok "--diff shows UTF-16 text as UTF-8" || bad "--diff shows UTF-16 text as UTF-8"

# -i: only a file that changes is replaced, by rename, mode kept.
cp ugly.mof inplace.mof; chmod 640 inplace.mof; cp nice.mof same.mof
ino1=$(stat -c %i inplace.mof); ino2=$(stat -c %i same.mof); m2=$(stat -c %Y same.mof)
sleep 1
expect_rc "-i exits 0" 0 "$MOFC" fmt -i inplace.mof same.mof
[ ! -s out ] && ok "-i writes nothing to standard output" || bad "-i writes nothing to standard output"
expect_same "-i writes the formatted text" inplace.mof nice.mof
[ "$(stat -c %i inplace.mof)" != "$ino1" ] && ok "-i replaces the file by rename" || bad "-i replaces the file by rename"
[ "$(stat -c %a inplace.mof)" = 640 ] && ok "-i keeps the permissions" || bad "-i keeps the permissions ($(stat -c %a inplace.mof))"
[ "$(stat -c %i same.mof)" = "$ino2" ] && [ "$(stat -c %Y same.mof)" = "$m2" ] \
  && ok "-i leaves a formatted file alone" || bad "-i leaves a formatted file alone"
ls -a | grep -q 'fmt-' && bad "-i leaves no temporary file" || ok "-i leaves no temporary file"
cp ugly.mof target.mof; ln -s target.mof link.mof
expect_rc "-i through a symbolic link" 0 "$MOFC" fmt -i link.mof
[ -L link.mof ] && expect_same "-i writes the link's target, the link stays" target.mof nice.mof || bad "the link stays"
cp u16.mof u16i.mof
expect_rc "-i on a UTF-16 file" 0 "$MOFC" fmt -i u16i.mof
expect_same "-i writes UTF-16 back with its BOM" u16i.mof u16.want

# A write that fails leaves the file as it was (an immutable folder takes
# no temporary file, even for root; chattr needs an ext2/3/4 or similar).
mkdir ro && cp ugly.mof ro/x.mof
if chattr +i ro 2>/dev/null; then
  expect_rc "-i where no temporary file can be made exits 2" 2 "$MOFC" fmt -i ro/x.mof
  chattr -i ro
  grep -q "cannot write 'ro/x.mof'" err && ok "the failed write is reported" || bad "the failed write is reported"
  expect_same "a failed -i leaves the file as it was" ro/x.mof ugly.mof
else
  echo "  skip -i into an immutable folder (chattr not supported here)"
fi

# Errors: as mofc check reports them, exit 1, the file untouched.
printf 'class A {\n\tuint32 X\n};\n' > e.mof; cp e.mof e.orig
expect_rc "a syntax error exits 1" 1 "$MOFC" fmt -i e.mof
cat > want <<'W'
e.mof:2:10: error: expected ';' after property declaration [MOF1020]
 	uint32 X
 	        ^
W
expect_same "a syntax error is reported where it is" err want
expect_same "a file with a syntax error is left as it is" e.mof e.orig
expect_rc "a syntax error with --check exits 1" 1 "$MOFC" fmt --check e.mof
expect_rc "the other files are still formatted" 1 "$MOFC" fmt -i e.mof inplace.mof
printf '\377\376\000\330' > odd.mof
expect_rc "a bad encoding exits 1" 1 "$MOFC" fmt odd.mof
grep -q 'MOF1002' err && ok "a bad encoding is reported" || bad "a bad encoding is reported"
expect_rc "a missing file exits 2" 2 "$MOFC" fmt none.mof
grep -q "cannot read 'none.mof'" err && ok "a missing file is named" || bad "a missing file is named"
expect_rc "a folder is not a file" 2 "$MOFC" fmt p
mkfifo fifo.mof   # refused unread: opening it to read blocked until a writer came
expect_rc "a FIFO is refused, without blocking" 2 timeout 20 "$MOFC" fmt fifo.mof
grep -q "cannot read 'fifo.mof': not a regular file" err && ok "a FIFO is named as not a regular file" || bad "a FIFO is named as not a regular file"
rm -f fifo.mof
expect_rc "--check and -i together are a usage error" 2 "$MOFC" fmt --check -i nice.mof
expect_rc "fmt without files is a usage error" 2 "$MOFC" fmt
expect_rc "fmt does not take -o" 2 "$MOFC" fmt -o x nice.mof
expect_rc "fmt does not read standard input" 2 "$MOFC" fmt -
printf '#pragma include ("missing.mof")\nclass A { };\n' > inc.mof
expect_rc "fmt does not follow includes" 0 "$MOFC" fmt inc.mof
finish
