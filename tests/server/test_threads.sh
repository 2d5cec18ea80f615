#!/bin/sh
# A provider call that waits (a slow device; the demo module built with
# -DDEMO_SLOW_MS: finding box m2 takes 3 s) under mofserve's threading
# (docs/server.md, "Threads"): with the default pool (one thread per CPU,
# at least 4) other clients are served while up to 3 such calls wait;
# with --threads 1 a client waits for the call its thread is in (the
# limit the docs give); with --threads per-connection none waits. And a
# write that waits for the store's lock, held by an enumeration whose
# answer the same thread streams to a slow reader, does not hang the
# server: the enumeration's queue grows while its thread is in the write.
. "$(dirname "$0")/lib.sh"

build_module "$T/slow.so" -DDEMO_SLOW_MS=3000 || { fail "the module does not build"; finish; exit 1; }
M2='<LOCALINSTANCEPATH><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="demo"/></LOCALNAMESPACEPATH><INSTANCENAME CLASSNAME="Demo_Box"><KEYBINDING NAME="Name"><KEYVALUE VALUETYPE="string">m2</KEYVALUE></KEYBINDING></INSTANCENAME></LOCALINSTANCEPATH>'
ms() { echo $(($(date +%s%N) / 1000000)); }

# while_waiting N LABEL: N calls that wait in the provider (GetInstance of
# m2, and with N > 1 a method of m2 too), each on its own connection; once
# they are in, a GetClass and a GetInstance of m1 on new connections. Sets
# FAST_MS (how long those two took) and STILL (how many waiting calls were
# not answered yet when those two were) and checks every answer.
while_waiting() {
    n=$1 label=$2 i=0 pids=
    while [ $i -lt "$n" ]; do
        if [ $i = 1 ]; then
            REQ=$T/slow$i.xml method 'root%2Fdemo%3ADemo_Box.Name%3D%22m2%22' "$M2" Resize \
                '<PARAMVALUE NAME="NewSize" PARAMTYPE="uint32"><VALUE>7</VALUE></PARAMVALUE>' >"$T/slow$i.out" &
        else
            REQ=$T/slow$i.xml intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Box Name m2)</IPARAMVALUE>" >"$T/slow$i.out" &
        fi
        pids="$pids $!"
        i=$((i + 1))
    done
    sleep 0.5   # the calls are in the provider
    t0=$(ms)
    c=$(intrinsic GetClass "$(classname ClassName Demo_Box)")
    g=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Box Name m1)</IPARAMVALUE>")
    FAST_MS=$(($(ms) - t0))
    # how many of the waiting calls were still in the provider when those
    # two were answered: all of them unless the two waited for them (what
    # the clock says on a loaded machine does not decide it)
    STILL=0
    for p in $pids; do kill -0 "$p" 2>/dev/null && STILL=$((STILL + 1)); done
    expect_match "$label: GetClass answered" "$c" '<CLASS NAME="Demo_Box"'
    expect_match "$label: GetInstance of m1 answered" "$g" '<VALUE>m1</VALUE>'
    wait $pids
    i=0
    while [ $i -lt "$n" ]; do
        if [ $i = 1 ]; then
            expect_match "$label: the slow method answered" "$(cat "$T/slow$i.out")" '<RETURNVALUE PARAMTYPE="uint32"><VALUE>0<'
        else
            expect_match "$label: slow GetInstance $i answered" "$(cat "$T/slow$i.out")" '<VALUE>m2</VALUE>'
        fi
        i=$((i + 1))
    done
}

start dflt --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --namespace $NS --provider "$T/slow.so" || exit 1
while_waiting 3 "default threads, 3 calls waiting"
[ "$STILL" = 3 ] && ok || fail "default threads: GetClass and GetInstance waited for the slow calls ($FAST_MS ms, $STILL of 3 still waiting)"
stop "$SPID"

start one --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --namespace $NS --provider "$T/slow.so" \
    --threads 1 || exit 1
while_waiting 1 "--threads 1"
[ "$FAST_MS" -ge 2000 ] && ok || fail "--threads 1: GetClass did not wait for the call of its thread ($FAST_MS ms)"
stop "$SPID"

start conn --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --namespace $NS --provider "$T/slow.so" \
    --threads per-connection || exit 1
while_waiting 3 "--threads per-connection"
[ "$STILL" = 3 ] && ok || fail "--threads per-connection: GetClass and GetInstance waited for the slow calls ($FAST_MS ms, $STILL of 3 still waiting)"
stop "$SPID"

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
