// See trace_prefix.h. x86-64: movabs rax, value; movabs r11, word;
// mov [r11], rax; then jmp rel32, or movabs r11, stub; jmp r11.
#include <cstdint>

#include "jit/code_buffer.h"
#include "jit/trace_prefix.h"
#include "jit/x64_assembler.h"

namespace zerocall::jit {

std::vector<uint8_t> EmitX64TracePrefix(const TracePrefixRequest& request) {
  CodeBuffer buffer;
  x64::Assembler masm(buffer);
  masm.MovImm64(x64::Gp::kRax, request.value);                 // movabs rax, value
  masm.MovImm64(x64::Gp::kR11, request.word);                  // movabs r11, word
  masm.MovMemReg(x64::Mem{x64::Gp::kR11, 0}, x64::Gp::kRax);   // mov qword [r11], rax
  if (request.code_address != 0) {
    const uint64_t next = request.code_address + masm.offset() + x64::Assembler::kRel32InsnSize;
    const int64_t rel = static_cast<int64_t>(request.stub - next);
    if (rel >= INT32_MIN && rel <= INT32_MAX) {
      masm.JmpRel32(static_cast<int32_t>(rel));  // jmp <stub>
      return buffer.Finish().value_or(std::vector<uint8_t>{});
    }
  }
  masm.MovImm64(x64::Gp::kR11, request.stub);  // movabs r11, stub
  masm.JmpReg(x64::Gp::kR11);                  // jmp r11
  return buffer.Finish().value_or(std::vector<uint8_t>{});
}

}  // namespace zerocall::jit
