// See trace_prefix.h. AArch64: x16 = value; x17 = word; str x16, [x17]; then
// b <stub>, or x16 = stub; br x16. (movz/movk per nonzero halfword.)
#include <cstdint>

#include "jit/a64_assembler.h"
#include "jit/code_buffer.h"
#include "jit/trace_prefix.h"

namespace zerocall::jit {

std::vector<uint8_t> EmitAArch64TracePrefix(const TracePrefixRequest& request) {
  CodeBuffer buffer;
  a64::Assembler masm(buffer);
  masm.MovImm64(a64::X::kX16, request.value);     // mov x16, #value
  masm.MovImm64(a64::X::kX17, request.word);      // mov x17, #word
  masm.StrImm(a64::X::kX16, a64::X::kX17, 0);     // str x16, [x17]
  if (request.code_address != 0 && request.stub % 4 == 0) {
    const int64_t rel = static_cast<int64_t>(request.stub - (request.code_address + masm.offset()));
    if (rel >= -a64::Assembler::kBranchRange && rel < a64::Assembler::kBranchRange) {
      masm.B(static_cast<int32_t>(rel));  // b <stub>
      return buffer.Finish().value_or(std::vector<uint8_t>{});
    }
  }
  masm.MovImm64(a64::X::kX16, request.stub);  // mov x16, #stub
  masm.Br(a64::X::kX16);                      // br x16
  return buffer.Finish().value_or(std::vector<uint8_t>{});
}

}  // namespace zerocall::jit
