#!/bin/sh
# The instance store checks what CreateInstance / ModifyInstance give it
# against the class (DSP0200 5.3.2.6 / 5.3.2.8: CIM_ERR_INVALID_PARAMETER,
# 4, naming the property) and keeps it typed as declared, durably:
# - a TYPE other than the declared one, an array for a scalar and the
#   reverse, a value out of the type's range: refused, nothing stored;
# - a reference to an instance of another class than the declared one (or
#   a subclass), without or with other keys: refused; its key values are
#   stored typed as the referenced class declares them (uint32, not the
#   uint64 a KEYVALUE VALUETYPE="numeric" decodes to);
# - an embedded instance of another class than the EmbeddedInstance one
#   (or a subclass), of an unknown class, or with a wrongly typed property:
#   refused;
# - CreateInstance of an [Abstract] class: refused;
# - CreateInstance applies the class's MOF defaults to what it does not
#   give (as instances loaded from MOF get them);
# - ModifyInstance whose INSTANCE is of another class than the instance
#   its INSTANCENAME names: refused, not applied;
# - a property a later schema dropped: dropped from the --state instances
#   at start-up with a warning, durably.
. "$(dirname "$0")/lib.sh"

start st --schema "$D/store.mof" --instances "$D/store_instances.mof" --namespace $NS --state "$T/state" || exit 1

