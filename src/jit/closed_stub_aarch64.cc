// See closed_stub.h. AAPCS64: the handler's argument goes in x0; x16 (IP0, free at a
// call boundary) carries the jump target.
#include "jit/a64_assembler.h"
#include "jit/closed_stub.h"

namespace zerocall::jit {

std::vector<uint8_t> EmitAArch64ClosedStub(const ClosedStubArgument& argument, uint64_t handler) {
  CodeBuffer buffer;
  a64::Assembler masm(buffer);
  if (argument.is_constant) {
    masm.MovImm64(a64::X::kX0, argument.constant);  // movz/movk x0, constant
  } else if (argument.location.kind == ArgLocation::Kind::kGpr) {
    masm.MovReg(a64::X::kX0, a64::XReg(argument.location.index));  // mov x0, xN
  } else {
    // ldr x0, [sp, #8*slot]: stack arguments start at sp on entry.
    masm.LdrImm(a64::X::kX0, a64::X::kSp, 8 * argument.location.index);
  }
  masm.MovImm64(a64::X::kX16, handler);  // movz/movk x16, handler
  masm.Br(a64::X::kX16);                 // br x16
  return buffer.Take();
}

}  // namespace zerocall::jit
