# Key material for the benchmark: the main pair from `sa-issuer keygen`, and extra RSA 2048 public keys made
# with openssl (a JVM start per key would take minutes) for the 10- and 100-key sets and the reload changes.
# Only public halves are kept: openssl's private key goes straight into `openssl pkey -pubout` through a pipe.
# Sourced, not run.

# kube-apiserver's kid: unpadded base64url of SHA-256 over the DER SubjectPublicKeyInfo.
kid_of() {
  openssl pkey -pubin -in "$1" -outform DER | openssl dgst -sha256 -binary | base64 -w0 | tr '+/' '-_' | tr -d '='
}

# Makes N extra public keys under DIR (rsa-001.pub ...), keeping those already there (the cache).
extra_public_keys() {
  local dir=$1 count=$2 i name
  mkdir -p "$dir"
  for i in $(seq -f '%03g' 1 "$count"); do
    name="$dir/rsa-$i.pub"
    [ -s "$name" ] && continue
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null | openssl pkey -pubout -out "$name.tmp" \
      && mv "$name.tmp" "$name" || die "openssl could not make $name"
  done
}

# A key set directory with the main public key and the first N-1 extra keys.
key_set() {
  local dir=$1 main_pub=$2 extras=$3 count=$4 i
  rm -rf "$dir"; mkdir -p "$dir"
  cp "$main_pub" "$dir/sa.pub"
  for i in $(seq -f '%03g' 1 $((count - 1))); do
    cp "$extras/rsa-$i.pub" "$dir/"
  done
}
