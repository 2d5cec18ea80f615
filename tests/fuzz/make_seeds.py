#!/usr/bin/env python3
"""Writes the committed seed corpora (tests/fuzz/corpus/<harness>/) from the
inputs the unit tests already use: every string literal (after the C
preprocessor, so macros such as REQUEST(...) are expanded) that looks like
input for a harness. Run by hand from the repository root when the tests
gain interesting inputs; the CIM schema is never committed (make fuzz seeds
the MOF harness from ../shared/corpora at run time).

    python3 tests/fuzz/make_seeds.py
"""
import hashlib, os, re, subprocess, sys

MAX_SEEDS = 40
MAX_SIZE = 8192


def literals(path):
    """Runs of adjacent C string literals in the preprocessed file, decoded."""
    pp = subprocess.run(["gcc", "-E", "-P", "-I.", "-D_XOPEN_SOURCE=700",
                         "-I/usr/include/libxml2", path],
                        check=True, capture_output=True).stdout.decode("latin-1")
    tok = re.compile(r'"((?:[^"\\\n]|\\.)*)"(\s*)|(//[^\n]*|/\*.*?\*/)|(.)', re.S)
    out, cur = [], None
    for m in tok.finditer(pp):
        if m.group(1) is not None:
            cur = (cur or b"") + decode(m.group(1))
        elif m.group(3) is not None:
            continue
        elif m.group(4) is not None and not m.group(4).isspace():
            if cur is not None:
                out.append(cur)
            cur = None
    return out


def decode(s):
    b = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c != "\\":
            b += c.encode("latin-1")
            i += 1
            continue
        n = s[i + 1]
        simple = {"n": 10, "t": 9, "r": 13, "b": 8, "f": 12, "v": 11, "a": 7,
                  "\\": 92, '"': 34, "'": 39, "?": 63}
        if n in simple:
            b.append(simple[n]); i += 2
        elif n == "x":
            m = re.match(r"[0-9a-fA-F]+", s[i + 2:])
            b.append(int(m.group(0), 16) & 0xFF); i += 2 + len(m.group(0))
        elif n in "01234567":
            m = re.match(r"[0-7]{1,3}", s[i + 1:])
            b.append(int(m.group(0), 8) & 0xFF); i += 1 + len(m.group(0))
        else:
            b += n.encode("latin-1"); i += 2
    return bytes(b)


def write(harness, seeds):
    d = os.path.join("tests/fuzz/corpus", harness)
    os.makedirs(d, exist_ok=True)
    seen = set()
    kept = 0
    for s in seeds:
        if not s or len(s) > MAX_SIZE or s in seen:
            continue
        seen.add(s)
        name = hashlib.sha1(s).hexdigest()[:16]
        with open(os.path.join(d, name), "wb") as f:
            f.write(s)
        kept += 1
        if kept >= MAX_SEEDS:
            break
    print(f"{harness}: {kept} seeds")


def spread(items, n=MAX_SEEDS):
    """Up to n items taken evenly through the list (tests come in topic order)."""
    if len(items) <= n:
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


