#!/bin/sh
# docs/provider-guide.md, run: its files and commands are extracted from the
# page and run in order, as a reader would, so the guide cannot rot.
# The page marks what is not a plain command with an HTML comment on the
# line before a fenced block (invisible when rendered):
#   <!-- test: install -->           the block runs at the top of the tree
#                                    (HOME is a folder of this test)
#   <!-- test: file NAME -->         the block is the content of file NAME
#   <!-- test: replace FILE FUNC --> the block replaces FUNC's definition in FILE
#                                    (the stub the skeleton wrote)
#   <!-- test: server -->            the command runs in the background (the
#                                    reader's second terminal) until
#   <!-- test: stop server -->       (the reader's Ctrl-C)
#   <!-- test: output -->            every line of the text block is in the
#                                    output of the sh block before it
# Other ```sh blocks run as they are, in one shell (`set -e`), in a fresh
# folder. The one change made: port 5988 becomes a free port.
. tests/cli/lib.sh
ROOT=$(pwd)
DOC=$ROOT/docs/provider-guide.md
command -v wbemcli >/dev/null && command -v curl >/dev/null \
  || { bad "wbemcli and curl are needed (scripts/install-deps.sh installs them)"; finish; exit 1; }
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$T/home" "$T/work" "$T/blocks"

# The page -> $T/guide.sh (and the expected outputs $T/blocks/expect.N).
sed "s/5988/$PORT/g" "$DOC" | awk -v dir="$T/blocks" -v root="$ROOT" -v work="$T/work" '
  function q(s) { gsub(/\047/, "\047\\\047\047", s); return "\047" s "\047" }
  /^<!-- test: .* -->$/ {
    m = $0; sub(/^<!-- test: /, "", m); sub(/ -->$/, "", m)
    if (m == "stop server") { print "stop_server"; next }
    mark = m; next }
  /^```/ && !inblock {
    inblock = 1; lang = substr($0, 4); n++; body = dir "/body." n; printf "" > body; next }
  /^```$/ && inblock {
    inblock = 0; close(body)
    split(mark, w, " ")
    if (w[1] == "file") print "cp " q(body) " " q(w[2])
    else if (w[1] == "replace") print "replace_def " q(w[2]) " " q(w[3]) " " q(body)
    else if (w[1] == "output") { print "cp " q(body) " " q(dir "/expect." lastsh) }
    else if (lang == "sh" && w[1] == "server") print "start_server " q(body)
    else if (lang == "sh") {
      lastsh = n
      if (w[1] == "install") print "cd " q(root)
      print "echo \"== block " n "\" >&2"
      print ". " q(body) " >" q(dir "/out." n) " 2>&1 || { cat " q(dir "/out." n) " >&2; exit 1; }"
      if (w[1] == "install") print "cd " q(work)
    }
    mark = ""; next }
  inblock { print > body; next }
  END { if (inblock) print "unterminated block" > "/dev/stderr" }
' > "$T/guide.sh"
grep -c '^\. ' "$T/guide.sh" | { read c; [ "$c" -ge 10 ] && ok "the guide has $c command blocks" || bad "the guide has only $c command blocks"; }
grep -q '^replace_def ' "$T/guide.sh" && ok "the guide fills in the skeleton's stubs" || bad "no stub replaced"
grep -q '^start_server ' "$T/guide.sh" && grep -q '^stop_server' "$T/guide.sh" \
  && ok "the guide starts and stops mofserve" || bad "the guide never runs mofserve"

# The helpers the generated script calls.
cat > "$T/helpers.sh" <<HELP
replace_def() {   # FILE FUNC SNIPPET: the definition of FUNC (to its closing brace at column 0) becomes SNIPPET
    awk -v name="\$2" -v snip="\$3" '
      !done && !inside && \$0 ~ "^static .*[ *]" name "\\\\(" { inside = 1; while ((getline l < snip) > 0) print l; next }
      inside && /^}/ { inside = 0; done = 1; next }
      inside { next }
      { print }
      END { if (!done) { print "no definition of " name " to replace" > "/dev/stderr"; exit 1 } }' "\$1" >"\$1.new" && mv "\$1.new" "\$1"
}
start_server() {
    eval "\$(cat "\$1") >>'$T/server.log' 2>&1 &"   # \$! is mofserve itself
    SERVER=\$!
    i=0
    until grep -q "listening on port $PORT" "$T/server.log"; do
        i=\$((i + 1)); [ \$i -lt 400 ] && kill -0 \$SERVER 2>/dev/null || { cat "$T/server.log" >&2; exit 1; }
        sleep 0.05
    done
    : >"$T/server.log"
}
stop_server() { kill \$SERVER; wait \$SERVER || :; SERVER=; }
HELP

(cd "$T/work" && HOME="$T/home" && export HOME && set -e && . "$T/helpers.sh" && . "$T/guide.sh" && \
   { [ -z "$SERVER" ] || stop_server; }) >"$T/run.log" 2>&1
rc=$?
[ $rc = 0 ] && ok "every command of the guide runs" || { bad "the guide's commands (exit $rc)"; tail -30 "$T/run.log" | sed 's/^/       /'; }
for e in "$T"/blocks/expect.*; do
  [ -f "$e" ] || continue
  n=${e##*.}
  while IFS= read -r line; do
    grep -qF -- "$line" "$T/blocks/out.$n" 2>/dev/null && ok "block $n prints: $line" \
      || { bad "block $n does not print: $line"; sed 's/^/       /' "$T/blocks/out.$n" 2>/dev/null | head -10; }
  done <"$e"
done
[ -f "$T/work/acme.so" ] && ok "the module was built" || bad "no acme.so"
grep -q 'fan2 is quiet now' "$T/work/state/"* 2>/dev/null && ok "the change is in state/" || bad "state/ lacks the change"
if grep -Eq 'AddressSanitizer|LeakSanitizer|ThreadSanitizer|runtime error:' "$T/run.log"; then bad "sanitizer report"; cat "$T/run.log"; fi
finish