prop() { printf '<PROPERTY NAME="%s" TYPE="%s"><VALUE>%s</VALUE></PROPERTY>' "$1" "$2" "$3"; }
aprop() { printf '<PROPERTY.ARRAY NAME="%s" TYPE="%s"><VALUE.ARRAY><VALUE>%s</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>' "$1" "$2" "$3"; }
create() { intrinsic CreateInstance "<IPARAMVALUE NAME=\"NewInstance\"><INSTANCE CLASSNAME=\"$1\">$2</INSTANCE></IPARAMVALUE>"; }
desc() { printf '%s' "$1" | tr -d '\n' | sed -n 's/.*<ERROR CODE="[0-9]*" DESCRIPTION="\([^"]*\)".*/\1/p'; }
# cart NUM [NUMTYPE]: the instance name of Sto_Cart Site="n" Num=NUM
cart() { printf '<INSTANCENAME CLASSNAME="%s"><KEYBINDING NAME="Site"><KEYVALUE VALUETYPE="string">n</KEYVALUE></KEYBINDING><KEYBINDING NAME="Num"><KEYVALUE VALUETYPE="numeric">%s</KEYVALUE></KEYBINDING></INSTANCENAME>' "${2:-Sto_Cart}" "$1"; }
get_cart() { intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(cart "$1")</IPARAMVALUE>"; }
ncarts() { count_of "$(intrinsic EnumerateInstanceNames "$(classname ClassName Sto_Cart)")" '<INSTANCENAME '; }
K="$(prop Site string n)"
emb() { printf '<PROPERTY NAME="Load" TYPE="string" EmbeddedObject="instance"><VALUE>%s</VALUE></PROPERTY>' "$1"; }
# an escaped INSTANCE of CLASS with property PROP of TYPE and VALUE
einst() { printf '&lt;INSTANCE CLASSNAME="%s"&gt;&lt;PROPERTY NAME="%s" TYPE="%s"&gt;&lt;VALUE&gt;%s&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;' "$1" "$2" "$3" "$4"; }

# ---- types and shapes ----------------------------------------------------------------
r=$(create Sto_Cart "$K$(prop Num string abc)")
expect "a uint32 key given TYPE=string: CIM_ERR_INVALID_PARAMETER" "$(errcode "$r")" 4
expect "... naming the property and the types" "$(desc "$r")" "Num: expected a uint32 value, got string"
r=$(create Sto_Cart "$K$(prop Num string 7)")
expect "a uint32 key given TYPE=string even when its text is a number" "$(errcode "$r")" 4
r=$(create Sto_Cart "$K$(prop Num uint32 7)$(prop Axles boolean true)")
expect "a uint32 property given TYPE=boolean" "$(desc "$r")" "Axles: expected a uint32 value, got boolean"
r=$(create Sto_Cart "$K$(prop Num uint32 7)$(aprop State uint16 1)")
expect "an array for a scalar property" "$(desc "$r")" "State: is a scalar, given an array"
r=$(create Sto_Cart "$K$(prop Num uint32 7)$(prop Tags string x)")
expect "a scalar for an array property" "$(desc "$r")" "Tags: is an array, given a scalar"
r=$(create Sto_Cart "$K$(prop Num uint32 7)$(aprop Codes uint8 1)")
expect "an array of another type" "$(desc "$r")" "Codes: element 0: expected a string value, got uint8"
r=$(create Sto_Cart "$K$(prop Num uint32 7)$(prop Wheels uint8 300)")
expect "a uint8 out of range" "$(errcode "$r")" 4
r=$(create Sto_Cart "$K$(prop Num uint32 7)$(prop Nope string x)")
expect "a property the class does not have" "$(errcode "$r")" 4
expect_match "... named" "$(desc "$r")" 'Nope'
expect "nothing of these was stored" "$(ncarts)" 1

# ---- abstract class --------------------------------------------------------------------
r=$(create Sto_Base "$K$(prop Num uint32 8)")
expect "CreateInstance of an [Abstract] class" "$(errcode "$r")" 4
expect_match "... says so" "$(desc "$r")" 'Sto_Base is abstract'
expect "nothing stored under it" "$(count_of "$(intrinsic EnumerateInstanceNames "$(classname ClassName Sto_Base)")" '<INSTANCENAME ')" 1

# ---- defaults ----------------------------------------------------------------------------
r=$(create Sto_Cart "$K$(prop Num uint32 9)$(prop Wheels uint8 6)")
expect "a well-typed CreateInstance" "$(errcode "$r")" ""
r=$(get_cart 9)
expect_match "the class's default of a property not given (State = 2)" "$r" '<PROPERTY NAME="State"[^>]*TYPE="uint16"><VALUE>2</VALUE>'
expect_match "an inherited default (Axles = 2)" "$r" '<PROPERTY NAME="Axles"[^>]*TYPE="uint32"><VALUE>2</VALUE>'
expect_match "an array default (Codes = {a, b})" "$r" '<PROPERTY.ARRAY NAME="Codes"[^>]*><VALUE.ARRAY><VALUE>a</VALUE><VALUE>b</VALUE></VALUE.ARRAY>'
expect_match "a given value wins over the default (Wheels = 6)" "$r" '<PROPERTY NAME="Wheels"[^>]*TYPE="uint8"><VALUE>6</VALUE>'

# ---- embedded instances --------------------------------------------------------------------
r=$(create Sto_Cart "$K$(prop Num uint32 10)$(emb "$(einst Sto_Other Id string x)")")
expect "an embedded instance of another class than EmbeddedInstance's" "$(desc "$r")" \
    "Load: an embedded instance of Sto_Other, which is not a Sto_Part"
r=$(create Sto_Cart "$K$(prop Num uint32 10)$(emb "$(einst No_Such Id string x)")")
expect "an embedded instance of an unknown class" "$(errcode "$r")" 4
r=$(create Sto_Cart "$K$(prop Num uint32 10)$(emb "$(einst Sto_Crate Size string big)")")
expect "an embedded instance's own properties are checked" "$(desc "$r")" \
    "Load: embedded Sto_Crate: Size: expected a uint32 value, got string"
r=$(create Sto_Cart "$K$(prop Num uint32 10)$(emb "$(einst Sto_Crate Size uint32 5)")")
expect "an embedded instance of a subclass of the EmbeddedInstance class" "$(errcode "$r")" ""
expect_match "... stored and served" "$(get_cart 10)" 'Sto_Crate.*Size.*5'

# ---- references ---------------------------------------------------------------------------------
holds() { create Sto_Holds "<PROPERTY.REFERENCE NAME=\"Holder\" REFERENCECLASS=\"Sto_Base\"><VALUE.REFERENCE>$1</VALUE.REFERENCE></PROPERTY.REFERENCE><PROPERTY.REFERENCE NAME=\"Held\" REFERENCECLASS=\"Sto_Part\"><VALUE.REFERENCE>$(iname Sto_Part Name p1)</VALUE.REFERENCE></PROPERTY.REFERENCE>"; }
r=$(holds "$(iname Sto_Other Id o1)")
expect "a reference to another class than the declared one" "$(desc "$r")" \
    "Holder: a reference to an instance of Sto_Other, which is not a Sto_Base"
r=$(holds "$(iname Sto_Cart Site n)")
expect "a reference without a key of its class" "$(desc "$r")" "Holder: a reference to Sto_Cart without its key Num"
r=$(holds "$(cart 1 | sed 's|</INSTANCENAME>|<KEYBINDING NAME="Wheels"><KEYVALUE VALUETYPE="numeric">4</KEYVALUE></KEYBINDING></INSTANCENAME>|')")
expect "a reference with a binding that is not a key" "$(errcode "$r")" 4
r=$(holds "$(cart 4294967296)")
expect "a reference key out of the key's range (uint32)" "$(errcode "$r")" 4
r=$(holds "$(cart 1)")
expect "a reference to a subclass of the declared class" "$(errcode "$r")" ""
expect_match "the reference's numeric key is typed as the key (uint32)" "$r" 'KEYVALUE VALUETYPE="numeric" TYPE="uint32">1<'

# ---- ModifyInstance ------------------------------------------------------------------------------
modify() { intrinsic ModifyInstance "<IPARAMVALUE NAME=\"ModifiedInstance\"><VALUE.NAMEDINSTANCE>$1<INSTANCE CLASSNAME=\"$2\">$3</INSTANCE></VALUE.NAMEDINSTANCE></IPARAMVALUE>"; }
r=$(modify "$(cart 9)" Sto_Cart "$(prop Axles string lots)")
expect "ModifyInstance with a wrong TYPE" "$(desc "$r")" "Axles: expected a uint32 value, got string"
r=$(modify "$(iname Sto_Part Name p1)" Sto_Other "$(prop Note string x)")
expect "ModifyInstance whose INSTANCE is of another class than its INSTANCENAME's" "$(errcode "$r")" 4
expect "... not applied" "$(count_of "$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Sto_Part Name p1)</IPARAMVALUE>")" '<VALUE>x</VALUE>')" 0
r=$(modify "$(cart 9)" Sto_Cart "$(prop Axles uint32 5)")
expect "a well-typed ModifyInstance" "$(errcode "$r")" ""
expect_match "... applied" "$(get_cart 9)" '<PROPERTY NAME="Axles"[^>]*TYPE="uint32"><VALUE>5</VALUE>'
expect "nothing refused was applied (Wheels)" "$(count_of "$(get_cart 9)" 'NAME="Wheels"[^>]*><VALUE>6<')" 1

