#!/bin/sh
# hvclusterd: DSP0200 HTTP handling, malformed requests, intrinsic
# operations, case-insensitive names, authentication, limits, timeouts.
. "$(dirname "$0")/lib.sh"

start_server http --timeout-s 1 || exit 1
ok_body="$(envelope "<IMETHODCALL NAME=\"GetClass\">$NS_XML<IPARAMVALUE NAME=\"ClassName\"><CLASSNAME NAME=\"Msvm_ReferencePointCollection\"/></IPARAMVALUE></IMETHODCALL>")"

# ---- headers --------------------------------------------------------------------
r=$(curl -s -o /dev/null -D "$T/last.hdr" -w '%{http_code}' -H 'Content-Type: application/xml' \
    -H 'CIMMethod: GetClass' -H 'CIMObject: root/hypervcluster/v2' --data-binary "$ok_body" "http://127.0.0.1:$PORT/cimom")
expect "no CIMOperation: 400" "$r" 400
expect "no CIMOperation: CIMError" "$(cimerror)" unsupported-operation
r=$(curl -s -o /dev/null -D "$T/last.hdr" -w '%{http_code}' -H 'Content-Type: application/xml' -H 'CIMOperation: MethodCall' \
    -H 'CIMMethod: GetClass' --data-binary "$ok_body" "http://127.0.0.1:$PORT/cimom")
expect "no CIMObject: 400" "$r" 400
expect "no CIMObject: CIMError" "$(cimerror)" header-mismatch
r=$(post GetInstance "root%2Fhypervcluster%2Fv2" "$ok_body")
expect "CIMMethod mismatch" "$(status "$r")" 400
expect "CIMMethod mismatch: CIMError" "$(cimerror)" header-mismatch
r=$(post GetClass "root%2Fcimv2" "$ok_body")
expect "CIMObject mismatch" "$(status "$r")" 400
r=$(post CreateReferencePoint "root%2Fhypervcluster%2Fv2%3AMsvm_CollectionReferencePointService.Name%3D%22other%22" \
    "$(envelope "<METHODCALL NAME=\"CreateReferencePoint\"><LOCALINSTANCEPATH>$NS_XML$SVC_NAME</LOCALINSTANCEPATH></METHODCALL>")")
expect "CIMObject path mismatch" "$(status "$r")" 400
r=$(post gEtClAsS "root%2FHyperVCluster%2Fv2" "$ok_body")
expect "percent-decoded, case-insensitive headers" "$(status "$r")" 200
r=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/cimom")
expect "GET: 405" "$r" 405
r=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'CIMOperation: MethodCall' "http://127.0.0.1:$PORT/other")
expect "other URL: 404" "$r" 404

# ---- bodies -----------------------------------------------------------------------
r=$(post GetClass "root%2Fhypervcluster%2Fv2" '<CIM><MESSAGE ID="1"')
expect "truncated XML: 400" "$(status "$r")" 400
expect "truncated XML: CIMError" "$(cimerror)" request-not-well-formed
r=$(post GetClass "root%2Fhypervcluster%2Fv2" '<?xml version="1.0"?><!DOCTYPE CIM [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><CIM>&b;</CIM>')
expect "entity declarations: 400" "$(status "$r")" 400
r=$(post GetClass "root%2Fhypervcluster%2Fv2" '<?xml version="1.0"?><html><body/></html>')
expect "not CIM-XML: 400" "$(status "$r")" 400
expect "not CIM-XML: CIMError" "$(cimerror)" request-not-valid
r=$(post GetClass "root%2Fhypervcluster%2Fv2" '')
expect "empty body: 400" "$(status "$r")" 400
head -c 1100000 /dev/zero | tr '\0' 'x' >"$T/big"
r=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/xml' -H 'CIMOperation: MethodCall' \
    -H 'CIMMethod: GetClass' -H 'CIMObject: root/hypervcluster/v2' --data-binary "@$T/big" "http://127.0.0.1:$PORT/cimom")
