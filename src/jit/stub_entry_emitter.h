// stub_entry_emitter.h: the entry part of a fast-call stub: each param's
// resolve or check, in param order, before anything else, and the reject tails
// after the body (stub_emitter.h runs the whole sequence).

#ifndef ZEROCALL_JIT_STUB_ENTRY_EMITTER_H_
#define ZEROCALL_JIT_STUB_ENTRY_EMITTER_H_

#include "jit/stub_emitter_core.h"

namespace zerocall::jit {

template <StubPrimitives Primitives>
class StubEntryEmitter : public StubEmitterCore<Primitives> {
 protected:
  using Core = StubEmitterCore<Primitives>;
  using Reg = typename Core::Reg;
  using FReg = typename Core::FReg;
  using Slot = typename Core::Slot;
  using Core::abi_;
  using Core::buffer_;
  using Core::plan_;
  using Core::reject_;
  using Core::request_;
  using Core::EmitBranch;
  using Core::Load;
  using Core::Move;

  StubEntryEmitter(const StubRequest& request, const StubPlan& plan) : Core(request, plan) {}

  // Resolves and checks, in param order, before anything else, so that the
  // first failing param is the one reported.
  void EmitEntry() {
    for (size_t i = 0; i < plan_.params.size(); ++i) {
      if (IsResolvedKind(plan_.params[i].type)) EmitResolve(i);
      if (plan_.params[i].type == StubValue::kTypedArrayStruct) EmitTypedArrayStruct(i);
      if (RejectsEmptyTypedArray(plan_.params[i])) EmitEmptyTypedArrayCheck(i);
      if (plan_.params[i].arrival == Arrival::kCheckedF64) EmitCheck(i);
      if (plan_.params[i].arrival == Arrival::kCheckedI64) EmitInt64Check(i);
    }
  }

  // A resolved param (kResolvedPointer, kResolvedInteger, kResolvedStruct,
  // whose answer is the address of its bytes): the resolver routine
  // gets its incoming value and its context word; on failure the stub returns
  // 0 at once (no frame yet, the target is never called); otherwise the
  // routine's answer replaces the value in the param's incoming register or V8
  // stack slot, and from there on the param is a plain 64-bit word. The routine
  // preserves every argument register, so the other params survive the call.
  // kResolvedInteger first tries the Smi shortcut (EmitSmiShortcut), which
  // skips the call.
  void EmitResolve(size_t i) {
    const ParamRoute& route = plan_.params[i];
    constexpr Reg value = Primitives::kResolveValue;
    if (route.from.kind == ArgLocation::Kind::kGpr) {
      abi_.MoveReg(value, Primitives::GpArg(route.from.index));
    } else {
      abi_.LoadSlot(value, Primitives::IncomingSlot(route.from.index, /*frame=*/false));
    }
    if (route.type == StubValue::kResolvedInteger) {
      EmitSmiShortcut(i);
    } else {
      EmitResolverCall(i);
    }
    if (route.from.kind == ArgLocation::Kind::kGpr) {
      abi_.MoveReg(Primitives::GpArg(route.from.index), value);
    } else {
      abi_.StoreSlot(Primitives::IncomingSlot(route.from.index, /*frame=*/false), value);
    }
  }

  // Params that may be rejected at entry: the checked ones, typed-array
  // structs of the wrong length, and empty typed arrays when so requested.
  bool HasRejectTail(const ParamRoute& route) const {
    return IsCheckedArrival(route.arrival) || route.type == StubValue::kTypedArrayStruct ||
           RejectsEmptyTypedArray(route);
  }
  bool RejectsEmptyTypedArray(const ParamRoute& route) const {
    return route.type == StubValue::kTypedArrayData && request_.reject_empty_typed_arrays;
  }

  // A kTypedArrayData param under reject_empty_typed_arrays: branch to its
  // reject tail when the typed array's length is 0. The descriptor stays where
  // V8 put it (the shuffle dereferences it); one on V8's stack is only read,
  // through kSlotScratch.
  void EmitEmptyTypedArrayCheck(size_t i) {
    const ParamRoute& route = plan_.params[i];
    Reg descriptor = Primitives::kSlotScratch;
    if (route.from.kind == ArgLocation::Kind::kGpr) {
      descriptor = Primitives::GpArg(route.from.index);
    } else {
      abi_.LoadSlot(descriptor, Primitives::IncomingSlot(route.from.index, /*frame=*/false));
    }
    abi_.RejectIfZero(descriptor, kTypedArrayLengthOffset, reject_[i]);
  }

  // A kTypedArrayStruct param: branch to its reject tail unless the typed
  // array's length is the struct's size, then replace the descriptor pointer
  // in its incoming register or V8 stack slot (through kSlotScratch) with the
  // data pointer; from there on it is routed like a resolved struct.
  void EmitTypedArrayStruct(size_t i) {
    const ParamRoute& route = plan_.params[i];
    const bool in_register = route.from.kind == ArgLocation::Kind::kGpr;
    const Reg descriptor = in_register ? Primitives::GpArg(route.from.index) : Primitives::kSlotScratch;
    const Slot slot = Primitives::IncomingSlot(route.from.index, /*frame=*/false);
    if (!in_register) abi_.LoadSlot(descriptor, slot);
    abi_.CheckLength(descriptor, kTypedArrayLengthOffset, request_.params[i].shape.size, reject_[i]);
    abi_.LoadSlot(descriptor, Primitives::Field(descriptor, kTypedArrayDataOffset));
    if (!in_register) abi_.StoreSlot(slot, descriptor);
  }

