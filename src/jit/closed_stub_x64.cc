// See closed_stub.h. x86-64 SysV: the handler's argument goes in rdi; rax is free
// for the jump target (it carries no argument in a non-variadic call).
#include "jit/closed_stub.h"

#include "jit/x64_assembler.h"

namespace zerocall::jit {

namespace {
// Integer argument registers in SysV order (ArgLocation::kGpr numbering).
constexpr x64::Gp kArgumentRegisters[] = {x64::Gp::kRdi, x64::Gp::kRsi, x64::Gp::kRdx,
                                          x64::Gp::kRcx, x64::Gp::kR8,  x64::Gp::kR9};
}  // namespace

std::vector<uint8_t> EmitX64ClosedStub(const ClosedStubArgument& argument, uint64_t handler) {
  CodeBuffer buffer;
  x64::Assembler masm(buffer);
  if (argument.is_constant) {
    masm.MovImm64(x64::Gp::kRdi, argument.constant);  // movabs rdi, constant
  } else if (argument.location.kind == ArgLocation::Kind::kGpr) {
    masm.MovRegReg(x64::Gp::kRdi, kArgumentRegisters[argument.location.index]);  // mov rdi, reg
  } else {
    // mov rdi, [rsp + 8 + 8*slot]: stack arguments start above the return address.
    masm.MovRegMem(x64::Gp::kRdi, x64::Mem{x64::Gp::kRsp, 8 + 8 * argument.location.index});
  }
  masm.MovImm64(x64::Gp::kRax, handler);  // movabs rax, handler
  masm.JmpReg(x64::Gp::kRax);             // jmp rax
  return buffer.Take();
}

}  // namespace zerocall::jit
