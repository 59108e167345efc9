// stub_emitter.h: the fast-call stub emitter shared by every ABI. It owns the
// step sequence and the walks over the StubPlan; a per-ABI "primitives" class
// only emits single instructions (the StubPrimitives concept, stub_primitives.h).
// Header-only: a template, instantiated once in each <abi>_stub.cc.

#ifndef ZEROCALL_JIT_STUB_EMITTER_H_
#define ZEROCALL_JIT_STUB_EMITTER_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jit/code_buffer.h"
#include "jit/fast_stub.h"
#include "jit/stub_plan.h"
#include "jit/stub_primitives.h"

namespace zerocall::jit {

// Emits one stub for `plan`. At entry, in param order, kResolvedPointer,
// kResolvedInteger and kResolvedStruct params are resolved and kCheckedF64/kCheckedI64 params
// checked (EmitEntry); then, without a frame, the stub shuffles the arguments
// (plan.shuffle) and tail-calls the target; with one (narrow result, or C needs
// more stack slots than V8 passed) it calls the target, normalises the result
// and returns. Reject tails for the checked params follow the body: a
// handler call per param, or one tail that sets the options flag.
// The branches to the reject tails name one label per param (one for all
// under kSetOptionsFlag), bound as the tails are emitted: a single pass.
template <StubPrimitives Primitives>
class StubEmitter {
 public:
  using Reg = typename Primitives::Reg;
  using FReg = typename Primitives::FReg;
  using Slot = typename Primitives::Slot;

  StubEmitter(const StubRequest& request, const StubPlan& plan)
      : request_(request), plan_(plan), abi_(buffer_) {
    const Label shared = buffer_.NewLabel();
    for (size_t i = 0; i < plan_.params.size(); ++i) {
      reject_.push_back(request_.reject_mode == RejectMode::kSetOptionsFlag ? shared : buffer_.NewLabel());
    }
  }

  // Nothing if a branch cannot reach its label (a bug, but not a crash).
  std::optional<EmittedStub> Emit() {
    const bool frame = plan_.needs_frame;
    EmitEntry();
    if (frame) EmitPrologue();
    const ParamRoute* stored_result = StoredResult();
    if (stored_result != nullptr) EmitSaveResultAddress(*stored_result);
    for (const ShuffleMove& move : plan_.shuffle) EmitMove(move, frame);
    if (request_.variadic) abi_.SetVectorRegisterCount(plan_.fp_registers);
    EmitBranch(request_.target, /*is_call=*/frame);
    if (stored_result != nullptr) EmitStoreResult(*stored_result);
    if (frame) EmitNormaliseAndReturn();
    EmitRejectTails();
    std::optional<std::vector<uint8_t>> code = buffer_.Finish();
    if (!code) return std::nullopt;
    return EmittedStub{std::move(*code), !frame, plan_.options};
  }

 private:
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

  // Frame setup plus the outgoing stack-argument area and above it the area
  // for by-reference struct copies, each rounded up so sp stays aligned at
  // the call.
  void EmitPrologue() {
    const uint32_t align = Primitives::kStackAlignment;
    const auto aligned = [align](uint32_t bytes) { return (bytes + align - 1) / align * align; };
    outgoing_bytes_ = aligned(plan_.c_stack_slots * Primitives::kSlotSize);
    frame_bytes_ = outgoing_bytes_ + aligned(plan_.copy_bytes);
    abi_.Prologue(frame_bytes_);
  }

  bool IsReg(ShuffleLoc loc) const {
    return loc.kind == ShuffleLoc::Kind::kGpr || loc.kind == ShuffleLoc::Kind::kGpScratch;
  }
  bool IsFReg(ShuffleLoc loc) const {
    return loc.kind == ShuffleLoc::Kind::kFpr || loc.kind == ShuffleLoc::Kind::kFpScratch;
  }
  Reg RegAt(ShuffleLoc loc) const {
    return loc.kind == ShuffleLoc::Kind::kGpScratch ? Primitives::kGpScratch
                                                    : Primitives::GpArg(loc.index);
  }
  FReg FRegAt(ShuffleLoc loc) const {
    return loc.kind == ShuffleLoc::Kind::kFpScratch ? Primitives::kFpScratch
                                                    : Primitives::FpArg(loc.index);
  }
  Slot SlotAt(ShuffleLoc loc, bool frame) const {
    return loc.kind == ShuffleLoc::Kind::kOutgoing ? Primitives::OutgoingSlot(loc.index, frame)
                                                   : Primitives::IncomingSlot(loc.index, frame);
  }

