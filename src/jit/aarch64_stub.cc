// aarch64_stub.cc: the AArch64 fast-call stub emitter for AAPCS64 as Linux uses
// it and for Apple's arm64 variant (abi::kAppleArm64: packed stack arguments):
// the register convention and the instruction primitives StubEmitter
// (stub_emitter.h) drives. Drops V8's receiver (and options pointer), shifts the
// GP arguments down one register, then tail-calls the C target, or calls it and
// normalises a narrow result.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "jit/a64_assembler.h"
#include "jit/closed_stub.h"
#include "jit/code_buffer.h"
#include "jit/fast_stub.h"
#include "jit/stub_emitter.h"
#include "jit/stub_plan.h"
#include "jit/stub_primitives.h"

namespace zerocall::jit {
namespace {

using a64::Assembler;
using a64::Cond;
using a64::V;
using a64::X;

// Register convention (AAPCS64 6.4.1 / 6.8.2, Linux):
//   at entry (V8's view): x0 = receiver; x1..x7 = GP params 0..6; v0..v7 = FP
//     params 0..7 (s for f32, d for f64); everything else in 8-byte stack slots
//     in argument order, slot k at [sp + 8k]; the options pointer, if any, is the
//     last GP-class argument.
//   at the C call: x0..x7 = GP params 0..7; v0..v7 unchanged; stack slot j at [sp + 8j].
//   Apple arm64: stack arguments at byte offsets instead ([sp + j], packed at
//     their natural alignment on both sides), read and written at exactly
//     their size; x18 (Apple's platform register) is never used, nor is any
//     other register above x17 but x29/x30.
//   x9: scratch for stack-slot copies (temporary register, not an argument).
//   x16 (IP0): absolute branch target (intra-procedure-call scratch, 6.4.1).
//   kResolvedPointer/kResolvedInteger pre-pass at entry (nothing pushed yet): x9 = value / pointer
//     and x10 = context / failed, the resolver routine's interface (resolver.h);
//     x16 = the routine's address, x17 (IP1) = its return address, so x30 keeps
//     V8's return address and the stub needs no frame for the call.
//     kResolvedInteger first loads the tagged word into x10 (free until the
//     context is loaded) and, for a Smi, untags it into x9 without the call.
//   kCheckedF64 params (entry checks): fcvtzs into the C register or x9, then
//     fcmp for NaN and cmp against the sign-/zero-extended low word; d16 holds
//     a double that V8 passed on the stack. Reject tails: x0 = context,
//     d0 = the double, b/br to the handler (x16 when absolute).
//   kCheckedI64 params (entry checks): the same cmp on V8's register, or on x9
//     loaded from V8's stack slot. Reject tails: scvtf d0 from that register
//     (or x9 reloaded), then as for kCheckedF64.
//   RejectMode::kSetOptionsFlag: one reject tail for all checked params: the
//     options pointer from its register (or x9 loaded from V8's stack slot),
//     x16 = 1, strb w16, [options, #offset]; mov x0, #0; ret.
//   Shuffle cycles: x11 (GP-class values) or d16 (doubles and floats) hold the
//     value being saved; d17 takes a stack double on its way to fcvtzs. All
//     caller-saved temporaries (AAPCS64 6.4.1: v16-v31 are not preserved).
//   kResolvedStruct params: after the resolve, the struct's address replaces
//     the value; each part is loaded from it (ldr s/d for an HFA member; a
//     3/5/6/7-byte piece as two loads through x16 joined by orr) into its C
//     register, or through x9 into a C stack slot.
//   kTypedArrayStruct params (entry checks): ldr x16, [descriptor]; cmp x16,
//     #size; b.ne <reject>; then the data pointer replaces the descriptor.
//   Empty kTypedArrayData params (reject_empty_typed_arrays, entry checks):
//     ldr x16, [descriptor]; cbz x16, <reject>.
//   By-reference structs (over 16 bytes, not HFAs; framed): copied 8 bytes at
//     a time through x17 into the frame above the outgoing slots; C gets
//     add xd, sp, #copy (AAPCS64 B.4: the callee may write its copy).
//   x29/x30: saved and restored by framed stubs only (frame record).
//   errno saving (framed, after the call): x16 = the errno address, w9 = errno,
//     x16 = the slot, str x9, [x16].
//   x0/v0: the result, untouched except for narrow normalisation.
template <const abi::Abi& kAbiRef>
class A64Primitives {
 public:
  // An addressable stack slot: base register + byte offset.
  struct Slot {
    X base;
    uint32_t offset;
  };
  using Reg = X;
  using FReg = V;
  using Extend = a64::Extend;

