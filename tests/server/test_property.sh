#!/bin/sh
# GetProperty and SetProperty (DSP0200 5.3.2.18 / 5.3.2.19) over the
# instance store and a module, and ModifyInstance's own rules (5.3.2.8):
# - GetProperty answers the value as VALUE, VALUE.ARRAY or VALUE.REFERENCE,
#   nothing in IRETURNVALUE for NULL; CIM_ERR_NOT_FOUND (6) without the
#   instance, CIM_ERR_NO_SUCH_PROPERTY (12) without the property,
#   CIM_ERR_INVALID_CLASS (5), CIM_ERR_INVALID_PARAMETER (4) for missing or
#   unknown parameters;
# - SetProperty types the new value as the property is declared (untyped
#   VALUEs, as IPARAMVALUEs are) and refuses one it cannot take with
#   CIM_ERR_TYPE_MISMATCH (13), nothing changed; no NewValue sets NULL; a
#   key may be "set" to its own value only (4 otherwise); through a
#   module's modify too;
# - ModifyInstance: a PropertyList name the class does not have is
#   CIM_ERR_INVALID_PARAMETER (not ignored), an empty PropertyList changes
#   nothing, a key property given another value than the instance name's is
#   CIM_ERR_INVALID_PARAMETER (it was silently ignored), an equal one
#   (uint32 1 for the name's KEYVALUE 1) is accepted; a property the
#   PropertyList names and the instance lacks is set to its default, or
#   NULL (it was left as it was).
. "$(dirname "$0")/lib.sh"

start st --schema "$D/store.mof" --instances "$D/store_instances.mof" --namespace $NS --state "$T/state" || exit 1

cart() { printf '<INSTANCENAME CLASSNAME="Sto_Cart"><KEYBINDING NAME="Site"><KEYVALUE VALUETYPE="string">n</KEYVALUE></KEYBINDING><KEYBINDING NAME="Num"><KEYVALUE VALUETYPE="numeric">%s</KEYVALUE></KEYBINDING></INSTANCENAME>' "$1"; }
pname() { printf '<IPARAMVALUE NAME="PropertyName"><VALUE>%s</VALUE></IPARAMVALUE>' "$1"; }
# getp INSTANCENAME PROP; setp INSTANCENAME PROP [NEWVALUE-XML]
getp() { intrinsic GetProperty "<IPARAMVALUE NAME=\"InstanceName\">$1</IPARAMVALUE>$(pname "$2")"; }
setp() { intrinsic SetProperty "<IPARAMVALUE NAME=\"InstanceName\">$1</IPARAMVALUE>$(pname "$2")${3:+<IPARAMVALUE NAME=\"NewValue\">$3</IPARAMVALUE>}"; }
ret() { printf '%s' "$1" | tr -d '\n' | sed -n 's|.*<IMETHODRESPONSE NAME="[A-Za-z]*">\(.*\)</IMETHODRESPONSE>.*|\1|p'; }
desc() { printf '%s' "$1" | tr -d '\n' | sed -n 's/.*<ERROR CODE="[0-9]*" DESCRIPTION="\([^"]*\)".*/\1/p'; }
C1=$(cart 1)
# got PROP: what GetProperty of cart 1's PROP returns (the IRETURNVALUE)
got() { ret "$(getp "$C1" "$1")"; }

# ---- GetProperty --------------------------------------------------------------------------
expect "GetProperty of a scalar (the class default Wheels = 4)" "$(got Wheels)" \
    '<IRETURNVALUE><VALUE>4</VALUE></IRETURNVALUE>'
expect "GetProperty of an array" "$(got Tags)" \
    '<IRETURNVALUE><VALUE.ARRAY><VALUE>flat</VALUE></VALUE.ARRAY></IRETURNVALUE>'
expect "GetProperty of a NULL property: nothing returned" "$(got Seen)" '<IRETURNVALUE></IRETURNVALUE>'
expect "GetProperty of an inherited-case name (case-insensitive)" "$(got wheels)" \
    '<IRETURNVALUE><VALUE>4</VALUE></IRETURNVALUE>'
