#!/usr/bin/env bash
# The compose demo, end to end (run by .ci/run after `mvn verify`, as root; needs issuer/target/sa-issuer.jar):
# starts Debian's dockerd in a private directory (.ci/private-dockerd.sh) with Compose v2 as a CLI plugin
# (.ci/setup.d/60-compose.sh), builds or loads the local images (compose/ci/build-images.sh), validates
# compose/compose.yaml as users run it (official images) and with compose.ci.yaml, brings the demo up and
# asserts its flow:
#   sa-issuer healthy -> the kube-apiserver stand-in wrote tokens -> RabbitMQ accepts a valid token and refuses
#   a forged one -> OpenSearch answers a search for the mapped service account and refuses a forged token ->
#   a key rotation (new key added, old retained) -> both accept the new tokens and the old ones ->
#   RabbitMQ replaced by Debian 13's 4.0.5 with the demo's default config (rabbitmq/4.x: OIDC discovery from
#   auth_oauth2.issuer) -> it accepts the current and the pre-rotation tokens and refuses the forged one,
# then `docker compose down -v`, stops dockerd and removes its directory. Prints the time of each stage.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
export SA_ISSUER_CACHE="${SA_ISSUER_CACHE:-$HOME/.cache/sa-issuer}"
UP_TIMEOUT=${COMPOSE_TEST_UP_TIMEOUT:-600}
docker_cli=/usr/bin/docker
started=$(date +%s%3N)
now_ms() { date +%s%3N; }
fail() { echo "compose-test: FAIL: $*" >&2; exit 1; }
stage_t0=$started
stage() { local t; t=$(now_ms); echo "compose-test: $1 ($(( t - stage_t0 )) ms)"; stage_t0=$t; }
[ "$(id -u)" = 0 ] || fail "needs root (debootstrap and dockerd)"
[ -s issuer/target/sa-issuer.jar ] || fail "issuer/target/sa-issuer.jar missing: run mvn verify (or package) first"

bash .ci/setup.d/60-compose.sh >/dev/null
bash .ci/setup.d/rabbitmq4.sh
work=$(mktemp -d /tmp/sa-issuer-compose-test.XXXXXX)
engine="$work/engine"
export DOCKER_CONFIG="$work/docker-config"
mkdir -p "$DOCKER_CONFIG/cli-plugins"
ln -s "$SA_ISSUER_CACHE/compose/cli-plugins/docker-compose" "$DOCKER_CONFIG/cli-plugins/docker-compose"
compose_ci=("$docker_cli" compose --ansi never --project-directory "$repo/compose" -f "$repo/compose/compose.yaml" -f "$repo/compose/compose.ci.yaml")
cleanup() {
  set +e
  if [ -S "$engine/docker.sock" ]; then
    if [ "${up_done:-}" != true ] || [ "${ok:-}" != true ]; then
      echo "compose-test: container states and last log lines:" >&2
      "${compose_ci[@]}" ps -a >&2
      "${compose_ci[@]}" logs --no-color --tail 40 >&2
    fi
    timeout 120 "${compose_ci[@]}" down -v --remove-orphans -t 20 >/dev/null 2>&1
  fi
  "$repo/.ci/private-dockerd.sh" stop "$engine"
  rm -rf "$work"
}
trap cleanup EXIT

export $("$repo/.ci/private-dockerd.sh" start "$engine")
stage "dockerd up, $("$docker_cli" compose version)"

# 1. The compose file as users run it (official images, their defaults), then with the CI override.
(cd compose && env -u RABBITMQ_IMAGE -u RABBITMQ_CONFIG -u OPENSEARCH_IMAGE -u SA_ISSUER_IMAGE -u DEMO_CLIENT_IMAGE \
  "$docker_cli" compose config -q) || fail "compose.yaml does not validate"
"${compose_ci[@]}" config -q || fail "compose.yaml + compose.ci.yaml do not validate"
users_images=$(cd compose && "$docker_cli" compose config --images | sort | paste -sd' ')
echo "compose-test: compose.yaml validates; users' images: $users_images"

