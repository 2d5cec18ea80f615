#!/bin/sh
# mofserve: clients that send EnumerateInstances and never read the answer
# hold what the enumeration queues may hold (32 MiB in all, 1 MiB a queue),
# not the whole answers: with the default pool of threads the queue of an
# answer grew while its thread was in another request (newcomer3 finding 1:
# 40 such clients of 20,000 instances grew the server by about 300 MB;
# this test, 92 MiB before, 19 MiB after).
. "$(dirname "$0")/lib.sh"

pad=$(head -c 200 /dev/zero | tr '\0' 'x')
awk -v pad="$pad" 'BEGIN { for (i = 0; i < 20000; i++) printf "instance of Demo_Thing { Id = \"n%05d\"; Label = \"%s\"; };\n", i, pad }' \
    >"$T/many.mof"
start noread --schema "$D/demo.mof" --instances "$T/many.mof" --namespace $NS || exit 1
envelope "<IMETHODCALL NAME=\"EnumerateInstances\">$NS_XML$(classname ClassName Demo_Thing)</IMETHODCALL>" >"$T/ei.xml"
rss0=$(kib VmRSS)
cat >"$T/mute.py" <<'P'
import socket, sys, time
port, n, body = int(sys.argv[1]), int(sys.argv[2]), open(sys.argv[3], "rb").read()
head = ("POST /cimom HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\n"
        "CIMOperation: MethodCall\r\nCIMMethod: EnumerateInstances\r\nCIMObject: root%%2Fdemo\r\n"
        "Content-Length: %d\r\n\r\n" % len(body)).encode()
socks = [socket.create_connection(("127.0.0.1", port)) for i in range(n)]
for s in socks:   # a small window: the server's sends stall at once
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.sendall(head + body)
time.sleep(float(sys.argv[4]))   # reads nothing
P
timeout 60 python3 "$T/mute.py" "$PORT" 40 "$T/ei.xml" 8 &
mute=$!
sleep 6
# 32 MiB of queues + per connection a batch in hand (<= 1 MiB, here ~70 KB) and a
# thread; 92 MiB before the queues were bounded in bytes
expect_grown "40 clients not reading 5 MB each" 48
r=$(intrinsic GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(iname Demo_Thing Id n00007)</IPARAMVALUE>")
expect_match "the server answers meanwhile" "$r" '<VALUE>n00007</VALUE>'
wait $mute
finish
