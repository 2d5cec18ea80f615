#!/bin/sh
# hvclusterd: every return code of CreateReferencePoint (and the methods
# working on what it made), with hand-written DSP0200 requests over curl.
. "$(dirname "$0")/lib.sh"

start_server main || exit 1

# ---- 4096 Job Started, RCT based -------------------------------------------
r=$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 2)")
expect "rct: http status" "$(status "$r")" 200
expect "rct: 4096" "$(retval "$r")" 4096
rpc=$(outparam_key "$r" ResultingReferencePointCollection CollectionID)
job=$(outparam_key "$r" Job InstanceID)
expect_match "rct: collection id" "$rpc" '^[0-9A-F-]{36}$'
expect_match "rct: job id" "$job" '^[0-9A-F-]{36}$'
expect "rct: result keyed by the collection" \
    "$(outparam_key "$r" ResultingReferencePointCollection VirtualSystemCollectionId)" Collection-Ready
expect "rct: job completes" "$(wait_job "$job")" 7
j=$(get_instance "$(iname Msvm_ConcreteJob InstanceID "$job")")
expect "rct: job type" "$(prop "$j" JobType)" 205
expect "rct: job percent" "$(prop "$j" PercentComplete)" 100
g=$(get_instance "$(rpc_iname "$rpc" Collection-Ready)")
expect "rct: rpc type" "$(prop "$g" ReferencePointType)" 2
expect "rct: rpc no log" "$(prop "$g" HasAssociatedLog)" FALSE
e=$(intrinsic EnumerateInstances '<IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="Msvm_VirtualSystemReferencePoint"/></IPARAMVALUE>')
expect "rct: one reference point per VM" "$(count_of "$e" '<INSTANCE CLASSNAME="Msvm_VirtualSystemReferencePoint"')" 2
expect "rct: an RCT id per disk" "$(count_of "$e" 'rctX:{Microsoft:VM-')" 3
l=$(enum_names Msvm_CollectedReferencePoints)
expect "rct: members linked" "$(count_of "$l" '<INSTANCENAME CLASSNAME="Msvm_CollectedReferencePoints"')" 2
l=$(enum_names Msvm_ReferencePointOfVirtualSystemCollection)
expect_match "rct: linked to its collection" "$l" "$rpc"

# ---- log based: HasAssociatedLog, then RemoveAssociatedData ------------------
r=$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 1)$(settings "$(settings_inst Msvm_CollectionReferencePointSettingData 2)")")
expect "log: 4096" "$(retval "$r")" 4096
lrpc=$(outparam_key "$r" ResultingReferencePointCollection CollectionID)
expect "log: job completes" "$(wait_job "$(outparam_key "$r" Job InstanceID)")" 7
g=$(get_instance "$(rpc_iname "$lrpc" Collection-Ready)")
expect "log: HasAssociatedLog" "$(prop "$g" HasAssociatedLog)" TRUE
expect "log: crash consistent (1 in this class)" "$(prop "$g" ConsistencyLevel)" 1
ra="<PARAMVALUE NAME=\"AffectedReferencePointCollection\" PARAMTYPE=\"reference\"><VALUE.REFERENCE>$(rpc_iname "$lrpc" Collection-Ready)</VALUE.REFERENCE></PARAMVALUE>"
r=$(svc_call RemoveAssociatedData "$ra")
expect "remove data: 4096" "$(retval "$r")" 4096
g=$(get_instance "$(rpc_iname "$lrpc" Collection-Ready)")
expect "remove data: log gone" "$(prop "$g" HasAssociatedLog)" FALSE
expect "remove data: twice is invalid state" "$(retval "$(svc_call RemoveAssociatedData "$ra")")" 5
rr="<PARAMVALUE NAME=\"AffectedReferencePointCollection\" PARAMTYPE=\"reference\"><VALUE.REFERENCE>$(rpc_iname "$rpc" Collection-Ready)</VALUE.REFERENCE></PARAMVALUE>"
expect "remove data: RCT based is invalid state" "$(retval "$(svc_call RemoveAssociatedData "$rr")")" 5

