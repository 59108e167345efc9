// a64_assembler.cc: encoders for the A64 forms declared in a64_assembler.h.
// Every form was checked against GNU objdump (test/native/golden/aarch64.txt).

#include "jit/a64_assembler.h"

namespace zerocall::jit::a64 {
namespace {

uint32_t N(X reg) { return static_cast<uint32_t>(reg); }
uint32_t N(V reg) { return static_cast<uint32_t>(reg); }

// SBFM/UBFM (32-bit) immr=0, imms=7 or 15: the sxtb/uxtb/sxth/uxth aliases.
uint32_t BitfieldExtend(Extend ext) {
  switch (ext) {
    case Extend::kSxtb: return 0x13001C00;  // sbfm wd, wn, #0, #7
    case Extend::kUxtb: return 0x53001C00;  // ubfm wd, wn, #0, #7
    case Extend::kSxth: return 0x13003C00;  // sbfm wd, wn, #0, #15
    case Extend::kUxth: return 0x53003C00;  // ubfm wd, wn, #0, #15
  }
  return 0;
}

// Load/store register (unsigned immediate), 32-bit destination forms.
struct NarrowLoad {
  uint32_t opcode;
  uint32_t scale;  // bytes per imm12 unit
};
NarrowLoad NarrowLoadFor(Extend ext) {
  switch (ext) {
    case Extend::kSxtb: return {0x39C00000, 1};  // ldrsb wt, [xn, #imm]
    case Extend::kUxtb: return {0x39400000, 1};  // ldrb wt, [xn, #imm]
    case Extend::kSxth: return {0x79C00000, 2};  // ldrsh wt, [xn, #imm]
    case Extend::kUxth: return {0x79400000, 2};  // ldrh wt, [xn, #imm]
  }
  return {0, 1};
}

}  // namespace

void Assembler::MovReg(X dst, X src) {
  Emit(0xAA0003E0 | N(src) << 16 | N(dst));  // orr xd, xzr, xm
}

void Assembler::ExtendReg(Extend ext, X dst, X src) {
  Emit(BitfieldExtend(ext) | N(src) << 5 | N(dst));
}

void Assembler::LdrImm(X dst, X base, uint32_t offset) {
  Emit(0xF9400000 | (offset / 8) << 10 | N(base) << 5 | N(dst));
}

void Assembler::StrImm(X src, X base, uint32_t offset) {
  Emit(0xF9000000 | (offset / 8) << 10 | N(base) << 5 | N(src));
}

void Assembler::StrbImm(X src, X base, uint32_t offset) {
  Emit(0x39000000 | offset << 10 | N(base) << 5 | N(src));  // STRB (immediate, unsigned offset)
}

// STR (immediate, unsigned offset): size in bits 31:30, imm12 scaled by the size.
void Assembler::StrSizedImm(X src, X base, uint32_t offset, uint8_t bytes) {
  const uint32_t size = bytes == 8 ? 3 : bytes == 4 ? 2 : bytes == 2 ? 1 : 0;
  Emit(0x39000000 | size << 30 | (offset >> size) << 10 | N(base) << 5 | N(src));
}

void Assembler::LdrNarrowImm(Extend ext, X dst, X base, uint32_t offset) {
  const NarrowLoad load = NarrowLoadFor(ext);
  Emit(load.opcode | (offset / load.scale) << 10 | N(base) << 5 | N(dst));
}

void Assembler::LdrWImm(X dst, X base, uint32_t offset) {
  Emit(0xB9400000 | (offset / 4) << 10 | N(base) << 5 | N(dst));
}

void Assembler::LdurW(X dst, X base, int32_t offset) {
  Emit(0xB8400000 | (static_cast<uint32_t>(offset) & 0x1FF) << 12 | N(base) << 5 | N(dst));
}

void Assembler::LdrSImm(V dst, X base, uint32_t offset) {
  Emit(0xBD400000 | (offset / 4) << 10 | N(base) << 5 | N(dst));
}

// STUR (unscaled immediate): size in bits 31:30 (0 byte .. 3 doubleword).
void Assembler::Stur(X src, X base, int32_t offset, uint8_t bytes) {
  const uint32_t size = bytes == 8 ? 3 : bytes == 4 ? 2 : bytes == 2 ? 1 : 0;
  Emit(0x38000000 | size << 30 | (static_cast<uint32_t>(offset) & 0x1FF) << 12 | N(base) << 5 | N(src));
}

void Assembler::SturFp(V src, X base, int32_t offset, uint8_t bytes) {
  const uint32_t size = bytes == 8 ? 3 : 2;  // d or s
  Emit(0x3C000000 | size << 30 | (static_cast<uint32_t>(offset) & 0x1FF) << 12 | N(base) << 5 | N(src));
}

void Assembler::LsrImm(X dst, X src, unsigned shift) {
  // ubfm xd, xn, #shift, #63: sf=1, N=1, immr=shift, imms=63.
  Emit(0xD340FC00 | (shift & 63) << 16 | N(src) << 5 | N(dst));
}

void Assembler::OrrLsl(X dst, X a, X b, unsigned shift) {
  Emit(0xAA000000 | N(b) << 16 | shift << 10 | N(a) << 5 | N(dst));
}

void Assembler::CmpImm(X reg, uint32_t imm) {
  Emit(0xF100001F | imm << 10 | N(reg) << 5);
}

void Assembler::MovzImm(X dst, uint16_t imm, unsigned shift) {
  Emit(0xD2800000 | (shift / 16) << 21 | uint32_t{imm} << 5 | N(dst));
}

void Assembler::MovkImm(X dst, uint16_t imm, unsigned shift) {
  Emit(0xF2800000 | (shift / 16) << 21 | uint32_t{imm} << 5 | N(dst));
}

void Assembler::MovImm64(X dst, uint64_t imm) {
  if (imm == 0) {
    MovzImm(dst, 0, 0);
    return;
  }
  bool first = true;
  for (unsigned shift = 0; shift < 64; shift += 16) {
    const auto half = static_cast<uint16_t>(imm >> shift);
    if (half == 0) continue;  // movz already zeroed it
    if (first) {
      MovzImm(dst, half, shift);
      first = false;
    } else {
      MovkImm(dst, half, shift);
    }
  }
}

void Assembler::TstLowByte(X reg) {
  // ands wzr, wn, #0xff: logical immediate N=0, immr=0, imms=0b000111.
  Emit(0x72001C1F | N(reg) << 5);
}

void Assembler::Cset(X dst, Cond cond) {
  // csinc wd, wzr, wzr, invert(cond)
  const uint32_t inverted = static_cast<uint32_t>(cond) ^ 1;
  Emit(0x1A9F07E0 | inverted << 12 | N(dst));
}

void Assembler::StpPreFpLr() { Emit(0xA9BF7BFD); }   // stp x29, x30, [sp, #-16]!
void Assembler::LdpPostFpLr() { Emit(0xA8C17BFD); }  // ldp x29, x30, [sp], #16

void Assembler::AddImm(X dst, X src, uint32_t imm) {
  Emit(0x91000000 | (imm & 0xFFF) << 10 | N(src) << 5 | N(dst));
}

void Assembler::SubImm(X dst, X src, uint32_t imm) {
  Emit(0xD1000000 | (imm & 0xFFF) << 10 | N(src) << 5 | N(dst));
}

void Assembler::B(int32_t byte_offset) {
  Emit(0x14000000 | (static_cast<uint32_t>(byte_offset / 4) & 0x03FFFFFF));
}

void Assembler::Bl(int32_t byte_offset) {
  Emit(0x94000000 | (static_cast<uint32_t>(byte_offset / 4) & 0x03FFFFFF));
}

void Assembler::Cbz(X reg, int32_t byte_offset) {
  Emit(0xB4000000 | (static_cast<uint32_t>(byte_offset / 4) & 0x7FFFF) << 5 | N(reg));  // 64-bit
}

void Assembler::Tbnz(X reg, unsigned bit, int32_t byte_offset) {
  // b5 (bit 31) selects the X form and holds bit 5 of the bit number, b40 the rest.
  Emit(0x37000000 | (bit >> 5) << 31 | (bit & 31) << 19 |
       (static_cast<uint32_t>(byte_offset / 4) & 0x3FFF) << 5 | N(reg));
}

void Assembler::AsrImm(X dst, X src, unsigned shift) {
  // sbfm xd, xn, #shift, #63: sf=1, N=1, immr=shift, imms=63.
  Emit(0x9340FC00 | (shift & 63) << 16 | N(src) << 5 | N(dst));
}

void Assembler::Adr(X dst, int32_t byte_offset) {
  const auto imm = static_cast<uint32_t>(byte_offset) & 0x1FFFFF;  // immhi:immlo
  Emit(0x10000000 | (imm & 3) << 29 | (imm >> 2) << 5 | N(dst));
}

void Assembler::Br(X reg) { Emit(0xD61F0000 | N(reg) << 5); }
void Assembler::Blr(X reg) { Emit(0xD63F0000 | N(reg) << 5); }
void Assembler::Ret() { Emit(0xD65F03C0); }

void Assembler::FmovD(V dst, V src) { Emit(0x1E604000 | N(src) << 5 | N(dst)); }

void Assembler::LdrDImm(V dst, X base, uint32_t offset) {
  Emit(0xFD400000 | (offset / 8) << 10 | N(base) << 5 | N(dst));
}

void Assembler::StrDImm(V src, X base, uint32_t offset) {
  Emit(0xFD000000 | (offset / 8) << 10 | N(base) << 5 | N(src));
}

void Assembler::StrSImm(V src, X base, uint32_t offset) {
  Emit(0xBD000000 | (offset / 4) << 10 | N(base) << 5 | N(src));
}

void Assembler::FcvtzsXD(X dst, V src) {
  Emit(0x9E780000 | N(src) << 5 | N(dst));  // sf=1, type=01 (double), rmode=11, opcode=000
}

void Assembler::ScvtfDX(V dst, X src) {
  Emit(0x9E620000 | N(src) << 5 | N(dst));  // sf=1, type=01 (double), rmode=00, opcode=010
}

void Assembler::FcmpD(V a, V b) { Emit(0x1E602000 | N(b) << 16 | N(a) << 5); }

void Assembler::CmpExtendW(X a, X b, bool is_signed) {
  // subs xzr, xn, wm, <option>: option 110 = sxtw, 010 = uxtw, imm3 = 0.
  const uint32_t option = is_signed ? 6 : 2;
  Emit(0xEB20001F | N(b) << 16 | option << 13 | N(a) << 5);
}

void Assembler::BCond(Cond cond, int32_t byte_offset) {
  Emit(0x54000000 | (static_cast<uint32_t>(byte_offset / 4) & 0x7FFFF) << 5 |
       static_cast<uint32_t>(cond));
}

void Assembler::Brk(uint16_t imm) { Emit(0xD4200000 | uint32_t{imm} << 5); }

// Each label form emits its immediate form with a zero offset; Finish fills it in.
void Assembler::B(Label target) {
  B(0);
  buf_.ReferTo(target, Fixup::kImm26);
}

void Assembler::Cbz(X reg, Label target) {
  Cbz(reg, 0);
  buf_.ReferTo(target, Fixup::kImm19);
}

void Assembler::Tbnz(X reg, unsigned bit, Label target) {
  Tbnz(reg, bit, 0);
  buf_.ReferTo(target, Fixup::kImm14);
}

void Assembler::BCond(Cond cond, Label target) {
  BCond(cond, 0);
  buf_.ReferTo(target, Fixup::kImm19);
}

void Assembler::Adr(X dst, Label target) {
  Adr(dst, 0);
  buf_.ReferTo(target, Fixup::kAdr21);
}

void Assembler::LdrLiteral(X dst, Label data) {
  Emit(0x58000000 | N(dst));  // LDR (literal), 64-bit: imm19 words from this instruction
  buf_.ReferTo(data, Fixup::kImm19);
}

}  // namespace zerocall::jit::a64
