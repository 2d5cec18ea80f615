#!/bin/sh
# mofc check over the whole CIM 2.49 schema (parse + validate), unpacked at
# run time from ../shared, as in the corpus test.
set -e
B=${B:-build}
ZIP="${SHARED:-../shared}/corpora/cim_schema_2.49.0Final-MOFs.zip"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
(cd "$T" && unzip -q "$(cd "$(dirname "$ZIP")" && pwd)/$(basename "$ZIP")")
BYTES=$(find "$T" -name '*.mof' -exec cat {} + | wc -c)
FILES=$(find "$T" -name '*.mof' | wc -l)
MOFC=$(pwd)/$B/mofc
# MOFC_BASELINE=/path/to/another/mofc: that build runs the same commands,
# one run of each in turn, and the ratio is printed (same machine load).
set --
[ -n "$MOFC_BASELINE" ] && set -- --baseline "$(cd "$(dirname "$MOFC_BASELINE")" && pwd)/$(basename "$MOFC_BASELINE")"
echo "mofc check, CIM 2.49 ($FILES files, $BYTES bytes), parse + validate:"
"$B/bench/bench_check" 11 "$T" "$BYTES" "$@" -- "$MOFC" check -q cim_schema_2.49.0.mof
echo "mofc gen, CIM 2.49 (parse + validate + generate C):"
mkdir -p "$T/gen"
"$B/bench/bench_check" 7 "$T" "$BYTES" "$@" -- "$MOFC" gen -q -o "$T/gen" cim_schema_2.49.0.mof
echo "  output: $(wc -c < "$T/gen/cim_schema_2_49_0.h") bytes of header, $(wc -c < "$T/gen/cim_schema_2_49_0.c") bytes of source"
echo "mofc fmt --check, CIM 2.49 formatted (each file parsed alone, laid out, verified, compared):"
# On the formatted files, so that every file is laid out and compared (on
# DMTF's own layout every file differs and the run is about reporting).
# shellcheck disable=SC2046
(cd "$T" && "$MOFC" fmt -i $(find . -name '*.mof' | sort))
# shellcheck disable=SC2046
"$B/bench/bench_check" 11 "$T" "$BYTES" "$@" -- "$MOFC" fmt --check $(cd "$T" && find . -name '*.mof' | sort)
