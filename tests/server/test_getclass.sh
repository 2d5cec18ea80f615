#!/bin/sh
# GetClass, EnumerateClasses and EnumerateClassNames of a server given only
# a provider module (no --schema, no exported XML): the classes come from
# the metadata mofc gen generates into the module (tests/server/meta.mof:
# qualifiers with flavors, defaults, an override, a subclass, an
# association), each DSP0200 flag honoured: LocalOnly, DeepInheritance,
# IncludeQualifiers, IncludeClassOrigin, PropertyList. Then a --schema that
# disagrees with a module is refused with the class and property.
. "$(dirname "$0")/lib.sh"
CC=${CC:-cc}

"${MOFC:-$B/mofc}" gen -q --skeleton -o "$T/meta" --name meta "$D/meta.mof" || { fail "mofc gen"; finish; exit 1; }
${CC} -std=c11 -Wall -Wextra -Werror -shared -fPIC -I"$T/meta" -Iruntime "$T/meta/meta.c" "$T/meta/meta_provider.c" \
    -o "$T/meta.so" 2>"$T/cc.log" || { cat "$T/cc.log"; fail "the skeleton module does not build"; finish; exit 1; }
start meta --provider "$T/meta.so" --namespace $NS || exit 1

bp() { printf '<IPARAMVALUE NAME="%s"><VALUE>%s</VALUE></IPARAMVALUE>' "$1" "$2"; }
plist() { printf '<IPARAMVALUE NAME="PropertyList"><VALUE.ARRAY>'; for p in "$@"; do printf '<VALUE>%s</VALUE>' "$p"; done; printf '</VALUE.ARRAY></IPARAMVALUE>'; }
gc() { intrinsic GetClass "$(classname ClassName "$1")$2"; }
# the element of one property (PROPERTY, PROPERTY.ARRAY, PROPERTY.REFERENCE)
propel() { printf '%s' "$1" | tr -d '\n' | grep -o "<PROPERTY[.A-Z]* NAME=\"$2\"[^>]*>.*" | sed 's|\(</PROPERTY[.A-Z]*>\).*|\1|'; }

# defaults: LocalOnly true, IncludeQualifiers true, IncludeClassOrigin false
r=$(gc Meta_Big "")
expect_match "GetClass from the module: the class" "$r" '<CLASS NAME="Meta_Big" SUPERCLASS="Meta_Base">'
expect_match "LocalOnly (default): the inherited class qualifier left out" "$r" '<CLASS [^>]*><PROPERTY'
expect "LocalOnly (default): own and overridden properties only" "$(printf '%s' "$r" | grep -o '<PROPERTY[.A-Z]* NAME="[A-Za-z]*"' | sed 's/.*NAME=//' | tr -d '"\n')" SizeHeavy
expect_match "a default value" "$(propel "$r" Heavy)" '<VALUE>TRUE</VALUE></PROPERTY>$'
expect_match "the override's default and qualifier (restricted)" "$(propel "$r" Size)" '<QUALIFIER NAME="Override" TYPE="string" OVERRIDABLE="true" TOSUBCLASS="false"><VALUE>Size</VALUE></QUALIFIER><VALUE>50</VALUE>'
expect "IncludeClassOrigin false: no CLASSORIGIN" "$(count_of "$r" CLASSORIGIN)" 0
expect_match "the inherited method is not local" "$(count_of "$r" '<METHOD ')" '^0$'

