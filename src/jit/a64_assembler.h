// a64_assembler.h: the handful of A64 instruction forms the stubs need, one
// named encoder per form (Arm ARM, A64 base instructions). Pure word
// generation; compiled on every host.

#ifndef ZEROCALL_JIT_A64_ASSEMBLER_H_
#define ZEROCALL_JIT_A64_ASSEMBLER_H_

#include <cstdint>

#include "jit/code_buffer.h"

namespace zerocall::jit::a64 {

// X registers by number. 31 means sp or xzr depending on the instruction.
enum class X : uint8_t {
  kX0 = 0, kX7 = 7, kX9 = 9, kX10 = 10, kX11 = 11, kX16 = 16, kX17 = 17, kX29 = 29, kX30 = 30, kSp = 31,
};
inline constexpr X XReg(unsigned n) { return static_cast<X>(n); }

// SIMD&FP registers by number, used as D (64-bit) registers.
enum class V : uint8_t { kV0 = 0, kV16 = 16, kV17 = 17 };
inline constexpr V VReg(unsigned n) { return static_cast<V>(n); }

// Integer widening of the low 8/16 bits of a W register (or a byte/halfword
// load) to 32 bits; the 32-bit write also zeroes bits 63:32.
enum class Extend : uint8_t {
  kSxtb,  // sxtb / ldrsb (32-bit)
  kUxtb,  // uxtb / ldrb
  kSxth,  // sxth / ldrsh (32-bit)
  kUxth,  // uxth / ldrh
};

// Condition codes used by cset and b.cond.
enum class Cond : uint8_t { kEq = 0, kNe = 1, kVs = 6 };

class Assembler {
 public:
  explicit Assembler(CodeBuffer& buffer) : buf_(buffer) {}

  // Byte offset of the next instruction.
  size_t offset() const { return buf_.size(); }
  Label NewLabel() { return buf_.NewLabel(); }
  void Bind(Label label) { buf_.Bind(label); }

