#!/bin/sh
# Runs a command of the RabbitMQ 4 root file system (.ci/setup.d/rabbitmq4.sh) on this machine without
# installing anything: chroot into ROOTFS, mounted read-only, with DIR (read-write) at /mnt, its own /proc and
# /tmp and the host's /dev, in new mount and pid namespaces. The network is the host's (loopback ports are
# shared). The namespace's first process gets SIGKILL when this one dies (--kill-child), and the kernel then
# kills everything left in the pid namespace (the node, its epmd), so stopping this process by its pid stops all
# of it and leaves no mount behind. Needs root.
#   usage: rabbitmq4-chroot.sh ROOTFS DIR COMMAND [ARG...]   (COMMAND is a path inside ROOTFS)
set -eu
[ $# -ge 3 ] || { echo "usage: rabbitmq4-chroot.sh ROOTFS DIR COMMAND [ARG...]" >&2; exit 2; }
rootfs=$1 dir=$2
shift 2
exec unshare --mount --propagation private --pid --fork --kill-child=SIGKILL -- /bin/sh -c '
  set -eu
  rootfs=$1 dir=$2
  shift 2
  mount --bind "$rootfs" "$rootfs"
  mount -o remount,bind,ro "$rootfs"
  mount --bind "$dir" "$rootfs/mnt"
  mount -t proc proc "$rootfs/proc"
  mount -t tmpfs -o mode=1777,size=64m tmpfs "$rootfs/tmp"
  mount --rbind /dev "$rootfs/dev"
  exec chroot "$rootfs" "$@"
' rabbitmq4-chroot "$rootfs" "$dir" "$@"
