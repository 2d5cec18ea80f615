#!/bin/sh
# mofserve: what results waiting in pull contexts may hold is bounded in BYTES
# (newcomer2 defect 7): a queue MOFSRV_PRODUCER_QUEUE_BYTES (1 MiB, or one
# result when a single one is bigger), all queues MOFSRV_PRODUCER_TOTAL_BYTES
# (32 MiB). 40 instances of 128 KiB; 48 contexts opened and never pulled held
# 48 x 40 x 128 KiB (240 MiB) when only the number of results was bounded.
. "$(dirname "$0")/lib.sh"

big=$(head -c 131072 /dev/zero | tr '\0' 'x')
i=0
{ while [ $i -lt 40 ]; do echo "instance of Demo_Thing { Id = \"b$i\"; Label = \"$big\"; };"; i=$((i + 1)); done; } \
    >"$T/big.mof"
# one thread serves every connection: a reader never waits for a thread the
# queues hold (mofsrv_producer_watch)
start big --schema "$D/demo.mof" --instances "$T/big.mof" --namespace $NS --threads 1 || exit 1

ctx_of() { printf '%s' "$1" | tr -d '\n' | sed -n 's/.*<PARAMVALUE NAME="EnumerationContext" PARAMTYPE="string"><VALUE>\([^<]*\)<.*/\1/p'; }
val() { printf '<IPARAMVALUE NAME="%s"><VALUE>%s</VALUE></IPARAMVALUE>' "$1" "$2"; }
# idle: waits until the server's CPU time stops moving (every producer waits
# for room or has ended), at most 30 s
idle() {
    last=-1; n=0
    while [ $n -lt 150 ]; do
        now=$(awk '{ print $14 + $15 }' "/proc/$SPID/stat")
        [ "$now" = "$last" ] && return 0
        last=$now; n=$((n + 1)); sleep 0.2
    done
}
rss0=$(kib VmRSS)

# one context: a Pull of 40 gets what one queue may hold (1 MiB), not 40 results
r=$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)$(val MaxObjectCount 0)")
c=$(ctx_of "$r")
expect_match "open: a context" "$c" '.'
idle
r=$(intrinsic PullInstancesWithPath "$(val EnumerationContext "$c")$(val MaxObjectCount 40)")
n=$(count_of "$r" '<VALUE.INSTANCEWITHPATH>')
expect "a Pull of 40 x 128 KiB: what fits in 1 MiB (7), not 40" "$n" 7
# runs of exactly 131072 x: each Label whole
whole() { printf '%s' "$1" | tr -c 'x' '\n' | awk 'length($0) == 131072' | wc -l | tr -d ' '; }
expect "... each whole" "$(whole "$r")" "$n"
r=$(intrinsic PullInstancesWithPath "$(val EnumerationContext "$c")$(val MaxObjectCount 40)")
expect "... the next Pull goes on from there" "$(count_of "$r" '<VALUE.INSTANCEWITHPATH>')" 7
intrinsic CloseEnumeration "$(val EnumerationContext "$c")" >/dev/null

# 48 contexts never pulled: peak RSS grows by the queues' bound, not 48 x 5 MiB
k=0
while [ $k -lt 48 ]; do
    c=$(ctx_of "$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)$(val MaxObjectCount 0)")")
    [ -n "$c" ] && ok || fail "context $k not opened"
    k=$((k + 1))
done
idle
# 32 MiB queued in all + per context the one result it holds (48 x 128 KiB x 2)
# + slack; ~240 MiB before the queues were bounded in bytes
expect_grown "48 idle contexts" 64
# the server still answers, and a reader still gets every result in turn
r=$(intrinsic EnumerateInstanceNames "$(classname ClassName Demo_Thing)")
expect "EnumerateInstanceNames while the queues are full" "$(count_of "$r" '<INSTANCENAME ')" 40
r=$(intrinsic EnumerateInstances "$(classname ClassName Demo_Thing)")
expect "EnumerateInstances (streamed) while the queues are full: all 40" "$(count_of "$r" '<VALUE.NAMEDINSTANCE>')" 40
finish
