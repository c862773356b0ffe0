#!/usr/bin/env bash
# The container image test (run by .ci/run after `mvn verify`, as root): builds the base and the image with
# Jib, loads it into Debian's dockerd started in a private directory, runs it with the kubeadm static pod's
# command line, user, hardening and mounts over a kubeadm-like layout in a temp dir, fetches the discovery
# document and the JWKS over TLS, checks the image's user, entrypoint and contents, builds the same image from
# deploy/image/Dockerfile and compares, then stops everything and leaves nothing behind.
# Prints the measured figures (base build time, image size, start to first response, resident memory).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
export SA_ISSUER_CACHE="${SA_ISSUER_CACHE:-$HOME/.cache/sa-issuer}"
docker_cli=/usr/bin/docker
jar="$repo/issuer/target/sa-issuer.jar"
manifest="$repo/deploy/kubeadm/sa-issuer.yaml"
container=sa-issuer-image-test

fail() { echo "image-test: FAIL: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
[ "$(id -u)" = 0 ] || fail "needs root (debootstrap and dockerd)"
[ -s "$jar" ] || fail "$jar missing: run mvn verify (or package) first"

work=$(mktemp -d /tmp/sa-issuer-image-test.XXXXXX)
engine="$work/engine"
cleanup() {
  set +e
  if [ -S "$engine/docker.sock" ]; then
    DOCKER_HOST="unix://$engine/docker.sock" "$docker_cli" rm -f "$container" >/dev/null 2>&1
  fi
  "$repo/.ci/private-dockerd.sh" stop "$engine"
  rm -rf "$work"
}
trap cleanup EXIT

export $("$repo/.ci/private-dockerd.sh" start "$engine")
echo "image-test: dockerd up at $DOCKER_HOST"

# 1. The base (cached under $SA_ISSUER_CACHE/image) and the image (Jib, no engine involved).
t0=$(now_ms)
"$repo/deploy/image/build-base.sh" "$jar" "$repo/issuer/target/base.tar"
base_ms=$(( $(now_ms) - t0 ))
t0=$(now_ms)
# The image profile also makes the class archive (deploy/image/build-archive.sh: a training run in the base).
mvn -B -ntp -q -Pimage -pl issuer -am package -DskipTests -Djib.disableUpdateChecks=true \
  -Djib.baseImageCache="$SA_ISSUER_CACHE/jib" -Dsa-issuer.image.base.file="$repo/issuer/target/base.tar" \
  || fail "mvn -Pimage package"
jib_ms=$(( $(now_ms) - t0 ))
image_tar="$repo/issuer/target/sa-issuer-image.tar"
image=$("$docker_cli" load -i "$image_tar" | sed -n 's/^Loaded image: //p')
[ -n "$image" ] || fail "docker load gave no image name"

# 2. The image: non-root user, the documented entrypoint, and exactly one layer of ours holding only the jar.
expected_entrypoint='["java","-XX:+UseSerialGC","-XX:TieredStopAtLevel=1","-Xms16m","-Xmx64m","-Xss256k","-XX:ReservedCodeCacheSize=32m","-XX:MaxDirectMemorySize=32m","-XX:-UsePerfData","-XX:+ExitOnOutOfMemoryError","-XX:SharedArchiveFile=/app/sa-issuer.jsa","-jar","/app/sa-issuer.jar"]'
config=$("$docker_cli" image inspect "$image" | jq -c '.[0].Config')
[ "$(jq -r .User <<<"$config")" = "65532:65532" ] || fail "image user is $(jq -r .User <<<"$config")"
[ "$(jq -c .Entrypoint <<<"$config")" = "$expected_entrypoint" ] || fail "entrypoint is $(jq -c .Entrypoint <<<"$config")"
mkdir "$work/jib" && tar -C "$work/jib" -xf "$image_tar"
base_layers=$(tar -xOf "$repo/issuer/target/base.tar" manifest.json | jq '.[0].Layers | length')
ours=$(jq -r ".[0].Layers[$base_layers:][]" "$work/jib/manifest.json")
[ "$(wc -l <<<"$ours")" = 1 ] || fail "expected one layer on top of the base, got: $ours"
listing=$(tar --warning=no-unknown-keyword -tzf "$work/jib/$ours" | sort | paste -sd' ')
[ "$listing" = "app/ app/sa-issuer.jar app/sa-issuer.jsa" ] || fail "our layer holds more than the jar and its archive: $listing"
tar --warning=no-unknown-keyword -xzOf "$work/jib/$ours" app/sa-issuer.jar | cmp -s - "$jar" || fail "the jar in the image differs from $jar"
image_bytes=$("$docker_cli" image inspect -f '{{.Size}}' "$image")
# The class archive maps with the entrypoint's flags (-Xshare:on: a mismatch is an error, not a slow start).
archive_maps() {
  local out
  out=$("$docker_cli" run --rm --entrypoint java "$1" $(jq -r '.[1:index("-jar")] | join(" ")' <<<"$expected_entrypoint") \
    -Xshare:on -Xlog:cds=info -jar /app/sa-issuer.jar --version 2>&1) || { echo "$out" | tail -5 >&2; return 1; }
  grep -q 'Mapped dynamic region' <<<"$out"
}
archive_maps "$image" || fail "the class archive /app/sa-issuer.jsa does not map in $image"
echo "image-test: image $image: user 65532:65532, entrypoint ok, our layer = app/sa-issuer.jar + app/sa-issuer.jsa (maps)"

# 3. A kubeadm-like layout: sa.pub from `sa-issuer keygen`, a TLS certificate from openssl, the state dir.
root="$work/root"
pki="$root/etc/kubernetes/pki"
mkdir -p "$pki/sa-issuer" "$root/var/lib/sa-issuer"
kid=$(java -jar "$jar" keygen --out "$pki/sa.key" | sed -n 's/.*kid \([^ ]*\).*/\1/p')
rm -f "$pki/sa.key"    # the node keeps it; the pod never sees it
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=issuer.example.com \
  -addext subjectAltName=DNS:issuer.example.com -keyout "$pki/sa-issuer/tls.key" -out "$pki/sa-issuer/tls.crt" 2>/dev/null
chown 65532:65532 "$pki/sa-issuer/tls.key" "$root/var/lib/sa-issuer"
chmod 0400 "$pki/sa-issuer/tls.key"
chmod 0700 "$root/var/lib/sa-issuer"

# 4. Run it as the static pod says (free ports instead of 8443/10291, which other things on this host may use).
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port); metrics_port=$(free_port)
mapfile -t run_args < <(/usr/bin/python3 "$repo/.ci/static-pod-to-docker-run.py" "$manifest" "$root" "$port" "$metrics_port" "$image")
echo "image-test: docker run ${run_args[*]}"
t0=$(now_ms)
"$docker_cli" run "${run_args[@]}" >/dev/null
url="https://issuer.example.com:$port"
curl_tls() { curl -fsS --max-time 5 --cacert "$pki/sa-issuer/tls.crt" --resolve "issuer.example.com:$port:127.0.0.1" "$@"; }
first_ms=
for _ in $(seq 1 300); do
  if curl_tls -o /dev/null "$url/healthz" 2>/dev/null; then first_ms=$(( $(now_ms) - t0 )); break; fi
  [ "$("$docker_cli" inspect -f '{{.State.Running}}' "$container")" = true ] || break
  sleep 0.1
