#!/bin/sh
# make bench: hvclusterd over loopback with wrk (bench/bench_hvcluster.lua):
# GetInstance, durable CreateReferencePoint inline (--sync: return 0, the
# change fsync'd before the answer) and with jobs (4096, plus the job's own
# durable completion; --job-ms 0: no simulated job duration). 16 connections on 2 wrk threads, 3 runs of DUR
# seconds each; prints the median requests/s and latency percentiles.
B=${B:-build}
DUR=${DUR:-3}
HVD=$B/examples/hvcluster/hvclusterd
command -v wrk >/dev/null 2>&1 || { echo "bench_hvcluster: wrk not installed, skipped"; exit 0; }
T=$(mktemp -d /tmp/hvbench.XXXXXX)
SPID=
trap 'kill $SPID 2>/dev/null; wait $SPID 2>/dev/null; rm -rf "$T"' EXIT INT TERM

start() {
    rm -f "$T"/state*
    MOFC=${MOFC:-$B/mofc} "$HVD" --listen 127.0.0.1:0 --state "$T/state" --fixture bench/bench_hvcluster.mof \
        --lock-timeout-ms 30000 "$@" >"$T/log" 2>&1 &
    SPID=$!
    i=0
    while [ $i -lt 200 ]; do
        PORT=$(sed -n 's/^hvclusterd: listening on port \([0-9]*\).*/\1/p' "$T/log" 2>/dev/null)
        [ -n "$PORT" ] && return 0
        sleep 0.05
        i=$((i + 1))
    done
    cat "$T/log"
    exit 1
}

# to_ms 512.00us|1.23ms|1.01s
to_ms() { awk -v v="$1" 'BEGIN { u = v; sub(/[0-9.]+/, "", u); x = v + 0;
    if (u == "us") x /= 1000; else if (u == "s") x *= 1000; printf "%.2f", x }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

run() {   # LABEL MODE WANT
    : >"$T/rps"; : >"$T/p50"; : >"$T/p90"; : >"$T/p99"; bad=0
    for r in 1 2 3; do
        MODE=$2 WANT=$3 wrk -t2 -c16 -d"${DUR}s" --latency -s bench/bench_hvcluster.lua \
            "http://127.0.0.1:$PORT/cimom" >"$T/out" 2>&1
        sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$T/out" >>"$T/rps"
        for q in 50 90 99; do
            to_ms "$(sed -n "s/^ *$q% *\([0-9.]*[um]*s\).*/\1/p" "$T/out")" >>"$T/p$q"; echo >>"$T/p$q"
        done
        b=$(sed -n 's/^unexpected responses: \([0-9]*\)/\1/p' "$T/out")
        bad=$((bad + ${b:-1}))
    done
    printf '%-34s %9.0f req/s   p50 %6s ms  p90 %6s ms  p99 %6s ms  (bad answers: %d)\n' "$1" \
        "$(median <"$T/rps")" "$(median <"$T/p50")" "$(median <"$T/p90")" "$(median <"$T/p99")" "$bad"
}

echo "hvclusterd over loopback: wrk -t2 -c16, median of 3 runs of ${DUR}s"
start --job-ms 0
run "GetInstance" getinstance "<INSTANCE "
run "CreateReferencePoint (jobs, --job-ms 0)" create "<VALUE>4096</VALUE>"
kill $SPID; wait $SPID 2>/dev/null
start --sync
run "CreateReferencePoint (--sync, 0)" create "<VALUE>0</VALUE>"
"$HVD" --check-state "$T/state" --fixture bench/bench_hvcluster.mof >/dev/null 2>&1 ||
    echo "bench_hvcluster: state check failed"
