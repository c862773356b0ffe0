# Turns results.tsv (phase, server, label, round, metric, value) into the Markdown summary.
# Sourced, not run; also usable alone: RESULTS_TSV=... bash -c '. lib/report.sh; report'

# stat FN PHASE SERVER LABEL METRIC: FN is median, max or count over rounds of numeric values; "-" if none.
stat() {
  awk -F'\t' -v fn="$1" -v p="$2" -v s="$3" -v l="$4" -v m="$5" '
    $1 == p && $2 == s && $3 == l && $5 == m && $6 ~ /^[0-9.]+$/ { v[n++] = $6 + 0 }
    $1 == p && $2 == s && $3 == l && $5 == m && $6 !~ /^[0-9.]+$/ { bad++ }
    END {
      if (fn == "failures") { print bad + 0; exit }
      if (n == 0) { print "-"; exit }
      for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      if (fn == "max") print v[n - 1]
      else if (fn == "min") print v[0]
      else if (n % 2) print v[(n - 1) / 2]
      else print (v[n / 2 - 1] + v[n / 2]) / 2
    }' "$RESULTS_TSV"
}

# Arithmetic and formatting that tolerate "-".
calc() { awk -v a="$2" -v b="$3" "BEGIN { if (a == \"-\" || b == \"-\" || ($4)) print \"-\"; else printf \"$1\", $5 }"; }
ratio() { calc '%.2f' "$1" "$2" 'b == 0' 'a / b'; }
int() { calc '%.0f' "$1" 0 0 'a'; }
us_to_ms() { calc '%.2f' "$1" 0 0 'a / 1000'; }
kb_to_mib() { calc '%.1f' "$1" 0 0 'a / 1024'; }
# verdict VALUE OP LIMIT: "yes" or "no (x.xx of limit)".
verdict() {
  awk -v v="$1" -v op="$2" -v lim="$3" 'BEGIN {
    if (v == "-") { print "-"; exit }
    ok = (op == ">=") ? (v + 0 >= lim) : (op == "<=") ? (v + 0 <= lim) : (v + 0 < lim)
    if (ok) print "met"; else printf "missed (%.2fx the limit)\n", v / lim }'
}

throughput_row() { # phase label title
  local sa ng r
  sa=$(stat median "$1" sa-issuer "$2" rps); ng=$(stat median "$1" nginx "$2" rps); r=$(ratio "$sa" "$ng")
  echo "| $3 | $(int "$sa") | $(int "$ng") | $r | ≥ 0.9: $(verdict "$r" '>=' 0.9) |"
}

latency_row() { # metric title target
  local sa ng r target=$3
  sa=$(stat median latency sa-issuer "jwks-r$RATE" "$1"); ng=$(stat median latency nginx "jwks-r$RATE" "$1")
  r=$(ratio "$sa" "$ng")
  [ -n "$target" ] && target="≤ 1.5: $(verdict "$r" '<=' 1.5)"
  echo "| $2 | $(us_to_ms "$sa") | $(us_to_ms "$ng") | $r | $target |"
}

