#!/usr/bin/env bash
# Installs Debian's rabbitmq-server (3.10.8 on Debian 12; its OAuth 2 backend plugin ships in the package) for
# the RabbitMQ interop test. The test runs a private node of its own; the system node the package may start is
# kept from starting (policy-rc.d) or stopped and disabled, so nothing system-wide listens or is reconfigured.
set -euo pipefail

if [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] && dpkg -s rabbitmq-server >/dev/null 2>&1; then
  echo "rabbitmq-server $(dpkg-query -W -f='${Version}' rabbitmq-server) already installed"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
policy=/usr/sbin/policy-rc.d
added_policy=false
if [ ! -e "$policy" ]; then
  # 101 = "action forbidden" (invoke-rc.d(8)): the package's postinst must not start the system node.
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  added_policy=true
fi
cleanup() { if $added_policy; then rm -f "$policy"; fi; }
trap cleanup EXIT

if ! apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends rabbitmq-server; then
  apt-get -o DPkg::Lock::Timeout=600 update -q
  apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends rabbitmq-server
fi

# Where systemd runs, socket activation could still start epmd or the node: stop and disable both.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now rabbitmq-server.service epmd.socket epmd.service >/dev/null 2>&1 || true
fi
echo "rabbitmq-server $(dpkg-query -W -f='${Version}' rabbitmq-server) installed"
