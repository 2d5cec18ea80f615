#!/bin/sh
# make bench: mofserve over loopback, with wrk (bench/bench_wrk.lua, shared
# helpers in bench/lib.sh) against a provider module of made-up instances
# (bench/bench_server_provider.c).
#  - GetInstance/s on keep-alive connections (wrk -t2 -c8), with mofserve's
#    default threads (a pool of epoll threads, one per CPU, at least 4:
#    the target applies to it) and with --threads per-connection, against the
#    baseline GetClass of the same class (the same request and answer path,
#    metadata only, no provider call): the ratio is what the provider path
#    costs, whatever the machine's speed or load. wrk sends each thread's
#    request as it is (no Lua per request: the client shares the 2 CPUs);
#    one answer of each is checked with curl before the runs, and wrk's
#    non-2xx answers and socket errors are counted ("bad answers", must be
#    0). The server's CPU time per request (user + system, from /proc) and
#    wrk's are printed too: wall rates on a loaded 2-CPU machine are shared
#    with wrk and everything else.
#  - EnumerateInstanceNames of a class without instances: what an
#    enumeration costs before its first instance.
#  - EnumerateInstances of 10,000 and 100,000 instances (curl, one request at a time):
#    instances/s, and the server's peak RSS (VmHWM) after each, a fresh
#    server per size: the answer streams, so the peak must not grow with
#    the count.
#  - AssociatorNames of one source with 10,000 and 40,000 results (the
#    default from the association's enumeration): results/s, whose ratio
#    shows the cost per result stays flat (each result is checked against
#    those already sent), and the server's peak RSS (the set of the paths
#    sent grows with the results).
#  - With valgrind installed: instructions per request (callgrind, the
#    server only, 500 requests on one connection), which do not depend on
#    the load.
# Medians of BENCH_RUNS runs (of DUR seconds each for wrk).
B=${B:-build}
DUR=${DUR:-3}
RUNS=${BENCH_RUNS:-3}
MOD=$B/bench/bench_server.so
command -v wrk >/dev/null 2>&1 || { echo "bench_server: wrk not installed, skipped"; exit 0; }
T=$(mktemp -d /tmp/srvbench.XXXXXX)
. bench/lib.sh
trap 'kill $SPID 2>/dev/null; wait $SPID 2>/dev/null; rm -rf "$T"' EXIT INT TERM

start() {   # ITEMS [WRAPPER...]: mofserve with $THREADS (none: the default)
    n=$1
    shift
    # shellcheck disable=SC2086
    start_server mofserve env BENCH_ITEMS="$n" "$@" "$B/mofserve" --listen 127.0.0.1:0 \
        --schema bench/bench_server.mof --provider "$MOD" $THREADS
}
THREADS=
hwm_mib() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$SPID/status"; }

NS='<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="cimv2"/></LOCALNAMESPACEPATH>'
OBJ='root%2Fcimv2'
# call METHOD PARAMS: the body of the intrinsic call METHOD on root/cimv2
call() { cim_body "<IMETHODCALL NAME=\"$1\">$NS$2</IMETHODCALL>"; }
classname() { printf '<IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="%s"/></IPARAMVALUE>' "$1"; }
call GetClass "$(classname Bench_Item)" >"$T/getclass"
i=0
while [ $i -lt 1000 ]; do   # one line an Id (wrk thread k sends line k)
    call GetInstance "<IPARAMVALUE NAME=\"InstanceName\"><INSTANCENAME CLASSNAME=\"Bench_Item\"><KEYBINDING NAME=\"Id\"><KEYVALUE VALUETYPE=\"numeric\">$i</KEYVALUE></KEYBINDING></INSTANCENAME></IPARAMVALUE>"
    i=$((i + 1))
