#!/usr/bin/env bash
# Makes the class archive the image ships (/app/sa-issuer.jsa, named by -XX:SharedArchiveFile in the
# Dockerfile's ENTRYPOINT) with a training run of the image's own runtime on the image's own jar path: the base
# image's root file system is unpacked, the jar put at /app/sa-issuer.jar with the modification time both
# recipes give it (Jib's default, 1970-01-01T00:00:01Z; the JVM rejects an archive whose jar differs in path,
# size or mtime), and deploy/image/train.sh runs the server under chroot with the entrypoint's flags.
# The JDK 17 dynamic archive sits on top of the runtime's default CDS archive (jlink --generate-cds-archive), so
# it is only valid with that exact runtime: which is why it is made here and not on the build host's JDK.
#
# usage: deploy/image/build-archive.sh BASE.tar JAR OUTDIR
#   BASE.tar  the docker-archive from deploy/image/build-base.sh
#   JAR       the shaded sa-issuer.jar
#   OUTDIR    receives sa-issuer.jar (same bytes, mtime set) and sa-issuer.jsa: the files the image adds under
#             /app (Jib's extraDirectories and the Dockerfile's build context)
# needs: root (chroot, mount namespace), jq, openssl, curl, ss (iproute2; .ci/setup.d/50-image.sh). About 20 s.
set -euo pipefail
base=${1:?usage: build-archive.sh BASE.tar JAR OUTDIR}
jar=${2:?usage: build-archive.sh BASE.tar JAR OUTDIR}
outdir=${3:?usage: build-archive.sh BASE.tar JAR OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "build-archive: needs root (chroot into the base image)" >&2; exit 1; }

# The entrypoint's JVM flags and the archive path they name.
entrypoint=$(sed -n 's/^ENTRYPOINT //p' "$here/Dockerfile")
mapfile -t flags < <(jq -r '.[1:index("-jar")][]' <<<"$entrypoint")
jar_in_image=$(jq -r '.[index("-jar") + 1]' <<<"$entrypoint")
archive_in_image=
for flag in "${flags[@]}"; do
  case "$flag" in -XX:SharedArchiveFile=*) archive_in_image=${flag#*=} ;; esac
done
[ -n "$archive_in_image" ] || { echo "build-archive: the ENTRYPOINT names no -XX:SharedArchiveFile" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/sa-issuer-archive.XXXXXX")
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs"
for layer in $(tar -xOf "$base" manifest.json | jq -r '.[0].Layers[]'); do
  tar -xOf "$base" "$layer" | tar -C "$rootfs" --numeric-owner -x
done
mkdir -p "$rootfs$(dirname "$jar_in_image")" "$rootfs/tmp" "$rootfs/proc" "$rootfs/dev"
install -m 0644 "$jar" "$rootfs$jar_in_image"
touch -d @1 "$rootfs$jar_in_image"

# A private mount namespace: /proc and /dev for the JVM inside the chroot, gone when the run ends.
unshare -m bash -c 'mount -t proc proc "$1/proc" && mount --rbind /dev "$1/dev" && shift && exec "$@"' _ "$rootfs" \
  "$here/train.sh" --root "$rootfs" --java /opt/java/bin/java --jar "$jar_in_image" --out "$archive_in_image" \
  -- "${flags[@]}"

# The archive must map: -Xshare:on turns any mismatch into an error instead of a silent slow start.
unshare -m bash -c 'mount -t proc proc "$1/proc" && shift && exec "$@"' _ "$rootfs" \
  chroot "$rootfs" /opt/java/bin/java "${flags[@]}" -Xshare:on -Xlog:cds=info -jar "$jar_in_image" --version \
  >"$work/check.log" 2>&1 || { cat "$work/check.log" >&2; echo "build-archive: the archive does not map" >&2; exit 1; }
grep -q 'Mapped dynamic region' "$work/check.log" \
  || { cat "$work/check.log" >&2; echo "build-archive: the dynamic archive was not mapped" >&2; exit 1; }

mkdir -p "$outdir"
cp -p "$rootfs$jar_in_image" "$outdir/$(basename "$jar_in_image")"
cp -p "$rootfs$archive_in_image" "$outdir/$(basename "$archive_in_image")"
echo "build-archive: $outdir/$(basename "$archive_in_image") ($(du -h "$outdir/$(basename "$archive_in_image")" | cut -f1)) for $jar_in_image"
