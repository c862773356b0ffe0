#!/usr/bin/env bash
# Soak: sa-issuer under steady load with periodic key rotations, sampling resident memory, heap after GC, open
# file descriptors and threads. Not part of the test run. Bounded by SOAK_SECONDS.
#
#   bench/soak.sh                      # 10 minutes, rotation every 10 s
#   SOAK_SECONDS=3600 bench/soak.sh    # an hour
#
# Knobs: SOAK_SECONDS (600), SOAK_ROTATE (10 s), SOAK_SAMPLE (10 s), SOAK_CONNS (32), SOAK_THREADS (2),
# SOAK_RETENTION (60s: keys leave the JWKS a minute after rotation, so the set stays small and churns),
# SA_ISSUER_JAVA_OPTS (JVM flags; default -XX:+UseSerialGC -Xmx48m -Xss256k; the run in docs/reliability.md used
# the container image's flags).
# Writes bench/results/soak-<UTC time>.csv and prints a summary; installs wrk from Debian if missing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECONDS_TOTAL=${SOAK_SECONDS:-600}
ROTATE=${SOAK_ROTATE:-10}
SAMPLE=${SOAK_SAMPLE:-10}
CONNS=${SOAK_CONNS:-32}
THREADS=${SOAK_THREADS:-2}
RETENTION=${SOAK_RETENTION:-60s}
JAVA_OPTS=${SA_ISSUER_JAVA_OPTS:--XX:+UseSerialGC -Xmx48m -Xss256k}
JAR="$ROOT/issuer/target/sa-issuer.jar"

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ -s "$JAR" ] || (cd "$ROOT" && mvn -q -B -ntp -DskipTests package)

WORK=$(mktemp -d)
SERVER=""; LOAD=""
cleanup() {
  [ -n "$LOAD" ] && kill "$LOAD" 2>/dev/null || true
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/keys" "$WORK/gen" "$ROOT/bench/results"
# A private copy of the jar: a rebuild of the tree during the soak must not change what runs.
cp "$JAR" "$WORK/sa-issuer.jar" && JAR="$WORK/sa-issuer.jar"
java -jar "$JAR" keygen --out "$WORK/gen/k0.key" >/dev/null
cp "$WORK/gen/k0.pub" "$WORK/keys/"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ADMIN=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" serve --service-account-issuer https://issuer.example.com \
  --service-account-key-file "$WORK/keys" --state-dir "$WORK/state" --key-retention "$RETENTION" \
  --bind-address 127.0.0.1 --port "$PORT" --metrics-bind-address "127.0.0.1:$ADMIN" > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null || { cat "$WORK/server.log"; exit 1; }

cat > "$WORK/both.lua" <<'LUA'
local paths = {"/openid/v1/jwks", "/.well-known/openid-configuration"}
local i = 0
request = function() i = i + 1; return wrk.format("GET", paths[(i % 2) + 1]) end
LUA
wrk -t"$THREADS" -c"$CONNS" -d"${SECONDS_TOTAL}s" -s "$WORK/both.lua" "http://127.0.0.1:$PORT" > "$WORK/wrk.txt" 2>&1 &
LOAD=$!

CSV="$ROOT/bench/results/soak-$(date -u +%Y%m%dT%H%M%SZ).csv"
echo "seconds,rss_kib,heap_used_kib,fds,threads,published_keys,requests" > "$CSV"
start=$(date +%s); next_rotate=$((start + ROTATE)); next_sample=$start; n=0
while :; do
  now=$(date +%s); elapsed=$((now - start))
  [ "$elapsed" -ge "$SECONDS_TOTAL" ] && break
  kill -0 "$SERVER" 2>/dev/null || { echo "sa-issuer died"; cat "$WORK/server.log"; exit 1; }
  if [ "$now" -ge "$next_rotate" ]; then
    n=$((n + 1))
    java -jar "$JAR" keygen --out "$WORK/gen/k$n.key" >/dev/null
    cp "$WORK/gen/k$n.pub" "$WORK/keys/" && rm -f "$WORK/keys/k$((n - 1)).pub"
    next_rotate=$((now + ROTATE))
  fi
  if [ "$now" -ge "$next_sample" ]; then
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status")
    threads=$(awk '/Threads/ {print $2}' "/proc/$SERVER/status")
    fds=$(ls "/proc/$SERVER/fd" | wc -l)
    # Java heap in use right after a full GC (young + old generation lines; Metaspace is not heap).
    heap=$(jcmd "$SERVER" GC.run >/dev/null 2>&1; jcmd "$SERVER" GC.heap_info 2>/dev/null | awk '/generation/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K,?","",v); s+=v}} END {print s+0}')
    metrics=$(curl -sf "http://127.0.0.1:$ADMIN/metrics")
    keys=$(echo "$metrics" | awk '/^sa_issuer_published_keys / {print int($2)}')
    reqs=$(echo "$metrics" | awk '/^sa_issuer_http_requests_total/ {s+=$2} END {printf "%d", s}')
    echo "$elapsed,$rss,$heap,$fds,$threads,$keys,$reqs" | tee -a "$CSV"
    next_sample=$((now + SAMPLE))
  fi
  sleep 1
done
wait "$LOAD" || true; LOAD=""
echo
echo "rotations: $n; wrk:"; sed -n '/Requests\/sec/p;/Non-2xx/p;/Socket errors/p' "$WORK/wrk.txt"
# Flat after warm-up: compare the first sample after a minute with the last one, and give the range.
WARM=$(( SECONDS_TOTAL >= 120 ? 60 : 0 ))
awk -F, -v warm="$WARM" 'NR > 1 && $1 >= warm { if (!f) {f=1; r0=$2; h0=$3; d0=$4; t0=$5} r=$2; h=$3; d=$4; t=$5;
  if (!rmin || $2 < rmin) rmin=$2; if ($2 > rmax) rmax=$2; if (!hmin || $3 < hmin) hmin=$3; if ($3 > hmax) hmax=$3;
  if (!dmin || $4 < dmin) dmin=$4; if ($4 > dmax) dmax=$4; if (!tmin || $5 < tmin) tmin=$5; if ($5 > tmax) tmax=$5 }
  END { printf "after warm-up (t>=%ds): RSS %d -> %d KiB (range %d-%d), heap after GC %d -> %d KiB (range %d-%d), fds %d -> %d (range %d-%d), threads %d -> %d (range %d-%d)\n",
        warm, r0, r, rmin, rmax, h0, h, hmin, hmax, d0, d, dmin, dmax, t0, t, tmin, tmax }' "$CSV"
echo "samples: $CSV"
