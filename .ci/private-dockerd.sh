#!/usr/bin/env bash
# Starts or stops Debian's dockerd with everything under one private directory, with the flags these
# machines need (deploy/image/README.md: the hard limit on open files is 20000, no iptables, no bridge).
#   .ci/private-dockerd.sh start DIR   -> prints DOCKER_HOST=unix://DIR/docker.sock once the engine answers
#   .ci/private-dockerd.sh stop DIR    -> stops that engine (by its pid file), unmounts what it left, removes DIR
set -euo pipefail
action=${1:?usage: private-dockerd.sh start|stop DIR}
dir=${2:?usage: private-dockerd.sh start|stop DIR}
docker_cli=/usr/bin/docker

case "$action" in
start)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  /usr/sbin/dockerd --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/pid" \
    -H "unix://$dir/docker.sock" --iptables=false --ip6tables=false --bridge=none \
    --default-ulimit nofile=20000:20000 --default-ulimit nproc=20000:20000 \
    >"$dir/dockerd.log" 2>&1 &
  echo $! >"$dir/launcher.pid"
  for _ in $(seq 1 60); do
    if DOCKER_HOST="unix://$dir/docker.sock" "$docker_cli" version >/dev/null 2>&1; then
      echo "DOCKER_HOST=unix://$dir/docker.sock"
      exit 0
    fi
    kill -0 "$(cat "$dir/launcher.pid")" 2>/dev/null || break
    sleep 0.5
  done
  echo "private-dockerd: dockerd did not start; last lines of $dir/dockerd.log:" >&2
  tail -20 "$dir/dockerd.log" >&2 || true
  exit 1
  ;;
stop)
  [ -d "$dir" ] || exit 0
  dir=$(cd "$dir" && pwd)
  pid=$(cat "$dir/pid" 2>/dev/null || cat "$dir/launcher.pid" 2>/dev/null || true)
  # Only that engine: the pid must still be a dockerd serving this directory's socket (pids get reused).
  if [ -n "$pid" ] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q -- "unix://$dir/docker.sock"; then
    kill -TERM "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  # dockerd can leave its network namespace bind mount (and, after a crash, overlay mounts) behind.
  { grep -o " $dir/[^ ]*" /proc/self/mounts || true; } | sort -r | while read -r m; do umount -l "$m" || true; done
  rm -rf "$dir"
  ;;
*)
  echo "usage: private-dockerd.sh start|stop DIR" >&2
  exit 2
  ;;
esac
