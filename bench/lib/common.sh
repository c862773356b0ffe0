# Shared helpers for bench/run.sh: logging, clocks, ports, readiness polling, memory readings, cleanup.
# Sourced, not run. Every loop here is bounded in count and time.

log() { printf '%s bench: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Monotonic-enough wall clock in nanoseconds (GNU date).
now_ns() { date +%s%N; }
ms_since() { echo $(( ($(now_ns) - $1) / 1000000 )); }

# A free TCP port on 127.0.0.1: random in 20000-59999, checked with ss; bounded to 200 tries.
free_port() {
  local port tries=0
  while [ $tries -lt 200 ]; do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! ss -Htln "sport = :$port" | grep -q .; then
      echo "$port"; return 0
    fi
    tries=$((tries + 1))
  done
  die "no free port found"
}

# Polls URL until it answers 200, at most LIMIT_MS; prints the elapsed ms since START_NS, or fails.
# Each poll is one curl (a few ms): that is the resolution of the startup figure, the same for both servers.
wait_200() {
  local url=$1 start_ns=$2 limit_ms=${3:-15000} pid=${4:-}
  while :; do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" 2>/dev/null)" = 200 ]; then
      ms_since "$start_ns"; return 0
    fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      log "process $pid exited before $url answered"; return 1
    fi
    if [ "$(ms_since "$start_ns")" -gt "$limit_ms" ]; then
      log "$url did not answer 200 within ${limit_ms} ms"; return 1
    fi
  done
}

# PID and its direct children (nginx master + workers; a JVM is one process).
pid_tree() { echo "$1"; pgrep -P "$1" 2>/dev/null || true; }

# Sum of a /proc/PID/status field (kB) over the process and its children: VmRSS now, VmHWM peak.
# Shared pages of nginx workers are counted once per process, which overstates nginx slightly.
status_kb() {
  local field=$1 pid total=0 v
  for pid in $(pid_tree "$2"); do
    v=$(awk -v f="$field:" '$1 == f { print $2 }' "/proc/$pid/status" 2>/dev/null)
    total=$(( total + ${v:-0} ))
  done
  echo "$total"
}

# Stops a process we started (SIGTERM, then SIGKILL after GRACE seconds, default 10), by PID only.
stop_pid() {
  local pid=$1 grace=${2:-10} i
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq $(( grace * 10 ))); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  log "pid $pid ignored SIGTERM for $grace s; killing"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Every PID started by the harness is registered so that the EXIT trap stops it.
STARTED_PIDS=()
register_pid() { STARTED_PIDS+=("$1"); }
stop_all() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null && stop_pid "$pid"
  done
  STARTED_PIDS=()
}

# One raw result line: phase, server, label, round, metric, value (tab-separated).
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$RESULTS_TSV"; }

# CPU time (user + system, ms) used so far by the process and its children: a startup figure that depends far
# less than wall time on what else the shared machine is doing.
cpu_ms() {
  local pid total=0 ticks hz
  hz=$(getconf CLK_TCK)
  for pid in $(pid_tree "$1"); do
    ticks=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }')
    total=$(( total + ${ticks:-0} ))
  done
  echo $(( total * 1000 / hz ))
}