done
[ -n "$first_ms" ] || { "$docker_cli" logs "$container" >&2; fail "no answer on $url/healthz"; }

discovery=$(curl_tls "$url/.well-known/openid-configuration")
[ "$(jq -r .issuer <<<"$discovery")" = "https://issuer.example.com" ] || fail "discovery: $discovery"
jwks_uri=$(jq -r .jwks_uri <<<"$discovery")
[ "$jwks_uri" = "https://issuer.example.com/openid/v1/jwks" ] || fail "jwks_uri is $jwks_uri"
jwks=$(curl_tls "$url${jwks_uri#https://issuer.example.com}")
[ "$(jq -r '.keys[0].kid' <<<"$jwks")" = "$kid" ] || fail "JWKS does not publish kid $kid: $jwks"
jq -e '.keys | all(has("d") | not)' <<<"$jwks" >/dev/null || fail "JWKS holds private members"
curl_tls -o /dev/null "$url/readyz" || fail "/readyz does not answer 200"
echo "image-test: discovery and JWKS served over TLS (kid $kid)"

# Rotation as the runbook does it: the new public key is appended to sa.pub in place (the pod's single-file
# mount keeps the inode) and is published within the poll interval, next to the old one.
java -jar "$jar" keygen --out "$work/new.key" >/dev/null
cat "$work/new.pub" >>"$pki/sa.pub"
rm -f "$work/new.key"
published=
for _ in $(seq 1 60); do
  published=$(curl_tls "$url${jwks_uri#https://issuer.example.com}" | jq '.keys | length')
  [ "$published" = 2 ] && break
  sleep 0.5