done >"$T/getinstance"
call EnumerateInstanceNames "$(classname Bench_Empty)" >"$T/floor"
call EnumerateInstances "$(classname Bench_Item)" >"$T/ei"
call AssociatorNames '<IPARAMVALUE NAME="ObjectName"><INSTANCENAME CLASSNAME="Bench_Hub"><KEYBINDING NAME="Id"><KEYVALUE VALUETYPE="numeric">0</KEYVALUE></KEYBINDING></INSTANCENAME></IPARAMVALUE>' >"$T/an"

# check METHOD BODYFILE WANT: one answer, before the timed runs: 200 with WANT
# and no ERROR (wrk itself does not read the answers)
check() {
    st=$(cim_post "$1" "$OBJ" "$2" "$T/answer")
    if [ "$st" != 200 ] || ! grep -q "$3" "$T/answer" || grep -q '<ERROR' "$T/answer"; then
        echo "bench_server: $1: unexpected answer (HTTP $st):"
        head -c 600 "$T/answer"
        echo
        exit 1
    fi
}

echo "mofserve over loopback (bench/bench_server.sh): wrk, median of $RUNS runs of ${DUR}s, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
# measure LABEL MODE METHOD WANT: one line with req/s, server and wrk CPU per request, bad answers
measure() {
    check "$3" "$T/$2" "$4"
    c0=$(cpu_ticks)
    wrk_runs "$RUNS" "$3" "$OBJ" "$T/$2" -t2 -c8 -d"${DUR}s" --timeout 60s
    c1=$(cpu_ticks)
    rps=$(median <"$T/rps")
    us=$(awk -v c="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" -v r="$rps" -v d="$DUR" -v n="$RUNS" \
        'BEGIN { print (r > 0 ? c / hz * 1e6 / (r * d * n) : 0) }')
    printf '  %-40s %7.0f req/s  CPU us/request: server %5.1f, wrk %4.1f  (bad answers: %d)' "$1" "$rps" "$us" \
        "$(median <"$T/wrkcpu")" "$(cat "$T/bad")"
    eval "rps_$2=\$rps"
}
# the default threads first (the target is for them), then a thread per connection
for THREADS in "" "--threads per-connection"; do
    echo " mofserve ${THREADS:-with its default threads}, wrk -t2 -c8 (keep-alive):"
    start 1000
    measure "baseline: GetClass Bench_Item" getclass GetClass '<CLASS '; echo
    measure "GetInstance" getinstance GetInstance '<INSTANCE '
    target=
    [ -z "$THREADS" ] && target='  [target >= 50000 req/s, default settings]'
    printf '  %.2f x baseline%s\n' "$(awk -v a="$rps_getinstance" -v b="$rps_getclass" 'BEGIN { print (b > 0 ? a / b : 0) }')" "$target"
    measure "EnumerateInstanceNames, 0 instances" floor EnumerateInstanceNames '<IRETURNVALUE'; echo
    stop_server
done
THREADS=

# post_runs METHOD BODYFILE MARKER N: RUNS requests with curl, their times in
# $T/times; the answers that do not hold N MARKER elements counted in $T/bad.
post_runs() {
    : >"$T/times"; pbad=0
    r=0
    while [ $r -lt "$RUNS" ]; do
        curl -s -o "$T/post.out" -w '%{time_total}\n' -H 'Content-Type: application/xml; charset="utf-8"' \
            -H 'CIMOperation: MethodCall' -H "CIMMethod: $1" -H "CIMObject: $OBJ" \
            --data-binary "@$2" "http://127.0.0.1:$PORT/cimom" >>"$T/times"
        [ "$(grep -o "<$3>" "$T/post.out" | wc -l)" -eq "$4" ] || pbad=$((pbad + 1))
        r=$((r + 1))
    done
    echo "$pbad" >"$T/bad"
}
# EnumerateInstances with curl (one 50 MB answer at a time): the median time of RUNS requests.
for n in 10000 100000; do
    start $n
    c0=$(cpu_ticks)
    post_runs EnumerateInstances "$T/ei" VALUE.NAMEDINSTANCE $n
    rate=$(awk -v n=$n -v t="$(median <"$T/times")" 'BEGIN { printf "%.0f", (t > 0 ? n / t : 0) }')
    hwm=$(hwm_mib)
    us=$(awk -v c="$(($(cpu_ticks) - c0))" -v hz="$(getconf CLK_TCK)" -v n=$n -v r="$RUNS" 'BEGIN { print c / hz * 1e6 / (n * r) }')
    stop_server
    printf '  %-40s %7.0f instances/s  server CPU %5.2f us/instance  peak RSS %6s MiB  (bad answers: %d)\n' \
        "EnumerateInstances of $n" "$rate" "$us" "$hwm" "$(cat "$T/bad")"
    if [ $n = 10000 ]; then rate_10000=$rate hwm_10000=$hwm; else rate_100000=$rate hwm_100000=$hwm; fi
