#!/bin/sh
# make valgrind: memcheck over the big runs, where ASan's numbers are not
# the point: mofc check and mofc gen over the whole CIM 2.49 schema, then the
# replay of every fuzz corpus. Any invalid access or leak (definite,
# indirect or possible) fails. Takes a few minutes, so not in make check.
. tests/cli/lib.sh
VG="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --track-fds=no"
if ! command -v valgrind >/dev/null; then echo "valgrind is not installed"; exit 1; fi
ZIP="$SHARED/corpora/cim_schema_2.49.0Final-MOFs.zip"

# vg NAME WANT_RC CMD...: the command's own exit status must be WANT_RC;
# valgrind's findings turn it into 99.
vg() {
  name=$1; want=$2; shift 2
  start=$(date +%s)
  # shellcheck disable=SC2086
  $VG "$@" >"$T/out" 2>"$T/err"; rc=$?
  secs=$(( $(date +%s) - start ))
  if [ "$rc" = "$want" ]; then ok "$name (${secs}s)"
  else bad "$name (exit $rc, want $want; 99 = valgrind errors)"; grep -E '==[0-9]+==' "$T/err" | head -40; fi
}

if [ -f "$ZIP" ]; then
  mkdir "$T/cim" && (cd "$T/cim" && unzip -q "$ZIP")
  here=$(pwd)
  cd "$T/cim" || exit 1
  vg "mofc check over CIM 2.49" 0 "$MOFC" check cim_schema_2.49.0.mof
  if "$MOFC" --help | grep -q '^  gen '; then
    vg "mofc gen over CIM 2.49" 0 "$MOFC" gen -o "$T/gen" --name cim cim_schema_2.49.0.mof
    [ -s "$T/gen/cim.c" ] && ok "gen wrote cim.c" || bad "gen wrote cim.c"
  fi
  cd "$here" || exit 1
else
  echo "  skip CIM 2.49 ($ZIP not found)"
fi
vg "mofc check over the Hyper-V schema" 0 "$MOFC" check schemas/WindowsHyperVCluster.V2.mof
vg "mofc check, every limit reached" 1 "$MOFC" check --max-nesting=2 --max-array-items=1 tests/golden/bad.mof
for r in "$B"/tests/fuzz/replay_*; do
  case $r in *.o|*.d) continue ;; esac
  vg "fuzz replay $(basename "$r")" 0 "$r"
done
# TODO(hvclusterd): a server session under valgrind once the daemon lands.
finish
