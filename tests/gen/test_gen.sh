#!/bin/sh
# mofc gen as a build tool: golden output for a small schema, output files
# rewritten only when they change, -MD, --class, --name, error exits, the
# template model dump, located template errors.
. tests/cli/lib.sh
ROOT=$(pwd)
G=tests/golden
golden() {
  if [ -n "$MOFC_REGEN" ]; then cp "$2" "$3"; ok "$1 (regenerated)"; else expect_same "$1" "$2" "$3"; fi
}
mkdir "$T/gen"
(cd $G && "$MOFC" gen -o "$T/gen" --name model model.mof) 2>"$T/err"
[ $? = 0 ] && ok "gen exits 0" || { bad "gen exits 0"; cat "$T/err"; }
golden "generated header" "$T/gen/model.h" $G/gen/model.h
golden "generated source" "$T/gen/model.c" $G/gen/model.c
for cc in ${CC:-cc} clang; do
  command -v $cc >/dev/null || continue
  $cc -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror \
      -I"$ROOT/runtime" -I"$T/gen" -c "$T/gen/model.c" -o "$T/model.o" 2>"$T/err" \
    && ok "golden output compiles with $cc -Werror" || { bad "compiles with $cc"; head "$T/err"; }
done

# Unchanged content: the files keep their time stamps.
before=$(stat -c %Y.%y "$T/gen/model.h" "$T/gen/model.c")
sleep 1
(cd $G && "$MOFC" gen -o "$T/gen" --name model model.mof)
after=$(stat -c %Y.%y "$T/gen/model.h" "$T/gen/model.c")
[ "$before" = "$after" ] && ok "unchanged output is not rewritten" || bad "unchanged output is not rewritten"
ls "$T/gen" | grep -q tmp && bad "no temporary file left" || ok "no temporary file left"

# Default name, -MD with includes and templates.
expect_rc "gen -MD on the Hyper-V schema" 0 "$MOFC" gen -q -MD -o "$T/hv" "$ROOT/schemas/WindowsHyperVCluster.V2.mof"
[ -f "$T/hv/WindowsHyperVCluster_V2.h" ] && ok "default name WindowsHyperVCluster_V2" || bad "default name"
d="$T/hv/WindowsHyperVCluster_V2.d"
grep -q "^$T/hv/WindowsHyperVCluster_V2.h $T/hv/WindowsHyperVCluster_V2.c:" "$d" && ok "-MD names both outputs" || bad "-MD names both outputs"
for dep in WindowsHyperVCluster.V2.mof CIM_HyperVBase.mof header.h.mustache source.c.mostache enum_decl.mustache; do
  case $dep in *mostache) dep=source.c.mustache ;; esac
  grep -q "$dep" "$d" && ok "-MD lists $dep" || bad "-MD lists $dep"
done
grep -q "^$ROOT/schemas/CIM_HyperVBase.mof:$" "$d" && ok "-MD has phony targets" || bad "-MD has phony targets"
expect_rc "-MF" 0 "$MOFC" gen -q -MD -MF "$T/deps.mk" -o "$T/hv" "$ROOT/schemas/WindowsHyperVCluster.V2.mof"
[ -s "$T/deps.mk" ] && ok "-MF writes where told" || bad "-MF writes where told"

# --class: the class and what it needs (superclass, references), nothing else.
(cd $G && "$MOFC" gen -o "$T/one" --class Ex_Job model.mof) && ok "--class runs" || bad "--class runs"
grep -q '^typedef struct Ex_Element {' "$T/one/model.h" && ok "--class keeps the superclass" || bad "--class keeps the superclass"
grep -q 'Ex_Link' "$T/one/model.h" && bad "--class drops unrelated classes" || ok "--class drops unrelated classes"
(cd $G && "$MOFC" gen -o "$T/one" --class Nope model.mof) 2>"$T/err"
[ $? = 1 ] && grep -q "\[MOF3001\]" "$T/err" && ok "unknown --class is an error" || bad "unknown --class is an error"