done
printf '  %-40s %7.2f (instances/s at 100000 / at 10000: 1 = linear)  [target >= 200000 instances/s]\n' \
    "enumeration rate ratio" "$(awk -v a="$rate_100000" -v b="$rate_10000" 'BEGIN { print (b > 0 ? a / b : 0) }')"
printf '  %-40s %7.2f (peak RSS at 100000 / at 10000: 1 = flat)\n' \
    "server peak RSS ratio" "$(awk -v a="$hwm_100000" -v b="$hwm_10000" 'BEGIN { print (b > 0 ? a / b : 0) }')"

# AssociatorNames of hub 0: N results, computed from Bench_Link's enumeration.
for n in 10000 40000; do
    start $n
    post_runs AssociatorNames "$T/an" OBJECTPATH $n
    hwm=$(hwm_mib)
    stop_server
    rate=$(awk -v n=$n -v t="$(median <"$T/times")" 'BEGIN { printf "%.0f", (t > 0 ? n / t : 0) }')
    printf '  %-40s %7.0f results/s  peak RSS %6s MiB  (bad answers: %d)\n' "AssociatorNames with $n results" "$rate" \
        "$hwm" "$(cat "$T/bad")"
    if [ $n = 10000 ]; then arate_small=$rate; else arate_big=$rate; fi
done
printf '  %-40s %7.2f (results/s at 40000 / at 10000: 1 = linear)\n' \
    "associator rate ratio" "$(awk -v a="$arate_big" -v b="$arate_small" 'BEGIN { print (b > 0 ? a / b : 0) }')"

# Instructions per request: the server under callgrind, N requests of a kind
# on one keep-alive connection (curl with a config of N URLs), at N = 100
# and 600: the difference over 500 leaves out start-up and connection set-up.
command -v valgrind >/dev/null 2>&1 || { echo "  (valgrind not installed: no instruction counts)"; exit 0; }
# ir MODE METHOD N: the server's instructions for N requests of MODE
ir() {
    start 1000 valgrind --tool=callgrind --callgrind-out-file="$T/cg.out"
    i=0
    while [ $i -lt "$3" ]; do
        printf 'url = "http://127.0.0.1:%s/cimom"\noutput = "/dev/null"\n' "$PORT"
        i=$((i + 1))
    done >"$T/curl.cfg"
    head -n 1 "$T/$1" | tr -d '\n' >"$T/one"
    curl -s -K "$T/curl.cfg" -H 'Content-Type: application/xml; charset="utf-8"' -H 'CIMOperation: MethodCall' \
        -H "CIMMethod: $2" -H "CIMObject: $OBJ" --data-binary "@$T/one"
    stop_server
    sed -n 's/^summary: *\([0-9]*\)/\1/p' "$T/cg.out"
}
for m in "getclass GetClass" "getinstance GetInstance" "floor EnumerateInstanceNames"; do
    set -- $m
    a=$(ir "$1" "$2" 100)
    b=$(ir "$1" "$2" 600)
    printf '  %-40s %7.0f instructions/request (callgrind, server)\n' "$2" "$(awk -v a="$a" -v b="$b" 'BEGIN { print (b - a) / 500 }')"
done
