#!/bin/sh
# mofserve: the pull operations (OpenEnumerateInstances, OpenEnumerateInstancePaths,
# OpenAssociatorInstances, OpenReferenceInstances, PullInstancesWithPath,
# PullInstancePaths, CloseEnumeration, EnumerationCount) and their errors;
# 700 instances pulled 300 at a time through a queue of 256.
. "$(dirname "$0")/lib.sh"

i=0
{ while [ $i -lt 700 ]; do echo "instance of Demo_Thing { Id = \"n$i\"; Size = $i; };"; i=$((i + 1)); done; } >"$T/many.mof"
start pull --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --instances "$T/many.mof" --namespace $NS || exit 1

ctx_of() { printf '%s' "$1" | tr -d '\n' | sed -n 's/.*<PARAMVALUE NAME="EnumerationContext" PARAMTYPE="string"><VALUE>\([^<]*\)<.*/\1/p'; }
eos() { printf '%s' "$1" | tr -d '\n' | sed -n 's/.*<PARAMVALUE NAME="EndOfSequence" PARAMTYPE="boolean"><VALUE>\([A-Z]*\)<.*/\1/p'; }
val() { printf '<IPARAMVALUE NAME="%s"><VALUE>%s</VALUE></IPARAMVALUE>' "$1" "$2"; }

r=$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_BigThing)$(val MaxObjectCount 5)")
expect "open: every result at once" "$(count_of "$r" '<VALUE.INSTANCEWITHPATH><INSTANCEPATH>')" 1
expect "open: the end" "$(eos "$r")" TRUE
expect_match "open: the context is NULL at the end" "$r" '<PARAMVALUE NAME="EnumerationContext" PARAMTYPE="string"(/>|></PARAMVALUE>)'
r=$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)$(val MaxObjectCount 1)")
expect "open: one result" "$(count_of "$r" '<VALUE.INSTANCEWITHPATH><INSTANCEPATH>')" 1
expect "open: not the end" "$(eos "$r")" FALSE
ctx=$(ctx_of "$r")
expect_match "open: a context" "$ctx" '^mofsrv-'
r=$(intrinsic PullInstancesWithPath "$(val EnumerationContext "$ctx")$(val MaxObjectCount 10)")
expect "pull: 10 more" "$(count_of "$r" '<VALUE.INSTANCEWITHPATH>')" 10
expect "pull: the same context" "$(ctx_of "$r")" "$ctx"
# the Open* parameters are checked as the classic operations' are
expect "open: a PropertyList that is not an array: 4" "$(errcode "$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)$(val PropertyList Label)")")" 4
expect "open: a malformed DeepInheritance: 4" "$(errcode "$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)$(val DeepInheritance maybe)")")" 4
expect "open: an unknown AssocClass: 5" "$(errcode "$(intrinsic OpenAssociatorInstances "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Box Name b1)</IPARAMVALUE>$(classname AssocClass Nope)")")" 5
expect "a pull with an empty context: 21" "$(errcode "$(intrinsic PullInstancesWithPath "$(val EnumerationContext "")$(val MaxObjectCount 1)")")" 21
intrinsic CloseEnumeration "$(val EnumerationContext "$ctx")" >/dev/null

# 702 Demo_Thing (t1, t2 and n0..n699), 300 per pull
r=$(intrinsic OpenEnumerateInstancePaths "$(classname ClassName Demo_Thing)")
expect "open paths, MaxObjectCount 0: no result" "$(count_of "$r" '<INSTANCEPATH>')" 0
ctx=$(ctx_of "$r")
total=0 n=0
while [ $n -lt 10 ]; do
    r=$(intrinsic PullInstancePaths "$(val EnumerationContext "$ctx")$(val MaxObjectCount 300)")
    total=$((total + $(count_of "$r" '<INSTANCEPATH>')))
    [ "$(eos "$r")" = TRUE ] && break
    n=$((n + 1))
