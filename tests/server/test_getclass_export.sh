#!/bin/sh
# GetClass answered from class descriptors (mofserve --schema: built from
# the checked model; a module's generated metadata has the same shape) is
# the GetClass answered from the `mofc export` document of the same MOF
# (mofserve --schema FILE.xml keeps its CLASS elements), and so is the
# GetClass answered from a module's generated metadata, attribute for
# attribute (DSP0201): ARRAYSIZE of fixed-size arrays (properties and
# parameters, PARAMETER.REFARRAY too), PROPAGATED and CLASSORIGIN of
# inherited members and qualifiers, EmbeddedObject="instance"/"object",
# REFERENCECLASS, parameters' qualifiers, defaults; with every flag
# combination (tests/server/shape.mof).
. "$(dirname "$0")/lib.sh"

"${MOFC:-$B/mofc}" export -q -o "$T/shape.xml" "$D/shape.mof" || { fail "mofc export"; finish; exit 1; }
"$MOFSERVE" --schema "$T/shape.xml" --instances "$D/shape.mof" >"$T/o.log" 2>&1
expect "--schema FILE.xml with --instances: exit 2" "$?" 2
expect_match "... says why" "$(cat "$T/o.log")" '--instances needs --schema FILE.mof'
printf '<CIM><DECLARATION>' >"$T/bad.xml"
"$MOFSERVE" --schema "$T/bad.xml" >"$T/o.log" 2>&1
expect "--schema of a broken export: exit 1" "$?" 1
expect_match "... says so" "$(cat "$T/o.log")" '^mofserve: .*bad.xml'
start desc --schema "$D/shape.mof" --namespace $NS || exit 1
DPORT=$PORT
start xml --schema "$T/shape.xml" --namespace $NS || exit 1
XPORT=$PORT
# a module's generated metadata (mofc gen), the third source of GetClass
"${MOFC:-$B/mofc}" gen -q --skeleton -o "$T/shape" --name shape "$D/shape.mof" || { fail "mofc gen"; finish; exit 1; }
${CC:-cc} -std=c11 -Wall -Wextra -Werror -shared -fPIC -I"$T/shape" -Iruntime "$T/shape/shape.c" "$T/shape/shape_provider.c" \
    -o "$T/shape.so" 2>"$T/cc.log" || { cat "$T/cc.log"; fail "the skeleton module does not build"; finish; exit 1; }
start mod --provider "$T/shape.so" --namespace $NS || exit 1
MPORT=$PORT

bp() { printf '<IPARAMVALUE NAME="%s"><VALUE>%s</VALUE></IPARAMVALUE>' "$1" "$2"; }
# gc PORT CLASS LOCALONLY ORIGIN QUALS: the IRETURNVALUE of GetClass
gc() {
    PORT=$1
    intrinsic GetClass "$(classname ClassName "$2")$(bp LocalOnly "$3")$(bp IncludeClassOrigin "$4")$(bp IncludeQualifiers "$5")" |
        tr -d '\n' | sed -n 's|.*\(<IRETURNVALUE>.*</IRETURNVALUE>\).*|\1|p'
}
# the same answer from the export and from FROM's descriptors, not empty
same() {
    from=$1; shift
    a=$(gc $FPORT "$@"); b=$(gc $XPORT "$@")
    if [ -n "$a" ] && [ "$a" = "$b" ]; then ok; else
        fail "GetClass $*: $from and the export differ"
        printf '%s\n' "$a" | sed 's/></>\n</g' >"$T/a.txt"; printf '%s\n' "$b" | sed 's/></>\n</g' >"$T/b.txt"
        diff "$T/a.txt" "$T/b.txt" | head -20
    fi
}
for from in schema module; do
    FPORT=$DPORT
    [ $from = module ] && FPORT=$MPORT
    for c in Shp_Part Shp_Base Shp_Sub Shp_Link; do
        for lo in true false; do
            for qu in true false; do
                same $from $c $lo true $qu
                same $from $c $lo false $qu
            done
        done
    done
done

r=$(gc $DPORT Shp_Sub false false true)
expect_match "a fixed-size array property: ARRAYSIZE" "$r" '<PROPERTY.ARRAY NAME="Mac" TYPE="uint8" ARRAYSIZE="6">'
expect_match "an inherited one keeps it (PROPAGATED)" "$r" '<PROPERTY.ARRAY NAME="Parts" PROPAGATED="true" TYPE="string" ARRAYSIZE="3" EmbeddedObject="instance">'
expect_match "a fixed-size array parameter" "$r" '<PARAMETER.ARRAY NAME="Buf" TYPE="uint8" ARRAYSIZE="4">'
expect_match "a fixed-size reference array parameter" "$r" '<PARAMETER.REFARRAY NAME="Two" REFERENCECLASS="Shp_Part" ARRAYSIZE="2">'
expect "a variable-size array: none" "$(count_of "$r" 'NAME="Names" [^>]*ARRAYSIZE')" 0
expect_match "from a module's metadata too" "$(gc $MPORT Shp_Base true false false)" '<PROPERTY.ARRAY NAME="Mac" TYPE="uint8" ARRAYSIZE="6">'
# Mac and Parts of Shp_Base and of Shp_Sub (whose descriptor lists its inherited ones), Two, Buf
expect "mofc gen: MOFRT_F_ARRAYSIZE only for the fixed-size arrays" "$(grep -c MOFRT_F_ARRAYSIZE "$T/shape/shape.c")" 6
finish
