-- wrk script for bench/bench_server.sh. MODE (environment):
--   floor        EnumerateInstanceNames of Bench_Empty (no instances): the
--                baseline, a whole CIM-XML request and answer, no instance
--   getinstance  GetInstance of Bench_Item, Id cycling over 0..999 (each
--                connection from its own start)
--   enumerate    EnumerateInstances of Bench_Item (all $BENCH_ITEMS)
-- Answers that are not 200 with the expected element are counted and
-- printed as "unexpected responses: N".
local mode = os.getenv("MODE") or "getinstance"
local ns = '<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="cimv2"/></LOCALNAMESPACEPATH>'
local function envelope(call)
  return '<?xml version="1.0" encoding="utf-8"?><CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="1" ' ..
    'PROTOCOLVERSION="1.0"><SIMPLEREQ><IMETHODCALL NAME="' .. call .. '</IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>'
end
local want = { floor = "<IRETURNVALUE", getclass = "<CLASS ", getinstance = "<INSTANCE ", enumerate = "<VALUE.NAMEDINSTANCE>" }
local bodies = {}
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("start", counter * 97)
  table.insert(threads, thread)
end

function init(args)
  wrk.headers["Content-Type"] = 'application/xml; charset="utf-8"'
  wrk.headers["CIMOperation"] = "MethodCall"
  wrk.headers["CIMObject"] = "root%2Fcimv2"
  if mode == "getinstance" then
    wrk.headers["CIMMethod"] = "GetInstance"
    for i = 0, 999 do
      bodies[i + 1] = envelope('GetInstance">' .. ns .. '<IPARAMVALUE NAME="InstanceName"><INSTANCENAME ' ..
        'CLASSNAME="Bench_Item"><KEYBINDING NAME="Id"><KEYVALUE VALUETYPE="numeric">' .. i ..
        '</KEYVALUE></KEYBINDING></INSTANCENAME></IPARAMVALUE>')
    end
  elseif mode == "enumerate" then
    wrk.headers["CIMMethod"] = "EnumerateInstances"
    bodies[1] = envelope('EnumerateInstances">' .. ns ..
      '<IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="Bench_Item"/></IPARAMVALUE>')
  elseif mode == "getclass" then
    wrk.headers["CIMMethod"] = "GetClass"
    bodies[1] = envelope('GetClass">' .. ns ..
      '<IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="Bench_Item"/></IPARAMVALUE>')
  else
    wrk.headers["CIMMethod"] = "EnumerateInstanceNames"
    bodies[1] = envelope('EnumerateInstanceNames">' .. ns ..
      '<IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="Bench_Empty"/></IPARAMVALUE>')
  end
  n = start or 0
end

bad = 0
function request()
  n = n + 1
  return wrk.format("POST", "/cimom", nil, bodies[(n % #bodies) + 1])
end

function response(status, headers, body)
  if status ~= 200 or not string.find(body, want[mode], 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + (t:get("bad") or 0) end
  io.write(string.format("unexpected responses: %d\n", b))
end