r=$(gc Meta_Big "$(bp LocalOnly FALSE)")
expect_match "LocalOnly=false: inherited key, propagated, with its propagated qualifiers" "$(propel "$r" Name)" '^<PROPERTY NAME="Name" PROPAGATED="true" TYPE="string"><QUALIFIER NAME="Key" TYPE="boolean" PROPAGATED="true" OVERRIDABLE="false" TOSUBCLASS="true"><VALUE>TRUE</VALUE></QUALIFIER>'
expect_match "LocalOnly=false: an inherited array default" "$(propel "$r" Tags)" '<PROPERTY.ARRAY NAME="Tags" PROPAGATED="true" TYPE="string"><VALUE.ARRAY><VALUE>a</VALUE><VALUE>b</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>'
expect_match "LocalOnly=false: the inherited method and its parameters" "$r" '<METHOD NAME="Reset" PROPAGATED="true" TYPE="uint32"><QUALIFIER NAME="Description"[^>]*PROPAGATED="true"[^>]*><VALUE>Resets it.</VALUE></QUALIFIER><PARAMETER NAME="Force" TYPE="boolean"><QUALIFIER NAME="In"'
expect_match "LocalOnly=false: the inherited class qualifier, its flavors" "$r" '<CLASS [^>]*><QUALIFIER NAME="Description" TYPE="string" PROPAGATED="true" OVERRIDABLE="true" TOSUBCLASS="true" TRANSLATABLE="true"><VALUE>A managed thing.</VALUE></QUALIFIER><PROPERTY'
expect "... not a restricted one (Version)" "$(count_of "$r" 'QUALIFIER NAME="Version"')" 0
expect_match "the class's own: not propagated" "$(gc Meta_Base "")" '<CLASS NAME="Meta_Base"><QUALIFIER NAME="Version" TYPE="string" OVERRIDABLE="true" TOSUBCLASS="false" TRANSLATABLE="true"><VALUE>1.0.0</VALUE></QUALIFIER><QUALIFIER NAME="Description" TYPE="string" OVERRIDABLE="true"'
r=$(gc Meta_Big "$(bp LocalOnly FALSE)$(bp IncludeQualifiers FALSE)")
expect "IncludeQualifiers=false: no QUALIFIER" "$(count_of "$r" '<QUALIFIER')" 0
expect_match "IncludeQualifiers=false: members still there" "$r" '<PARAMETER NAME="Note" TYPE="string"></PARAMETER></METHOD>'
r=$(gc Meta_Big "$(bp LocalOnly FALSE)$(bp IncludeClassOrigin TRUE)")
expect_match "IncludeClassOrigin=true: the declaring class" "$(propel "$r" Name)" 'CLASSORIGIN="Meta_Base" PROPAGATED="true"'
expect_match "IncludeClassOrigin=true: an override's origin is the subclass" "$(propel "$r" Size)" 'CLASSORIGIN="Meta_Big"'
expect_match "IncludeClassOrigin=true: methods" "$r" '<METHOD NAME="Reset" CLASSORIGIN="Meta_Base" PROPAGATED="true" TYPE="uint32"'
r=$(gc Meta_Big "$(bp LocalOnly FALSE)$(plist heavy Name)")
expect "PropertyList: only the named properties (names case-insensitive)" "$(printf '%s' "$r" | grep -o '<PROPERTY[.A-Z]* NAME="[A-Za-z]*"' | sed 's/.*NAME=//' | tr -d '"\n')" NameHeavy
r=$(gc Meta_Big "$(bp LocalOnly FALSE)$(plist)")
expect "PropertyList empty: no property" "$(count_of "$r" '<PROPERTY')" 0
r=$(gc Meta_Link "")
expect_match "an association: REFERENCECLASS, the Association qualifier" "$r" '<CLASS NAME="Meta_Link"><QUALIFIER NAME="Association" TYPE="boolean" OVERRIDABLE="false" TOSUBCLASS="true"><VALUE>TRUE</VALUE></QUALIFIER><PROPERTY.REFERENCE NAME="A" REFERENCECLASS="Meta_Base">'
expect "GetClass of an unknown class: 6 (CIM_ERR_NOT_FOUND)" "$(errcode "$(gc Meta_None "")")" 6
expect "GetClass with a malformed flag: 4" "$(errcode "$(gc Meta_Big "$(bp LocalOnly maybe)")")" 4

