#!/bin/sh
# make bench: mofserve --schema over the whole DMTF CIM 2.49 (unpacked at
# run time from ../shared, as in the corpus tests): the time from launch to
# the first answered GetClass (a deep class, LocalOnly=false), the server's
# CPU time until then (user + system, from /proc: what start-up costs on a
# loaded machine) and its peak RSS (VmHWM) after that answer. Medians of
# BENCH_RUNS runs, a fresh server each.
B=${B:-build}
RUNS=${BENCH_RUNS:-5}
ZIP="${SHARED:-../shared}/corpora/cim_schema_2.49.0Final-MOFs.zip"
[ -f "$ZIP" ] || { echo "bench_mofserve_start: $ZIP not found, skipped"; exit 0; }
T=$(mktemp -d /tmp/startbench.XXXXXX)
SPID=
trap 'kill $SPID 2>/dev/null; wait $SPID 2>/dev/null; rm -rf "$T"' EXIT INT TERM
(cd "$T" && unzip -q "$(cd "$(dirname "$ZIP")" && pwd)/$(basename "$ZIP")")
MOFSERVE=$(pwd)/$B/mofserve
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
now() { date +%s.%N; }

printf '<?xml version="1.0" encoding="utf-8"?><CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="1" PROTOCOLVERSION="1.0"><SIMPLEREQ><IMETHODCALL NAME="GetClass"><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="cimv2"/></LOCALNAMESPACEPATH><IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="CIM_ComputerSystem"/></IPARAMVALUE><IPARAMVALUE NAME="LocalOnly"><VALUE>FALSE</VALUE></IPARAMVALUE></IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>' >"$T/gc.xml"

: >"$T/wall"; : >"$T/cpu"; : >"$T/rss"
bad=0
r=0
while [ $r -lt "$RUNS" ]; do
    t0=$(now)
    (cd "$T" && exec "$MOFSERVE" --listen 127.0.0.1:0 --schema cim_schema_2.49.0.mof) >"$T/log" 2>&1 &
    SPID=$!
    PORT=
    ok=
    while kill -0 $SPID 2>/dev/null; do
        [ -n "$PORT" ] || PORT=$(sed -n 's/^mofserve: listening on port \([0-9]*\).*/\1/p' "$T/log")
        if [ -n "$PORT" ] && curl -s -o "$T/out" -H 'Content-Type: application/xml; charset="utf-8"' \
            -H 'CIMOperation: MethodCall' -H 'CIMMethod: GetClass' -H 'CIMObject: root%2Fcimv2' \
            --data-binary "@$T/gc.xml" "http://127.0.0.1:$PORT/cimom"; then
            grep -q 'PROPERTY NAME="Name" PROPAGATED="true"' "$T/out" && ok=1
            break
        fi
        sleep 0.01
    done
    t1=$(now)
    [ -n "$ok" ] || { bad=$((bad + 1)); cat "$T/log"; }
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >>"$T/wall"
    awk -v hz="$(getconf CLK_TCK)" '{ printf "%.3f\n", ($14 + $15) / hz }' "/proc/$SPID/stat" >>"$T/cpu"
    awk '/^VmHWM:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$SPID/status" >>"$T/rss"
    kill $SPID; wait $SPID 2>/dev/null; SPID=
    r=$((r + 1))
done
echo "mofserve --schema CIM 2.49 (bench/bench_mofserve_start.sh), median of $RUNS runs, load $(cut -d' ' -f1 /proc/loadavg):"
printf '  %-44s %8.3f s wall  %8.3f s server CPU  peak RSS %7.1f MiB  (bad answers: %d)\n' \
    "start to first GetClass" "$(median <"$T/wall")" "$(median <"$T/cpu")" "$(median <"$T/rss")" "$bad"
