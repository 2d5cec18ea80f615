-- wrk script for bench/bench_hvcluster.sh. MODE (environment) selects the
-- request: "getinstance" (one fixed GetInstance) or "create"
-- (CreateReferencePoint, RCT based, round-robin over the 16 Bench-NN
-- collections; each wrk thread starts at a different one). WANT: a string
-- every answer must contain (counted in "unexpected responses").
local mode = os.getenv("MODE") or "getinstance"
local ns = '<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="hypervcluster"/><NAMESPACE NAME="v2"/></LOCALNAMESPACEPATH>'
local function envelope(call)
  return '<?xml version="1.0" encoding="utf-8"?><CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="1" PROTOCOLVERSION="1.0"><SIMPLEREQ>' .. call .. '</SIMPLEREQ></MESSAGE></CIM>'
end
local svc = '<INSTANCENAME CLASSNAME="Msvm_CollectionReferencePointService"><KEYBINDING NAME="CreationClassName"><KEYVALUE>Msvm_CollectionReferencePointService</KEYVALUE></KEYBINDING><KEYBINDING NAME="Name"><KEYVALUE>vmms</KEYVALUE></KEYBINDING><KEYBINDING NAME="SystemCreationClassName"><KEYVALUE>Msvm_ComputerSystem</KEYVALUE></KEYBINDING><KEYBINDING NAME="SystemName"><KEYVALUE>HV-HOST</KEYVALUE></KEYBINDING></INSTANCENAME>'
local svc_obj = 'root%2Fhypervcluster%2Fv2%3AMsvm_CollectionReferencePointService.CreationClassName%3D%22Msvm_CollectionReferencePointService%22%2CName%3D%22vmms%22%2CSystemCreationClassName%3D%22Msvm_ComputerSystem%22%2CSystemName%3D%22HV-HOST%22'

local counter = 0
local bodies = {}
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("start", counter * 5)
  table.insert(threads, thread)
end

function init(args)
  wrk.headers["Content-Type"] = 'application/xml; charset="utf-8"'
  wrk.headers["CIMOperation"] = "MethodCall"
  if mode == "create" then
    wrk.headers["CIMMethod"] = "CreateReferencePoint"
    wrk.headers["CIMObject"] = svc_obj
    for i = 1, 16 do
      bodies[i] = envelope('<METHODCALL NAME="CreateReferencePoint"><LOCALINSTANCEPATH>' .. ns .. svc ..
        '</LOCALINSTANCEPATH><PARAMVALUE NAME="Collection" PARAMTYPE="reference"><VALUE.REFERENCE>' ..
        '<INSTANCENAME CLASSNAME="Msvm_VirtualSystemCollection"><KEYBINDING NAME="CollectionID"><KEYVALUE>' ..
        string.format("Bench-%02d", i) .. '</KEYVALUE></KEYBINDING></INSTANCENAME></VALUE.REFERENCE></PARAMVALUE>' ..
        '<PARAMVALUE NAME="ReferencePointType" PARAMTYPE="uint16"><VALUE>2</VALUE></PARAMVALUE></METHODCALL>')
    end
  else
    wrk.headers["CIMMethod"] = "GetInstance"
    wrk.headers["CIMObject"] = "root%2Fhypervcluster%2Fv2"
    bodies[1] = envelope('<IMETHODCALL NAME="GetInstance">' .. ns .. '<IPARAMVALUE NAME="InstanceName">' ..
      '<INSTANCENAME CLASSNAME="Msvm_VirtualSystemCollection"><KEYBINDING NAME="CollectionID"><KEYVALUE>' ..
      'Collection-Ready</KEYVALUE></KEYBINDING></INSTANCENAME></IPARAMVALUE></IMETHODCALL>')
  end
  n = start or 0
end

bad = 0
function request()
  n = n + 1
  return wrk.format("POST", "/cimom", nil, bodies[(n % #bodies) + 1])
end

function response(status, headers, body)
  local want = os.getenv("WANT") or "<INSTANCE "
  if status ~= 200 or not string.find(body, want, 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + (t:get("bad") or 0) end
  io.write(string.format("unexpected responses: %d\n", b))
end
