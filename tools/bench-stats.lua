-- wrk script for `make bench-stats`: page views from 50,000 distinct readers per thread
-- (user agents differ), each over many articles, as text/plain beacons.
local counter = 0
local next_id = 0

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
end

request = function()
  counter = counter + 1
  local reader = counter % 50000
  local body = '{"path":"/bai-viet/bai-' .. (counter % 997) .. '","referrer":""}'
  return wrk.format("POST", "/api/hit", {
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36 reader-" .. thread_id .. "-" .. reader,
    ["Content-Type"] = "text/plain;charset=UTF-8",
  }, body)
end

done = function(summary, latency, requests)
  -- Machine-readable lines for tools/bench-stats.py.
  io.write(string.format("BENCH requests %d\n", summary.requests))
  io.write(string.format("BENCH non2xx %d\n", summary.errors.status))
  io.write(string.format("BENCH socket_errors %d\n",
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("BENCH duration_us %d\n", summary.duration))
  io.write(string.format("BENCH p50_us %d\n", latency:percentile(50)))
  io.write(string.format("BENCH p99_us %d\n", latency:percentile(99)))
end
