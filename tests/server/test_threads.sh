#!/bin/sh
# A provider call that waits (a slow device; the demo module built with
# -DDEMO_SLOW_MS, its calls held until the test opens a gate) under mofserve's threading
# (docs/server.md, "Threads"): with the default pool (one thread per CPU,
# at least 4) other clients are served while up to 3 such calls wait;
# with --threads 1 a client waits for the call its thread is in (the
# limit the docs give); with --threads per-connection none waits. And a
# write that waits for the store's lock, held by an enumeration whose
# answer the same thread streams to a slow reader, does not hang the
# server: the enumeration's queue grows while its thread is in the write.
. "$(dirname "$0")/lib.sh"

build_module "$T/slow.so" -DDEMO_SLOW_MS=3000 || { fail "the module does not build"; finish; exit 1; }
# The slow calls wait in the provider until $GATE exists (each appends a
# line to $GATE.in as it enters): what is checked does not depend on how
# fast a loaded machine runs the clients.
GATE=$T/gate
export DEMO_GATE="$GATE"
M2='<LOCALINSTANCEPATH><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="demo"/></LOCALNAMESPACEPATH><INSTANCENAME CLASSNAME="Demo_Box"><KEYBINDING NAME="Name"><KEYVALUE VALUETYPE="string">m2</KEYVALUE></KEYBINDING></INSTANCENAME></LOCALINSTANCEPATH>'

# slow_calls N: N calls that wait in the provider (GetInstance of m2, and
# with N > 1 a method of m2 too), each on its own connection, in the
# background (their pids in SLOW_PIDS); returns once all N are in it.
# Each starts once the one before is in the provider: connections that
# arrive at the same moment may be accepted by one thread together
# (libmicrohttpd's epoll threads accept up to ten at a wake-up), and then
# the second waits behind the first (docs/server.md, "Threads").
slow_calls() {
    n=$1 i=0 SLOW_PIDS=
    rm -f "$GATE" "$GATE.in"
    while [ $i -lt "$n" ]; do
        in_provider $i
        if [ $i = 1 ]; then
            REQ=$T/slow$i.xml method 'root%2Fdemo%3ADemo_Box.Name%3D%22m2%22' "$M2" Resize \
                '<PARAMVALUE NAME="NewSize" PARAMTYPE="uint32"><VALUE>7</VALUE></PARAMVALUE>' >"$T/slow$i.out" &
        else
            REQ=$T/slow$i.xml intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Box Name m2)</IPARAMVALUE>" >"$T/slow$i.out" &
        fi
        SLOW_PIDS="$SLOW_PIDS $!"
        i=$((i + 1))
    done
    in_provider "$n"
}
# in_provider N: waits (at most 30 s) until N calls are in the provider.
in_provider() {
    k=0
    while [ $k -lt 600 ] && [ "$(cat "$GATE.in" 2>/dev/null | wc -l)" -lt "$1" ]; do sleep 0.05; k=$((k + 1)); done
}
# slow_answers LABEL N: opens the gate, checks the N slow calls' answers.
slow_answers() {
    touch "$GATE"
    wait $SLOW_PIDS
    i=0
    while [ $i -lt "$2" ]; do
        if [ $i = 1 ]; then
            expect_match "$1: the slow method answered" "$(cat "$T/slow$i.out")" '<RETURNVALUE PARAMTYPE="uint32"><VALUE>0<'
        else
            expect_match "$1: slow GetInstance $i answered" "$(cat "$T/slow$i.out")" '<VALUE>m2</VALUE>'
        fi
        i=$((i + 1))
    done
}
# while_waiting N LABEL: N slow calls in the provider; meanwhile a
# GetClass and a GetInstance of m1 on new connections are answered, and
# the slow calls are all still waiting (their gate is shut).
while_waiting() {
    slow_calls "$1"
    expect "$2: the slow calls are in the provider" "$(cat "$GATE.in" 2>/dev/null | wc -l | tr -d ' ')" "$1"
    c=$(intrinsic GetClass "$(classname ClassName Demo_Box)")
    g=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Box Name m1)</IPARAMVALUE>")
    expect_match "$2: GetClass answered" "$c" '<CLASS NAME="Demo_Box"'
    expect_match "$2: GetInstance of m1 answered" "$g" '<VALUE>m1</VALUE>'
    still=0
    for p in $SLOW_PIDS; do kill -0 "$p" 2>/dev/null && still=$((still + 1)); done
    expect "$2: the slow calls still wait" "$still" "$1"
    slow_answers "$2" "$1"
}

