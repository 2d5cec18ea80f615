#!/bin/sh
# make valgrind: memcheck over the big runs, where ASan's numbers are not
# the point: mofc check and mofc gen over the whole CIM 2.49 schema, the
# replay of every fuzz corpus, then a session with hvclusterd (started under
# valgrind, called with curl, stopped with SIGTERM). Any invalid access or
# leak (definite, indirect or possible) fails. Takes a few minutes, so not
# in make check.
. tests/cli/lib.sh
VG="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --track-fds=no"
if ! command -v valgrind >/dev/null; then echo "valgrind is not installed"; exit 1; fi
ZIP="$SHARED/corpora/cim_schema_2.49.0Final-MOFs.zip"

# vg NAME WANT_RC CMD...: the command's own exit status must be WANT_RC;
# valgrind's findings turn it into 99.
vg() {
  name=$1; want=$2; shift 2
  start=$(date +%s)
  # shellcheck disable=SC2086
  $VG "$@" >"$T/out" 2>"$T/err"; rc=$?
  secs=$(( $(date +%s) - start ))
  if [ "$rc" = "$want" ]; then ok "$name (${secs}s)"
  else bad "$name (exit $rc, want $want; 99 = valgrind errors)"; grep -E '==[0-9]+==' "$T/err" | head -40; fi
}

if [ -f "$ZIP" ]; then
  mkdir "$T/cim" && (cd "$T/cim" && unzip -q "$ZIP")
  here=$(pwd)
  cd "$T/cim" || exit 1
  vg "mofc check over CIM 2.49" 0 "$MOFC" check cim_schema_2.49.0.mof
  if "$MOFC" --help | grep -q '^  gen '; then
    vg "mofc gen over CIM 2.49" 0 "$MOFC" gen -o "$T/gen" --name cim cim_schema_2.49.0.mof
    [ -s "$T/gen/cim.c" ] && ok "gen wrote cim.c" || bad "gen wrote cim.c"
  fi
  cd "$here" || exit 1
else
  echo "  skip CIM 2.49 ($ZIP not found)"
fi
vg "mofc check over the Hyper-V schema" 0 "$MOFC" check schemas/WindowsHyperVCluster.V2.mof
vg "mofc check, every limit reached" 1 "$MOFC" check --max-nesting=2 --max-array-items=1 tests/golden/bad.mof
for r in "$B"/tests/fuzz/replay_*; do
  case $r in *.o|*.d) continue ;; esac
  vg "fuzz replay $(basename "$r")" 0 "$r"
done