# 2. Images.
compose/ci/build-images.sh
stage "images ready"

# 3. Up: certs -> apiserver -> sa-issuer (healthy) -> rabbitmq, opensearch (healthy) -> client.
timeout "$UP_TIMEOUT" "${compose_ci[@]}" up -d --wait --no-build --pull never sa-issuer rabbitmq opensearch \
  || fail "docker compose up --wait did not finish within ${UP_TIMEOUT}s"
up_done=true
stage "up --wait: sa-issuer, rabbitmq, opensearch healthy"
state() { "$docker_cli" inspect -f "$1" "$("${compose_ci[@]}" ps -a -q "$2")"; }
[ "$(state '{{.State.Health.Status}}' sa-issuer)" = healthy ] || fail "sa-issuer is not healthy"
[ "$(state '{{.State.ExitCode}}' certs)" = 0 ] || fail "certs did not complete"
[ "$(state '{{.State.ExitCode}}' apiserver)" = 0 ] || fail "apiserver did not complete"
"${compose_ci[@]}" logs --no-color --no-log-prefix certs apiserver sa-issuer | sed 's/\x1b\[2K//g; /^$/d; s/^/  | /'

# What the relying parties fetch, from inside the demo's network and trusting only the demo CA.
fetch() { "${compose_ci[@]}" exec -T rabbitmq curl -fsS --max-time 10 --cacert /etc/rabbitmq/sa-issuer-ca.pem "https://sa-issuer:8443$1"; }
discovery=$(fetch /.well-known/openid-configuration)
[ "$(jq -r .issuer <<<"$discovery")" = https://sa-issuer:8443 ] || fail "discovery: $discovery"
kids_before=$(fetch /openid/v1/jwks | jq -r '[.keys[].kid] | sort | join(",")')
[ -n "$kids_before" ] || fail "the JWKS publishes no key"
echo "compose-test: sa-issuer serves discovery for https://sa-issuer:8443 over TLS; JWKS kids: $kids_before"
echo "  | $discovery"
# compose/README.md's way to get the demo CA out, for curl on the host.
"${compose_ci[@]}" run --rm --no-deps -T --entrypoint cat certs /pki/ca.crt >"$work/demo-ca.pem"
openssl x509 -in "$work/demo-ca.pem" -noout -subject | grep -q 'sa-issuer demo CA' || fail "no demo CA from the certs volume"

# 4. The client: valid tokens accepted, forged ones refused, by both.
run_client() {
  "${compose_ci[@]}" run --rm --no-deps -T client >"$work/client-$1.log" 2>&1 || { cat "$work/client-$1.log" >&2; fail "client ($1) failed"; }
  sed 's/^/  | /' "$work/client-$1.log"
  grep -q 'client: all checks passed' "$work/client-$1.log" || fail "client ($1) did not pass"
}
expect() { grep -q -- "$2" "$work/client-$1.log" || fail "client ($1): no line with: $2"; }
run_client first
expect first 'ok   rabbitmq   accepts the current token'
expect first 'ok   rabbitmq   refuses the forged token'
expect first 'ok   opensearch accepts the current token .*user system:serviceaccount:demo:client'
expect first 'ok   opensearch answers a search of orders with the current token: 200, 1 hit'
expect first 'ok   opensearch refuses the forged token: 401'
stage "client: RabbitMQ and OpenSearch accept the tokens and refuse forged ones"

# 5. A key rotation inside the demo: a new signing key, the old one's public key leaves the published directory
# (sa-issuer keeps it for --key-retention). Both kids must be published before the new tokens are used.
"${compose_ci[@]}" run --rm --no-deps -T apiserver rotate 2>&1 | sed 's/^/  | /'
kids_after=
for _ in $(seq 1 60); do
  kids_after=$(fetch /openid/v1/jwks | jq -r '[.keys[].kid] | sort | join(",")')
  [ "$(tr ',' '\n' <<<"$kids_after" | wc -l)" = 2 ] && break
  sleep 1
done
case ",$kids_after," in *",$kids_before,"*) ;; *) fail "after the rotation the JWKS ($kids_after) lost the old key $kids_before" ;; esac
[ "$(tr ',' '\n' <<<"$kids_after" | wc -l)" = 2 ] || fail "after the rotation the JWKS has kids $kids_after, not the old and the new"
echo "compose-test: after the rotation sa-issuer publishes kids $kids_after (old one retained)"
"${compose_ci[@]}" logs --no-color --no-log-prefix sa-issuer | grep KeyReloader | tail -1 | sed 's/\x1b\[2K//g; s/^/  | /' || true
run_client rotated
expect rotated 'ok   rabbitmq   accepts the current token'
expect rotated 'ok   opensearch accepts the current token'
expect rotated 'ok   rabbitmq   accepts the previous (pre-rotation) token'
expect rotated 'ok   opensearch accepts the previous (pre-rotation) token'
expect rotated 'ok   opensearch refuses the forged token: 401'
stage "rotation: new and retained keys accepted by both"

