#!/bin/sh
# A silo in a container advertises the address other containers reach it at: this container's IP on the compose
# network, known only at run time (each replica of a scaled service has its own). The proxy API is bound to that
# address too, because the URL a silo binds is the URL it hands to proxies in Welcome for failover.
set -eu
ip="$(getent ahostsv4 "$(cat /etc/hostname)" | head -n 1 | cut -d ' ' -f 1)"
if [ -z "$ip" ]; then
  echo "silo-entrypoint: cannot resolve this container's IP address" >&2
  exit 1
fi
export Orleans__AdvertisedIP="${Orleans__AdvertisedIP:-$ip}"
export Mesh__DiscoveryUrl="${Mesh__DiscoveryUrl:-http://$ip:15010}"
exec dotnet /app/Mesh.Silo.dll "$@"
