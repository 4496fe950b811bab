#!/usr/bin/env bash
# Installs the peers `npm run test:interop` and the docs browser test drive: Apache httpd
# (apache2), lighttpd, curl, Debian's chromium, and python3-requests when `python3 -c 'import
# requests'` fails. Only what is missing; idempotent; run as root (or with sudo available).
# Any failure (an unreachable mirror, a package that cannot be installed) exits non-zero.
# Nothing is enabled or started: the suites write their own configs and start the servers.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }

need=()
have apache2 || need+=(apache2)
have lighttpd || need+=(lighttpd)
have curl || need+=(curl)
have chromium || need+=(chromium)
python3 -c 'import requests' >/dev/null 2>&1 || need+=(python3-requests)
[ ${#need[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "installed: ${need[*]}"
