-- wrk script: after the run, one machine-readable line with the figures bench/run.sh records.
-- Latencies are in microseconds, measured by wrk from the first byte written to the last byte read.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK requests=%d duration_us=%d rps=%.1f socket_errors=%d non2xx=%d p50=%d p99=%d p999=%d max=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
