# wrk drivers. Every run is bounded by its duration; wrk's own timeout bounds each request (2 s).
# Sourced, not run.

WRK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../wrk" && pwd)

# Records each key=value of wrk's WRK line (from wrk/*.lua) as a metric.
record_wrk_line() {
  local phase=$1 server=$2 label=$3 round=$4 line=$5 kv
  [ -n "$line" ] || { log "wrk printed no result for $server $label"; record "$phase" "$server" "$label" "$round" rps 0; return; }
  for kv in ${line#WRK }; do
    record "$phase" "$server" "$label" "$round" "${kv%%=*}" "${kv#*=}"
  done
}

# Keep-alive throughput: wrk -c CONNS for SECONDS on URL.
wrk_throughput() {
  local phase=$1 server=$2 label=$3 round=$4 url=$5 conns=$6 seconds=$7 threads=2 out
  [ "$conns" -lt 2 ] && threads=1
  local pid cpu0 requests
  pid=$(server_pid "$server"); cpu0=$(cpu_ms "$pid")
  out=$(wrk -t"$threads" -c"$conns" -d"${seconds}s" --timeout 2s -s "$WRK_DIR/report.lua" "$url" 2>&1 | grep '^WRK ' || true)
  record_wrk_line "$phase" "$server" "$label" "$round" "$out"
  # Server CPU per request: what the server itself spent, whatever else the shared machine was doing.
  requests=$(echo "$out" | grep -o 'requests=[0-9]*' | cut -d= -f2)
  [ "${requests:-0}" -gt 0 ] && record "$phase" "$server" "$label" "$round" cpu_us_per_req \
    "$(( ($(cpu_ms "$pid") - cpu0) * 1000 / requests ))"
  log "$phase $server $label round $round: $(echo "$out" | grep -o 'rps=[0-9.]*') $(echo "$out" | grep -o 'p99=[0-9]*')us"
}

# Latency at a fixed moderate rate (wrk/paced.lua spaces each connection's requests).
wrk_paced() {
  local phase=$1 server=$2 label=$3 round=$4 url=$5 rate=$6 conns=$7 seconds=$8 out
  out=$(wrk -t2 -c"$conns" -d"${seconds}s" --timeout 2s -s "$WRK_DIR/paced.lua" "$url" -- "$rate" "$conns" 2>&1 \
        | grep '^WRK ' || true)
  record_wrk_line "$phase" "$server" "$label" "$round" "$out"
  log "$phase $server $label round $round: $(echo "$out" | grep -oE '(rps|p50|p99|p999)=[0-9.]*' | tr '\n' ' ')"
}

# Unrecorded load so that the JIT has compiled the request path before anything is measured. For sa-issuer,
# repeats 2 s runs until one adds less than 2 % to the compiled methods (jcmd Compiler.codecache), at most WARMUP_LIMIT runs: on a
# busy machine the compiler threads get little CPU and a fixed warm-up would leave compilation in the figures.
warm_up() {
  local url=$1 seconds=$2 pid=${3:-} before after runs=0 counts
  wrk -t2 -c64 -d"${seconds}s" --timeout 2s "$url" >/dev/null 2>&1 || true
  [ -n "$pid" ] || return 0
  after=$(compiled_methods "$pid"); counts=$after
  while [ $runs -lt "${WARMUP_LIMIT:-8}" ]; do
    before=$after
    wrk -t2 -c64 -d2s --timeout 2s "$url" >/dev/null 2>&1 || true
    after=$(compiled_methods "$pid")
    runs=$((runs + 1)); counts="$counts $after"
    [ $(( (after - before) * 50 )) -lt "$after" ] && break
  done
  log "warm-up $url: methods compiled after each run: $counts"
}

# Compiled methods now in the code cache, through the attach API (jcmd): the shipped flags turn perf data off
# (-XX:-UsePerfData), so jstat sees nothing. The jcmd of the server's own JDK where it has one.
compiled_methods() {
  local jcmd=jcmd
  [ -x "$(dirname "${SA_JAVA:-java}")/jcmd" ] && jcmd="$(dirname "$SA_JAVA")/jcmd"
  "$jcmd" "$1" Compiler.codecache 2>/dev/null | grep -o 'nmethods=[0-9]*' | head -1 | cut -d= -f2 | grep -E '^[0-9]+$' || echo 0
}

# Samples VmRSS of PID every 200 ms into FILE (peak kept by the reader) until stopped; bounded to 30 minutes.
rss_sampler_start() {
  local pid=$1 file=$2
  ( for _ in $(seq 9000); do kill -0 "$pid" 2>/dev/null || exit 0; status_kb VmRSS "$pid" >> "$file"; sleep 0.2; done ) &
  SAMPLER_PID=$!
  register_pid "$SAMPLER_PID"
}
