#!/bin/sh
# hvclusterd's state: jobs that could not record their end, several on one
# collection, are resumed at start-up.
. "$(dirname "$0")/lib.sh"

# journal FILE: "offset length" of each record, one a line
records() {
    python3 - "$1" <<'P'
import sys
d = open(sys.argv[1], 'rb').read()
o = 0
while o < len(d):
    nl = d.index(b'\n', o)
    n = int(d[o:nl].split()[1])
    print(o, nl + 1 + n + 1 - o)
    o = nl + 1 + n + 1
P
}
# flip FILE OFFSET: inverts one byte
flip() { python3 -c "import sys; f=open(sys.argv[1],'r+b'); f.seek(int(sys.argv[2])); b=f.read(1); f.seek(int(sys.argv[2])); f.write(bytes([b[0]^0x20]))" "$1" "$2"; }
rpcs() { count_of "$(enum_names Msvm_ReferencePointCollection)" '<INSTANCENAME CLASSNAME="Msvm_ReferencePointCollection"'; }
create() { retval "$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 2)")"; }

# ---- two jobs on one collection that could not record their end -------------------
start_server jobs --job-ms 600000 || exit 1
r=$(svc_call CreateReferencePoint "$(coll_ref Collection-Ready)$(rp_type 2)")
expect "long job started" "$(retval "$r")" 4096
job=$(outparam_key "$r" Job InstanceID)
rpc=$(outparam_key "$r" ResultingReferencePointCollection CollectionID)
kill -9 "$SPID"; wait "$SPID" 2>/dev/null
# a second running job on the same collection, as a disk-full run leaves:
# the create record again with other ids
python3 - "$T/jobs.state.journal" "$job" "$rpc" <<'P'
import sys, zlib
path, job, rpc = sys.argv[1:4]
d = open(path, 'rb').read()
o, recs = 0, []
while o < len(d):
    nl = d.index(b'\n', o)
    n = int(d[o:nl].split()[1])
    recs.append(d[nl + 1:nl + 1 + n])
    o = nl + 1 + n + 1
src = [r for r in recs if job.encode() in r][0]
p = src.replace(job.encode(), b'00000000-0000-0000-0000-00000000J0B2').replace(rpc.encode(), b'00000000-0000-0000-0000-00000000RPC2')
open(path, 'ab').write(b'HVJ1 %d %08x\n' % (len(p), zlib.crc32(p)) + p + b'\n')
P
out=$("$HVD" --check-state "$T/jobs.state" 2>&1)
expect "--check-state: two running jobs on one collection are a whole state" "$?" 0
start_server jobs --job-ms 0 || exit 1
expect "both jobs end after the restart" "$(wait_job "$job") $(wait_job 00000000-0000-0000-0000-00000000J0B2)" "7 7"
expect "the collection is free again" "$(create)" 4096
stop_server "$SPID"

finish
