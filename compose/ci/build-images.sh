#!/usr/bin/env bash
# Builds the compose demo's images locally, for machines that reach no container registry (CI): the images
# compose.ci.yaml names instead of the official ones.
#   - RABBITMQ_IMAGE (also used as the demo's tool image: certs and client): a Debian bookworm root filesystem
#     from debootstrap with Debian's rabbitmq-server 3.10.8 (whose OAuth 2 plugin ships in the package),
#     openssl, python3-pika and curl.
#   - OPENSEARCH_IMAGE: OpenSearch 2.19.4 with the security plugin, from the same Maven Central zips the interop
#     test uses (prepared by .ci/setup.d/opensearch.sh under $SA_ISSUER_CACHE), on the image above plus a
#     Java runtime made with jlink (the integ-test zip bundles no JDK), running as uid 1000 like the official
#     image.
#   - RABBITMQ4_IMAGE: Debian 13 (trixie)'s rabbitmq-server 4.0.5 (Erlang 27.3) with the same tools, imported from
#     the trixie root file system .ci/setup.d/rabbitmq4.sh caches (the interop test runs the same tree in a chroot);
#     .ci/compose-test.sh runs the demo's default config, rabbitmq/4.x, on it.
#   - SA_ISSUER_IMAGE: deploy/image/Dockerfile on deploy/image/build-base.sh's base (needs issuer/target/sa-issuer.jar).
# Each image is cached under $SA_ISSUER_CACHE/compose as a `docker save` archive keyed by its inputs, so a
# re-run only loads them.
# usage: compose/ci/build-images.sh   (root; DOCKER_HOST pointing at a running engine)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cache=${SA_ISSUER_CACHE:-$HOME/.cache/sa-issuer}/compose
docker_cli=${DOCKER:-/usr/bin/docker}
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
opensearch_home=${SA_ISSUER_CACHE:-$HOME/.cache/sa-issuer}/opensearch-2.19.4
jar="$repo/issuer/target/sa-issuer.jar"

RABBITMQ_IMAGE=${RABBITMQ_IMAGE:-localhost/sa-issuer-demo/rabbitmq:3.10.8}
RABBITMQ4_IMAGE=${RABBITMQ4_IMAGE:-localhost/sa-issuer-demo/rabbitmq:4.0.5}
rabbitmq4_rootfs=${SA_ISSUER_CACHE:-$HOME/.cache/sa-issuer}/rabbitmq-4/rootfs
OPENSEARCH_IMAGE=${OPENSEARCH_IMAGE:-localhost/sa-issuer-demo/opensearch:2.19.4}
SA_ISSUER_IMAGE=${SA_ISSUER_IMAGE:-localhost/sa-issuer:demo}
DEBIAN_PACKAGES=rabbitmq-server,openssl,ca-certificates,curl,python3-pika,procps

now_ms() { date +%s%3N; }
mkdir -p "$cache/debs"
work=$(mktemp -d "${TMPDIR:-/tmp}/sa-issuer-compose-images.XXXXXX")
trap 'rm -rf "$work"' EXIT

# load_or_build NAME KEY BUILD_FUNCTION: loads $cache/NAME-KEY.tar if there, else builds the image and saves it.
load_or_build() {
  local name=$1 key=$2 build=$3 image=$4 t0
  t0=$(now_ms)
  local archive="$cache/$name-$key.tar"
  if [ -s "$archive" ]; then
    "$docker_cli" load -q -i "$archive" >/dev/null
    echo "build-images: $image loaded from cache in $(( $(now_ms) - t0 )) ms"
    return
  fi
  "$build"
  "$docker_cli" save "$image" -o "$work/$name.tar"
  rm -f "$cache/$name"-*.tar
  mv "$work/$name.tar" "$archive"
  echo "build-images: $image built in $(( $(now_ms) - t0 )) ms ($(du -h "$archive" | cut -f1), cached as $archive)"
}

