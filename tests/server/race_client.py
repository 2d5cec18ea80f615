# Clients of tests/server/test_race.sh: many connections at once, each in a
# thread of its own, doing what makes the server's threads meet: pull
# enumerations opened, pulled, counted, closed or left to time out;
# classic enumerations and associators streamed while writers create and
# delete instances (and associations, deleted with their instance); then,
# with "stop", enumerations left half-read and the server terminated
# meanwhile. Every answer must be a whole CIM-XML answer (or one of the
# errors the operation may give); what went wrong is printed, one line
# each, and the exit status says whether anything did.
#   race_client.py PORT load WORKERS ROUNDS
#   race_client.py PORT stop N       (N enumerations left open; then waits)
import http.client
import re
import sys
import threading
import time

PORT = int(sys.argv[1])
NS = '<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="demo"/></LOCALNAMESPACEPATH>'
problems = []
plock = threading.Lock()


def problem(what):
    with plock:
        problems.append(what)


def envelope(body):
    return ('<?xml version="1.0" encoding="utf-8"?><CIM CIMVERSION="2.0" DTDVERSION="2.0">'
            '<MESSAGE ID="1" PROTOCOLVERSION="1.0"><SIMPLEREQ>%s</SIMPLEREQ></MESSAGE></CIM>' % body)


def ip(name, inner):
    return '<IPARAMVALUE NAME="%s">%s</IPARAMVALUE>' % (name, inner)


def val(name, v):
    return ip(name, '<VALUE>%s</VALUE>' % v)


def iname(cls, key, v):
    return ('<INSTANCENAME CLASSNAME="%s"><KEYBINDING NAME="%s"><KEYVALUE VALUETYPE="string">%s'
            '</KEYVALUE></KEYBINDING></INSTANCENAME>' % (cls, key, v))


class Client:
    def __init__(self):
        self.c = None

    def call(self, method, params, tries=3):
        body = envelope('<IMETHODCALL NAME="%s">%s%s</IMETHODCALL>' % (method, NS, params)).encode()
        hdr = {'Content-Type': 'application/xml; charset="utf-8"', 'CIMOperation': 'MethodCall',
               'CIMMethod': method, 'CIMObject': 'root%2Fdemo'}
        for t in range(tries):
            try:
                if self.c is None:
                    self.c = http.client.HTTPConnection('127.0.0.1', PORT, timeout=120)
                self.c.request('POST', '/cimom', body, hdr)
                r = self.c.getresponse()
                data = r.read().decode('utf-8', 'replace')
                if r.status != 200:
                    problem('%s: HTTP %d' % (method, r.status))
                return data
            except (http.client.HTTPException, OSError):
                # a kept-alive connection the server closed between two
                # requests: a new one (a request is never sent twice on
                # one that answered)
                self.c = None
        problem('%s: no answer' % method)
        return ''


def whole(method, r, errors=()):
    """The answer is a whole IMETHODRESPONSE, or one of errors (codes)."""
    m = re.search(r'<ERROR CODE="(\d+)"', r)
    if m:
        if int(m.group(1)) not in errors:
            problem('%s: error %s: %s' % (method, m.group(1), r[:300]))
        return False
    if '</IMETHODRESPONSE>' not in r or not r.rstrip().endswith('</CIM>'):
        problem('%s: not a whole answer: %s' % (method, r[-300:]))
        return False
    return True


def ctx_of(r):
    m = re.search(r'<PARAMVALUE NAME="EnumerationContext" PARAMTYPE="string"><VALUE>([^<]*)<', r)
    return m.group(1) if m else None


def ended(r):
    return re.search(r'NAME="EndOfSequence" PARAMTYPE="boolean"><VALUE>TRUE<', r) is not None


# CIM_ERR_INVALID_ENUMERATION_CONTEXT (21): a context that timed out; CIM_ERR_NOT_SUPPORTED (7):
# EnumerationCount not known
def puller(k, rounds):
    cl = Client()
    for i in range(rounds):
        how = (k + i) % 4
        tmo = 1 if how == 3 else 60
        r = cl.call('OpenEnumerateInstances',
                    ip('ClassName', '<CLASSNAME NAME="Demo_Thing"/>') + val('MaxObjectCount', 3) +
                    val('OperationTimeout', tmo))
        if not whole('OpenEnumerateInstances', r):
            continue
        ctx = ctx_of(r)
        if not ctx:
            continue
        whole('EnumerationCount', cl.call('EnumerationCount', val('EnumerationContext', ctx)), (7,))
        if how == 0:    # pulled to the end
            for _ in range(1000):
                r = cl.call('PullInstancesWithPath', val('EnumerationContext', ctx) + val('MaxObjectCount', 40))
                if not whole('PullInstancesWithPath', r) or ended(r):
                    break
        elif how == 1:  # one pull, then closed
            whole('PullInstancesWithPath',
                  cl.call('PullInstancesWithPath', val('EnumerationContext', ctx) + val('MaxObjectCount', 7)))
            whole('CloseEnumeration', cl.call('CloseEnumeration', val('EnumerationContext', ctx)))
        elif how == 2:  # closed at once, its producer running
            whole('CloseEnumeration', cl.call('CloseEnumeration', val('EnumerationContext', ctx)))
        # how == 3: left to its 1 s time-out (reaped by a later request)
    # the paths too
    r = cl.call('OpenEnumerateInstancePaths', ip('ClassName', '<CLASSNAME NAME="Demo_Thing"/>') +
                val('MaxObjectCount', 1))
    if whole('OpenEnumerateInstancePaths', r) and ctx_of(r):
        whole('CloseEnumeration', cl.call('CloseEnumeration', val('EnumerationContext', ctx_of(r))))


