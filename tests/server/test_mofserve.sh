#!/bin/sh
# mofserve on a small schema of its own (tests/server/demo.mof): options
# and bad input, the DSP0200 operations over the instance store (classes,
# instances, create/modify/delete, associations, methods without a
# provider, [Static] both ways), durability across kill -9, TLS, wbemcli.
. "$(dirname "$0")/lib.sh"

# ---- options and bad input ------------------------------------------------------
"$MOFSERVE" >"$T/o.log" 2>&1
expect "neither --schema nor --provider: exit 2" "$?" 2
expect_match "neither --schema nor --provider: says so" "$(cat "$T/o.log")" '--schema FILE.mof or --provider MODULE.so is required'
"$MOFSERVE" --schema "$D/demo.mof" --bogus 1 >"$T/o.log" 2>&1
expect "unknown option: exit 2" "$?" 2
printf 'class Bad_X {\n  [Key] string Id\n};\n' >"$T/bad.mof"
"$MOFSERVE" --schema "$T/bad.mof" >"$T/o.log" 2>&1
expect "bad schema: exit 1" "$?" 1
expect_match "bad schema: file:line:col" "$(cat "$T/o.log")" 'bad.mof:2:18: error: expected .;.'
"$MOFSERVE" --schema "$D/demo.mof" --provider "$T/nope.so" >"$T/o.log" 2>&1
expect "missing module: exit 1" "$?" 1
expect_match "missing module: says which" "$(cat "$T/o.log")" 'cannot load .*nope.so'
"$MOFSERVE" --schema "$D/demo.mof" --listen 0.0.0.0:0 >"$T/o.log" 2>&1
expect "non-loopback without --auth: exit 1" "$?" 1
expect_match "non-loopback: says why" "$(cat "$T/o.log")" 'requires --auth'
"$MOFSERVE" --schema "$D/demo.mof" --listen 127.0.0.1:99999 >"$T/o.log" 2>&1
expect "--listen port out of range: exit 2" "$?" 2
expect_match "--listen port: says why" "$(cat "$T/o.log")" 'not a number from 0 to 65535'
"$MOFSERVE" --schema "$D/demo.mof" --tls-cert "$T/x.pem" >"$T/o.log" 2>&1
expect "--tls-cert without --tls-key: exit 2" "$?" 2

start main --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --namespace $NS --state "$T/state" || exit 1

# ---- classes ------------------------------------------------------------------------
r=$(intrinsic EnumerateClassNames "$(classname ClassName Demo_Thing)")
expect "EnumerateClassNames: the subclass" "$(count_of "$r" '<CLASSNAME NAME="Demo_BigThing"/>')" 1
r=$(intrinsic EnumerateClassNames '<IPARAMVALUE NAME="DeepInheritance"><VALUE>true</VALUE></IPARAMVALUE>')
expect "EnumerateClassNames deep: every class" "$(count_of "$r" '<CLASSNAME ')" 4
r=$(intrinsic GetClass "$(classname ClassName Demo_BigThing)")
expect "GetClass LocalOnly: own property only" "$(count_of "$r" '<PROPERTY[A-Z.]* NAME=')" 1
r=$(intrinsic GetClass "$(classname ClassName Demo_BigThing)<IPARAMVALUE NAME=\"LocalOnly\"><VALUE>false</VALUE></IPARAMVALUE><IPARAMVALUE NAME=\"PropertyList\"><VALUE.ARRAY><VALUE>Label</VALUE><VALUE>heavy</VALUE></VALUE.ARRAY></IPARAMVALUE>")
expect "GetClass PropertyList" "$(count_of "$r" '<PROPERTY[A-Z.]* NAME=')" 2
expect_match "GetClass PropertyList: Label" "$r" 'NAME="Label"'

