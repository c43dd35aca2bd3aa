#!/bin/sh
# A sidecar registers its inbound listener as its instance's endpoint, so that listener is bound to an address other
# containers reach: the IP of the network namespace it shares with its app (network_mode: service:<app>), known only
# at run time.
set -eu
ip="$(getent ahostsv4 "$(cat /etc/hostname)" | head -n 1 | cut -d ' ' -f 1)"
if [ -z "$ip" ]; then
  echo "proxy-agent-entrypoint: cannot resolve this container's IP address" >&2
  exit 1
fi
export Mesh__InboundUrl="${Mesh__InboundUrl:-http://$ip:15006}"
exec dotnet /app/Mesh.ProxyAgent.dll "$@"