expect "GetProperty of a property the class does not have: 12" "$(errcode "$(getp "$C1" Colour)")" 12
expect "GetProperty of a missing instance: 6" "$(errcode "$(getp "$(cart 99)" Wheels)")" 6
expect "GetProperty of an unknown class: 5" "$(errcode "$(getp "$(iname No_Such Id x)" Wheels)")" 5
expect "GetProperty without PropertyName: 4" \
    "$(errcode "$(intrinsic GetProperty "<IPARAMVALUE NAME=\"InstanceName\">$C1</IPARAMVALUE>")")" 4
expect "GetProperty without InstanceName: 4" "$(errcode "$(intrinsic GetProperty "$(pname Wheels)")")" 4
expect "GetProperty with an unknown parameter: 4" \
    "$(errcode "$(intrinsic GetProperty "<IPARAMVALUE NAME=\"InstanceName\">$C1</IPARAMVALUE>$(pname Wheels)<IPARAMVALUE NAME=\"Bogus\"><VALUE>1</VALUE></IPARAMVALUE>")")" 4
r=$(intrinsic CreateInstance '<IPARAMVALUE NAME="NewInstance"><INSTANCE CLASSNAME="Sto_Holds"><PROPERTY.REFERENCE NAME="Holder"><VALUE.REFERENCE>'"$C1"'</VALUE.REFERENCE></PROPERTY.REFERENCE><PROPERTY.REFERENCE NAME="Held"><VALUE.REFERENCE><INSTANCENAME CLASSNAME="Sto_Part"><KEYBINDING NAME="Name"><KEYVALUE VALUETYPE="string">p1</KEYVALUE></KEYBINDING></INSTANCENAME></VALUE.REFERENCE></PROPERTY.REFERENCE></INSTANCE></IPARAMVALUE>')
expect "an association to read a reference from" "$(errcode "$r")" ""
HOLDS=$(printf '%s' "$r" | tr -d '\n' | sed -n 's|.*<IRETURNVALUE>\(<INSTANCENAME.*</INSTANCENAME>\)</IRETURNVALUE>.*|\1|p')
expect_match "GetProperty of a reference: VALUE.REFERENCE" "$(ret "$(getp "$HOLDS" Held)")" \
    '^<IRETURNVALUE><VALUE.REFERENCE>.*CLASSNAME="Sto_Part".*>p1</KEYVALUE>.*</VALUE.REFERENCE></IRETURNVALUE>$'

# ---- SetProperty --------------------------------------------------------------------------
expect "SetProperty of an untyped value: typed as declared (uint8)" "$(ret "$(setp "$C1" Wheels '<VALUE>9</VALUE>')")" \
    '<IRETURNVALUE></IRETURNVALUE>'
expect "... read back" "$(got Wheels)" '<IRETURNVALUE><VALUE>9</VALUE></IRETURNVALUE>'
expect_match "... and served typed by GetInstance" \
    "$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$C1</IPARAMVALUE>")" 'NAME="Wheels"[^>]*TYPE="uint8"><VALUE>9<'
r=$(setp "$C1" Wheels '<VALUE>300</VALUE>')
expect "SetProperty out of the type's range: CIM_ERR_TYPE_MISMATCH" "$(errcode "$r")" 13
expect "SetProperty of a word for a number: 13" "$(errcode "$(setp "$C1" Wheels '<VALUE>many</VALUE>')")" 13
expect "SetProperty of an array for a scalar: 13" \
    "$(errcode "$(setp "$C1" Wheels '<VALUE.ARRAY><VALUE>1</VALUE></VALUE.ARRAY>')")" 13
expect "SetProperty of a scalar for an array: 13" "$(errcode "$(setp "$C1" Tags '<VALUE>x</VALUE>')")" 13
expect "SetProperty of an embedded instance of another class than declared: 13" \
    "$(errcode "$(setp "$C1" Load '<VALUE>&lt;INSTANCE CLASSNAME="Sto_Other"&gt;&lt;PROPERTY NAME="Id" TYPE="string"&gt;&lt;VALUE&gt;x&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;</VALUE>')")" 13
expect "SetProperty of a reference to another class than declared: 13" \
    "$(errcode "$(setp "$HOLDS" Held "<VALUE.REFERENCE>$(iname Sto_Other Id o1)</VALUE.REFERENCE>")")" 13
expect "SetProperty with an INSTANCE as NewValue: 4" \
    "$(errcode "$(setp "$C1" Wheels '<INSTANCE CLASSNAME="Sto_Other"></INSTANCE>')")" 4
