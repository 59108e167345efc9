// x64_assembler.cc: encoders for the x86-64 forms declared in x64_assembler.h.
// Every form was checked against GNU objdump (test/native/golden/x64_sysv.txt).

#include "jit/x64_assembler.h"

namespace zerocall::jit::x64 {
namespace {

uint8_t N(Gp reg) { return static_cast<uint8_t>(reg); }
uint8_t N(Xmm reg) { return static_cast<uint8_t>(reg); }

// The two-byte opcodes 0F xx of movsx/movzx, by Extend.
uint8_t ExtendOpcode(Extend ext) {
  switch (ext) {
    case Extend::kSxtb: return 0xBE;
    case Extend::kUxtb: return 0xB6;
    case Extend::kSxth: return 0xBF;
    case Extend::kUxth: return 0xB7;
  }
  return 0;
}

bool IsByteSource(Extend ext) { return ext == Extend::kSxtb || ext == Extend::kUxtb; }

}  // namespace

void Assembler::Rex(bool w, uint8_t reg, uint8_t index, uint8_t base, bool force) {
  const uint8_t bits = static_cast<uint8_t>((w ? 8 : 0) | ((reg >> 3) & 1) << 2 |
                                            ((index >> 3) & 1) << 1 | ((base >> 3) & 1));
  if (bits != 0 || force) buf_.Emit8(static_cast<uint8_t>(0x40 | bits));
}

void Assembler::ModRmMem(uint8_t reg, Mem mem) {
  const uint8_t base = N(mem.base) & 7;
  // mod=00 has no displacement, but rm=101 there means rip-relative, so
  // rbp/r13 always take at least a disp8.
  uint8_t mod;
  if (mem.disp == 0 && base != 5) {
    mod = 0;
  } else if (mem.disp >= -128 && mem.disp <= 127) {
    mod = 1;
  } else {
    mod = 2;
  }
  buf_.Emit8(static_cast<uint8_t>(mod << 6 | (reg & 7) << 3 | base));
  if (base == 4) buf_.Emit8(0x24);  // SIB: no index, base = rsp/r12
  if (mod == 1) buf_.Emit8(static_cast<uint8_t>(static_cast<int8_t>(mem.disp)));
  if (mod == 2) buf_.Emit32(static_cast<uint32_t>(mem.disp));
}

void Assembler::MovRegReg(Gp dst, Gp src) {
  Rex(true, N(src), 0, N(dst));
  buf_.Emit8(0x89);  // MOV r/m64, r64
  ModRmReg(N(src), N(dst));
}

void Assembler::MovRegMem(Gp dst, Mem src) {
  Rex(true, N(dst), 0, N(src.base));
  buf_.Emit8(0x8B);  // MOV r64, r/m64
  ModRmMem(N(dst), src);
}

void Assembler::MovMemReg(Mem dst, Gp src) {
  Rex(true, N(src), 0, N(dst.base));
  buf_.Emit8(0x89);  // MOV r/m64, r64
  ModRmMem(N(src), dst);
}

void Assembler::MovMemReg32(Mem dst, Gp src) {
  Rex(false, N(src), 0, N(dst.base));
  buf_.Emit8(0x89);  // MOV r/m32, r32
  ModRmMem(N(src), dst);
}

void Assembler::MovMemReg16(Mem dst, Gp src) {
  buf_.Emit8(0x66);  // operand-size prefix, before REX
  Rex(false, N(src), 0, N(dst.base));
  buf_.Emit8(0x89);  // MOV r/m16, r16
  ModRmMem(N(src), dst);
}

void Assembler::MovMemReg8(Mem dst, Gp src) {
  // Without a REX prefix, byte registers 4..7 mean ah/ch/dh/bh, not spl..dil.
  Rex(false, N(src), 0, N(dst.base), /*force=*/(N(src) & 7) >= 4 && N(src) < 8);
  buf_.Emit8(0x88);  // MOV r/m8, r8
  ModRmMem(N(src), dst);
}

void Assembler::ShrRegImm(Gp reg, uint8_t shift) {
  Rex(true, 0, 0, N(reg));
  buf_.Emit8(0xC1);  // SHR r/m64, imm8 (/5)
  ModRmReg(5, N(reg));
  buf_.Emit8(shift);
}

void Assembler::CmpMemImm32(Mem a, int32_t imm) {
  Rex(true, 0, 0, N(a.base));
  buf_.Emit8(0x81);  // CMP r/m64, imm32 (/7)
  ModRmMem(7, a);
  buf_.Emit32(static_cast<uint32_t>(imm));
}

void Assembler::MovMemImm8(Mem dst, uint8_t imm) {
  Rex(false, 0, 0, N(dst.base));
  buf_.Emit8(0xC6);  // MOV r/m8, imm8 (/0)
  ModRmMem(0, dst);
  buf_.Emit8(imm);
}

void Assembler::ExtendRegReg(Extend ext, Gp dst, Gp src) {
  // Without a REX prefix, byte registers 4..7 mean ah/ch/dh/bh, not spl..dil.
  const bool needs_rex_for_byte = IsByteSource(ext) && N(src) >= 4 && N(src) < 8;
  Rex(false, N(dst), 0, N(src), needs_rex_for_byte);
  buf_.Emit8(0x0F);
  buf_.Emit8(ExtendOpcode(ext));
  ModRmReg(N(dst), N(src));
}

void Assembler::ExtendRegMem(Extend ext, Gp dst, Mem src) {
  Rex(false, N(dst), 0, N(src.base));
  buf_.Emit8(0x0F);
  buf_.Emit8(ExtendOpcode(ext));
  ModRmMem(N(dst), src);
}

void Assembler::MovImm64(Gp dst, uint64_t imm) {
  Rex(true, 0, 0, N(dst));
  buf_.Emit8(static_cast<uint8_t>(0xB8 | (N(dst) & 7)));  // MOV r64, imm64
  buf_.Emit64(imm);
}

void Assembler::MovImm32(Gp dst, uint32_t imm) {
  Rex(false, 0, 0, N(dst));
  buf_.Emit8(static_cast<uint8_t>(0xB8 | (N(dst) & 7)));  // MOV r32, imm32
  buf_.Emit32(imm);
}

void Assembler::TestRegReg8(Gp a, Gp b) {
  Rex(false, N(b), 0, N(a), (N(a) >= 4 && N(a) < 8) || (N(b) >= 4 && N(b) < 8));
  buf_.Emit8(0x84);  // TEST r/m8, r8
  ModRmReg(N(b), N(a));
}

void Assembler::TestRegReg(Gp a, Gp b) {
  Rex(true, N(b), 0, N(a));
  buf_.Emit8(0x85);  // TEST r/m64, r64
  ModRmReg(N(b), N(a));
}

void Assembler::TestRegImm8(Gp reg, uint8_t imm) {
  Rex(false, 0, 0, N(reg), N(reg) >= 4 && N(reg) < 8);
  buf_.Emit8(0xF6);  // TEST r/m8, imm8 (/0)
  ModRmReg(0, N(reg));
  buf_.Emit8(imm);
}

void Assembler::SarRegImm(Gp reg, uint8_t shift) {
  Rex(true, 0, 0, N(reg));
  buf_.Emit8(0xC1);  // SAR r/m64, imm8 (/7)
  ModRmReg(7, N(reg));
  buf_.Emit8(shift);
}

void Assembler::ShlRegImm(Gp reg, uint8_t shift) {
  Rex(true, 0, 0, N(reg));
  buf_.Emit8(0xC1);  // SHL r/m64, imm8 (/4)
  ModRmReg(4, N(reg));
  buf_.Emit8(shift);
}

void Assembler::MovRegMem32(Gp dst, Mem src) {
  Rex(false, N(dst), 0, N(src.base));
  buf_.Emit8(0x8B);  // MOV r32, r/m32
  ModRmMem(N(dst), src);
}

void Assembler::XorRegReg32(Gp dst, Gp src) {
  Rex(false, N(src), 0, N(dst));
  buf_.Emit8(0x31);  // XOR r/m32, r32
  ModRmReg(N(src), N(dst));
}

void Assembler::JzRel8(int8_t rel) {
  buf_.Emit8(0x74);  // JZ rel8
  buf_.Emit8(static_cast<uint8_t>(rel));
}

void Assembler::JnzRel8(int8_t rel) {
  buf_.Emit8(0x75);  // JNZ rel8
  buf_.Emit8(static_cast<uint8_t>(rel));
}

void Assembler::JnzRel32(int32_t rel) {
  buf_.Emit8(0x0F);
  buf_.Emit8(0x85);  // JNZ rel32
  buf_.Emit32(static_cast<uint32_t>(rel));
}

void Assembler::JmpRel8(int8_t rel) {
  buf_.Emit8(0xEB);  // JMP rel8
  buf_.Emit8(static_cast<uint8_t>(rel));
}

void Assembler::Jcc(uint8_t cc, Label target, Reach reach) {
  if (reach == Reach::kShort) {
    buf_.Emit8(static_cast<uint8_t>(0x70 | cc));  // Jcc rel8
    buf_.Emit8(0);
    buf_.ReferTo(target, Fixup::kRel8);
  } else {
    buf_.Emit8(0x0F);
    buf_.Emit8(static_cast<uint8_t>(0x80 | cc));  // Jcc rel32
    buf_.Emit32(0);
    buf_.ReferTo(target, Fixup::kRel32);
  }
}

void Assembler::Jz(Label target, Reach reach) { Jcc(0x4, target, reach); }
void Assembler::Jnz(Label target, Reach reach) { Jcc(0x5, target, reach); }

void Assembler::Jmp(Label target, Reach reach) {
  if (reach == Reach::kShort) {
    JmpRel8(0);
    buf_.ReferTo(target, Fixup::kRel8);
  } else {
    JmpRel32(0);
    buf_.ReferTo(target, Fixup::kRel32);
  }
}

// ModRM mod=00 rm=101: [rip + disp32], counted from the instruction's end
// (disp32 is its last field in both forms).
void Assembler::MovRegRipRelative(Gp dst, Label data) {
  Rex(true, N(dst), 0, 0);
  buf_.Emit8(0x8B);  // MOV r64, r/m64
  buf_.Emit8(static_cast<uint8_t>(0x05 | (N(dst) & 7) << 3));
  buf_.Emit32(0);
  buf_.ReferTo(data, Fixup::kRel32);
}

void Assembler::JmpRipRelative(Label data) {
  buf_.Emit8(0xFF);  // JMP r/m64 (/4)
  buf_.Emit8(0x25);
  buf_.Emit32(0);
  buf_.ReferTo(data, Fixup::kRel32);
}

void Assembler::Int3() { buf_.Emit8(0xCC); }

void Assembler::SetNe(Gp dst) {
  Rex(false, 0, 0, N(dst), N(dst) >= 4 && N(dst) < 8);
  buf_.Emit8(0x0F);
  buf_.Emit8(0x95);  // SETNE r/m8
  ModRmReg(0, N(dst));
}

void Assembler::Push(Gp reg) {
  Rex(false, 0, 0, N(reg));
  buf_.Emit8(static_cast<uint8_t>(0x50 | (N(reg) & 7)));
}

void Assembler::SubRspImm(int32_t imm) {
  Rex(true, 0, 0, N(Gp::kRsp));
  if (imm >= -128 && imm <= 127) {
    buf_.Emit8(0x83);  // SUB r/m64, imm8
    ModRmReg(5, N(Gp::kRsp));
    buf_.Emit8(static_cast<uint8_t>(static_cast<int8_t>(imm)));
  } else {
    buf_.Emit8(0x81);  // SUB r/m64, imm32
    ModRmReg(5, N(Gp::kRsp));
    buf_.Emit32(static_cast<uint32_t>(imm));
  }
}

void Assembler::Leave() { buf_.Emit8(0xC9); }
void Assembler::Ret() { buf_.Emit8(0xC3); }

void Assembler::JmpRel32(int32_t rel) {
  buf_.Emit8(0xE9);
  buf_.Emit32(static_cast<uint32_t>(rel));
}

void Assembler::CallRel32(int32_t rel) {
  buf_.Emit8(0xE8);
  buf_.Emit32(static_cast<uint32_t>(rel));
}

void Assembler::JmpReg(Gp reg) {
  Rex(false, 0, 0, N(reg));
  buf_.Emit8(0xFF);  // JMP r/m64 (/4)
  ModRmReg(4, N(reg));
}

void Assembler::CallReg(Gp reg) {
  Rex(false, 0, 0, N(reg));
  buf_.Emit8(0xFF);  // CALL r/m64 (/2)
  ModRmReg(2, N(reg));
}

// One-byte opcode, register operands: [REX] opcode /r.
void Assembler::OpRegReg(bool w, uint8_t opcode, uint8_t reg, uint8_t rm) {
  Rex(w, reg, 0, rm);
  buf_.Emit8(opcode);
  ModRmReg(reg, rm);
}

void Assembler::MovsxdRegReg(Gp dst, Gp src) { OpRegReg(true, 0x63, N(dst), N(src)); }  // MOVSXD r64, r/m32
void Assembler::MovRegReg32(Gp dst, Gp src) { OpRegReg(false, 0x89, N(src), N(dst)); }  // MOV r/m32, r32
void Assembler::CmpRegReg(Gp a, Gp b) { OpRegReg(true, 0x39, N(b), N(a)); }  // CMP r/m64, r64
void Assembler::OrRegReg(Gp dst, Gp src) { OpRegReg(true, 0x09, N(src), N(dst)); }  // OR r/m64, r64

// SSE forms: [prefix] [REX] 0F opcode /r; a mandatory prefix precedes REX.
void Assembler::SseRegReg(uint8_t prefix, bool w, uint8_t opcode, uint8_t reg, uint8_t rm) {
  if (prefix != 0) buf_.Emit8(prefix);
  Rex(w, reg, 0, rm);
  buf_.Emit8(0x0F);
  buf_.Emit8(opcode);
  ModRmReg(reg, rm);
}

void Assembler::SseRegMem(uint8_t prefix, bool w, uint8_t opcode, uint8_t reg, Mem mem) {
  if (prefix != 0) buf_.Emit8(prefix);
  Rex(w, reg, 0, N(mem.base));
  buf_.Emit8(0x0F);
  buf_.Emit8(opcode);
  ModRmMem(reg, mem);
}

// F2 REX.W 0F 2C /r: CVTTSD2SI r64, xmm/m64
void Assembler::Cvttsd2siRegXmm(Gp dst, Xmm src) { SseRegReg(0xF2, true, 0x2C, N(dst), N(src)); }
void Assembler::Cvttsd2siRegMem(Gp dst, Mem src) { SseRegMem(0xF2, true, 0x2C, N(dst), src); }
// F2 REX.W 0F 2A /r: CVTSI2SD xmm, r/m64
void Assembler::Cvtsi2sdXmmReg(Xmm dst, Gp src) { SseRegReg(0xF2, true, 0x2A, N(dst), N(src)); }
// 0F 28 /r: MOVAPS xmm, xmm/m128
void Assembler::MovapsXmmXmm(Xmm dst, Xmm src) { SseRegReg(0, false, 0x28, N(dst), N(src)); }
// F2 0F 10 /r: MOVSD xmm, m64; F2 0F 11 /r: MOVSD m64, xmm
void Assembler::MovsdXmmMem(Xmm dst, Mem src) { SseRegMem(0xF2, false, 0x10, N(dst), src); }
void Assembler::MovsdMemXmm(Mem dst, Xmm src) { SseRegMem(0xF2, false, 0x11, N(src), dst); }
// F3 0F 11 /r: MOVSS m32, xmm
void Assembler::MovssMemXmm(Mem dst, Xmm src) { SseRegMem(0xF3, false, 0x11, N(src), dst); }
// F3 0F 10 /r: MOVSS xmm, m32 (zeroes bits 127:32)
void Assembler::MovssXmmMem(Xmm dst, Mem src) { SseRegMem(0xF3, false, 0x10, N(dst), src); }

}  // namespace zerocall::jit::x64
