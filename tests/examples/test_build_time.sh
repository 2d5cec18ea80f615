#!/bin/sh
# examples/build-time against an installed mofc + libmofrt (make install
# PREFIX=...): it builds with pkg-config, runs, regenerates when the MOF or
# a template changes, and does nothing when nothing changed.
. tests/cli/lib.sh
ROOT=$(pwd)
P="$T/prefix"
make -s install B="${B:-build}" CC="${CC:-cc}" SANITIZE="$SANITIZE" PREFIX="$P" >"$T/install.log" 2>&1 && ok "make install PREFIX=..." || { bad "make install"; tail "$T/install.log"; }
[ -x "$P/libexec/mofc/hvclusterd" ] && [ ! -e "$P/bin/hvclusterd" ] \
  && ok "the Hyper-V demo server goes to libexec/mofc, not bin" || bad "hvclusterd installed in bin"
grep -q "note: the Hyper-V demo server is installed as $P/libexec/mofc/hvclusterd" "$T/install.log" \
  && ok "make install says where the demo server went" || bad "make install is silent about hvclusterd"
grep -q "note: $P/lib is not in the dynamic loader's path: link programs with -Wl,-rpath,$P/lib" "$T/install.log" \
  && ok "make install says how programs find libmofrt.so.0" || bad "make install says nothing about the loader path"
# As the Makefile's comment tells users: PKG_CONFIG_PATH as a make argument
# (not exported: make 4.3 does not pass it to $(shell)), no LD_LIBRARY_PATH
# (the program finds libmofrt.so.0 through its run path).
unset PKG_CONFIG_PATH LD_LIBRARY_PATH
SAN=${SANITIZE:+-fsanitize=$SANITIZE}
run_make() { make -s -C "$ROOT/examples/build-time" CC="${CC:-cc}" MOFC="$P/bin/mofc" O="$T/bt" PKG_CONFIG_PATH="$P/lib/pkgconfig" LDFLAGS="$SAN" CFLAGS="-O1 -g $SAN" "$@"; }
mkdir "$T/bt"
make -s -C "$ROOT/examples/build-time" MOFC="$P/bin/mofc" O="$T/bt" >"$T/nopc.log" 2>&1
grep -q "pkg-config does not know mofrt: pass PKG_CONFIG_PATH=" "$T/nopc.log" \
  && ok "without PKG_CONFIG_PATH: says what to pass" || { bad "without PKG_CONFIG_PATH"; cat "$T/nopc.log"; }
run_make >"$T/build.log" 2>&1 && ok "example builds" || { bad "example builds"; tail -20 "$T/build.log"; }
"$T/bt/hello" >"$T/run.out" 2>&1 && ok "example runs (libmofrt.so.0 found through the run path)" || { bad "example runs"; cat "$T/run.out"; }
grep -q "Ex_Greeter has 2 properties; style 2 is Loud; Greet returns Done on success" "$T/run.out" \
  && ok "example prints what the generated code says" || { bad "example output"; cat "$T/run.out"; }
grep -q "share/mofc/templates/header.h.mustache" "$T/bt/gen/hello.d" && ok "dependency file lists the installed templates" || bad "dependency file lists templates"
run_make -q 2>/dev/null && ok "up to date: nothing to rebuild" || bad "up to date: nothing to rebuild"
sleep 1; touch "$P/share/mofc/templates/enum_def.mustache"
run_make -q 2>/dev/null && bad "a changed template triggers regeneration" || ok "a changed template triggers regeneration"
run_make >/dev/null 2>&1
before=$(stat -c %Y "$T/bt/gen/hello.h")
sleep 1; run_make >/dev/null 2>&1
[ "$(stat -c %Y "$T/bt/gen/hello.h")" = "$before" ] && ok "regeneration with the same output keeps the header's time" || bad "header rewritten needlessly"

# A provider module built the way docs/server.md and mofserve(1) say, against
# the installed libmofsrv, loaded by the installed mofserve
"$P/bin/mofc" gen -q -o "$T/mod" --name demo tests/server/demo.mof
if ${CC:-cc} -shared -fPIC $SAN -Wl,-rpath,"$P/lib" "$T/mod/demo.c" tests/server/demo_provider.c -I"$T/mod" \
        $(PKG_CONFIG_PATH="$P/lib/pkgconfig" pkg-config --cflags --libs mofsrv) -o "$T/demo.so" 2>"$T/mod.log"; then
    ok "module builds with pkg-config mofsrv"
else
    bad "module builds with pkg-config mofsrv"; cat "$T/mod.log"
fi
# mofserve links the shared libmofsrv/libmofrt as the module does: one copy
# of their globals (ASan's ODR check stays on), found through its run path.
readelf -d "$P/bin/mofserve" | grep -q 'NEEDED.*libmofsrv\.so\.0' \
  && ok "installed mofserve links the shared libmofsrv" || bad "installed mofserve does not link libmofsrv.so"
"$P/bin/mofserve" --schema tests/server/demo.mof --provider "$T/demo.so" --namespace root/demo \
    --listen 127.0.0.1:0 >"$T/serve.log" 2>&1 &
spid=$!
i=0 port=
while [ $i -lt 100 ] && [ -z "$port" ]; do
    sleep 0.05; i=$((i + 1))
    port=$(sed -n 's/^mofserve: listening on port \([0-9]*\).*/\1/p' "$T/serve.log")
done
body='<?xml version="1.0" encoding="utf-8"?><CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="1" PROTOCOLVERSION="1.0"><SIMPLEREQ><METHODCALL NAME="Resize"><LOCALINSTANCEPATH><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="demo"/></LOCALNAMESPACEPATH><INSTANCENAME CLASSNAME="Demo_Box"><KEYBINDING NAME="Name"><KEYVALUE>m1</KEYVALUE></KEYBINDING></INSTANCENAME></LOCALINSTANCEPATH><PARAMVALUE NAME="NewSize" PARAMTYPE="uint32"><VALUE>9</VALUE></PARAMVALUE></METHODCALL></SIMPLEREQ></MESSAGE></CIM>'
r=$(curl -s --max-time 10 -H 'Content-Type: application/xml' -H 'CIMOperation: MethodCall' -H 'CIMMethod: Resize' \
    -H 'CIMObject: root/demo:Demo_Box.Name="m1"' --data-binary "$body" "http://127.0.0.1:$port/cimom")
case $r in *'resized to 9'*) ok "installed mofserve runs the installed module's method" ;;
           *) bad "installed mofserve + module: $r"; cat "$T/serve.log" ;; esac
kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null
if grep -Eq 'AddressSanitizer|ThreadSanitizer|runtime error:' "$T/serve.log"; then bad "sanitizer report from mofserve + module"; cat "$T/serve.log"; fi

# A staged install (DESTDIR=) runs from the stage too: the run path is
# relative to the executable.
make -s install B="${B:-build}" CC="${CC:-cc}" SANITIZE="$SANITIZE" PREFIX="$P" DESTDIR="$T/stage" >"$T/stage.log" 2>&1 \
  && ok "make install PREFIX=... DESTDIR=..." || { bad "make install DESTDIR"; tail "$T/stage.log"; }
"$T/stage$P/bin/mofserve" --help >"$T/stage.out" 2>&1 && grep -q '^usage: mofserve' "$T/stage.out" \
  && ok "mofserve runs from a DESTDIR stage" || { bad "staged mofserve does not run"; cat "$T/stage.out"; }
finish
