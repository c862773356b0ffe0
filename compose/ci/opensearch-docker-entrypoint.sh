#!/bin/bash
# Entrypoint of the locally built OpenSearch image (compose/ci/build-images.sh), at the same path and with the
# same convention as the official image's: environment variables named like settings (lower case, with a dot,
# such as discovery.type) become -E options. The security plugin's demo configuration was installed when the
# image was built (.ci/setup.d/opensearch.sh), so OPENSEARCH_INITIAL_ADMIN_PASSWORD is not read here.
set -euo pipefail
if [ $# -eq 0 ] || [ "$1" = opensearch ]; then
  shift $(( $# > 0 ? 1 : 0 ))
  settings=()
  while IFS='=' read -r name value; do
    [[ $name =~ ^[a-z0-9_]+\.[a-z0-9_.]+$ ]] && settings+=("-E$name=$value")
  done < <(env)
  exec /usr/share/opensearch/bin/opensearch "${settings[@]}" "$@"
fi
exec "$@"