expect "body over 1 MiB: 413" "$r" 413
r=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/xml' -H 'CIMOperation: MethodCall' \
    -H 'CIMMethod: GetClass' -H 'CIMObject: root/hypervcluster/v2' -H 'Transfer-Encoding: chunked' \
    --data-binary "@$T/big" "http://127.0.0.1:$PORT/cimom")
expect "chunked body over 1 MiB: 413" "$r" 413

# ---- CIM errors for well-formed but wrong calls -----------------------------------------
expect "wrong type: CIM_ERR_INVALID_PARAMETER" "$(errcode "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)<PARAMVALUE NAME=\"ReferencePointType\"><VALUE>abc</VALUE></PARAMVALUE>")")" 4
expect "out of range: CIM_ERR_INVALID_PARAMETER" "$(errcode "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 70000)")")" 4
expect "reference given as a string" "$(errcode "$(svc_call CreateReferencePoint "<PARAMVALUE NAME=\"Collection\" PARAMTYPE=\"string\"><VALUE>x</VALUE></PARAMVALUE>$(rp_type 2)")")" 4
expect "unknown parameter" "$(errcode "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 2)<PARAMVALUE NAME=\"Bogus\"><VALUE>1</VALUE></PARAMVALUE>")")" 4
expect "output-only parameter" "$(errcode "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 2)<PARAMVALUE NAME=\"Job\"><VALUE>1</VALUE></PARAMVALUE>")")" 4
expect "unknown method" "$(errcode "$(svc_call Frobnicate "")")" 17
r=$(post GetClass "root%2Fcimv2" "$(envelope "<IMETHODCALL NAME=\"GetClass\"><LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/><NAMESPACE NAME=\"cimv2\"/></LOCALNAMESPACEPATH><IPARAMVALUE NAME=\"ClassName\"><CLASSNAME NAME=\"X\"/></IPARAMVALUE></IMETHODCALL>")")
expect "unknown namespace" "$(errcode "$r")" 3
expect "GetClass unknown class: CIM_ERR_NOT_FOUND (DSP0200 5.3.2.1)" "$(errcode "$(intrinsic GetClass '<IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="Nope"/></IPARAMVALUE>')")" 6
expect "GetInstance unknown class" "$(errcode "$(get_instance "$(iname Nope InstanceID x)")")" 5
expect "GetInstance missing" "$(errcode "$(get_instance "$(iname Msvm_ConcreteJob InstanceID x)")")" 6
expect "unsupported intrinsic" "$(errcode "$(intrinsic ExecQuery "")")" 7
expect "DeleteInstance without InstanceName" "$(errcode "$(intrinsic DeleteInstance "")")" 4
r=$(post CreateReferencePoint "root%2Fhypervcluster%2Fv2%3AMsvm_CollectionReferencePointService.CreationClassName%3D%22Msvm_CollectionReferencePointService%22%2CName%3D%22nope%22%2CSystemCreationClassName%3D%22Msvm_ComputerSystem%22%2CSystemName%3D%22HV-HOST%22" \
    "$(envelope "<METHODCALL NAME=\"CreateReferencePoint\"><LOCALINSTANCEPATH>$NS_XML$(echo "$SVC_NAME" | sed 's/>vmms</>nope</')</LOCALINSTANCEPATH></METHODCALL>")")
expect "method on a missing instance" "$(errcode "$r")" 6

