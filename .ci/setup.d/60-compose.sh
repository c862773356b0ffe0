#!/usr/bin/env bash
# Fetches Compose v2 for .ci/compose-test.sh without installing it: Debian 12 packages only Compose v1 (1.29,
# which rejects current keys such as the top-level `name:`), so Debian 13 (trixie)'s docker-compose package is
# downloaded with a private sources list (nothing added to /etc/apt), unpacked with dpkg -x, and its binary
# cached as $SA_ISSUER_CACHE/compose/cli-plugins/docker-compose, used as a docker CLI plugin via DOCKER_CONFIG.
set -euo pipefail
cache=${SA_ISSUER_CACHE:-$HOME/.cache/sa-issuer}/compose
plugin="$cache/cli-plugins/docker-compose"
if [ -x "$plugin" ] && "$plugin" version >/dev/null 2>&1; then
  echo "compose: $("$plugin" version) already in $plugin"
  exit 0
fi
mirror=${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}
mirror=${mirror:-http://deb.debian.org/debian}
work=$(mktemp -d "${TMPDIR:-/tmp}/sa-issuer-compose-fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/archives/partial"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" >"$work/sources.list"
apt_private=(-o Dir::Etc::SourceList="$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o Dir::State::Lists="$work/lists" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=
  -o Dir::Cache::Archives="$work/archives" -o APT::Sandbox::User=root)
apt-get -qq "${apt_private[@]}" update
(cd "$work" && apt-get -qq "${apt_private[@]}" download docker-compose)
dpkg -x "$work"/docker-compose_*.deb "$work/root"
mkdir -p "$(dirname "$plugin")"
install -m 0755 "$work/root/usr/libexec/docker/cli-plugins/docker-compose" "$plugin"
echo "compose: $("$plugin" version) in $plugin (from $(basename "$work"/docker-compose_*.deb))"
