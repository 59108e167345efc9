#!/usr/bin/env bash
# Installs whichever of the given Debian packages are missing, adding the arm64 architecture
# (dpkg --add-architecture arm64, then apt-get update) first when it is not there yet: the
# arm64 libraries that the qemu-user runs (scripts/test-arm64.sh, scripts/test-package.sh) and
# the arm64 cross build need.
#
#   bash scripts/apt-arm64.sh qemu-user libstdc++6:arm64 ...
#
# Multiarch puts the arm64 libraries where an arm64 Debian has them (/usr/lib/aarch64-linux-gnu,
# headers in /usr/include/aarch64-linux-gnu): the cross compiler finds them there, and so
# does the arm64 dynamic loader under qemu. libc6:arm64 comes along as a dependency and must
# be the host libc6's exact version; apt takes both from the same Debian mirror.
set -euo pipefail

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
for p in "$@"; do installed "$p" || missing+=("$p"); done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "all installed: $*"
  exit 0
fi
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "apt-arm64: not root and no sudo: install ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  echo "dpkg --add-architecture arm64"
  "${sudo[@]}" dpkg --add-architecture arm64
fi
echo "installing: ${missing[*]}"
# A fresh `update` is needed after adding the architecture (no arm64 package lists yet).
"${sudo[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
