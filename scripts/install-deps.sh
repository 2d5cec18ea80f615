#!/bin/sh
# Installs the Debian packages mofc needs to build and test, when it can
# (root or sudo); otherwise names the exact apt-get line and fails.
set -eu
PKGS="gcc clang make flex bison pkg-config libxml2-dev libxml2-utils libcmocka-dev libmicrohttpd-dev libsodium-dev libgit2-dev sblim-wbemcli curl wrk libclang-rt-14-dev valgrind strace unzip"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: missing packages:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"
else
  echo "install-deps: run as root:  apt-get install -y$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y --no-install-recommends $missing || {
  $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends $missing; }
