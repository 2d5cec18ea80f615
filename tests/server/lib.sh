# Helpers of the mofserve tests (POSIX sh), on the servers' shared test
# library (tests/server/common.sh): requests with curl to root/demo.
B=${B:-build}
MOFSERVE=$B/mofserve
[ -x "$MOFSERVE" ] || { echo "missing $MOFSERVE (make B=$B $MOFSERVE)"; exit 1; }
D=$(cd "$(dirname "$0")" && pwd)
TEST_PREFIX=mofserve-test
. "$D/../server/common.sh"

# kib FIELD: the server's (SPID) /proc status field in KiB (VmRSS, VmHWM).
kib() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$SPID/status"; }
# expect_grown LABEL BOUND_MIB: the server's peak RSS grew less than
# BOUND_MIB since rss0 (set with rss0=$(kib VmRSS)); not under sanitizers,
# whose shadow memory and quarantine would decide it.
expect_grown() {
    grown=$(( ($(kib VmHWM) - rss0) / 1024 ))
    [ -n "${VERBOSE:-}" ] && echo "$1: peak RSS grew $grown MiB"
    [ -n "${SANITIZE:-}" ] || expect "$1: peak RSS grew $grown MiB (bound $2 MiB)" "$(test "$grown" -lt "$2" && echo yes)" yes
}

# start NAME ARGS...: mofserve on a free loopback port; sets PORT and SPID.
start() { serve_start "$MOFSERVE" "$@"; }
stop() { stop_server "$1"; }

# The namespace of the requests (a test may set both after sourcing this).
NS=root/demo
NS_XML='<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="demo"/></LOCALNAMESPACEPATH>'
# CURL_USER=user:password: requests carry Basic credentials.
# intrinsic METHOD IPARAMVALUES: the answer's body
# (REQ=FILE: the request file, for calls made at once in the background)
intrinsic() {
    envelope "<IMETHODCALL NAME=\"$1\">$NS_XML$2</IMETHODCALL>" >"${REQ:-$T/req.xml}"
    curl -s --max-time 20 -H 'Content-Type: application/xml; charset="utf-8"' -H 'CIMOperation: MethodCall' \
        -H "CIMMethod: $1" -H "CIMObject: $(printf '%s' "$NS" | sed 's|/|%2F|g')" ${CURL_USER:+-u} ${CURL_USER:+"$CURL_USER"} \
        --data-binary "@${REQ:-$T/req.xml}" "http://127.0.0.1:$PORT/cimom"
}
# method CIMOBJECT PATHXML METHOD PARAMVALUES (PATHXML: LOCALINSTANCEPATH or LOCALCLASSPATH)
method() {
    envelope "<METHODCALL NAME=\"$3\">$2$4</METHODCALL>" >"${REQ:-$T/req.xml}"
    curl -s --max-time 20 -H 'Content-Type: application/xml; charset="utf-8"' -H 'CIMOperation: MethodCall' \
        -H "CIMMethod: $3" -H "CIMObject: $1" ${CURL_USER:+-u} ${CURL_USER:+"$CURL_USER"} \
        --data-binary "@${REQ:-$T/req.xml}" "http://127.0.0.1:$PORT/cimom"
}
classname() { printf '<IPARAMVALUE NAME="%s"><CLASSNAME NAME="%s"/></IPARAMVALUE>' "$1" "$2"; }

# build_module [SO [CFLAGS...]]: tests/server/demo_provider.c + mofc gen
# output -> SO (default $T/demo.so) (in the source tree -Iruntime stands for
# $(pkg-config --cflags mofsrv); the module's libmofrt references resolve to
# the libmofrt.so mofserve links).
build_module() {
    so=${1:-$T/demo.so}
    [ $# -gt 0 ] && shift
    "${MOFC:-$B/mofc}" gen -q -o "$T/gen" --name demo "$D/demo.mof" || return 1
    ${CC:-cc} -std=c11 -Wall -Wextra -Werror -shared -fPIC -pthread -I"$T/gen" -Iruntime "$@" \
        "$T/gen/demo.c" "$D/demo_provider.c" -o "$so" 2>"$T/cc.log" || { cat "$T/cc.log"; return 1; }
}
