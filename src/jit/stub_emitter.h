// stub_emitter.h: the fast-call stub emitter shared by every ABI. It owns the
// step sequence and the walks over the StubPlan; a per-ABI "primitives" class
// only emits single instructions (see StubEmitter below for what it provides).
// Header-only: a template, instantiated once in each <abi>_stub.cc.

#ifndef ZEROCALL_JIT_STUB_EMITTER_H_
#define ZEROCALL_JIT_STUB_EMITTER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "jit/code_buffer.h"
#include "jit/fast_stub.h"
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

// Emits one stub for `plan`. Without a frame the stub shuffles the arguments
// and tail-calls the target; with one (narrow result) it calls the target,
// normalises the result and returns. Either way, kResolvedPointer and
// kResolvedInteger params are resolved first, at entry (EmitResolves).
//
// Primitives must provide:
//   types     Reg, Slot (an addressable stack slot), Extend (assembler widening)
//   constants kShape (AbiShape), kResult, kSlotScratch (Reg),
//             kResolveValue, kResolveContext (Reg: the resolver routine's
//             in/out registers, resolver.h), kSlotSize, kStackAlignment (bytes)
//   static    Reg GpArg(index); Slot IncomingSlot(k, frame); Slot OutgoingSlot(j, frame);
//             Slot Field(base, offset) (the memory operand [base + offset]);
//             std::optional<int32_t> NearDisplacement(insn_address, target)
//   emitters  explicit Primitives(CodeBuffer&);
//             Prologue(outgoing_bytes); Epilogue(outgoing_bytes);
//             MoveReg(dst, src); ExtendReg(ext, dst, src);
//             LoadSlot(dst, slot); LoadSlotExtended(ext, dst, slot); StoreSlot(slot, src);
//             CallNear(rel); JumpNear(rel); CallFar(target); JumpFar(target);
//             NormaliseBool(reg);
//             LoadImm64(dst, imm); CallResolver(resolver) (reaches the routine
//             with the convention of resolver.h, returns after it);
//             ReturnZeroIfFailed() (returns 0 to V8 when kResolveContext != 0;
//             entry state only: nothing pushed);
//             SkipIfNotSmi(tagged, bytes) (branches over the next `bytes` bytes
//             when bit 0 of `tagged` is set); Skip(bytes) (branches over the next
//             `bytes` bytes); UntagSmi(dst, tagged, shift) (dst = tagged >> shift,
//             arithmetic, 64-bit; may clobber `tagged`)
//   constant  kTagged (Reg: holds the tagged word during the Smi check; may be
//             kResolveContext, which only the resolver call needs)
template <typename Primitives>
class StubEmitter {
 public:
  using Reg = typename Primitives::Reg;
  using Slot = typename Primitives::Slot;

  StubEmitter(const StubRequest& request, const StubPlan& plan)
      : request_(request), plan_(plan), abi_(buffer_) {}

  EmittedStub Emit() {
    const bool frame = plan_.needs_frame;
    EmitResolves();
    if (frame) EmitPrologue();
    EmitRegisterShifts();
    EmitStackToRegister(frame);
    EmitStackToStack(frame);
    EmitBranch(/*is_call=*/frame);
    if (frame) EmitNormaliseAndReturn();
    return {buffer_.Take(), !frame, plan_.options};
  }

