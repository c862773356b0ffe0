-- wrk script for latency at a fixed rate (wrk2 is not packaged in Debian): each connection waits
-- connections/rate seconds between requests, with +-50% uniform jitter so connections do not move in lockstep.
-- Usage: wrk -c C -s paced.lua URL -- RATE C
-- wrk times a request from when it is written, so the wait is not counted; at a moderate rate the server is
-- not saturated and there is no queue for coordinated omission to hide.
local interval_ms = 10

init = function(args)
  local rate = tonumber(args[1]) or 1000
  local connections = tonumber(args[2]) or 10
  interval_ms = connections * 1000 / rate
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

delay = function()
  return math.floor(interval_ms * (0.5 + math.random()))
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK requests=%d duration_us=%d rps=%.1f socket_errors=%d non2xx=%d p50=%d p99=%d p999=%d max=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
