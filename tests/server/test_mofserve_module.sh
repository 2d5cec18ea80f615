#!/bin/sh
# mofserve --provider: a module built from mofc gen output and the author's
# code (tests/server/demo_provider.c) serves Demo_Box: its instances hide
# the store's for that class, its methods run (instance and static), what
# it leaves NULL answers CIM_ERR_NOT_SUPPORTED; modules that cannot be used
# are refused with the reason.
. "$(dirname "$0")/lib.sh"
CC=${CC:-cc}

build_module || { fail "the module does not build"; finish; exit 1; }
ok

start mod --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --namespace $NS --provider "$T/demo.so" || exit 1
r=$(intrinsic EnumerateInstanceNames "$(classname ClassName Demo_Box)")
expect "the module's boxes, not the store's" "$(printf '%s' "$r" | grep -o 'string"[^>]*>[a-z0-9]*<' | sed 's/.*>//' | tr -d '<\n')" m1m2
r=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Box Name m2)</IPARAMVALUE>")
expect_match "GetInstance from the module (a typed struct posted)" "$r" '<PROPERTY NAME="Capacity" TYPE="uint32"><VALUE>20<'
expect "GetInstance missing: 6" "$(errcode "$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Box Name b1)</IPARAMVALUE>")")" 6
expect "CreateInstance NULL in the module: 7" "$(errcode "$(intrinsic CreateInstance '<IPARAMVALUE NAME="NewInstance"><INSTANCE CLASSNAME="Demo_Box"><PROPERTY NAME="Name" TYPE="string"><VALUE>m3</VALUE></PROPERTY></INSTANCE></IPARAMVALUE>')")" 7
expect "DeleteInstance NULL in the module: 7" "$(errcode "$(intrinsic DeleteInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Box Name m1)</IPARAMVALUE>")")" 7
r=$(intrinsic ModifyInstance "<IPARAMVALUE NAME=\"ModifiedInstance\"><VALUE.NAMEDINSTANCE>$(iname Demo_Box Name m1)<INSTANCE CLASSNAME=\"Demo_Box\"><PROPERTY NAME=\"Capacity\" TYPE=\"uint32\"><VALUE>11</VALUE></PROPERTY></INSTANCE></VALUE.NAMEDINSTANCE></IPARAMVALUE>")
expect "ModifyInstance in the module" "$(errcode "$r")" ""
r=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Box Name m1)</IPARAMVALUE>")
expect_match "ModifyInstance took effect" "$r" '<PROPERTY NAME="Capacity" TYPE="uint32"><VALUE>11<'
r=$(intrinsic EnumerateInstanceNames "$(classname ClassName Demo_Thing)")
expect "other classes still from the store" "$(count_of "$r" '<INSTANCENAME ')" 2

# every class property is sent, NULL where the provider set none (Note), as
# OMI and OpenPegasus do; IncludeClassOrigin adds CLASSORIGIN to each
GI_M1="<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Box Name m1)</IPARAMVALUE>"
r=$(intrinsic GetInstance "$GI_M1")
expect_match "a property the provider left unset: NULL" "$r" '<PROPERTY NAME="Note" TYPE="string"></PROPERTY>'
expect "... no CLASSORIGIN unless asked" "$(count_of "$r" 'CLASSORIGIN=')" 0
r=$(intrinsic EnumerateInstances "$(classname ClassName Demo_Box)")
expect "EnumerateInstances: Note NULL in each" "$(count_of "$r" '<PROPERTY NAME="Note" TYPE="string"></PROPERTY>')" 2
r=$(intrinsic EnumerateInstances "$(classname ClassName Demo_Box)<IPARAMVALUE NAME=\"PropertyList\"><VALUE.ARRAY><VALUE>Capacity</VALUE></VALUE.ARRAY></IPARAMVALUE>")
expect "PropertyList still applies" "$(count_of "$r" '<PROPERTY ')" 2
r=$(intrinsic GetInstance "$GI_M1<IPARAMVALUE NAME=\"IncludeClassOrigin\"><VALUE>true</VALUE></IPARAMVALUE>")
expect "IncludeClassOrigin: CLASSORIGIN on each property" "$(count_of "$r" 'CLASSORIGIN="Demo_Box"')" 3
expect_match "IncludeClassOrigin: on the NULL one too" "$r" '<PROPERTY NAME="Note" CLASSORIGIN="Demo_Box" TYPE="string"></PROPERTY>'

