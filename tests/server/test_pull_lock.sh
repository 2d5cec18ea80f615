#!/bin/sh
# mofserve: an enumeration of the store holds no lock while its client does
# not read. A pull context opened and not pulled (its queue full) held the
# store's read lock, so a CreateInstance or ModifyInstance from another
# client waited until the context timed out. The store's walk now lets the
# lock go while the queue has no room and between batches
# (mofsrv_store_each_yield), and goes on from a cursor the store moves when
# its instance is deleted: what the context gives is every instance that
# stayed, once, as it is when the walk reaches it.
. "$(dirname "$0")/lib.sh"

awk 'BEGIN { for (i = 0; i < 600; i++) printf "instance of Demo_Thing { Id = \"t%03d\"; Label = \"old\"; };\n", i }' \
    >"$T/many.mof"
start lock --schema "$D/demo.mof" --instances "$T/many.mof" --namespace $NS --threads 1 || exit 1

ctx_of() { printf '%s' "$1" | tr -d '\n' | sed -n 's/.*<PARAMVALUE NAME="EnumerationContext" PARAMTYPE="string"><VALUE>\([^<]*\)<.*/\1/p'; }
val() { printf '<IPARAMVALUE NAME="%s"><VALUE>%s</VALUE></IPARAMVALUE>' "$1" "$2"; }
ms() { date +%s%3N; }
ids() { printf '%s' "$1" | grep -o '<KEYVALUE VALUETYPE="string"[^>]*>t[0-9a-z-]*<' | sed 's/.*>\(t[0-9a-z-]*\)</\1/'; }

r=$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)$(val OperationTimeout 60)$(val MaxObjectCount 0)")
c=$(ctx_of "$r")
expect_match "open: a context" "$c" '.'
sleep 1   # the producer fills its queue (256 results) and waits for the client

t0=$(ms)
r=$(intrinsic CreateInstance '<IPARAMVALUE NAME="NewInstance"><INSTANCE CLASSNAME="Demo_Thing"><PROPERTY NAME="Id" TYPE="string"><VALUE>t-new</VALUE></PROPERTY></INSTANCE></IPARAMVALUE>')
t1=$(ms)
expect_match "CreateInstance while a pull context waits for its client" "$r" '<IRETURNVALUE><INSTANCENAME CLASSNAME="Demo_Thing"'
[ $((t1 - t0)) -lt 20000 ] && ok || fail "CreateInstance took $((t1 - t0)) ms (it waited for the context's time-out)"
mod() { printf '<IPARAMVALUE NAME="ModifiedInstance"><VALUE.NAMEDINSTANCE>%s<INSTANCE CLASSNAME="Demo_Thing"><PROPERTY NAME="Label" TYPE="string"><VALUE>%s</VALUE></PROPERTY></INSTANCE></VALUE.NAMEDINSTANCE></IPARAMVALUE>' "$(iname Demo_Thing Id "$1")" "$2"; }
t0=$(ms)
r=$(intrinsic ModifyInstance "$(mod t500 changed)")
t1=$(ms)
expect "ModifyInstance while the context waits: no error" "$(errcode "$r")" ""
[ $((t1 - t0)) -lt 20000 ] && ok || fail "ModifyInstance took $((t1 - t0)) ms"
del() { intrinsic DeleteInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Thing Id "$1")</IPARAMVALUE>"; }
# t256 is where the walk stopped (the next to visit), t400 further on, t000 already queued
for i in t256 t400 t000; do expect "DeleteInstance $i: no error" "$(errcode "$(del $i)")" ""; done

all=""
n=0
while [ $n -lt 20 ]; do
    r=$(intrinsic PullInstancesWithPath "$(val EnumerationContext "$c")$(val MaxObjectCount 1000)")
    all="$all
$(ids "$r")"
    printf '%s' "$r" | grep -q '<VALUE>TRUE</VALUE>' && break
    n=$((n + 1))
done
got=$(printf '%s\n' "$all" | sed '/^$/d')
expect "every instance once: 600 - 2 deleted after the walk's place + 1 created" "$(printf '%s\n' "$got" | wc -l | tr -d ' ')" 599
expect "... no instance twice" "$(printf '%s\n' "$got" | sort | uniq -d | wc -l | tr -d ' ')" 0
expect "... t256 (deleted where the walk stood) is not there" "$(printf '%s\n' "$got" | grep -c '^t256$')" 0
expect "... nor t400" "$(printf '%s\n' "$got" | grep -c '^t400$')" 0
expect "... t000 was queued before its delete: there" "$(printf '%s\n' "$got" | grep -c '^t000$')" 1
expect "... t257 (after the deleted cursor entry) is there" "$(printf '%s\n' "$got" | grep -c '^t257$')" 1
expect "... the created one is there" "$(printf '%s\n' "$got" | grep -c '^t-new$')" 1
r=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Thing Id t500)</IPARAMVALUE>")
expect_match "... t500 as modified" "$r" '<VALUE>changed</VALUE>'
finish
