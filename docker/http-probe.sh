#!/bin/bash
# Container health check without curl (the runtime images have none): GET http://127.0.0.1:PORT/PATH, healthy when
# the status is 200. Usage: http-probe.sh PORT [PATH]
set -eu
exec 3<>"/dev/tcp/127.0.0.1/$1"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "${2:-/health}" >&3
read -r status <&3
case "$status" in
  "HTTP/1."?" 200 "*) exit 0 ;;
  *) echo "$status" >&2; exit 1 ;;
esac