# Errors in the input: same diagnostics and exit code as check, nothing written.
printf 'class A { uint128 X; };\n' > "$T/bad.mof"
"$MOFC" gen -o "$T/none" "$T/bad.mof" 2>"$T/err"
[ $? = 1 ] && grep -q "bad.mof:1:11: error: unknown data type 'uint128'" "$T/err" && ok "input errors stop gen (exit 1)" || bad "input errors stop gen"
[ ! -e "$T/none/bad.h" ] && ok "nothing written on errors" || bad "nothing written on errors"
: > "$T/afile"
expect_rc "output folder that is a file: exit 2" 2 "$MOFC" gen -o "$T/afile" "$ROOT/$G/model.mof"
grep -q "cannot create '$T/afile'" "$T/err" && ok "says which folder" || bad "says which folder"
expect_rc "gen without -o is a usage error" 2 "$MOFC" gen "$ROOT/$G/model.mof"
expect_rc "--name must be an identifier" 2 "$MOFC" gen -o "$T/x" --name 9lives "$ROOT/$G/model.mof"

# --skeleton: NAME_provider.c with every operation as a stub; it compiles as
# it is (gcc and clang, -Werror) and links with NAME.c into a provider
# module exporting mofrt_module_main; an existing file is never overwritten.
for schema in "$ROOT/$G/model.mof" "$ROOT/schemas/WindowsHyperVCluster.V2.mof"; do
  base=$(basename "$schema" .mof | tr -c 'A-Za-z0-9_\n' '_')
  out="$T/skel_$base"
  "$MOFC" gen -q --skeleton -o "$out" "$schema" 2>"$T/err" && [ -f "$out/${base}_provider.c" ] \
    && ok "--skeleton writes ${base}_provider.c" || { bad "--skeleton for $base"; cat "$T/err"; }
  for cc in ${CC:-cc} clang; do
    command -v $cc >/dev/null || continue
    $cc -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror \
        -fPIC -shared -I"$ROOT/runtime" -o "$out/$base.$cc.so" "$out/$base.c" "$out/${base}_provider.c" \
        2>"$T/err" && ok "$base skeleton module builds with $cc -Werror" || { bad "$base skeleton with $cc"; head -20 "$T/err"; }
  done
  nm -D "$out/$base.${CC:-cc}.so" 2>/dev/null | grep -q ' T mofrt_module_main$' \
    && ok "$base module exports mofrt_module_main" || bad "$base module exports mofrt_module_main"
done
# --skeleton --class: the module serves the classes named, not the ones
# generated for them (superclass, REF class, EmbeddedInstance class), which
# stay with the host's store; it still builds as it is.
cat > "$T/sel.mof" <<'M'
class Sel_Base { [Key] string Id; };
class Sel_Cargo { string What; };
class Sel_Trip { [Key] string Id; };
class Sel_Box : Sel_Base {
  [EmbeddedInstance ("Sel_Cargo")] string Load;
  uint32 Plan([In] Sel_Trip REF Trip, [Out] Sel_Trip REF Next);
};
M
"$MOFC" gen -q --skeleton --class Sel_Box -o "$T/sel" --name sel "$T/sel.mof" 2>"$T/err" \
  && ok "--skeleton --class runs" || { bad "--skeleton --class runs"; cat "$T/err"; }
provided=$(grep -o '^    [A-Za-z_]*_PROVIDER(' "$T/sel/sel_provider.c" | tr -d ' (' | tr '\n' ' ')
[ "$provided" = "Sel_Box_PROVIDER " ] && ok "--class: only the named class is served" \
  || bad "--class: only the named class is served (got: $provided)"
grep -q 'Sel_Trip_desc' "$T/sel/sel.c" && ok "--class: referenced classes are still generated" \
  || bad "--class: referenced classes are still generated"
${CC:-cc} -std=c11 -Wall -Wextra -Werror -fPIC -shared -I"$ROOT/runtime" -o "$T/sel/sel.so" \
  "$T/sel/sel.c" "$T/sel/sel_provider.c" 2>"$T/err" && ok "--class skeleton builds" || { bad "--class skeleton builds"; head "$T/err"; }
"$MOFC" gen -q --skeleton -o "$T/sel_all" --name sel "$T/sel.mof"
[ "$(grep -c '_PROVIDER(' "$T/sel_all/sel_provider.c")" = 4 ] && ok "without --class every class is served" \
  || bad "without --class every class is served"

