#!/bin/sh
# examples/linuxhost: the module (mofc gen --skeleton output filled in,
# built by `make linuxhost`) serves this machine's operating system and
# processes from /proc through mofserve: this test's own process is an
# instance with its live values, the operating system's associators are
# its processes (the host's default from enumerating Linux_OSProcess), and
# names that are not this host's or a live process answer CIM_ERR_NOT_FOUND.
. tests/server/lib.sh
LH=$B/examples/linuxhost
[ -f "$LH/linuxhost.so" ] || { echo "missing $LH/linuxhost.so (make B=$B linuxhost)"; exit 1; }

NS=root/cimv2
NS_XML='<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="cimv2"/></LOCALNAMESPACEPATH>'
HOST=$(uname -n)
ME=$$
kb() { printf '<KEYBINDING NAME="%s"><KEYVALUE VALUETYPE="string">%s</KEYVALUE></KEYBINDING>' "$1" "$2"; }
# osname [CSNAME]; procname PID [CSNAME]: INSTANCENAME elements
osname() {
    printf '<INSTANCENAME CLASSNAME="Linux_OperatingSystem">%s%s%s%s</INSTANCENAME>' \
        "$(kb CSCreationClassName CIM_ComputerSystem)" "$(kb CSName "${1:-$HOST}")" \
        "$(kb CreationClassName Linux_OperatingSystem)" "$(kb Name "${1:-$HOST}")"
}
procname() {
    printf '<INSTANCENAME CLASSNAME="Linux_Process">%s%s%s%s%s%s</INSTANCENAME>' \
        "$(kb CSCreationClassName CIM_ComputerSystem)" "$(kb CSName "${2:-$HOST}")" \
        "$(kb OSCreationClassName Linux_OperatingSystem)" "$(kb OSName "${2:-$HOST}")" \
        "$(kb CreationClassName Linux_Process)" "$(kb Handle "$1")"
}
getp() { intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(procname "$@")</IPARAMVALUE>"; }
prop() { printf '%s' "$1" | tr -d '\n' | sed -n "s/.*<PROPERTY NAME=\"$2\" [^>]*><VALUE>\([^<]*\)<.*/\1/p"; }
handles() { printf '%s' "$1" | tr -d '\n' | grep -o '<KEYBINDING NAME="Handle"><KEYVALUE [^>]*>[0-9]*<' | sed 's/.*>//; s/<//'; }

start lh --schema examples/linuxhost/linuxhost.mof -I "$LH/cim" --provider "$LH/linuxhost.so" || { finish; exit 1; }

# ---- enumeration -------------------------------------------------------------------
r=$(intrinsic EnumerateInstanceNames "$(classname ClassName Linux_Process)")
h=$(handles "$r")
expect "EnumerateInstanceNames Linux_Process: this test's process" "$(printf '%s\n' $h | grep -cx "$ME")" 1
expect "EnumerateInstanceNames Linux_Process: init (1)" "$(printf '%s\n' $h | grep -cx 1)" 1
n=$(printf '%s\n' $h | wc -l)
[ "$n" -ge 3 ] && ok || fail "EnumerateInstanceNames Linux_Process: only $n processes"
r=$(intrinsic EnumerateInstances "$(classname ClassName CIM_Process)")
expect_match "EnumerateInstances CIM_Process: Linux_Process instances (subclass served)" "$r" '<INSTANCE CLASSNAME="Linux_Process"'
expect "EnumerateInstances CIM_Process: this process once" \
    "$(handles "$r" | grep -cx "$ME")" 1
r=$(intrinsic EnumerateInstances "$(classname ClassName Linux_OperatingSystem)")
expect "one operating system" "$(count_of "$r" '<VALUE.NAMEDINSTANCE>')" 1
expect "OSType 36 (LINUX)" "$(prop "$r" OSType)" 36
expect "CSName: the host name" "$(prop "$r" CSName)" "$HOST"
expect "Version: the kernel release" "$(prop "$r" Version)" "$(uname -r)"
np=$(prop "$r" NumberOfProcesses)
[ "${np:-0}" -ge 3 ] && ok || fail "NumberOfProcesses: '$np'"
mem=$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)
expect "TotalVisibleMemorySize: MemTotal of /proc/meminfo (KiB)" "$(prop "$r" TotalVisibleMemorySize)" "$mem"
expect_match "LastBootUpTime: a DSP0004 timestamp" "$(prop "$r" LastBootUpTime)" '^[0-9]{14}\.[0-9]{6}\+000$'

