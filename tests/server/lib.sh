# Shared helpers for the mofserve tests (POSIX sh): servers on free ports
# (--listen 127.0.0.1:0, the port read from the first output line) in a
# temporary folder, stopped on exit; requests with curl.
B=${B:-build}
MOFSERVE=$B/mofserve
[ -x "$MOFSERVE" ] || { echo "missing $MOFSERVE (make B=$B $MOFSERVE)"; exit 1; }
D=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d /tmp/mofserve-test.XXXXXX)
PIDS=
fails=0
passes=0
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null; done
    for p in $PIDS; do wait "$p" 2>/dev/null; done
    rm -rf "$T"
}
trap cleanup EXIT INT TERM
ok()   { passes=$((passes + 1)); }
fail() { fails=$((fails + 1)); echo "FAIL: $*"; }
expect() { if [ "$2" = "$3" ]; then ok; else fail "$1: got '$2', want '$3'"; fi; }
expect_match() { if printf '%s' "$2" | grep -Eq -- "$3"; then ok; else fail "$1: '$(printf '%s' "$2" | head -c 600)' does not match /$3/"; fi; }
finish() {
    for p in $PIDS; do kill "$p" 2>/dev/null; done
    for p in $PIDS; do wait "$p" 2>/dev/null; done
    PIDS=
    for l in "$T"/*.log; do
        [ -f "$l" ] || continue
        if grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error:' "$l"; then
            fail "sanitizer report in $(basename "$l")"; cat "$l"
        fi
    done
    echo "$(basename "$0"): $passes passed, $fails failed"
    [ "$fails" -eq 0 ]
}

# start NAME ARGS...: mofserve on a free loopback port; sets PORT and SPID.
start() {
    name=$1; shift
    "$MOFSERVE" --listen 127.0.0.1:0 "$@" >"$T/$name.log" 2>&1 &
    SPID=$!
    PIDS="$PIDS $SPID"
    i=0
    PORT=
    while [ $i -lt 200 ]; do
        PORT=$(sed -n 's/^mofserve: listening on port \([0-9]*\).*/\1/p' "$T/$name.log" 2>/dev/null | head -n 1)
        [ -n "$PORT" ] && return 0
        kill -0 "$SPID" 2>/dev/null || break
        sleep 0.05
        i=$((i + 1))
    done
    echo "server $name did not start:"; cat "$T/$name.log"
    return 1
}
stop() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; }

# The namespace of the requests (a test may set both after sourcing this).
NS=root/demo
NS_XML='<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="demo"/></LOCALNAMESPACEPATH>'
envelope() { printf '<?xml version="1.0" encoding="utf-8"?><CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="9" PROTOCOLVERSION="1.0"><SIMPLEREQ>%s</SIMPLEREQ></MESSAGE></CIM>' "$1"; }
# CURL_USER=user:password: requests carry Basic credentials.
# intrinsic METHOD IPARAMVALUES: the answer's body
intrinsic() {
    envelope "<IMETHODCALL NAME=\"$1\">$NS_XML$2</IMETHODCALL>" >"$T/req.xml"
    curl -s --max-time 20 -H 'Content-Type: application/xml; charset="utf-8"' -H 'CIMOperation: MethodCall' \
        -H "CIMMethod: $1" -H "CIMObject: $(printf '%s' "$NS" | sed 's|/|%2F|g')" ${CURL_USER:+-u} ${CURL_USER:+"$CURL_USER"} \
        --data-binary "@$T/req.xml" "http://127.0.0.1:$PORT/cimom"
}
# method CIMOBJECT PATHXML METHOD PARAMVALUES (PATHXML: LOCALINSTANCEPATH or LOCALCLASSPATH)
method() {
    envelope "<METHODCALL NAME=\"$3\">$2$4</METHODCALL>" >"$T/req.xml"
    curl -s --max-time 20 -H 'Content-Type: application/xml; charset="utf-8"' -H 'CIMOperation: MethodCall' \
        -H "CIMMethod: $3" -H "CIMObject: $1" ${CURL_USER:+-u} ${CURL_USER:+"$CURL_USER"} \
        --data-binary "@$T/req.xml" "http://127.0.0.1:$PORT/cimom"
}
errcode() { printf '%s' "$1" | tr -d '\n' | sed -n 's/.*<ERROR CODE="\([0-9]*\)".*/\1/p'; }
count_of() { printf '%s' "$1" | grep -o "$2" | wc -l | tr -d ' '; }
iname() { printf '<INSTANCENAME CLASSNAME="%s"><KEYBINDING NAME="%s"><KEYVALUE VALUETYPE="string">%s</KEYVALUE></KEYBINDING></INSTANCENAME>' "$1" "$2" "$3"; }
classname() { printf '<IPARAMVALUE NAME="%s"><CLASSNAME NAME="%s"/></IPARAMVALUE>' "$1" "$2"; }

# build_module: tests/server/demo_provider.c + mofc gen output -> $T/demo.so
# (in the source tree -Iruntime stands for $(pkg-config --cflags mofsrv); the
# module's libmofrt references resolve to the libmofrt.so mofserve links).
build_module() {
    "${MOFC:-$B/mofc}" gen -q -o "$T/gen" --name demo "$D/demo.mof" || return 1
    ${CC:-cc} -std=c11 -Wall -Wextra -Werror -shared -fPIC -pthread -I"$T/gen" -Iruntime \
        "$T/gen/demo.c" "$D/demo_provider.c" -o "$T/demo.so" 2>"$T/cc.log" || { cat "$T/cc.log"; return 1; }
}
