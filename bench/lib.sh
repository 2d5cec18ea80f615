# Shared by the server benchmarks (bench/bench_server.sh, bench/bench_hvcluster.sh),
# sourced: a server started on a free loopback port, wrk runs through
# bench/bench_wrk.lua, medians. The caller sets T (its temporary folder).
SPID=
PORT=

# start_server NAME CMD...: runs CMD (which prints "NAME: listening on port N")
# in the background, its output in $T/log; waits for the port (20 s at most).
start_server() {
    name=$1
    shift
    "$@" >"$T/log" 2>&1 &
    SPID=$!
    i=0
    while [ $i -lt 400 ]; do
        PORT=$(sed -n "s/^$name: listening on port \([0-9]*\).*/\1/p" "$T/log" 2>/dev/null)
        [ -n "$PORT" ] && return 0
        sleep 0.05
        i=$((i + 1))
    done
    cat "$T/log"
    exit 1
}
stop_server() { kill $SPID; wait $SPID 2>/dev/null; SPID=; }

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# cpu_ticks [PID]: user + system clock ticks of the server (or PID) so far
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/${1:-$SPID}/stat"; }

# cim_body CALL: a whole CIM-XML request of one SIMPLEREQ (CALL: an IMETHODCALL
# or METHODCALL element), on one line
cim_body() {
    printf '<?xml version="1.0" encoding="utf-8"?><CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="1" PROTOCOLVERSION="1.0"><SIMPLEREQ>%s</SIMPLEREQ></MESSAGE></CIM>\n' "$1"
}

# cim_post METHOD OBJECT BODYFILE OUT: one request with curl (the first line of
# BODYFILE), the answer in OUT; prints the HTTP status
cim_post() {
    head -n 1 "$3" | tr -d '\n' >"$T/post.body"
    curl -s -o "$4" -w '%{http_code}' -H 'Content-Type: application/xml; charset="utf-8"' \
        -H 'CIMOperation: MethodCall' -H "CIMMethod: $1" -H "CIMObject: $2" \
        --data-binary "@$T/post.body" "http://127.0.0.1:$PORT/cimom"
}

# wrk_runs RUNS METHOD OBJECT BODYFILE WRK-OPTIONS...: RUNS runs of wrk with
# bench/bench_wrk.lua (CYCLE and WANT from the environment). Leaves one line a
# run in $T/rps (requests/s), $T/p50, $T/p90, $T/p99 (ms, with --latency),
# $T/wrkcpu (wrk's own CPU, microseconds per request) and in $T/bad the count
# of bad answers over all runs (non-2xx, socket errors, WANT missing).
wrk_runs() {
    runs=$1 method=$2 object=$3 bodies=$4
    shift 4
    : >"$T/rps"; : >"$T/p50"; : >"$T/p90"; : >"$T/p99"; : >"$T/wrkcpu"
    bad=0 r=0
    while [ $r -lt "$runs" ]; do
        child_cpu
        w0=$CPU
        CIM_METHOD=$method CIM_OBJECT=$object BODIES=$bodies \
            wrk "$@" -s bench/bench_wrk.lua "http://127.0.0.1:$PORT/cimom" >"$T/out" 2>&1
        child_cpu
        w1=$CPU
        sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$T/out" >>"$T/rps"
        for q in 50 90 99; do
            to_ms "$(sed -n "s/^ *$q% *\([0-9.]*[um]*s\).*/\1/p" "$T/out")" >>"$T/p$q"
            echo >>"$T/p$q"
        done
        total=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$T/out")
        awk -v c="$w0 $w1" -v n="${total:-0}" \
            'BEGIN { split(c, a, " "); print (n > 0 ? (a[2] - a[1]) * 1e6 / n : 0) }' >>"$T/wrkcpu"
        # a run that printed no count (wrk failed) counts as bad
        [ -n "$total" ] || bad=$((bad + 1))
        b=$(sed -n 's/^unexpected responses: \([0-9]*\)/\1/p' "$T/out")
        n2=$(sed -n 's/^ *Non-2xx or 3xx responses: \([0-9]*\)/\1/p' "$T/out")
        se=$(sed -n 's/^ *Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\)/\1 \2 \3 \4/p' "$T/out")
        bad=$((bad + ${b:-0} + ${n2:-0} + $(echo "${se:-0}" | awk '{ print $1 + $2 + $3 + $4 }')))
        r=$((r + 1))
    done
    echo "$bad" >"$T/bad"
}

# child_cpu: CPU = the seconds of CPU (user + system) the shell's ended
# children have used so far (the builtin times, run in this shell itself:
# not in a pipe or $(...), whose subshell has its own count)
child_cpu() {
    times >"$T/times"
    CPU=$(awk 'NR == 2 { n = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); n += a[1] * 60 + a[2] } print n }' "$T/times")
}

# to_ms 512.00us|1.23ms|1.01s
to_ms() { awk -v v="$1" 'BEGIN { u = v; sub(/[0-9.]+/, "", u); x = v + 0;
    if (u == "us") x /= 1000; else if (u == "s") x *= 1000; printf "%.2f", x }'; }
