// x64_assembler.h: the handful of x86-64 instruction forms the stubs need, one
// named encoder per form. Pure byte generation (Intel SDM vol. 2 encodings);
// compiled on every host.

#ifndef ZEROCALL_JIT_X64_ASSEMBLER_H_
#define ZEROCALL_JIT_X64_ASSEMBLER_H_

#include <cstdint>

#include "jit/code_buffer.h"

namespace zerocall::jit::x64 {

// General-purpose registers by hardware number (ModRM/REX encoding).
enum class Gp : uint8_t {
  kRax, kRcx, kRdx, kRbx, kRsp, kRbp, kRsi, kRdi,
  kR8, kR9, kR10, kR11, kR12, kR13, kR14, kR15,
};

// SSE registers by hardware number (ModRM/REX encoding, like Gp).
enum class Xmm : uint8_t { kXmm0 = 0, kXmm15 = 15 };
inline constexpr Xmm XmmReg(unsigned n) { return static_cast<Xmm>(n); }

// A memory operand [base + disp].
struct Mem {
  Gp base;
  int32_t disp;
};

// Integer widening of an 8- or 16-bit source into a 32-bit register
// (the write also zeroes bits 63:32).
enum class Extend : uint8_t {
  kSxtb,  // movsx r32, r/m8
  kUxtb,  // movzx r32, r/m8
  kSxth,  // movsx r32, r/m16
  kUxth,  // movzx r32, r/m16
};

// How far a branch to a label reaches: kShort is rel8 (the label within
// -128..127 bytes of the branch's end; Finish refuses it otherwise), kLong rel32.
enum class Reach : uint8_t { kShort, kLong };

class Assembler {
 public:
  explicit Assembler(CodeBuffer& buffer) : buf_(buffer) {}

  size_t offset() const { return buf_.size(); }
  Label NewLabel() { return buf_.NewLabel(); }
  void Bind(Label label) { buf_.Bind(label); }

  void MovRegReg(Gp dst, Gp src);                 // mov dst, src            (64-bit)
  void MovRegMem(Gp dst, Mem src);                // mov dst, qword [src]
  void MovMemReg(Mem dst, Gp src);                // mov qword [dst], src
  void MovMemImm8(Mem dst, uint8_t imm);          // mov byte [dst], imm8
  void MovMemReg32(Mem dst, Gp src);              // mov dword [dst], src32
  void MovMemReg16(Mem dst, Gp src);              // mov word [dst], src16
  void MovMemReg8(Mem dst, Gp src);               // mov byte [dst], src8
  void ShrRegImm(Gp reg, uint8_t shift);          // shr reg, imm8           (64-bit)
  void MovssMemXmm(Mem dst, Xmm src);             // movss dword [dst], src
  void ExtendRegReg(Extend ext, Gp dst, Gp src);  // movsx/movzx dst32, src8/16
  void ExtendRegMem(Extend ext, Gp dst, Mem src); // movsx/movzx dst32, byte/word [src]
  void MovImm64(Gp dst, uint64_t imm);            // movabs dst, imm64
  void MovImm32(Gp dst, uint32_t imm);            // mov dst32, imm32 (zeroes bits 63:32)
  void TestRegReg8(Gp a, Gp b);                   // test a8, b8
  void TestRegReg(Gp a, Gp b);                    // test a, b               (64-bit)
  void TestRegImm8(Gp reg, uint8_t imm);          // test reg8, imm8
  void SarRegImm(Gp reg, uint8_t shift);          // sar reg, imm8           (64-bit)
  void ShlRegImm(Gp reg, uint8_t shift);          // shl reg, imm8           (64-bit)
  void OrRegReg(Gp dst, Gp src);                  // or dst, src             (64-bit)
  void MovRegMem32(Gp dst, Mem src);              // mov dst32, dword [src] (zeroes bits 63:32)
  void XorRegReg32(Gp dst, Gp src);               // xor dst32, src32 (zeroes bits 63:32)
  void JzRel8(int8_t rel);                        // jz rel8 (from the next instruction)
  void JnzRel8(int8_t rel);                       // jnz rel8
  void JnzRel32(int32_t rel);                     // jnz rel32
  void JmpRel8(int8_t rel);                       // jmp rel8
  void Jz(Label target, Reach reach);             // jz <target>
  void Jnz(Label target, Reach reach);            // jnz <target>
  void Jmp(Label target, Reach reach);            // jmp <target>
  void MovRegRipRelative(Gp dst, Label data);     // mov dst, qword [rip + <data>]
  void JmpRipRelative(Label data);                // jmp qword [rip + <data>]
  void Int3();                                    // int3
  void SetNe(Gp dst);                             // setne dst8
  void Push(Gp reg);                              // push reg
  void SubRspImm(int32_t imm);                    // sub rsp, imm
  void Leave();                                   // leave (mov rsp, rbp; pop rbp)
  void Ret();                                     // ret
  void JmpRel32(int32_t rel);                     // jmp rel32 (from the next instruction)
  void CallRel32(int32_t rel);                    // call rel32
  void JmpReg(Gp reg);                            // jmp reg
  void CallReg(Gp reg);                           // call reg
  void MovsxdRegReg(Gp dst, Gp src);              // movsxd dst, src32
  void MovRegReg32(Gp dst, Gp src);               // mov dst32, src32 (zeroes bits 63:32)
  void CmpRegReg(Gp a, Gp b);                     // cmp a, b               (64-bit)
  void CmpMemImm32(Mem a, int32_t imm);           // cmp qword [a], imm32 (sign-extended)
  void Cvttsd2siRegXmm(Gp dst, Xmm src);          // cvttsd2si dst, src      (64-bit)
  void Cvttsd2siRegMem(Gp dst, Mem src);          // cvttsd2si dst, qword [src]
  void Cvtsi2sdXmmReg(Xmm dst, Gp src);           // cvtsi2sd dst, src       (64-bit src)
  void MovapsXmmXmm(Xmm dst, Xmm src);            // movaps dst, src
  void MovsdXmmMem(Xmm dst, Mem src);             // movsd dst, qword [src]
  void MovsdMemXmm(Mem dst, Xmm src);             // movsd qword [dst], src
  void MovssXmmMem(Xmm dst, Mem src);             // movss dst, dword [src]

  static constexpr int kRel32InsnSize = 5;  // e9/e8 + rel32

 private:
  // REX prefix; `force` emits 0x40 even without bits (byte regs spl..dil).
  void Rex(bool w, uint8_t reg, uint8_t index, uint8_t base, bool force = false);
  // ModRM (+ SIB + disp) for a register field and a memory operand.
  void ModRmMem(uint8_t reg, Mem mem);
  void OpRegReg(bool w, uint8_t opcode, uint8_t reg, uint8_t rm);
  void SseRegReg(uint8_t prefix, bool w, uint8_t opcode, uint8_t reg, uint8_t rm);
  void SseRegMem(uint8_t prefix, bool w, uint8_t opcode, uint8_t reg, Mem mem);
  // jcc to a label: 7x rel8 or 0f 8x rel32 for condition code `cc`.
  void Jcc(uint8_t cc, Label target, Reach reach);
  void ModRmReg(uint8_t reg, uint8_t rm) {
    buf_.Emit8(static_cast<uint8_t>(0xC0 | ((reg & 7) << 3) | (rm & 7)));
  }

  CodeBuffer& buf_;
};

}  // namespace zerocall::jit::x64

#endif  // ZEROCALL_JIT_X64_ASSEMBLER_H_
