// x64_sysv_stub.cc: the x86-64 System V fast-call stub emitter: the register
// convention and the instruction primitives StubEmitter (stub_emitter.h) drives.
// Drops V8's receiver (and options pointer), shifts the GP arguments down one
// register, then tail-calls the C target, or calls it and normalises a narrow result.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "jit/closed_stub.h"
#include "jit/code_buffer.h"
#include "jit/fast_stub.h"
#include "jit/stub_emitter.h"
#include "jit/stub_plan.h"
#include "jit/stub_primitives.h"
#include "jit/x64_assembler.h"

namespace zerocall::jit {
namespace {

using x64::Assembler;
using x64::Gp;
using x64::Mem;
using x64::Reach;
using x64::Xmm;

// Register convention (x86-64 SysV psABI 3.2.3):
//   at entry (V8's view): rdi = receiver; rsi rdx rcx r8 r9 = GP params 0..4;
//     xmm0..7 = FP params 0..7; everything else in 8-byte stack slots in argument
//     order, slot k at [rsp + 8 + 8k] (rsp points at the return address);
//     the options pointer, if any, is the last GP-class argument.
//   at the C call: rdi rsi rdx rcx r8 r9 = GP params 0..5; xmm0..7 unchanged;
//     the rest in stack slots, slot j at [rsp + 8 + 8j] when jumping.
//   r10: scratch for stack-slot copies (caller-saved, not an argument register).
//   r11: absolute branch target (caller-saved scratch, psABI figure 3.4).
//   kResolvedPointer/kResolvedInteger pre-pass at entry (nothing pushed yet): r10 = value / pointer
//     and r11 = context / failed, the resolver routine's interface (resolver.h);
//     rax holds the routine's address (caller-saved, free until the result).
//     kResolvedInteger first loads the tagged word into r11 (free until the
//     context is loaded) and, for a Smi, untags it into r10 without the call.
//   kCheckedF64 params (entry checks): cvttsd2si into the C register or r10,
//     r11 = its sign-/zero-extended low half for the compare; xmm15 holds a
//     double that V8 passed on the stack. Reject tails: rdi = context,
//     xmm0 = the double, jmp to the handler (r11 when absolute).
//   kCheckedI64 params (entry checks): the same compare on V8's register, or
//     on r10 loaded from V8's stack slot. Reject tails: cvtsi2sd xmm0 from that
//     register (or r10 reloaded), then as for kCheckedF64.
//   RejectMode::kSetOptionsFlag: one reject tail for all checked params: the
//     options pointer from its register (or r10 loaded from V8's stack slot),
//     mov byte [options + offset], 1; xor eax, eax; ret.
//   kResolvedStruct params: after the resolve, the struct's address replaces
//     the V8 value; each part loads from it (r10 = the address when it sits in
//     a V8 stack slot) into its C register, or into r10 and then its stack
//     slot; r11 holds the upper half of a 3/5/6/7-byte part.
//   kTypedArrayStruct params (entry checks): cmp qword [descriptor], size on
//     V8's register (or r10 loaded from V8's stack slot), jne to the flag tail,
//     then the data pointer replaces the descriptor pointer there.
//   Empty kTypedArrayData params (reject_empty_typed_arrays, entry checks):
//     cmp qword [descriptor], 0 on V8's register (or r10 loaded from V8's
//     stack slot); je to the flag tail.
//   Shuffle cycles: rax (GP-class values) or xmm15 (doubles and floats) hold the
//     value being saved (both caller-saved and free after the entry pass).
//   rbp: frame pointer of the normalising path only (callee-saved: pushed, restored by leave).
//   Variadic targets: mov eax, <vector registers used> right before the branch.
//   errno saving (framed, after the call): r11 = the errno address, r10d = errno,
//     r11 = the slot, mov [r11], r10.
//   rax/xmm0: the result, untouched except for narrow normalisation.
constexpr Gp kGpArgRegs[6] = {Gp::kRdi, Gp::kRsi, Gp::kRdx, Gp::kRcx, Gp::kR8, Gp::kR9};

class X64SysVPrimitives {
 public:
  using Reg = Gp;
  using FReg = Xmm;
  using Slot = Mem;
  using Extend = x64::Extend;

