# Tiny shell test helpers: each check prints one line; the script exits 1
# when any failed. MOFC, B and SHARED come from `make check`.
pass=0; failed=0
ok()   { pass=$((pass+1)); echo "  ok   $1"; }
bad()  { failed=$((failed+1)); echo "  FAIL $1"; }
# expect_rc NAME WANT CMD...: runs CMD, compares its exit status
expect_rc() {
  name=$1; want=$2; shift 2
  "$@" >"$T/out" 2>"$T/err"; rc=$?
  if [ "$rc" = "$want" ]; then ok "$name"; else bad "$name (exit $rc, want $want)"; sed 's/^/       /' "$T/err" | head -20; fi
}
# expect_same NAME FILE_GOT FILE_WANT
expect_same() {
  if cmp -s "$2" "$3"; then ok "$1"; else bad "$1"; diff -u "$3" "$2" | head -30; fi
}
finish() { echo "$(basename "$0"): $pass passed, $failed failed"; rm -rf "$T"; [ "$failed" = 0 ]; }
T=$(mktemp -d)
MOFC=${MOFC:-build/mofc}
case $MOFC in /*) ;; *) MOFC=$(pwd)/$MOFC ;; esac
SHARED=$(cd "${SHARED:-../shared}" 2>/dev/null && pwd)
