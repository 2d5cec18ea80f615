#!/bin/sh
# The documentation names every diagnostic of the catalog, with its current
# example, and the man page and --help name the same options.
. tests/cli/lib.sh
cp docs/diagnostics.md "$T/doc.md"
mkdir -p "$T/tree/docs" "$T/tree/common" "$T/tree/scripts"
cp docs/diagnostics.md "$T/tree/docs/"; cp common/diag_codes.def "$T/tree/common/"
(cd "$T/tree" && sh "$OLDPWD/scripts/gen-diagnostics-doc.sh")
expect_same "docs/diagnostics.md matches common/diag_codes.def" "$T/doc.md" "$T/tree/docs/diagnostics.md"
for opt in $("$MOFC" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
  grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" man/mofc.1 && ok "man page documents $opt" || bad "man page documents $opt"
done
finish