M1="<LOCALINSTANCEPATH>$NS_XML$(iname Demo_Box Name m1)</LOCALINSTANCEPATH>"
CLS="<LOCALCLASSPATH>$NS_XML<CLASSNAME NAME=\"Demo_Box\"/></LOCALCLASSPATH>"
r=$(method 'root%2Fdemo%3ADemo_Box.Name%3D%22m1%22' "$M1" Resize '<PARAMVALUE NAME="NewSize" PARAMTYPE="uint32"><VALUE>42</VALUE></PARAMVALUE>')
expect_match "Resize: return 0" "$r" '<RETURNVALUE PARAMTYPE="uint32"><VALUE>0</VALUE>'
expect_match "Resize: Message out" "$r" '<PARAMVALUE NAME="Message" PARAMTYPE="string"><VALUE>resized to 42<'
r=$(method 'root%2Fdemo%3ADemo_Box' "$CLS" Count '')
expect_match "static Count on the class" "$r" '<PARAMVALUE NAME="Total" PARAMTYPE="uint32"><VALUE>2<'
expect "static Count on an instance: 4" "$(errcode "$(method 'root%2Fdemo%3ADemo_Box.Name%3D%22m1%22' "$M1" Count '')")" 4
expect "Resize on the class: 4" "$(errcode "$(method 'root%2Fdemo%3ADemo_Box' "$CLS" Resize '')")" 4
expect "Resize on a missing box: 6" "$(errcode "$(method 'root%2Fdemo%3ADemo_Box.Name%3D%22zz%22' "<LOCALINSTANCEPATH>$NS_XML$(iname Demo_Box Name zz)</LOCALINSTANCEPATH>" Resize '')")" 6

# class-valued parameters: a REF parameter takes the declared class or a
# subclass, an EmbeddedInstance parameter an instance of it or a subclass;
# another class is refused before the provider runs, naming the parameter
thing_ref() { printf '<VALUE.REFERENCE>%s</VALUE.REFERENCE>' "$(iname "$1" "$2" "$3")"; }
emb() { printf '<PARAMVALUE NAME="Item" PARAMTYPE="string" EmbeddedObject="instance"><VALUE>&lt;INSTANCE CLASSNAME="%s"&gt;&lt;PROPERTY NAME="%s" TYPE="string"&gt;&lt;VALUE&gt;x&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;</VALUE></PARAMVALUE>' "$1" "$2"; }
keep() { method 'root%2Fdemo%3ADemo_Box.Name%3D%22m1%22' "$M1" Keep "$1"; }
r=$(keep "<PARAMVALUE NAME=\"Into\" PARAMTYPE=\"reference\">$(thing_ref Demo_Thing Id t1)</PARAMVALUE>$(emb Demo_Thing Id)")
expect_match "Keep: the declared classes" "$r" '<VALUE>into Demo_Thing, item Demo_Thing<'
r=$(keep "<PARAMVALUE NAME=\"Into\" PARAMTYPE=\"reference\">$(thing_ref Demo_BigThing Id t2)</PARAMVALUE>$(emb Demo_BigThing Id)")
expect_match "Keep: subclasses" "$r" '<VALUE>into Demo_BigThing, item Demo_BigThing<'
r=$(keep "<PARAMVALUE NAME=\"Into\" PARAMTYPE=\"reference\">$(thing_ref Demo_Box Name m2)</PARAMVALUE>")
expect "Keep: a Demo_Box reference for Demo_Thing REF Into: 4" "$(errcode "$r")" 4
expect_match "... naming the parameter and classes" "$r" "parameter .apos;Into.apos;: a reference of class Demo_Box where Demo_Thing \(or a subclass\) is declared"
r=$(keep "$(emb Demo_Box Name)")
expect "Keep: a Demo_Box instance for EmbeddedInstance(\"Demo_Thing\") Item: 4" "$(errcode "$r")" 4
expect_match "... naming the parameter" "$r" "parameter .apos;Item.apos;: an embedded instance of class Demo_Box"
r=$(keep "<PARAMVALUE NAME=\"Item\" PARAMTYPE=\"string\"><VALUE>&lt;INSTANCE CLASSNAME=\"Nope\"&gt;&lt;/INSTANCE&gt;</VALUE></PARAMVALUE>")
expect "Keep: an unknown class as a plain string: 4" "$(errcode "$r")" 4
r=$(keep "<PARAMVALUE NAME=\"Also\" PARAMTYPE=\"reference\"><VALUE.REFARRAY>$(thing_ref Demo_Thing Id t1)$(thing_ref Demo_Box Name m1)</VALUE.REFARRAY></PARAMVALUE>")
expect "Keep: a REF array with one of another class: 4" "$(errcode "$r")" 4