  static constexpr const abi::Abi& kAbi = kAbiRef;
  static constexpr bool kCopiesStructs = true;   // AAPCS64 B.4
  static constexpr X kCopyScratch = X::kX17;
  static constexpr X kResult = X::kX0;
  static constexpr X kSlotScratch = X::kX9;
  static constexpr X kBranchScratch = X::kX16;
  static constexpr X kResolveValue = X::kX9;     // in: value, out: pointer
  static constexpr X kResolveContext = X::kX10;  // in: context, out: failed
  static constexpr X kResolverReturn = X::kX17;
  static constexpr X kTagged = X::kX10;
  static constexpr X kGpScratch = X::kX11;
  static constexpr V kFpScratch = V::kV16;
  static constexpr V kFpConvert = V::kV17;
  static constexpr uint32_t kSlotSize = 8;
  static constexpr uint32_t kUnit = kAbi.stack_unit();  // bytes per stack index
  // sp must be 16-byte aligned at every public interface (AAPCS64 6.4.5.1).
  static constexpr uint32_t kStackAlignment = 16;
  static constexpr uint32_t kFrameRecordSize = 16;  // x29 + x30

  explicit A64Primitives(CodeBuffer& buffer) : asm_(buffer) {}

  static X GpArg(uint16_t index) { return a64::XReg(index); }
  static V FpArg(uint16_t index) { return a64::VReg(index); }
  static X ResultGp(uint16_t index) { return a64::XReg(index); }  // x0, x1

  // V8's stack slot k: at sp on entry, above the frame record once it exists.
  static Slot IncomingSlot(uint16_t k, bool frame) {
    return frame ? Slot{X::kX29, kFrameRecordSize + kUnit * k} : Slot{X::kSp, kUnit * k};
  }
  // The C target's stack slot j: at sp both ways (in place for a jump, at the
  // new sp for a call).
  static Slot OutgoingSlot(uint16_t j, bool /*frame*/) { return Slot{X::kSp, kUnit * j}; }
  static Slot Field(X base, uint32_t offset) { return Slot{base, offset}; }

  // b/bl count from the instruction itself, in words, and reach +-128 MiB.
  static std::optional<int32_t> NearDisplacement(uint64_t insn_address, uint64_t target) {
    if (target % 4 != 0) return std::nullopt;
    const int64_t rel = static_cast<int64_t>(target - insn_address);
    if (rel < -Assembler::kBranchRange || rel >= Assembler::kBranchRange) return std::nullopt;
    return static_cast<int32_t>(rel);
  }

  void Prologue(uint32_t outgoing_bytes) {
    asm_.StpPreFpLr();                // stp x29, x30, [sp, #-16]!
    asm_.AddImm(X::kX29, X::kSp, 0);  // mov x29, sp
    if (outgoing_bytes != 0) {
      asm_.SubImm(X::kSp, X::kSp, outgoing_bytes);  // sub sp, sp, #<outgoing args>
    }
  }
  void Epilogue(uint32_t outgoing_bytes) {
    if (outgoing_bytes != 0) asm_.AddImm(X::kSp, X::kX29, 0);  // mov sp, x29
    asm_.LdpPostFpLr();  // ldp x29, x30, [sp], #16
    asm_.Ret();          // ret
  }

