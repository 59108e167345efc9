#!/usr/bin/env bash
# run.sh: builds and runs the native tests of src/jit and of the callback entry: one
# GoogleTest binary, zerocall_native_tests (planner, refusals, sizes, golden bytes for
# both ABIs, stubs and callback thunks executed on the host ISA).
#   1. Built for the host (Debian libgtest-dev) and run.
#   2. On a non-AArch64 host with aarch64-linux-gnu-g++/-gcc, qemu-aarch64 and the
#      GoogleTest sources (Debian googletest: /usr/src/googletest): cross-built as a
#      static AArch64 binary and run under qemu-user.
# Arguments go to both runs (e.g. --gtest_filter=TypedExec.*).
# Exit code 0 = everything that ran passed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build="$here/build"
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S "$here" -B "$build" >/dev/null
cmake --build "$build" -j "$jobs"
status=0
"$build/zerocall_native_tests" "$@" || status=1

host=$(uname -m)
if [ "$host" = aarch64 ] || [ "$host" = arm64 ]; then
  echo "run.sh: AArch64 stubs already executed natively."
  exit $status
fi
cross_cxx=${AARCH64_CXX:-aarch64-linux-gnu-g++}
cross_cc=${AARCH64_CC:-aarch64-linux-gnu-gcc}
qemu=${QEMU_AARCH64:-qemu-aarch64}
gtest_source=${GTEST_SOURCE:-/usr/src/googletest}
if ! command -v "$cross_cxx" >/dev/null || ! command -v "$cross_cc" >/dev/null || ! command -v "$qemu" >/dev/null ||
   [ ! -f "$gtest_source/CMakeLists.txt" ]; then
  echo "run.sh: SKIPPED AArch64 tests: need $cross_cxx, $cross_cc, $qemu and $gtest_source" \
       "(Debian: apt-get install -y g++-aarch64-linux-gnu qemu-user googletest)."
  exit $status
fi
cross_build="$build/aarch64"
cmake -S "$here" -B "$cross_build" -DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR=aarch64 \
  -DCMAKE_C_COMPILER="$cross_cc" -DCMAKE_CXX_COMPILER="$cross_cxx" -DCMAKE_ASM_COMPILER="$cross_cc" \
  -DCMAKE_EXE_LINKER_FLAGS=-static -DZEROCALL_GTEST_SOURCE="$gtest_source" >/dev/null
cmake --build "$cross_build" -j "$jobs" --target zerocall_native_tests
"$qemu" "$cross_build/zerocall_native_tests" "$@" || status=1
exit $status
