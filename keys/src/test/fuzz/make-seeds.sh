#!/usr/bin/env bash
# Regenerates the seed corpus of the key loader fuzz tests from the test-only PEM fixtures (see
# ../resources/fixtures/README.md). Jazzer replays every file under <TestClass>Inputs/<method>/ as a regression
# test in each build and starts fuzzing from them with JAZZER_FUZZ=1.
#   fuzzKeyFile:        each fixture file as it is.
#   fuzzDerInPemBlock:  each PEM block's DER, then the two bytes the test's FuzzedDataProvider reads from the end:
#                       a boolean (1 = put an EC PARAMETERS block first) and the index into BLOCK_TYPES.
# Needs bash and openssl. Inputs the fuzzer found (crashes) are added by hand beside these, named repro-*.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$here/../resources/fixtures"
kube="$here/../resources/kubernetes"
inputs="$here/../resources/dev/saissuer/keys/PemKeyLoaderFuzzTestInputs"
types=("PUBLIC KEY" "RSA PUBLIC KEY" "CERTIFICATE" "RSA PRIVATE KEY" "EC PRIVATE KEY" "PRIVATE KEY"
       "ENCRYPTED PRIVATE KEY" "EC PARAMETERS" "DSA PRIVATE KEY" "X509 CRL")
mkdir -p "$inputs/fuzzKeyFile" "$inputs/fuzzDerInPemBlock"
rm -f "$inputs"/fuzzKeyFile/seed-* "$inputs"/fuzzDerInPemBlock/seed-*

for pem in "$fixtures"/*.pem "$kube"/*.pem; do
  name="$(basename "$pem" .pem)"
  [ "$(dirname "$pem")" = "$kube" ] && name="kubernetes-$name"
  cp "$pem" "$inputs/fuzzKeyFile/seed-$name.pem"
  block=0
  curve=0
  # Split the file into blocks: print "TYPE<TAB>base64" per block.
  while IFS=$'\t' read -r type body; do
    block=$((block + 1))
    if [ "$type" = "EC PARAMETERS" ]; then curve=1; continue; fi
    index=-1
    for i in "${!types[@]}"; do [ "${types[$i]}" = "$type" ] && index=$i; done
    [ "$index" -ge 0 ] || continue
    out="$inputs/fuzzDerInPemBlock/seed-$name-block$block.bin"
    if printf '%s' "$body" | openssl base64 -d -A > "$out.der" 2>/dev/null && [ -s "$out.der" ]; then
      { cat "$out.der"; printf "\\x$(printf %02x "$curve")\\x$(printf %02x "$index")"; } > "$out"
    fi
    rm -f "$out.der"
    curve=0
  done < <(awk '/^-----BEGIN /{t=$0; sub(/^-----BEGIN /,"",t); sub(/-----$/,"",t); b=""; on=1; next}
                 /^-----END /{if (on) print t "\t" b; on=0; next}
                 on && !/:/ && NF {b = b $0}' "$pem")
done
echo "seeds: $(ls "$inputs/fuzzKeyFile" | wc -l) key files, $(ls "$inputs/fuzzDerInPemBlock" | wc -l) DER blocks"
