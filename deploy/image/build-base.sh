#!/usr/bin/env bash
# Builds the container base image for sa-issuer without any registry: a Debian bookworm minbase root
# filesystem (debootstrap) plus a Java runtime made by jlink with only the modules the jar needs, imported
# into a container engine and saved as a docker-archive tarball (manifest.json inside), which is the form
# Jib accepts as a local base (tar:///abs/path/base.tar) and `docker load` reads.
#
# usage: deploy/image/build-base.sh JAR OUT.tar
#   JAR     the shaded sa-issuer.jar (jdeps reads it to choose the runtime's modules)
#   OUT.tar where to put the docker-archive (a copy of the cached one)
# env: SA_ISSUER_CACHE (default ~/.cache/sa-issuer): the archive is cached there under a key made of this
#        script, the JDK version and the module list, so a re-run with the same inputs takes a second.
#      DOCKER (default: /usr/bin/docker if present, else docker) and DOCKER_HOST: the engine used for
#        `docker import` and `docker save` (only when the cache misses).
#      DEBIAN_MIRROR (default: the first URI of this host's apt sources, else http://deb.debian.org/debian).
# needs (cache miss only): root, debootstrap, jlink/jdeps of a JDK 17, a running engine.
set -euo pipefail

jar=${1:?usage: build-base.sh JAR OUT.tar}
out=${2:?usage: build-base.sh JAR OUT.tar}
cache=${SA_ISSUER_CACHE:-$HOME/.cache/sa-issuer}/image
docker_cli=${DOCKER:-$(command -v /usr/bin/docker || command -v docker)}
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}

# Modules: what jdeps finds in the jar, plus providers loaded through ServiceLoader that jdeps cannot see:
# jdk.crypto.ec (SunEC: ECDSA keys and ECDHE for TLS on JDK 17) and jdk.zipfs (harmless, small).
# jdeps takes several seconds on the shaded jar; its answer is cached per jar content.
mkdir -p "$cache"
jdeps_answer="$cache/jdeps-$(sha256sum "$jar" | cut -c1-16).txt"
if [ ! -s "$jdeps_answer" ]; then
  "$java_home/bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps "$jar" >"$jdeps_answer.tmp"
  mv "$jdeps_answer.tmp" "$jdeps_answer"
fi
found=$(cat "$jdeps_answer")
modules=$(printf '%s\n' ${found//,/ } jdk.crypto.ec | sort -u | paste -sd, -)

key=$( { cat "$0"; "$java_home/bin/java" -version 2>&1; echo "$modules"; } | sha256sum | cut -c1-16)
cached="$cache/sa-issuer-base-$key.tar"
# The tag inside the archive: what deploy/image/Dockerfile builds FROM after `docker load -i OUT.tar`.
BASE_TAG=sa-issuer-base:bookworm-jre17
mkdir -p "$cache" "$(dirname "$out")"
if [ -s "$cached" ]; then
  echo "build-base: cache hit $cached (modules $modules)"
  ln -f "$cached" "$out" 2>/dev/null || cp "$cached" "$out"
  exit 0
fi

echo "build-base: building (modules $modules)"
mirror=${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}
mirror=${mirror:-http://deb.debian.org/debian}
work=$(mktemp -d "${TMPDIR:-/tmp}/sa-issuer-base.XXXXXX")
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$cache/debs"

# minbase: essential packages and apt only; debs are cached so a rebuild downloads nothing.
debootstrap --variant=minbase --cache-dir="$cache/debs" bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }

# The runtime: no debug symbols, man pages or headers; a default CDS archive for faster start.
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --generate-cds-archive --output "$rootfs/opt/java"
# The second archive is only for heaps over 32 GiB (no compressed oops); this runtime never has one.
rm -f "$rootfs/opt/java/lib/server/classes_nocoops.jsa"

# The unprivileged user the image runs as (65532, the usual "nonroot" id of distroless images).
echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin' >>"$rootfs/etc/passwd"
echo 'nonroot:x:65532:' >>"$rootfs/etc/group"
install -d -o 65532 -g 65532 -m 0750 "$rootfs/home/nonroot"

# What a server never needs at run time.
rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/* \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*

name="$BASE_TAG"
tar -C "$rootfs" --numeric-owner -c . | "$docker_cli" import \
  --change 'ENV JAVA_HOME=/opt/java' \
  --change 'ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'USER 65532:65532' \
  --change 'WORKDIR /home/nonroot' \
  - "$name" >/dev/null
"$docker_cli" save "$name" -o "$work/base.tar"
mv "$work/base.tar" "$cached"
ln -f "$cached" "$out" 2>/dev/null || cp "$cached" "$out"
echo "build-base: wrote $out ($(du -h "$cached" | cut -f1), cached as $cached)"
