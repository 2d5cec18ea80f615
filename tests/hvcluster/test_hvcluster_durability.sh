#!/bin/sh
# hvclusterd durability: kill -9 during a burst of CreateReferencePoint
# calls; after a restart every reference point whose response arrived is
# there, the state file is whole and interrupted jobs are finished.
. "$(dirname "$0")/lib.sh"

start_server dur --job-ms 0 || exit 1

# worker PORT OUTFILE COLLECTION: creates until the server goes away,
# recording the CollectionID of every 4096 answer that arrived whole.
cat >"$T/worker.sh" <<'W'
port=$1 out=$2 coll=$3 obj=$4 svc=$5
body="<?xml version=\"1.0\" encoding=\"utf-8\"?><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"7\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ><METHODCALL NAME=\"CreateReferencePoint\"><LOCALINSTANCEPATH><LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/><NAMESPACE NAME=\"hypervcluster\"/><NAMESPACE NAME=\"v2\"/></LOCALNAMESPACEPATH>$svc</LOCALINSTANCEPATH><PARAMVALUE NAME=\"Collection\" PARAMTYPE=\"reference\"><VALUE.REFERENCE><INSTANCENAME CLASSNAME=\"Msvm_VirtualSystemCollection\"><KEYBINDING NAME=\"CollectionID\"><KEYVALUE>$coll</KEYVALUE></KEYBINDING></INSTANCENAME></VALUE.REFERENCE></PARAMVALUE><PARAMVALUE NAME=\"ReferencePointType\" PARAMTYPE=\"uint16\"><VALUE>2</VALUE></PARAMVALUE></METHODCALL></SIMPLEREQ></MESSAGE></CIM>"
while :; do
    r=$(curl -s -f --max-time 5 -H 'Content-Type: application/xml' -H 'CIMOperation: MethodCall' \
        -H 'CIMMethod: CreateReferencePoint' -H "CIMObject: $obj" --data-binary "$body" \
        "http://127.0.0.1:$port/cimom") || exit 0
    case $r in *'</CIM>'*) ;; *) continue ;; esac
    id=$(printf '%s' "$r" | tr -d '\n' | sed -n 's/.*<PARAMVALUE NAME="ResultingReferencePointCollection".*<KEYBINDING NAME="CollectionID"><KEYVALUE[^>]*>\([^<]*\)<.*/\1/p')
    [ -n "$id" ] && echo "$id $coll" >>"$out"
done
W
wpids=
for i in 1 2 3 4 5 6; do
    case $i in 1|3|5) c=Collection-Ready ;; *) c=Collection-NoReplica ;; esac
    sh "$T/worker.sh" "$PORT" "$T/acked.$i" "$c" "$SVC_OBJ" "$SVC_NAME" &
    wpids="$wpids $!"
done
# kill once the burst is well under way (at least 21 acknowledged creates,
# or 15 s on a machine that is very busy), not after a fixed time
i=0
while [ $i -lt 150 ]; do
    [ "$(cat "$T"/acked.* 2>/dev/null | wc -l)" -gt 20 ] && break
    sleep 0.1
    i=$((i + 1))
done
sleep 0.2
kill -9 "$SPID"
for p in $wpids; do wait "$p"; done
cat "$T"/acked.* >"$T/acked" 2>/dev/null
n=$(wc -l <"$T/acked" | tr -d ' ')
[ "$n" -gt 20 ] && ok || fail "only $n acknowledged creates before the kill"

out=$("$HVD" --check-state "$T/dur.state" 2>&1)
expect "state file whole after kill -9" "$?" 0
expect_match "check-state report" "$out" 'snapshot whole'

start_server dur --job-ms 0 || exit 1
missing=0
while read -r id coll; do
    r=$(get_instance "$(rpc_iname "$id" "$coll")")
    [ "$(prop "$r" VirtualSystemCollectionId)" = "$coll" ] || missing=$((missing + 1))
done <"$T/acked"
expect "acknowledged reference points after restart ($n)" "$missing" 0
e=$(enum_names Msvm_ReferencePointCollection)
have=$(count_of "$e" '<INSTANCENAME CLASSNAME="Msvm_ReferencePointCollection"')
[ "$have" -ge "$n" ] && ok || fail "$have reference point collections, $n acknowledged"
i=0
while [ $i -lt 50 ]; do
    r=$(intrinsic EnumerateInstances '<IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="Msvm_ConcreteJob"/></IPARAMVALUE>')
    [ "$(count_of "$r" '<PROPERTY NAME="JobState" TYPE="uint16"><VALUE>4<')" = 0 ] && break
    sleep 0.1
    i=$((i + 1))
done
expect "interrupted jobs finished after restart" "$(count_of "$r" '<PROPERTY NAME="JobState" TYPE="uint16"><VALUE>4<')" 0
expect "every job has an end state" "$(count_of "$r" '<PROPERTY NAME="JobState" TYPE="uint16"><VALUE>7<')" "$(count_of "$r" '<INSTANCE CLASSNAME="Msvm_ConcreteJob"')"
# a graceful stop keeps everything as well
stop_server "$SPID"
start_server dur || exit 1
e=$(enum_names Msvm_ReferencePointCollection)
expect "after a clean restart" "$(count_of "$e" '<INSTANCENAME CLASSNAME="Msvm_ReferencePointCollection"')" "$have"

finish
