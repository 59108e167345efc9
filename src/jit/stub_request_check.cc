// stub_request_check.cc: what a StubRequest must say before it is planned (the
// refusals PlanStub reports): parameter kinds, struct shapes and their bytes,
// resolvers, reject modes, the struct result and the errno pair.

#include "jit/stub_plan.h"

#include <string>

namespace zerocall::jit {
namespace {

bool Fail(std::string* why_not, std::string reason) {
  if (why_not != nullptr) *why_not = std::move(reason);
  return false;
}

std::string ParamName(const StubRequest& request, size_t i) {
  return "parameter " + std::to_string(i) + " (" + StubValueName(request.params[i].value) + ")";
}

// A struct param (kResolvedStruct, kTypedArrayStruct) needs a shape.
bool CheckStruct(const StubParam& param, const std::string& name, std::string* why_not) {
  if (param.shape.size == 0) return Fail(why_not, name + " has an empty struct");
  return true;
}

// The stub copies structs part by part, so their bytes bound its length.
bool CheckStructBytes(const StubRequest& request, std::string* why_not) {
  size_t bytes = 0;
  const size_t copied = request.params.size() - (request.struct_result ? 1 : 0);  // not the result buffer
  for (size_t i = 0; i < copied; ++i) {
    if (IsStructKind(request.params[i].value)) bytes += request.params[i].shape.size;
  }
  if (bytes <= kMaxStubStructBytes) return true;
  return Fail(why_not, "struct parameters of " + std::to_string(bytes) + " bytes in all (at most " +
                           std::to_string(kMaxStubStructBytes) + ")");
}

// A resolved param (kResolvedPointer, kResolvedInteger, kResolvedStruct) needs the resolver
// routine and its own nonzero context word (the stub passes it to the routine as
// a ResolveContext*); kResolvedInteger also needs a Smi shift the stub can untag
// with.
bool CheckResolver(const StubRequest& request, size_t i, std::string* why_not) {
  const StubParam& param = request.params[i];
  const std::string name = ParamName(request, i);
  if (request.resolver == 0) return Fail(why_not, name + " needs a resolver");
  if (param.resolver_context == 0) return Fail(why_not, name + " has a null resolver_context");
  if (param.value == StubValue::kResolvedStruct && !CheckStruct(param, name, why_not)) return false;
  if (param.value == StubValue::kResolvedInteger && (request.smi_shift < 1 || request.smi_shift > 63)) {
    return Fail(why_not, name + " needs smi_shift in 1..63 (got " +
                             std::to_string(request.smi_shift) + ")");
  }
  return true;
}

// Checked params need a way to reject: a handler, or the options argument whose
// flag the stub sets.
bool CheckRejectMode(const StubRequest& request, const std::string& name, std::string* why_not) {
  switch (request.reject_mode) {
    case RejectMode::kCallHandler:
      if (request.reject_handler == 0) return Fail(why_not, name + " needs a reject_handler");
      return true;
    case RejectMode::kSetOptionsFlag:
      if (!request.options_arg) return Fail(why_not, name + " sets an options flag but has no options_arg");
      if (request.reject_flag_offset > kMaxRejectFlagOffset) {
        return Fail(why_not, "reject_flag_offset " + std::to_string(request.reject_flag_offset) +
                                 " > " + std::to_string(kMaxRejectFlagOffset));
      }
      return true;
  }
  return Fail(why_not, name + " has an unknown reject_mode");
}

// A kTypedArrayStruct param: a shape, and a wrong length rejected through the
// options flag (the only reject that needs no value).
bool CheckTypedArrayStruct(const StubRequest& request, size_t i, std::string* why_not) {
  const std::string name = ParamName(request, i);
  if (!CheckStruct(request.params[i], name, why_not)) return false;
  if (request.reject_mode != RejectMode::kSetOptionsFlag) {
    return Fail(why_not, name + " rejects a wrong length through the options flag only (reject_mode)");
  }
  return CheckRejectMode(request, name, why_not);
}

// A kTypedArrayData param under reject_empty_typed_arrays: an empty one is
// rejected through the options flag, like a wrong-length typed-array struct.
bool CheckEmptyTypedArrayReject(const StubRequest& request, size_t i, std::string* why_not) {
  const std::string name = ParamName(request, i);
  if (request.reject_mode != RejectMode::kSetOptionsFlag) {
    return Fail(why_not, name + " rejects an empty typed array through the options flag only (reject_mode)");
  }
  return CheckRejectMode(request, name, why_not);
}

// kCheckedF64 and kCheckedI64 only on the kinds the stub can check, and then
// with a way to reject.
bool CheckArrival(const StubRequest& request, size_t i, std::string* why_not) {
  const Arrival arrival = request.params[i].arrival;
  if (arrival == Arrival::kNative) return true;
  const std::string name = ParamName(request, i);
  if (!IsCheckedArrival(arrival)) return Fail(why_not, name + " has an unknown arrival");
  if (!IsCheckableKind(request.params[i].value)) {
    return Fail(why_not, name + " cannot arrive as a checked " +
                             (arrival == Arrival::kCheckedF64 ? "double" : "int64") +
                             " (i8 u8 i16 u16 i32 u32 only)");
  }
  return CheckRejectMode(request, name, why_not);
}

// A struct result: V8 gets void, the last param is the struct buffer.
bool CheckStructResult(const StubRequest& request, std::string* why_not) {
  if (!request.struct_result) return true;
  if (request.params.empty() || !IsStructKind(request.params.back().value)) {
    return Fail(why_not, "a struct result needs a struct buffer as the last parameter");
  }
  if (request.result != StubValue::kVoid) return Fail(why_not, "a struct result returns void to V8");
  return true;
}

}  // namespace

bool CheckStubRequest(const StubRequest& request, const abi::Abi& abi, std::string* why_not) {
  if (request.target == 0) {
    Fail(why_not, "target address is null");
    return false;
  }
  if (request.params.size() > kMaxStubParams) {
    Fail(why_not, "too many parameters (" + std::to_string(request.params.size()) +
                      " > " + std::to_string(kMaxStubParams) + ")");
    return false;
  }
  for (size_t i = 0; i < request.params.size(); ++i) {
    const StubValue value = request.params[i].value;
    if (value == StubValue::kVoid) {
      Fail(why_not, "parameter " + std::to_string(i) + " is void");
      return false;
    }
    if (IsStructKind(value) && abi.classify_struct == nullptr) {
      Fail(why_not, ParamName(request, i) + ": this ABI's stubs do not pass structs");
      return false;
    }
    if (value == StubValue::kTypedArrayStruct && !CheckTypedArrayStruct(request, i, why_not)) {
      return false;
    }
    if (value == StubValue::kTypedArrayData && request.reject_empty_typed_arrays &&
        !CheckEmptyTypedArrayReject(request, i, why_not)) {
      return false;
    }
    if (IsResolvedKind(value) && !CheckResolver(request, i, why_not)) return false;
    if (!CheckArrival(request, i, why_not)) return false;
  }
  if (!CheckStructBytes(request, why_not) || !CheckStructResult(request, why_not)) return false;
  if (request.variadic && abi.variadic_arguments_on_stack) {
    // Which params are the "..." part is not in the request, and on this ABI
    // it decides where they go (LocationAllocator::NextVariadic).
    Fail(why_not, std::string("variadic targets are not planned for ") + abi.name + " (libffi calls them)");
    return false;
  }
  if ((request.errno_address == 0) != (request.errno_slot == 0)) {
    Fail(why_not, "errno_address and errno_slot go together");
    return false;
  }
  return true;
}

}  // namespace zerocall::jit