done
[ "$published" = 2 ] || fail "the key appended to sa.pub was not published within 30 s"
echo "image-test: a key appended to sa.pub in place is published beside the old one"

pid=$("$docker_cli" inspect -f '{{.State.Pid}}' "$container")
uid=$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")
[ "$uid" = 65532 ] || fail "the server runs as uid $uid"
# Some load (8 clients, a TLS handshake per request) before reading the resident set.
seq 1 1000 | xargs -P 8 -I{} curl -fsS --max-time 5 --cacert "$pki/sa-issuer/tls.crt" \
  --resolve "issuer.example.com:$port:127.0.0.1" -o /dev/null "$url/openid/v1/jwks" || fail "requests under load failed"
rss_kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
"$docker_cli" stop -t 20 "$container" >/dev/null
exit_code=$("$docker_cli" inspect -f '{{.State.ExitCode}}' "$container")
[ "$exit_code" = 0 ] || { "$docker_cli" logs "$container" >&2; fail "exit code $exit_code after SIGTERM"; }
"$docker_cli" rm "$container" >/dev/null

# 5. deploy/image/Dockerfile on the same base makes the same image: same config, same files.
"$docker_cli" load -i "$repo/issuer/target/base.tar" >/dev/null
"$docker_cli" build -q -f "$repo/deploy/image/Dockerfile" -t sa-issuer-dockerfile:test "$repo/issuer/target/image" >/dev/null
archive_maps sa-issuer-dockerfile:test || fail "the class archive does not map in the Dockerfile's image"
for field in .User .Entrypoint .Cmd .WorkingDir "(.Env | sort)"; do
  a=$("$docker_cli" image inspect "$image" | jq -c ".[0].Config | $field")
  b=$("$docker_cli" image inspect sa-issuer-dockerfile:test | jq -c ".[0].Config | $field")
  [ "$a" = "$b" ] || fail "Dockerfile image differs in $field: $b, Jib: $a"
done
files() {  # mode, owner, size and name of every file in the image's file system
  local cid
  cid=$("$docker_cli" create "$1")
  "$docker_cli" export "$cid" | tar -tv | awk '{print $1, $2, $3, $6}' | sort >"$2"
  "$docker_cli" rm "$cid" >/dev/null
}
files "$image" "$work/jib.files"
files sa-issuer-dockerfile:test "$work/dockerfile.files"
diff "$work/jib.files" "$work/dockerfile.files" >"$work/files.diff" || { head -20 "$work/files.diff" >&2; fail "Dockerfile image has other files"; }
echo "image-test: deploy/image/Dockerfile gives the same user, entrypoint and files"

echo "image-test: base build ${base_ms} ms, jib ${jib_ms} ms, image $((image_bytes / 1024 / 1024)) MiB, start to first response ${first_ms} ms, RSS after 1000 requests $((rss_kib / 1024)) MiB"
echo "image-test: OK"
