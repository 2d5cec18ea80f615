#!/bin/sh
# make bench: hvclusterd over loopback with wrk (bench/bench_wrk.lua, shared
# helpers in bench/lib.sh): GetInstance, durable CreateReferencePoint inline
# (--sync: return 0, the change fsync'd before the answer) and with jobs
# (4096, plus the job's own durable completion; --job-ms 0: no simulated job
# duration). CreateReferencePoint goes round-robin over the 16 Bench-NN
# collections of the fixture (each wrk thread from its own start). 16
# connections on 2 wrk threads, 3 runs of DUR seconds each; every answer is
# checked (200 with the expected value); prints the median requests/s and
# latency percentiles.
B=${B:-build}
DUR=${DUR:-3}
HVD=$B/examples/hvcluster/hvclusterd
command -v wrk >/dev/null 2>&1 || { echo "bench_hvcluster: wrk not installed, skipped"; exit 0; }
T=$(mktemp -d /tmp/hvbench.XXXXXX)
. bench/lib.sh
trap 'kill $SPID 2>/dev/null; wait $SPID 2>/dev/null; rm -rf "$T"' EXIT INT TERM

start() {
    rm -f "$T"/state*
    start_server hvclusterd env MOFC="${MOFC:-$B/mofc}" "$HVD" --listen 127.0.0.1:0 --state "$T/state" \
        --fixture bench/bench_hvcluster.mof --lock-timeout-ms 30000 "$@"
}

NS='<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="hypervcluster"/><NAMESPACE NAME="v2"/></LOCALNAMESPACEPATH>'
SVC='<INSTANCENAME CLASSNAME="Msvm_CollectionReferencePointService"><KEYBINDING NAME="CreationClassName"><KEYVALUE>Msvm_CollectionReferencePointService</KEYVALUE></KEYBINDING><KEYBINDING NAME="Name"><KEYVALUE>vmms</KEYVALUE></KEYBINDING><KEYBINDING NAME="SystemCreationClassName"><KEYVALUE>Msvm_ComputerSystem</KEYVALUE></KEYBINDING><KEYBINDING NAME="SystemName"><KEYVALUE>HV-HOST</KEYVALUE></KEYBINDING></INSTANCENAME>'
SVC_OBJ='root%2Fhypervcluster%2Fv2%3AMsvm_CollectionReferencePointService.CreationClassName%3D%22Msvm_CollectionReferencePointService%22%2CName%3D%22vmms%22%2CSystemCreationClassName%3D%22Msvm_ComputerSystem%22%2CSystemName%3D%22HV-HOST%22'
cim_body "<IMETHODCALL NAME=\"GetInstance\">$NS<IPARAMVALUE NAME=\"InstanceName\"><INSTANCENAME CLASSNAME=\"Msvm_VirtualSystemCollection\"><KEYBINDING NAME=\"CollectionID\"><KEYVALUE>Collection-Ready</KEYVALUE></KEYBINDING></INSTANCENAME></IPARAMVALUE></IMETHODCALL>" >"$T/get"
for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16; do
    cim_body "<METHODCALL NAME=\"CreateReferencePoint\"><LOCALINSTANCEPATH>$NS$SVC</LOCALINSTANCEPATH><PARAMVALUE NAME=\"Collection\" PARAMTYPE=\"reference\"><VALUE.REFERENCE><INSTANCENAME CLASSNAME=\"Msvm_VirtualSystemCollection\"><KEYBINDING NAME=\"CollectionID\"><KEYVALUE>Bench-$i</KEYVALUE></KEYBINDING></INSTANCENAME></VALUE.REFERENCE></PARAMVALUE><PARAMVALUE NAME=\"ReferencePointType\" PARAMTYPE=\"uint16\"><VALUE>2</VALUE></PARAMVALUE></METHODCALL>"
done >"$T/create"

run() {   # LABEL METHOD OBJECT BODIES WANT
    WANT=$5 CYCLE=1 wrk_runs 3 "$2" "$3" "$4" -t2 -c16 -d"${DUR}s" --latency
    printf '%-34s %9.0f req/s   p50 %6s ms  p90 %6s ms  p99 %6s ms  (bad answers: %d)\n' "$1" \
        "$(median <"$T/rps")" "$(median <"$T/p50")" "$(median <"$T/p90")" "$(median <"$T/p99")" "$(cat "$T/bad")"
}

echo "hvclusterd over loopback: wrk -t2 -c16, median of 3 runs of ${DUR}s"
start --job-ms 0
run "GetInstance" GetInstance 'root%2Fhypervcluster%2Fv2' "$T/get" "<INSTANCE "
run "CreateReferencePoint (jobs, --job-ms 0)" CreateReferencePoint "$SVC_OBJ" "$T/create" "<VALUE>4096</VALUE>"
stop_server
start --sync
run "CreateReferencePoint (--sync, 0)" CreateReferencePoint "$SVC_OBJ" "$T/create" "<VALUE>0</VALUE>"
"$HVD" --check-state "$T/state" --fixture bench/bench_hvcluster.mof >/dev/null 2>&1 ||
    echo "bench_hvcluster: state check failed"
