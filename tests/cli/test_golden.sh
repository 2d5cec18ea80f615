#!/bin/sh
# Golden outputs: --dump-model, JSON and SARIF diagnostics. Regenerate
# after an intended change with MOFC_REGEN=1 (then review the diff).
. tests/cli/lib.sh
G=tests/golden
golden() {  # NAME FILE_GOT GOLDEN
  if [ -n "$MOFC_REGEN" ]; then cp "$2" "$3"; ok "$1 (regenerated)"; else expect_same "$1" "$2" "$3"; fi
}
(cd $G && "$MOFC" check --dump-model model.mof) > "$T/model.txt" 2>"$T/err"
[ -s "$T/err" ] && { bad "model.mof checks clean"; cat "$T/err"; } || ok "model.mof checks clean"
golden "--dump-model" "$T/model.txt" $G/model.txt
(cd $G && "$MOFC" check --diagnostics-format=json bad.mof) > "$T/bad.json"
golden "JSON diagnostics" "$T/bad.json" $G/bad.json
(cd $G && "$MOFC" check --diagnostics-format=sarif bad.mof) > "$T/bad.sarif"
golden "SARIF diagnostics" "$T/bad.sarif" $G/bad.sarif
(cd $G && "$MOFC" export -o "$T/model.xml" model.mof) && ok "export runs" || bad "export runs"
golden "export (CIM-XML)" "$T/model.xml" $G/model.xml
"$MOFC" export -q -o "$T/hv.xml" schemas/WindowsHyperVCluster.V2.mof && ok "export of the Hyper-V schema" || bad "export of the Hyper-V schema"
# Dialects (tests/golden/dialects): a DSC resource schema, a DSC
# configuration document (checked after the files its NAME.with lists), a
# WMI driver MOF and a DYNPROPS provider registration. NAME.auto: the model
# and the diagnostics in the file's own dialect (--dialect=auto);
# NAME.dmtf: the diagnostics under --dialect=dmtf; each with the exit code.
D=$G/dialects
for m in $D/*.mof; do
  n=$(basename "$m" .mof)
  with=$(cat "$D/$n.with" 2>/dev/null)
  (cd $D && "$MOFC" check --dump-model $with "$n.mof" 2>&1; echo "exit $?") > "$T/$n.auto"
  golden "dialects: $n.mof in its dialect" "$T/$n.auto" "$D/$n.auto"
  (cd $D && "$MOFC" check --dialect=dmtf --max-errors=0 $with "$n.mof" 2>&1; echo "exit $?") > "$T/$n.dmtf"
  golden "dialects: $n.mof under --dialect=dmtf" "$T/$n.dmtf" "$D/$n.dmtf"
done
DTD="$SHARED/reference/DSP0203_2.4.0.dtd"
if command -v xmllint >/dev/null && [ -f "$DTD" ]; then
  for x in "$T/model.xml" "$T/hv.xml"; do
    xmllint --noout --dtdvalid "$DTD" "$x" 2>"$T/err" && ok "$(basename "$x") is valid against DSP0203 2.4" \
      || { bad "$(basename "$x") is valid against DSP0203 2.4"; head -5 "$T/err"; }
  done
else
  bad "xmllint or the DTD is missing"
fi
finish
