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
finish