  void MoveReg(X dst, X src) { asm_.MovReg(dst, src); }  // mov xd, xn
  void ExtendReg(Extend ext, X dst, X src) {
    asm_.ExtendReg(ext, dst, src);  // sxtb/uxtb/sxth/uxth wd, wn
  }
  void LoadSlot(X dst, Slot src) { asm_.LdrImm(dst, src.base, src.offset); }  // ldr xt, [slot]
  // The value is in the slot's low bytes (little-endian).
  void LoadSlotExtended(Extend ext, X dst, Slot src) {
    asm_.LdrNarrowImm(ext, dst, src.base, src.offset);  // ldrsb/ldrb/ldrsh/ldrh wt, [slot]
  }
  void StoreSlot(Slot dst, X src) { asm_.StrImm(src, dst.base, dst.offset); }  // str xt, [slot]
  // Packed stack arguments (Apple): exactly `bytes` (1, 2, 4, 8) of a slot.
  void LoadSlotBytes(X dst, Slot src, uint8_t bytes) { LoadBytes(dst, src.base, src.offset, bytes); }
  void StoreSlotBytes(Slot dst, X src, uint8_t bytes) {
    asm_.StrSizedImm(src, dst.base, dst.offset, bytes);  // strb/strh/str wt/str xt, [slot]
  }
  void LoadFpSlotBytes(V dst, Slot src, uint8_t bytes) { LoadFpBytes(dst, src.base, src.offset, bytes); }
  void StoreFpSlotBytes(Slot dst, V src, uint8_t bytes) {
    if (bytes == 4) {
      asm_.StrSImm(src, dst.base, dst.offset);  // str st, [slot]
    } else {
      asm_.StrDImm(src, dst.base, dst.offset);  // str dt, [slot]
    }
  }

  void MoveFp(V dst, V src) { asm_.FmovD(dst, src); }  // fmov dd, dn
  void LoadFp(V dst, Slot src) { asm_.LdrDImm(dst, src.base, src.offset); }   // ldr dt, [slot]
  void StoreFp(Slot dst, V src) { asm_.StrDImm(src, dst.base, dst.offset); }  // str dt, [slot]
  void ConvertF64(X dst, V src) { asm_.FcvtzsXD(dst, src); }  // fcvtzs xd, dn
  void ConvertF64Slot(X dst, Slot src) {
    asm_.LdrDImm(kFpConvert, src.base, src.offset);  // ldr d17, [slot]
    asm_.FcvtzsXD(dst, kFpConvert);                  // fcvtzs xd, d17
  }
  // fcvtzs saturates and turns NaN into 0, so NaN needs its own test;
  // saturated values fit neither range.
  void ConvertChecked(bool is_signed, X dst, V src, Label reject) {
    asm_.FcvtzsXD(dst, src);          // fcvtzs xd, dn
    asm_.FcmpD(src, src);             // fcmp dn, dn
    asm_.BCond(Cond::kVs, reject);    // b.vs <reject> (unordered: NaN)
    CheckInt64(is_signed, dst, reject);
  }
  // The int64 fits int32 (uint32) iff it equals its own sign- (zero-)extended
  // low word.
  void CheckInt64(bool is_signed, X src, Label reject) {
    asm_.CmpExtendW(src, src, is_signed);  // cmp xn, wn, sxtw|uxtw
    asm_.BCond(Cond::kNe, reject);         // b.ne <reject>
  }
  void ConvertI64(V dst, X src) { asm_.ScvtfDX(dst, src); }  // scvtf dd, xn
  // No frame yet: x30 still holds V8's return address.
  void SetFlagAndReturnZero(X base, uint32_t offset) {
    asm_.MovzImm(kBranchScratch, 1, 0);          // mov x16, #1
    asm_.StrbImm(kBranchScratch, base, offset);  // strb w16, [base, #offset]
    asm_.MovzImm(kResult, 0, 0);                 // mov x0, #0
    asm_.Ret();                                  // ret
  }

  void CallNear(int32_t rel) { asm_.Bl(rel); }  // bl target
  void JumpNear(int32_t rel) { asm_.B(rel); }   // b target
  void CallFar(uint64_t target) {
    asm_.MovImm64(kBranchScratch, target);  // movz/movk x16, target
    asm_.Blr(kBranchScratch);               // blr x16
  }
  void JumpFar(uint64_t target) {
    asm_.MovImm64(kBranchScratch, target);  // movz/movk x16, target
    asm_.Br(kBranchScratch);                // br x16
  }

