// The stub a fast-call stub is overwritten with when its library closes: it loads
// one argument for `handler` (a plain C function) and tail-calls it, so optimized
// code that still calls the symbol reaches an error instead of unmapped code.
#pragma once
#include <cstdint>
#include <vector>

#include "jit/code_buffer.h"
#include "jit/fast_stub.h"
#include "jit/stub_primitives.h"

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

// Both, with an ABI's stub primitives: the argument into C's first GP
// register, then an absolute jump (the stub may have moved since it was bound).
template <StubPrimitives Primitives>
std::vector<uint8_t> EmitClosedStub(const ClosedStubArgument& argument, uint64_t handler) {
  CodeBuffer buffer;
  Primitives abi(buffer);
  const auto first = Primitives::GpArg(0);
  if (argument.is_constant) {
    abi.LoadImm64(first, argument.constant);
  } else if (argument.location.kind == ArgLocation::Kind::kGpr) {
    abi.MoveReg(first, Primitives::GpArg(argument.location.index));
  } else {
    abi.LoadSlot(first, Primitives::IncomingSlot(argument.location.index, /*frame=*/false));
  }
  abi.JumpFar(handler);
  return buffer.Finish().value_or(std::vector<uint8_t>{});  // no labels: cannot fail
}

}  // namespace zerocall::jit
