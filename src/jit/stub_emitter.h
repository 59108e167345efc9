// stub_emitter.h: the fast-call stub emitter shared by every ABI. It owns the
// step sequence and the walks over the StubPlan; a per-ABI "primitives" class
// only emits single instructions (the StubPrimitives concept, stub_primitives.h).
// Header-only: a template, instantiated once in each <abi>_stub.cc.

#ifndef ZEROCALL_JIT_STUB_EMITTER_H_
#define ZEROCALL_JIT_STUB_EMITTER_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jit/stub_entry_emitter.h"

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
class StubEmitter : public StubEntryEmitter<Primitives> {
  using Entry = StubEntryEmitter<Primitives>;
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
  using Core::frame_bytes_;
  using Core::outgoing_bytes_;
  using Entry::EmitEntry;
  using Entry::EmitRejectTails;

 public:
  StubEmitter(const StubRequest& request, const StubPlan& plan) : Entry(request, plan) {}

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
  // Frame setup plus the outgoing stack-argument area and above it the area
  // for by-reference struct copies, each rounded up so sp stays aligned at
  // the call.
  void EmitPrologue() {
    const uint32_t align = Primitives::kStackAlignment;
    const auto aligned = [align](uint32_t bytes) { return (bytes + align - 1) / align * align; };
    outgoing_bytes_ = aligned(plan_.c_stack_slots * kUnit);
    frame_bytes_ = outgoing_bytes_ + aligned(plan_.copy_bytes);
    abi_.Prologue(frame_bytes_);
  }

  // Bytes per stack index (abi::Abi::stack_unit()).
  static constexpr uint32_t kUnit = Primitives::kAbi.stack_unit();
  // Where the ABI packs stack arguments (Apple arm64), a stack access moves
  // exactly the argument's bytes: V8's size when reading its slots, C's when
  // writing the target's, so that no store reaches into a neighbour. Elsewhere
  // every slot is a whole 8-byte word.
  static constexpr bool kPacked = Primitives::kAbi.packs_stack_arguments;
  uint8_t SourceBytes(const ShuffleMove& move) const {
    const StubParam& param = request_.params[move.param];
    return static_cast<uint8_t>(V8ArgBytes(param.value, param.arrival));
  }
  uint8_t DestinationBytes(const ShuffleMove& move) const {
    return static_cast<uint8_t>(CArgBytes(request_.params[move.param].value));
  }
  void StoreWord(Slot slot, Reg src, uint8_t bytes) {
    if constexpr (kPacked) {
      abi_.StoreSlotBytes(slot, src, bytes);
    } else {
      abi_.StoreSlot(slot, src);
    }
  }
  void LoadWord(Widening widening, Reg dst, Slot slot, uint8_t bytes) {
    if constexpr (kPacked) {
      if (widening == Widening::kNone) return abi_.LoadSlotBytes(dst, slot, bytes);
    }
    Load(widening, dst, slot);
  }
  void StoreFloat(Slot slot, FReg src, uint8_t bytes) {
    if constexpr (kPacked) {
      abi_.StoreFpSlotBytes(slot, src, bytes);
    } else {
      abi_.StoreFp(slot, src);
    }
  }
  void LoadFloat(FReg dst, Slot slot, uint8_t bytes) {
    if constexpr (kPacked) {
      abi_.LoadFpSlotBytes(dst, slot, bytes);
    } else {
      abi_.LoadFp(dst, slot);
    }
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
          StoreWord(SlotAt(move.to, frame), RegAt(move.from), DestinationBytes(move));
          return;
        }
        const Reg dst = IsReg(move.to) ? RegAt(move.to) : Primitives::kSlotScratch;
        if (IsReg(move.from)) {
          Move(widening, dst, RegAt(move.from));
        } else {
          LoadWord(widening, dst, SlotAt(move.from, frame), SourceBytes(move));
        }
        if (deref) abi_.LoadSlot(dst, Primitives::Field(dst, kTypedArrayDataOffset));
        if (!IsReg(move.to)) StoreWord(SlotAt(move.to, frame), dst, DestinationBytes(move));
        return;
      }
      case MoveOp::kFloat:
      case MoveOp::kSaveFloat:
        if (IsFReg(move.from) && IsFReg(move.to)) {
          abi_.MoveFp(FRegAt(move.to), FRegAt(move.from));
        } else if (IsFReg(move.to)) {
          LoadFloat(FRegAt(move.to), SlotAt(move.from, frame), SourceBytes(move));
        } else if (IsFReg(move.from)) {
          StoreFloat(SlotAt(move.to, frame), FRegAt(move.from), DestinationBytes(move));
        } else {
          LoadWord(Widening::kNone, Primitives::kSlotScratch, SlotAt(move.from, frame), SourceBytes(move));
          StoreWord(SlotAt(move.to, frame), Primitives::kSlotScratch, DestinationBytes(move));
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
        if (!IsReg(move.to)) StoreWord(SlotAt(move.to, frame), dst, DestinationBytes(move));
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
    // A packed HFA member on the stack takes its own 4 or 8 bytes; any other
    // part a whole 8-byte slot.
    if (!IsReg(move.to)) StoreWord(SlotAt(move.to, frame), dst, route.part.is_float ? route.part.bytes : 8);
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
    const uint32_t first_slot = (outgoing_bytes_ + route.copy_offset) / kUnit;
    for (uint32_t offset = 0; offset < size; offset += Primitives::kSlotSize) {
      const uint32_t bytes = std::min<uint32_t>(Primitives::kSlotSize, size - offset);
      abi_.LoadBytes(Primitives::kCopyScratch, base, offset, bytes);
      abi_.StoreSlot(Primitives::OutgoingSlot(static_cast<uint16_t>(first_slot + offset / kUnit), frame),
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
    return Primitives::OutgoingSlot(static_cast<uint16_t>((outgoing_bytes_ + route.copy_offset) / kUnit), true);
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