# docs/runtime.md names generated constants: each must exist as generated.
hvh="$T/skel_WindowsHyperVCluster_V2/WindowsHyperVCluster_V2.h"
missing=
for n in $(grep -o 'Msvm_CollectionReferencePointService_[A-Za-z0-9_]*' "$ROOT/docs/runtime.md" | sort -u); do
  grep -q "\b$n\b" "$hvh" || missing="$missing $n"
done
[ -z "$missing" ] && ok "names in docs/runtime.md are generated" || bad "docs/runtime.md names what is not generated:$missing"
echo '/* mine */' > "$T/skel_model/model_provider.c"
"$MOFC" gen -q --skeleton -o "$T/skel_model" "$ROOT/$G/model.mof"
[ "$(cat "$T/skel_model/model_provider.c")" = '/* mine */' ] && ok "--skeleton keeps an existing provider file" || bad "--skeleton overwrote the provider file"

# mofc export keeps all instance data (tests/gen/export.mof).
"$MOFC" export -o "$T/ex.xml" "$ROOT/tests/gen/export.mof" && ok "export runs" || bad "export runs"
x=$(cat "$T/ex.xml")
expect_in() { case $2 in *"$3"*) ok "$1" ;; *) bad "$1: '$3' not in the export" ;; esac; }
expect_in "an omitted property takes the class default" "$x" '&lt;INSTANCE CLASSNAME=&quot;X_Setting&quot;&gt;&lt;PROPERTY NAME=&quot;Id&quot; TYPE=&quot;string&quot;&gt;&lt;VALUE&gt;s1&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;PROPERTY NAME=&quot;Level&quot; TYPE=&quot;uint8&quot;&gt;&lt;VALUE&gt;3&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;'
# $s1 is only an embedded value (a value, not an instance of the
# namespace); $s2 is also a reference's target, so it is an instance too.
case $x in *'<VALUE.OBJECT><INSTANCE CLASSNAME="X_Setting"><PROPERTY NAME="Id" TYPE="string"><VALUE>s1<'*)
  bad "an alias used only as an embedded value is no top-level instance" ;;
  *) ok "an alias used only as an embedded value is no top-level instance" ;; esac
expect_in "an alias a reference names stays an instance" "$x" '<VALUE.OBJECT><INSTANCE CLASSNAME="X_Setting"><PROPERTY NAME="Id" TYPE="string"><VALUE>s2<'
expect_in "an omitted key takes the class default" "$x" '<PROPERTY NAME="Domain" TYPE="string"><VALUE>local</VALUE></PROPERTY>'
expect_in "a reference from an alias has the defaulted key" "$x" '<INSTANCENAME CLASSNAME="X_Host"><KEYBINDING NAME="Name"><KEYVALUE VALUETYPE="string" TYPE="string">h1</KEYVALUE></KEYBINDING><KEYBINDING NAME="Domain"><KEYVALUE VALUETYPE="string" TYPE="string">local</KEYVALUE></KEYBINDING></INSTANCENAME>'
S1='&lt;INSTANCE CLASSNAME=&quot;X_Setting&quot;&gt;&lt;PROPERTY NAME=&quot;Id&quot; TYPE=&quot;string&quot;&gt;&lt;VALUE&gt;s1&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;PROPERTY NAME=&quot;Level&quot; TYPE=&quot;uint8&quot;&gt;&lt;VALUE&gt;3&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;'
expect_in "\$alias as an embedded instance: escaped INSTANCE" "$x" "<PROPERTY NAME=\"Main\" TYPE=\"string\" EmbeddedObject=\"instance\"><VALUE>$S1</VALUE></PROPERTY>"
expect_in "embedded instance array keeps every element" "$x" "<PROPERTY.ARRAY NAME=\"All\" TYPE=\"string\" EmbeddedObject=\"instance\"><VALUE.ARRAY><VALUE>$S1</VALUE><VALUE>&lt;INSTANCE CLASSNAME=&quot;X_Setting&quot;&gt;&lt;PROPERTY NAME=&quot;Id&quot; TYPE=&quot;string&quot;&gt;&lt;VALUE&gt;s2"
expect_in "EmbeddedObject is marked object (class)" "$x" '<PROPERTY NAME="Any" CLASSORIGIN="X_Host" TYPE="string" EmbeddedObject="object">'
expect_in "EmbeddedObject is marked object (instance)" "$x" '<PROPERTY NAME="Any" TYPE="string" EmbeddedObject="object"><VALUE>&lt;INSTANCE CLASSNAME=&quot;X_Setting&quot;'
expect_in "an empty array stays an empty array" "$x" '<PROPERTY.ARRAY NAME="Codes" TYPE="uint16"><VALUE.ARRAY></VALUE.ARRAY></PROPERTY.ARRAY>'
command -v xmllint >/dev/null && { xmllint --noout "$T/ex.xml" && ok "export is well-formed XML" || bad "export is well-formed XML"; }
sed 's/Main = \$s1;/Main = $h;/' "$ROOT/tests/gen/export.mof" > "$T/bademb.mof"
"$MOFC" export -o "$T/bad.xml" "$T/bademb.mof" 2>"$T/err"
[ $? = 1 ] && grep -q "bademb.mof:31:48: error: embedded instance 'Main' needs an instance of 'X_Setting', not of 'X_Host' \[MOF2301\]" "$T/err" \
  && ok "an alias of another class as EmbeddedInstance is an error" || { bad "embedded alias class check"; cat "$T/err"; }

