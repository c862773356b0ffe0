#!/bin/sh
# One-shot "certs" service of the compose demo (runs as root in the RabbitMQ image, which has openssl):
#  - a demo CA and sa-issuer's TLS certificate for DNS:sa-issuer and DNS:localhost, in the pki volume
#    (kept across runs: made only when missing);
#  - RabbitMQ's /etc/rabbitmq for the chosen version's config files (RABBITMQ_CONFIG_DIR) plus the CA, in the
#    rabbitmq-etc volume (the image's own /etc/rabbitmq, such as conf.d, comes first);
#  - ownership of sa-issuer's key and state volumes for its unprivileged user (65532).
# Private keys stay in their volumes: nothing here prints one.
set -eu
pki=/pki
umask 022
if [ ! -s "$pki/sa-issuer.crt" ]; then
  tmp=$(mktemp -d)
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=sa-issuer demo CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    -keyout "$tmp/ca.key" -out "$tmp/ca.crt" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=sa-issuer" \
    -keyout "$tmp/sa-issuer.key" -out "$tmp/sa-issuer.csr" 2>/dev/null
  printf 'subjectAltName=DNS:sa-issuer,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' >"$tmp/ext"
  openssl x509 -req -in "$tmp/sa-issuer.csr" -CA "$tmp/ca.crt" -CAkey "$tmp/ca.key" -CAcreateserial -days 30 \
    -extfile "$tmp/ext" -out "$tmp/sa-issuer.crt" 2>/dev/null
  # The CA key is not kept: the demo never signs another certificate with it.
  install -m 0644 "$tmp/ca.crt" "$pki/ca.crt"
  install -m 0400 -o 65532 -g 65532 "$tmp/sa-issuer.key" "$pki/sa-issuer.key"
  install -m 0644 "$tmp/sa-issuer.crt" "$pki/sa-issuer.crt"
  rm -rf "$tmp"
  echo "certs: made a demo CA and sa-issuer's certificate ($(openssl x509 -in "$pki/sa-issuer.crt" -noout -ext subjectAltName | tail -1 | tr -d ' '))"
else
  echo "certs: the demo CA and sa-issuer's certificate already exist"
fi

cp -a /etc/rabbitmq/. /rabbitmq-etc/
cp "$RABBITMQ_CONFIG_DIR/rabbitmq.conf" "$RABBITMQ_CONFIG_DIR/advanced.config" /rabbitmq-etc/
cp "$RABBITMQ_CONFIG_DIR/../enabled_plugins" /rabbitmq-etc/enabled_plugins
cp "$pki/ca.crt" /rabbitmq-etc/sa-issuer-ca.pem
chmod -R a+rX /rabbitmq-etc
echo "certs: RabbitMQ configuration from $RABBITMQ_CONFIG_DIR"

chown 65532:65532 /sa-issuer-state
