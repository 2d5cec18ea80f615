#!/bin/sh
# What a real client reads: sblim wbemcli's gc, ec, ecn, ei, ein, gi, ci, mi,
# di, ai, ain, ri, rin and cm against mofserve on tests/server/demo.mof —
# properties without qualifiers, empty arrays (Demo_Thing t1: Tags = {},
# Codes = {}), a subclass, an association, a module's method. wbemcli's
# parser wants an end tag where DSP0201 allows content (a self-closed
# <PROPERTY/> or <VALUE.ARRAY/> fails the whole answer). docs/clients.md.
. "$(dirname "$0")/lib.sh"
command -v wbemcli >/dev/null 2>&1 || { echo "wbemcli not installed: skipped"; exit 0; }
build_module || { fail "the module does not build"; finish; exit 1; }

start wbem --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --namespace $NS --provider "$T/demo.so" || exit 1
U="http://localhost:$PORT/$NS"
H="localhost:$PORT/$NS"
w() { wbemcli "$@" 2>&1; }

expect "gc: properties without qualifiers, arrays" "$(w gc "$U:Demo_Thing")" "$H:Demo_Thing Id=,Label=,Size=,Tags=,Codes=,Created="
expect "gc: a class with methods" "$(w gc "$U:Demo_Box")" "$H:Demo_Box Name=,Capacity=,Note="
out=$(w ec "$U:Demo_Thing")
expect_match "ec: the subclass" "$out" 'Demo_BigThing'
expect "ecn" "$(w ecn "$U:Demo_Thing")" "$H:Demo_BigThing"
out=$(w ei "$U:Demo_Thing")
expect_match "ei: t1 with its empty arrays" "$out" 'Demo_Thing.Id="t1" Id="t1",Label="first",Size=1'
expect_match "ei: the subclass instance" "$out" 'Demo_BigThing.Id="t2" .*Heavy=TRUE'
expect "ein" "$(w ein "$U:Demo_Thing" | sort | tr '\n' ' ')" "$H:Demo_BigThing.Id=\"t2\" $H:Demo_Thing.Id=\"t1\" "
out=$(w gi "$U:Demo_Thing.Id=\"t1\"")
expect_match "gi: empty arrays" "$out" 'Id="t1",Label="first"'
expect_match "gi through the superclass" "$(w gi "$U:Demo_Thing.Id=\"t2\"")" 'Heavy=TRUE'

out=$(w ci "$U:Demo_Thing.Id=\"t5\"" 'Id="t5",Label="made by wbemcli",Size=5')
expect "ci: exit 0" "$?" 0
expect_match "ci: the new name" "$out" 'Demo_Thing.Id="t5"'
expect_match "ci: gi finds it" "$(w gi "$U:Demo_Thing.Id=\"t5\"")" 'Label="made by wbemcli"'
out=$(w mi "$U:Demo_Thing.Id=\"t5\"" 'Label="changed by wbemcli"')
expect "mi: exit 0" "$?" 0
expect_match "mi: gi sees it" "$(w gi "$U:Demo_Thing.Id=\"t5\"")" 'Label="changed by wbemcli"'
out=$(w di "$U:Demo_Thing.Id=\"t5\"")
expect "di: exit 0" "$?" 0
expect_match "di: gone" "$(w gi "$U:Demo_Thing.Id=\"t5\"")" 'CIM_ERR_NOT_FOUND'

B1="$U:Demo_Box.Name=\"b1\""
expect "ain" "$(w ain "$B1" | sort | tr '\n' ' ')" "localhost/$NS:Demo_BigThing.Id=\"t2\" localhost/$NS:Demo_Thing.Id=\"t1\" "
out=$(w ai "$B1")
expect_match "ai: the things" "$out" 'Demo_Thing.Id="t1" Id="t1",Label="first"'
expect_match "ai -arc (ResultClass)" "$(w ai -arc Demo_BigThing "$B1")" 'Heavy=TRUE'
expect "ai -arc: only the subclass" "$(w ai -arc Demo_BigThing "$B1" | wc -l | tr -d ' ')" 1
expect "ain -ac (AssocClass) -arr (ResultRole)" "$(w ain -ac Demo_Contains -arr Thing "$B1" | wc -l | tr -d ' ')" 2
expect "rin" "$(w rin "$B1" | wc -l | tr -d ' ')" 2
out=$(w ri "$B1")
expect_match "ri: the links" "$out" 'Demo_Contains.Box=Demo_Box.Name="b1",Thing=Demo_Thing.Id="t1"'
expect "rin -ar (Role) of the other end: none" "$(w rin -ar Thing "$B1" | wc -l | tr -d ' ')" 0
expect "rin -ar Box" "$(w rin -ar Box "$B1" | wc -l | tr -d ' ')" 2

out=$(w cm "$U:Demo_Box.Name=\"m1\"" 'Resize.NewSize=8')
expect_match "cm: return value" "$out" 'Resize: 0'
expect_match "cm: output parameter" "$out" 'Message \(string\): resized to 8'
expect_match "cm: the change" "$(w gi "$U:Demo_Box.Name=\"m1\"")" 'Capacity=8'
out=$(w cm "$U:Demo_Box" 'Count')
expect_match "cm static on the class" "$out" 'Total \(uint32\): 2'
expect_match "cm static on an instance: refused" "$(w cm "$U:Demo_Box.Name=\"m1\"" 'Count')" 'CIM_ERR_INVALID_PARAMETER'

finish
