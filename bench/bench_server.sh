#!/bin/sh
# make bench: mofserve over loopback, with wrk (bench/bench_server.lua)
# against a provider module of made-up instances (bench/bench_server_provider.c).
#  - GetInstance/s on keep-alive connections (wrk -t2 -c8), against the
#    baseline GetClass of the same class (the same request and answer path,
#    metadata only, no provider call): the ratio is what the provider path
#    costs, whatever the machine's speed or load. The server's CPU time per
#    request (user + system, from /proc) is printed too: wall rates on a
#    loaded 2-CPU machine are shared with wrk and everything else.
#  - EnumerateInstanceNames of a class without instances: what an
#    enumeration costs before its first instance.
#  - EnumerateInstances of 10,000 and 100,000 instances (curl, one request at a time):
#    instances/s, and the server's peak RSS (VmHWM) after each, a fresh
#    server per size: the answer streams, so the peak must not grow with
#    the count.
#  - AssociatorNames of one source with 10,000 and 40,000 results (the
#    default from the association's enumeration): results/s, whose ratio
#    shows the cost per result stays flat (each result is checked against
#    those already sent).
# Medians of BENCH_RUNS runs (of DUR seconds each for wrk).
B=${B:-build}
DUR=${DUR:-3}
RUNS=${BENCH_RUNS:-3}
MOD=$B/bench/bench_server.so
command -v wrk >/dev/null 2>&1 || { echo "bench_server: wrk not installed, skipped"; exit 0; }
T=$(mktemp -d /tmp/srvbench.XXXXXX)
SPID=
trap 'kill $SPID 2>/dev/null; wait $SPID 2>/dev/null; rm -rf "$T"' EXIT INT TERM

