// stub_primitives.h: what StubEmitter (stub_emitter.h) needs from an ABI: its
// register convention and single-instruction emitters, as a concept that each
// <abi>_stub.cc's primitives class satisfies (static_assert there).

#ifndef ZEROCALL_JIT_STUB_PRIMITIVES_H_
#define ZEROCALL_JIT_STUB_PRIMITIVES_H_

#include <concepts>
#include <cstdint>
#include <optional>

#include "jit/code_buffer.h"
#include "jit/stub_plan.h"

namespace zerocall::jit {

// Maps a narrow Widening onto an assembler's Extend enum (x64::Extend and
// a64::Extend share their enumerator names).
template <typename Extend>
constexpr Extend ToExtend(Widening widening) {
  switch (widening) {
    case Widening::kSignByte: return Extend::kSxtb;
    case Widening::kZeroByte: return Extend::kUxtb;
    case Widening::kSignHalf: return Extend::kSxth;
    case Widening::kZeroHalf: return Extend::kUxth;
    case Widening::kNone:
    case Widening::kBoolResult:
      break;
  }
  return Extend::kUxtb;  // not reached: callers check kNone/kBoolResult first
}

// Types: Reg (a GP register), FReg (an FP register), Slot (an addressable
// memory operand: a stack slot or [base + offset]), Extend (the assembler's
// widening, with Widening's enumerator names: kSxtb, kUxtb, kSxth, kUxth).
// "Entry state" below means nothing pushed yet: the return address is V8's.
template <typename P>
concept StubPrimitives = requires(P p, typename P::Reg reg, typename P::FReg freg,
                                  typename P::Slot slot, typename P::Extend ext, Label label,
                                  bool flag, uint16_t index, uint32_t u32, uint8_t u8, int32_t rel,
                                  uint64_t u64) {
  requires std::constructible_from<P, CodeBuffer&>;  // emits into that buffer

  // ---- The register convention ----
  { P::kAbi } -> std::convertible_to<const abi::Abi&>;  // registers, classifier
  { P::kResult } -> std::convertible_to<typename P::Reg>;        // the result register
  { P::kSlotScratch } -> std::convertible_to<typename P::Reg>;   // builds stack-bound values
  // Hold a value while the shuffle breaks a cycle (neither is kSlotScratch).
  { P::kGpScratch } -> std::convertible_to<typename P::Reg>;
  { P::kFpScratch } -> std::convertible_to<typename P::FReg>;
  // The only register (besides flags) branches and checks may clobber.
  { P::kBranchScratch } -> std::convertible_to<typename P::Reg>;
  // The resolver routine's in/out registers (resolver.h).
  { P::kResolveValue } -> std::convertible_to<typename P::Reg>;
  { P::kResolveContext } -> std::convertible_to<typename P::Reg>;
  // Holds the tagged word during the Smi check (may be kResolveContext).
  { P::kTagged } -> std::convertible_to<typename P::Reg>;
  { P::kSlotSize } -> std::convertible_to<uint32_t>;        // bytes
  { P::kStackAlignment } -> std::convertible_to<uint32_t>;  // bytes, at every call
  // Whether the struct classifier may answer kByReference (see below).
  { P::kCopiesStructs } -> std::convertible_to<bool>;

  { P::GpArg(index) } -> std::same_as<typename P::Reg>;
  // The k-th GP register of a result returned in registers (k < 2; FP: FpArg).
  { P::ResultGp(index) } -> std::same_as<typename P::Reg>;
  { P::FpArg(index) } -> std::same_as<typename P::FReg>;
  // V8's stack slot k and C's stack slot j, before the frame or inside it.
  { P::IncomingSlot(index, flag) } -> std::same_as<typename P::Slot>;
  { P::OutgoingSlot(index, flag) } -> std::same_as<typename P::Slot>;
  { P::Field(reg, u32) } -> std::same_as<typename P::Slot>;  // [base + offset]
  // The pc-relative call/jump displacement from an instruction at
  // `insn_address` to `target`, if it reaches.
  { P::NearDisplacement(u64, u64) } -> std::same_as<std::optional<int32_t>>;

  // ---- Frames, moves and loads ----
  p.Prologue(u32);  // frame of that many bytes below the frame record
  p.Epilogue(u32);  // undoes Prologue(bytes) and returns
  p.MoveReg(reg, reg);
  p.ExtendReg(ext, reg, reg);  // to 32 bits
  p.LoadSlot(reg, slot);
  p.LoadSlotExtended(ext, reg, slot);
  p.StoreSlot(slot, reg);
  p.MoveFp(freg, freg);
  p.LoadFp(freg, slot);
  p.StoreFp(slot, freg);
  p.LoadImm64(reg, u64);
  // 1..8 bytes at [base + offset] into dst, zero-extended, reading no byte
  // outside them; base may be dst, never kBranchScratch (which it may clobber).
  p.LoadBytes(reg, reg, u32, u8);
  p.LoadFpBytes(freg, reg, u32, u8);  // 4 or 8 bytes into the low bits of fdst
  // StoreBytes(base, offset, bytes, src): the low 1..8 bytes of src to
  // [base + offset] (offset < 256), writing no byte outside them; may clobber
  // src. base is neither src nor kBranchScratch.
  p.StoreBytes(reg, u32, u8, reg);
  p.StoreFpBytes(reg, u32, u8, freg);  // the low 4 or 8 bytes of fsrc

  // ---- Conversions and checks ----
  // int64 = double toward zero, for doubles already checked.
  p.ConvertF64(reg, freg);
  p.ConvertF64Slot(reg, slot);
  p.ConvertI64(freg, reg);  // double = int64, current rounding mode
  // ConvertChecked(is_signed, dst, fsrc, reject): dst = fsrc toward zero;
  // branches to `reject` unless fsrc is a number whose truncation fits int32
  // (uint32). Clobbers nothing but dst, flags and kBranchScratch.
  p.ConvertChecked(flag, reg, freg, label);
  // CheckInt64(is_signed, src, reject): branches to `reject` unless the int64
  // in src fits int32 (uint32). Clobbers nothing but flags and kBranchScratch.
  p.CheckInt64(flag, reg, label);
  // CheckLength(base, offset, length, reject): branches to `reject` unless the
  // 64-bit word at [base + offset] equals `length` (at most 4095). Clobbers
  // nothing but flags and kBranchScratch.
  p.CheckLength(reg, u32, u32, label);
  // RejectIfZero(base, offset, reject): branches to `reject` when the 64-bit
  // word at [base + offset] is 0; clobbers nothing but flags and kBranchScratch.
  p.RejectIfZero(reg, u32, label);
  p.NormaliseBool(reg);  // any nonzero low byte becomes 1
  // Right before the branch to a variadic target: what its ABI says a variadic
  // call sets up besides the arguments (x86-64: %al = u8 vector registers).
  p.SetVectorRegisterCount(u8);
  // After the call (framed): the 32-bit word at address `from`, zero-extended,
  // into the 64-bit word at address `to`; keeps the result registers, clobbers
  // only kSlotScratch and kBranchScratch.
  p.CopyWord32(u64, u64);

  // ---- Branches ----
  p.CallNear(rel);  // with a NearDisplacement
  p.JumpNear(rel);
  p.CallFar(u64);  // absolute target
  p.JumpFar(u64);
  // Branches forward to a label a few instructions ahead (the Smi shortcut);
  // the first when bit 0 of `tagged` is set.
  p.SkipIfNotSmi(reg, label);
  p.Skip(label);
  // dst = tagged >> shift, arithmetic, 64-bit; may clobber `tagged`.
  p.UntagSmi(reg, reg, u8);
  // Reaches the resolver routine with the convention of resolver.h and
  // returns after it.
  p.CallResolver(u64);
  // Entry state only: returns 0 to V8 when kResolveContext != 0.
  p.ReturnZeroIfFailed();
  // Entry state only: stores 1 in the byte at [base + offset], returns 0 to V8.
  p.SetFlagAndReturnZero(reg, u32);
} && (!P::kCopiesStructs || requires(P p, typename P::Reg reg, typename P::Slot slot) {
  // Holds 8 bytes on their way into a by-reference copy; none of the above.
  { P::kCopyScratch } -> std::convertible_to<typename P::Reg>;
  p.AddressOf(reg, slot);  // dst = the slot's address
});

}  // namespace zerocall::jit

#endif  // ZEROCALL_JIT_STUB_PRIMITIVES_H_