# ---- durable as typed ---------------------------------------------------------------------------
kill -9 "$SPID"; wait "$SPID" 2>/dev/null
start st2 --schema "$D/store.mof" --instances "$D/store_instances.mof" --namespace $NS --state "$T/state" || exit 1
expect "after kill -9: the carts created" "$(ncarts)" 3
r=$(get_cart 9)
expect_match "after kill -9: the key typed uint32" "$r" '<PROPERTY NAME="Num"[^>]*TYPE="uint32"><VALUE>9</VALUE>'
expect_match "after kill -9: the defaults and the change" "$r" 'NAME="State"[^>]*><VALUE>2<.*NAME="Axles"[^>]*><VALUE>5<'
expect_match "after kill -9: the association's reference key typed" \
    "$(intrinsic EnumerateInstanceNames "$(classname ClassName Sto_Holds)")" 'TYPE="uint32">1<'

# ---- a property the schema no longer has --------------------------------------------------
# The stored instances keep no property their class does not declare: it is
# dropped at start, with a warning naming the class and the property, and
# durably (said once). (A class the schema no longer has refuses start-up.)
stop "$SPID"
grep -v 'uint8 Wheels = 4;' "$D/store.mof" >"$T/store2.mof"
start st3 --schema "$T/store2.mof" --namespace $NS --state "$T/state" || exit 1
expect_match "start-up warns of the dropped property" "$(cat "$T/st3.log")" \
    'warning: class Sto_Cart has no property Wheels any more: dropped from 3 stored instance\(s\)'
r=$(get_cart 9)
expect "GetInstance no longer serves it" "$(count_of "$r" 'NAME="Wheels"')" 0
expect_match "... the rest stays" "$r" 'NAME="Axles"[^>]*><VALUE>5<'
kill -9 "$SPID"; wait "$SPID" 2>/dev/null
start st4 --schema "$T/store2.mof" --namespace $NS --state "$T/state" || exit 1
expect "dropped durably: no warning at the next start" "$(grep -c warning "$T/st4.log")" 0
expect "... and still not served" "$(count_of "$(get_cart 9)" 'NAME="Wheels"')" 0
finish