  static constexpr const abi::Abi& kAbi = abi::kX64SysV;
  static constexpr bool kCopiesStructs = false;  // SysV passes no struct by reference
  static constexpr Gp kResult = Gp::kRax;
  static constexpr Gp kSlotScratch = Gp::kR10;
  static constexpr Gp kBranchScratch = Gp::kR11;
  static constexpr Gp kResolveValue = Gp::kR10;    // in: value, out: pointer
  static constexpr Gp kResolveContext = Gp::kR11;  // in: context, out: failed
  static constexpr Gp kResolverAddress = Gp::kRax;
  static constexpr Gp kTagged = Gp::kR11;
  static constexpr Gp kGpScratch = Gp::kRax;
  static constexpr Xmm kFpScratch = Xmm::kXmm15;
  static constexpr Gp kCheckCompare = Gp::kR11;
  static constexpr int32_t kSlotSize = 8;
  // The psABI requires rsp to be 16-byte aligned at every call (3.2.2); at entry
  // it is 8 bytes off (the return address), so after `push rbp` it is aligned again.
  static constexpr int32_t kStackAlignment = 16;

  explicit X64SysVPrimitives(CodeBuffer& buffer) : asm_(buffer) {}

  static Gp GpArg(uint16_t index) { return kGpArgRegs[index]; }
  static Xmm FpArg(uint16_t index) { return x64::XmmReg(index); }
  static Gp ResultGp(uint16_t index) { return index == 0 ? Gp::kRax : Gp::kRdx; }

  // Where V8's stack slot k is: above the return address at entry, or above
  // the saved rbp and return address once the frame exists.
  static Mem IncomingSlot(uint16_t k, bool frame) {
    return frame ? Mem{Gp::kRbp, 2 * kSlotSize + kSlotSize * k}
                 : Mem{Gp::kRsp, kSlotSize + kSlotSize * k};
  }
  // Where the C target's stack slot j is: in place for a jump, at the bottom
  // of the new frame for a call.
  static Mem Field(Gp base, uint32_t offset) { return Mem{base, static_cast<int32_t>(offset)}; }
  static Mem OutgoingSlot(uint16_t j, bool frame) {
    return frame ? Mem{Gp::kRsp, kSlotSize * j} : Mem{Gp::kRsp, kSlotSize + kSlotSize * j};
  }

  // rel32 counts from the end of the 5-byte jmp/call and reaches +-2 GiB.
  static std::optional<int32_t> NearDisplacement(uint64_t insn_address, uint64_t target) {
    const int64_t rel = static_cast<int64_t>(target - (insn_address + Assembler::kRel32InsnSize));
    if (rel < INT32_MIN || rel > INT32_MAX) return std::nullopt;
    return static_cast<int32_t>(rel);
  }

  void Prologue(uint32_t outgoing_bytes) {
    asm_.Push(Gp::kRbp);                 // push rbp
    asm_.MovRegReg(Gp::kRbp, Gp::kRsp);  // mov rbp, rsp
    if (outgoing_bytes != 0) {
      asm_.SubRspImm(static_cast<int32_t>(outgoing_bytes));  // sub rsp, <outgoing args>
    }
  }
  // leave restores rsp from rbp, so the outgoing area needs no explicit pop.
  void Epilogue(uint32_t /*outgoing_bytes*/) {
    asm_.Leave();  // leave
    asm_.Ret();    // ret
  }

  void MoveReg(Gp dst, Gp src) { asm_.MovRegReg(dst, src); }  // mov dst, src
  void ExtendReg(Extend ext, Gp dst, Gp src) {
    asm_.ExtendRegReg(ext, dst, src);  // movsx/movzx dst32, src8/16
  }
  void LoadSlot(Gp dst, Mem src) { asm_.MovRegMem(dst, src); }  // mov dst, [slot]
  void LoadSlotExtended(Extend ext, Gp dst, Mem src) {
    asm_.ExtendRegMem(ext, dst, src);  // movsx/movzx dst32, byte/word [slot]
  }
  void StoreSlot(Mem dst, Gp src) { asm_.MovMemReg(dst, src); }  // mov [slot], src