# ---- instances ------------------------------------------------------------------------
r=$(intrinsic EnumerateInstances "$(classname ClassName Demo_Thing)")
expect "EnumerateInstances: class and subclass" "$(count_of "$r" '<VALUE.NAMEDINSTANCE>')" 2
expect_match "EnumerateInstances: deep by default" "$r" 'NAME="Heavy"'
r=$(intrinsic EnumerateInstances "$(classname ClassName Demo_Thing)<IPARAMVALUE NAME=\"DeepInheritance\"><VALUE>false</VALUE></IPARAMVALUE>")
expect "DeepInheritance false: no subclass property" "$(count_of "$r" 'NAME="Heavy"')" 0
expect "DeepInheritance false: still both instances" "$(count_of "$r" '<VALUE.NAMEDINSTANCE>')" 2
# LocalOnly true (DSP0200 1.x): only what the instance's own class defines;
# IncludeClassOrigin: CLASSORIGIN on each property (store instances too)
LO='<IPARAMVALUE NAME="LocalOnly"><VALUE>true</VALUE></IPARAMVALUE>'
CO='<IPARAMVALUE NAME="IncludeClassOrigin"><VALUE>true</VALUE></IPARAMVALUE>'
r=$(intrinsic EnumerateInstances "$(classname ClassName Demo_BigThing)$LO$CO")
expect "LocalOnly: only Heavy" "$(printf '%s' "$r" | grep -o '<PROPERTY[^>]*>' | tr -d '\n')" '<PROPERTY NAME="Heavy" CLASSORIGIN="Demo_BigThing" TYPE="boolean">'
r=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_BigThing Id t2)</IPARAMVALUE>$CO")
expect "IncludeClassOrigin: inherited ones name their class" "$(count_of "$r" 'CLASSORIGIN="Demo_Thing"')" 6
expect "IncludeClassOrigin: the own one" "$(count_of "$r" 'CLASSORIGIN="Demo_BigThing"')" 1
r=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Thing Id t1)</IPARAMVALUE>")
expect "every property of the class, NULL where unset (Created)" "$(count_of "$r" '<PROPERTY NAME="Created" TYPE="datetime"></PROPERTY>')" 1
# Associators by a base-class path of a subclass instance (t2 is a Demo_BigThing)
r=$(intrinsic AssociatorNames "<IPARAMVALUE NAME=\"ObjectName\">$(iname Demo_Thing Id t2)</IPARAMVALUE>")
expect "AssociatorNames by the base-class path" "$(count_of "$r" '<INSTANCENAME CLASSNAME="Demo_Box"')" 1
r=$(intrinsic EnumerateInstances "$(classname ClassName Demo_Thing)<IPARAMVALUE NAME=\"PropertyList\"><VALUE.ARRAY><VALUE>Label</VALUE></VALUE.ARRAY></IPARAMVALUE>")
expect "PropertyList: only Label" "$(count_of "$r" '<PROPERTY[A-Z.]* NAME=')" 2
# the list is sorted once per request (a search by halves per test): names in any order and
# case, repeated, or naming nothing, select the same properties
r=$(intrinsic EnumerateInstances "$(classname ClassName Demo_Thing)<IPARAMVALUE NAME=\"PropertyList\"><VALUE.ARRAY><VALUE>zzNone</VALUE><VALUE>LABEL</VALUE><VALUE>aaNone</VALUE><VALUE>label</VALUE><VALUE>id</VALUE></VALUE.ARRAY></IPARAMVALUE>")
expect "PropertyList unsorted, mixed case, repeated: both instances" "$(count_of "$r" '<VALUE.NAMEDINSTANCE>')" 2
expect "... Label and Id of each, once" "$(count_of "$r" '<PROPERTY[A-Z.]* NAME=')" 4
expect_match "... Label there" "$r" 'NAME="Label"'
r=$(intrinsic EnumerateInstanceNames "$(classname ClassName Demo_Thing)")
expect "EnumerateInstanceNames" "$(count_of "$r" '<INSTANCENAME ')" 2
r=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Thing Id t2)</IPARAMVALUE>")
expect_match "GetInstance through the superclass" "$r" '<INSTANCE CLASSNAME="Demo_BigThing"'
expect "GetInstance missing: 6" "$(errcode "$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Thing Id nope)</IPARAMVALUE>")")" 6
expect "GetInstance unknown class: 5" "$(errcode "$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Nope Id x)</IPARAMVALUE>")")" 5

