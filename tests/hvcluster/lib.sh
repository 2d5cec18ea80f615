# Shared helpers for the hvclusterd tests (POSIX sh). Note: dash runs the
# EXIT trap in ( ... ) subshells too, so tests use `sh -c` or plain `&`.
# Each test sources it,
# starts servers on free ports (--listen 127.0.0.1:0, the port is read from
# the server's first output line) in its own temporary directory, and stops
# them on exit.
B=${B:-build}
HVD=$B/examples/hvcluster/hvclusterd
[ -x "$HVD" ] || { echo "missing $HVD (make B=$B $HVD)"; exit 1; }
T=$(mktemp -d /tmp/hvtest.XXXXXX)
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
# expect NAME GOT WANT
expect() { if [ "$2" = "$3" ]; then ok; else fail "$1: got '$2', want '$3'"; fi; }
# expect_match NAME TEXT PATTERN (grep -E)
expect_match() { if printf '%s' "$2" | grep -Eq -- "$3"; then ok; else fail "$1: '$(printf '%s' "$2" | head -c 400)' does not match /$3/"; fi; }
finish() {
    # stop the servers cleanly so sanitizer leak reports reach their logs
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

# start_server NAME ARGS... : starts hvclusterd with state $T/NAME.state;
# sets PORT and SPID. Extra environment: SERVER_PREFIX (e.g. "ulimit -f 60;").
start_server() {
    name=$1; shift
    rm -f "$T/$name.log"
    sh -c "${SERVER_PREFIX:-} exec \"\$0\" --listen 127.0.0.1:0 --state \"$T/$name.state\" \"\$@\"" \
        "$HVD" "$@" >"$T/$name.log" 2>&1 &
    SPID=$!
    PIDS="$PIDS $SPID"
    i=0
    PORT=
    while [ $i -lt 100 ]; do
        PORT=$(sed -n 's/^hvclusterd: listening on port \([0-9]*\).*/\1/p' "$T/$name.log" 2>/dev/null)
        [ -n "$PORT" ] && return 0
        kill -0 "$SPID" 2>/dev/null || break
        sleep 0.05
        i=$((i + 1))
    done
    echo "server $name did not start:"; cat "$T/$name.log"
    return 1
}

stop_server() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; }

NS_XML='<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="hypervcluster"/><NAMESPACE NAME="v2"/></LOCALNAMESPACEPATH>'
SVC_NAME='<INSTANCENAME CLASSNAME="Msvm_CollectionReferencePointService"><KEYBINDING NAME="CreationClassName"><KEYVALUE VALUETYPE="string">Msvm_CollectionReferencePointService</KEYVALUE></KEYBINDING><KEYBINDING NAME="Name"><KEYVALUE VALUETYPE="string">vmms</KEYVALUE></KEYBINDING><KEYBINDING NAME="SystemCreationClassName"><KEYVALUE VALUETYPE="string">Msvm_ComputerSystem</KEYVALUE></KEYBINDING><KEYBINDING NAME="SystemName"><KEYVALUE VALUETYPE="string">HV-HOST</KEYVALUE></KEYBINDING></INSTANCENAME>'
SVC_OBJ='root%2Fhypervcluster%2Fv2%3AMsvm_CollectionReferencePointService.CreationClassName%3D%22Msvm_CollectionReferencePointService%22%2CName%3D%22vmms%22%2CSystemCreationClassName%3D%22Msvm_ComputerSystem%22%2CSystemName%3D%22HV-HOST%22'

# post METHOD CIMOBJECT BODY [curl args...]: prints "STATUS" then the body;
# the CIMError header, when any, is in $T/last.hdr.
post() {
    m=$1; o=$2; body=$3; shift 3
    printf '%s' "$body" >"$T/req.xml"
    curl -s -o "$T/resp.xml" -D "$T/last.hdr" -w '%{http_code}' --max-time 20 \
        -H 'Content-Type: application/xml; charset="utf-8"' -H 'CIMOperation: MethodCall' \
        -H "CIMMethod: $m" -H "CIMObject: $o" --data-binary "@$T/req.xml" "$@" \
        "http://127.0.0.1:$PORT/cimom"
    echo
    cat "$T/resp.xml" 2>/dev/null
}
cimerror() { sed -n 's/^CIMError: *\([^\r]*\).*/\1/ip' "$T/last.hdr"; }

envelope() { printf '<?xml version="1.0" encoding="utf-8"?><CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="42" PROTOCOLVERSION="1.0"><SIMPLEREQ>%s</SIMPLEREQ></MESSAGE></CIM>' "$1"; }

