#!/usr/bin/env bash
# RabbitMQ 4.0.5 (Debian 13 trixie's rabbitmq-server, with Erlang 27.3) for RabbitMq4InteropTest and the compose
# demo's 4.x stage, without installing it on this Debian 12 machine (whose rabbitmq-server 3.10.8 and Erlang 25
# the 3.10 suite uses): a trixie root file system made with debootstrap from the mirror the machine's apt
# sources use, cached as $SA_ISSUER_CACHE/rabbitmq-4/rootfs (the downloaded .debs under .../debs). The test runs
# the node in it with chroot, in private mount and pid namespaces (rabbitmq4-node.sh); compose/ci/build-images.sh
# imports the same tree as an image. Needs root (debootstrap, chroot). Prints the time it took.
set -euo pipefail
cache=${SA_ISSUER_CACHE:-$HOME/.cache/sa-issuer}/rabbitmq-4
rootfs="$cache/rootfs"
# What the root file system holds: the node, and what the compose demo runs in the same image (certs: openssl;
# client: python3-pika; the CI checks: curl).
packages=rabbitmq-server,openssl,ca-certificates,curl,python3-pika,procps
key=$(echo "trixie $packages v1" | sha256sum | cut -c1-16)
ready="$rootfs/.sa-issuer-ready-$key"
started=$(date +%s)

if [ -f "$ready" ]; then
  echo "rabbitmq 4: $(cat "$ready") already in $rootfs"
  exit 0
fi
[ "$(id -u)" = 0 ] || { echo "rabbitmq 4: needs root (debootstrap)" >&2; exit 1; }
if [ ! -x /usr/sbin/debootstrap ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends debootstrap \
    || { apt-get -o DPkg::Lock::Timeout=600 update -q &&
      apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends debootstrap; }
fi

mkdir -p "$cache/debs"
exec 9>"$cache/.lock"
flock -w 1200 9 || { echo "rabbitmq 4: another setup holds $cache/.lock" >&2; exit 1; }
if [ -f "$ready" ]; then
  echo "rabbitmq 4: $(cat "$ready") in $rootfs (made by a concurrent run)"
  exit 0
fi

mirror=${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}
mirror=${mirror:-http://deb.debian.org/debian}
work="$cache/rootfs.new"
rm -rf "$work"
mkdir -p "$work/usr/sbin" "$work/etc/dpkg/dpkg.cfg.d"
# The package's postinst must not start a node in the chroot (101 = action forbidden, invoke-rc.d(8)).
printf '#!/bin/sh\nexit 101\n' >"$work/usr/sbin/policy-rc.d"
chmod 755 "$work/usr/sbin/policy-rc.d"
# A throw-away tree: dpkg need not fsync every file it unpacks (most of debootstrap's time otherwise).
echo force-unsafe-io >"$work/etc/dpkg/dpkg.cfg.d/sa-issuer-unsafe-io"
if ! debootstrap --variant=minbase --include="$packages" --cache-dir="$cache/debs" trixie "$work" "$mirror" \
  >"$cache/debootstrap.log" 2>&1; then
  tail -30 "$cache/debootstrap.log" >&2
  exit 1
fi
rm -f "$work/usr/sbin/policy-rc.d" "$work/etc/dpkg/dpkg.cfg.d/sa-issuer-unsafe-io"
# The node state the package's postinst made (a cookie made at build time) is not kept: each node makes its own.
rm -rf "$work"/var/lib/rabbitmq/.erlang.cookie "$work"/var/lib/rabbitmq/mnesia "$work"/var/log/rabbitmq/*
rm -rf "$work"/var/cache/apt/* "$work"/var/lib/apt/lists/* "$work"/usr/share/doc/* "$work"/usr/share/man/*
# The node is named NAME@localhost: the tree resolves localhost itself (debootstrap copies no /etc/hosts).
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$work/etc/hosts"
version=$(chroot "$work" dpkg-query -W -f='rabbitmq-server ${Version}' rabbitmq-server)
erlang=$(chroot "$work" dpkg-query -W -f='erlang-base ${Version}' erlang-base)
echo "$version, $erlang" >"$work/.sa-issuer-ready-$key"
rm -rf "$rootfs"
mv "$work" "$rootfs"
echo "rabbitmq 4: $version, $erlang in $rootfs ($(du -sh "$rootfs" | cut -f1)) in $(( $(date +%s) - started )) s"