build_debian() {
  local mirror rootfs="$work/debian"
  mirror=${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}
  mirror=${mirror:-http://deb.debian.org/debian}
  # The package's postinst must not try to start a node inside the chroot (policy-rc.d forbids it).
  mkdir -p "$rootfs/usr/sbin"
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
  chmod 755 "$rootfs/usr/sbin/policy-rc.d"
  debootstrap --variant=minbase --include="$DEBIAN_PACKAGES" --cache-dir="$cache/debs" bookworm "$rootfs" "$mirror" \
    >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  rm -f "$rootfs/usr/sbin/policy-rc.d"
  # The node's state from the package's postinst (a cookie made at build time) is not shipped: each container
  # makes its own.
  rm -rf "$rootfs"/var/lib/rabbitmq/.erlang.cookie "$rootfs"/var/lib/rabbitmq/mnesia "$rootfs"/var/log/rabbitmq/*
  rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
  # Debian's rabbitmq-server wrapper drops from root to the rabbitmq user by itself; logs go to the console.
  tar -C "$rootfs" --numeric-owner -c . | "$docker_cli" import \
    --change 'ENV RABBITMQ_LOGS=-' \
    --change 'EXPOSE 5672' \
    --change 'CMD ["/usr/sbin/rabbitmq-server"]' \
    - "$RABBITMQ_IMAGE" >/dev/null
}

# The trixie tree is already cached as a directory: importing it (a few seconds) needs no second copy as an archive.
import_rabbitmq4() {
  local t0
  t0=$(now_ms)
  tar -C "$rabbitmq4_rootfs" --numeric-owner --exclude='./.sa-issuer-ready-*' -c . | "$docker_cli" import \
    --change 'ENV RABBITMQ_LOGS=-' \
    --change 'EXPOSE 5672' \
    --change 'CMD ["/usr/sbin/rabbitmq-server"]' \
    - "$RABBITMQ4_IMAGE" >/dev/null
  echo "build-images: $RABBITMQ4_IMAGE ($(cat "$rabbitmq4_rootfs"/.sa-issuer-ready-*)) imported in $(( $(now_ms) - t0 )) ms"
}

build_opensearch() {
  local ctx="$work/opensearch"
  mkdir -p "$ctx"
  # Every module of this JDK: OpenSearch and its plugins use more of the platform than jdeps can see.
  "$java_home/bin/jlink" --add-modules ALL-MODULE-PATH --strip-debug --no-man-pages --no-header-files --output "$ctx/java"
  cp -a "$opensearch_home" "$ctx/opensearch"
  rm -rf "$ctx/opensearch/logs"/* "$ctx/opensearch/data" "$ctx/opensearch/.sa-issuer-prepared"
  # An empty data directory owned by the node's user: a named volume mounted there starts with its ownership.
  mkdir "$ctx/opensearch/data"
  cp "$repo/compose/ci/opensearch-docker-entrypoint.sh" "$ctx/opensearch/opensearch-docker-entrypoint.sh"
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $RABBITMQ_IMAGE
COPY java /opt/java
COPY --chown=1000:1000 opensearch /usr/share/opensearch
RUN echo 'opensearch:x:1000:1000::/usr/share/opensearch:/usr/sbin/nologin' >>/etc/passwd \
 && echo 'opensearch:x:1000:' >>/etc/group && chmod 755 /usr/share/opensearch/opensearch-docker-entrypoint.sh
ENV JAVA_HOME=/opt/java OPENSEARCH_JAVA_HOME=/opt/java PATH=/usr/share/opensearch/bin:/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
WORKDIR /usr/share/opensearch
USER 1000:1000
EXPOSE 9200
ENTRYPOINT ["/usr/share/opensearch/opensearch-docker-entrypoint.sh"]
CMD ["opensearch"]
DOCKERFILE
  "$docker_cli" build -q -t "$OPENSEARCH_IMAGE" "$ctx" >/dev/null
}

build_sa_issuer() {
  "$repo/deploy/image/build-base.sh" "$jar" "$work/base.tar" >/dev/null
  "$docker_cli" load -q -i "$work/base.tar" >/dev/null
  "$repo/deploy/image/build-archive.sh" "$work/base.tar" "$jar" "$work/image" >/dev/null
  "$docker_cli" build -q -f "$repo/deploy/image/Dockerfile" -t "$SA_ISSUER_IMAGE" "$work/image" >/dev/null
}

[ -d "$opensearch_home" ] || { echo "build-images: $opensearch_home missing: run .ci/setup.d/opensearch.sh" >&2; exit 1; }
[ -s "$jar" ] || { echo "build-images: $jar missing: run mvn package first" >&2; exit 1; }
compgen -G "$rabbitmq4_rootfs/.sa-issuer-ready-*" >/dev/null \
  || { echo "build-images: $rabbitmq4_rootfs missing: run .ci/setup.d/rabbitmq4.sh" >&2; exit 1; }

# Cache keys: what each image is made of (the functions that build it and their inputs).
debian_key=$( { declare -f build_debian; echo "$DEBIAN_PACKAGES $RABBITMQ_IMAGE"; } | sha256sum | cut -c1-16)
load_or_build rabbitmq "$debian_key" build_debian "$RABBITMQ_IMAGE"
import_rabbitmq4
opensearch_key=$( { echo "$debian_key $OPENSEARCH_IMAGE"; declare -f build_opensearch; cat "$repo/compose/ci/opensearch-docker-entrypoint.sh" "$opensearch_home/.sa-issuer-prepared"; "$java_home/bin/java" -version 2>&1; } | sha256sum | cut -c1-16)
load_or_build opensearch "$opensearch_key" build_opensearch "$OPENSEARCH_IMAGE"
# The jar changes with every commit: this one is rebuilt each run, on the cached base (a few seconds).
t0=$(now_ms)
build_sa_issuer
echo "build-images: $SA_ISSUER_IMAGE built in $(( $(now_ms) - t0 )) ms"
