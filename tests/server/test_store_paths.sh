#!/bin/sh
# ModifyInstance and DeleteInstance by an instance name of a base class
# reach the instance GetInstance finds by the same name, whoever serves its
# class: here a module serves Sto_Part (and has none) and the store its
# subclass Sto_Crate (tests/server/part_provider.c). They asked only the
# base class's provider, which answered CIM_ERR_NOT_FOUND.
. "$(dirname "$0")/lib.sh"

"${MOFC:-$B/mofc}" gen -q -o "$T/gen" --name sto --class Sto_Part "$D/store.mof" || exit 1
${CC:-cc} -std=c11 -Wall -Wextra -Werror -shared -fPIC -pthread -I"$T/gen" -Iruntime \
    "$T/gen/sto.c" "$D/part_provider.c" -o "$T/sto.so" 2>"$T/cc.log" || { cat "$T/cc.log"; exit 1; }
start st --schema "$D/store.mof" --provider "$T/sto.so" --namespace $NS --state "$T/state" || exit 1

part() { printf '<IPARAMVALUE NAME="InstanceName">%s</IPARAMVALUE>' "$(iname "${2:-Sto_Part}" Name "$1")"; }
r=$(intrinsic CreateInstance '<IPARAMVALUE NAME="NewInstance"><INSTANCE CLASSNAME="Sto_Crate"><PROPERTY NAME="Name" TYPE="string"><VALUE>c1</VALUE></PROPERTY></INSTANCE></IPARAMVALUE>')
expect "CreateInstance of the store's subclass" "$(errcode "$r")" ""
expect_match "GetInstance by the base class's name finds it" "$(intrinsic GetInstance "$(part c1)")" '<INSTANCE CLASSNAME="Sto_Crate"'
r=$(intrinsic ModifyInstance "<IPARAMVALUE NAME=\"ModifiedInstance\"><VALUE.NAMEDINSTANCE>$(iname Sto_Part Name c1)<INSTANCE CLASSNAME=\"Sto_Crate\"><PROPERTY NAME=\"Size\" TYPE=\"uint32\"><VALUE>7</VALUE></PROPERTY></INSTANCE></VALUE.NAMEDINSTANCE></IPARAMVALUE>")
expect "ModifyInstance by the base class's name" "$(errcode "$r")" ""
expect_match "... applied" "$(intrinsic GetInstance "$(part c1 Sto_Crate)")" 'NAME="Size"[^>]*><VALUE>7<'
expect "DeleteInstance by the base class's name" "$(errcode "$(intrinsic DeleteInstance "$(part c1)")")" ""
expect "... deleted" "$(errcode "$(intrinsic GetInstance "$(part c1 Sto_Crate)")")" 6
expect "DeleteInstance of what nobody has: CIM_ERR_NOT_FOUND" "$(errcode "$(intrinsic DeleteInstance "$(part c1)")")" 6
r=$(intrinsic ModifyInstance "<IPARAMVALUE NAME=\"ModifiedInstance\"><VALUE.NAMEDINSTANCE>$(iname Sto_Part Name zz)<INSTANCE CLASSNAME=\"Sto_Part\"><PROPERTY NAME=\"Note\" TYPE=\"string\"><VALUE>x</VALUE></PROPERTY></INSTANCE></VALUE.NAMEDINSTANCE></IPARAMVALUE>")
expect "ModifyInstance of what nobody has: CIM_ERR_NOT_FOUND" "$(errcode "$r")" 6
finish
