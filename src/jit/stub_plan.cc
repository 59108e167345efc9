// stub_plan.cc: argument classification shared by the x64 SysV and AArch64 stub
// emitters. The receiver takes the first GP argument and the options pointer the
// last GP argument in V8's view; the C view has neither.

#include "jit/stub_plan.h"

#include <string>
#include <utility>

namespace zerocall::jit {
namespace {

// Hands out argument locations in order, like the ABI's NGRN/NSRN/NSAA counters
// (AAPCS64 6.8.2 stage A; psABI 3.2.3 "the next available register of the
// sequence", otherwise "pushed on the stack").
class LocationAllocator {
 public:
  explicit LocationAllocator(AbiShape shape) : shape_(shape) {}

  ArgLocation Next(bool is_float) {
    uint16_t& used = is_float ? fp_used_ : gp_used_;
    const uint16_t limit = is_float ? shape_.fp_arg_regs : shape_.gp_arg_regs;
    if (used < limit) {
      return {is_float ? ArgLocation::Kind::kFpr : ArgLocation::Kind::kGpr, used++};
    }
    // Every stack argument takes one 8-byte slot, floats and narrow ints included
    // (psABI 3.2.3 eightbytes; AAPCS64 C.16 rounds sizes up to 8 on Linux).
    return {ArgLocation::Kind::kStack, stack_used_++};
  }

  uint16_t stack_used() const { return stack_used_; }

 private:
  AbiShape shape_;
  uint16_t gp_used_ = 0;
  uint16_t fp_used_ = 0;
  uint16_t stack_used_ = 0;
};

bool Fail(std::string* why_not, std::string reason) {
  if (why_not != nullptr) *why_not = std::move(reason);
  return false;
}

// A resolved param (kResolvedPointer, kResolvedInteger) needs the resolver
// routine and its own nonzero context word (the stub passes it to the routine as
// a ResolveContext*); kResolvedInteger also needs a Smi shift the stub can untag
// with.
bool CheckResolver(const StubRequest& request, size_t i, std::string* why_not) {
  const std::string param =
      "parameter " + std::to_string(i) + " (" + StubValueName(request.params[i]) + ")";
  if (request.resolver == 0) return Fail(why_not, param + " needs a resolver");
  if (request.resolver_context.size() != request.params.size()) {
    return Fail(why_not, param + " needs resolver_context: one word per parameter (" +
                             std::to_string(request.resolver_context.size()) + " for " +
                             std::to_string(request.params.size()) + ")");
  }
  if (request.resolver_context[i] == 0) return Fail(why_not, param + " has a null resolver_context");
  if (request.params[i] == StubValue::kResolvedInteger &&
      (request.smi_shift < 1 || request.smi_shift > 63)) {
    return Fail(why_not, param + " needs smi_shift in 1..63 (got " +
                             std::to_string(request.smi_shift) + ")");
  }
  return true;
}

}  // namespace

bool IsFloatKind(StubValue value) {
  return value == StubValue::kF32 || value == StubValue::kF64;
}

bool IsNarrowKind(StubValue value) { return ParamWidening(value) != Widening::kNone; }

bool IsResolvedKind(StubValue value) {
  return value == StubValue::kResolvedPointer || value == StubValue::kResolvedInteger;
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
    case StubValue::kF32:
    case StubValue::kF64:
      return Widening::kNone;
  }
  return Widening::kNone;
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
    case StubValue::kF32: return "f32";
    case StubValue::kF64: return "f64";
  }
  return "?";
}

std::optional<StubPlan> PlanStub(const StubRequest& request, AbiShape shape,
                                 std::string* why_not) {
  if (request.target == 0) {
    Fail(why_not, "target address is null");
    return std::nullopt;
  }
  if (request.params.size() > kMaxStubParams) {
    Fail(why_not, "too many parameters (" + std::to_string(request.params.size()) +
                      " > " + std::to_string(kMaxStubParams) + ")");
    return std::nullopt;
  }
  for (size_t i = 0; i < request.params.size(); ++i) {
    if (request.params[i] == StubValue::kVoid) {
      Fail(why_not, "parameter " + std::to_string(i) + " is void");
      return std::nullopt;
    }
    if (IsResolvedKind(request.params[i]) && !CheckResolver(request, i, why_not)) {
      return std::nullopt;
    }
  }

  StubPlan plan;
  LocationAllocator v8_view(shape);
  LocationAllocator c_view(shape);
  v8_view.Next(/*is_float=*/false);  // the receiver: first GP argument, dropped
  plan.params.reserve(request.params.size());
  for (StubValue type : request.params) {
    // kResolvedPointer, kResolvedInteger and kTypedArrayData arrive and leave as
    // GP-class 64-bit words.
    const bool is_float = IsFloatKind(type);
    ArgLocation from = v8_view.Next(is_float);
    ArgLocation to = c_view.Next(is_float);
    plan.params.push_back({type, from, to});
  }
  if (request.options_arg) {
    plan.options = v8_view.Next(/*is_float=*/false);  // last GP-class argument
  }
  plan.v8_stack_slots = v8_view.stack_used();
  plan.c_stack_slots = c_view.stack_used();
  plan.needs_frame = IsNarrowKind(request.result);
  return plan;
}

}  // namespace zerocall::jit