ecn() { intrinsic EnumerateClassNames "$1" | grep -o '<CLASSNAME NAME="[A-Za-z_]*"' | sed 's/.*NAME=//' | tr -d '"' | sort | tr '\n' ' '; }
expect "ecn, no class, DeepInheritance false: the roots" "$(ecn "")" "Meta_Base Meta_Link "
expect "ecn, no class, DeepInheritance true: every class" "$(ecn "$(bp DeepInheritance TRUE)")" "Meta_Base Meta_Big Meta_Link "
expect "ecn of Meta_Base: its subclass" "$(ecn "$(classname ClassName Meta_Base)")" "Meta_Big "
expect "ecn of a leaf: none" "$(ecn "$(classname ClassName Meta_Big)")" ""
expect "ecn of an unknown class: 5 (CIM_ERR_INVALID_CLASS)" "$(errcode "$(intrinsic EnumerateClassNames "$(classname ClassName Meta_None)")")" 5
r=$(intrinsic EnumerateClasses "$(classname ClassName Meta_Base)$(bp LocalOnly FALSE)$(bp IncludeQualifiers FALSE)$(bp IncludeClassOrigin TRUE)")
expect "ec of Meta_Base: the subclass whole" "$(count_of "$r" '<CLASS NAME="Meta_Big" SUPERCLASS="Meta_Base">')" 1
expect "ec IncludeQualifiers=false" "$(count_of "$r" '<QUALIFIER')" 0
expect_match "ec LocalOnly=false IncludeClassOrigin=true" "$r" '<PROPERTY NAME="Name" CLASSORIGIN="Meta_Base" PROPAGATED="true" TYPE="string"></PROPERTY>'
r=$(intrinsic EnumerateClasses "$(bp DeepInheritance TRUE)")
expect "ec DeepInheritance=true: every class" "$(count_of "$r" '<CLASS ')" 3
expect "ec LocalOnly (default true): no propagated member" "$(count_of "$r" 'PROPAGATED="true"')" 0

if command -v wbemcli >/dev/null 2>&1; then
    U="http://localhost:$PORT/$NS"
    H="localhost:$PORT/$NS"
    expect "wbemcli gc" "$(wbemcli gc "$U:Meta_Big" 2>&1)" "$H:Meta_Big Name=,Size=,Tags=,Heavy="
    expect "wbemcli ecn" "$(wbemcli ecn "$U:Meta_Base" 2>&1)" "$H:Meta_Big"
    expect "wbemcli ec" "$(wbemcli ec "$U:Meta_Base" 2>&1)" "$H:Meta_Big Name=,Size=,Tags=,Heavy="
fi

# The same answers from --schema (descriptors mofserve builds from the
# compiled MOF) as from the module's generated metadata, flag by flag.
class_answers() {
    for c in Meta_Base Meta_Big Meta_Link; do
        for f in "" "$(bp LocalOnly FALSE)" "$(bp LocalOnly FALSE)$(bp IncludeClassOrigin TRUE)" \
                 "$(bp IncludeQualifiers FALSE)" "$(bp LocalOnly FALSE)$(plist Heavy Name)"; do
            gc "$c" "$f" | tr -d '\n' | sed 's/.*<IRETURNVALUE>//; s/<\/IRETURNVALUE>.*//'; echo
        done
    done
}
class_answers >"$T/module.answers"
stop "$SPID"
start xml --schema "$D/meta.mof" --namespace $NS || exit 1
class_answers >"$T/schema.answers"
if cmp -s "$T/module.answers" "$T/schema.answers"; then ok; else fail "GetClass differs between --schema and the module"; diff "$T/schema.answers" "$T/module.answers" | head -20; fi
stop "$SPID"

# --schema and a module that disagree on a class
printf 'class Meta_Base {\n  [Key] string Name;\n  uint32 Size;\n};\n' >"$T/other.mof"
"$MOFSERVE" --schema "$T/other.mof" --provider "$T/meta.so" --listen 127.0.0.1:0 >"$T/o.log" 2>&1
expect "a module's class unlike the schema's: exit 1" "$?" 1
expect_match "... names the class and property" "$(cat "$T/o.log")" 'class Meta_Base: property Tags is in module meta, not in the schema'
"$MOFSERVE" --provider "$T/meta.so" --instances "$D/demo_instances.mof" --listen 127.0.0.1:0 >"$T/o.log" 2>&1
expect "--instances without --schema: exit 2" "$?" 2
expect_match "... says why" "$(cat "$T/o.log")" '--instances needs --schema'
finish