# svc_call METHOD PARAMVALUES: extrinsic call on the service instance.
svc_call() {
    post "$1" "$SVC_OBJ" "$(envelope "<METHODCALL NAME=\"$1\"><LOCALINSTANCEPATH>$NS_XML$SVC_NAME</LOCALINSTANCEPATH>$2</METHODCALL>")"
}
# intrinsic METHOD IPARAMVALUES
intrinsic() {
    post "$1" "root%2Fhypervcluster%2Fv2" "$(envelope "<IMETHODCALL NAME=\"$1\">$NS_XML$2</IMETHODCALL>")"
}

coll_ref() {   # PARAMVALUE Collection for a collection id (class optional)
    printf '<PARAMVALUE NAME="Collection" PARAMTYPE="reference"><VALUE.REFERENCE><INSTANCENAME CLASSNAME="%s"><KEYBINDING NAME="CollectionID"><KEYVALUE VALUETYPE="string">%s</KEYVALUE></KEYBINDING></INSTANCENAME></VALUE.REFERENCE></PARAMVALUE>' "${2:-Msvm_VirtualSystemCollection}" "$1"
}
rp_type() { printf '<PARAMVALUE NAME="ReferencePointType" PARAMTYPE="uint16"><VALUE>%s</VALUE></PARAMVALUE>' "$1"; }
settings() {   # embedded instance text (already XML-escaped) as the settings
    printf '<PARAMVALUE NAME="ReferencePointSettings" PARAMTYPE="string" EmbeddedObject="instance"><VALUE>%s</VALUE></PARAMVALUE>' "$1"
}
settings_inst() {   # CLASS CONSISTENCYLEVEL
    printf '&lt;INSTANCE CLASSNAME=&quot;%s&quot;&gt;&lt;PROPERTY NAME=&quot;ConsistencyLevel&quot; TYPE=&quot;uint8&quot;&gt;&lt;VALUE&gt;%s&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;' "$1" "$2"
}

retval() { printf '%s' "$1" | tr -d '\n' | sed -n 's/.*<RETURNVALUE[^>]*><VALUE>\([0-9]*\)<\/VALUE>.*/\1/p'; }
errcode() { printf '%s' "$1" | tr -d '\n' | sed -n 's/.*<ERROR CODE="\([0-9]*\)".*/\1/p'; }
status() { printf '%s' "$1" | head -n 1; }
# key value of a returned reference: outparam_key RESPONSE PARAM KEY
outparam_key() {
    printf '%s' "$1" | tr -d '\n' | sed -n "s/.*<PARAMVALUE NAME=\"$2\"[^>]*>\(.*\)/\1/p" |
        sed 's/<\/PARAMVALUE>.*//' | sed -n "s/.*<KEYBINDING NAME=\"$3\"><KEYVALUE[^>]*>\([^<]*\)<.*/\1/p"
}
# INSTANCENAME xml for CLASS KEY VALUE
iname() { printf '<INSTANCENAME CLASSNAME="%s"><KEYBINDING NAME="%s"><KEYVALUE VALUETYPE="string">%s</KEYVALUE></KEYBINDING></INSTANCENAME>' "$1" "$2" "$3"; }
rpc_iname() { printf '<INSTANCENAME CLASSNAME="Msvm_ReferencePointCollection"><KEYBINDING NAME="CollectionID"><KEYVALUE VALUETYPE="string">%s</KEYVALUE></KEYBINDING><KEYBINDING NAME="VirtualSystemCollectionId"><KEYVALUE VALUETYPE="string">%s</KEYVALUE></KEYBINDING></INSTANCENAME>' "$1" "$2"; }
get_instance() { intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$1</IPARAMVALUE>"; }
# prop RESPONSE NAME: a scalar PROPERTY's VALUE
prop() { printf '%s' "$1" | tr -d '\n' | sed -n "s/.*<PROPERTY NAME=\"$2\"[^>]*><VALUE>\([^<]*\)<\/VALUE>.*/\1/p"; }
count_of() { printf '%s' "$1" | grep -o "$2" | wc -l | tr -d ' '; }
enum_names() { intrinsic EnumerateInstanceNames "<IPARAMVALUE NAME=\"ClassName\"><CLASSNAME NAME=\"$1\"/></IPARAMVALUE>"; }

# wait_job JOBID: waits until the job leaves Running (4); prints its state.
wait_job() {
    i=0
    while [ $i -lt 100 ]; do
        r=$(get_instance "$(iname Msvm_ConcreteJob InstanceID "$1")")
        s=$(prop "$r" JobState)
        if [ -n "$s" ] && [ "$s" != 4 ]; then echo "$s"; return; fi
        sleep 0.05
        i=$((i + 1))
    done
    echo "timeout"
}