  // AAPCS64 on Linux passes variadic arguments as fixed ones and has no
  // register that counts them (Apple puts them on the stack: the planner
  // refuses variadic requests for kAppleArm64).
  void SetVectorRegisterCount(uint8_t /*count*/) {}
  void CopyWord32(uint64_t from, uint64_t to) {
    asm_.MovImm64(kBranchScratch, from);             // movz/movk x16, from
    asm_.LdrWImm(kSlotScratch, kBranchScratch, 0);   // ldr w9, [x16]
    asm_.MovImm64(kBranchScratch, to);               // movz/movk x16, to
    asm_.StrImm(kSlotScratch, kBranchScratch, 0);    // str x9, [x16]
  }

  // Any nonzero low byte becomes 1.
  void NormaliseBool(X reg) {
    asm_.TstLowByte(reg);       // tst w0, #0xff
    asm_.Cset(reg, Cond::kNe);  // cset w0, ne
  }

  void LoadImm64(X dst, uint64_t imm) { asm_.MovImm64(dst, imm); }  // movz/movk xd, imm
  void CallResolver(uint64_t resolver) {
    const Label back = asm_.NewLabel();
    asm_.MovImm64(kBranchScratch, resolver);  // movz/movk x16, resolver
    // The routine returns with br x17 to the instruction after the br.
    asm_.Adr(kResolverReturn, back);          // adr x17, <back>
    asm_.Br(kBranchScratch);                  // br x16
    asm_.Bind(back);
  }
  // No frame yet: x30 still holds V8's return address.
  void ReturnZeroIfFailed() {
    const Label succeeded = asm_.NewLabel();
    asm_.Cbz(kResolveContext, succeeded);  // cbz x10, <succeeded>
    asm_.MovzImm(kResult, 0, 0);           // mov x0, #0
    asm_.Ret();                            // ret
    asm_.Bind(succeeded);
  }

  // tbnz reaches 32 KiB; it only ever skips the Smi tail (asr + b).
  void SkipIfNotSmi(X tagged, Label resolve) { asm_.Tbnz(tagged, 0, resolve); }  // tbnz x10, #0, <resolve>
  void Skip(Label done) { asm_.B(done); }                                       // b <write-back>
  void UntagSmi(X dst, X tagged, uint8_t shift) {
    asm_.AsrImm(dst, tagged, shift);  // asr x9, x10, #shift
  }

