#!/usr/bin/env bash
# sa-issuer against nginx serving the very same bytes, on loopback, in one bounded run (the committed sample: 555 s).
# Builds if needed, makes keys, exports the documents, installs nginx and wrk from Debian if missing, measures
# throughput, latency at a fixed rate, startup, memory, JWKS size scaling and reload latency, then prints a
# Markdown table and keeps raw results under bench/results/<UTC time>/ (bench/results/sample/ is committed).
#
# Knobs (environment): BENCH_ROUNDS (3), BENCH_DURATION seconds per wrk run (2), BENCH_CONNS ("8 64 256"),
# BENCH_RATE req/s (2000), BENCH_LAT_CONNS (20), BENCH_LAT_DURATION (6), BENCH_STARTS (5),
# BENCH_RELOAD_CHANGES (30), BENCH_VARIANT (JVM option set for the A/B runs, default shipped: the image's
# entrypoint flags from deploy/image/Dockerfile; "custom" takes BENCH_JAVA_OPTS), BENCH_VARIANTS (the sets
# compared for start and memory), BENCH_JAVA (the java to run "shipped" with: by default one of the image
# runtime's major version), BENCH_JAVA25 (a Java 25 for the java25-aot rows; default /usr/lib/jvm/*25*),
# BENCH_JAR (measure that jar instead of building), BENCH_QUICK=1 (one round, short runs: a smoke test).
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
for lib in common nginx saissuer keys load phases reload report memory; do . "$BENCH/lib/$lib.sh"; done

ROUNDS=${BENCH_ROUNDS:-3}
DURATION=${BENCH_DURATION:-2}
CONNS=${BENCH_CONNS:-8 64 256}
RATE=${BENCH_RATE:-2000}
LAT_CONNS=${BENCH_LAT_CONNS:-20}
LAT_DURATION=${BENCH_LAT_DURATION:-6}
STARTS=${BENCH_STARTS:-5}
WARMUP=${BENCH_WARMUP:-5}
RELOAD_CHANGES=${BENCH_RELOAD_CHANGES:-30}
REEXPORT_CHANGES=${BENCH_REEXPORT_CHANGES:-5}
RELOAD_LIMIT_MS=${BENCH_RELOAD_LIMIT_MS:-15000}
RELOAD_FLAGS=${BENCH_RELOAD_FLAGS:-}
VARIANT=${BENCH_VARIANT:-shipped}
KEY_COUNTS="1 10 100"
if [ "${BENCH_QUICK:-0}" = 1 ]; then
  ROUNDS=1; DURATION=1; LAT_DURATION=2; STARTS=2; WARMUP=1; RELOAD_CHANGES=3; REEXPORT_CHANGES=1
fi
RELOAD_FIRST_KEY=100   # extra keys 001-099 make the 100-key set; reload changes use the next ones
EXTRA_COUNT=$(( RELOAD_FIRST_KEY + RELOAD_CHANGES + REEXPORT_CHANGES ))
JAR=${BENCH_JAR:-$ROOT/issuer/target/sa-issuer.jar}   # BENCH_JAR: measure another build (not rebuilt)
CACHE=${SA_ISSUER_CACHE:-$HOME/.cache/sa-issuer}
EXTRA_KEYS="$CACHE/bench-keys"

# Debian packages the harness needs; the package scripts must not start a system nginx on port 80.
install_tools() {
  local missing=() tool created_policy=0
  for tool in nginx:nginx-light wrk:wrk openssl:openssl curl:curl ss:iproute2 jq:jq; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} with apt-get"
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; created_policy=1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  [ $created_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
  return 0
}

build_if_needed() {
  [ -n "${BENCH_JAR:-}" ] && return 0
  if [ ! -s "$JAR" ] || [ -n "$(find "$ROOT/keys/src/main" "$ROOT/issuer/src/main" "$ROOT/pom.xml" "$ROOT/keys/pom.xml" \
       "$ROOT/issuer/pom.xml" -newer "$JAR" -type f 2>/dev/null | head -1)" ]; then
    log "building sa-issuer (mvn -q -DskipTests package)"
    (cd "$ROOT" && mvn -q -B -ntp -DskipTests -pl issuer -am package)
  fi
}

export_site() { # keys dir -> site dir
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR" export --out "$2" --service-account-issuer "$ISSUER" \
    --insecure-http-loopback --service-account-key-file "$1" >/dev/null
}