  // One shuffle step. A value bound for a stack slot is built in kSlotScratch
  // unless it can be stored as it is.
  void EmitMove(const ShuffleMove& move, bool frame) {
    const StubValue type = plan_.params[move.param].type;
    const Widening widening =
        move.op == MoveOp::kSaveWord ? Widening::kNone : ParamWidening(type);
    const bool deref = move.op == MoveOp::kWord && type == StubValue::kTypedArrayData;
    switch (move.op) {
      case MoveOp::kWord:
      case MoveOp::kSaveWord: {
        if (IsReg(move.from) && !IsReg(move.to) && widening == Widening::kNone && !deref) {
          abi_.StoreSlot(SlotAt(move.to, frame), RegAt(move.from));
          return;
        }
        const Reg dst = IsReg(move.to) ? RegAt(move.to) : Primitives::kSlotScratch;
        if (IsReg(move.from)) {
          Move(widening, dst, RegAt(move.from));
        } else {
          Load(widening, dst, SlotAt(move.from, frame));
        }
        if (deref) abi_.LoadSlot(dst, Primitives::Field(dst, kTypedArrayDataOffset));
        if (!IsReg(move.to)) abi_.StoreSlot(SlotAt(move.to, frame), dst);
        return;
      }
      case MoveOp::kFloat:
      case MoveOp::kSaveFloat:
        if (IsFReg(move.from) && IsFReg(move.to)) {
          abi_.MoveFp(FRegAt(move.to), FRegAt(move.from));
        } else if (IsFReg(move.to)) {
          abi_.LoadFp(FRegAt(move.to), SlotAt(move.from, frame));
        } else if (IsFReg(move.from)) {
          abi_.StoreFp(SlotAt(move.to, frame), FRegAt(move.from));
        } else {
          abi_.LoadSlot(Primitives::kSlotScratch, SlotAt(move.from, frame));
          abi_.StoreSlot(SlotAt(move.to, frame), Primitives::kSlotScratch);
        }
        return;
      case MoveOp::kLoadPart:
        EmitLoadPart(move, frame);
        return;
      case MoveOp::kCopyStruct:
        if constexpr (Primitives::kCopiesStructs) {
          EmitCopyStruct(move, frame);
        }
        return;
      case MoveOp::kTruncate: {
        const Reg dst = IsReg(move.to) ? RegAt(move.to) : Primitives::kSlotScratch;
        if (IsFReg(move.from)) {
          abi_.ConvertF64(dst, FRegAt(move.from));
        } else {
          abi_.ConvertF64Slot(dst, SlotAt(move.from, frame));
        }
        if (widening != Widening::kNone) Move(widening, dst, dst);
        if (!IsReg(move.to)) abi_.StoreSlot(SlotAt(move.to, frame), dst);
        return;
      }
    }
  }

  // One part of a struct: its address is where the move reads from (a GP
  // register, or a V8 stack slot loaded into kSlotScratch), its bytes go to an
  // FP or GP register, or through kSlotScratch to a stack slot.
  void EmitLoadPart(const ShuffleMove& move, bool frame) {
    const StructPartRoute& route = plan_.params[move.param].parts[move.part];
    Reg base = Primitives::kSlotScratch;
    if (IsReg(move.from)) {
      base = RegAt(move.from);
    } else {
      abi_.LoadSlot(base, SlotAt(move.from, frame));
    }
    if (IsFReg(move.to)) {
      abi_.LoadFpBytes(FRegAt(move.to), base, route.part.offset, route.part.bytes);
      return;
    }
    const Reg dst = IsReg(move.to) ? RegAt(move.to) : Primitives::kSlotScratch;
    abi_.LoadBytes(dst, base, route.part.offset, route.part.bytes);
    if (!IsReg(move.to)) abi_.StoreSlot(SlotAt(move.to, frame), dst);
  }

  // A by-reference struct (framed): its bytes, 8 at a time through
  // kCopyScratch, into the param's place in the copy area above the outgoing
  // slots; then the copy's address into the move's destination (a GP
  // register, or through kSlotScratch a stack slot).
  void EmitCopyStruct(const ShuffleMove& move, bool frame) {
    const ParamRoute& route = plan_.params[move.param];
    Reg base = Primitives::kSlotScratch;
    if (IsReg(move.from)) {
      base = RegAt(move.from);
    } else {
      abi_.LoadSlot(base, SlotAt(move.from, frame));
    }
    const uint32_t size = request_.params[move.param].shape.size;
    const uint32_t first_slot = (outgoing_bytes_ + route.copy_offset) / Primitives::kSlotSize;
    for (uint32_t offset = 0; offset < size; offset += Primitives::kSlotSize) {
      const uint32_t bytes = std::min<uint32_t>(Primitives::kSlotSize, size - offset);
      abi_.LoadBytes(Primitives::kCopyScratch, base, offset, bytes);
      abi_.StoreSlot(Primitives::OutgoingSlot(first_slot + offset / Primitives::kSlotSize, frame),
                     Primitives::kCopyScratch);
    }
    const Reg dst = IsReg(move.to) ? RegAt(move.to) : Primitives::kSlotScratch;
    abi_.AddressOf(dst, Primitives::OutgoingSlot(first_slot, frame));
    if (!IsReg(move.to)) abi_.StoreSlot(SlotAt(move.to, frame), dst);
  }