  void CheckLength(X base, uint32_t offset, uint32_t length, Label reject) {
    asm_.LdrImm(kBranchScratch, base, offset);  // ldr x16, [base, #offset]
    asm_.CmpImm(kBranchScratch, length);        // cmp x16, #length
    asm_.BCond(Cond::kNe, reject);              // b.ne <reject>
  }
  void RejectIfZero(X base, uint32_t offset, Label reject) {
    asm_.LdrImm(kBranchScratch, base, offset);  // ldr x16, [base, #offset]
    asm_.Cbz(kBranchScratch, reject);           // cbz x16, <reject>
  }
  // Struct pieces start at multiples of 8 (HFA members: of their size), so
  // every scaled offset is exact. The high piece is loaded into x16 first, as
  // base may be dst; a 7-byte piece's high load overlaps byte 3, which both
  // loads read alike.
  void LoadBytes(X dst, X base, uint32_t offset, uint8_t bytes) {
    switch (bytes) {
      case 1: asm_.LdrNarrowImm(Extend::kUxtb, dst, base, offset); return;  // ldrb wd, [base, #off]
      case 2: asm_.LdrNarrowImm(Extend::kUxth, dst, base, offset); return;  // ldrh wd, [base, #off]
      case 4: asm_.LdrWImm(dst, base, offset); return;                      // ldr wd, [base, #off]
      case 8: asm_.LdrImm(dst, base, offset); return;                       // ldr xd, [base, #off]
      case 3:
        asm_.LdrNarrowImm(Extend::kUxtb, kBranchScratch, base, offset + 2);  // ldrb w16, [base, #off+2]
        asm_.LdrNarrowImm(Extend::kUxth, dst, base, offset);                 // ldrh wd, [base, #off]
        asm_.OrrLsl(dst, dst, kBranchScratch, 16);                           // orr xd, xd, x16, lsl #16
        return;
      case 5:
      case 6:
        asm_.LdrNarrowImm(bytes == 5 ? Extend::kUxtb : Extend::kUxth, kBranchScratch, base,
                          offset + 4);                      // ldrb/ldrh w16, [base, #off+4]
        asm_.LdrWImm(dst, base, offset);                    // ldr wd, [base, #off]
        asm_.OrrLsl(dst, dst, kBranchScratch, 32);          // orr xd, xd, x16, lsl #32
        return;
      case 7:
        asm_.LdurW(kBranchScratch, base, static_cast<int32_t>(offset + 3));  // ldur w16, [base, #off+3]
        asm_.LdrWImm(dst, base, offset);                                      // ldr wd, [base, #off]
        asm_.OrrLsl(dst, dst, kBranchScratch, 24);                            // orr xd, xd, x16, lsl #24
        return;
    }
  }
  void LoadFpBytes(V dst, X base, uint32_t offset, uint8_t bytes) {
    if (bytes == 4) {
      asm_.LdrSImm(dst, base, offset);  // ldr sd, [base, #off]
    } else {
      asm_.LdrDImm(dst, base, offset);  // ldr dd, [base, #off]
    }
  }
  // A result part (offsets below 256): 3, 5, 6 and 7 bytes take two
  // overlapping stores, the upper one after shifting src down.
  void StoreBytes(X base, uint32_t offset, uint8_t bytes, X src) {
    if (bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8) {
      asm_.Stur(src, base, static_cast<int32_t>(offset), bytes);  // stur(b|h) x/w src, [base, #off]
      return;
    }
    const uint8_t low = bytes < 4 ? 2 : 4;  // the width of each of the two stores
    asm_.Stur(src, base, static_cast<int32_t>(offset), low);                       // stur(h) w src, [base, #off]
    asm_.LsrImm(src, src, 8u * (bytes - low));                                      // lsr src, src, #8*(bytes-low)
    asm_.Stur(src, base, static_cast<int32_t>(offset + bytes - low), low);         // stur(h) w src, [base, #upper]
  }
  void StoreFpBytes(X base, uint32_t offset, uint8_t bytes, V src) {
    asm_.SturFp(src, base, static_cast<int32_t>(offset), bytes);  // stur s/d src, [base, #off]
  }
  void AddressOf(X dst, Slot slot) { asm_.AddImm(dst, slot.base, slot.offset); }  // add xd, sp, #off

 private:
  Assembler asm_;
};

using LinuxPrimitives = A64Primitives<abi::kAapcs64>;
using ApplePrimitives = A64Primitives<abi::kAppleArm64>;
static_assert(StubPrimitives<LinuxPrimitives> && StubPrimitives<ApplePrimitives>);

template <typename Primitives>
std::optional<EmittedStub> EmitFor(const StubRequest& request, std::string* why_not) {
  if (request.code_address % 4 != 0) {
    if (why_not != nullptr) *why_not = "code_address is not 4-byte aligned";
    return std::nullopt;
  }
  return EmitStub<Primitives>(request, why_not);
}

}  // namespace

std::optional<EmittedStub> EmitAArch64Stub(const StubRequest& request, std::string* why_not) {
  return EmitFor<LinuxPrimitives>(request, why_not);
}

std::optional<EmittedStub> EmitAppleArm64Stub(const StubRequest& request, std::string* why_not) {
  return EmitFor<ApplePrimitives>(request, why_not);
}

std::vector<uint8_t> EmitAArch64ClosedStub(const ClosedStubArgument& argument, uint64_t handler) {
  return EmitClosedStub<LinuxPrimitives>(argument, handler);
}

}  // namespace zerocall::jit
