#!/bin/bash
# The compose demo's kube-apiserver stand-in, run as a one-shot in sa-issuer's image:
#   apiserver.sh start   first run: makes the signing key (as kubeadm makes sa.key); every run: mints tokens
#   apiserver.sh rotate  a key rotation: a new signing key is added and used from now on, the old one's public
#                        key leaves the published directory (sa-issuer keeps publishing it for --key-retention,
#                        so tokens it signed keep working), and new tokens are minted; the previous ones are kept
#                        under previous/ to show they are still accepted.
# Tokens are written the way a projected service-account volume does it (one file per audience, replaced by a
# rename, never half written) to /var/run/secrets/tokens. forged/ holds tokens for the same service account
# signed by a key sa-issuer never publishes: relying parties must refuse them.
set -euo pipefail
action=${1:-start}
pki=/etc/kubernetes/pki                       # private keys: this service only
published=/etc/kubernetes/sa-public-keys      # what sa-issuer's --service-account-key-file reads
tokens=/var/run/secrets/tokens
sa_issuer() { java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -jar /app/sa-issuer.jar "$@"; }

new_key() {
  local name
  name=sa-$(date -u +%Y%m%d%H%M%S)
  sa_issuer keygen --out "$pki/$name.key" >/dev/null
  # keygen writes $name.pub beside the key; publish it with a rename, never half written.
  cp "$pki/$name.pub" "$published/.$name.pub.tmp"
  mv "$published/.$name.pub.tmp" "$published/$name.pub"
  ln -sfn "$name.key" "$pki/sa.key"
  echo "apiserver: new signing key $name, published as $published/$name.pub"
}

# write_token DIR FILE KEY AUDIENCE: mints a token for the demo's service account into DIR/FILE.
write_token() {
  mkdir -p "$1"
  sa_issuer mint --service-account-signing-key-file "$3" --service-account-issuer "$ISSUER" \
    --namespace "$NAMESPACE" --service-account "$SERVICE_ACCOUNT" --audience "$4" --ttl "$TOKEN_TTL" >"$1/.$2.tmp"
  chmod 0644 "$1/.$2.tmp"
  mv "$1/.$2.tmp" "$1/$2"
}

mkdir -p "$pki" "$published" "$tokens"
case "$action" in
start)
  if [ -e "$pki/sa.key" ]; then echo "apiserver: signing key $(readlink "$pki/sa.key") already exists"; else new_key; fi
  ;;
rotate)
  old=$(readlink "$pki/sa.key")
  new_key
  rm -f "$published/${old%.key}.pub"
  echo "apiserver: ${old%.key} is no longer in $published; sa-issuer keeps publishing it for its key retention"
  rm -rf "$tokens/previous" && mkdir "$tokens/previous"
  cp -p "$tokens/rabbitmq-token" "$tokens/opensearch-token" "$tokens/previous/"
  ;;
*)
  echo "usage: apiserver.sh start|rotate" >&2
  exit 2
  ;;
esac

[ -e "$pki/forger.key" ] || sa_issuer keygen --out "$pki/forger.key" >/dev/null
for audience in rabbitmq opensearch; do
  write_token "$tokens" "$audience-token" "$pki/sa.key" "$audience"
  write_token "$tokens/forged" "$audience-token" "$pki/forger.key" "$audience"
done
echo "apiserver: wrote tokens for system:serviceaccount:$NAMESPACE:$SERVICE_ACCOUNT (audiences rabbitmq, opensearch; ttl $TOKEN_TTL) to $tokens, and forged ones to $tokens/forged"