# ---- hvclusterd: a server session --------------------------------------------
# The server runs under memcheck (valgrind's report in its own log), serves
# the calls below over curl, and is stopped with SIGTERM: it must exit 0
# (99 = valgrind errors) after freeing everything, and answer each call as
# it would without valgrind.
HVD=$B/examples/hvcluster/hvclusterd
hv_session() {
  # shellcheck disable=SC2086
  $VG --log-file="$T/hv.vg" "$HVD" --listen 127.0.0.1:0 --state "$T/hv.state" --lock-timeout-ms 2000 \
      >"$T/hv.out" 2>"$T/hv.err" &
  hvpid=$!
  port= i=0
  while [ $i -lt 600 ] && [ -z "$port" ] && kill -0 $hvpid 2>/dev/null; do
    sleep 0.1; i=$((i + 1))
    port=$(sed -n 's/^hvclusterd: listening on port \([0-9]*\).*/\1/p' "$T/hv.out")
  done
  if [ -z "$port" ]; then
    bad "hvclusterd started under valgrind"; cat "$T/hv.out" "$T/hv.err" "$T/hv.vg"; kill $hvpid 2>/dev/null; return
  fi
  ok "hvclusterd started under valgrind (port $port)"
  NS='<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="hypervcluster"/><NAMESPACE NAME="v2"/></LOCALNAMESPACEPATH>'
  SVC='<INSTANCENAME CLASSNAME="Msvm_CollectionReferencePointService"><KEYBINDING NAME="CreationClassName"><KEYVALUE VALUETYPE="string">Msvm_CollectionReferencePointService</KEYVALUE></KEYBINDING><KEYBINDING NAME="Name"><KEYVALUE VALUETYPE="string">vmms</KEYVALUE></KEYBINDING><KEYBINDING NAME="SystemCreationClassName"><KEYVALUE VALUETYPE="string">Msvm_ComputerSystem</KEYVALUE></KEYBINDING><KEYBINDING NAME="SystemName"><KEYVALUE VALUETYPE="string">HV-HOST</KEYVALUE></KEYBINDING></INSTANCENAME>'
  SVCOBJ='root%2Fhypervcluster%2Fv2%3AMsvm_CollectionReferencePointService.CreationClassName%3D%22Msvm_CollectionReferencePointService%22%2CName%3D%22vmms%22%2CSystemCreationClassName%3D%22Msvm_ComputerSystem%22%2CSystemName%3D%22HV-HOST%22'
  envelope() { printf '<?xml version="1.0" encoding="utf-8"?><CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="7" PROTOCOLVERSION="1.0"><SIMPLEREQ>%s</SIMPLEREQ></MESSAGE></CIM>' "$1"; }
  # post CIMMETHOD CIMOBJECT BODY: the HTTP status; the answer in $T/hv.resp
  post() {
    printf '%s' "$3" >"$T/hv.req"
    curl -s -o "$T/hv.resp" -w '%{http_code}' --max-time 60 -H 'Content-Type: application/xml; charset="utf-8"' \
        -H 'CIMOperation: MethodCall' -H "CIMMethod: $1" -H "CIMObject: $2" --data-binary "@$T/hv.req" \
        "http://127.0.0.1:$port/cimom"
  }
  intr() { post "$1" root%2Fhypervcluster%2Fv2 "$(envelope "<IMETHODCALL NAME=\"$1\">$NS$2</IMETHODCALL>")"; }
  svc() { post "$1" "$SVCOBJ" "$(envelope "<METHODCALL NAME=\"$1\"><LOCALINSTANCEPATH>$NS$SVC</LOCALINSTANCEPATH>$2</METHODCALL>")"; }
  cls() { printf '<IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="%s"/></IPARAMVALUE>' "$1"; }
  inst() { printf '<IPARAMVALUE NAME="InstanceName"><INSTANCENAME CLASSNAME="%s"><KEYBINDING NAME="%s"><KEYVALUE VALUETYPE="string">%s</KEYVALUE></KEYBINDING></INSTANCENAME></IPARAMVALUE>' "$1" "$2" "$3"; }
  coll() { printf '<PARAMVALUE NAME="Collection" PARAMTYPE="reference"><VALUE.REFERENCE><INSTANCENAME CLASSNAME="Msvm_VirtualSystemCollection"><KEYBINDING NAME="CollectionID"><KEYVALUE VALUETYPE="string">%s</KEYVALUE></KEYBINDING></INSTANCENAME></VALUE.REFERENCE></PARAMVALUE><PARAMVALUE NAME="ReferencePointType" PARAMTYPE="uint16"><VALUE>%s</VALUE></PARAMVALUE>' "$1" "$2"; }
  resp() { tr -d '\n' <"$T/hv.resp"; }
  retval() { resp | sed -n 's/.*<RETURNVALUE[^>]*><VALUE>\([0-9]*\)<\/VALUE>.*/\1/p'; }
  key() { resp | sed -n "s/.*<PARAMVALUE NAME=\"$1\".*<KEYBINDING NAME=\"$2\"><KEYVALUE[^>]*>\([^<]*\)<.*/\1/p"; }
  prop() { resp | sed -n "s/.*<PROPERTY NAME=\"$1\"[^>]*><VALUE>\([^<]*\)<\/VALUE>.*/\1/p"; }
  # call NAME WANT_STATUS WANT_RETVAL|- CMD...
  call() {
    name=$1 ws=$2 wr=$3; shift 3
    st=$("$@"); rv=$(retval)
    if [ "$st" = "$ws" ] && { [ "$wr" = - ] || [ "$rv" = "$wr" ]; }; then ok "session: $name"
    else bad "session: $name (HTTP $st, return value '$rv'; want $ws, $wr)"; head -c 600 "$T/hv.resp"; echo; fi
  }
  # job_done ID: waits for the job to leave Running (4); prints its JobState
  job_done() {
    n=0
    while [ $n -lt 200 ]; do
      intr GetInstance "$(inst Msvm_ConcreteJob InstanceID "$1")" >/dev/null
      js=$(prop JobState)
      if [ -n "$js" ] && [ "$js" != 4 ]; then echo "$js"; return; fi
      sleep 0.1; n=$((n + 1))
    done
    echo timeout
  }
  call "GetClass" 200 - intr GetClass "$(cls Msvm_CollectionReferencePointService)"
  grep -q '<METHOD NAME="CreateReferencePoint"' "$T/hv.resp" && ok "session: GetClass answer" || bad "session: GetClass answer"
  call "GetInstance" 200 - intr GetInstance "$(inst Msvm_VirtualSystemCollection CollectionID Collection-Ready)"
  call "EnumerateInstances" 200 - intr EnumerateInstances "$(cls Msvm_VirtualSystemCollection)"
  call "EnumerateInstanceNames" 200 - intr EnumerateInstanceNames "$(cls CIM_ComputerSystem)"
  call "CreateReferencePoint (job)" 200 4096 svc CreateReferencePoint "$(coll Collection-Ready 2)"
  rpc=$(key ResultingReferencePointCollection CollectionID) job=$(key Job InstanceID)
  [ "$(job_done "$job")" = 7 ] && ok "session: job completed" || bad "session: job completed"
  call "CreateReferencePoint, log based" 200 4096 svc CreateReferencePoint "$(coll Collection-Ready 1)"
  [ "$(job_done "$(key Job InstanceID)")" = 7 ] && ok "session: second job completed" || bad "session: second job completed"
  call "CreateReferencePoint, offline disk (4096)" 200 4096 svc CreateReferencePoint "$(coll Collection-Offline 2)"
  [ "$(job_done "$(key Job InstanceID)")" = 10 ] && ok "session: job exception, rolled back" || bad "session: job exception, rolled back"
  call "CreateReferencePoint, unknown collection (4)" 200 4 svc CreateReferencePoint "$(coll Collection-Nope 2)"
  call "CreateReferencePoint, type 0 (4)" 200 4 svc CreateReferencePoint "$(coll Collection-Ready 0)"
  call "CreateReferencePoint, empty collection (5)" 200 5 svc CreateReferencePoint "$(coll Collection-Empty 2)"
  call "CreateReferencePoint, settings not XML (4)" 200 4 svc CreateReferencePoint \
      "$(coll Collection-Ready 2)<PARAMVALUE NAME=\"ReferencePointSettings\" PARAMTYPE=\"string\" EmbeddedObject=\"instance\"><VALUE>not &lt;xml</VALUE></PARAMVALUE>"
  call "CreateReferencePoint, bad parameter value (CIM error)" 200 - svc CreateReferencePoint \
      "$(coll Collection-Ready 2)<PARAMVALUE NAME=\"Bogus\"><VALUE>1</VALUE></PARAMVALUE>"
  aff="<PARAMVALUE NAME=\"AffectedReferencePointCollection\" PARAMTYPE=\"reference\"><VALUE.REFERENCE><INSTANCENAME CLASSNAME=\"Msvm_ReferencePointCollection\"><KEYBINDING NAME=\"CollectionID\"><KEYVALUE VALUETYPE=\"string\">$rpc</KEYVALUE></KEYBINDING><KEYBINDING NAME=\"VirtualSystemCollectionId\"><KEYVALUE VALUETYPE=\"string\">Collection-Ready</KEYVALUE></KEYBINDING></INSTANCENAME></VALUE.REFERENCE></PARAMVALUE>"
  call "DestroyReferencePoint" 200 4096 svc DestroyReferencePoint "$aff"
  call "DestroyReferencePoint again (4)" 200 4 svc DestroyReferencePoint "$aff"
  call "malformed XML (400)" 400 - post GetClass root%2Fhypervcluster%2Fv2 '<CIM><MESSAGE ID="1"'
  call "entity declarations (400)" 400 - post GetClass root%2Fhypervcluster%2Fv2 \
      '<?xml version="1.0"?><!DOCTYPE CIM [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><CIM>&b;</CIM>'
  call "header mismatch (400)" 400 - post GetInstance root%2Fhypervcluster%2Fv2 \
      "$(envelope "<IMETHODCALL NAME=\"GetClass\">$NS$(cls X)</IMETHODCALL>")"
  st=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 "http://127.0.0.1:$port/cimom")
  [ "$st" = 405 ] && ok "session: GET (405)" || bad "session: GET (405), got $st"
  # a request still arriving when the server is told to stop
  curl -s -o /dev/null --max-time 60 -H 'Expect:' -H 'CIMOperation: MethodCall' -H 'CIMMethod: GetClass' \
      -H 'CIMObject: root/hypervcluster/v2' -H 'Content-Length: 1000' --data-binary '<CIM>' \
      "http://127.0.0.1:$port/cimom" >/dev/null 2>&1 &
  slow=$!
  sleep 1
  kill -TERM $hvpid
  wait $hvpid; rc=$?
  kill $slow 2>/dev/null; wait $slow 2>/dev/null
  if [ $rc = 0 ]; then ok "hvclusterd session under valgrind: stopped cleanly, no errors"
  else bad "hvclusterd session under valgrind (exit $rc, want 0; 99 = valgrind errors)"; grep -E '==[0-9]+==' "$T/hv.vg" | head -60; cat "$T/hv.err"; fi
}
if [ -x "$HVD" ] && command -v curl >/dev/null; then
  hv_session
else
  echo "  skip hvclusterd session ($HVD or curl missing)"
fi
finish