expect "nothing refused was applied" "$(got Wheels)" '<IRETURNVALUE><VALUE>9</VALUE></IRETURNVALUE>'
expect "SetProperty of a property the class does not have: 12" "$(errcode "$(setp "$C1" Colour '<VALUE>x</VALUE>')")" 12
expect "SetProperty of a missing instance: 6" "$(errcode "$(setp "$(cart 99)" Wheels '<VALUE>1</VALUE>')")" 6
expect "SetProperty of an array" "$(errcode "$(setp "$C1" Tags '<VALUE.ARRAY><VALUE>x</VALUE><VALUE>y</VALUE></VALUE.ARRAY>')")" ""
expect "... read back" "$(got Tags)" \
    '<IRETURNVALUE><VALUE.ARRAY><VALUE>x</VALUE><VALUE>y</VALUE></VALUE.ARRAY></IRETURNVALUE>'
expect "SetProperty without NewValue: NULL" "$(errcode "$(setp "$C1" Tags)")" ""
expect "... read back as nothing" "$(got Tags)" '<IRETURNVALUE></IRETURNVALUE>'
r=$(setp "$C1" Num '<VALUE>2</VALUE>')
expect "SetProperty of a key to another value: 4" "$(errcode "$r")" 4
expect_match "... saying it is a key" "$(desc "$r")" 'Num is a key'
expect "SetProperty of a key to its own value" "$(errcode "$(setp "$C1" Num '<VALUE>1</VALUE>')")" ""
expect "the instance is still there under its name" "$(got Num)" '<IRETURNVALUE><VALUE>1</VALUE></IRETURNVALUE>'

# ---- ModifyInstance ------------------------------------------------------------------------
plist() { printf '<IPARAMVALUE NAME="PropertyList"><VALUE.ARRAY>%s</VALUE.ARRAY></IPARAMVALUE>' "$1"; }
modify() { intrinsic ModifyInstance "<IPARAMVALUE NAME=\"ModifiedInstance\"><VALUE.NAMEDINSTANCE>$1<INSTANCE CLASSNAME=\"$2\">$3</INSTANCE></VALUE.NAMEDINSTANCE></IPARAMVALUE>$4"; }
prop() { printf '<PROPERTY NAME="%s" TYPE="%s"><VALUE>%s</VALUE></PROPERTY>' "$1" "$3" "$2"; }
r=$(modify "$C1" Sto_Cart "$(prop Wheels 5 uint8)" "$(plist '<VALUE>Wheels</VALUE><VALUE>Colour</VALUE>')")
expect "ModifyInstance: a PropertyList name the class does not have: 4" "$(errcode "$r")" 4
expect_match "... named" "$(desc "$r")" 'PropertyList: no such property: Colour'
expect "... nothing applied" "$(got Wheels)" '<IRETURNVALUE><VALUE>9</VALUE></IRETURNVALUE>'
expect "ModifyInstance with an empty PropertyList" "$(errcode "$(modify "$C1" Sto_Cart "$(prop Wheels 5 uint8)" "$(plist '')")")" ""
expect "... changes nothing" "$(got Wheels)" '<IRETURNVALUE><VALUE>9</VALUE></IRETURNVALUE>'
r=$(modify "$C1" Sto_Cart "$(prop Site n string)$(prop Num 2 uint32)$(prop Wheels 5 uint8)")
expect "ModifyInstance whose INSTANCE has another key value than its name: 4" "$(errcode "$r")" 4
expect_match "... naming the key" "$(desc "$r")" 'Num is a key'
expect "... nothing applied" "$(got Wheels)" '<IRETURNVALUE><VALUE>9</VALUE></IRETURNVALUE>'
expect "... no instance made under the other key" "$(errcode "$(getp "$(cart 2)" Wheels)")" 6
r=$(modify "$C1" Sto_Cart "$(prop Site n string)$(prop Num 1 uint32)$(prop Wheels 5 uint8)" "$(plist '<VALUE>Wheels</VALUE>')")
expect "ModifyInstance with the keys as named (uint32 1 for the KEYVALUE 1)" "$(errcode "$r")" ""
expect "... applied" "$(got Wheels)" '<IRETURNVALUE><VALUE>5</VALUE></IRETURNVALUE>'
# DSP0200 5.3.2.8: a property the PropertyList names and ModifiedInstance
# lacks is set to its default, or NULL without one (it was left as it was)
expect "(Tags and Codes set first)" \
    "$(errcode "$(setp "$C1" Tags '<VALUE.ARRAY><VALUE>x</VALUE></VALUE.ARRAY>')")$(errcode "$(setp "$C1" Codes '<VALUE.ARRAY><VALUE>z</VALUE></VALUE.ARRAY>')")" ""