# ---- 4 Invalid Parameter ---------------------------------------------------
expect "no Collection" "$(retval "$(svc_call CreateReferencePoint "$(rp_type 2)")")" 4
expect "unknown collection" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-Nope)$(rp_type 2)")")" 4
expect "no type" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)")")" 4
expect "type 0" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 0)")")" 4
expect "type DMTF reserved 3" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 3)")")" 4
expect "type DMTF reserved 32767" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 32767)")")" 4
expect "settings not XML" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 2)$(settings 'not &lt;xml')")")" 4
expect "settings untyped, not XML" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 2)<PARAMVALUE NAME=\"ReferencePointSettings\"><VALUE>&lt;INSTANCE</VALUE></PARAMVALUE>")")" 4
expect "settings level out of map" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 2)$(settings "$(settings_inst Msvm_CollectionReferencePointSettingData 7)")")")" 4
expect "settings level not a number" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 2)$(settings "$(settings_inst Msvm_CollectionReferencePointSettingData x)")")")" 4

# ---- 6 Invalid Type -----------------------------------------------------------
expect "settings of another class" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 2)$(settings "$(settings_inst Msvm_VirtualSystemReferencePointSettingData 1)")")")" 6
vmref='<PARAMVALUE NAME="Collection" PARAMTYPE="reference"><VALUE.REFERENCE><INSTANCENAME CLASSNAME="Msvm_ComputerSystem"><KEYBINDING NAME="CreationClassName"><KEYVALUE VALUETYPE="string">Msvm_ComputerSystem</KEYVALUE></KEYBINDING><KEYBINDING NAME="Name"><KEYVALUE VALUETYPE="string">VM-A</KEYVALUE></KEYBINDING></INSTANCENAME></VALUE.REFERENCE></PARAMVALUE>'
expect "collection of another class" "$(retval "$(svc_call CreateReferencePoint "$vmref$(rp_type 2)")")" 6

# ---- 1 Not Supported -------------------------------------------------------------
expect "vendor specific type" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 32768)")")" 1
expect "export not supported" "$(retval "$(svc_call ExportReferencePoint "")")" 1

# ---- 5 Invalid State ---------------------------------------------------------------
expect "empty collection" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-Empty)$(rp_type 2)")")" 5
expect "disk without RCT" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-NoRct)$(rp_type 2)")")" 5
expect "log based without replication" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-NoReplica)$(rp_type 1)")")" 5
expect "RCT without replication is fine" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-NoReplica)$(rp_type 2)")")" 4096

# ---- job Exception: a member disk is offline ------------------------------------
r=$(svc_call CreateReferencePoint "$(coll_ref Collection-Offline)$(rp_type 2)")
expect "offline: 4096" "$(retval "$r")" 4096
orpc=$(outparam_key "$r" ResultingReferencePointCollection CollectionID)
ojob=$(outparam_key "$r" Job InstanceID)
expect "offline: job exception" "$(wait_job "$ojob")" 10
j=$(get_instance "$(iname Msvm_ConcreteJob InstanceID "$ojob")")
expect_match "offline: error description" "$(prop "$j" ErrorDescription)" 'offline'
expect "offline: nothing left" "$(errcode "$(get_instance "$(rpc_iname "$orpc" Collection-Offline)")")" 6

# ---- DestroyReferencePoint ----------------------------------------------------------
r=$(svc_call DestroyReferencePoint "$rr")
expect "destroy: 4096" "$(retval "$r")" 4096
expect "destroy: gone" "$(errcode "$(get_instance "$(rpc_iname "$rpc" Collection-Ready)")")" 6
e=$(enum_names Msvm_CollectedReferencePoints)
expect "destroy: members unlinked" "$(count_of "$e" "$rpc")" 0
expect "destroy: twice" "$(retval "$(svc_call DestroyReferencePoint "$rr")")" 4
expect "destroy: wrong class" "$(retval "$(svc_call DestroyReferencePoint "<PARAMVALUE NAME=\"AffectedReferencePointCollection\" PARAMTYPE=\"reference\"><VALUE.REFERENCE>$(iname Msvm_VirtualSystemCollection CollectionID Collection-Ready)</VALUE.REFERENCE></PARAMVALUE>")")" 6

