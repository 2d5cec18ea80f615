#!/bin/sh
# mofserve --request-timeout-s N bounds receiving a request (headers and
# body), not a long answer: a client dribbling its request is cut after N
# s, while a streamed answer to a client that reads goes on for as long as
# the client takes MOFSRV_ANSWER_PROGRESS (64 KiB) of it every N s (it was
# cut N s after it started, however fast the client read); a client that
# sends its request and reads nothing is cut N s after the socket's buffers
# are full.
. "$(dirname "$0")/lib.sh"

pad=$(head -c 1000 /dev/zero | tr '\0' 'p')
awk -v pad="$pad" 'BEGIN { for (i = 0; i < 20000; i++) printf "instance of Demo_Thing { Id = \"t%05d\"; Label = \"%s\"; };\n", i, pad }' \
    >"$T/many.mof"
start tmo --schema "$D/demo.mof" --instances "$T/many.mof" --namespace $NS --request-timeout-s 2 || exit 1

# ---- a slow sender is cut ----------------------------------------------------------------
held=$(slow_client "$PORT" head 15)
[ -n "$held" ] && [ "$held" -le 10 ] && ok || fail "a client dribbling its headers was held $held s (limit 2 s)"
held=$(slow_client "$PORT" body 15)
[ -n "$held" ] && [ "$held" -le 10 ] && ok || fail "a client dribbling its body was held $held s (limit 2 s)"

# ---- a long answer to a client that reads is whole -----------------------------------------
envelope "<IMETHODCALL NAME=\"EnumerateInstances\">$NS_XML$(classname ClassName Demo_Thing)</IMETHODCALL>" >"$T/ei.xml"
t0=$(date +%s)
curl -s --max-time 60 --limit-rate 5M -H 'Content-Type: application/xml; charset="utf-8"' -H 'CIMOperation: MethodCall' \
    -H 'CIMMethod: EnumerateInstances' -H "CIMObject: root%2Fdemo" --data-binary "@$T/ei.xml" \
    "http://127.0.0.1:$PORT/cimom" -o "$T/ei.out"
rc=$?
t1=$(date +%s)
expect "a 22 MB answer read at 5 MB/s: curl ends well" "$rc" 0
[ $((t1 - t0)) -ge 3 ] && ok || fail "the answer took $((t1 - t0)) s: not longer than the limit, the test proves nothing"
expect "... every instance" "$(grep -o '<VALUE.NAMEDINSTANCE>' "$T/ei.out" | wc -l | tr -d ' ')" 20000
expect "... and the answer's end" "$(tail -c 6 "$T/ei.out")" '</CIM>'

# ---- a client that reads nothing is cut --------------------------------------------------------
cat >"$T/mute.py" <<'P'
import socket, sys, time
port, body = int(sys.argv[1]), open(sys.argv[2], "rb").read()
head = ("POST /cimom HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\n"
        "CIMOperation: MethodCall\r\nCIMMethod: EnumerateInstances\r\nCIMObject: root%%2Fdemo\r\n"
        "Content-Length: %d\r\n\r\n" % len(body)).encode()
s = socket.create_connection(("127.0.0.1", port))
s.sendall(head + body)
time.sleep(8)   # reads nothing: the server's and the kernel's buffers fill
s.settimeout(10)
got = b""
try:
    while True:
        b = s.recv(1 << 20)
        if not b:
            break
        got += b
except OSError:
    pass
print("whole" if got.endswith(b"0\r\n\r\n") else "cut")
P
expect "a client that reads nothing of a 22 MB answer is cut" "$(timeout 40 python3 "$T/mute.py" "$PORT" "$T/ei.xml")" cut
r=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Thing Id t00007)</IPARAMVALUE>")
expect_match "the server still answers" "$r" '<VALUE>t00007</VALUE>'
finish