# ---- intrinsic operations, names case-insensitive ----------------------------------
r=$(intrinsic GetClass '<IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="msvm_collectionreferencepointservice"/></IPARAMVALUE><IPARAMVALUE NAME="LocalOnly"><VALUE>false</VALUE></IPARAMVALUE>')
expect_match "GetClass has the method" "$r" '<METHOD NAME="CreateReferencePoint"'
expect_match "GetClass LocalOnly=false has inherited keys" "$r" '<PROPERTY NAME="SystemName"'
r=$(intrinsic GetClass '<IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="Msvm_CollectionReferencePointService"/></IPARAMVALUE><IPARAMVALUE NAME="IncludeQualifiers"><VALUE>false</VALUE></IPARAMVALUE>')
expect "GetClass LocalOnly drops inherited" "$(count_of "$r" 'NAME="SystemName"')" 0
expect "GetClass without qualifiers" "$(count_of "$r" '<QUALIFIER')" 0
r=$(post GetInstance "ROOT%2FHYPERVCLUSTER%2FV2" "$(envelope "<IMETHODCALL NAME=\"GetInstance\"><LOCALNAMESPACEPATH><NAMESPACE NAME=\"ROOT\"/><NAMESPACE NAME=\"HYPERVCLUSTER\"/><NAMESPACE NAME=\"V2\"/></LOCALNAMESPACEPATH><IPARAMVALUE NAME=\"instancename\"><INSTANCENAME CLASSNAME=\"MSVM_VIRTUALSYSTEMCOLLECTION\"><KEYBINDING NAME=\"collectionid\"><KEYVALUE>Collection-Ready</KEYVALUE></KEYBINDING></INSTANCENAME></IPARAMVALUE></IMETHODCALL>")")
expect "GetInstance, names in upper/lower case" "$(prop "$r" ReplicationMode)" 1
r=$(get_instance "$(iname CIM_CollectionOfMSEs CollectionID Collection-Empty)")
expect_match "GetInstance through a superclass" "$r" '<INSTANCE CLASSNAME="Msvm_VirtualSystemCollection"'
r=$(intrinsic EnumerateInstances '<IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="Msvm_VirtualSystemCollection"/></IPARAMVALUE>')
expect "EnumerateInstances" "$(count_of "$r" '<VALUE.NAMEDINSTANCE>')" 5
r=$(enum_names CIM_ComputerSystem)
expect "EnumerateInstanceNames (deep)" "$(count_of "$r" '<INSTANCENAME CLASSNAME="Msvm_ComputerSystem"')" 6
r=$(intrinsic EnumerateClassNames '<IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="CIM_Collection"/></IPARAMVALUE>')
expect_match "EnumerateClassNames" "$r" '<CLASSNAME NAME="Msvm_ReferencePointCollection"/>'
r=$(svc_call createreferencepoint "<PARAMVALUE NAME=\"COLLECTION\" PARAMTYPE=\"reference\"><VALUE.REFERENCE>$(iname msvm_virtualsystemcollection collectionid Collection-Ready)</VALUE.REFERENCE></PARAMVALUE><PARAMVALUE NAME=\"referencepointtype\"><VALUE>2</VALUE></PARAMVALUE>")
expect "method and parameter names in any case" "$(retval "$r")" 4096

# ---- concurrency: parallel clients are all served ------------------------------------
i=0 cpids=
while [ $i -lt 8 ]; do
    curl -s -H 'Content-Type: application/xml' -H 'CIMOperation: MethodCall' -H 'CIMMethod: GetClass' \
        -H 'CIMObject: root/hypervcluster/v2' --data-binary "$ok_body" "http://127.0.0.1:$PORT/cimom" \
        >"$T/par.$i" &
    cpids="$cpids $!"
    i=$((i + 1))
done
for p in $cpids; do wait "$p"; done
n=0
for f in "$T"/par.*; do grep -q '<CLASS NAME="Msvm_ReferencePointCollection"' "$f" && n=$((n + 1)); done
expect "8 parallel requests answered" "$n" 8

# ---- slow request: the connection is closed after --timeout-s ------------------------
t0=$(date +%s)
curl -s -o /dev/null -w '%{http_code}' --max-time 9 -H 'Expect:' -H 'Content-Type: application/xml' \
    -H 'CIMOperation: MethodCall' -H 'CIMMethod: GetClass' -H 'CIMObject: root/hypervcluster/v2' \
    -H 'Content-Length: 1000' --data-binary '<CIM>' "http://127.0.0.1:$PORT/cimom" >"$T/slow" 2>/dev/null
