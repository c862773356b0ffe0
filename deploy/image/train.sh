#!/usr/bin/env bash
# The training run that makes the JVM's class cache shipped in the image (and the one bench/run.sh makes for
# the JVM it measures, so both come from the same workload): starts `sa-issuer serve` with the image's JVM
# flags, the cache flag turned into its "write" form, over TLS as the deploy manifests run it, sends the
# requests a real deployment gets (both documents, conditional and HEAD requests, a 404, the probes, the
# admin endpoints), stops it with SIGTERM, and the JVM writes the cache at exit.
#
# usage: deploy/image/train.sh [--root DIR] --java JAVA --jar JAR --out CACHE -- JVM_FLAGS...
#   --root DIR  run the JVM with chroot DIR (the image's root file system); JAVA, JAR and CACHE are then
#               paths inside DIR, as the image sees them
#   JVM_FLAGS   the entrypoint's flags between "java" and "-jar": -XX:AOTCache=PATH becomes
#               -XX:AOTCacheOutput=CACHE (JEP 483/514, one-step training), -XX:SharedArchiveFile=PATH
#               becomes -XX:ArchiveClassesAtExit=CACHE (dynamic AppCDS)
# needs: openssl, curl, ss (or python3); root with --root. Bounded: at most 120 s for the server to answer, then fails.
set -euo pipefail
root= java= jar= out=
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=$2; shift 2 ;;
    --java) java=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "train: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$java" ] && [ -n "$jar" ] && [ -n "$out" ] || { echo "usage: train.sh [--root DIR] --java JAVA --jar JAR --out CACHE -- FLAGS..." >&2; exit 2; }

flags=() cache_flag=
for flag in "$@"; do
  case "$flag" in
    -XX:AOTCache=*) cache_flag="-XX:AOTCacheOutput=$out"; flags+=("$cache_flag") ;;
    -XX:SharedArchiveFile=*) cache_flag="-XX:ArchiveClassesAtExit=$out"; flags+=("$cache_flag") ;;
    *) flags+=("$flag") ;;
  esac
done
[ -n "$cache_flag" ] || { echo "train: no -XX:AOTCache= or -XX:SharedArchiveFile= among the flags: nothing to train" >&2; exit 2; }

work=$(mktemp -d "$root/tmp/sa-issuer-train.XXXXXX")
inside=${work#"$root"}   # the same directory as the JVM sees it
pid=
cleanup() {
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
run=("$java")
[ -n "$root" ] && run=(chroot "$root" "$java")

# Public keys only (one RSA, one EC: both JWK paths); a throwaway TLS certificate for the public listener.
mkdir -p "$work/keys" "$work/state"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null | openssl pkey -pubout -out "$work/keys/rsa.pub"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null | openssl pkey -pubout -out "$work/keys/ec.pub"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=issuer.example.com \
  -addext subjectAltName=DNS:issuer.example.com -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null

free_port() {
  local port
  if ! command -v ss >/dev/null; then   # no iproute2: let the kernel choose (python3 is on every Debian host)
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    return
  fi
  for _ in $(seq 200); do
    port=$(( 20000 + RANDOM % 40000 ))
    ss -Htln "sport = :$port" | grep -q . || { echo "$port"; return 0; }
  done
  echo "train: no free port" >&2; return 1
}
port=$(free_port); admin=$(free_port)
"${run[@]}" "${flags[@]}" -jar "$jar" serve \
  --service-account-issuer https://issuer.example.com --service-account-key-file "$inside/keys" \
  --tls-cert-file "$inside/tls.crt" --tls-private-key-file "$inside/tls.key" \
  --bind-address 127.0.0.1 --port "$port" --metrics-bind-address "127.0.0.1:$admin" \
  --state-dir "$inside/state" >"$work/serve.log" 2>&1 &
pid=$!

base="https://issuer.example.com:$port"
tls=(--cacert "$work/tls.crt" --resolve "issuer.example.com:$port:127.0.0.1" --max-time 5)
jwks="$base/openid/v1/jwks" discovery="$base/.well-known/openid-configuration"
# The documents, not /healthz: the public listener is up (and healthy) before the first keys are published.
for i in $(seq 1200); do
  curl -fs -o /dev/null "${tls[@]}" "$jwks" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; echo "train: the server exited" >&2; exit 1; }
  [ "$i" = 1200 ] && { cat "$work/serve.log" >&2; echo "train: no answer within 120 s" >&2; exit 1; }
  sleep 0.1
done
etag=$(curl -fs -D - -o /dev/null "${tls[@]}" "$jwks" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
# Many requests on a few keep-alive connections (one curl per URL list), then the other request shapes.
urls=(); for _ in $(seq 100); do urls+=("$jwks" "$discovery"); done
# (curl's -o names the output of one URL only: the bodies go to stdout, which is discarded.)
{
  for _ in 1 2 3; do curl -fs "${tls[@]}" "${urls[@]}"; done
  curl -s "${tls[@]}" -H 'Accept: application/json' "$jwks"
  curl -s "${tls[@]}" -H "If-None-Match: $etag" "$jwks"
  curl -s "${tls[@]}" -I "$discovery"
  curl -s "${tls[@]}" "$base/healthz" "$base/readyz" "$base/no-such-path"
  curl -s "http://127.0.0.1:$admin/metrics" "http://127.0.0.1:$admin/healthz" \
    "http://127.0.0.1:$admin/readyz" "http://127.0.0.1:$admin/status" || true
} >/dev/null

kill -TERM "$pid"
for _ in $(seq 1200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done   # writing takes a few s
wait "$pid" || { cat "$work/serve.log" >&2; echo "train: serve exited non-zero" >&2; exit 1; }
pid=
[ -s "$root$out" ] || { cat "$work/serve.log" >&2; echo "train: no cache was written to $out" >&2; exit 1; }
chmod 0644 "$root$out"
echo "train: wrote $out ($(du -h "$root$out" | cut -f1))"
