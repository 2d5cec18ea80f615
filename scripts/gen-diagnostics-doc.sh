#!/bin/sh
# Writes the table of docs/diagnostics.md from common/diag_codes.def (the
# one catalog), keeping the text above the table. Run after adding a code;
# tests/cli/test_docs.sh fails when the two disagree.
set -e
doc=docs/diagnostics.md
head=$(sed '/^| code | name | severity | example |$/,$d' "$doc")
{
  printf '%s\n' "$head"
  echo '| code | name | severity | example |'
  echo '|---|---|---|---|'
  sed -n 's/^X([A-Z0-9_]*, *"\(MOF[0-9]*\)", *"\([a-z0-9-]*\)", *\([A-Z_]*\), *"\(.*\)")$/| \1 | `\2` | \3 | \4 |/p' common/diag_codes.def |
    sed 's/\\"/"/g; s/\\\\/\\/g' |
    awk -F' \\| ' 'BEGIN{OFS=" | "} {$3=tolower($3); gsub(/_/, "-", $3); print}'
} > "$doc.tmp"
mv "$doc.tmp" "$doc"