# Hand-written seeds for what the tests spell in pieces.
EXTRA_PATHS = [
    b'//hv01.example.com/root/virtualization/v2:Msvm_ComputerSystem.CreationClassName="Msvm_ComputerSystem",Name="A1B2"',
    b'root/cimv2:CIM_Foo.Name="x \\"q\\" \\\\",Id=5,Neg=-12,R=1.5e3,B=TRUE,F=false',
    b'CIM_Foo=@', b'CIM_Foo', b'ns:CIM_Foo', b'//host/ns:C',
    b'A.Ref="root/cimv2:B.Id=\\"x\\"",K=0x1F',
    b'C.K1=1,K2=2,K3=3,K4=4,K5=5,K6=6,K7=7,K8=8',
    b'C.K=18446744073709551615', b'C.K=-9223372036854775808', b'C.K=1e400',
]
EXTRA_VALUES = [  # (type index as in fuzz_value.c: BOOLEAN=0 .. REFERENCE=14, text)
    (0, b"true"), (0, b" FALSE "), (1, b"a string \xe2\x82\xac"), (2, b"x"), (2, b"\xe2\x82\xac"),
    (3, b"20240101120000.123456+060"), (3, b"00000001020304.000000:000"),
    (3, b"20240101120000.123***+000"), (3, b"2024**************.******+000"),
    (4, b"255"), (4, b"256"), (5, b"-128"), (6, b"0xFFFF"), (8, b"4294967295"),
    (9, b"-2147483648"), (10, b"18446744073709551615"), (11, b"-9223372036854775808"),
    (12, b"3.4028235e38"), (13, b"1.7976931348623157e308"), (13, b"-INF"), (13, b"NaN"),
    (13, b"5e-324"), (12, b"1e-46"), (14, b'root/cimv2:CIM_Foo.Id="x"'),
]
EXTRA_INSTANCES = [
    b'<INSTANCE CLASSNAME="C"><PROPERTY.ARRAY NAME="A" TYPE="uint16"><VALUE.ARRAY><VALUE>1</VALUE>'
    b'<VALUE.NULL/><VALUE>3</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>'
    b'<PROPERTY.REFERENCE NAME="R" REFERENCECLASS="D"><VALUE.REFERENCE><INSTANCENAME CLASSNAME="D">'
    b'<KEYBINDING NAME="Id"><KEYVALUE VALUETYPE="string">x</KEYVALUE></KEYBINDING></INSTANCENAME>'
    b'</VALUE.REFERENCE></PROPERTY.REFERENCE>'
    b'<PROPERTY NAME="D" TYPE="datetime"><VALUE>20240101120000.000000+000</VALUE></PROPERTY>'
    b'<PROPERTY NAME="E" TYPE="string" EmbeddedObject="instance"><VALUE>&lt;INSTANCE CLASSNAME=&quot;F&quot;&gt;'
    b'&lt;PROPERTY NAME=&quot;G&quot; TYPE=&quot;boolean&quot;&gt;&lt;VALUE&gt;true&lt;/VALUE&gt;&lt;/PROPERTY&gt;'
    b'&lt;/INSTANCE&gt;</VALUE></PROPERTY>'
    b'<PROPERTY NAME="N" TYPE="real64"/><PROPERTY NAME="C" TYPE="char16"><VALUE>&#x263a;</VALUE></PROPERTY>'
    b'</INSTANCE>',
    b'<?xml version="1.0" encoding="utf-8"?>\n<INSTANCE CLASSNAME="C"><QUALIFIER NAME="Q" TYPE="boolean">'
    b'<VALUE>true</VALUE></QUALIFIER><PROPERTY NAME="S" TYPE="string"><VALUE>a &amp; b</VALUE></PROPERTY></INSTANCE>',
]


def main():
    mof_words = re.compile(rb"class |instance of|#pragma|qualifier |\[")
    mof = [s for f in ("tests/unit/test_parser.c", "tests/unit/test_schema.c")
           for s in literals(f) if mof_words.search(s) and len(s) > 12]
    for g in ("tests/golden/model.mof", "tests/golden/bad.mof"):
        mof.append(open(g, "rb").read())
    write("mof", spread(mof))

    # gen: MOF that checks clean is what reaches the generator: the golden
    # model, the heredocs of tests/gen/test_gen.sh, and the parser seeds
    gen = [open("tests/golden/model.mof", "rb").read()]
    sh = open("tests/gen/test_gen.sh", "rb").read()
    gen += [m.group(1) for m in re.finditer(rb"<<'?EOF'?\n(.*?)\nEOF\n", sh, re.S)
            if b"class" in m.group(1)]
    write("gen", gen + spread(mof, MAX_SEEDS - len(gen)))

    xml = [s for f in ("tests/unit/test_mofrt_xml.c", "tests/unit/test_mofrt_dispatch.c")
           for s in literals(f)]
    reqs = [s for s in xml if b"<CIM" in s or b"<!DOCTYPE" in s or b"<?xml" in s]
    write("xml_request", spread(reqs))
    insts = [s for s in xml if s.lstrip().startswith(b"<INSTANCE")]
    # embedded instances inside requests, unescaped once
    for r in reqs:
        for m in re.finditer(rb"&lt;INSTANCE.*?&lt;/INSTANCE&gt;", r):
            t = m.group(0)
            for a, b in ((b"&lt;", b"<"), (b"&gt;", b">"), (b"&quot;", b'"'), (b"&amp;", b"&")):
                t = t.replace(a, b)
            insts.append(t)
    write("xml_instance", EXTRA_INSTANCES + spread(insts))

    paths = [s for f in ("tests/unit/test_mofrt_path.c", "tests/unit/test_mofrt_values.c")
             for s in literals(f)
             if re.match(rb'^(//|[A-Za-z_][A-Za-z0-9_/]*[:.=])', s) and b" " not in s[:3]]
    write("path", EXTRA_PATHS + spread(paths))

    # value: first byte selects the type (see fuzz_value.c), the rest is text
    vals = [s for s in literals("tests/unit/test_mofrt_values.c") if len(s) < 64]
    seeds = [bytes([t]) + v for t, v in EXTRA_VALUES]
    for i, s in enumerate(vals):
        seeds.append(bytes([i % 15]) + s)
    write("value", spread(seeds))

    # tmpl: first byte is the options (see fuzz_tmpl.c)
    tm = [s for s in literals("tests/unit/test_tmpl.c") if b"{{" in s]
    write("tmpl", [bytes([i % 16]) + s for i, s in enumerate(spread(tm))])


if __name__ == "__main__":
    sys.exit(main())