prepare_keys_and_sites() {
  local count main_kid
  mkdir -p "$WORK/main"
  main_kid=$(java -jar "$JAR" keygen --out "$WORK/main/sa.key" | grep -o 'kid [^ ]*' | cut -d' ' -f2)
  [ "$main_kid" = "$(kid_of "$WORK/main/sa.pub")" ] || die "kid from keygen ($main_kid) differs from openssl's"
  rm -f "$WORK/main/sa.key"   # only public keys are served; nothing private stays on disk
  log "making $EXTRA_COUNT RSA public keys under $EXTRA_KEYS (cached)"
  extra_public_keys "$EXTRA_KEYS" "$EXTRA_COUNT"
  for count in $KEY_COUNTS; do
    key_set "$WORK/keys-$count" "$WORK/main/sa.pub" "$EXTRA_KEYS" "$count"
    export_site "$WORK/keys-$count" "$WORK/site-$count"
  done
  JWKS_PATH=$(awk '$2 == "application/jwk-set+json" { print $1 }' "$WORK/site-1/content-types.txt")
  DISCOVERY_PATH=$(awk '$1 ~ /openid-configuration$/ { print $1 }' "$WORK/site-1/content-types.txt")
}

machine_description() {
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpus: $(nproc) x $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "memory: $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "kernel: $(uname -r)"
  echo "java (shipped sets): $("$SHIPPED_JAVA" -version 2>&1 | sed -n 2p)"
  echo "java (java25 sets): $([ -n "$JAVA25" ] && "$JAVA25" -version 2>&1 | sed -n 2p || echo none)"
  echo "nginx: $(nginx -v 2>&1 | sed 's/^nginx version: //')"
  echo "wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
}

main() {
  install_tools
  build_if_needed
  WORK=$(mktemp -d /tmp/sa-issuer-bench.XXXXXX)
  chmod 755 "$WORK"   # nginx workers run as an unprivileged user and must read the sites
  RESULTS_DIR="$BENCH/results/$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$RESULTS_DIR"
  RESULTS_TSV="$RESULTS_DIR/results.tsv"
  : > "$RESULTS_TSV"
  trap 'stop_all; cp "$WORK"/*.log "$WORK/nginx/nginx.conf" "$RESULTS_DIR/" 2>/dev/null; rm -rf "$WORK"' EXIT
  trap 'exit 130' INT TERM
  SA_PORT=$(free_port); NG_PORT=$(free_port); METRICS_PORT=$(free_port)
  [ "$SA_PORT" != "$NG_PORT" ] && [ "$METRICS_PORT" != "$SA_PORT" ] && [ "$METRICS_PORT" != "$NG_PORT" ] || die "port clash; run again"
  ISSUER="http://127.0.0.1:$SA_PORT"
  # A private copy: a build running meanwhile (shade rewrites the jar) must not change the measured jar, nor its
  # modification time, which the class archive is checked against.
  cp "$JAR" "$WORK/sa-issuer.jar"; JAR="$WORK/sa-issuer.jar"
  SHIPPED_JAVA=$(java_of_major "$(shipped_java_major)") \
    || die "no Java $(shipped_java_major) (the image's runtime, ARG BASE in $DOCKERFILE) here; set BENCH_JAVA"
  JAVA25=${BENCH_JAVA25:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
  SHIPPED_ARCHIVE=
  make_archives
  # shipped, and shipped with one difference each (other runtimes only where the machine has them).
  VARIANTS=${BENCH_VARIANTS:-shipped ${SHIPPED_ARCHIVE:+shipped-no-archive} shipped-c2 ${JAVA25:+java25-aot java25-aot-c2}}
  local started; started=$(now_ns)
  machine_description > "$RESULTS_DIR/machine.txt"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS_DIR/machine.txt"
  prepare_keys_and_sites
  log "phase: startup and JVM options"; phase_startup
  log "phase: throughput and latency";  phase_main
  log "phase: JWKS size";               phase_keys
  log "phase: reload";                  phase_reload; phase_reexport
  log "phase: memory";                  phase_memory
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS_DIR/machine.txt"
  echo "bench duration: $(( $(ms_since "$started") / 1000 )) s" >> "$RESULTS_DIR/machine.txt"
  {
    echo "Machine: $(sed -n 's/^cpus: //p' "$RESULTS_DIR/machine.txt"), $(sed -n 's/^memory: //p' "$RESULTS_DIR/machine.txt");" \
      "$(sed -n 's/^java (shipped sets): //p' "$RESULTS_DIR/machine.txt"), nginx $(sed -n 's/^nginx: //p' "$RESULTS_DIR/machine.txt");" \
      "$(sed -n 's/^load average at start: /load average at start /p' "$RESULTS_DIR/machine.txt")."
    echo "sa-issuer as shipped (deploy/image/Dockerfile's entrypoint; the archive made by deploy/image/train.sh):" \
      "\`$(describe_set "$VARIANT")\`. Reproduce: \`bench/run.sh\`."
    echo
    report
    echo
    echo "Where the resident bytes are:"
    echo
    memory_report
  } > "$RESULTS_DIR/summary.md"
  mkdir -p "$BENCH/results/sample"   # jmh.txt there comes from bench/jmh.sh and is kept
  cp "$RESULTS_DIR"/{summary.md,results.tsv,machine.txt,headers-nginx.txt,headers-sa-issuer.txt,nginx.conf} "$BENCH/results/sample/" 2>/dev/null || true
  cat "$RESULTS_DIR/summary.md"
  log "raw results: $RESULTS_DIR"
}

main "$@"