done
expect "every path pulled" "$total" 702
expect "in 3 pulls" "$n" 2

r=$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)$(val MaxObjectCount 5)<IPARAMVALUE NAME=\"PropertyList\"><VALUE.ARRAY><VALUE>Size</VALUE></VALUE.ARRAY></IPARAMVALUE>")
expect "PropertyList in a pull" "$(count_of "$r" '<PROPERTY ')" 5
ctx=$(ctx_of "$r")
expect "PullInstancePaths on an instance context: 21" "$(errcode "$(intrinsic PullInstancePaths "$(val EnumerationContext "$ctx")$(val MaxObjectCount 1)")")" 21
expect_match "EnumerationCount of the store's 702 less 5 (tests/server/test_pull_count.sh)" "$(intrinsic EnumerationCount "$(val EnumerationContext "$ctx")")" '<IRETURNVALUE><VALUE>697</VALUE></IRETURNVALUE>'
r=$(intrinsic CloseEnumeration "$(val EnumerationContext "$ctx")")
expect "CloseEnumeration" "$(errcode "$r")" ""
expect_match "CloseEnumeration: an empty answer" "$r" '<IMETHODRESPONSE NAME="CloseEnumeration"></IMETHODRESPONSE>'
expect "pull after close: 21" "$(errcode "$(intrinsic PullInstancesWithPath "$(val EnumerationContext "$ctx")$(val MaxObjectCount 1)")")" 21
expect "unknown context: 21" "$(errcode "$(intrinsic PullInstancesWithPath "$(val EnumerationContext nope)$(val MaxObjectCount 1)")")" 21
expect "pull without MaxObjectCount: 4" "$(errcode "$(intrinsic PullInstancesWithPath "$(val EnumerationContext nope)")")" 4

expect "FilterQuery: 25" "$(errcode "$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)$(val FilterQueryLanguage DMTF:FQL)$(val FilterQuery 'Size > 3')")")" 25
expect "ContinueOnError: 26" "$(errcode "$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)$(val ContinueOnError true)")")" 26
r=$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)$(val OperationTimeout 0)")
expect "OperationTimeout 0 (no time-out, DSP0200): refused, 22 (it was taken as 60 s)" "$(errcode "$r")" 22
expect_match "... saying why" "$r" 'OperationTimeout 0 \(no time-out\) is not allowed'
expect "OperationTimeout too long: 22" "$(errcode "$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)$(val OperationTimeout 100000)")")" 22
expect "unknown class: 5" "$(errcode "$(intrinsic OpenEnumerateInstances "$(classname ClassName Nope)")")" 5

B1="<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Box Name b1)</IPARAMVALUE>"
r=$(intrinsic OpenAssociatorInstances "$B1$(val MaxObjectCount 10)")
expect "OpenAssociatorInstances" "$(count_of "$r" '<VALUE.INSTANCEWITHPATH>')" 2
expect "OpenAssociatorInstances: the end" "$(eos "$r")" TRUE
r=$(intrinsic OpenReferenceInstances "$B1$(val MaxObjectCount 10)$(val Role Box)")
expect "OpenReferenceInstances" "$(count_of "$r" '<INSTANCE CLASSNAME="Demo_Contains"')" 2

# a context not pulled within its OperationTimeout is gone
r=$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)$(val OperationTimeout 1)")
ctx=$(ctx_of "$r")
sleep 2
expect "expired context: 21" "$(errcode "$(intrinsic PullInstancesWithPath "$(val EnumerationContext "$ctx")$(val MaxObjectCount 1)")")" 21

# the classic enumerations stream an answer longer than the producer's
# queue (256): chunked, whole, every result once
envelope "<IMETHODCALL NAME=\"EnumerateInstances\">$NS_XML$(classname ClassName Demo_Thing)</IMETHODCALL>" >"$T/req.xml"
curl -s --max-time 20 -D "$T/hdr" -o "$T/big.xml" -H 'Content-Type: application/xml' -H 'CIMOperation: MethodCall' \
    -H 'CIMMethod: EnumerateInstances' -H 'CIMObject: root%2Fdemo' --data-binary "@$T/req.xml" "http://127.0.0.1:$PORT/cimom"