# EmbeddedInstance values inline and as strings of MOF (tests/gen/export_embedded*.mof).
"$MOFC" export -o "$T/emb.xml" "$ROOT/tests/gen/export_embedded.mof" && ok "export of inline and string embedded instances" || bad "export embedded"
x=$(cat "$T/emb.xml")
inner() {   # ID [A]: X_Inner as escaped INSTANCE, with the class default of Note
  printf '&lt;INSTANCE CLASSNAME=&quot;X_Inner&quot;&gt;&lt;PROPERTY NAME=&quot;Id&quot; TYPE=&quot;string&quot;&gt;&lt;VALUE&gt;%s&lt;/VALUE&gt;&lt;/PROPERTY&gt;' "$1"
  [ -n "$2" ] && printf '&lt;PROPERTY NAME=&quot;A&quot; TYPE=&quot;uint32&quot;&gt;&lt;VALUE&gt;%s&lt;/VALUE&gt;&lt;/PROPERTY&gt;' "$2"
  printf '&lt;PROPERTY NAME=&quot;Note&quot; TYPE=&quot;string&quot;&gt;&lt;VALUE&gt;default note&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;'
}
expect_in "a string of MOF as an embedded instance: escaped INSTANCE" "$x" "<PROPERTY NAME=\"Inner\" TYPE=\"string\" EmbeddedObject=\"instance\"><VALUE>$(inner i1 1)</VALUE></PROPERTY>"
expect_in "an array of strings of MOF: every element" "$x" "<VALUE.ARRAY><VALUE>$(inner i2)</VALUE><VALUE>$(inner i3 3)</VALUE></VALUE.ARRAY>"
expect_in "an inline instance of: escaped INSTANCE" "$x" "<PROPERTY NAME=\"Inner\" TYPE=\"string\" EmbeddedObject=\"instance\"><VALUE>$(inner i4 4)</VALUE></PROPERTY>"
expect_in "an array of inline instances: every element" "$x" "<VALUE.ARRAY><VALUE>$(inner i5)</VALUE><VALUE>$(inner i6 6)</VALUE></VALUE.ARRAY>"
expect_in "a string that is not MOF stays as written" "$x" '<VALUE>&lt;INSTANCE CLASSNAME=&quot;X_Inner&quot;&gt;&lt;/INSTANCE&gt;</VALUE>'
command -v xmllint >/dev/null && { xmllint --noout "$T/emb.xml" && ok "embedded export is well-formed XML" || bad "embedded export is well-formed XML"; }
# Embedded 5 deep ($l5 embeds $l4 ... $l0): each level's VALUE, read by
# xmllint, is the next level's document, and the innermost value comes back
# as written (a control character as U+FFFD), though each level's text is
# written escaped as many times as its depth in one pass.
if command -v xmllint >/dev/null; then
  { printf 'class X_Link {\n  [Key] string Id;\n  string Text;\n  [EmbeddedInstance ("X_Link")] string Next;\n};\n'
    printf 'instance of X_Link as $l0 { Id = "l0"; Text = "a<b>&c\\"d'"'"'e\\tf\\ng\\x01h"; };\n'
    for i in 1 2 3 4 5; do printf 'instance of X_Link as $l%d { Id = "l%d"; Next = $l%d; };\n' $i $i $((i - 1)); done
  } > "$T/chain.mof"
  "$MOFC" export -o "$T/chain.xml" "$T/chain.mof" &&
    doc=$(xmllint --xpath 'string(//INSTANCE[PROPERTY[@NAME="Id"]/VALUE="l5"]/PROPERTY[@NAME="Next"]/VALUE)' "$T/chain.xml") &&
    for i in 4 3 2 1; do doc=$(printf '%s' "$doc" | xmllint --xpath 'string(/INSTANCE/PROPERTY[@NAME="Next"]/VALUE)' -) || break; done &&
    printf '%s' "$doc" | xmllint --xpath 'string(/INSTANCE/PROPERTY[@NAME="Text"]/VALUE)' - > "$T/chain.txt"
  printf 'a<b>&c"d'"'"'e\tf\ng\357\277\275h\n' > "$T/chain.want"
  cmp -s "$T/chain.txt" "$T/chain.want" && ok "embedded 5 deep: the innermost value read back through every level" ||
    { bad "embedded 5 deep: the innermost value read back through every level"; od -c "$T/chain.txt" | head -3; }
