#!/usr/bin/env bash
# Installs what .ci/image-test.sh needs to build and run the container image: Debian's Docker engine
# (started by the test itself in a private directory, never as a system service), debootstrap for the base
# root filesystem, and the small tools the test reads results with.
set -euo pipefail
packages=(docker.io debootstrap python3-yaml jq openssl curl systemd iproute2)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
for tool in /usr/sbin/dockerd /usr/bin/docker /usr/sbin/debootstrap /usr/bin/jq; do
  [ -x "$tool" ] || { echo "setup: $tool missing after install" >&2; exit 1; }
done
