#!/bin/sh
# Installs what heritage needs on Debian or Ubuntu: the system packages listed in
# scripts/system-packages.txt (only those missing), then the npm dependencies.
set -eu
cd "$(dirname "$0")/.."

missing=""
for package in $(grep -v '^#' scripts/system-packages.txt); do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $package"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  echo "Installing system packages:$missing"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi
npm ci --no-audit --no-fund
