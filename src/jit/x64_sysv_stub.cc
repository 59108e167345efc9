// x64_sysv_stub.cc: the x86-64 System V fast-call stub emitter.
// Drops V8's receiver (and options pointer), shifts the GP arguments down one
// register, then tail-calls the C target, or calls it and normalises a narrow result.

#include <cstdint>

#include "jit/code_buffer.h"
#include "jit/fast_stub.h"
#include "jit/stub_plan.h"
#include "jit/x64_assembler.h"

namespace zerocall::jit {
namespace {

using x64::Assembler;
using x64::Extend;
using x64::Gp;
using x64::Mem;

// Register convention (x86-64 SysV psABI 3.2.3):
//   at entry (V8's view): rdi = receiver; rsi rdx rcx r8 r9 = GP params 0..4;
//     xmm0..7 = FP params 0..7; everything else in 8-byte stack slots in argument
//     order, slot k at [rsp + 8 + 8k] (rsp points at the return address);
//     the options pointer, if any, is the last GP-class argument.
//   at the C call: rdi rsi rdx rcx r8 r9 = GP params 0..5; xmm0..7 unchanged;
//     the rest in stack slots, slot j at [rsp + 8 + 8j] when jumping.
//   r10: scratch for stack-slot copies (caller-saved, not an argument register).
//   r11: absolute branch target (caller-saved scratch, psABI figure 3.4).
//   rbp: frame pointer of the normalising path only (callee-saved: pushed, restored by leave).
//   rax/xmm0: the result, untouched except for narrow normalisation.
constexpr Gp kGpArgRegs[6] = {Gp::kRdi, Gp::kRsi, Gp::kRdx, Gp::kRcx, Gp::kR8, Gp::kR9};
constexpr Gp kSlotScratch = Gp::kR10;
constexpr Gp kBranchScratch = Gp::kR11;

// The psABI requires rsp to be 16-byte aligned at every call (3.2.2); at entry
// it is 8 bytes off (the return address), so after `push rbp` it is aligned again.
constexpr int32_t kStackAlignment = 16;
constexpr int32_t kSlotSize = 8;

Extend ToExtend(Widening widening) {
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

class X64StubEmitter {
 public:
  X64StubEmitter(const StubRequest& request, const StubPlan& plan)
      : request_(request), plan_(plan), asm_(buffer_) {}

  EmittedStub Emit() {
    const bool frame = plan_.needs_frame;
    if (frame) EmitPrologue();
    EmitRegisterShifts();
    EmitStackToRegister(frame);
    EmitStackToStack(frame);
    EmitBranch(/*is_call=*/frame);
    if (frame) EmitNormaliseAndReturn();
    return {buffer_.Take(), !frame, plan_.options};
  }

 private:
  // Where V8's stack slot k is: above the return address at entry, or above
  // the saved rbp and return address once the frame exists.
  Mem IncomingSlot(uint16_t k, bool frame) const {
    return frame ? Mem{Gp::kRbp, 2 * kSlotSize + kSlotSize * k}
                 : Mem{Gp::kRsp, kSlotSize + kSlotSize * k};
  }
  // Where the C target's stack slot j is: in place for a jump, at the bottom
  // of the new frame for a call.
  Mem OutgoingSlot(uint16_t j, bool frame) const {
    return frame ? Mem{Gp::kRsp, kSlotSize * j} : Mem{Gp::kRsp, kSlotSize + kSlotSize * j};
  }

  void EmitPrologue() {
    asm_.Push(Gp::kRbp);             // push rbp
    asm_.MovRegReg(Gp::kRbp, Gp::kRsp);  // mov rbp, rsp
    const int32_t bytes = plan_.c_stack_slots * kSlotSize;
    const int32_t aligned = (bytes + kStackAlignment - 1) / kStackAlignment * kStackAlignment;
    if (aligned != 0) asm_.SubRspImm(aligned);  // sub rsp, <outgoing args>
  }

  // GP param i moves from register i+1 to register i. Ascending order reads
  // each register before the next move overwrites it (rdi, the receiver, first).
  void EmitRegisterShifts() {
    for (const ParamRoute& route : plan_.params) {
      if (route.from.kind != ArgLocation::Kind::kGpr) continue;
      const Gp dst = kGpArgRegs[route.to.index];
      const Gp src = kGpArgRegs[route.from.index];
      const Widening widening = ParamWidening(route.type);
      if (widening == Widening::kNone) {
        asm_.MovRegReg(dst, src);  // mov dst, src
      } else {
        asm_.ExtendRegReg(ToExtend(widening), dst, src);  // movsx/movzx dst32, src8/16
      }
    }
  }

  // The 6th C GP param (r9) arrives in V8's first GP stack slot. Runs after
  // the shifts, which read r9 into r8.
  void EmitStackToRegister(bool frame) {
    for (const ParamRoute& route : plan_.params) {
      if (route.from.kind != ArgLocation::Kind::kStack ||
          route.to.kind != ArgLocation::Kind::kGpr) {
        continue;
      }
      const Gp dst = kGpArgRegs[route.to.index];
      const Mem src = IncomingSlot(route.from.index, frame);
      const Widening widening = ParamWidening(route.type);
      if (widening == Widening::kNone) {
        asm_.MovRegMem(dst, src);  // mov r9, [slot]
      } else {
        asm_.ExtendRegMem(ToExtend(widening), dst, src);  // movsx/movzx r9d, [slot]
      }
    }
  }

  // Remaining stack arguments (GP and FP interleaved, one slot each). When
  // jumping, the incoming area belongs to the callee and is rewritten in place:
  // slots after the one that went to r9 move down by 8; ascending order never
  // overwrites an unread slot. When calling, every slot is copied to the frame.
  void EmitStackToStack(bool frame) {
    for (const ParamRoute& route : plan_.params) {
      if (route.from.kind != ArgLocation::Kind::kStack ||
          route.to.kind != ArgLocation::Kind::kStack) {
        continue;
      }
      const Widening widening = ParamWidening(route.type);
      if (!frame && route.from.index == route.to.index && widening == Widening::kNone) {
        continue;  // already where the callee looks
      }
      const Mem src = IncomingSlot(route.from.index, frame);
      if (widening == Widening::kNone) {
        asm_.MovRegMem(kSlotScratch, src);  // mov r10, [in slot]
      } else {
        asm_.ExtendRegMem(ToExtend(widening), kSlotScratch, src);  // movsx/movzx r10d, [in slot]
      }
      asm_.MovMemReg(OutgoingSlot(route.to.index, frame), kSlotScratch);  // mov [out slot], r10
    }
  }

  // jmp/call rel32 when the stub's address is known and the target is within
  // +-2 GiB of the next instruction; otherwise through r11.
  void EmitBranch(bool is_call) {
    if (request_.code_address != 0) {
      const uint64_t next = request_.code_address + asm_.offset() + Assembler::kRel32InsnSize;
      const int64_t rel = static_cast<int64_t>(request_.target - next);
      if (rel >= INT32_MIN && rel <= INT32_MAX) {
        if (is_call) {
          asm_.CallRel32(static_cast<int32_t>(rel));  // call target
        } else {
          asm_.JmpRel32(static_cast<int32_t>(rel));  // jmp target
        }
        return;
      }
    }
    asm_.MovImm64(kBranchScratch, request_.target);  // movabs r11, target
    if (is_call) {
      asm_.CallReg(kBranchScratch);  // call r11
    } else {
      asm_.JmpReg(kBranchScratch);  // jmp r11
    }
  }

  void EmitNormaliseAndReturn() {
    const Widening widening = ResultWidening(request_.result);
    if (widening == Widening::kBoolResult) {
      asm_.TestRegReg8(Gp::kRax, Gp::kRax);                // test al, al
      asm_.SetNe(Gp::kRax);                                 // setne al
      asm_.ExtendRegReg(Extend::kUxtb, Gp::kRax, Gp::kRax);  // movzx eax, al
    } else if (widening != Widening::kNone) {
      asm_.ExtendRegReg(ToExtend(widening), Gp::kRax, Gp::kRax);  // movsx/movzx eax, al/ax
    }
    asm_.Leave();  // leave
    asm_.Ret();    // ret
  }

  const StubRequest& request_;
  const StubPlan& plan_;
  CodeBuffer buffer_;
  Assembler asm_;
};

}  // namespace

std::optional<EmittedStub> EmitX64SysVStub(const StubRequest& request, std::string* why_not) {
  std::optional<StubPlan> plan = PlanStub(request, kX64SysVShape, why_not);
  if (!plan) return std::nullopt;
  return X64StubEmitter(request, *plan).Emit();
}

}  // namespace zerocall::jit