 private:
  // Each resolved param (kResolvedPointer, kResolvedInteger), in order, before
  // anything else: the resolver routine gets its incoming value and its context
  // word; on failure the stub returns 0 at once (no frame yet, the target is
  // never called); otherwise the routine's answer replaces the value in the
  // param's incoming register or V8 stack slot, and from there on the param is
  // a plain 64-bit word. The routine preserves every argument register, so the
  // other params survive the call. kResolvedInteger first tries the Smi
  // shortcut (EmitSmiShortcut), which skips the call.
  void EmitResolves() {
    for (size_t i = 0; i < plan_.params.size(); ++i) {
      const ParamRoute& route = plan_.params[i];
      if (!IsResolvedKind(route.type)) continue;
      constexpr Reg value = Primitives::kResolveValue;
      if (route.from.kind == ArgLocation::Kind::kGpr) {
        abi_.MoveReg(value, Primitives::GpArg(route.from.index));
      } else {
        abi_.LoadSlot(value, Primitives::IncomingSlot(route.from.index, /*frame=*/false));
      }
      if (route.type == StubValue::kResolvedInteger) {
        EmitSmiShortcut(i);
      } else {
        EmitResolverCall(abi_, i);
      }
      if (route.from.kind == ArgLocation::Kind::kGpr) {
        abi_.MoveReg(Primitives::GpArg(route.from.index), value);
      } else {
        abi_.StoreSlot(Primitives::IncomingSlot(route.from.index, /*frame=*/false), value);
      }
    }
  }

  // kResolveValue = the resolver's answer for param i, or the stub returns 0.
  // Position-independent (EmitSmiShortcut emits it apart and copies it in).
  void EmitResolverCall(Primitives& out, size_t i) {
    out.LoadImm64(Primitives::kResolveContext, request_.resolver_context[i]);
    out.CallResolver(request_.resolver);
    out.ReturnZeroIfFailed();
  }

  // kResolveValue holds the address of the slot with the tagged value. Lays out
  //              tagged = [value]
  //              skip `smi` if tagged is not a Smi (bit 0 set)
  //     smi:     value = tagged >> smi_shift; skip `resolve`
  //     resolve: EmitResolverCall
  // and falls through to the write-back. The two tails are emitted first into
  // buffers of their own, which gives both forward displacements. Both are
  // position-independent (absolute addresses; pc-relative forms only within
  // themselves), so they move into the stub as plain bytes.
  void EmitSmiShortcut(size_t i) {
    constexpr Reg value = Primitives::kResolveValue;
    constexpr Reg tagged = Primitives::kTagged;
    CodeBuffer resolve;
    Primitives resolve_abi(resolve);
    EmitResolverCall(resolve_abi, i);
    CodeBuffer smi;
    Primitives smi_abi(smi);
    smi_abi.UntagSmi(value, tagged, request_.smi_shift);
    smi_abi.Skip(static_cast<uint32_t>(resolve.size()));

    abi_.LoadSlot(tagged, Primitives::Field(value, 0));
    abi_.SkipIfNotSmi(tagged, static_cast<uint32_t>(smi.size()));
    buffer_.EmitBytes(smi.bytes());
    buffer_.EmitBytes(resolve.bytes());
  }

  // Frame setup plus the outgoing stack-argument area, rounded up so sp stays
  // aligned at the call.
  void EmitPrologue() {
    const uint32_t bytes = plan_.c_stack_slots * Primitives::kSlotSize;
    const uint32_t align = Primitives::kStackAlignment;
    outgoing_bytes_ = (bytes + align - 1) / align * align;
    abi_.Prologue(outgoing_bytes_);
  }

  // GP param i moves from argument register i+1 to i (V8's receiver occupies
  // register 0). Ascending order reads each register before the next move
  // overwrites it.
  void EmitRegisterShifts() {
    for (const ParamRoute& route : plan_.params) {
      if (route.from.kind != ArgLocation::Kind::kGpr) continue;
      Move(ParamWidening(route.type), Primitives::GpArg(route.to.index),
           Primitives::GpArg(route.from.index));
      Dereference(route.type, Primitives::GpArg(route.to.index));
    }
  }

  // The last C GP argument register is fed from V8's first GP stack slot. Runs
  // after the shifts, which read that register into the one below it.
  void EmitStackToRegister(bool frame) {
    for (const ParamRoute& route : plan_.params) {
      if (route.from.kind != ArgLocation::Kind::kStack ||
          route.to.kind != ArgLocation::Kind::kGpr) {
        continue;
      }
      Load(ParamWidening(route.type), Primitives::GpArg(route.to.index),
           Primitives::IncomingSlot(route.from.index, frame));
      Dereference(route.type, Primitives::GpArg(route.to.index));
    }
  }