fi
(cd "$ROOT/tests/gen" && "$MOFC" export -o "$T/emb_bad.xml" export_embedded_bad.mof) 2>"$T/err"
expect_err() { grep -qF -- "$2" "$T/err" && ok "$1" || { bad "$1: '$2' not reported"; cat "$T/err"; }; }
[ -f "$T/emb_bad.xml" ] && bad "no export written with errors" || ok "no export written with errors"
expect_err "a string's unknown property: located in the file and the string" "In file included from export_embedded_bad.mof:15:"
expect_err "a string's unknown property: the position in the string" "<embedded instance 'Inner'>:1:34: error: class 'X_Inner' has no property 'B' [MOF2502]"
expect_err "an inline instance's unknown property" "export_embedded_bad.mof:19:46: error: class 'X_Inner' has no property 'Colour' [MOF2502]"
expect_err "a string of another class (array element)" "export_embedded_bad.mof:23:16: error: embedded instance 'Inners' needs an instance of 'X_Inner', not of 'X_Other' [MOF2301]"
expect_err "an inline instance of another class (array element)" "export_embedded_bad.mof:23:56: error: embedded instance 'Inners' needs an instance of 'X_Inner', not of 'X_Other' [MOF2301]"
expect_err "a string that does not parse" "<embedded instance 'Inner'>:1:28: error: expected a value, alias, 'instance' or '{' at end of file [MOF1020]"
expect_err "a string with two instances" "export_embedded_bad.mof:31:13: error: embedded instance 'Inner': the string must hold one 'instance of' declaration [MOF2301]"
expect_err "a string's value of the wrong type" "<embedded instance 'Inner'>:1:27: error: property 'A' needs an uint32 value, not a string [MOF2301]"
expect_err "every problem in one run" "7 errors and 0 warnings generated."

# The template model, as JSON.
(cd $G && "$MOFC" gen --dump-template-model model.mof) > "$T/model.json"
grep -q '"struct": "Ex_Job"' "$T/model.json" && ok "--dump-template-model shows the tree" || bad "--dump-template-model"
if command -v python3 >/dev/null; then
  python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/model.json" && ok "template model is valid JSON" || bad "template model is valid JSON"
fi

