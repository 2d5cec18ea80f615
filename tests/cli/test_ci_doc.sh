#!/bin/sh
# docs/ci.md's jobs, run: every command of its GitHub Actions and GitLab
# CI jobs (all but the steps that install mofc) is extracted from the page
# and run, job by job, in a git repository built here: an "origin" with a
# main branch, and changes on branches (compatible, breaking, badly
# formatted, invalid) whose jobs must pass or fail as the page says.
. tests/cli/lib.sh
ROOT=$(pwd)
DOC=$ROOT/docs/ci.md
mkdir -p "$T/jobs" "$T/bin" "$T/runner" "$T/tmp"
ln -s "$MOFC" "$T/bin/mofc"

# Extract: the first yaml block is GitHub's (jobs: NAME: steps: run:), the
# second GitLab's (NAME: script: - cmd). One file of commands per job.
awk -v out="$T/jobs" '
  /^```yaml/ { block++; inyaml = 1; next }
  /^```/ { inyaml = 0; next }
  !inyaml { next }
  { match($0, /^ */); ind = RLENGTH; line = substr($0, ind + 1) }
  # a multi-line run: block ends at a line indented no deeper than "run:"
  runind >= 0 && ind > runind && line != "" { print line > file; next }
  { runind = -1 }
  block == 1 && /^jobs:/ { injobs = 1; next }
  block == 1 && injobs && ind == 2 && line ~ /^[a-z][a-z0-9_-]*:$/ {
    job = substr(line, 1, length(line) - 1); file = out "/github-" job ".sh"; printf "" > file; next }
  block == 1 && line ~ /^- / { skip = (line ~ /^- name: Install mofc/) }
  block == 1 && line ~ /^(- )?run: / && job != "" && !skip {
    sub(/^(- )?run: /, "", line)
    if (line == "|") runind = ind; else print line > file
    next }
  block == 2 && ind == 0 && line ~ /^[a-z][a-z0-9_-]*:$/ && line != "variables:" && line != "default:" {
    job = substr(line, 1, length(line) - 1); file = out "/gitlab-" job ".sh"; printf "" > file; inscript = 0; next }
  block == 2 && ind == 0 { job = "" }
  block == 2 && job != "" && line == "script:" { inscript = 1; scriptind = ind; next }
  block == 2 && inscript && ind <= scriptind { inscript = 0 }
  block == 2 && inscript && line ~ /^- / { sub(/^- /, "", line); print line > file }
' "$DOC"
for j in github-check github-diff github-fmt gitlab-mofc-check gitlab-mofc-diff gitlab-mofc-fmt; do
  [ -s "$T/jobs/$j.sh" ] && ok "docs/ci.md: job $j has commands" || bad "docs/ci.md: job $j has commands"