  void MovReg(X dst, X src);                        // mov xd, xm        (orr xd, xzr, xm)
  void ExtendReg(Extend ext, X dst, X src);         // sxtb/uxtb/sxth/uxth wd, wn
  void LdrImm(X dst, X base, uint32_t offset);      // ldr xt, [xn, #off]     (off % 8 == 0)
  void StrImm(X src, X base, uint32_t offset);      // str xt, [xn, #off]     (off % 8 == 0)
  void StrbImm(X src, X base, uint32_t offset);     // strb wt, [xn, #off]    (off <= 4095)
  // strb/strh/str wt/str xt, [xn, #off] for bytes 1/2/4/8  (off % bytes == 0)
  void StrSizedImm(X src, X base, uint32_t offset, uint8_t bytes);
  void LdrNarrowImm(Extend ext, X dst, X base, uint32_t offset);  // ldrsb/ldrb/ldrsh/ldrh wt, [xn, #off]
  void LdrWImm(X dst, X base, uint32_t offset);     // ldr wt, [xn, #off]     (off % 4 == 0)
  void LdurW(X dst, X base, int32_t offset);        // ldur wt, [xn, #off]    (-256..255)
  void LdrSImm(V dst, X base, uint32_t offset);     // ldr st, [xn, #off]     (off % 4 == 0)
  void OrrLsl(X dst, X a, X b, unsigned shift);     // orr xd, xn, xm, lsl #shift
  // stur xt/wt, sturh wt, sturb wt, [xn, #off] for bytes 8/4/2/1  (-256..255)
  void Stur(X src, X base, int32_t offset, uint8_t bytes);
  void SturFp(V src, X base, int32_t offset, uint8_t bytes);  // stur st/dt for bytes 4/8
  void LsrImm(X dst, X src, unsigned shift);        // lsr xd, xn, #shift  (ubfm xd, xn, #shift, #63)
  void CmpImm(X reg, uint32_t imm);                 // cmp xn, #imm  (subs xzr, xn, #imm; imm <= 4095)
  void MovzImm(X dst, uint16_t imm, unsigned shift);  // movz xd, #imm, lsl #shift
  void MovkImm(X dst, uint16_t imm, unsigned shift);  // movk xd, #imm, lsl #shift
  void MovImm64(X dst, uint64_t imm);               // movz + movk for each nonzero halfword
  void TstLowByte(X reg);                           // tst wn, #0xff
  void Cset(X dst, Cond cond);                      // cset wd, cond
  void StpPreFpLr();                                // stp x29, x30, [sp, #-16]!
  void LdpPostFpLr();                               // ldp x29, x30, [sp], #16
  void AddImm(X dst, X src, uint32_t imm);          // add xd|sp, xn|sp, #imm  (mov to/from sp when 0)
  void SubImm(X dst, X src, uint32_t imm);          // sub xd|sp, xn|sp, #imm
  void B(int32_t byte_offset);                      // b <pc + offset>
  void Bl(int32_t byte_offset);                     // bl <pc + offset>
  void Br(X reg);                                   // br xn
  void Blr(X reg);                                  // blr xn
  void Cbz(X reg, int32_t byte_offset);             // cbz xt, <pc + offset>  (+-1 MiB)
  void Tbnz(X reg, unsigned bit, int32_t byte_offset);  // tbnz xt|wt, #bit, <pc + offset>  (+-32 KiB)
  void AsrImm(X dst, X src, unsigned shift);        // asr xd, xn, #shift  (sbfm xd, xn, #shift, #63)
  void Adr(X dst, int32_t byte_offset);             // adr xd, <pc + offset>  (+-1 MiB)
  void Ret();                                       // ret (x30)
  void FmovD(V dst, V src);                         // fmov dd, dn
  void LdrDImm(V dst, X base, uint32_t offset);     // ldr dt, [xn, #off]     (off % 8 == 0)
  void StrDImm(V src, X base, uint32_t offset);     // str dt, [xn, #off]     (off % 8 == 0)
  void StrSImm(V src, X base, uint32_t offset);     // str st, [xn, #off]     (off % 4 == 0)
  void FcvtzsXD(X dst, V src);                      // fcvtzs xd, dn (toward zero, saturating, NaN -> 0)
  void ScvtfDX(V dst, X src);                       // scvtf dd, xn (signed int64 -> double, FPCR rounding)
  void FcmpD(V a, V b);                             // fcmp dn, dm
  void CmpExtendW(X a, X b, bool is_signed);        // cmp xn, wm, sxtw|uxtw  (subs xzr, ...)
  void BCond(Cond cond, int32_t byte_offset);       // b.cond <pc + offset>  (+-1 MiB)
  void Brk(uint16_t imm);                           // brk #imm

  // The same forms to a label (Finish checks the reach given above).
  void B(Label target);                             // b <target>
  void Cbz(X reg, Label target);                    // cbz xt, <target>
  void Tbnz(X reg, unsigned bit, Label target);     // tbnz xt|wt, #bit, <target>
  void BCond(Cond cond, Label target);              // b.cond <target>
  void Adr(X dst, Label target);                    // adr xd, <target>
  void LdrLiteral(X dst, Label data);               // ldr xt, <data>  (+-1 MiB)

  // Largest +-distance a b/bl can reach: imm26 words.
  static constexpr int64_t kBranchRange = int64_t{1} << 27;
  static constexpr int32_t kInsnSize = 4;
  // Largest offset LdrImm/StrImm can encode: imm12 scaled by 8.
  static constexpr uint32_t kMaxScaledOffset = 4095 * 8;

 private:
  void Emit(uint32_t word) { buf_.Emit32(word); }
  CodeBuffer& buf_;
};

}  // namespace zerocall::jit::a64

#endif  // ZEROCALL_JIT_A64_ASSEMBLER_H_