new_thing() { printf '<IPARAMVALUE NAME="NewInstance"><INSTANCE CLASSNAME="%s"><PROPERTY NAME="Id" TYPE="string"><VALUE>%s</VALUE></PROPERTY><PROPERTY NAME="Label" TYPE="string"><VALUE>%s</VALUE></PROPERTY>%s</INSTANCE></IPARAMVALUE>' "$1" "$2" "$3" "$4"; }
r=$(intrinsic CreateInstance "$(new_thing Demo_Thing t3 third)")
expect_match "CreateInstance: the new name" "$r" '<IRETURNVALUE><INSTANCENAME CLASSNAME="Demo_Thing"><KEYBINDING NAME="Id"><KEYVALUE VALUETYPE="string"[^>]*>t3<'
expect "CreateInstance twice: 11" "$(errcode "$(intrinsic CreateInstance "$(new_thing Demo_Thing t3 again)")")" 11
expect "CreateInstance unknown property: 4" "$(errcode "$(intrinsic CreateInstance "$(new_thing Demo_Thing t4 x '<PROPERTY NAME="Colour" TYPE="string"><VALUE>red</VALUE></PROPERTY>')")")" 4
expect "CreateInstance unknown class: 5" "$(errcode "$(intrinsic CreateInstance "$(new_thing Demo_Nope t4 x)")")" 5
expect "CreateInstance without a key: 4" "$(errcode "$(intrinsic CreateInstance '<IPARAMVALUE NAME="NewInstance"><INSTANCE CLASSNAME="Demo_Thing"><PROPERTY NAME="Label" TYPE="string"><VALUE>x</VALUE></PROPERTY></INSTANCE></IPARAMVALUE>')")" 4
mod() { printf '<IPARAMVALUE NAME="ModifiedInstance"><VALUE.NAMEDINSTANCE>%s<INSTANCE CLASSNAME="Demo_Thing"><PROPERTY NAME="Label" TYPE="string"><VALUE>%s</VALUE></PROPERTY><PROPERTY NAME="Size" TYPE="uint32"><VALUE>7</VALUE></PROPERTY></INSTANCE></VALUE.NAMEDINSTANCE></IPARAMVALUE>%s' "$(iname Demo_Thing Id "$1")" "$2" "$3"; }
r=$(intrinsic ModifyInstance "$(mod t3 changed '<IPARAMVALUE NAME="PropertyList"><VALUE.ARRAY><VALUE>Label</VALUE></VALUE.ARRAY></IPARAMVALUE>')")
expect "ModifyInstance: no error" "$(errcode "$r")" ""
r=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Thing Id t3)</IPARAMVALUE>")
expect_match "ModifyInstance: Label changed" "$r" '<PROPERTY NAME="Label" TYPE="string"><VALUE>changed<'
# Size not in the PropertyList: left unset, sent as NULL (every class property is sent)
expect "ModifyInstance: Size not in the PropertyList" "$(count_of "$r" '<PROPERTY NAME="Size" TYPE="uint32"></PROPERTY>')" 1
expect "ModifyInstance missing: 6" "$(errcode "$(intrinsic ModifyInstance "$(mod nope x '')")")" 6
r=$(intrinsic DeleteInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Thing Id t1)</IPARAMVALUE>")
expect "DeleteInstance: no error" "$(errcode "$r")" ""
expect "DeleteInstance: gone" "$(errcode "$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Thing Id t1)</IPARAMVALUE>")")" 6
expect "DeleteInstance again: 6" "$(errcode "$(intrinsic DeleteInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Thing Id t1)</IPARAMVALUE>")")" 6

