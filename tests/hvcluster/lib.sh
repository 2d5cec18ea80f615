# Helpers of the hvclusterd tests (POSIX sh), on the servers' shared test
# library (tests/server/common.sh): each test starts servers on free ports
# in its own temporary folder, stopped on exit.
B=${B:-build}
HVD=$B/examples/hvcluster/hvclusterd
[ -x "$HVD" ] || { echo "missing $HVD (make B=$B $HVD)"; exit 1; }
TEST_PREFIX=hvtest
. "$(dirname "$0")/../server/common.sh"

# start_server NAME ARGS... : starts hvclusterd with state $T/NAME.state;
# sets PORT and SPID. Extra environment: SERVER_PREFIX (e.g. "ulimit -f 60;").
start_server() { name=$1; shift; serve_start "$HVD" "$name" --state "$T/$name.state" "$@"; }

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
status() { printf '%s' "$1" | head -n 1; }
# key value of a returned reference: outparam_key RESPONSE PARAM KEY
outparam_key() {
    printf '%s' "$1" | tr -d '\n' | sed -n "s/.*<PARAMVALUE NAME=\"$2\"[^>]*>\(.*\)/\1/p" |
        sed 's/<\/PARAMVALUE>.*//' | sed -n "s/.*<KEYBINDING NAME=\"$3\"><KEYVALUE[^>]*>\([^<]*\)<.*/\1/p"
}
rpc_iname() { printf '<INSTANCENAME CLASSNAME="Msvm_ReferencePointCollection"><KEYBINDING NAME="CollectionID"><KEYVALUE VALUETYPE="string">%s</KEYVALUE></KEYBINDING><KEYBINDING NAME="VirtualSystemCollectionId"><KEYVALUE VALUETYPE="string">%s</KEYVALUE></KEYBINDING></INSTANCENAME>' "$1" "$2"; }
get_instance() { intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$1</IPARAMVALUE>"; }
# job_state JOBID: the job's JobState now (4 Running, 7 Completed ...)
job_state() { prop "$(get_instance "$(iname Msvm_ConcreteJob InstanceID "$1")")" JobState; }
# prop RESPONSE NAME: a scalar PROPERTY's VALUE
prop() { printf '%s' "$1" | tr -d '\n' | sed -n "s/.*<PROPERTY NAME=\"$2\"[^>]*><VALUE>\([^<]*\)<\/VALUE>.*/\1/p"; }
enum_names() { intrinsic EnumerateInstanceNames "<IPARAMVALUE NAME=\"ClassName\"><CLASSNAME NAME=\"$1\"/></IPARAMVALUE>"; }

# wait_job JOBID [TRIES]: waits until the job leaves Running (4), asking
# every 0.05 s at most TRIES times (default 100); prints its state.
wait_job() {
    i=0
    while [ $i -lt "${2:-100}" ]; do
        r=$(get_instance "$(iname Msvm_ConcreteJob InstanceID "$1")")
        s=$(prop "$r" JobState)
        if [ -n "$s" ] && [ "$s" != 4 ]; then echo "$s"; return; fi
        sleep 0.05
        i=$((i + 1))
    done
    echo "timeout"
}