  // The struct result's buffer when C returns the struct in registers (the
  // stub then has a frame), else null.
  const ParamRoute* StoredResult() const {
    if (!request_.struct_result) return nullptr;
    const ParamRoute& route = plan_.params.back();
    return route.to.kind == ArgLocation::Kind::kNone ? &route : nullptr;
  }
  Slot ResultAddressSlot(const ParamRoute& route) const {
    return Primitives::OutgoingSlot((outgoing_bytes_ + route.copy_offset) / Primitives::kSlotSize, true);
  }

  // Before the shuffle overwrites it: the buffer's address (resolved at entry)
  // from where V8 passed it into its frame slot.
  void EmitSaveResultAddress(const ParamRoute& route) {
    Reg address = Primitives::kSlotScratch;
    if (route.from.kind == ArgLocation::Kind::kGpr) {
      address = Primitives::GpArg(route.from.index);
    } else {
      abi_.LoadSlot(address, Primitives::IncomingSlot(route.from.index, /*frame=*/true));
    }
    abi_.StoreSlot(ResultAddressSlot(route), address);
  }

  // After the call: each part of the struct from its result register into
  // the buffer, exactly its bytes (the buffer ends with the struct).
  void EmitStoreResult(const ParamRoute& route) {
    constexpr Reg base = Primitives::kSlotScratch;
    abi_.LoadSlot(base, ResultAddressSlot(route));
    for (const StructPartRoute& part : route.parts) {
      if (part.to.kind == ArgLocation::Kind::kFpr) {
        abi_.StoreFpBytes(base, part.part.offset, part.part.bytes, Primitives::FpArg(part.to.index));
      } else {
        abi_.StoreBytes(base, part.part.offset, part.part.bytes, Primitives::ResultGp(part.to.index));
      }
    }
  }

  // A pc-relative branch when the stub's final address is known and the
  // target is in reach; otherwise an absolute one through a scratch register.
  void EmitBranch(uint64_t target, bool is_call) {
    if (request_.code_address != 0) {
      const uint64_t here = request_.code_address + buffer_.size();
      if (std::optional<int32_t> rel = Primitives::NearDisplacement(here, target)) {
        if (is_call) {
          abi_.CallNear(*rel);
        } else {
          abi_.JumpNear(*rel);
        }
        return;
      }
    }
    if (is_call) {
      abi_.CallFar(target);
    } else {
      abi_.JumpFar(target);
    }
  }

  // Narrow results: C only defines the low 8/16 bits (and a bool's low byte),
  // but V8 reads the whole 32-bit register. errno is saved before anything
  // else in the stub could call code that sets it (nothing does).
  void EmitNormaliseAndReturn() {
    if (request_.errno_slot != 0) abi_.CopyWord32(request_.errno_address, request_.errno_slot);
    const Widening widening = ResultWidening(request_.result);
    if (widening == Widening::kBoolResult) {
      abi_.NormaliseBool(Primitives::kResult);
    } else if (widening != Widening::kNone) {
      Move(widening, Primitives::kResult, Primitives::kResult);
    }
    abi_.Epilogue(frame_bytes_);
  }

  // Register copy, sign/zero-extending narrow kinds to 32 bits.
  void Move(Widening widening, Reg dst, Reg src) {
    if (widening == Widening::kNone) {
      if (dst != src) abi_.MoveReg(dst, src);
    } else {
      abi_.ExtendReg(ToExtend<typename Primitives::Extend>(widening), dst, src);
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
  uint32_t frame_bytes_ = 0;     // that area plus the struct copies (frame only)
  std::vector<Label> reject_;    // per param: where its reject tail starts
};

// Plans `request` for the ABI and emits its stub, or explains the refusal.
template <StubPrimitives Primitives>
std::optional<EmittedStub> EmitStub(const StubRequest& request, std::string* why_not) {
  std::optional<StubPlan> plan = PlanStub(request, Primitives::kAbi, why_not);
  if (!plan) return std::nullopt;
  std::optional<EmittedStub> stub = StubEmitter<Primitives>(request, *plan).Emit();
  if (!stub && why_not != nullptr) *why_not = "a branch in the stub does not reach its label";
  return stub;
}

}  // namespace zerocall::jit

#endif  // ZEROCALL_JIT_STUB_EMITTER_H_