def enumerator(k, rounds):
    cl = Client()
    b1 = ip('ObjectName', iname('Demo_Box', 'Name', 'b1'))
    for i in range(rounds):
        whole('EnumerateInstances', cl.call('EnumerateInstances', ip('ClassName', '<CLASSNAME NAME="Demo_Thing"/>')))
        whole('EnumerateInstanceNames',
              cl.call('EnumerateInstanceNames', ip('ClassName', '<CLASSNAME NAME="Demo_Thing"/>')))
        whole('Associators', cl.call('Associators', b1))
        whole('References', cl.call('References', b1))
        r = cl.call('OpenAssociatorInstances', ip('InstanceName', iname('Demo_Box', 'Name', 'b1')) +
                    val('MaxObjectCount', 2))
        if whole('OpenAssociatorInstances', r) and ctx_of(r) and i % 2:
            whole('CloseEnumeration', cl.call('CloseEnumeration', val('EnumerationContext', ctx_of(r))))
        elif ctx_of(r):
            whole('PullInstancesWithPath', cl.call('PullInstancesWithPath', val('EnumerationContext', ctx_of(r)) +
                                                   val('MaxObjectCount', 1000)))


def thing(tid):
    return ip('NewInstance', '<INSTANCE CLASSNAME="Demo_Thing"><PROPERTY NAME="Id" TYPE="string"><VALUE>%s'
              '</VALUE></PROPERTY><PROPERTY NAME="Label" TYPE="string"><VALUE>new</VALUE></PROPERTY>'
              '</INSTANCE>' % tid)


def link(tid):
    return ip('NewInstance', '<INSTANCE CLASSNAME="Demo_Contains"><PROPERTY.REFERENCE NAME="Box">'
              '<VALUE.REFERENCE>%s</VALUE.REFERENCE></PROPERTY.REFERENCE><PROPERTY.REFERENCE NAME="Thing">'
              '<VALUE.REFERENCE>%s</VALUE.REFERENCE></PROPERTY.REFERENCE></INSTANCE>'
              % (iname('Demo_Box', 'Name', 'b1'), iname('Demo_Thing', 'Id', tid)))


def writer(k, rounds):
    """Creates w<k>-<i> with a link to b1 and deletes every other one
    (its link goes with it): rounds // 2 of its things stay."""
    cl = Client()
    for i in range(rounds):
        tid = 'w%d-%03d' % (k, i)
        whole('CreateInstance', cl.call('CreateInstance', thing(tid)))
        whole('CreateInstance', cl.call('CreateInstance', link(tid)))
        if i % 2:
            whole('DeleteInstance', cl.call('DeleteInstance', ip('InstanceName', iname('Demo_Thing', 'Id', tid))))


def run(threads):
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if sys.argv[2] == 'load':
    workers, rounds = int(sys.argv[3]), int(sys.argv[4])
    ts = []
    for k in range(workers):
        ts.append(threading.Thread(target=puller, args=(k, rounds)))
        ts.append(threading.Thread(target=enumerator, args=(k, max(1, rounds // 4))))
        ts.append(threading.Thread(target=writer, args=(k, rounds)))
    run(ts)
else:
    # enumerations and pulls left half-done on connections kept open,
    # then the caller terminates the server: its stop meets them
    n = int(sys.argv[3])
    conns = []
    for k in range(n):
        cl = Client()
        r = cl.call('OpenEnumerateInstances', ip('ClassName', '<CLASSNAME NAME="Demo_Thing"/>') +
                    val('MaxObjectCount', 1))
        whole('OpenEnumerateInstances', r)
        conns.append(cl)
        s = http.client.HTTPConnection('127.0.0.1', PORT, timeout=60)
        body = envelope('<IMETHODCALL NAME="EnumerateInstances">%s%s</IMETHODCALL>'
                        % (NS, ip('ClassName', '<CLASSNAME NAME="Demo_Thing"/>'))).encode()
        s.request('POST', '/cimom', body, {'Content-Type': 'application/xml; charset="utf-8"',
                                           'CIMOperation': 'MethodCall', 'CIMMethod': 'EnumerateInstances',
                                           'CIMObject': 'root%2Fdemo'})
        r = s.getresponse()
        r.read(100)     # the answer has started; the rest is left unread
        conns.append((s, r))
    print('ready', flush=True)
    time.sleep(60)      # killed by the test once the server has stopped

for p in problems[:20]:
    print(p)
sys.exit(1 if problems else 0)
