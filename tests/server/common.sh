# The shell test library of the CIM servers (POSIX sh), shared by
# tests/server/lib.sh (mofserve) and tests/hvcluster/lib.sh (hvclusterd):
# a temporary folder, servers on free ports (--listen 127.0.0.1:0, the port
# read from the server's "PROG: listening on port N" line) stopped on
# exit, checks, CIM-XML envelopes, journal surgery and a slow client.
# Note: dash runs the EXIT trap in ( ... ) subshells too, so tests use
# `sh -c` or plain `&`.
T=$(mktemp -d "/tmp/${TEST_PREFIX:-srvtest}.XXXXXX")
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
expect_match() { if printf '%s' "$2" | grep -Eq -- "$3"; then ok; else fail "$1: '$(printf '%s' "$2" | head -c 600)' does not match /$3/"; fi; }
finish() {
    # stop the servers cleanly so sanitizer leak reports reach their logs
    for p in $PIDS; do kill "$p" 2>/dev/null; done
    for p in $PIDS; do wait "$p" 2>/dev/null; done
    PIDS=
    for l in "$T"/*.log; do
        [ -f "$l" ] || continue
        if grep -Eq 'AddressSanitizer|LeakSanitizer|ThreadSanitizer|runtime error:' "$l"; then
            fail "sanitizer report in $(basename "$l")"; cat "$l"
        fi
    done
    echo "$(basename "$0"): $passes passed, $fails failed"
    [ "$fails" -eq 0 ]
}

# serve_start PROGRAM NAME ARGS...: PROGRAM --listen 127.0.0.1:0 ARGS, its
# output in $T/NAME.log; sets PORT and SPID. SERVER_PREFIX (e.g. "ulimit -f
# 60;") runs before it in the same shell.
serve_start() {
    prog=$1; name=$2; shift 2
    rm -f "$T/$name.log"
    sh -c "${SERVER_PREFIX:-} exec \"\$0\" --listen 127.0.0.1:0 \"\$@\"" "$prog" "$@" >"$T/$name.log" 2>&1 &
    SPID=$!
    PIDS="$PIDS $SPID"
    i=0
    PORT=
    pname=$(basename "$prog")
    while [ $i -lt 200 ]; do
        PORT=$(sed -n "s/^$pname: listening on port \\([0-9]*\\).*/\\1/p" "$T/$name.log" 2>/dev/null | head -n 1)
        [ -n "$PORT" ] && return 0
        kill -0 "$SPID" 2>/dev/null || break
        sleep 0.05
        i=$((i + 1))
    done
    echo "server $name did not start:"; cat "$T/$name.log"
    return 1
}
stop_server() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; }

envelope() { printf '<?xml version="1.0" encoding="utf-8"?><CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="42" PROTOCOLVERSION="1.0"><SIMPLEREQ>%s</SIMPLEREQ></MESSAGE></CIM>' "$1"; }
errcode() { printf '%s' "$1" | tr -d '\n' | sed -n 's/.*<ERROR CODE="\([0-9]*\)".*/\1/p'; }
count_of() { printf '%s' "$1" | grep -o "$2" | wc -l | tr -d ' '; }
# INSTANCENAME xml for CLASS KEY VALUE
iname() { printf '<INSTANCENAME CLASSNAME="%s"><KEYBINDING NAME="%s"><KEYVALUE VALUETYPE="string">%s</KEYVALUE></KEYBINDING></INSTANCENAME>' "$1" "$2" "$3"; }

# records JOURNAL: "offset length" of each journal record, one a line
records() {
    python3 - "$1" <<'P'
import sys
d = open(sys.argv[1], 'rb').read()
o = 0
while o < len(d):
    nl = d.index(b'\n', o)
    n = int(d[o:nl].split()[-2])   # HVJ1 LEN CRC, HVJ2 SEQ LEN CRC
    print(o, nl + 1 + n + 1 - o)
    o = nl + 1 + n + 1
P
}
# flip FILE OFFSET: inverts one byte
flip() { python3 -c "import sys; f=open(sys.argv[1],'r+b'); f.seek(int(sys.argv[2])); b=f.read(1); f.seek(int(sys.argv[2])); f.write(bytes([b[0]^0x20]))" "$1" "$2"; }

# slow_client PORT head|body SECONDS: dribbles a request one byte every
# 0.5 s (the headers, or the body after whole headers) until the server
# closes the connection or SECONDS pass; prints the seconds it was held.
# (Tests give it 15 s and allow 10 for a 2 s limit: a client never cut is
# told apart from one cut late on a loaded machine.)
slow_client() {
    [ -f "$T/slow.py" ] || cat >"$T/slow.py" <<'P'
import socket, sys, time
port, mode, limit = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
head = (b"POST /cimom HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\n"
        b"CIMOperation: MethodCall\r\nCIMMethod: GetClass\r\nCIMObject: root/cimv2\r\n"
        b"Content-Length: 1000\r\n\r\n")
s = socket.create_connection(("127.0.0.1", port))
data = head
if mode == "body":
    s.sendall(head)
    data = b"<" * 1000
s.settimeout(0.5)
t0, i = time.time(), 0
while time.time() - t0 < limit:
    try:
        s.send(data[i:i + 1])
        i += 1
        if s.recv(1) == b"":
            break   # the server closed the connection
    except socket.timeout:
        pass
    except OSError:
        break
print("%d" % (time.time() - t0))
P
    timeout 30 python3 "$T/slow.py" "$@"
}
