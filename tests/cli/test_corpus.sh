#!/bin/sh
# Real schemas: the whole DMTF CIM 2.49 schema (unpacked at run time, never
# committed) and the bundled Hyper-V cluster schema in UTF-8 and UTF-16LE.
. tests/cli/lib.sh
ROOT=$(pwd)
ZIP="$SHARED/corpora/cim_schema_2.49.0Final-MOFs.zip"
if [ -f "$ZIP" ]; then
  mkdir "$T/cim" && (cd "$T/cim" && unzip -q "$ZIP")
  (cd "$T/cim" && "$MOFC" check cim_schema_2.49.0.mof) >"$T/out" 2>"$T/err"; rc=$?
  [ $rc = 0 ] && ok "CIM 2.49: no error" || { bad "CIM 2.49: exit $rc"; head -20 "$T/err"; }
  echo "       CIM 2.49: $(grep -c ': warning:' "$T/err") warnings"
  # Included files are read ahead on a second thread; --jobs=1 reads them
  # on one: the same diagnostics, tree and model either way.
  (cd "$T/cim" && "$MOFC" check --jobs=1 cim_schema_2.49.0.mof) >"$T/out1" 2>"$T/err1"
  expect_same "CIM 2.49: --jobs=1 gives the same diagnostics" "$T/err1" "$T/err"
  for dump in ast model; do
    (cd "$T/cim" && "$MOFC" check --dump-$dump cim_schema_2.49.0.mof) >"$T/d2" 2>&1
    (cd "$T/cim" && "$MOFC" check --jobs=1 --dump-$dump cim_schema_2.49.0.mof) >"$T/d1" 2>&1
    expect_same "CIM 2.49: --jobs=1 gives the same --dump-$dump" "$T/d1" "$T/d2"
  done
else
  bad "CIM 2.49 corpus not found at $ZIP"
fi
expect_rc "Hyper-V schema, UTF-8" 0 "$MOFC" check "$ROOT/schemas/WindowsHyperVCluster.V2.mof"
# As Windows ships it: UTF-16LE with a BOM (the include too).
mkdir "$T/u16"
for f in WindowsHyperVCluster.V2.mof CIM_HyperVBase.mof; do
  { printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$ROOT/schemas/$f"; } > "$T/u16/$f"
done
head -c 2 "$T/u16/WindowsHyperVCluster.V2.mof" | od -An -tx1 | grep -q 'ff fe' && ok "UTF-16 copy has a BOM" || bad "UTF-16 copy has a BOM"
expect_rc "Hyper-V schema, UTF-16LE" 0 "$MOFC" check "$T/u16/WindowsHyperVCluster.V2.mof"
"$MOFC" check --dump-ast "$ROOT/schemas/WindowsHyperVCluster.V2.mof" | sed 's/<[^>]*>//' > "$T/a8"
"$MOFC" check --dump-ast "$T/u16/WindowsHyperVCluster.V2.mof" | sed 's/<[^>]*>//' > "$T/a16"
expect_same "UTF-16 and UTF-8 give the same tree" "$T/a16" "$T/a8"
finish
