#!/usr/bin/env bash
# Installs the two real object-storage servers the publish tests start on loopback ports, cached under
# $SA_ISSUER_CACHE so later runs on the same machine return at once:
# - s3proxy (an S3 API server, filesystem backend) from Maven Central, the jar-with-dependencies (~41 MB);
# - Azurite (Microsoft's Azure Storage emulator) from npm, into its own prefix.
# The tests find them at $SA_ISSUER_CACHE/s3proxy-$S3PROXY_VERSION.jar and
# $SA_ISSUER_CACHE/azurite-$AZURITE_VERSION/node_modules/.bin/azurite-blob.
set -euo pipefail

S3PROXY_VERSION=2.6.0
AZURITE_VERSION=3.37.0
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

cache="${SA_ISSUER_CACHE:-$HOME/.cache/sa-issuer}"
mkdir -p "$cache"

s3proxy_jar="$cache/s3proxy-$S3PROXY_VERSION.jar"
if [ -s "$s3proxy_jar" ]; then
  echo "object-storage: s3proxy $S3PROXY_VERSION already in $s3proxy_jar"
else
  downloads="$cache/downloads"
  mkdir -p "$downloads"
  mvn -B -ntp -q "$DEPENDENCY_PLUGIN:copy" \
    -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" -DoutputDirectory="$downloads"
  mv "$downloads/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar" "$s3proxy_jar"
  echo "object-storage: s3proxy $S3PROXY_VERSION in $s3proxy_jar"
fi

azurite_prefix="$cache/azurite-$AZURITE_VERSION"
if [ -x "$azurite_prefix/node_modules/.bin/azurite-blob" ]; then
  echo "object-storage: Azurite $AZURITE_VERSION already in $azurite_prefix"
else
  command -v npm >/dev/null || { echo "object-storage: npm is not installed (needed for Azurite)" >&2; exit 1; }
  mkdir -p "$azurite_prefix"
  npm install --prefix "$azurite_prefix" --no-audit --no-fund --no-save \
    --cache "$cache/npm" "azurite@$AZURITE_VERSION"
  echo "object-storage: Azurite $AZURITE_VERSION in $azurite_prefix"
fi
