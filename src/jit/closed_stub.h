// The stub a fast-call stub is overwritten with when its library closes: it loads
// one argument for `handler` (a plain C function) and tail-calls it, so optimized
// code that still calls the symbol reaches an error instead of unmapped code.
#pragma once
#include <cstdint>
#include <vector>

#include "jit/fast_stub.h"

namespace zerocall::jit {

struct ClosedStubArgument {
  // Either a constant, or a value found at stub entry (e.g. the options pointer).
  bool is_constant = true;
  uint64_t constant = 0;
  ArgLocation location;
};

// x86-64 SysV: handler(argument) as a tail call.
std::vector<uint8_t> EmitX64ClosedStub(const ClosedStubArgument& argument, uint64_t handler);
// AArch64 AAPCS64: the same.
std::vector<uint8_t> EmitAArch64ClosedStub(const ClosedStubArgument& argument, uint64_t handler);

}  // namespace zerocall::jit