t1=$(date +%s)
[ $((t1 - t0)) -le 6 ] && ok || fail "slow request not cut (took $((t1 - t0)) s)"
expect "slow request got no answer" "$(cat "$T/slow")" 000
expect "server alive after all that" "$(status "$(post GetClass "root%2Fhypervcluster%2Fv2" "$ok_body")")" 200
stop_server "$SPID"

# ---- slow clients: the whole request is bounded, not only idle time ------------------
# A client sending one byte every 0.5 s is never idle for --timeout-s, yet
# its request must arrive whole within --request-timeout-s (2 s here).
start_server slow --timeout-s 30 --request-timeout-s 2 --max-connections 4 || exit 1
t=$(slow_client "$PORT" head 15)
[ "${t:-99}" -le 10 ] && ok || fail "headers dribbled 1 byte / 0.5 s held the connection ${t:-?} s (limit 2 s)"
t=$(slow_client "$PORT" body 15)
[ "${t:-99}" -le 10 ] && ok || fail "body dribbled 1 byte / 0.5 s held the connection ${t:-?} s (limit 2 s)"
# as many dribbling clients as connections: a normal request still gets its
# answer (it waits in the listen queue until the slow ones are cut)
spids=
for i in 1 2 3 4 5 6; do slow_client "$PORT" head 15 >/dev/null & spids="$spids $!"; done
sleep 0.5
t0=$(date +%s)
expect "normal request answered while slow clients take every connection" \
    "$(status "$(post GetClass "root%2Fhypervcluster%2Fv2" "$ok_body")")" 200
t1=$(date +%s)
[ $((t1 - t0)) -le 10 ] && ok || fail "normal request waited $((t1 - t0)) s"
for p in $spids; do wait "$p"; done
expect "server alive after the slow clients" "$(status "$(post GetClass "root%2Fhypervcluster%2Fv2" "$ok_body")")" 200
stop_server "$SPID"

# ---- authentication --------------------------------------------------------------------
printf '# user:password\nadmin:s3cret\n' >"$T/auth"
"$HVD" --listen 0.0.0.0:0 --state "$T/noauth.state" >"$T/noauth.log" 2>&1
expect "non-loopback without --auth refused" "$?" 1
expect_match "non-loopback: says why" "$(cat "$T/noauth.log")" 'requires --auth'
start_server auth --auth "$T/auth"
r=$(post GetClass "root%2Fhypervcluster%2Fv2" "$ok_body")
expect "no credentials: 401" "$(status "$r")" 401
expect_match "401 asks for Basic" "$(cat "$T/last.hdr")" 'WWW-Authenticate: Basic'
expect "wrong password: 401" "$(status "$(post GetClass "root%2Fhypervcluster%2Fv2" "$ok_body" -u admin:wrong)")" 401
expect "right credentials: 200" "$(status "$(post GetClass "root%2Fhypervcluster%2Fv2" "$ok_body" -u admin:s3cret)")" 200
# RFC 7235 2.1: the scheme is case-insensitive
b64=$(printf 'admin:s3cret' | base64)
for scheme in Basic basic BASIC bAsIc; do
    expect "scheme '$scheme': 200" "$(status "$(post GetClass "root%2Fhypervcluster%2Fv2" "$ok_body" -H "Authorization: $scheme $b64")")" 200
done
expect "scheme 'Basicx': 401" "$(status "$(post GetClass "root%2Fhypervcluster%2Fv2" "$ok_body" -H "Authorization: Basicx $b64")")" 401
expect "junk after the credentials: 401" "$(status "$(post GetClass "root%2Fhypervcluster%2Fv2" "$ok_body" -H "Authorization: Basic $b64 x")")" 401
stop_server "$SPID"

