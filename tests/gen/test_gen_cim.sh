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
# Each qualifier table comes just before the class that first uses it, so
# no part of either file waits for a later one: nothing goes through a
# temporary spill file (the 13 MB of the source's classes did when all
# tables came first). (LeakSanitizer cannot run under ptrace.)
(cd "$T/cim" && ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
  strace -f -e trace=openat -o "$T/gen.trace" "$MOFC" gen -q -o "$T/traced" cim_schema_2.49.0.mof) &&
  cmp "$T/out/cim_schema_2_49_0.c" "$T/traced/cim_schema_2_49_0.c" &&
  ! grep -q 'mofc-spill' "$T/gen.trace" &&
  ok "CIM 2.49 streamed to its files, nothing held in a spill file" ||
  bad "CIM 2.49 streamed to its files, nothing held in a spill file ($(grep -c 'mofc-spill' "$T/gen.trace") opened)"
# Rendered on a second thread (--jobs=2) while the next class is built:
# the same bytes as on one.
(cd "$T/cim" && "$MOFC" gen -q --jobs=2 -o "$T/two" cim_schema_2.49.0.mof) &&
  cmp "$T/out/cim_schema_2_49_0.h" "$T/two/cim_schema_2_49_0.h" && cmp "$T/out/cim_schema_2_49_0.c" "$T/two/cim_schema_2_49_0.c" &&
  ok "CIM 2.49 rendered on a second thread: the same files" || bad "CIM 2.49 rendered on a second thread: the same files"
# An existing output is compared as it is written (read 256 KiB at a
# time) and replaced only when it differs: a byte changed 15 MB in, a
# header cut short and one with a line too many are each rewritten whole;
# an unchanged one keeps its time stamp.
printf 'X' | dd of="$T/two/cim_schema_2_49_0.c" bs=1 seek=15000000 conv=notrunc 2>/dev/null
truncate -s 5000000 "$T/two/cim_schema_2_49_0.h"
! cmp -s "$T/out/cim_schema_2_49_0.c" "$T/two/cim_schema_2_49_0.c" &&
  (cd "$T/cim" && "$MOFC" gen -q -o "$T/two" cim_schema_2.49.0.mof) &&
  cmp "$T/out/cim_schema_2_49_0.h" "$T/two/cim_schema_2_49_0.h" && cmp "$T/out/cim_schema_2_49_0.c" "$T/two/cim_schema_2_49_0.c" &&
  ok "outputs changed in the middle or cut short are rewritten" || bad "outputs changed in the middle or cut short are rewritten"
echo extra >> "$T/two/cim_schema_2_49_0.h"
touch -d '2001-01-01 00:00' "$T/two/cim_schema_2_49_0.c"
(cd "$T/cim" && "$MOFC" gen -q -o "$T/two" cim_schema_2.49.0.mof) &&
  cmp "$T/out/cim_schema_2_49_0.h" "$T/two/cim_schema_2_49_0.h" &&
  [ -z "$(find "$T/two/cim_schema_2_49_0.c" -newermt '2001-01-02')" ] &&
  ok "an output with more at its end is rewritten, an unchanged one kept" ||
  bad "an output with more at its end is rewritten, an unchanged one kept"
for cc in ${CC:-cc} clang; do
  command -v $cc >/dev/null || continue
  $cc -std=c11 -O0 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror \
      -I"$ROOT/runtime" -I"$T/out" -c "$T/out/cim_schema_2_49_0.c" -o "$T/cim.o" 2>"$T/err" \
    && ok "CIM 2.49 code compiles with $cc -Werror" || { bad "CIM 2.49 code compiles with $cc"; head -20 "$T/err"; }
done
finish
