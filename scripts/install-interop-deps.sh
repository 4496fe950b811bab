#!/usr/bin/env bash
# Installs what `npm run test:interop` drives: Apache httpd (apache2), lighttpd and curl, with
# apt-get, only when missing. Idempotent; run as root (or with sudo available). Nothing is
# enabled or started: the suite writes its own configs and starts the servers itself.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }

need=()
have apache2 || need+=(apache2)
have lighttpd || need+=(lighttpd)
have curl || need+=(curl)
[ ${#need[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "installed: ${need[*]}"