# 6. The demo's default RabbitMQ path: 4.x (here Debian 13's 4.0.5) with rabbitmq/4.x, which names only the
# issuer and finds the JWKS by discovery. certs rewrites RabbitMQ's config volume (the CA stays), the node is
# recreated on the 4.0.5 image, and the client checks it again (OpenSearch is unchanged).
export RABBITMQ_IMAGE=localhost/sa-issuer-demo/rabbitmq:4.0.5 RABBITMQ_CONFIG=4.x
"${compose_ci[@]}" run --rm --no-deps -T certs 2>&1 | sed 's/^/  | /'
grep -q '^auth_oauth2.issuer = https://sa-issuer:8443$' <("${compose_ci[@]}" run --rm --no-deps -T --entrypoint cat certs /rabbitmq-etc/rabbitmq.conf) \
  || fail "the RabbitMQ config volume does not hold rabbitmq/4.x/rabbitmq.conf"
timeout "$UP_TIMEOUT" "${compose_ci[@]}" up -d --wait --no-build --pull never --no-deps --force-recreate rabbitmq \
  || fail "RabbitMQ 4.0.5 did not become healthy within ${UP_TIMEOUT}s"
rabbitmq4=$("${compose_ci[@]}" exec -T rabbitmq dpkg-query -W -f='${Version}' rabbitmq-server)
case "$rabbitmq4" in 4.0.5-*) ;; *) fail "the RabbitMQ container runs rabbitmq-server $rabbitmq4, not 4.0.5" ;; esac
stage "RabbitMQ $rabbitmq4 (Debian 13) with rabbitmq/4.x healthy"
[ "$(jq -r .issuer <<<"$(fetch /.well-known/openid-configuration)")" = https://sa-issuer:8443 ] \
  || fail "discovery from the RabbitMQ 4 container"
run_client rabbitmq4
expect rabbitmq4 'ok   rabbitmq   accepts the current token'
expect rabbitmq4 'ok   rabbitmq   refuses the forged token'
expect rabbitmq4 'ok   rabbitmq   accepts the previous (pre-rotation) token'
"${compose_ci[@]}" logs --no-color --no-log-prefix rabbitmq | sed 's/\x1b\[[0-9;]*[mK]//g' \
  | grep -E 'authenticated and granted|login refused' | tail -3 | sed 's/^/  | /' || true
stage "client: RabbitMQ 4.0.5 (discovery) accepts the current and pre-rotation tokens, refuses the forged one"
ok=true

timeout 120 "${compose_ci[@]}" down -v --remove-orphans -t 20 >/dev/null 2>&1 || fail "docker compose down"
stage "down -v"
echo "compose-test: OK in $(( ($(now_ms) - started) / 1000 )) s"
