// aarch64_stub.cc: the AArch64 (AAPCS64, Linux) fast-call stub emitter.
// Drops V8's receiver (and options pointer), shifts the GP arguments down one
// register, then tail-calls the C target, or calls it and normalises a narrow result.

#include <cstdint>

#include "jit/a64_assembler.h"
#include "jit/code_buffer.h"
#include "jit/fast_stub.h"
#include "jit/stub_plan.h"

namespace zerocall::jit {
namespace {

using a64::Assembler;
using a64::Cond;
using a64::Extend;
using a64::X;
using a64::XReg;

// Register convention (AAPCS64 6.4.1 / 6.8.2, Linux):
//   at entry (V8's view): x0 = receiver; x1..x7 = GP params 0..6; v0..v7 = FP
//     params 0..7 (s for f32, d for f64); everything else in 8-byte stack slots
//     in argument order, slot k at [sp + 8k]; the options pointer, if any, is the
//     last GP-class argument.
//   at the C call: x0..x7 = GP params 0..7; v0..v7 unchanged; stack slot j at [sp + 8j].
//   x9: scratch for stack-slot copies (temporary register, not an argument).
//   x16 (IP0): absolute branch target (intra-procedure-call scratch, 6.4.1).
//   x29/x30: saved and restored by the normalising path only (frame record).
//   x0/v0: the result, untouched except for narrow normalisation.
constexpr X kSlotScratch = X::kX9;
constexpr X kBranchScratch = X::kX16;

// sp must be 16-byte aligned at every public interface (AAPCS64 6.4.5.1).
constexpr uint32_t kStackAlignment = 16;
constexpr uint32_t kSlotSize = 8;
constexpr uint32_t kFrameRecordSize = 16;  // x29 + x30

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

// An addressable stack slot: base register + byte offset.
struct Slot {
  X base;
  uint32_t offset;
};

class A64StubEmitter {
 public:
  A64StubEmitter(const StubRequest& request, const StubPlan& plan)
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
  // V8's stack slot k: at sp on entry, above the frame record once it exists.
  Slot IncomingSlot(uint16_t k, bool frame) const {
    return frame ? Slot{X::kX29, kFrameRecordSize + kSlotSize * k} : Slot{X::kSp, kSlotSize * k};
  }
  // The C target's stack slot j: in place for a jump, at the new sp for a call.
  Slot OutgoingSlot(uint16_t j) const { return Slot{X::kSp, kSlotSize * j}; }

  void EmitPrologue() {
    asm_.StpPreFpLr();                  // stp x29, x30, [sp, #-16]!
    asm_.AddImm(X::kX29, X::kSp, 0);    // mov x29, sp
    const uint32_t bytes = plan_.c_stack_slots * kSlotSize;
    const uint32_t aligned = (bytes + kStackAlignment - 1) / kStackAlignment * kStackAlignment;
    if (aligned != 0) asm_.SubImm(X::kSp, X::kSp, aligned);  // sub sp, sp, #<outgoing args>
    outgoing_area_ = aligned;
  }

  // GP param i moves from x(i+1) to x(i); ascending order reads each register
  // before it is overwritten (x0, the receiver, first).
  void EmitRegisterShifts() {
    for (const ParamRoute& route : plan_.params) {
      if (route.from.kind != ArgLocation::Kind::kGpr) continue;
      const X dst = XReg(route.to.index);
      const X src = XReg(route.from.index);
      const Widening widening = ParamWidening(route.type);
      if (widening == Widening::kNone) {
        asm_.MovReg(dst, src);  // mov xd, xn
      } else {
        asm_.ExtendReg(ToExtend(widening), dst, src);  // sxtb/uxtb/sxth/uxth wd, wn
      }
    }
  }

