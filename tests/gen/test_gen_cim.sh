#!/bin/sh
# The whole DMTF CIM 2.49 schema through mofc gen, compiled warning-free
# with gcc and clang (-Werror) against libmofrt's headers.
. tests/cli/lib.sh
ROOT=$(pwd)
ZIP="$SHARED/corpora/cim_schema_2.49.0Final-MOFs.zip"
[ -f "$ZIP" ] || { bad "CIM 2.49 corpus not found at $ZIP"; finish; exit 1; }
mkdir "$T/cim" && (cd "$T/cim" && unzip -q "$ZIP")
(cd "$T/cim" && "$MOFC" gen -q -o "$T/out" cim_schema_2.49.0.mof) && ok "gen over CIM 2.49" || bad "gen over CIM 2.49"
echo "       $(wc -c < "$T/out/cim_schema_2_49_0.h") + $(wc -c < "$T/out/cim_schema_2_49_0.c") bytes generated"
# Built and rendered on one thread: the same bytes as on two.
(cd "$T/cim" && "$MOFC" gen -q --jobs=1 -o "$T/one" cim_schema_2.49.0.mof) &&
  cmp "$T/out/cim_schema_2_49_0.h" "$T/one/cim_schema_2_49_0.h" && cmp "$T/out/cim_schema_2_49_0.c" "$T/one/cim_schema_2_49_0.c" &&
  ok "CIM 2.49 on one thread: the same files" || bad "CIM 2.49 on one thread: the same files"
for cc in ${CC:-cc} clang; do
  command -v $cc >/dev/null || continue
  $cc -std=c11 -O0 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror \
      -I"$ROOT/runtime" -I"$T/out" -c "$T/out/cim_schema_2_49_0.c" -o "$T/cim.o" 2>"$T/err" \
    && ok "CIM 2.49 code compiles with $cc -Werror" || { bad "CIM 2.49 code compiles with $cc"; head -20 "$T/err"; }
done
finish
