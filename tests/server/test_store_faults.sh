#!/bin/sh
# The instance store's integrity under concurrent and cascading changes:
# - CreateInstance of one key sent many times at once: exactly one succeeds,
#   every other answers CIM_ERR_ALREADY_EXISTS (11) — the existence check
#   and the durable commit are one step;
# - DeleteInstance of an instance also deletes the association instances
#   (in the store) that refer to it, in the same journal record: durable
#   across kill -9, as WMI's repository does (docs/server.md).
. "$(dirname "$0")/lib.sh"

start st --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --namespace $NS --state "$T/state" || exit 1

# ---- concurrent CreateInstance of one key ---------------------------------------------
create_body() {
    envelope "<IMETHODCALL NAME=\"CreateInstance\">$NS_XML<IPARAMVALUE NAME=\"NewInstance\"><INSTANCE CLASSNAME=\"Demo_Thing\"><PROPERTY NAME=\"Id\" TYPE=\"string\"><VALUE>$1</VALUE></PROPERTY><PROPERTY NAME=\"Label\" TYPE=\"string\"><VALUE>by $2</VALUE></PROPERTY></INSTANCE></IPARAMVALUE></IMETHODCALL>"
}
for round in 1 2 3 4; do
    pids=
    for c in 1 2 3 4 5 6 7 8; do
        create_body "race$round" "$c" >"$T/c$c.xml"
        curl -s --max-time 20 -H 'Content-Type: application/xml; charset="utf-8"' -H 'CIMOperation: MethodCall' \
            -H 'CIMMethod: CreateInstance' -H 'CIMObject: root%2Fdemo' --data-binary "@$T/c$c.xml" \
            -o "$T/r$c.xml" "http://127.0.0.1:$PORT/cimom" &
        pids="$pids $!"
    done
    for p in $pids; do wait "$p"; done
    okc=0 dup=0
    for c in 1 2 3 4 5 6 7 8; do
        code=$(errcode "$(cat "$T/r$c.xml")")
        case $code in
            "") grep -q "<INSTANCENAME CLASSNAME=\"Demo_Thing\"" "$T/r$c.xml" && okc=$((okc + 1)) ;;
            11) dup=$((dup + 1)) ;;
        esac
    done
    expect "round $round: 8 concurrent creates of one key: one succeeds" "$okc" 1
    expect "round $round: the other 7 answer CIM_ERR_ALREADY_EXISTS" "$dup" 7
done

# ---- DeleteInstance takes the associations that refer to the instance --------------
names() { intrinsic "$1" "$2" | grep -o '<KEYVALUE VALUETYPE="string">[a-z0-9]*<' | sed 's/.*>//; s/<//' | sort | tr '\n' ' '; }
B1="<IPARAMVALUE NAME=\"ObjectName\">$(iname Demo_Box Name b1)</IPARAMVALUE>"
expect "before: b1's associations" "$(count_of "$(intrinsic ReferenceNames "$B1")" '<INSTANCENAME CLASSNAME="Demo_Contains"')" 2
r=$(intrinsic DeleteInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Thing Id t1)</IPARAMVALUE>")
expect "DeleteInstance t1" "$(errcode "$r")" ""
r=$(intrinsic ReferenceNames "$B1")
expect "the association to t1 went with it" "$(count_of "$r" '<INSTANCENAME CLASSNAME="Demo_Contains"')" 1
expect_match "the other association stays" "$r" '>t2<'
expect "Associators of b1: t2 only" "$(count_of "$(intrinsic AssociatorNames "$B1")" '<INSTANCENAME ')" 1
# through the superclass path: t2 is a Demo_BigThing
r=$(intrinsic DeleteInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Thing Id t2)</IPARAMVALUE>")
expect "DeleteInstance t2 through its superclass" "$(errcode "$r")" ""
expect "no association left" "$(count_of "$(intrinsic EnumerateInstanceNames "$(classname ClassName Demo_Contains)")" '<INSTANCENAME ')" 0
expect "the box itself stays" "$(errcode "$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Box Name b1)</IPARAMVALUE>")")" ""
kill -9 "$SPID"; wait "$SPID" 2>/dev/null
start st2 --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --namespace $NS --state "$T/state" || exit 1
expect "after kill -9: the associations stay deleted" "$(count_of "$(intrinsic EnumerateInstanceNames "$(classname ClassName Demo_Contains)")" '<INSTANCENAME ')" 0
expect "after kill -9: one of the raced instances per key" "$(count_of "$(intrinsic EnumerateInstanceNames "$(classname ClassName Demo_Thing)")" '>race[0-9]<')" 4
stop "$SPID"

# ---- a module's DeleteInstance takes the store's associations too ----------------
# Demo_Box is the module's (built with its delete); Demo_Contains are the
# store's: deleting box m1 in the module deletes the store's associations
# that refer to it, durably, and no other.
build_module "$T/demodel.so" -DDEMO_DELETE || { fail "the module does not build"; finish; exit 1; }
start mod --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --namespace $NS --provider "$T/demodel.so" \
    --state "$T/modstate" || exit 1
link() {   # BOX THING
    intrinsic CreateInstance "<IPARAMVALUE NAME=\"NewInstance\"><INSTANCE CLASSNAME=\"Demo_Contains\"><PROPERTY.REFERENCE NAME=\"Box\" REFERENCECLASS=\"Demo_Box\"><VALUE.REFERENCE>$(iname Demo_Box Name "$1")</VALUE.REFERENCE></PROPERTY.REFERENCE><PROPERTY.REFERENCE NAME=\"Thing\" REFERENCECLASS=\"Demo_Thing\"><VALUE.REFERENCE>$(iname Demo_Thing Id "$2")</VALUE.REFERENCE></PROPERTY.REFERENCE></INSTANCE></IPARAMVALUE>"
}
for l in "m1 t1" "m1 t2" "m2 t1"; do
    expect "CreateInstance Demo_Contains $l" "$(errcode "$(link $l)")" ""
done
links() { intrinsic EnumerateInstanceNames "$(classname ClassName Demo_Contains)" | grep -o '<KEYVALUE VALUETYPE="string"[^>]*>[a-z0-9]*<' | sed 's/.*>//; s/<//' | tr '\n' ' '; }
expect "five associations (two from the MOF, three made)" "$(count_of "$(links)" ' ')" 10
r=$(intrinsic DeleteInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Box Name m1)</IPARAMVALUE>")
expect "the module deletes box m1" "$(errcode "$r")" ""
expect "... its associations in the store went with it" "$(count_of "$(links)" 'm1 ')" 0
expect "... the others stay (b1's two, m2's)" "$(count_of "$(links)" ' ')" 6
kill -9 "$SPID"; wait "$SPID" 2>/dev/null
start mod2 --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --namespace $NS --provider "$T/demodel.so" \
    --state "$T/modstate" || exit 1
expect "after kill -9: still deleted (one journal record)" "$(count_of "$(links)" 'm1 ')" 0
expect "after kill -9: the others" "$(count_of "$(links)" ' ')" 6
finish
