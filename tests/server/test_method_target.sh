#!/bin/sh
# The target path a method's provider is handed (mofrt_invocation.target)
# has its keys typed as the class declares them, as every other path the
# server writes: a provider that answers it back (an Out REF, a job's
# reference) sends Zone as uint16, not the uint64 a CIM-XML KEYVALUE
# VALUETYPE="numeric" decodes to (newcomer3 #7). A key the class lacks, a
# missing key or one out of its type's range is the client's fault
# (CIM_ERR_INVALID_PARAMETER) before the provider runs.
. "$(dirname "$0")/lib.sh"

"${MOFC:-$B/mofc}" gen -q -o "$T/gen" --name tgt "$D/target.mof" || exit 1
${CC:-cc} -std=c11 -Wall -Wextra -Werror -shared -fPIC -pthread -I"$T/gen" -Iruntime \
    "$T/gen/tgt.c" "$D/target_provider.c" -o "$T/tgt.so" 2>"$T/cc.log" || { cat "$T/cc.log"; exit 1; }
start tgt --schema "$D/target.mof" --provider "$T/tgt.so" --namespace $NS || exit 1

# slot ZONE DELTA [EXTRA-KEYBINDINGS]: Tgt_Slot's instance name, numeric
# and boolean keys as KEYVALUE VALUETYPE="numeric"/"boolean" without TYPE
slot() {
    printf '<INSTANCENAME CLASSNAME="Tgt_Slot"><KEYBINDING NAME="Zone"><KEYVALUE VALUETYPE="numeric">%s</KEYVALUE></KEYBINDING>' "$1"
    printf '<KEYBINDING NAME="Tag"><KEYVALUE VALUETYPE="string">a</KEYVALUE></KEYBINDING>'
    printf '<KEYBINDING NAME="On"><KEYVALUE VALUETYPE="boolean">TRUE</KEYVALUE></KEYBINDING>'
    printf '<KEYBINDING NAME="Delta"><KEYVALUE VALUETYPE="numeric">%s</KEYVALUE></KEYBINDING>%s</INSTANCENAME>' "$2" "${3:-}"
}
# me ZONE DELTA [EXTRA-KEYBINDING EXTRA-CIMOBJECT]: Me() on that slot (the
# CIMObject header names the same path, as DSP0200 7.3 asks)
me() {
    method "root%2Fdemo%3ATgt_Slot.Zone%3D$1%2CTag%3D%22a%22%2COn%3DTRUE%2CDelta%3D$2${4:-}" \
        "<LOCALINSTANCEPATH>$NS_XML$(slot "$1" "$2" "${3:-}")</LOCALINSTANCEPATH>" Me ''
}
# keytypes ANSWER: the TYPE of each KEYVALUE, in order
keytypes() { printf '%s' "$1" | grep -o '<KEYVALUE [^>]*>' | sed 's/.*TYPE="\([a-z0-9]*\)".*/\1/' | tr '\n' ' '; }

r=$(me 7 -3)
expect_match "Me: return 0" "$r" '<RETURNVALUE PARAMTYPE="uint32"><VALUE>0</VALUE>'
expect "the target's keys as declared: uint16, string, boolean, sint64" "$(keytypes "$r")" "uint16 string boolean sint64 "
expect_match "... Zone's value" "$r" '<KEYBINDING NAME="Zone"><KEYVALUE VALUETYPE="numeric" TYPE="uint16">7</KEYVALUE>'
expect_match "... Delta's value" "$r" '<KEYBINDING NAME="Delta"><KEYVALUE VALUETYPE="numeric" TYPE="sint64">-3</KEYVALUE>'
r2=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(slot 7 -3)</IPARAMVALUE>")
expect_match "GetInstance types Zone the same" "$r2" '<PROPERTY NAME="Zone" TYPE="uint16"><VALUE>7<'
expect "sint64 at its ends" "$(keytypes "$(me 99 9223372036854775807)")$(keytypes "$(me 0 -9223372036854775808)")" "uint16 string boolean sint64 uint16 string boolean sint64 "

expect "a Zone over uint16: 4" "$(errcode "$(me 65536 0)")" 4
expect_match "... naming the key" "$(me 65536 0)" 'Zone'
expect "a key the class lacks: 4" "$(errcode "$(me 7 0 '<KEYBINDING NAME="Extra"><KEYVALUE>x</KEYVALUE></KEYBINDING>' '%2CExtra%3D%22x%22')")" 4
r=$(method 'root%2Fdemo%3ATgt_Slot.Zone%3D7' "<LOCALINSTANCEPATH>$NS_XML<INSTANCENAME CLASSNAME=\"Tgt_Slot\"><KEYBINDING NAME=\"Zone\"><KEYVALUE VALUETYPE=\"numeric\">7</KEYVALUE></KEYBINDING></INSTANCENAME></LOCALINSTANCEPATH>" Me '')
expect "a missing key: 4" "$(errcode "$r")" 4
expect "an instance the provider does not have: 6" "$(errcode "$(me 100 0)")" 6
finish
