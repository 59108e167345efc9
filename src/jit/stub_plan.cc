// stub_plan.cc: argument classification shared by the x64 SysV and AArch64 stub
// emitters. The receiver takes the first GP argument and the options pointer the
// last GP argument in V8's view; the C view has neither.

#include "jit/stub_plan.h"

#include <string>
#include <utility>

namespace zerocall::jit {
namespace {

// Where a struct result's buffer goes: the hidden result pointer (its register
// taken from `c_view` first when it is the first argument register), or, for a
// struct returned in registers, its result-register parts and a frame slot for
// the buffer's address.
ParamRoute StructResultRoute(const StubParam& param, ArgLocation from, const abi::Abi& abi,
                             abi::LocationAllocator* c_view, uint16_t* copy_bytes) {
  ParamRoute route{param.value, from, {}, param.arrival, false, {}};
  route.result_buffer = true;
  const abi::StructPassing passing = abi.classify_struct(param.shape);
  if (passing.kind != abi::StructPassing::Kind::kRegisters) {
    route.to = abi.indirect_result_register == 0 ? c_view->Next(/*is_float=*/false)
                                                 : ArgLocation{ArgLocation::Kind::kGpr, abi.indirect_result_register};
    return route;
  }
  // Result registers are numbered like argument registers from a fresh start
  // (x86-64: rax, rdx / xmm0, xmm1; AArch64: x0, x1 / v0-v3).
  abi::LocationAllocator results(abi);
  for (const abi::StructPartLocation& part : results.NextStruct(passing)) route.parts.push_back({part.part, part.at});
  route.copy_offset = *copy_bytes;
  *copy_bytes = static_cast<uint16_t>(*copy_bytes + 8);
  return route;
}

ShuffleLoc SourceLoc(ArgLocation at) {
  switch (at.kind) {
    case ArgLocation::Kind::kGpr: return {ShuffleLoc::Kind::kGpr, at.index};
    case ArgLocation::Kind::kFpr: return {ShuffleLoc::Kind::kFpr, at.index};
    case ArgLocation::Kind::kStack:
    case ArgLocation::Kind::kNone:
      break;
  }
  return {ShuffleLoc::Kind::kIncoming, at.index};
}

// Without a frame the C target's stack slots are V8's, rewritten in place.
ShuffleLoc DestinationLoc(ArgLocation at, bool frame) {
  if (at.kind != ArgLocation::Kind::kStack) return SourceLoc(at);
  return {frame ? ShuffleLoc::Kind::kOutgoing : ShuffleLoc::Kind::kIncoming, at.index};
}

MoveOp OpFor(const ParamRoute& route) {
  if (route.arrival == Arrival::kCheckedF64) return MoveOp::kTruncate;
  return IsFloatKind(route.type) ? MoveOp::kFloat : MoveOp::kWord;
}

// A move onto its own source that changes nothing (a narrow kind or a typed
// array still needs its in-place widening or dereference).
bool IsNoOp(const ShuffleMove& move, StubValue type) {
  if (!(move.from == move.to)) return false;
  if (move.op == MoveOp::kFloat) return true;
  return move.op == MoveOp::kWord && ParamWidening(type) == Widening::kNone &&
         type != StubValue::kTypedArrayData;
}

}  // namespace

// The shuffle is a parallel move: every move reads one location and writes one
// other, each location is written at most once, and a location is read by one
// move, or by one per part of the struct whose address it holds (kLoadPart).
// So every location has at most one writer: the moves form disjoint trees
// hanging off at most one cycle each. Repeatedly emit the first pending move
// (in param order) whose destination no other pending move still reads; a
// chain thus runs from its free end back to its start. When none qualifies,
// only cycles (with their trees) remain: copy the destination of the first
// pending move into a scratch register (GP or FP by the kind of value there),
// let every move that read it read the scratch instead, and continue; that
// component has no cycle left and drains completely before another cycle is
// broken, so one scratch register of each class suffices. Params in param
// order with nothing in the way (every request without kCheckedF64 params)
// come out in param order.
void PlanShuffle(StubPlan* plan) {
  std::vector<ShuffleMove> pending;
  for (size_t i = 0; i < plan->params.size(); ++i) {
    const ParamRoute& route = plan->params[i];
    if (route.converted_at_entry) continue;
    if (route.result_buffer && route.to.kind == ArgLocation::Kind::kNone) continue;  // saved, not passed
    if (route.by_reference) {
      pending.push_back({static_cast<uint16_t>(i), MoveOp::kCopyStruct, SourceLoc(route.from),
                         DestinationLoc(route.to, plan->needs_frame), 0});
      continue;
    }
    for (size_t k = 0; k < route.parts.size(); ++k) {
      pending.push_back({static_cast<uint16_t>(i), MoveOp::kLoadPart, SourceLoc(route.from),
                         DestinationLoc(route.parts[k].to, plan->needs_frame),
                         static_cast<uint16_t>(k)});
    }
    if (!route.parts.empty()) continue;
    const ShuffleMove move{static_cast<uint16_t>(i), OpFor(route), SourceLoc(route.from),
                           DestinationLoc(route.to, plan->needs_frame), 0};
    if (!IsNoOp(move, route.type)) pending.push_back(move);
  }
  // The pending move other than `self` that reads `loc`, or pending.size().
  auto reader_of = [&pending](ShuffleLoc loc, size_t self) {
    for (size_t j = 0; j < pending.size(); ++j) {
      if (j != self && pending[j].from == loc) return j;
    }
    return pending.size();
  };
  plan->shuffle.clear();
  while (!pending.empty()) {
    size_t ready = 0;
    while (ready < pending.size() && reader_of(pending[ready].to, ready) != pending.size()) ++ready;
    if (ready < pending.size()) {
      plan->shuffle.push_back(pending[ready]);
      pending.erase(pending.begin() + static_cast<ptrdiff_t>(ready));
      continue;
    }
    const ShuffleLoc saved = pending[0].to;
    const ShuffleMove& reader = pending[reader_of(saved, 0)];
    // kFloat and kTruncate read FP bits; kWord and kLoadPart a GP word.
    const bool fp = reader.op == MoveOp::kFloat || reader.op == MoveOp::kTruncate;
    const ShuffleLoc scratch{fp ? ShuffleLoc::Kind::kFpScratch : ShuffleLoc::Kind::kGpScratch, 0};
    plan->shuffle.push_back(
        {reader.param, fp ? MoveOp::kSaveFloat : MoveOp::kSaveWord, saved, scratch, 0});
    for (ShuffleMove& move : pending) {
      if (move.from == saved) move.from = scratch;
    }
  }
}

bool IsFloatKind(StubValue value) {
  return value == StubValue::kF32 || value == StubValue::kF64;
}

bool IsNarrowKind(StubValue value) { return ParamWidening(value) != Widening::kNone; }

bool IsResolvedKind(StubValue value) {
  return value == StubValue::kResolvedPointer || value == StubValue::kResolvedInteger ||
         value == StubValue::kResolvedStruct;
}

bool IsStructKind(StubValue value) {
  return value == StubValue::kResolvedStruct || value == StubValue::kTypedArrayStruct;
}

bool IsCheckableKind(StubValue value) {
  return value == StubValue::kI8 || value == StubValue::kU8 || value == StubValue::kI16 ||
         value == StubValue::kU16 || value == StubValue::kI32 || value == StubValue::kU32;
}

bool IsCheckedArrival(Arrival arrival) {
  return arrival == Arrival::kCheckedF64 || arrival == Arrival::kCheckedI64;
}

bool IsSignedCheck(StubValue value) {
  return value == StubValue::kI8 || value == StubValue::kI16 || value == StubValue::kI32;
}

const char* ArrivalName(Arrival arrival) {
  switch (arrival) {
    case Arrival::kNative: return "native";
    case Arrival::kCheckedF64: return "checked_f64";
    case Arrival::kCheckedI64: return "checked_i64";
  }
  return "?";
}

Widening ParamWidening(StubValue value) {
  switch (value) {
    case StubValue::kBool: return Widening::kZeroByte;
    case StubValue::kI8: return Widening::kSignByte;
    case StubValue::kU8: return Widening::kZeroByte;
    case StubValue::kI16: return Widening::kSignHalf;
    case StubValue::kU16: return Widening::kZeroHalf;
    case StubValue::kVoid:
    case StubValue::kI32:
    case StubValue::kU32:
    case StubValue::kI64:
    case StubValue::kU64:
    case StubValue::kPointer:
    case StubValue::kTypedArrayData:
    case StubValue::kResolvedPointer:
    case StubValue::kResolvedInteger:
    case StubValue::kResolvedStruct:
    case StubValue::kTypedArrayStruct:
    case StubValue::kF32:
    case StubValue::kF64:
      return Widening::kNone;
  }
  return Widening::kNone;
}

uint32_t CArgBytes(StubValue value) {
  switch (value) {
    case StubValue::kBool:
    case StubValue::kI8:
    case StubValue::kU8:
      return 1;
    case StubValue::kI16:
    case StubValue::kU16:
      return 2;
    case StubValue::kI32:
    case StubValue::kU32:
    case StubValue::kF32:
      return 4;
    default:
      return 8;
  }
}

uint32_t V8ArgBytes(StubValue value, Arrival arrival) {
  if (arrival != Arrival::kNative) return 8;  // a double or an int64
  if (value == StubValue::kBool) return 1;
  return IsNarrowKind(value) ? 4 : CArgBytes(value);
}

Widening ResultWidening(StubValue value) {
  // Both ABIs leave the bits above a narrow result unspecified (x86-64 psABI
  // 3.1.2 defines only bits 0..7 of a _Bool, nothing above a char/short;
  // AAPCS64 6.9: unused bits of a result register are unspecified), so the
  // stub normalises them itself. bool additionally maps any nonzero byte to 1.
  return value == StubValue::kBool ? Widening::kBoolResult : ParamWidening(value);
}

const char* StubValueName(StubValue value) {
  switch (value) {
    case StubValue::kVoid: return "void";
    case StubValue::kBool: return "bool";
    case StubValue::kI8: return "i8";
    case StubValue::kU8: return "u8";
    case StubValue::kI16: return "i16";
    case StubValue::kU16: return "u16";
    case StubValue::kI32: return "i32";
    case StubValue::kU32: return "u32";
    case StubValue::kI64: return "i64";
    case StubValue::kU64: return "u64";
    case StubValue::kPointer: return "ptr";
    case StubValue::kTypedArrayData: return "typed_array";
    case StubValue::kResolvedPointer: return "resolved_ptr";
    case StubValue::kResolvedInteger: return "resolved_int";
    case StubValue::kResolvedStruct: return "resolved_struct";
    case StubValue::kTypedArrayStruct: return "typed_array_struct";
    case StubValue::kF32: return "f32";
    case StubValue::kF64: return "f64";
  }
  return "?";
}

std::optional<StubPlan> PlanStub(const StubRequest& request, const abi::Abi& abi,
                                 std::string* why_not) {
  if (!CheckStubRequest(request, abi, why_not)) return std::nullopt;

  StubPlan plan;
  abi::LocationAllocator v8_view(abi);
  abi::LocationAllocator c_view(abi);
  v8_view.Next(/*is_float=*/false);  // the receiver: first GP argument, dropped
  plan.params.reserve(request.params.size());
  const size_t c_params = request.params.size() - (request.struct_result ? 1 : 0);
  std::optional<ParamRoute> result_route;
  if (request.struct_result) {
    // The hidden pointer comes before every C argument; V8 passes the buffer last.
    const StubParam& buffer = request.params.back();
    abi::LocationAllocator v8_after_params = v8_view;
    for (size_t i = 0; i < c_params; ++i) {
      const StubParam& param = request.params[i];
      v8_after_params.Next(IsFloatKind(param.value) || param.arrival == Arrival::kCheckedF64,
                           V8ArgBytes(param.value, param.arrival));
    }
    result_route = StructResultRoute(buffer, v8_after_params.Next(/*is_float=*/false), abi, &c_view, &plan.copy_bytes);
  }
  for (size_t i = 0; i < c_params; ++i) {
    const StubParam& param = request.params[i];
    // kResolvedPointer, kResolvedInteger and kTypedArrayData arrive and leave as
    // GP-class 64-bit words; a checked double arrives FP-class and leaves
    // GP-class; a checked int64 is GP-class on both sides, like a native integer.
    const StubValue type = param.value;
    const Arrival arrival = param.arrival;
    const bool is_float = IsFloatKind(type);
    ArgLocation from = v8_view.Next(is_float || arrival == Arrival::kCheckedF64, V8ArgBytes(type, arrival));
    if (IsStructKind(type)) {
      const abi::StructPassing passing = abi.classify_struct(param.shape);
      ParamRoute route{type, from, {}, arrival, false, {}};
      for (const abi::StructPartLocation& part : c_view.NextStruct(passing)) {
        route.parts.push_back({part.part, part.at});
      }
      if (passing.kind == abi::StructPassing::Kind::kByReference) {
        // Each copy at an 8-byte boundary (no field is aligned to more).
        route.to = c_view.Next(/*is_float=*/false);
        route.by_reference = true;
        route.copy_offset = plan.copy_bytes;
        plan.copy_bytes = static_cast<uint16_t>(plan.copy_bytes + (param.shape.size + 7) / 8 * 8);
      }
      plan.params.push_back(std::move(route));
      continue;
    }
    ArgLocation to = c_view.Next(is_float, CArgBytes(type));
    plan.params.push_back({type, from, to, arrival, false, {}});
  }
  if (result_route) {
    v8_view.Next(/*is_float=*/false);  // the buffer, located above
    plan.params.push_back(std::move(*result_route));
  }
  if (request.options_arg) {
    plan.options = v8_view.Next(/*is_float=*/false);  // last GP-class argument
  }
  for (ParamRoute& route : plan.params) {
    if (route.arrival != Arrival::kCheckedF64 || route.to.kind != ArgLocation::Kind::kGpr) continue;
    bool read = false;
    for (const ParamRoute& other : plan.params) read = read || other.from == route.to;
    // A flag reject reads the options pointer after every entry check.
    read = read || (request.reject_mode == RejectMode::kSetOptionsFlag && plan.options == route.to);
    route.converted_at_entry = !read;
  }
  plan.v8_stack_slots = v8_view.stack_used();
  plan.c_stack_slots = c_view.stack_used();
  // A copy must outlive the call, so it lives in the stub's frame.
  plan.fp_registers = static_cast<uint8_t>(c_view.fp_used());
  plan.needs_frame = IsNarrowKind(request.result) || plan.c_stack_slots > plan.v8_stack_slots ||
                     plan.copy_bytes > 0 || request.errno_slot != 0 ||
                     (abi.packs_stack_arguments && plan.c_stack_slots > 0);
  PlanShuffle(&plan);
  return plan;
}

}  // namespace zerocall::jit
