#!/bin/sh
# mofc fmt over real schemas: every file of CIM 2.49 (unpacked at run
# time) and the Hyper-V schema (UTF-8 and UTF-16LE) is formatted in
# place; the formatted schema must check to the identical --dump-model,
# and formatting it again must change nothing (--check exits 0).
. tests/cli/lib.sh
ROOT=$(pwd)
ZIP="$SHARED/corpora/cim_schema_2.49.0Final-MOFs.zip"
# Two copies of CIM 2.49 are 3300 files: in memory (/dev/shm) when there is
# one, as creating and removing them on disk takes seconds.
W=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d -p "$T")
if [ -f "$ZIP" ]; then
  mkdir "$W/cim" && (cd "$W/cim" && unzip -q "$ZIP")
  (cd "$W/cim" && "$MOFC" check -q --dump-model cim_schema_2.49.0.mof) > "$T/model1" 2>&1
  cp -r "$W/cim" "$W/cimf"
  (cd "$W/cimf" && find . -name '*.mof' -print0 | xargs -0 "$MOFC" fmt -i) 2>"$T/err" \
    && ok "CIM 2.49: fmt -i of its $(find "$W/cim" -name '*.mof' | wc -l) files" \
    || { bad "CIM 2.49: fmt -i"; head -20 "$T/err"; }
  n=$(diff -rq "$W/cim" "$W/cimf" | wc -l)
  [ "$n" -gt 1600 ] && ok "CIM 2.49: $n files were laid out anew" || bad "CIM 2.49: only $n files changed"
  (cd "$W/cimf" && "$MOFC" check -q --dump-model cim_schema_2.49.0.mof) > "$T/model2" 2>&1
  [ -s "$T/model1" ] && expect_same "CIM 2.49: the formatted schema checks to the same --dump-model" "$T/model2" "$T/model1" \
    || bad "CIM 2.49: --dump-model"
  (cd "$W/cimf" && find . -name '*.mof' -print0 | xargs -0 "$MOFC" fmt --check) >"$T/out" 2>"$T/err" \
    && ok "CIM 2.49: fmt of fmt's output changes nothing" || { bad "CIM 2.49: idempotence"; head -20 "$T/err"; }
else
  bad "CIM 2.49 corpus not found at $ZIP"
fi
rm -rf "$W"
# Hyper-V: UTF-8 as bundled, and UTF-16LE with a BOM as Windows ships it.
mkdir "$T/hv" "$T/u16"
cp "$ROOT"/schemas/*.mof "$T/hv/"
for f in WindowsHyperVCluster.V2.mof CIM_HyperVBase.mof; do
  { printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$ROOT/schemas/$f"; } > "$T/u16/$f"
done
for d in hv u16; do
  "$MOFC" check -q --dump-model "$T/$d/WindowsHyperVCluster.V2.mof" > "$T/$d.model1" 2>&1
  expect_rc "Hyper-V ($d): fmt -i" 0 "$MOFC" fmt -i "$T/$d/WindowsHyperVCluster.V2.mof" "$T/$d/CIM_HyperVBase.mof"
  "$MOFC" check -q --dump-model "$T/$d/WindowsHyperVCluster.V2.mof" > "$T/$d.model2" 2>&1
  expect_same "Hyper-V ($d): the same --dump-model after fmt" "$T/$d.model2" "$T/$d.model1"
  expect_rc "Hyper-V ($d): fmt of fmt's output changes nothing" 0 "$MOFC" fmt --check "$T/$d/WindowsHyperVCluster.V2.mof" "$T/$d/CIM_HyperVBase.mof"
done
head -c 2 "$T/u16/WindowsHyperVCluster.V2.mof" | od -An -tx1 | grep -q 'ff fe' && ok "Hyper-V (u16): still UTF-16LE with a BOM" || bad "Hyper-V (u16): BOM"
iconv -f UTF-16LE -t UTF-8 "$T/u16/CIM_HyperVBase.mof" | sed '1s/^\xef\xbb\xbf//' > "$T/u16.txt"
expect_same "Hyper-V: the UTF-16 file is formatted as the UTF-8 one" "$T/u16.txt" "$T/hv/CIM_HyperVBase.mof"
finish