done
grep -q 'mofc fmt --check' "$T/jobs/github-fmt.sh" && ok "the fmt job runs mofc fmt --check" || bad "the fmt job runs mofc fmt --check"
grep -q 'MOFC_GIT_URL\|apt-get' "$T/jobs"/*.sh && bad "installation steps are not run" || ok "installation steps are not run"

# The repository: origin (bare) with main, and a clone to work in.
git init -q --bare "$T/origin.git"
git clone -q "$T/origin.git" "$T/repo" 2>/dev/null
cd "$T/repo"
git config user.email ci@example.invalid && git config user.name ci
git checkout -q -b main
mkdir schema
cat > schema/core.mof <<'MOF'
class ACME_Disk {
    [Key]
    string Id;
    uint64 Size;
};
MOF
printf '#pragma include ("core.mof")\n' > schema/acme.mof
"$MOFC" fmt -i schema/*.mof && "$MOFC" fmt --check schema/*.mof \
  && ok "the example schema is formatted" || bad "the example schema is formatted"
git add schema && git commit -q -m v1 && git push -q origin main 2>/dev/null
git fetch -q origin

# run_job NAME: the job's commands, in a shell that stops at the first
# failing one (as both services do), with the variables the CI sets.
run_job() {
  (cd "$T/repo" && PATH="$T/bin:$PATH" SCHEMA=schema/acme.mof BASE_REF=main RUNNER_TEMP="$T/runner" \
     TMPDIR="$T/tmp" CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main sh -e "$T/jobs/$1.sh") >"$T/out" 2>"$T/err"
}
# expect_job WANT BRANCH JOB...: each job exits WANT (0 or not 0) on BRANCH.
expect_job() {
  want=$1 branch=$2; shift 2
  (cd "$T/repo" && git checkout -q "$branch")
  for j in "$@"; do
    run_job "$j"; rc=$?
    if { [ "$want" = 0 ] && [ $rc = 0 ]; } || { [ "$want" != 0 ] && [ $rc != 0 ]; }; then
      ok "$branch: $j exits $rc"
    else
      bad "$branch: $j exits $rc"; sed 's/^/       /' "$T/out" "$T/err" | head -20
    fi
  done
}
ALL="github-check github-diff github-fmt gitlab-mofc-check gitlab-mofc-diff gitlab-mofc-fmt"
expect_job 0 main $ALL

# A compatible change: a new property.
git checkout -q -b compatible main
sed -i 's/    uint64 Size;/    uint64 Size;\n    string Model;/' schema/core.mof
git commit -q -am "add Model"
expect_job 0 compatible $ALL
run_job github-diff
grep -q '^::notice file=schema/core.mof,line=5,.*title=MOF4502 property-added::' "$T/out" \
  && ok "github diff job: the addition is a notice" || bad "github diff job: the addition is a notice"

# A breaking change: Size removed.
git checkout -q -b breaking main
sed -i '/uint64 Size;/d' schema/core.mof
git commit -q -am "drop Size"
expect_job 0 breaking github-check github-fmt gitlab-mofc-check gitlab-mofc-fmt
expect_job 1 breaking github-diff gitlab-mofc-diff
run_job github-diff
grep -q "^::error file=$T/runner/base/schema/core.mof,line=4,col=5,.*title=MOF4002 property-removed::property 'ACME_Disk.Size' was removed" "$T/out" \
  && ok "github diff job: the removal is an error annotation" || { bad "github diff job: the removal is an error annotation"; cat "$T/out"; }
run_job gitlab-mofc-diff
grep -q '"code": "MOF4002"' "$T/repo/mofc-diff.json" && ok "gitlab diff job: JSON artifact" || bad "gitlab diff job: JSON artifact"
grep -q "error: property 'ACME_Disk.Size' was removed \[MOF4002\]" "$T/err" && ok "gitlab diff job: text in the log" || bad "gitlab diff job: text in the log"
rm -f "$T/repo/mofc-diff.json"

# Badly formatted, otherwise the same schema.
git checkout -q -b unformatted main
sed -i 's/^    string Id;/string   Id ;/' schema/core.mof
git commit -q -am "layout"
expect_job 0 unformatted github-check github-diff gitlab-mofc-check gitlab-mofc-diff
expect_job 1 unformatted github-fmt gitlab-mofc-fmt

# Invalid: the check jobs fail, with an annotation and a SARIF file.
git checkout -q -b invalid main
sed -i 's/uint64 Size;/uint64 Size/' schema/core.mof
git commit -q -am "typo"
expect_job 1 invalid github-check gitlab-mofc-check github-diff
run_job github-check
grep -q '^::error file=schema/core.mof,line=4,.*title=MOF1020 syntax::' "$T/out" \
  && ok "github check job: the syntax error is an annotation" || bad "github check job: the syntax error is an annotation"
# The SARIF step alone (it runs even after the failure: if: always()).
sed -n '2p' "$T/jobs/github-check.sh" > "$T/jobs/github-sarif.sh"
run_job github-sarif; rc=$?
[ $rc = 0 ] && grep -q '"version": "2.1.0"' "$T/repo/mofc.sarif" && grep -q '"ruleId": "MOF1020"' "$T/repo/mofc.sarif" \
  && ok "github SARIF step writes the report for the upload" || bad "github SARIF step writes the report for the upload (exit $rc)"
cd "$ROOT"
finish
