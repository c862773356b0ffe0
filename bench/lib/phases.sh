# The measured phases of bench/run.sh. A/B runs alternate which server goes first in each round, so slow
# drift from other work on the machine lands on both. Sourced, not run.

url_of() { # server document -> URL
  local port=$NG_PORT
  [ "$1" = sa-issuer ] && port=$SA_PORT
  case "$2" in
    jwks) echo "http://127.0.0.1:$port$JWKS_PATH" ;;
    discovery) echo "http://127.0.0.1:$port$DISCOVERY_PATH" ;;
  esac
}

order_for_round() { if [ $(( $1 % 2 )) -eq 1 ]; then echo "nginx sa-issuer"; else echo "sa-issuer nginx"; fi; }

# Both documents once, then the resident set after 2 s of quiet.
idle_rss() {
  local server=$1 pid=$2
  curl -s -o /dev/null "$(url_of "$server" jwks)"; curl -s -o /dev/null "$(url_of "$server" discovery)"
  sleep 2
  status_kb VmRSS "$pid"
}

start_server() { # server site keyset variant -> waits for 200, sets STARTUP_MS
  local server=$1 site=$2 keyset=${3:-} t0
  t0=$(now_ns)
  if [ "$server" = nginx ]; then
    nginx_config "$WORK/nginx" "$site" "$NG_PORT"
    nginx_start "$WORK/nginx"
    STARTUP_MS=$(wait_200 "$(url_of nginx discovery)" "$t0" 60000 "$NGINX_PID") || die "nginx did not start; see $WORK/nginx/error.log"
  else
    sa_start "$WORK/sa-issuer.log" "$keyset"
    STARTUP_MS=$(wait_200 "$(url_of sa-issuer discovery)" "$t0" 60000 "$SA_PID") \
      || { tail -20 "$WORK/sa-issuer.log" >&2; die "sa-issuer did not start"; }
  fi
}

server_pid() { if [ "$1" = nginx ]; then echo "$NGINX_PID"; else echo "$SA_PID"; fi; }
stop_server() { if [ "$1" = nginx ]; then nginx_stop; else sa_stop; fi; }

# Start to first 200 and idle memory, for nginx and each JVM option set, alternating; then each option set
# under load (memory peak and throughput).
phase_startup() {
  local round server variant
  for round in $(seq "$STARTS"); do
    for variant in nginx $VARIANTS; do
      server=sa-issuer; [ "$variant" = nginx ] && server=nginx
      [ "$server" = sa-issuer ] && java_opts_for "$variant"
      start_server "$server" "$WORK/site-1" "$WORK/keys-1"
      record startup "$server" "$variant" "$round" startup_ms "$STARTUP_MS"
      record startup "$server" "$variant" "$round" startup_cpu_ms "$(cpu_ms "$(server_pid "$server")")"
      record startup "$server" "$variant" "$round" rss_idle_kb "$(idle_rss "$server" "$(server_pid "$server")")"
      stop_server "$server"
      log "startup $variant round $round: ${STARTUP_MS} ms (load average $(cut -d' ' -f1 /proc/loadavg))"
    done
  done
  for variant in $VARIANTS; do
    java_opts_for "$variant"
    start_server sa-issuer "" "$WORK/keys-1"
    warm_up "$(url_of sa-issuer jwks)" "$WARMUP" "$SA_PID"
    warm_up "$(url_of sa-issuer discovery)" 1 "$SA_PID"
    wrk_throughput flags sa-issuer "$variant" 1 "$(url_of sa-issuer jwks)" 64 "$DURATION"
    wrk_throughput flags sa-issuer "$variant-discovery-c256" 1 "$(url_of sa-issuer discovery)" 256 "$DURATION"
    record flags sa-issuer "$variant" 1 rss_hwm_kb "$(status_kb VmHWM "$SA_PID")"
    sa_stop
  done
}