  // The 8th C GP param (x7) arrives in V8's first GP stack slot. Runs after
  // the shifts, which read x7 into x6.
  void EmitStackToRegister(bool frame) {
    for (const ParamRoute& route : plan_.params) {
      if (route.from.kind != ArgLocation::Kind::kStack ||
          route.to.kind != ArgLocation::Kind::kGpr) {
        continue;
      }
      const Slot src = IncomingSlot(route.from.index, frame);
      const Widening widening = ParamWidening(route.type);
      if (widening == Widening::kNone) {
        asm_.LdrImm(XReg(route.to.index), src.base, src.offset);  // ldr x7, [slot]
      } else {
        // ldrsb/ldrb/ldrsh/ldrh w7, [slot]: the value is in the slot's low bytes (little-endian).
        asm_.LdrNarrowImm(ToExtend(widening), XReg(route.to.index), src.base, src.offset);
      }
    }
  }

  // Remaining stack arguments (GP and FP interleaved, one 8-byte slot each).
  // When jumping, the incoming area belongs to the callee and is rewritten in
  // place: slots after the one loaded into x7 move down by 8; ascending order
  // never overwrites an unread slot. When calling, every slot is copied.
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
      const Slot src = IncomingSlot(route.from.index, frame);
      const Slot dst = OutgoingSlot(route.to.index);
      if (widening == Widening::kNone) {
        asm_.LdrImm(kSlotScratch, src.base, src.offset);  // ldr x9, [in slot]
      } else {
        asm_.LdrNarrowImm(ToExtend(widening), kSlotScratch, src.base, src.offset);  // ldrsb.. w9, [in slot]
      }
      asm_.StrImm(kSlotScratch, dst.base, dst.offset);  // str x9, [out slot]
    }
  }

  // b/bl when the stub's address is known and the target is within +-128 MiB;
  // otherwise movz/movk x16 and br/blr x16.
  void EmitBranch(bool is_call) {
    if (request_.code_address != 0 && request_.target % 4 == 0) {
      const uint64_t here = request_.code_address + asm_.offset();
      const int64_t rel = static_cast<int64_t>(request_.target - here);
      if (rel >= -Assembler::kBranchRange && rel < Assembler::kBranchRange) {
        if (is_call) {
          asm_.Bl(static_cast<int32_t>(rel));  // bl target
        } else {
          asm_.B(static_cast<int32_t>(rel));  // b target
        }
        return;
      }
    }
    asm_.MovImm64(kBranchScratch, request_.target);  // movz/movk x16, target
    if (is_call) {
      asm_.Blr(kBranchScratch);  // blr x16
    } else {
      asm_.Br(kBranchScratch);  // br x16
    }
  }

  void EmitNormaliseAndReturn() {
    const Widening widening = ResultWidening(request_.result);
    if (widening == Widening::kBoolResult) {
      asm_.TstLowByte(X::kX0);        // tst w0, #0xff
      asm_.Cset(X::kX0, Cond::kNe);   // cset w0, ne
    } else if (widening != Widening::kNone) {
      asm_.ExtendReg(ToExtend(widening), X::kX0, X::kX0);  // sxtb/uxtb/sxth/uxth w0, w0
    }
    if (outgoing_area_ != 0) asm_.AddImm(X::kSp, X::kX29, 0);  // mov sp, x29
    asm_.LdpPostFpLr();               // ldp x29, x30, [sp], #16
    asm_.Ret();                       // ret
  }

  const StubRequest& request_;
  const StubPlan& plan_;
  CodeBuffer buffer_;
  Assembler asm_;
  uint32_t outgoing_area_ = 0;  // bytes below the frame record for C stack arguments
};

}  // namespace

std::optional<EmittedStub> EmitAArch64Stub(const StubRequest& request, std::string* why_not) {
  if (request.code_address % 4 != 0) {
    if (why_not != nullptr) *why_not = "code_address is not 4-byte aligned";
    return std::nullopt;
  }
  std::optional<StubPlan> plan = PlanStub(request, kAArch64Shape, why_not);
  if (!plan) return std::nullopt;
  return A64StubEmitter(request, *plan).Emit();
}

}  // namespace zerocall::jit