  void MoveFp(Xmm dst, Xmm src) { asm_.MovapsXmmXmm(dst, src); }   // movaps dst, src
  void LoadFp(Xmm dst, Mem src) { asm_.MovsdXmmMem(dst, src); }     // movsd dst, [slot]
  void StoreFp(Mem dst, Xmm src) { asm_.MovsdMemXmm(dst, src); }    // movsd [slot], src
  void ConvertF64(Gp dst, Xmm src) { asm_.Cvttsd2siRegXmm(dst, src); }  // cvttsd2si dst, src
  void ConvertF64Slot(Gp dst, Mem src) { asm_.Cvttsd2siRegMem(dst, src); }  // cvttsd2si dst, [slot]
  // NaN, infinities and anything beyond int64 give 0x8000000000000000, which
  // fits neither range, so one compare catches everything.
  void ConvertChecked(bool is_signed, Gp dst, Xmm src, Label reject) {
    asm_.Cvttsd2siRegXmm(dst, src);  // cvttsd2si dst, src
    CheckInt64(is_signed, dst, reject);
  }
  // The int64 fits int32 (uint32) iff it equals its own sign- (zero-)extended
  // low half.
  // The reject tails follow the body: rel32.
  void CheckInt64(bool is_signed, Gp src, Label reject) {
    if (is_signed) {
      asm_.MovsxdRegReg(kCheckCompare, src);  // movsxd r11, src32
    } else {
      asm_.MovRegReg32(kCheckCompare, src);  // mov r11d, src32
    }
    asm_.CmpRegReg(kCheckCompare, src);  // cmp r11, src
    asm_.Jnz(reject, Reach::kLong);      // jne <reject>
  }
  void ConvertI64(Xmm dst, Gp src) { asm_.Cvtsi2sdXmmReg(dst, src); }  // cvtsi2sd dst, src
  // At entry rsp points at V8's return address: a plain ret goes back to V8.
  void SetFlagAndReturnZero(Gp base, uint32_t offset) {
    asm_.MovMemImm8(Mem{base, static_cast<int32_t>(offset)}, 1);  // mov byte [base+offset], 1
    asm_.XorRegReg32(kResult, kResult);                           // xor eax, eax
    asm_.Ret();                                                   // ret
  }

  void CallNear(int32_t rel) { asm_.CallRel32(rel); }  // call target
  void JumpNear(int32_t rel) { asm_.JmpRel32(rel); }   // jmp target
  void CallFar(uint64_t target) {
    asm_.MovImm64(kBranchScratch, target);  // movabs r11, target
    asm_.CallReg(kBranchScratch);           // call r11
  }
  void JumpFar(uint64_t target) {
    asm_.MovImm64(kBranchScratch, target);  // movabs r11, target
    asm_.JmpReg(kBranchScratch);            // jmp r11
  }

  // psABI 3.5.7: %al is an upper bound on the vector registers a variadic call
  // uses; callees' va_start may skip saving xmm registers on it. rax is free
  // after the shuffle.
  void SetVectorRegisterCount(uint8_t count) { asm_.MovImm32(Gp::kRax, count); }  // mov eax, count
  void CopyWord32(uint64_t from, uint64_t to) {
    asm_.MovImm64(kBranchScratch, from);                     // movabs r11, from
    asm_.MovRegMem32(kSlotScratch, Mem{kBranchScratch, 0});  // mov r10d, dword [r11]
    asm_.MovImm64(kBranchScratch, to);                       // movabs r11, to
    asm_.MovMemReg(Mem{kBranchScratch, 0}, kSlotScratch);    // mov qword [r11], r10
  }

  // Any nonzero low byte becomes 1.
  void NormaliseBool(Gp reg) {
    asm_.TestRegReg8(reg, reg);                   // test al, al
    asm_.SetNe(reg);                              // setne al
    asm_.ExtendRegReg(Extend::kUxtb, reg, reg);  // movzx eax, al
  }

  void LoadImm64(Gp dst, uint64_t imm) { asm_.MovImm64(dst, imm); }  // movabs dst, imm
  // The routine realigns rsp for its own call, so the stub pushes nothing.
  void CallResolver(uint64_t resolver) {
    asm_.MovImm64(kResolverAddress, resolver);  // movabs rax, resolver
    asm_.CallReg(kResolverAddress);             // call rax
  }
  // At entry rsp points at V8's return address: a plain ret goes back to V8.
  void ReturnZeroIfFailed() {
    const Label succeeded = asm_.NewLabel();
    asm_.TestRegReg(kResolveContext, kResolveContext);  // test r11, r11
    asm_.Jz(succeeded, Reach::kShort);                  // jz <succeeded>
    asm_.XorRegReg32(kResult, kResult);                 // xor eax, eax
    asm_.Ret();                                         // ret
    asm_.Bind(succeeded);
  }