start dflt --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --namespace $NS --provider "$T/slow.so" || exit 1
while_waiting 3 "default threads, 3 calls waiting"
stop "$SPID"

# --threads 1: a GetClass waits for the call its one thread is in; it is
# answered once that call ends (not before: 1 s with the gate shut)
start one --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --namespace $NS --provider "$T/slow.so" \
    --threads 1 || exit 1
slow_calls 1
REQ=$T/gc.xml intrinsic GetClass "$(classname ClassName Demo_Box)" >"$T/gc.out" &
gc=$!
sleep 1
kill -0 "$gc" 2>/dev/null && ok || fail "--threads 1: GetClass did not wait for the call of its thread"
slow_answers "--threads 1" 1
wait "$gc"
expect_match "--threads 1: GetClass answered after the slow call" "$(cat "$T/gc.out")" '<CLASS NAME="Demo_Box"'
stop "$SPID"

start conn --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --namespace $NS --provider "$T/slow.so" \
    --threads per-connection || exit 1
while_waiting 3 "--threads per-connection"
stop "$SPID"
unset DEMO_GATE

# ---- a write while the same thread streams an enumeration of the store -----------------
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "instance of Sto_Other { Id = \"other-%06d-%s\"; };\n", i, "padding-padding-padding-padding-padding" }' \
    >"$T/many.mof"
NS=root/sto
NS_XML='<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="sto"/></LOCALNAMESPACEPATH>'
start lock --schema "$D/store.mof" --instances "$T/many.mof" --namespace $NS --threads 1 || exit 1
envelope "<IMETHODCALL NAME=\"EnumerateInstances\">$NS_XML$(classname ClassName Sto_Other)</IMETHODCALL>" >"$T/ei.xml"
# a reader slow enough for the queue to fill while the store's read lock is held
curl -s --limit-rate 20k -H 'Content-Type: application/xml; charset="utf-8"' -H 'CIMOperation: MethodCall' \
    -H 'CIMMethod: EnumerateInstances' -H 'CIMObject: root%2Fsto' --data-binary "@$T/ei.xml" \
    "http://127.0.0.1:$PORT/cimom" -o /dev/null &
reader=$!
sleep 1
r=$(intrinsic CreateInstance '<IPARAMVALUE NAME="NewInstance"><INSTANCE CLASSNAME="Sto_Other"><PROPERTY NAME="Id" TYPE="string"><VALUE>new-1</VALUE></PROPERTY></INSTANCE></IPARAMVALUE>')
expect_match "CreateInstance answered while the thread streams an enumeration holding the store's lock" "$r" '<IRETURNVALUE><INSTANCENAME CLASSNAME="Sto_Other"'
kill $reader 2>/dev/null
wait $reader 2>/dev/null
r=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Sto_Other Id new-1)</IPARAMVALUE>")
expect_match "... and the server still answers" "$r" '<VALUE>new-1</VALUE>'
# a hung server would not end on SIGTERM either
sh -c "sleep 10; kill -9 $SPID 2>/dev/null" &
guard=$!
stop "$SPID"
kill $guard 2>/dev/null

"$MOFSERVE" --schema "$D/demo.mof" --threads per-conn >"$T/o.log" 2>&1
expect "--threads per-conn refused: exit 2" "$?" 2
expect_match "... says what it wants" "$(cat "$T/o.log")" "--threads wants a number from 1 to 1024 or per-connection, not 'per-conn'"
finish