report() {
  local doc conns count sa ng sa_rss ng_rss variant startup idle
  echo "| Figure (median of $ROUNDS alternating A/B runs) | sa-issuer as shipped | nginx | sa-issuer / nginx | target |"
  echo "|---|---:|---:|---:|---|"
  for doc in jwks discovery; do
    for conns in $CONNS; do
      throughput_row throughput "$doc-c$conns" "$doc req/s, keep-alive, $conns connections"
    done
  done
  for doc in jwks discovery; do
    sa=$(stat median throughput sa-issuer "$doc-c64" cpu_us_per_req); ng=$(stat median throughput nginx "$doc-c64" cpu_us_per_req)
    echo "| $doc: server CPU time per request at 64 connections (µs; less sensitive to other load) | $(int "$sa") | $(int "$ng") | $(ratio "$sa" "$ng") | |"
  done
  latency_row p50 "JWKS latency p50 at $RATE req/s, $LAT_CONNS connections (ms)" ""
  latency_row p99 "JWKS latency p99 at $RATE req/s (ms)" yes
  latency_row p999 "JWKS latency p99.9 at $RATE req/s (ms)" ""
  sa=$(stat median startup sa-issuer "$VARIANT" startup_ms); ng=$(stat median startup nginx nginx startup_ms)
  echo "| Process start to first 200, median of $STARTS (ms) | $(int "$sa") | $(int "$ng") | $(ratio "$sa" "$ng") | ≤ 500 ms: $(verdict "$sa" '<=' 500) |"
  sa=$(stat median startup sa-issuer "$VARIANT" startup_cpu_ms); ng=$(stat median startup nginx nginx startup_cpu_ms)
  echo "| CPU time used by then (ms; user + system, all threads) | $(int "$sa") | $(int "$ng") | $(ratio "$sa" "$ng") | |"
  sa=$(stat median main sa-issuer idle rss_idle_kb); ng=$(stat median main nginx idle rss_idle_kb)
  echo "| RSS idle (MiB; nginx: master + workers) | $(kb_to_mib "$sa") | $(kb_to_mib "$ng") | $(ratio "$sa" "$ng") | ≤ 64 MiB: $(verdict "$(kb_to_mib "$sa")" '<=' 64) |"
  sa_rss=$(stat max main sa-issuer load rss_hwm_kb); ng_rss=$(stat max main nginx load rss_hwm_kb)
  echo "| RSS peak under load, VmHWM (MiB) | $(kb_to_mib "$sa_rss") | $(kb_to_mib "$ng_rss") | $(ratio "$sa_rss" "$ng_rss") | ≤ 96 MiB: $(verdict "$(kb_to_mib "$sa_rss")" '<=' 96) |"
  sa_rss=$(stat max keys sa-issuer hwm rss_hwm_kb)
  echo "| RSS peak after the 100-key runs too, VmHWM (MiB) | $(kb_to_mib "$sa_rss") | | | ≤ 96 MiB: $(verdict "$(kb_to_mib "$sa_rss")" '<=' 96) |"
  for count in $KEY_COUNTS; do
    throughput_row keys "k$count" "JWKS req/s with $count key(s) ($(stat max keys sa-issuer "k$count" jwks_bytes) bytes), 64 connections"
  done
  sa=$(stat median reload sa-issuer watch reload_ms); ng=$(stat median reload nginx re-export reload_ms)
  echo "| Reload: key file to new kid served, median (ms; nginx: re-run export) | $(int "$sa") | $(int "$ng") | $(ratio "$sa" "$ng") | < 1000 ms: $(verdict "$sa" '<' 1000) |"
  sa=$(stat max reload sa-issuer watch reload_ms); ng=$(stat max reload nginx re-export reload_ms)
  echo "| Reload: worst of $RELOAD_CHANGES changes (ms; nginx: of $REEXPORT_CHANGES) | $(int "$sa") | $(int "$ng") | $(ratio "$sa" "$ng") | < 2000 ms: $(verdict "$sa" '<' 2000); timeouts: $(stat failures reload sa-issuer watch reload_ms) |"
  echo
  echo "JVM option sets: \"shipped\" is the image's entrypoint; every other row is shipped with the difference its name"
  echo "says (no-archive: without the class archive; c2: without -XX:TieredStopAtLevel=1; java25-aot: Temurin 25 with a"
  echo "JEP 483/514 AOT cache made by the same training run). Start and idle RSS: median of $STARTS starts, alternating;"
  echo "load: JWKS at 64 connections then discovery at 256, one run each."
  echo
  echo "| JVM option set: runtime and flags | start to first 200 (ms) | CPU time to first 200 (ms) | RSS idle (MiB) | RSS peak under load (MiB) | JWKS req/s, 64 conn. | discovery req/s, 256 conn. | first 200 ≤ 500 ms | RSS ≤ 64 / 96 MiB |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|---|"
  for variant in $VARIANTS; do
    startup=$(stat median startup sa-issuer "$variant" startup_ms)
    sa_rss=$(stat max flags sa-issuer "$variant" rss_hwm_kb)
    idle=$(stat median startup sa-issuer "$variant" rss_idle_kb)
    echo "| $variant: \`$(describe_set "$variant")\` | $(int "$startup") | $(int "$(stat median startup sa-issuer "$variant" startup_cpu_ms)") | $(kb_to_mib "$idle") | $(kb_to_mib "$sa_rss") | $(int "$(stat median flags sa-issuer "$variant" rps)") | $(int "$(stat median flags sa-issuer "$variant-discovery-c256" rps)") | $(verdict "$startup" '<=' 500) | $(verdict "$(kb_to_mib "$idle")" '<=' 64) / $(verdict "$(kb_to_mib "$sa_rss")" '<=' 96) |"
  done
}