# credential file lines: read whole (any length), refused with FILE:LINE when
# over 1023 bytes, never split into a second credential
long=$(printf '%01100d' 0)
printf 'admin:s3cret\nuser:%s:tail\n' "$long" >"$T/auth.long"
timeout 10 "$HVD" --listen 127.0.0.1:0 --state "$T/long.state" --auth "$T/auth.long" >"$T/long.log" 2>&1
expect "auth line over 1023 bytes: refused" "$?" 1
expect_match "auth line over 1023 bytes: says FILE:LINE" "$(cat "$T/long.log")" "auth.long:2: line longer than 1023 bytes"
printf 'admin:s3cret\n# %s:x\nadmin2:pw2\n' "$(printf '%05000d' 0)" >"$T/auth.longcomment"
printf 'admin:s3cret\nnocolon\n' >"$T/auth.nocolon"
timeout 10 "$HVD" --listen 127.0.0.1:0 --state "$T/long.state" --auth "$T/auth.nocolon" >"$T/long.log" 2>&1
expect "auth line without user:password refused" "$?" 1
expect_match "auth line without user:password: FILE:LINE" "$(cat "$T/long.log")" "auth.nocolon:2: not a user:password line"
mkfifo "$T/auth.fifo"
timeout 10 "$HVD" --listen 127.0.0.1:0 --state "$T/long.state" --auth "$T/auth.fifo" >"$T/long.log" 2>&1
expect "auth file that is a FIFO: refused at once" "$?" 1
expect_match "auth FIFO: says why" "$(cat "$T/long.log")" "credentials file .*auth.fifo is not a regular file \(a FIFO\)"
rm -f "$T"/long.state*
# a comment of 5,000 bytes is read whole and skipped: the next line still
# counts, and no piece of the comment became a credential (fgets of 1024
# made its last 912 bytes "0...0:x" one)
start_server lc --auth "$T/auth.longcomment"
expect "long comment skipped whole, next line a credential" "$(status "$(post GetClass "root%2Fhypervcluster%2Fv2" "$ok_body" -u admin2:pw2)")" 200
expect "no piece of a long comment is a credential" "$(status "$(post GetClass "root%2Fhypervcluster%2Fv2" "$ok_body" -u "$(printf '%0910d' 0):x")")" 401
stop_server "$SPID"

# --listen: a port past 65535, a malformed address or a host name that does
# not resolve is a usage error before any state is touched (getaddrinfo took
# 99999 as 34463; names are resolved only with a port of digits)
for l in 127.0.0.1:99999 127.0.0.1:65536 127.0.0.1:-1 127.0.0.1: 127.0.0.1:0x50 127.0.0.1:+80 \
         127.1:80 no-such-host.invalid:80 '::1:80' '[::1]:70000' '[::1' 999.0.0.1:80 127.0.0.1; do
    timeout 5 "$HVD" --listen "$l" --state "$T/listen.state" >"$T/listen.log" 2>&1
    expect "--listen '$l' refused (usage)" "$?" 2
done
expect_match "--listen port message" "$(timeout 5 "$HVD" --listen 127.0.0.1:99999 --state "$T/listen.state" 2>&1)" \
    "port '99999' is not a number from 0 to 65535"
[ -e "$T/listen.state" ] && fail "a refused --listen created the state" || ok
for o in "--timeout-s 0" "--request-timeout-s 0" "--max-connections 0" "--timeout-s -1" "--timeout-s +5" "--lock-timeout-ms -4294967295" "--job-ms 1x"; do
    # shellcheck disable=SC2086
    timeout 5 "$HVD" $o --state "$T/listen.state" >"$T/listen.log" 2>&1
    expect "'$o' refused (usage)" "$?" 2
done
start_server any --listen 0.0.0.0:0 --auth "$T/auth"
expect "all interfaces with auth: 401 without" "$(status "$(post GetClass "root%2Fhypervcluster%2Fv2" "$ok_body")")" 401
expect "all interfaces with auth: 200 with" "$(status "$(post GetClass "root%2Fhypervcluster%2Fv2" "$ok_body" -u admin:s3cret)")" 200

finish