  // Remaining stack arguments (GP and FP interleaved, one slot each). When
  // jumping, the incoming area belongs to the callee and is rewritten in place:
  // slots after the one that went to a register move down by one; ascending
  // order never overwrites an unread slot. When calling, every slot is copied
  // into the new frame.
  void EmitStackToStack(bool frame) {
    for (const ParamRoute& route : plan_.params) {
      if (route.from.kind != ArgLocation::Kind::kStack ||
          route.to.kind != ArgLocation::Kind::kStack) {
        continue;
      }
      const Widening widening = ParamWidening(route.type);
      if (!frame && route.from.index == route.to.index && widening == Widening::kNone &&
          route.type != StubValue::kTypedArrayData) {
        continue;  // already where the callee looks
      }
      Load(widening, Primitives::kSlotScratch, Primitives::IncomingSlot(route.from.index, frame));
      Dereference(route.type, Primitives::kSlotScratch);
      abi_.StoreSlot(Primitives::OutgoingSlot(route.to.index, frame), Primitives::kSlotScratch);
    }
  }

  // A pc-relative branch when the stub's final address is known and the
  // target is in reach; otherwise an absolute one through a scratch register.
  void EmitBranch(bool is_call) {
    if (request_.code_address != 0) {
      const uint64_t here = request_.code_address + buffer_.size();
      if (std::optional<int32_t> rel = Primitives::NearDisplacement(here, request_.target)) {
        if (is_call) {
          abi_.CallNear(*rel);
        } else {
          abi_.JumpNear(*rel);
        }
        return;
      }
    }
    if (is_call) {
      abi_.CallFar(request_.target);
    } else {
      abi_.JumpFar(request_.target);
    }
  }

  // Narrow results: C only defines the low 8/16 bits (and a bool's low byte),
  // but V8 reads the whole 32-bit register.
  void EmitNormaliseAndReturn() {
    const Widening widening = ResultWidening(request_.result);
    if (widening == Widening::kBoolResult) {
      abi_.NormaliseBool(Primitives::kResult);
    } else if (widening != Widening::kNone) {
      Move(widening, Primitives::kResult, Primitives::kResult);
    }
    abi_.Epilogue(outgoing_bytes_);
  }

  // Register copy, sign/zero-extending narrow kinds to 32 bits.
  void Move(Widening widening, Reg dst, Reg src) {
    if (widening == Widening::kNone) {
      abi_.MoveReg(dst, src);
    } else {
      abi_.ExtendReg(ToExtend<typename Primitives::Extend>(widening), dst, src);
    }
  }

  // A typed-array argument arrives as a pointer to its descriptor: C gets the
  // data pointer stored in it.
  void Dereference(StubValue type, Reg reg) {
    if (type == StubValue::kTypedArrayData) {
      abi_.LoadSlot(reg, Primitives::Field(reg, kTypedArrayDataOffset));
    }
  }

  // Stack slot load, sign/zero-extending narrow kinds to 32 bits.
  void Load(Widening widening, Reg dst, Slot src) {
    if (widening == Widening::kNone) {
      abi_.LoadSlot(dst, src);
    } else {
      abi_.LoadSlotExtended(ToExtend<typename Primitives::Extend>(widening), dst, src);
    }
  }

  const StubRequest& request_;
  const StubPlan& plan_;
  CodeBuffer buffer_;  // before abi_, whose assembler writes into it
  Primitives abi_;
  uint32_t outgoing_bytes_ = 0;  // C stack-argument area below the frame (frame only)
};

// Plans `request` for the ABI and emits its stub, or explains the refusal.
template <typename Primitives>
std::optional<EmittedStub> EmitStub(const StubRequest& request, std::string* why_not) {
  std::optional<StubPlan> plan = PlanStub(request, Primitives::kShape, why_not);
  if (!plan) return std::nullopt;
  return StubEmitter<Primitives>(request, *plan).Emit();
}

}  // namespace zerocall::jit

#endif  // ZEROCALL_JIT_STUB_EMITTER_H_