# ---- GetInstance -------------------------------------------------------------------
r=$(getp "$ME")
expect "GetInstance of this test's PID: Handle" "$(prop "$r" Handle)" "$ME"
expect "GetInstance of this test's PID: Name is its comm" "$(prop "$r" Name)" "$(cat /proc/$ME/comm)"
expect "GetInstance of this test's PID: ParentProcessID" "$(prop "$r" ParentProcessID)" "$PPID"
expect_match "GetInstance: Parameters, the command line" "$r" '<PROPERTY.ARRAY NAME="Parameters" TYPE="string"><VALUE.ARRAY><VALUE>'
expect_match "GetInstance: ExecutionState from the state letter" "$(prop "$r" ExecutionState)" '^(3|4)$'
r=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(procname "$ME")</IPARAMVALUE><IPARAMVALUE NAME=\"PropertyList\"><VALUE.ARRAY><VALUE>Name</VALUE></VALUE.ARRAY></IPARAMVALUE>")
expect "PropertyList Name: Parameters not sent" "$(count_of "$r" 'NAME="Parameters"')" 0
expect "PropertyList Name: Name sent" "$(prop "$r" Name)" "$(cat /proc/$ME/comm)"
sleep 30 & gone=$!
kill "$gone"; wait "$gone" 2>/dev/null
expect "GetInstance of a PID that exited: 6" "$(errcode "$(getp "$gone")")" 6
expect "GetInstance of PID 2147483647: 6" "$(errcode "$(getp 2147483647)")" 6
expect "GetInstance of Handle 'abc': 6" "$(errcode "$(getp abc)")" 6
expect "GetInstance of Handle '01': 6" "$(errcode "$(getp "0$ME")")" 6
expect "GetInstance of another host's process: 6" "$(errcode "$(getp "$ME" not-this-host)")" 6
r=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(osname)</IPARAMVALUE>")
expect "GetInstance of the operating system" "$(prop "$r" Name)" "$HOST"
expect "GetInstance of another host's operating system: 6" \
    "$(errcode "$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(osname not-this-host)</IPARAMVALUE>")")" 6

# ---- associations (the host's default from enumerating Linux_OSProcess) --------------
OSOBJ="<IPARAMVALUE NAME=\"ObjectName\">$(osname)</IPARAMVALUE>"
r=$(intrinsic AssociatorNames "$OSOBJ<IPARAMVALUE NAME=\"AssocClass\"><CLASSNAME NAME=\"Linux_OSProcess\"/></IPARAMVALUE>")
expect "AssociatorNames of the OS: this test's process" "$(handles "$r" | grep -cx "$ME")" 1
a=$(handles "$r" | wc -l)
[ "$a" -ge 3 ] && ok || fail "AssociatorNames of the OS: only $a processes"
r=$(intrinsic Associators "$OSOBJ<IPARAMVALUE NAME=\"ResultClass\"><CLASSNAME NAME=\"CIM_Process\"/></IPARAMVALUE>")
expect_match "Associators of the OS: process instances with their values" "$r" "<PROPERTY NAME=\"Handle\" TYPE=\"string\"><VALUE>$ME<"
expect "Associators of the OS, ResultClass CIM_Job: none" \
    "$(count_of "$(intrinsic Associators "$OSOBJ<IPARAMVALUE NAME=\"ResultClass\"><CLASSNAME NAME=\"CIM_Job\"/></IPARAMVALUE>")" '<VALUE.OBJECTWITHPATH>')" 0
