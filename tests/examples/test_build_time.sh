#!/bin/sh
# examples/build-time against an installed mofc + libmofrt (make install
# PREFIX=...): it builds with pkg-config, runs, regenerates when the MOF or
# a template changes, and does nothing when nothing changed.
. tests/cli/lib.sh
ROOT=$(pwd)
P="$T/prefix"
make -s install B="${B:-build}" SANITIZE="$SANITIZE" PREFIX="$P" >"$T/install.log" 2>&1 && ok "make install PREFIX=..." || { bad "make install"; tail "$T/install.log"; }
export PKG_CONFIG_PATH="$P/lib/pkgconfig"
export LD_LIBRARY_PATH="$P/lib"
SAN=${SANITIZE:+-fsanitize=$SANITIZE}
run_make() { make -s -C "$ROOT/examples/build-time" MOFC="$P/bin/mofc" O="$T/bt" LDFLAGS="$SAN" CFLAGS="-O1 -g $SAN" "$@"; }
mkdir "$T/bt"
run_make >"$T/build.log" 2>&1 && ok "example builds" || { bad "example builds"; tail -20 "$T/build.log"; }
"$T/bt/hello" >"$T/run.out" 2>&1 && ok "example runs" || bad "example runs"
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
finish