  // The Smi shortcut's spans are a few instructions: rel8.
  void SkipIfNotSmi(Gp tagged, Label resolve) {
    asm_.TestRegImm8(tagged, 1);        // test r11b, 1
    asm_.Jnz(resolve, Reach::kShort);   // jnz <resolve>
  }
  void Skip(Label done) { asm_.Jmp(done, Reach::kShort); }  // jmp <write-back>
  // A struct part: the bytes at [base + offset] alone, zero-extended (the
  // buffer may end right after them). 3, 5, 6 and 7 bytes take two
  // overlapping loads, the upper one into r11 first (base may be dst), shifted
  // into place and ORed in: the bytes both loads cover have the same value.
  void LoadBytes(Gp dst, Gp base, uint32_t offset, uint8_t bytes) {
    const Mem at{base, static_cast<int32_t>(offset)};
    switch (bytes) {
      case 1: asm_.ExtendRegMem(Extend::kUxtb, dst, at); return;  // movzx dst32, byte [base+offset]
      case 2: asm_.ExtendRegMem(Extend::kUxth, dst, at); return;  // movzx dst32, word [base+offset]
      case 4: asm_.MovRegMem32(dst, at); return;                  // mov dst32, dword [base+offset]
      case 8: asm_.MovRegMem(dst, at); return;                    // mov dst, qword [base+offset]
      default: break;
    }
    const uint8_t low = bytes < 4 ? 2 : 4;  // the width of each of the two loads
    const Mem upper{base, static_cast<int32_t>(offset + bytes - low)};
    if (low == 2) {
      asm_.ExtendRegMem(Extend::kUxth, kBranchScratch, upper);  // movzx r11d, word [upper]
    } else {
      asm_.MovRegMem32(kBranchScratch, upper);  // mov r11d, dword [upper]
    }
    asm_.ShlRegImm(kBranchScratch, static_cast<uint8_t>(8 * (bytes - low)));  // shl r11, 8*(bytes-low)
    LoadBytes(dst, base, offset, low);     // the low `low` bytes into dst
    asm_.OrRegReg(dst, kBranchScratch);    // or dst, r11
  }
  void CheckLength(Gp base, uint32_t offset, uint32_t length, Label reject) {
    asm_.CmpMemImm32(Mem{base, static_cast<int32_t>(offset)}, static_cast<int32_t>(length));  // cmp qword [base+offset], length
    asm_.Jnz(reject, Reach::kLong);  // jne <reject>
  }
  void RejectIfZero(Gp base, uint32_t offset, Label reject) {
    asm_.CmpMemImm32(Mem{base, static_cast<int32_t>(offset)}, 0);  // cmp qword [base+offset], 0
    asm_.Jz(reject, Reach::kLong);                                  // je <reject>
  }
  void LoadFpBytes(Xmm dst, Gp base, uint32_t offset, uint8_t bytes) {
    const Mem at{base, static_cast<int32_t>(offset)};
    if (bytes == 4) {
      asm_.MovssXmmMem(dst, at);  // movss dst, dword [base+offset]
    } else {
      asm_.MovsdXmmMem(dst, at);  // movsd dst, qword [base+offset]
    }
  }
  // A result part: 3, 5, 6 and 7 bytes take two overlapping stores, the
  // upper one after shifting src down (the bytes both cover get the same value).
  void StoreBytes(Gp base, uint32_t offset, uint8_t bytes, Gp src) {
    const Mem at{base, static_cast<int32_t>(offset)};
    switch (bytes) {
      case 1: asm_.MovMemReg8(at, src); return;   // mov byte [base+offset], src8
      case 2: asm_.MovMemReg16(at, src); return;  // mov word [base+offset], src16
      case 4: asm_.MovMemReg32(at, src); return;  // mov dword [base+offset], src32
      case 8: asm_.MovMemReg(at, src); return;    // mov qword [base+offset], src
      default: break;
    }
    const uint8_t low = bytes < 4 ? 2 : 4;  // the width of each of the two stores
    StoreBytes(base, offset, low, src);
    asm_.ShrRegImm(src, static_cast<uint8_t>(8 * (bytes - low)));  // shr src, 8*(bytes-low)
    StoreBytes(base, offset + bytes - low, low, src);
  }
  void StoreFpBytes(Gp base, uint32_t offset, uint8_t bytes, Xmm src) {
    const Mem at{base, static_cast<int32_t>(offset)};
    if (bytes == 4) {
      asm_.MovssMemXmm(at, src);  // movss dword [base+offset], src
    } else {
      asm_.MovsdMemXmm(at, src);  // movsd qword [base+offset], src
    }
  }
  void UntagSmi(Gp dst, Gp tagged, uint8_t shift) {
    asm_.SarRegImm(tagged, shift);  // sar r11, shift
    asm_.MovRegReg(dst, tagged);    // mov r10, r11
  }

 private:
  Assembler asm_;
};

static_assert(StubPrimitives<X64SysVPrimitives>);

}  // namespace

std::optional<EmittedStub> EmitX64SysVStub(const StubRequest& request, std::string* why_not) {
  return EmitStub<X64SysVPrimitives>(request, why_not);
}

std::vector<uint8_t> EmitX64ClosedStub(const ClosedStubArgument& argument, uint64_t handler) {
  return EmitClosedStub<X64SysVPrimitives>(argument, handler);
}

}  // namespace zerocall::jit