  // A kCheckedF64 param: truncate the double, branch to the param's reject tail
  // unless it fits. The result goes straight into the C register when no param
  // arrives there (converted_at_entry: widened now, the shuffle skips the
  // param); otherwise it is discarded and the shuffle converts again.
  void EmitCheck(size_t i) {
    const ParamRoute& route = plan_.params[i];
    const Reg dst = route.converted_at_entry ? Primitives::GpArg(route.to.index)
                                             : Primitives::kSlotScratch;
    FReg src = Primitives::kFpScratch;
    if (route.from.kind == ArgLocation::Kind::kFpr) {
      src = Primitives::FpArg(route.from.index);
    } else {
      abi_.LoadFp(src, Primitives::IncomingSlot(route.from.index, /*frame=*/false));
    }
    abi_.ConvertChecked(IsSignedCheck(route.type), dst, src, reject_[i]);
    if (route.converted_at_entry) Move(ParamWidening(route.type), dst, dst);
  }

  // A kCheckedI64 param: branch to the param's reject tail unless the int64
  // fits. Nothing is written: the shuffle then moves it like a native param
  // (kWord, narrow kinds widened). An int64 from V8's stack is loaded into
  // kSlotScratch, free at entry.
  void EmitInt64Check(size_t i) {
    const ParamRoute& route = plan_.params[i];
    abi_.CheckInt64(IsSignedCheck(route.type), Int64Source(route), reject_[i]);
  }

  // The register holding a kCheckedI64 param's incoming int64, loading it into
  // kSlotScratch when V8 passed it on the stack (entry state: no frame).
  Reg Int64Source(const ParamRoute& route) {
    if (route.from.kind == ArgLocation::Kind::kGpr) return Primitives::GpArg(route.from.index);
    abi_.LoadSlot(Primitives::kSlotScratch, Primitives::IncomingSlot(route.from.index, /*frame=*/false));
    return Primitives::kSlotScratch;
  }

  // kCallHandler: per checked param, C's first FP argument = the double (still
  // where V8 put it, or the int64 converted from where V8 put it: rejects
  // happen at entry only), first GP argument = its context word, then a tail
  // call to the handler, whose return goes back to V8. The conversion comes
  // first: V8's GP params start at the second GP register, so loading the
  // context cannot overwrite the int64. kSetOptionsFlag: one tail for all.
  void EmitRejectTails() {
    if (request_.reject_mode == RejectMode::kSetOptionsFlag) {
      EmitSetFlagTail();
      return;
    }
    for (size_t i = 0; i < plan_.params.size(); ++i) {
      const ParamRoute& route = plan_.params[i];
      if (!IsCheckedArrival(route.arrival)) continue;
      buffer_.Bind(reject_[i]);
      if (route.arrival == Arrival::kCheckedI64) {
        abi_.ConvertI64(Primitives::FpArg(0), Int64Source(route));
      } else if (route.from.kind == ArgLocation::Kind::kStack) {
        abi_.LoadFp(Primitives::FpArg(0), Primitives::IncomingSlot(route.from.index, /*frame=*/false));
      } else if (route.from.index != 0) {
        abi_.MoveFp(Primitives::FpArg(0), Primitives::FpArg(route.from.index));
      }
      abi_.LoadImm64(Primitives::GpArg(0), request_.params[i].reject_context);
      EmitBranch(request_.reject_handler, /*is_call=*/false);
    }
  }

  // The one reject tail of every checked param under kSetOptionsFlag: set the
  // flag in the options V8 passed (from its register, or loaded into
  // kSlotScratch from V8's stack slot) and return. The value is not needed:
  // V8 re-runs the call through the slow callback, which reports it.
  void EmitSetFlagTail() {
    if (std::none_of(plan_.params.begin(), plan_.params.end(),
                     [this](const ParamRoute& route) { return HasRejectTail(route); })) {
      return;
    }
    buffer_.Bind(reject_.front());
    Reg options = Primitives::kSlotScratch;
    if (plan_.options.kind == ArgLocation::Kind::kGpr) {
      options = Primitives::GpArg(plan_.options.index);
    } else {
      abi_.LoadSlot(options, Primitives::IncomingSlot(plan_.options.index, /*frame=*/false));
    }
    abi_.SetFlagAndReturnZero(options, request_.reject_flag_offset);
  }

  // kResolveValue = the resolver's answer for param i, or the stub returns 0.
  void EmitResolverCall(size_t i) {
    abi_.LoadImm64(Primitives::kResolveContext, request_.params[i].resolver_context);
    abi_.CallResolver(request_.resolver);
    abi_.ReturnZeroIfFailed();
  }

  // kResolveValue holds the address of the slot with the tagged value. Lays out
  //              tagged = [value]
  //              to resolve if tagged is not a Smi (bit 0 set)
  //              value = tagged >> smi_shift; to done
  //     resolve: EmitResolverCall
  //     done:
  // and falls through to the write-back.
  void EmitSmiShortcut(size_t i) {
    constexpr Reg value = Primitives::kResolveValue;
    constexpr Reg tagged = Primitives::kTagged;
    const Label resolve = buffer_.NewLabel();
    const Label done = buffer_.NewLabel();
    abi_.LoadSlot(tagged, Primitives::Field(value, 0));
    abi_.SkipIfNotSmi(tagged, resolve);
    abi_.UntagSmi(value, tagged, request_.smi_shift);
    abi_.Skip(done);
    buffer_.Bind(resolve);
    EmitResolverCall(i);
    buffer_.Bind(done);
  }

};

}  // namespace zerocall::jit

#endif  // ZEROCALL_JIT_STUB_ENTRY_EMITTER_H_
