#!/bin/sh
# mofserve: EnumerationCount (DSP0200 pull operations) where the count is
# cheap: an instance enumeration the store serves answers the instances it
# had when opened less those pulled since; an enumeration that has ended
# answers the results still queued; one still running in a provider's
# code (here: Associators, computed from 302 associations, blocked on the
# queue of 256) answers CIM_ERR_NOT_SUPPORTED (7), as DSP0200 allows.
. "$(dirname "$0")/lib.sh"

i=0
{
    while [ $i -lt 700 ]; do
        echo "instance of Demo_Thing as \$n$i { Id = \"n$i\"; Size = $i; };"
        [ $i -lt 300 ] && echo "instance of Demo_Contains { Box = \$b; Thing = \$n$i; };"
        i=$((i + 1))
    done
} >"$T/many.mof"
printf 'instance of Demo_Box as $b { Name = "hub"; };\n' >"$T/hub.mof"
start count --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --instances "$T/hub.mof" \
    --instances "$T/many.mof" --namespace $NS || exit 1

ctx_of() { printf '%s' "$1" | tr -d '\n' | sed -n 's/.*<PARAMVALUE NAME="EnumerationContext" PARAMTYPE="string"><VALUE>\([^<]*\)<.*/\1/p'; }
val() { printf '<IPARAMVALUE NAME="%s"><VALUE>%s</VALUE></IPARAMVALUE>' "$1" "$2"; }
count() { intrinsic EnumerationCount "$(val EnumerationContext "$1")"; }
number() { printf '%s' "$1" | tr -d '\n' | sed -n 's/.*<IRETURNVALUE><VALUE>\([0-9]*\)<\/VALUE><\/IRETURNVALUE>.*/\1/p'; }
pulled() { count_of "$(intrinsic PullInstancePaths "$(val EnumerationContext "$1")$(val MaxObjectCount "$2")")" '<INSTANCEPATH>'; }

# the store's 702 Demo_Thing (t1, t2 and n0..n699)
ctx=$(ctx_of "$(intrinsic OpenEnumerateInstancePaths "$(classname ClassName Demo_Thing)")")
r=$(count "$ctx")
expect "store: the count before any pull" "$(number "$r")" 702
expect_match "... as IRETURNVALUE" "$r" '<IMETHODRESPONSE NAME="EnumerationCount"><IRETURNVALUE><VALUE>702</VALUE></IRETURNVALUE></IMETHODRESPONSE>'
expect "pull 200" "$(pulled "$ctx" 200)" 200
expect "store: 502 left" "$(number "$(count "$ctx")")" 502
expect "pull 256 more (a pull gives at most the queue's 256)" "$(pulled "$ctx" 256)" 256
expect "store: 246 left" "$(number "$(count "$ctx")")" 246
expect "EnumerationCount keeps the context: the last 246" "$(pulled "$ctx" 256)" 246
r=$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)$(val MaxObjectCount 5)")
expect "store, instances (not paths), after 5 in the Open" "$(number "$(count "$(ctx_of "$r")")")" 697
intrinsic CloseEnumeration "$(val EnumerationContext "$(ctx_of "$r")")" >/dev/null
expect "store: a subclass only" "$(number "$(count "$(ctx_of "$(intrinsic OpenEnumerateInstancePaths "$(classname ClassName Demo_BigThing)")")")")" 1

# Associators of the hub: 300 results computed from the associations,
# the producer blocked at 256 queued: not known
ctx=$(ctx_of "$(intrinsic OpenAssociatorInstancePaths "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Box Name hub)</IPARAMVALUE>")")
expect_match "associators: a context" "$ctx" '.'
expect "associators, still running: 7 (CIM_ERR_NOT_SUPPORTED)" "$(errcode "$(count "$ctx")")" 7
expect "pull 256" "$(pulled "$ctx" 256)" 256
# the producer ends with the last 44 queued: then they are known (it gets
# there on its own; wait for it, 10 s at most)
n=0
while [ $n -lt 100 ] && [ "$(errcode "$(count "$ctx")")" = 7 ]; do sleep 0.1; n=$((n + 1)); done
expect "associators, ended: the 44 queued" "$(number "$(count "$ctx")")" 44
expect "... and they are 44" "$(pulled "$ctx" 100)" 44

expect "an unknown context: 21" "$(errcode "$(count nope)")" 21
expect "no context: 4" "$(errcode "$(intrinsic EnumerationCount "")")" 4
finish