r=$(modify "$C1" Sto_Cart "$(prop State 7 uint16)$(prop Axles 9 uint32)" \
    "$(plist '<VALUE>State</VALUE><VALUE>Wheels</VALUE><VALUE>Tags</VALUE><VALUE>Codes</VALUE>')")
expect "ModifyInstance: a PropertyList naming properties the instance lacks" "$(errcode "$r")" ""
expect "... a given one listed: set" "$(got State)" '<IRETURNVALUE><VALUE>7</VALUE></IRETURNVALUE>'
expect "... a listed one not given: its default (Wheels = 4)" "$(got Wheels)" \
    '<IRETURNVALUE><VALUE>4</VALUE></IRETURNVALUE>'
expect "... a listed array not given: its default (Codes = {a, b})" "$(got Codes)" \
    '<IRETURNVALUE><VALUE.ARRAY><VALUE>a</VALUE><VALUE>b</VALUE></VALUE.ARRAY></IRETURNVALUE>'
expect "... a listed one without a default, not given: NULL" "$(got Tags)" '<IRETURNVALUE></IRETURNVALUE>'
expect "... a given one not listed: unchanged (Axles = 2)" "$(got Axles)" \
    '<IRETURNVALUE><VALUE>2</VALUE></IRETURNVALUE>'
r=$(modify "$C1" Sto_Cart "$(prop State 8 uint16)")
expect "ModifyInstance without a PropertyList" "$(errcode "$r")" ""
expect "... sets what is given" "$(got State)" '<IRETURNVALUE><VALUE>8</VALUE></IRETURNVALUE>'
expect "... and leaves what is not given as it was (Codes)" "$(got Codes)" \
    '<IRETURNVALUE><VALUE.ARRAY><VALUE>a</VALUE><VALUE>b</VALUE></VALUE.ARRAY></IRETURNVALUE>'
expect "... (Wheels)" "$(got Wheels)" '<IRETURNVALUE><VALUE>4</VALUE></IRETURNVALUE>'
stop "$SPID"

# ---- through a module ------------------------------------------------------------------------
build_module || { fail "the module does not build"; finish; exit 1; }
start mod --schema "$D/demo.mof" --instances "$D/demo_instances.mof" --namespace $NS --provider "$T/demo.so" || exit 1
M1=$(iname Demo_Box Name m1)
expect "GetProperty from a module" "$(ret "$(getp "$(iname Demo_Box Name m2)" Capacity)")" '<IRETURNVALUE><VALUE>20</VALUE></IRETURNVALUE>'
expect "GetProperty of a property the module left NULL" "$(ret "$(getp "$M1" Note)")" '<IRETURNVALUE></IRETURNVALUE>'
expect "SetProperty through the module's modify" "$(errcode "$(setp "$M1" Capacity '<VALUE>12</VALUE>')")" ""
expect "... read back" "$(ret "$(getp "$M1" Capacity)")" '<IRETURNVALUE><VALUE>12</VALUE></IRETURNVALUE>'
expect "SetProperty of a wrong type never reaches the module: 13" "$(errcode "$(setp "$M1" Capacity '<VALUE>-1</VALUE>')")" 13
expect "GetProperty of a module's missing instance: 6" "$(errcode "$(getp "$(iname Demo_Box Name zz)" Capacity)")" 6
r=$(modify "$M1" Demo_Box "$(prop Name m9 string)$(prop Capacity 13 uint32)")
expect "ModifyInstance of a module's instance with another key value: 4" "$(errcode "$r")" 4
expect "... the module did not apply it" "$(ret "$(getp "$M1" Capacity)")" '<IRETURNVALUE><VALUE>12</VALUE></IRETURNVALUE>'
r=$(modify "$M1" Demo_Box "$(prop Capacity 13 uint32)" "$(plist '<VALUE>Capacity</VALUE><VALUE>Size</VALUE>')")
expect "ModifyInstance of a module's instance, a PropertyList name its class lacks: 4" "$(errcode "$r")" 4
finish
