-- wrk script: cycles through the pre-signed pushes in the file named by env PUSHES (see sign-pushes.js).
-- Thread t of T sends lines t, t+T, t+2T, ... so no two threads send the same push at the same time.
-- At the end prints the count of responses per HTTP status (201 = stored, 200 = replay).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(os.getenv("WRK_THREADS"))   -- the setup counter lives in another Lua state
  reqs, i, statuses = {}, 0, {}
  local n = 0
  for line in io.lines(os.getenv("PUSHES")) do
    if n % nthreads == tid then
      local method, path, client, ts, sig, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      table.insert(reqs, wrk.format(method, path, {
        ["Content-Type"] = "application/json", ["X-Client-Id"] = client,
        ["X-Timestamp"] = ts, ["X-Signature"] = sig }, body))
    end
    n = n + 1
  end
end

function request()
  i = i % #reqs + 1
  return reqs[i]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for status, c in pairs(t:get("statuses")) do total[status] = (total[status] or 0) + c end
  end
  for status, c in pairs(total) do io.write(string.format("STATUS %d %d\n", status, c)) end
end