# ---- associations (computed from Demo_Contains's instances) ---------------------------
B1="<IPARAMVALUE NAME=\"ObjectName\">$(iname Demo_Box Name b1)</IPARAMVALUE>"
r=$(intrinsic AssociatorNames "$B1")
# t1's link went with t1 (DeleteInstance deletes the store's associations
# that refer to it: tests/server/test_store_faults.sh)
expect "AssociatorNames: from the links" "$(count_of "$r" '<OBJECTPATH>')" 1
expect_match "AssociatorNames: an INSTANCEPATH" "$r" '<OBJECTPATH><INSTANCEPATH><NAMESPACEPATH><HOST>localhost</HOST>'
r=$(intrinsic ReferenceNames "$B1")
expect "ReferenceNames: the link left" "$(count_of "$r" '<OBJECTPATH>')" 1
r=$(intrinsic References "$B1$(classname ResultClass Demo_Contains)<IPARAMVALUE NAME=\"Role\"><VALUE>Box</VALUE></IPARAMVALUE>")
expect "References ResultClass, Role" "$(count_of "$r" '<VALUE.OBJECTWITHPATH>')" 1
r=$(intrinsic References "$B1<IPARAMVALUE NAME=\"Role\"><VALUE>Thing</VALUE></IPARAMVALUE>")
expect "References, the other role: none" "$(count_of "$r" '<VALUE.OBJECTWITHPATH>')" 0
r=$(intrinsic Associators "$B1$(classname ResultClass Demo_BigThing)<IPARAMVALUE NAME=\"ResultRole\"><VALUE>Thing</VALUE></IPARAMVALUE>")
expect "Associators ResultClass, ResultRole" "$(count_of "$r" '<INSTANCE CLASSNAME="Demo_BigThing"')" 1
r=$(intrinsic Associators "$B1")
expect "Associators: t2" "$(count_of "$r" '<VALUE.OBJECTWITHPATH>')" 1
r=$(intrinsic Associators "<IPARAMVALUE NAME=\"ObjectName\">$(iname Demo_BigThing Id t2)</IPARAMVALUE>")
expect_match "Associators from the other end" "$r" '<INSTANCE CLASSNAME="Demo_Box"><PROPERTY NAME="Name"'
expect "Associators unknown AssocClass: 5" "$(errcode "$(intrinsic Associators "$B1$(classname AssocClass Nope)")")" 5
expect "Associators of a class: 7" "$(errcode "$(intrinsic Associators "$(classname ObjectName Demo_Box)")")" 7

# ---- methods without a provider; [Static] both ways ----------------------------------
BOXPATH="<LOCALINSTANCEPATH>$NS_XML$(iname Demo_Box Name b1)</LOCALINSTANCEPATH>"
CLSPATH="<LOCALCLASSPATH>$NS_XML<CLASSNAME NAME=\"Demo_Box\"/></LOCALCLASSPATH>"
expect "method, no provider: 7" "$(errcode "$(method 'root%2Fdemo%3ADemo_Box.Name%3D%22b1%22' "$BOXPATH" Resize '')")" 7
expect "static method on an instance: 4" "$(errcode "$(method 'root%2Fdemo%3ADemo_Box.Name%3D%22b1%22' "$BOXPATH" Count '')")" 4
expect "instance method on the class: 4" "$(errcode "$(method 'root%2Fdemo%3ADemo_Box' "$CLSPATH" Resize '')")" 4
expect "unknown method: 17" "$(errcode "$(method 'root%2Fdemo%3ADemo_Box' "$CLSPATH" Frob '')")" 17