# ---- 3 Timeout: collection held by a long job; others run in parallel ----------------
# Observed through the jobs' states, not wall time (load makes that
# unreliable): while the first job still runs (holding its collection),
# the same collection times out and the other collection's job runs too.
start_server slow --job-ms 6000 --lock-timeout-ms 200
r=$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 2)")
expect "slow: first 4096" "$(retval "$r")" 4096
job1=$(outparam_key "$r" Job InstanceID)
expect "slow: same collection times out" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 1)")")" 3
r2=$(svc_call CreateReferencePoint "$(coll_ref Collection-NoReplica)$(rp_type 2)")
expect "slow: other collection runs" "$(retval "$r2")" 4096
job2=$(outparam_key "$r2" Job InstanceID)
expect "slow: the other collection's job started while the first still runs: both Running" \
    "$(job_state "$job1") $(job_state "$job2")" "4 4"
expect "slow: after the job, the lock is free" "$(wait_job "$job1" 400)" 7
expect "slow: the other job ends too" "$(wait_job "$job2" 400)" 7
expect "slow: then it works" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 1)")")" 4096
stop_server "$SPID"

# ---- 0 Completed with No Error (--sync), 2 Failed inline -------------------------------
start_server sync --sync
r=$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 2)")
expect "sync: 0" "$(retval "$r")" 0
srpc=$(outparam_key "$r" ResultingReferencePointCollection CollectionID)
expect_match "sync: result" "$srpc" '^[0-9A-F-]{36}$'
expect "sync: no job" "$(outparam_key "$r" Job InstanceID)" ""
expect "sync: exists" "$(prop "$(get_instance "$(rpc_iname "$srpc" Collection-Ready)")" ReferencePointType)" 2
expect "sync: offline disk fails" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-Offline)$(rp_type 2)")")" 2
expect "sync: destroy 0" "$(retval "$(svc_call DestroyReferencePoint "<PARAMVALUE NAME=\"AffectedReferencePointCollection\" PARAMTYPE=\"reference\"><VALUE.REFERENCE>$(rpc_iname "$srpc" Collection-Ready)</VALUE.REFERENCE></PARAMVALUE>")")" 0
stop_server "$SPID"

# ---- 2 Failed: the state cannot be persisted (file size limit) -----------------------
SERVER_PREFIX='ulimit -f 80;' start_server full --sync
got=0 created=0 i=0
while [ $i -lt 12 ]; do
    v=$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 2)")")
    [ "$v" = 0 ] && created=$((created + 1))
    [ "$v" = 2 ] && { got=1; break; }
    i=$((i + 1))
done
expect "full: 2 Failed once the journal cannot grow" "$got" 1
jsize=$(wc -c <"$T/full.state.journal")
expect "full: still failing" "$(retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 2)")")" 2
expect "full: journal not half-written" "$(wc -c <"$T/full.state.journal")" "$jsize"
e=$(enum_names Msvm_ReferencePointCollection)
expect "full: state unchanged" "$(count_of "$e" '<INSTANCENAME CLASSNAME="Msvm_ReferencePointCollection"')" "$created"
expect "full: state file whole" "$("$HVD" --check-state "$T/full.state" >/dev/null 2>&1; echo $?)" 0
stop_server "$SPID"
start_server full
e=$(enum_names Msvm_ReferencePointCollection)
expect "full: after restart" "$(count_of "$e" '<INSTANCENAME CLASSNAME="Msvm_ReferencePointCollection"')" "$created"

finish
