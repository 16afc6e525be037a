-- The load tool's script (wrk): POSTs a GraphQL request with a bearer token.
-- BENCH_TOKEN: file holding the token. BENCH_BODY: file holding the JSON body; or BENCH_BODIES: a file with one
-- body per line, each sent once (the write: every request decides another dossier), from line BENCH_OFFSET on,
-- each wrk thread 3,000 lines after the previous one.
local function read(path)
  local file = assert(io.open(path, "r"))
  local text = file:read("*a")
  file:close()
  return text
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. read(os.getenv("BENCH_TOKEN")):gsub("%s+$", "")

local threads = 0
function setup(thread)
  thread:set("thread_index", threads)
  threads = threads + 1
end

local bodies_path = os.getenv("BENCH_BODIES")
if bodies_path then
  local bodies = {}
  for line in io.lines(bodies_path) do
    bodies[#bodies + 1] = line
  end
  local sent = 0
  request = function()
    local index = tonumber(os.getenv("BENCH_OFFSET") or "0") + (thread_index or 0) * 3000 + sent
    sent = sent + 1
    return wrk.format(nil, nil, nil, bodies[(index % #bodies) + 1])
  end
else
  wrk.body = read(os.getenv("BENCH_BODY"))
end
