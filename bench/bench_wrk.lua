-- The wrk script of the server benchmarks (bench/bench_server.sh,
-- bench/bench_hvcluster.sh): CIM-XML calls over HTTP POST /cimom.
-- Environment:
--   CIM_METHOD  the CIMMethod header (DSP0200 7.3)
--   CIM_OBJECT  the CIMObject header (percent-encoded)
--   BODIES      a file with one request body a line
--   CYCLE       unset: each wrk thread sends one body (thread k line k, round
--               robin over the lines), the same request again and again, built
--               once: wrk sends it without calling Lua per request, so the
--               client's share of the 2 CPUs stays small. "1": every request
--               takes the next line (each thread from its own start), a Lua
--               call per request.
--   WANT        unset: the answers are not read here (the script checks one
--               answer before the run; wrk counts non-2xx answers and socket
--               errors). Set: every answer must be 200 and contain WANT, the
--               others printed as "unexpected responses: N" (a Lua call and a
--               parsed body per answer).
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do
  bodies[#bodies + 1] = line
end
local want = os.getenv("WANT")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("start", #threads)
end

function init(args)
  wrk.method = "POST"
  wrk.path = "/cimom"
  wrk.headers["Content-Type"] = 'application/xml; charset="utf-8"'
  wrk.headers["CIMOperation"] = "MethodCall"
  wrk.headers["CIMMethod"] = os.getenv("CIM_METHOD")
  wrk.headers["CIMObject"] = os.getenv("CIM_OBJECT")
  wrk.body = bodies[(start - 1) % #bodies + 1]
  n = start
end

if os.getenv("CYCLE") == "1" then
  function request()
    n = n + 1
    return wrk.format(nil, nil, nil, bodies[n % #bodies + 1])
  end
end

if want then
  bad = 0
  function response(status, headers, body)
    if status ~= 200 or not string.find(body, want, 1, true) then
      bad = bad + 1
    end
  end

  function done(summary, latency, requests)
    local b = 0
    for _, t in ipairs(threads) do b = b + (t:get("bad") or 0) end
    io.write(string.format("unexpected responses: %d\n", b))
  end
end
