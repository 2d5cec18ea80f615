#!/bin/sh
# mofserve's threads meeting (tests/server/race_client.py): pull contexts
# opened, pulled, counted, closed at once (their producer running) or left
# to time out, classic enumerations and associators streamed while writers
# create and delete instances and associations, with the journal (--state)
# committing, under the default pool of threads and under a thread per
# connection; then the server terminated while enumerations and pull
# contexts are half-read. Every answer is whole, the store ends as the
# writers left it, the server stops within 20 s with status 0. Under
# `make tsan` this is where ThreadSanitizer sees the server's threads meet
# (finish() fails on any report in the server's log).
. "$(dirname "$0")/lib.sh"

awk 'BEGIN { for (i = 0; i < 300; i++) printf "instance of Demo_Thing { Id = \"t%03d\"; Label = \"old\"; };\n", i }' \
    >"$T/many.mof"
cat "$D/demo_instances.mof" >>"$T/many.mof"
WORKERS=3 ROUNDS=8
count_things() {
    intrinsic EnumerateInstanceNames "$(classname ClassName Demo_Thing)" | grep -o '<INSTANCENAME CLASSNAME=' | wc -l | tr -d ' '
}

for threads in default per-connection; do
    rm -rf "$T/st"
    opt=
    [ $threads = per-connection ] && opt="--threads per-connection"
    start "race-$threads" --schema "$D/demo.mof" --instances "$T/many.mof" --namespace $NS --state "$T/st" $opt || exit 1
    out=$(timeout 300 python3 "$D/race_client.py" "$PORT" load $WORKERS $ROUNDS 2>&1)
    expect "$threads: every answer whole" "$out" ""
    # 302 at the start; each writer leaves half of its things
    expect "$threads: the store as the writers left it" "$(count_things)" $((302 + WORKERS * ROUNDS / 2))
    links=$(intrinsic EnumerateInstanceNames "$(classname ClassName Demo_Contains)" | grep -o '<INSTANCENAME CLASSNAME="Demo_Contains"' | wc -l | tr -d ' ')
    expect "$threads: the links of the deleted things went with them" "$links" $((2 + WORKERS * ROUNDS / 2))

    # ---- terminated while enumerations and pulls are half-read ----
    timeout 120 python3 "$D/race_client.py" "$PORT" stop 6 >"$T/stop.out" 2>&1 &
    cpid=$!
    i=0
    while [ $i -lt 600 ] && ! grep -q ready "$T/stop.out"; do sleep 0.1; i=$((i + 1)); done
    expect "$threads: the half-read enumerations are open" "$(head -n 1 "$T/stop.out")" ready
    kill -TERM "$SPID"
    i=0
    while [ $i -lt 200 ] && kill -0 "$SPID" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
    if kill -0 "$SPID" 2>/dev/null; then
        fail "$threads: the server did not stop within 20 s of SIGTERM"
        kill -KILL "$SPID"
    fi
    wait "$SPID"
    expect "$threads: the server's exit status" "$?" 0
    kill "$cpid" 2>/dev/null
    wait "$cpid" 2>/dev/null
done
finish
