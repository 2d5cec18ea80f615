#!/bin/sh
# make fuzz: runs each harness given as an argument for $FUZZ_SECONDS seconds
# on a working copy of its corpus ($FUZZ_B/work/<h>: the committed seeds are
# read-only inputs and never grow), and prints executions (in all and per
# second) and coverage from
# libFuzzer's final statistics. A crash, leak, time-out or out-of-memory is
# saved in $FUZZ_B/artifacts/<h>/ and fails the run: once fixed, copy the
# input into tests/fuzz/regressions/<h>/ so that make check replays it.
set -u
B=${FUZZ_B:-build-fuzz}
N=${FUZZ_SECONDS:-60}
SHARED=${SHARED:-../shared}
status=0
summary=""

# The MOF and fmt harnesses also start from the whole CIM 2.49 schema (not committed).
cim_seeds() {
    zip="$SHARED/corpora/cim_schema_2.49.0Final-MOFs.zip"
    dir="$B/seeds/cim"
    if [ ! -d "$dir" ] && [ -f "$zip" ]; then
        zipabs=$(realpath "$zip")
        mkdir -p "$dir.tmp" && (cd "$dir.tmp" && unzip -q -o "$zipabs") &&
            mkdir -p "$dir" && find "$dir.tmp" -name '*.mof' -size -64k -exec mv {} "$dir/" \; ;
        rm -rf "$dir.tmp"
    fi
    [ -d "$dir" ] && echo "$dir"
}

for h in "$@"; do
    bin="$B/fuzz/fuzz_$h"
    work="$B/work/$h"
    art="$B/artifacts/$h"
    log="$B/logs/$h.log"
    mkdir -p "$work" "$art" "$B/logs"
    seeds="tests/fuzz/corpus/$h"
    [ -d "tests/fuzz/regressions/$h" ] && seeds="$seeds tests/fuzz/regressions/$h"
    maxlen=16384
    if [ "$h" = mof ] || [ "$h" = fmt ]; then
        extra=$(cim_seeds) && seeds="$seeds $extra"
        maxlen=65536
    fi
    dict=""
    [ -f "tests/fuzz/$h.dict" ] && dict="-dict=tests/fuzz/$h.dict"
    echo "== fuzz $h for ${N}s (log: $log)"
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$N" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
        -max_len=$maxlen -artifact_prefix="$art/" $dict "$work" $seeds >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    last=$(grep -E '^#[0-9]+' "$log" | grep 'cov:' | tail -n 1)
    cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$last" | sed -n 's/.*corp: \([0-9]*\).*/\1/p')
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    line="fuzz $h: ${execs:-?} executions in ${N}s (${rate:-?}/s), cov: ${cov:-?} edges, ft: ${ft:-?}, corpus: ${corp:-?} inputs"
    if [ $rc -ne 0 ]; then
        status=1
        line="$line, FAILED (exit $rc): $(ls "$art" | tr '\n' ' ')"
        grep -E 'ERROR: |SUMMARY: |invariant broken' "$log" | head -n 5
    fi
    echo "$line"
    summary="$summary$line
"
done
echo "== fuzz summary"
printf '%s' "$summary"
exit $status