if command -v wbemcli >/dev/null 2>&1; then
    U="http://localhost:$PORT/$NS"
    # wbemcli mi reads the instance and sends it back: it can set a property
    # the provider left unset only because that property is sent (as NULL)
    out=$(wbemcli mi "$U:Demo_Box.Name=\"m2\"" 'Note="hello",Capacity=21' 2>&1)
    expect "wbemcli mi of a property the provider left unset" "$?:$out" "0:$(printf '%s' "$out" | grep -v 'Undefined')"
    expect_match "wbemcli mi: applied" "$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Box Name m2)</IPARAMVALUE>")" '<PROPERTY NAME="Capacity" TYPE="uint32"><VALUE>21<'
    out=$(wbemcli cm -nl "$U:Demo_Box.Name=\"m2\"" 'Resize.NewSize=5' 2>&1)
    expect_match "wbemcli cm Resize" "$out" 'Resize: 0'
    expect_match "wbemcli cm Resize: Message" "$out" 'Message \(string\): resized to 5'
    expect_match "wbemcli ein from the module" "$(wbemcli ein "$U:Demo_Box" 2>&1)" 'Demo_Box.Name="m2"'
fi
stop "$SPID"

# ---- a subclass provider whose enumerate is the skeleton's NOT_SUPPORTED stub ------------
# is left out of its base class's enumeration, as CIMOMs do (the answer was
# cut short: "Transferred a partial file"); asked for itself it still says so.
build_module "$T/demo_stub.so" -DDEMO_BIG_STUB || fail "the stub module does not build"
start stub --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --namespace $NS --provider "$T/demo_stub.so" || exit 1
r=$(intrinsic EnumerateInstanceNames "$(classname ClassName Demo_Thing)")
expect "base class enumerated without the stubbed subclass: no error" "$(errcode "$r")" ""
expect "... the store's Demo_Thing instance is there" "$(count_of "$r" '<INSTANCENAME ')" 1
expect "the stubbed class itself: 7" "$(errcode "$(intrinsic EnumerateInstanceNames "$(classname ClassName Demo_BigThing)")")" 7
if command -v wbemcli >/dev/null 2>&1; then
    expect_match "wbemcli ein of the base class" "$(wbemcli ein "http://localhost:$PORT/$NS:Demo_Thing" 2>&1)" 'Demo_Thing.Id="t1"'
fi
stop "$SPID"
# A subclass provider that fails otherwise after the store posted the base
# class's instance, within one queue: the answer is the CIM error alone
# (it was cut after the first results), for curl and wbemcli.
build_module "$T/demo_fail.so" -DDEMO_BIG_STUB -DDEMO_BIG_FAIL || fail "the failing module does not build"
start fail --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --namespace $NS --provider "$T/demo_fail.so" || exit 1
r=$(intrinsic EnumerateInstanceNames "$(classname ClassName Demo_Thing)")
expect "a failure within one queue: the error (1)" "$(errcode "$r")" 1
expect "... and no result before it" "$(count_of "$r" '<INSTANCENAME ')" 0
if command -v wbemcli >/dev/null 2>&1; then
    expect_match "wbemcli ein: the CIM error, not a broken transfer" "$(wbemcli ein "http://localhost:$PORT/$NS:Demo_Thing" 2>&1)" 'CIM_ERR_FAILED|device is gone'
fi
stop "$SPID"