expect_match "streamed: chunked" "$(cat "$T/hdr")" 'Transfer-Encoding: chunked'
expect "streamed: every instance" "$(grep -o '<VALUE.NAMEDINSTANCE>' "$T/big.xml" | wc -l | tr -d ' ')" 702
expect "streamed: each once" "$(grep -o 'KEYVALUE VALUETYPE="string"[^>]*>[^<]*<' "$T/big.xml" | sort -u | wc -l | tr -d ' ')" 702
if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout "$T/big.xml" 2>"$T/lint"; expect "streamed: well-formed" "$?" 0
fi
r=$(intrinsic ReferenceNames "<IPARAMVALUE NAME=\"ObjectName\">$(iname Demo_Box Name b1)</IPARAMVALUE>")
expect "a short answer is not streamed" "$(count_of "$r" '<OBJECTPATH>')" 2
if command -v wbemcli >/dev/null 2>&1; then
    expect "wbemcli ein on a streamed answer" "$(wbemcli ein "http://localhost:$PORT/$NS:Demo_Thing" 2>&1 | wc -l | tr -d ' ')" 702
fi

# contexts left open are closed when the server stops (no leak, no hang)
intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)" >/dev/null
stop "$SPID"

# with --auth a context is its opener's: another user's pull or close is
# answered as for an unknown context (21), the opener's still works; ids are
# 128 random bits, not a counter
printf 'alice:wonder\nbob:builder\n' >"$T/users"
chmod 600 "$T/users"
start pullauth --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --namespace $NS --auth "$T/users" || exit 1
CURL_USER=alice:wonder
ctx=$(ctx_of "$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)$(val MaxObjectCount 0)")")
expect_match "an unguessable context id" "$ctx" '^mofsrv-[0-9a-f]{32}$'
ctx2=$(ctx_of "$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)$(val MaxObjectCount 0)")")
expect_match "another id" "$ctx2" '^mofsrv-[0-9a-f]{32}$'
[ "$ctx" != "$ctx2" ] && ok || fail "two contexts, one id"
CURL_USER=bob:builder
expect "bob pulls alice's context: 21" "$(errcode "$(intrinsic PullInstancesWithPath "$(val EnumerationContext "$ctx")$(val MaxObjectCount 5)")")" 21
expect "bob closes alice's context: 21" "$(errcode "$(intrinsic CloseEnumeration "$(val EnumerationContext "$ctx")")")" 21
CURL_USER=alice:wonder
r=$(intrinsic PullInstancesWithPath "$(val EnumerationContext "$ctx")$(val MaxObjectCount 5)")
expect "alice still pulls hers" "$(count_of "$r" '<VALUE.INSTANCEWITHPATH>')" 2
# one user holds at most 16 of the 64 contexts: bob opening and never
# pulling leaves alice hers (he took all 64 for up to 600 s)
CURL_USER=bob:builder
k=0
while [ $k -lt 16 ]; do
    c=$(ctx_of "$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)$(val MaxObjectCount 0)$(val OperationTimeout 600)")")
    [ -n "$c" ] && ok || fail "bob's context $k not opened"
    k=$((k + 1))
done
r=$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)$(val MaxObjectCount 0)")
expect "bob's 17th context: 27" "$(errcode "$r")" 27
expect_match "... his share, said" "$r" 'too many open enumerations of this user'
CURL_USER=alice:wonder
expect_match "alice still opens one" "$(ctx_of "$(intrinsic OpenEnumerateInstances "$(classname ClassName Demo_Thing)$(val MaxObjectCount 0)")")" '^mofsrv-'
CURL_USER=
finish