# Throughput at each connection count and latency at a fixed rate, both servers up, alternating.
phase_main() {
  local round doc conns server ng_samples="$WORK/rss-nginx.txt" sa_samples="$WORK/rss-sa.txt" ng_sampler
  java_opts_for "$VARIANT"
  cp -r "$WORK/site-1" "$WORK/site-live"; cp -r "$WORK/keys-1" "$WORK/keys-live"
  start_server nginx "$WORK/site-live"
  start_server sa-issuer "" "$WORK/keys-live"
  record main nginx idle 1 rss_idle_kb "$(idle_rss nginx "$NGINX_PID")"
  record main sa-issuer idle 1 rss_idle_kb "$(idle_rss sa-issuer "$SA_PID")"
  rss_sampler_start "$NGINX_PID" "$ng_samples"; ng_sampler=$SAMPLER_PID
  rss_sampler_start "$SA_PID" "$sa_samples"
  for doc in jwks discovery; do
    warm_up "$(url_of nginx "$doc")" "$WARMUP"
    warm_up "$(url_of sa-issuer "$doc")" "$WARMUP" "$SA_PID"
  done
  for round in $(seq "$ROUNDS"); do
    for doc in jwks discovery; do
      for conns in $CONNS; do
        for server in $(order_for_round "$round"); do
          wrk_throughput throughput "$server" "$doc-c$conns" "$round" "$(url_of "$server" "$doc")" "$conns" "$DURATION"
        done
      done
    done
  done
  for round in $(seq "$ROUNDS"); do
    for server in $(order_for_round "$round"); do
      wrk_paced latency "$server" "jwks-r$RATE" "$round" "$(url_of "$server" jwks)" "$RATE" "$LAT_CONNS" "$LAT_DURATION"
    done
  done
  stop_pid "$ng_sampler"; stop_pid "$SAMPLER_PID"
  record main nginx load 1 rss_load_kb "$(sort -n "$ng_samples" | tail -1)"
  record main sa-issuer load 1 rss_load_kb "$(sort -n "$sa_samples" | tail -1)"
  record main sa-issuer load 1 rss_hwm_kb "$(status_kb VmHWM "$SA_PID")"
  record main nginx load 1 rss_hwm_kb "$(status_kb VmHWM "$NGINX_PID")"
  curl -s -D "$RESULTS_DIR/headers-sa-issuer.txt" -o /dev/null "$(url_of sa-issuer jwks)"
  curl -s -D "$RESULTS_DIR/headers-nginx.txt" -o /dev/null "$(url_of nginx jwks)"
  cmp -s <(curl -s "$(url_of sa-issuer jwks)") <(curl -s "$(url_of nginx jwks)") || log "warning: the JWKS bytes differ"
  cmp -s <(curl -s "$(url_of sa-issuer discovery)") <(curl -s "$(url_of nginx discovery)") \
    || log "warning: the discovery bytes differ"
}

# JWKS throughput with 1, 10 and 100 keys at 64 connections, in the servers phase_main left running: keys are
# added to sa-issuer's key directory (it reloads) and the matching export is copied over nginx's site.
phase_keys() {
  local count round server i
  for count in $KEY_COUNTS; do
    cp "$WORK/keys-$count"/* "$WORK/keys-live/"
    cp -r "$WORK/site-$count"/. "$WORK/site-live/"
    for i in $(seq 150); do   # until sa-issuer has reloaded: both JWKS the same length (at most 15 s)
      [ "$(curl -s "$(url_of sa-issuer jwks)" | wc -c)" = "$(curl -s "$(url_of nginx jwks)" | wc -c)" ] && break
      sleep 0.1
    done
    record keys sa-issuer "k$count" 1 jwks_bytes "$(curl -s "$(url_of sa-issuer jwks)" | wc -c)"
    record keys nginx "k$count" 1 jwks_bytes "$(curl -s "$(url_of nginx jwks)" | wc -c)"
    warm_up "$(url_of nginx jwks)" 1
    warm_up "$(url_of sa-issuer jwks)" 1 "$SA_PID"
    for round in $(seq "$ROUNDS"); do
      for server in $(order_for_round "$round"); do
        wrk_throughput keys "$server" "k$count" "$round" "$(url_of "$server" jwks)" 64 "$DURATION"
      done
    done
  done
  record keys sa-issuer hwm 1 rss_hwm_kb "$(status_kb VmHWM "$SA_PID")"
  stop_server nginx; stop_server sa-issuer
}
