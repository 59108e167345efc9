#!/usr/bin/env bash
# The package as a project gets it (CI phase "package", docs/ci.md): builds the prebuilds,
# packs the tarball, installs it into a fresh project with no compiler on PATH, and runs the
# smoke test (test/package/smoke.test.js) from that one install on every supported Node and,
# under qemu-user, on arm64 Node 24; then installs it again with --build-from-source.
#
#   bash scripts/test-package.sh
#   ZEROCALL_PACKAGE_PREBUILD=0 bash scripts/test-package.sh   # reuse prebuilds/ as it is
#
# Work directory: .build/package/ (tarball, tool directory, the two projects).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$root/.build/package"
arm64_version=24.21.0
max_tarball_bytes=5000000
start=$(date +%s)
step() { printf '\n-- test-package [%ss]: %s\n' "$(( $(date +%s) - start ))" "$*"; }
fail() { echo "test-package: $*" >&2; exit 1; }
unset ZEROCALL_ADDON ZEROCALL_PREBUILD

# ---- prebuilds and tarball ---------------------------------------------------------------
if [[ "${ZEROCALL_PACKAGE_PREBUILD:-1}" != 0 ]]; then
  step "npm run prebuild"
  npm run prebuild
fi
rm -rf "$work"
mkdir -p "$work"
step "npm pack"
tarball="$work/$(npm pack --pack-destination "$work" --json --loglevel=error | node -p 'JSON.parse(require("fs").readFileSync(0))[0].filename')"
bytes=$(stat -c %s "$tarball")
echo "tarball: $(basename "$tarball") $bytes bytes (limit $max_tarball_bytes)"
tar -tzvf "$tarball" | awk '/prebuilds\/.*\.node$/ { print "  " $3 "  " $6 }'
(( bytes < max_tarball_bytes )) || fail "the tarball is $bytes bytes, over $max_tarball_bytes"

# ---- a PATH with node and npm but no compiler, make or python ----------------------------
# Only what npm needs to install a tarball and run its scripts: node, npm, sh (npm runs
# scripts with `sh -c`) and env (npm's shebang).
tools="$work/bin"
mkdir -p "$tools"
for t in node npm sh env; do ln -s "$(command -v "$t")" "$tools/$t"; done
for t in cc gcc c++ g++ make python3; do
  if PATH="$tools" command -v "$t" >/dev/null; then fail "$t is on the restricted PATH"; fi
done

# ---- install with prebuilds, no compiler ----------------------------------------------------
# A project of its own: without a package.json, npm would take the checkout as the project.
new_project() {
  mkdir -p "$1"
  printf '{ "name": "%s", "version": "1.0.0", "private": true }\n' "$(basename "$1")" >"$1/package.json"
}
app="$work/app"
new_project "$app"
step "npm install $(basename "$tarball") in $app, PATH=$tools"
(cd "$app" && PATH="$tools" npm install --foreground-scripts --no-audit --no-fund "$tarball") 2>&1 | tee "$work/install.log"
installed="$app/node_modules/zerocall"
grep -q "zerocall: using the prebuilt addon prebuilds/linux-x64/node.abi" "$work/install.log" ||
  fail "the install script did not take the prebuild"
[[ ! -e "$installed/build" ]] || fail "the install compiled something: $installed/build exists"

step "the tarball's prebuilds: ELF checks"
ZEROCALL_PREBUILDS_DIR="$installed/prebuilds" node --test test/package/prebuilds.test.js

# ---- one install, every Node ----------------------------------------------------------------
cp test/package/smoke.test.js "$app/"
status=0
smoke() { # label, node command...
  local label="$1"; shift
  step "smoke test on $label"
  (cd "$app" && PATH="$tools" ZEROCALL_TRACE_FAST=1 "$@" --allow-natives-syntax smoke.test.js) || status=1
}
read -r -a versions <<<"$(node -p 'require("./scripts/prebuild.js").NODE_VERSIONS.join(" ")')"
for v in "${versions[@]}"; do
  bin="$(node -p "require('./scripts/prebuild.js').nodeBinary('$v')")"
  smoke "Node $v x64 ($bin)" "$bin"
done
# arm64: the arm64 Node and its C/C++ runtime (libc6, libstdc++6, libgcc-s1 through multiarch,
# as scripts/test-arm64.sh runs it; no libffi:arm64 is needed). `-L /` takes the arm64 loader
# and libraries from multiarch.
step "arm64 runtime libraries"
bash scripts/apt-arm64.sh qemu-user libstdc++6:arm64
arm64_node="$(node scripts/fetch-node.js --arch=arm64 "$arm64_version")"
smoke "Node $arm64_version arm64 under qemu-user" "$(command -v "${QEMU_AARCH64:-qemu-aarch64}")" -L / "$arm64_node"

# ---- the source build ------------------------------------------------------------------------
source_app="$work/app-source"
new_project "$source_app"
step "npm install --build-from-source $(basename "$tarball") in $source_app"
(cd "$source_app" && npm install --build-from-source --foreground-scripts --no-audit --no-fund "$tarball") 2>&1 |
  tee "$work/install-source.log"
grep -q "zerocall: building from source (--build-from-source)" "$work/install-source.log" ||
  fail "--build-from-source did not build"
cp test/package/smoke.test.js "$source_app/"
step "smoke test of the source build on $(node --version)"
(cd "$source_app" && ZEROCALL_SMOKE_ADDON=source ZEROCALL_TRACE_FAST=1 node --allow-natives-syntax smoke.test.js) || status=1

step "done, exit status $status (tarball $bytes bytes)"
exit "$status"