# ---- wbemcli (what parses today; encoding of empty elements: tests/server/test_wbemcli.sh)
if command -v wbemcli >/dev/null 2>&1; then
    U="http://localhost:$PORT/$NS"
    expect "wbemcli ecn" "$(wbemcli ecn "$U:Demo_Thing" 2>&1)" "localhost:$PORT/$NS:Demo_BigThing"
    expect "wbemcli ein" "$(wbemcli ein "$U:Demo_Thing" 2>&1 | sort | tr '\n' ' ')" "localhost:$PORT/$NS:Demo_BigThing.Id=\"t2\" localhost:$PORT/$NS:Demo_Thing.Id=\"t3\" "
    expect "wbemcli rin" "$(wbemcli rin "$U:Demo_Box.Name=\"b1\"" 2>&1 | wc -l | tr -d ' ')" 1
    expect_match "wbemcli ain" "$(wbemcli ain "$U:Demo_Box.Name=\"b1\"" 2>&1)" 'Demo_BigThing.Id="t2"'
fi

# ---- durability: kill -9 loses nothing acknowledged -----------------------------------
intrinsic CreateInstance "$(new_thing Demo_Thing t9 durable)" >/dev/null
kill -9 "$SPID"
wait "$SPID" 2>/dev/null
start again --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --namespace $NS --state "$T/state" || exit 1
r=$(intrinsic EnumerateInstanceNames "$(classname ClassName Demo_Thing)")
expect "after kill -9: t9 created, t1 deleted, t2 and t3 kept" \
    "$(printf '%s' "$r" | grep -o 'string">t[0-9]<' | sort | tr -d '\n')" 'string">t2<string">t3<string">t9<'
stop "$SPID"

# ---- TLS --------------------------------------------------------------------------------
if command -v openssl >/dev/null 2>&1; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 2 \
        -subj /CN=localhost >/dev/null 2>&1
    start tls --schema "$D/demo.mof" --namespace $NS --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" || exit 1
    envelope "<IMETHODCALL NAME=\"EnumerateClassNames\">$NS_XML</IMETHODCALL>" >"$T/req.xml"
    r=$(curl -s -k --max-time 20 -H 'Content-Type: application/xml' -H 'CIMOperation: MethodCall' \
        -H 'CIMMethod: EnumerateClassNames' -H 'CIMObject: root%2Fdemo' --data-binary "@$T/req.xml" \
        "https://127.0.0.1:$PORT/cimom")
    expect "HTTPS: EnumerateClassNames" "$(count_of "$r" '<CLASSNAME ')" 3
    r=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/cimom")
    expect "plain HTTP on the TLS port: no answer" "$r" 000
    stop "$SPID"
    printf 'not a key\n' >"$T/junk.pem"
    "$MOFSERVE" --schema "$D/demo.mof" --listen 127.0.0.1:0 --tls-cert "$T/cert.pem" --tls-key "$T/junk.pem" \
        >"$T/o.log" 2>&1
    expect "unusable TLS key: exit 1" "$?" 1
else
    echo "openssl not installed: TLS not tested"
fi

# ---- files read in the WMI dialect are compiled into --namespace too --------------------
# An --instances file whose inline instance makes it WMI (mofcomp starts in
# root\default) without a #pragma namespace: its instances are the served
# namespace's, as mofcomp -N / cimmof -n put them (it failed with MOF2501).
cat >"$T/emb.mof" <<'M'
class Demo_Note { string Text; };
class Demo_Noted { [Key] string Id; [EmbeddedInstance ("Demo_Note")] string Note; };
M
cat >"$T/emb_inst.mof" <<'M'
instance of Demo_Noted { Id = "n1"; Note = instance of Demo_Note { Text = "hi"; }; };
M
start wmins --schema "$T/emb.mof" --instances "$T/emb_inst.mof" --namespace $NS || exit 1
r=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Noted Id n1)</IPARAMVALUE>")
expect_match "a WMI-dialect instance file serves in --namespace" "$r" '<PROPERTY NAME="Note" [^>]*EmbeddedObject="instance"'
stop "$SPID"

finish
