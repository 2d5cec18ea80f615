#!/bin/sh
# mofc diff between two whole CIM 2.49 releases: the original and a copy
# with a few changes (as in tests/cli/test_diff.sh), unpacked at run time.
# Both sides are read and checked, then compared; the figure to beat is
# 0.5 s (issue 12). Also the same pair with -q (nothing printed but the
# breaking changes), and the original against itself.
set -e
B=${B:-build}
ZIP="${SHARED:-../shared}/corpora/cim_schema_2.49.0Final-MOFs.zip"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir "$T/old"
(cd "$T/old" && unzip -q "$(cd "$(dirname "$ZIP")" && pwd)/$(basename "$ZIP")")
cp -r "$T/old" "$T/new"
sed -i 's/MaxLen ( 64 )]/MaxLen ( 32 )]/; s/Caption property is a short/Caption property is a brief/' "$T/new/Core/CIM_ManagedElement.mof"
sed -i '20s/uint64 DesiredSpeed;/uint32 DesiredSpeed;/' "$T/new/Device/CIM_Fan.mof"
printf 'class ACME_Extra : CIM_ManagedElement { string Colour; };\n' >> "$T/new/cim_schema_2.49.0.mof"
BYTES=$(( $(find "$T" -name '*.mof' -exec cat {} + | wc -c) ))
MOFC=$(pwd)/$B/mofc
echo "mofc diff, CIM 2.49 against a changed copy (both sides: $BYTES bytes):"
"$B/bench/bench_check" 11 "$T" "$BYTES" -- "$MOFC" diff old/cim_schema_2.49.0.mof new/cim_schema_2.49.0.mof
echo "mofc diff, CIM 2.49 against itself:"
"$B/bench/bench_check" 11 "$T" "$BYTES" -- "$MOFC" diff old/cim_schema_2.49.0.mof old/cim_schema_2.49.0.mof
echo "for comparison, mofc check of one side:"
"$B/bench/bench_check" 11 "$T" "$((BYTES / 2))" -- "$MOFC" check -q old/cim_schema_2.49.0.mof
