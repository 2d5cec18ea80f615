#!/bin/sh
# The main job, end to end: check the bundled Hyper-V cluster schema, start
# hvclusterd on the bundled fixture (a fresh state file, a free loopback
# port), call CreateReferencePoint with sblim wbemcli, read the job back,
# and stop the server. Run by `make demo`.
set -e
B=${B:-build}
MOFC=$B/mofc
HVD=$B/examples/hvcluster/hvclusterd
T=$(mktemp -d /tmp/hvdemo.XXXXXX)
SPID=
cleanup() { [ -n "$SPID" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT INT TERM

echo "\$ mofc check schemas/WindowsHyperVCluster.V2.mof"
"$MOFC" check schemas/WindowsHyperVCluster.V2.mof && echo "(no errors)"

"$HVD" --listen 127.0.0.1:0 --state "$T/hv.state" >"$T/server.log" 2>&1 &
SPID=$!
i=0
while [ $i -lt 100 ]; do
    PORT=$(sed -n 's/^hvclusterd: listening on port \([0-9]*\).*/\1/p' "$T/server.log")
    [ -n "$PORT" ] && break
    sleep 0.05; i=$((i + 1))
done
[ -n "$PORT" ] || { cat "$T/server.log"; exit 1; }
echo
echo "hvclusterd is serving root/HyperVCluster/v2 on 127.0.0.1:$PORT (state in $T/hv.state)"
SVC="Msvm_CollectionReferencePointService.CreationClassName=\"Msvm_CollectionReferencePointService\",Name=\"vmms\",SystemCreationClassName=\"Msvm_ComputerSystem\",SystemName=\"HV-HOST\""
CALL='CreateReferencePoint.Collection=Msvm_VirtualSystemCollection.CollectionID="Collection-Ready",ReferencePointType=2'
echo
echo "\$ wbemcli cm -nl 'http://localhost:$PORT/root/hypervcluster/v2:$SVC' '$CALL'"
wbemcli cm -nl "http://localhost:$PORT/root/hypervcluster/v2:$SVC" "$CALL" | tee "$T/answer"
JOB=$(sed -n 's/^Job (reference): //p' "$T/answer")
if [ -n "$JOB" ]; then
    sleep 0.2   # the simulated job takes about 20 ms
    echo
    echo "\$ wbemcli gi -nl 'http://localhost:$PORT/$JOB'"
    wbemcli gi -nl "http://localhost:$PORT/$JOB" | grep -E 'JobState|JobType|InstanceID' || true
fi