start() {   # ITEMS
    BENCH_ITEMS=$1 "$B/mofserve" --listen 127.0.0.1:0 --schema bench/bench_server.mof --provider "$MOD" \
        >"$T/log" 2>&1 &
    SPID=$!
    i=0
    while [ $i -lt 200 ]; do
        PORT=$(sed -n 's/^mofserve: listening on port \([0-9]*\).*/\1/p' "$T/log" 2>/dev/null)
        [ -n "$PORT" ] && return 0
        sleep 0.05
        i=$((i + 1))
    done
    cat "$T/log"
    exit 1
}
stop() { kill $SPID; wait $SPID 2>/dev/null; SPID=; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
hwm_mib() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$SPID/status"; }

# wrk_rps MODE THREADS CONNECTIONS [SECONDS]: median requests/s over RUNS runs (and
# the count of bad answers in $T/bad)
wrk_rps() {
    : >"$T/rps"; bad=0
    r=0
    while [ $r -lt "$RUNS" ]; do
        MODE=$1 wrk -t"$2" -c"$3" -d"${4:-$DUR}s" --timeout 60s -s bench/bench_server.lua "http://127.0.0.1:$PORT/cimom" >"$T/out" 2>&1
        sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$T/out" >>"$T/rps"
        b=$(sed -n 's/^unexpected responses: \([0-9]*\)/\1/p' "$T/out")
        bad=$((bad + ${b:-1}))
        r=$((r + 1))
    done
    echo "$bad" >"$T/bad"
    median <"$T/rps"
}

echo "mofserve over loopback (bench/bench_server.sh): wrk, median of $RUNS runs of ${DUR}s, $(nproc) CPUs"
# cpu_ticks: user + system clock ticks of the server so far
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SPID/stat"; }
# measure LABEL MODE: one line with req/s, server CPU per request and the bad answers
measure() {
    c0=$(cpu_ticks)
    rps=$(wrk_rps "$2" 2 8)
    c1=$(cpu_ticks)
    us=$(awk -v c="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" -v r="$rps" -v d="$DUR" -v n="$RUNS" \
        'BEGIN { print (r > 0 ? c / hz * 1e6 / (r * d * n) : 0) }')
    printf '  %-44s %9.0f req/s  server CPU %6.1f us/request  (bad answers: %d)' "$1" "$rps" "$us" "$(cat "$T/bad")"
    eval "rps_$2=\$rps"
}
start 1000
measure "baseline: GetClass Bench_Item" getclass; echo
measure "GetInstance, keep-alive, 2 threads x 4" getinstance
printf '  %.2f x baseline  [target >= 50000 req/s]\n' "$(awk -v a="$rps_getinstance" -v b="$rps_getclass" 'BEGIN { print (b > 0 ? a / b : 0) }')"
measure "EnumerateInstanceNames, 0 instances" floor; echo
stop

# post_runs METHOD BODY MARKER N: RUNS requests with curl, their times in
# $T/times; the answers that do not hold N MARKER elements counted in $T/bad.
post_runs() {
    : >"$T/times"; pbad=0
    r=0
    while [ $r -lt "$RUNS" ]; do
        curl -s -o "$T/post.out" -w '%{time_total}\n' -H 'Content-Type: application/xml; charset="utf-8"' \
            -H 'CIMOperation: MethodCall' -H "CIMMethod: $1" -H 'CIMObject: root%2Fcimv2' \
            --data-binary "@$2" "http://127.0.0.1:$PORT/cimom" >>"$T/times"
        [ "$(grep -o "<$3>" "$T/post.out" | wc -l)" -eq "$4" ] || pbad=$((pbad + 1))
        r=$((r + 1))
    done
    echo "$pbad" >"$T/bad"
}
# EnumerateInstances with curl (wrk's Lua response hook would buffer each
# 50 MB answer in Lua strings): the median time of RUNS requests.
envelope() { printf '<?xml version="1.0" encoding="utf-8"?><CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="1" PROTOCOLVERSION="1.0"><SIMPLEREQ><IMETHODCALL NAME="%s"><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="cimv2"/></LOCALNAMESPACEPATH><IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="Bench_Item"/></IPARAMVALUE></IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>' "$1"; }
envelope EnumerateInstances >"$T/ei.xml"
for n in 10000 100000; do
    start $n
    c0=$(cpu_ticks)
    post_runs EnumerateInstances "$T/ei.xml" VALUE.NAMEDINSTANCE $n
    rate=$(awk -v n=$n -v t="$(median <"$T/times")" 'BEGIN { printf "%.0f", (t > 0 ? n / t : 0) }')
    hwm=$(hwm_mib)
    us=$(awk -v c="$(($(cpu_ticks) - c0))" -v hz="$(getconf CLK_TCK)" -v n=$n -v r="$RUNS" 'BEGIN { print c / hz * 1e6 / (n * r) }')
    stop
    printf '  %-44s %9.0f instances/s  server CPU %5.2f us/instance  peak RSS %6s MiB  (bad answers: %d)\n' \
        "EnumerateInstances of $n" "$rate" "$us" "$hwm" "$(cat "$T/bad")"
    if [ $n = 10000 ]; then rate_10000=$rate hwm_10000=$hwm; else rate_100000=$rate hwm_100000=$hwm; fi
done
printf '  %-44s %9.2f (instances/s at 100000 / at 10000: 1 = linear)  [target >= 200000 instances/s]\n' \
    "enumeration rate ratio" "$(awk -v a="$rate_100000" -v b="$rate_10000" 'BEGIN { print (b > 0 ? a / b : 0) }')"
printf '  %-44s %9.2f (peak RSS at 100000 / at 10000: 1 = flat)\n' \
    "server peak RSS ratio" "$(awk -v a="$hwm_100000" -v b="$hwm_10000" 'BEGIN { print (b > 0 ? a / b : 0) }')"

# AssociatorNames of hub 0: N results, computed from Bench_Link's enumeration.
printf '<?xml version="1.0" encoding="utf-8"?><CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="1" PROTOCOLVERSION="1.0"><SIMPLEREQ><IMETHODCALL NAME="AssociatorNames"><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="cimv2"/></LOCALNAMESPACEPATH><IPARAMVALUE NAME="ObjectName"><INSTANCENAME CLASSNAME="Bench_Hub"><KEYBINDING NAME="Id"><KEYVALUE VALUETYPE="numeric">0</KEYVALUE></KEYBINDING></INSTANCENAME></IPARAMVALUE></IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>' >"$T/an.xml"
for n in 10000 40000; do
    start $n
    post_runs AssociatorNames "$T/an.xml" OBJECTPATH $n
    stop
    rate=$(awk -v n=$n -v t="$(median <"$T/times")" 'BEGIN { printf "%.0f", (t > 0 ? n / t : 0) }')
    printf '  %-44s %9.0f results/s  (bad answers: %d)\n' "AssociatorNames with $n results" "$rate" "$(cat "$T/bad")"
    if [ $n = 10000 ]; then arate_small=$rate; else arate_big=$rate; fi
done
printf '  %-44s %9.2f (results/s at 40000 / at 10000: 1 = linear)\n' \
    "associator rate ratio" "$(awk -v a="$arate_big" -v b="$arate_small" 'BEGIN { print (b > 0 ? a / b : 0) }')"