# ---- the authenticated user reaches the provider (op->user, inv->user) -------------------
printf 'alice:wonder\ncarol:secret\n' >"$T/users"
start auth --schema "$D/demo.mof" --namespace $NS --provider "$T/demo.so" --auth "$T/users" || exit 1
CURL_USER=alice:wonder
r=$(method 'root%2Fdemo%3ADemo_Box.Name%3D%22m1%22' "$M1" Resize '<PARAMVALUE NAME="NewSize" PARAMTYPE="uint32"><VALUE>7</VALUE></PARAMVALUE>')
expect_match "the method sees the user (inv->user)" "$r" '<VALUE>resized to 7 for alice<'
expect "alice may enumerate (op->user)" "$(count_of "$(intrinsic EnumerateInstanceNames "$(classname ClassName Demo_Box)")" '<INSTANCENAME ')" 2
CURL_USER=carol:secret
r=$(intrinsic EnumerateInstanceNames "$(classname ClassName Demo_Box)")
expect "the provider refuses carol by her name: 2" "$(errcode "$r")" 2
expect_match "... and says so" "$r" 'carol may not list boxes'
CURL_USER=carol:wrong
expect "wrong password: no answer body" "$(intrinsic EnumerateInstanceNames "$(classname ClassName Demo_Box)")" ""
CURL_USER=
stop "$SPID"

# ---- a module without get: GetInstance from its enumeration (as KonkretCMPI) ------------
${CC:-cc} -std=c11 -Wall -Wextra -Werror -Wno-unused-function -shared -fPIC -pthread -DDEMO_ENUM_ONLY -I"$T/gen" -Iruntime \
    "$T/gen/demo.c" "$D/demo_provider.c" -o "$T/demo_enum.so"
start enumonly --schema "$D/demo.mof" --namespace $NS --provider "$T/demo_enum.so" || exit 1
r=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Box Name m2)</IPARAMVALUE>")
expect_match "GetInstance without get: found in the enumeration" "$r" '<PROPERTY NAME="Capacity" TYPE="uint32"><VALUE>20<'
expect "... and a missing one: 6" "$(errcode "$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Box Name zz)</IPARAMVALUE>")")" 6
expect_match "a method on an instance found so" "$(method 'root%2Fdemo%3ADemo_Box.Name%3D%22m1%22' "$M1" Resize '<PARAMVALUE NAME="NewSize" PARAMTYPE="uint32"><VALUE>3</VALUE></PARAMVALUE>')" '<RETURNVALUE PARAMTYPE="uint32"><VALUE>0<'

stop "$SPID"

# ---- modules that cannot be used -------------------------------------------------------
"$MOFSERVE" --schema "$D/demo.mof" --listen 127.0.0.1:0 --provider "$T/demo.so" --provider "$T/demo.so" >"$T/o.log" 2>&1
expect "the same class twice: exit 1" "$?" 1
expect_match "the same class twice: says so" "$(cat "$T/o.log")" 'class Demo_Box has two providers'
printf 'class Demo_Thing {\n  [Key] string Id;\n};\n' >"$T/thing.mof"
"$MOFSERVE" --schema "$T/thing.mof" --listen 127.0.0.1:0 --provider "$T/demo.so" >"$T/o.log" 2>&1
expect "a class the schema declares otherwise: exit 1" "$?" 1
expect_match "a class the schema declares otherwise: says which" "$(cat "$T/o.log")" 'class Demo_Thing: property Label is in module demo, not in the schema'
# a module named without '/': a file of that name here is loaded (dlopen
# alone would search the library path); none: the message says how to name it
mkdir -p "$T/here" && cp "$T/demo.so" "$T/here/demo.so"
SERVER_PREFIX="cd '$T/here';" serve_start "$(pwd)/$MOFSERVE" bare --schema "$D/demo.mof" --provider demo.so
expect "--provider demo.so (a file here) starts" "$?" 0
stop "$SPID"
(cd "$T/here" && "$OLDPWD/$MOFSERVE" --schema "$D/demo.mof" --listen 127.0.0.1:0 --provider nosuch.so) >"$T/o.log" 2>&1
expect "--provider nosuch.so: exit 1" "$?" 1
expect_match "... says it was searched as a library name, and how to give a path" "$(cat "$T/o.log")" \
    'cannot load nosuch.so: no such file here, and as a library name .*give a path, e.g. ./nosuch.so'
printf 'int not_a_module(void);\nint not_a_module(void) { return 1; }\n' >"$T/other.c"
$CC -shared -fPIC "$T/other.c" -o "$T/other.so"
"$MOFSERVE" --schema "$D/demo.mof" --listen 127.0.0.1:0 --provider "$T/other.so" >"$T/o.log" 2>&1
expect "a shared object without the entry point: exit 1" "$?" 1
expect_match "without the entry point: says so" "$(cat "$T/o.log")" 'is not a provider module \(no mofrt_module_main\)'

finish