ME_OBJ="<IPARAMVALUE NAME=\"ObjectName\">$(procname "$ME")</IPARAMVALUE>"
r=$(intrinsic Associators "$ME_OBJ")
expect "Associators of this process: the OS" "$(count_of "$r" '<INSTANCE CLASSNAME="Linux_OperatingSystem"')" 1
r=$(intrinsic ReferenceNames "$ME_OBJ")
expect "ReferenceNames of this process: one Linux_OSProcess" "$(count_of "$r" '<INSTANCENAME CLASSNAME="Linux_OSProcess"')" 1
r=$(intrinsic References "$ME_OBJ<IPARAMVALUE NAME=\"Role\"><VALUE>GroupComponent</VALUE></IPARAMVALUE>")
expect "References of this process in the role GroupComponent: none" "$(count_of "$r" '<VALUE.OBJECTWITHPATH>')" 0
r=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\"><INSTANCENAME CLASSNAME=\"Linux_OSProcess\"><KEYBINDING NAME=\"GroupComponent\"><VALUE.REFERENCE>$(osname)</VALUE.REFERENCE></KEYBINDING><KEYBINDING NAME=\"PartComponent\"><VALUE.REFERENCE>$(procname "$ME")</VALUE.REFERENCE></KEYBINDING></INSTANCENAME></IPARAMVALUE>")
expect_match "GetInstance of the association of this process" "$r" '<INSTANCE CLASSNAME="Linux_OSProcess"'
r=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\"><INSTANCENAME CLASSNAME=\"Linux_OSProcess\"><KEYBINDING NAME=\"GroupComponent\"><VALUE.REFERENCE>$(osname)</VALUE.REFERENCE></KEYBINDING><KEYBINDING NAME=\"PartComponent\"><VALUE.REFERENCE>$(procname "$gone")</VALUE.REFERENCE></KEYBINDING></INSTANCENAME></IPARAMVALUE>")
expect "GetInstance of the association of an exited process: 6" "$(errcode "$r")" 6

# ---- what the example leaves NULL ------------------------------------------------------
expect "CreateInstance Linux_Process: 7" "$(errcode "$(intrinsic CreateInstance '<IPARAMVALUE NAME="NewInstance"><INSTANCE CLASSNAME="Linux_Process"><PROPERTY NAME="Handle" TYPE="string"><VALUE>1</VALUE></PROPERTY></INSTANCE></IPARAMVALUE>')")" 7
expect "DeleteInstance of this process: 7 (and it lives on)" "$(errcode "$(intrinsic DeleteInstance "<IPARAMVALUE NAME=\"InstanceName\">$(procname "$ME")</IPARAMVALUE>")")" 7

if command -v wbemcli >/dev/null 2>&1; then
    U="http://localhost:$PORT/$NS"
    OSP="$U:Linux_OperatingSystem.CSCreationClassName=\"CIM_ComputerSystem\",CSName=\"$HOST\",CreationClassName=\"Linux_OperatingSystem\",Name=\"$HOST\""
    expect_match "wbemcli ei Linux_OperatingSystem" "$(wbemcli ei "$U:Linux_OperatingSystem" 2>&1)" 'OSType=36'
    expect_match "wbemcli ain of the OS: this process" "$(wbemcli ain -ac Linux_OSProcess "$OSP" 2>&1)" "Handle=\"$ME\""
    expect_match "wbemcli gi of a missing PID: CIM_ERR_NOT_FOUND" \
        "$(wbemcli gi "$U:Linux_Process.CSCreationClassName=\"CIM_ComputerSystem\",CSName=\"$HOST\",OSCreationClassName=\"Linux_OperatingSystem\",OSName=\"$HOST\",CreationClassName=\"Linux_Process\",Handle=\"$gone\"" 2>&1)" \
        'CIM_ERR_NOT_FOUND'
fi
finish