# A broken template: a located diagnostic, exit 1, nothing written.
mkdir "$T/tpl"; cp "$ROOT"/templates/*.mustache "$T/tpl/"
printf 'x\n{{#classes}}\n  {{struct}\n{{/classes}}\n' > "$T/tpl/header.h.mustache"
(cd $G && "$MOFC" gen -o "$T/tout" --templates "$T/tpl" model.mof) 2>"$T/err"
rc=$?
[ $rc = 1 ] && grep -q "header.h.mustache:3:3: error: .*\[MOF3003\]" "$T/err" && ok "template error is located" || { bad "template error is located (exit $rc)"; cat "$T/err"; }
printf '{{#classes}}{{nosuchkey}}{{/classes}}\n' > "$T/tpl/header.h.mustache"
(cd $G && "$MOFC" gen -o "$T/tout" --templates "$T/tpl" model.mof) 2>"$T/err"
grep -q "nosuchkey" "$T/err" && ok "unknown template variable is an error (strict)" || { bad "strict variables"; cat "$T/err"; }
# Partial names never leave --templates DIR: '../' and absolute paths are
# refused where they are written, and the file is not read.
printf 'TOP-SECRET-LINE\n' > "$T/secret.mustache"
for name in ../secret "$T/secret"; do
  printf 'x\n  {{>%s}}\n' "$name" > "$T/tpl/header.h.mustache"
  (cd $G && "$MOFC" gen -o "$T/tout" --templates "$T/tpl" model.mof) >"$T/out" 2>"$T/err"
  rc=$?
  [ $rc = 1 ] && grep -qF "header.h.mustache:2:3: error: partial name '$name' is a path out of the templates (absolute or '..') [MOF3003]" "$T/err" &&
    ok "partial '$name' outside --templates refused, located" || { bad "partial '$name' outside --templates refused (exit $rc)"; cat "$T/err"; }
  grep -q TOP-SECRET-LINE "$T/err" "$T/out" "$T"/tout/* 2>/dev/null && bad "partial '$name': nothing of the outside file is used" ||
    ok "partial '$name': nothing of the outside file is used"
done
# ... nor through a symbolic link out of DIR, and a partial that is a FIFO
# or a device is refused without reading it (gen blocked on a FIFO for ever
# and read /dev/zero until memory ran out); a missing partial is reported at
# its tag with the reason.
ln -s "$T/secret.mustache" "$T/tpl/link.mustache"
mkfifo "$T/tpl/fifo.mustache"
ln -s /dev/zero "$T/tpl/zero.mustache"
for case in "link:it lies outside the templates folder (after symbolic links)" "fifo:not a regular file" \
            "zero:it lies outside the templates folder (after symbolic links)" "nosuch:No such file or directory"; do
  name=${case%%:*} why=${case#*:}
  printf 'x\n  {{>%s}}\n' "$name" > "$T/tpl/header.h.mustache"
  (cd $G && timeout 20 "$MOFC" gen -o "$T/tout" --templates "$T/tpl" model.mof) >"$T/out" 2>"$T/err"
  rc=$?
  [ $rc = 1 ] && grep -qF "header.h.mustache:2:3: error: unknown partial '$name': cannot read template '$T/tpl/$name.mustache': $why [MOF3003]" "$T/err" &&
    ok "partial '$name' refused at its tag ($why)" || { bad "partial '$name' refused at its tag (exit $rc)"; cat "$T/err"; }
  grep -q TOP-SECRET-LINE "$T/err" "$T/out" "$T"/tout/* 2>/dev/null && bad "partial '$name': nothing of the outside file is used" ||
    ok "partial '$name': nothing of the outside file is used"
done
rm -f "$T/tpl/link.mustache" "$T/tpl/fifo.mustache" "$T/tpl/zero.mustache"
# a link inside DIR to a file inside DIR is a template like any other
printf 'INSIDE-LINKED\n' > "$T/tpl/real.mustache"; ln -s real.mustache "$T/tpl/alias.mustache"
printf '{{>alias}}\n' > "$T/tpl/header.h.mustache"
(cd $G && "$MOFC" gen -o "$T/tout" --templates "$T/tpl" model.mof) >"$T/out" 2>"$T/err" &&
  grep -q INSIDE-LINKED "$T/tout/model.h" && ok "a link to a template inside DIR is read" || { bad "a link inside DIR is read"; cat "$T/err"; }
rm -f "$T/tpl/real.mustache" "$T/tpl/alias.mustache"
# A Description's blank line is an empty comment line (it repeated the line
# before it).
mkdir "$T/doc"
printf '%s\n' '[Description ("Para one.\n\nPara two.\nLine three.")]' \
  'class Doc_A { [Key] string Id; };' > "$T/doc/doc.mof"
"$MOFC" gen -o "$T/doc" --name doc "$T/doc/doc.mof" 2>"$T/err" || { bad "doc gen runs"; cat "$T/err"; }
printf '%s\n' '/*' ' * Para one.' ' *' ' * Para two.' ' * Line three.' ' */' > "$T/doc/want"
grep -B1 -A4 '^ \* Para one\.$' "$T/doc/doc.h" > "$T/doc/got"
expect_same "a blank Description line is an empty comment line" "$T/doc/got" "$T/doc/want"
# Comment markers never form inside a doc comment ("*/" ends it, "/*" warns)
# and control characters are blanks, next to words copied as they are.
mkdir "$T/doc2"
printf '%s\n' '[Description ("Plain words a*/b and x/*y, a\ttab; **//** end.")]' \
  'class Doc_B { [Key] string Id; };' > "$T/doc2/doc.mof"
