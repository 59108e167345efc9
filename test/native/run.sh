#!/usr/bin/env bash
# run.sh: builds and runs the native tests of src/jit and of the callback entry.
#   1. zerocall_native_tests (GoogleTest): planner, refusals, sizes, golden
#      bytes for both ABIs, and execution of host-ISA stubs.
#   2. callback_entry_exec: callback thunks and the host's register entry, executed.
#   3. On a non-AArch64 host with aarch64-linux-gnu-g++ and qemu-aarch64: a
#      static AArch64 build of both execution suites, run under qemu-user.
# Exit code 0 = everything that ran passed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build="$here/build"

cmake -S "$here" -B "$build" >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)"
status=0
"$build/zerocall_native_tests" "$@" || status=1

# Callback thunks and the register entry (src/callback), executed for the host ISA.
callback_sources=("$root/src/callback/callback_thunks.cc" "$root/src/callback/callback_entry.cc"
                  "$root/src/abi/location_allocator.cc" "$root/src/abi/struct_passing_x64_sysv.cc"
                  "$root/src/abi/struct_passing_aapcs64.cc"
                  "$root/src/types/native_type.cc" "$root/src/jit/exec_memory.cc"
                  "$root/src/jit/x64_assembler.cc" "$root/src/jit/a64_assembler.cc"
                  "$here/callback_entry_exec.cc")
case "$(uname -m)" in
  x86_64) "${CXX:-g++}" -std=c++20 -O2 -Wall -Wextra -Werror -DZEROCALL_ARCH_X64 -I "$root/src" \
            "${callback_sources[@]}" "$root/src/callback/callback_entry_x64.S" -o "$build/callback_entry_exec" &&
          "$build/callback_entry_exec" || status=1 ;;
esac

host=$(uname -m)
if [ "$host" = aarch64 ] || [ "$host" = arm64 ]; then
  echo "run.sh: AArch64 stubs already executed natively."
  exit $status
fi
cross=${AARCH64_CXX:-aarch64-linux-gnu-g++}
qemu=${QEMU_AARCH64:-qemu-aarch64}
if ! command -v "$cross" >/dev/null || ! command -v "$qemu" >/dev/null; then
  echo "run.sh: SKIPPED AArch64 execution tests: need $cross and $qemu" \
       "(Debian: apt-get install -y g++-aarch64-linux-gnu qemu-user)."
  exit $status
fi
"$cross" -std=c++20 -O2 -static -Wall -Wextra -Werror \
  -I "$root/src" -I "$here" \
  "$root/src/abi/location_allocator.cc" "$root/src/abi/struct_passing_x64_sysv.cc" \
  "$root/src/abi/struct_passing_aapcs64.cc" \
  "$root/src/jit/stub_plan.cc" "$root/src/jit/x64_assembler.cc" "$root/src/jit/x64_sysv_stub.cc" \
  "$root/src/jit/a64_assembler.cc" "$root/src/jit/aarch64_stub.cc" \
  "$here/exec_suite.cc" "$here/a64_exec_main.cc" "$here/harness_a64.S" \
  "$root/src/jit/resolver_aarch64.S" \
  -o "$build/a64_exec_tests"
"$qemu" "$build/a64_exec_tests" || status=1
"$cross" -std=c++20 -O2 -static -Wall -Wextra -Werror -DZEROCALL_ARCH_ARM64 -I "$root/src" \
  "${callback_sources[@]}" "$root/src/callback/callback_entry_aarch64.S" -o "$build/a64_callback_entry_exec"
"$qemu" "$build/a64_callback_entry_exec" || status=1
exit $status