"$MOFC" gen -o "$T/doc2" --name doc "$T/doc2/doc.mof" 2>"$T/err" || { bad "doc gen runs"; cat "$T/err"; }
printf '%s\n' ' * Plain words a* /b and x/ *y, a tab; ** // ** end.' > "$T/doc2/want"
grep '^ \* Plain words' "$T/doc2/doc.h" > "$T/doc2/got"
expect_same "no comment marker inside a doc comment, control characters blank" "$T/doc2/got" "$T/doc2/want"

# Classes render on a second thread while the next are built with --jobs=2
# (by default and with --jobs=1: on one): the same files, and the same diagnostics even when rendering stops
# at a class and classes after it have C name clashes (reported only up to
# the class where it stopped, as when building stops there).
mkdir "$T/jobs" "$T/jtpl"; cp "$ROOT"/templates/*.mustache "$T/jtpl/"
(cd $G && "$MOFC" gen -q --jobs=1 -o "$T/jobs/one" model.mof && "$MOFC" gen -q --jobs=2 -o "$T/jobs/two" model.mof) &&
  cmp "$T/jobs/one/model.h" "$T/jobs/two/model.h" && cmp "$T/jobs/one/model.c" "$T/jobs/two/model.c" &&
  ok "--jobs=1 and two threads write the same files" || bad "--jobs=1 and two threads write the same files"
{ echo 'class J_A { [Key] string Id; };'
  echo 'class J_A_keys { [Key] string Id; };'
  echo '[Association] class J_Assoc { [Key] J_A REF L; [Key] J_A REF R; };'
  for i in 1 2 3 4 5 6 7 8; do echo "class J_B$i { [Key] string Id; }; class J_B${i}_ops { [Key] string Id; };"; done
} > "$T/jobs/clash.mof"
printf '{{#classes}}{{#association}}{{nosuchkey}}{{/association}}{{/classes}}\n' > "$T/jtpl/header.h.mustache"
for j in 1 2 2 2; do
  "$MOFC" gen --jobs=$j -o "$T/jobs/out" --templates "$T/jtpl" "$T/jobs/clash.mof" 2>"$T/jobs/err$j"
  echo "exit $?" >> "$T/jobs/err$j"
done
grep -q "J_A_keys" "$T/jobs/err1" && grep -q "nosuchkey" "$T/jobs/err1" && ! grep -q "J_B1_ops" "$T/jobs/err1" &&
  ok "a render error stops the clash reports at its class" || { bad "a render error stops the clash reports at its class"; cat "$T/jobs/err1"; }
cmp -s "$T/jobs/err1" "$T/jobs/err2" && ok "two threads report the same diagnostics" || { bad "two threads report the same diagnostics"; diff "$T/jobs/err1" "$T/jobs/err2"; }
for v in 0 x -1; do
  "$MOFC" gen --jobs=$v -o "$T/jobs/out" "$T/jobs/clash.mof" 2>"$T/jobs/err"
  [ $? = 2 ] && grep -q "jobs needs a number" "$T/jobs/err" && ok "--jobs=$v is a usage error" || { bad "--jobs=$v is a usage error"; cat "$T/jobs/err"; }
done
finish
