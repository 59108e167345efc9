// See fast_plan.h. Each rule names the measured V8 behaviour behind it
// (shared/design/v8-fast-api.md).
#include "call/fast_plan.h"

namespace zerocall {

namespace {

using v8abi::CType;
using jit::Arrival;
using jit::StubValue;

V8Declaration Declare(CType type, uint8_t flags = v8abi::kFlagNone) { return {type, flags, false}; }

// The stub's view of a parameter V8 passes as its C type.
StubValue NativeStubValue(NativeType type) {
  switch (type) {
    case NativeType::kBool: return StubValue::kBool;
    case NativeType::kU8: return StubValue::kU8;
    case NativeType::kI8: return StubValue::kI8;
    case NativeType::kU16: return StubValue::kU16;
    case NativeType::kI16: return StubValue::kI16;
    case NativeType::kU32: return StubValue::kU32;
    case NativeType::kI32: return StubValue::kI32;
    case NativeType::kU64:
    case NativeType::kUsize: return StubValue::kU64;
    case NativeType::kI64:
    case NativeType::kIsize: return StubValue::kI64;
    case NativeType::kF32: return StubValue::kF32;
    case NativeType::kF64: return StubValue::kF64;
    case NativeType::kPointer:
    case NativeType::kBuffer:
    case NativeType::kFunction:
    case NativeType::kCString:
    case NativeType::kCString16: return StubValue::kPointer;
    case NativeType::kVoid:
    case NativeType::kStruct: break;
  }
  return StubValue::kVoid;
}

// A parameter V8 passes as its C type. Integer parameters declare EnforceRange so
// that NaN, infinities and values past 32 bits leave the fast path (the general
// path then throws) instead of wrapping.
V8Declaration NativeDeclaration(NativeType type) {
  switch (type) {
    case NativeType::kU8:
    case NativeType::kU16:
    case NativeType::kU32: return Declare(CType::kUint32, v8abi::kFlagEnforceRange);
    case NativeType::kI8:
    case NativeType::kI16:
    case NativeType::kI32: return Declare(CType::kInt32, v8abi::kFlagEnforceRange);
    case NativeType::kU64:
    case NativeType::kUsize: return Declare(CType::kUint64);
    case NativeType::kI64:
    case NativeType::kIsize: return Declare(CType::kInt64);
    case NativeType::kF32: return Declare(CType::kFloat32);
    case NativeType::kF64: return Declare(CType::kFloat64);
    case NativeType::kPointer:
    case NativeType::kBuffer:
    case NativeType::kFunction:
    case NativeType::kCString:
    case NativeType::kCString16: return Declare(CType::kPointer);
    case NativeType::kBool: return Declare(CType::kBool);
    case NativeType::kVoid:
    case NativeType::kStruct: break;
  }
  return Declare(CType::kVoid);
}

// Narrow results are returned as 32-bit values (the stub normalises them); address
// results as plain pointers.
V8Declaration ResultDeclaration(NativeType type) {
  V8Declaration declared = NativeDeclaration(type);
  declared.flags = v8abi::kFlagNone;
  return declared;
}

// A value V8 passes as a v8::Local the stub resolves (value_argument.h, V8 13+).
FastParamPlan Resolved(StubValue value, ParamContext context) {
  return {Declare(CType::kV8Value), jit::StubParam(value), context};
}

// A byte typed array V8 passes as a FastApiTypedArray (V8 11-12).
FastParamPlan TypedArray(StubValue value) {
  return {{CType::kUint8, v8abi::kFlagNone, true}, jit::StubParam(value), ParamContext::kNone};
}

// Why a parameter of this type cannot take the fast path, or null.
const char* ParameterBlocker(const Type& type, const FastCallTarget& target) {
  const v8abi::FastApiTraits& v8 = target.v8;
  switch (type.kind) {
    case NativeType::kBool:
      // V8's fast path converts any value with ToBoolean (1, null, ...), while the
      // contract accepts only booleans.
      return "bool parameters are converted loosely by V8's fast path";
    case NativeType::kBuffer:
      // V8 11-12 pass a Uint8Array's data directly (other views take the slow
      // callback, i.e. the general path); V8 13 removed typed-array arguments, so
      // there the stub resolves the V8 value through a helper.
      return v8.typed_array_arguments || v8.value_arguments
                 ? nullptr
                 : "buffer parameters take the general path on this V8";
    case NativeType::kCString:
    case NativeType::kCString16:
      // V8 13+ hands the stub any value, which the resolver copies (c_string.h);
      // V8 11-12 fast calls could take only a sequential one-byte string, and
      // nothing the copy needs (allocating, flattening) is allowed inside them.
      return v8.value_arguments ? nullptr : "cstring parameters take the general path on this V8";
    case NativeType::kVoid: return "void parameter";
    case NativeType::kStruct:
      // V8 13+ passes any value as a v8::Local the stub resolves to the struct's
      // bytes; V8 11-12 pass a Uint8Array as a FastApiTypedArray whose length the
      // stub checks. Either way the ABI's struct rules must be known.
      return target.abi->classify_struct != nullptr && (v8.value_arguments || v8.typed_array_arguments)
                 ? nullptr
                 : "struct parameters take the general path on this V8 or CPU";
    case NativeType::kFunction:
      // A function argument is how C gets a callback to call during the call.
      return v8.throws_through_isolate ? nullptr
                                       : "function parameters need a V8 that lets fast calls re-enter JS";
    default: return nullptr;
  }
}

const char* ResultBlocker(const Type& type, const FastCallTarget& target, FastCallOptions options) {
  const v8abi::FastApiTraits& v8 = target.v8;
  // V8 cannot return a struct: its buffer arrives like a struct parameter.
  if (type.is_struct() && !options.result_buffer) return "struct results take the general path";
  if (type.is_struct() && ParameterBlocker(type, target) != nullptr) {
    return "struct results take the general path on this V8 or CPU";
  }
  // A fast call returns scalars only; the string is made after the call.
  if (type.kind == NativeType::kCString || type.kind == NativeType::kCString16) {
    return "cstring results take the general path";
  }
  if (IsInt64Kind(type.kind) && !v8.int64_results) return "this V8 aborts on 64-bit fast-call results";
  return nullptr;
}

// How the fast path receives one (unblocked) parameter.
FastParamPlan PlanParameter(const Type& type, const Signature& signature, const FastCallTarget& target) {
  const v8abi::FastApiTraits& v8 = target.v8;
  const bool int64_result = IsInt64Kind(signature.result.kind);
  if (type.is_struct()) {
    FastParamPlan param = v8.value_arguments ? Resolved(StubValue::kResolvedStruct, ParamContext::kStruct)
                                             : TypedArray(StubValue::kTypedArrayStruct);
    param.stub.shape = StructShapeOf(*type.layout);
    return param;
  }
  if (type.kind == NativeType::kCString || type.kind == NativeType::kCString16) {
    return Resolved(StubValue::kResolvedPointer, ParamContext::kValue);
  }
  if (type.kind == NativeType::kBuffer) {
    return v8.typed_array_arguments ? TypedArray(StubValue::kTypedArrayData)
                                    : Resolved(StubValue::kResolvedPointer, ParamContext::kValue);
  }
  // A 64-bit parameter declared as BigInt sends every number argument to the slow
  // callback, so where the result does not need the BigInt representation V8 13+
  // stubs resolve 64-bit parameters themselves (numbers and bigints both fast).
  // Otherwise they are numbers (V8 11-12) or BigInts (64-bit results): V8 passes
  // what fits and sends the rest to the slow callback, the general path's rules.
  if (IsInt64Kind(type.kind) && v8.value_arguments && !int64_result) {
    return Resolved(target.smi_shift != 0 ? StubValue::kResolvedInteger : StubValue::kResolvedPointer,
                    ParamContext::kValue);
  }
  // V8 charges about 1 ns per argument for kEnforceRange (12.4-14.6); a value checked
  // in the stub gives the same results and errors for a fraction of it. Without a
  // 64-bit result (Number representation) V8 passes an integral number exactly as
  // an int64 and sends fractions to the slow callback (the general path truncates
  // them). With one, V8 13+ pass a double (V8 12 keeps kEnforceRange). A value out
  // of range throws from the stub where fast calls can throw (V8 13+), else sets
  // the options' fallback flag.
  const ParamContext reject_context = v8.throws_through_isolate ? ParamContext::kValue : ParamContext::kNone;
  if (IsSmallIntegerKind(type.kind) && !int64_result) {
    return {Declare(CType::kInt64), {NativeStubValue(type.kind), Arrival::kCheckedI64}, reject_context};
  }
  if (IsSmallIntegerKind(type.kind) && v8.value_arguments) {
    return {Declare(CType::kFloat64), {NativeStubValue(type.kind), Arrival::kCheckedF64}, reject_context};
  }
  return {NativeDeclaration(type.kind), jit::StubParam(NativeStubValue(type.kind)), ParamContext::kNone};
}

}  // namespace

FastPlanResult PlanFastCall(const Signature& signature, const FastCallTarget& target,
                            FastCallOptions options) {
  const v8abi::FastApiTraits& v8 = target.v8;
  if (target.abi == nullptr) return {std::nullopt, "no fast-call emitter is enabled for this CPU yet"};
  if (options.may_call_back && !v8.throws_through_isolate) {
    return {std::nullopt, "callback: true needs a V8 that lets fast calls re-enter JS"};
  }
  if (const char* why = ResultBlocker(signature.result, target, options)) return {std::nullopt, why};
  // Two post-call steps in one frame, or %al beside a hidden result pointer: not emitted yet.
  if (signature.result.is_struct() && (options.saved_errno != nullptr || signature.variadic())) {
    return {std::nullopt, "struct results of errno: true or variadic functions take the general path"};
  }
  if (v8.max_fast_parameters != 0 && signature.params.size() > v8.max_fast_parameters) {
    return {std::nullopt, "V8 14 cannot optimize fast calls of 32 or more parameters"};
  }
  size_t struct_bytes = 0;
  for (const Type& type : signature.params) {
    if (const char* why = ParameterBlocker(type, target)) return {std::nullopt, why};
    if (type.is_struct()) struct_bytes += type.size();
  }
  static_assert(kMaxFastStructBytes == jit::kMaxStubStructBytes && kMaxFastStructBytes == 128);
  if (struct_bytes > kMaxFastStructBytes) {
    return {std::nullopt, "struct parameters of more than 128 bytes in all take the general path"};
  }

  FastCallPlan plan;
  bool rejects = false;
  bool checked = false;
  // A struct result's buffer is the last argument V8 passes, planned like a struct parameter.
  std::vector<const Type*> planned;
  for (const Type& type : signature.params) planned.push_back(&type);
  plan.struct_result = signature.result.is_struct();
  if (plan.struct_result) planned.push_back(&signature.result);
  for (const Type* type_ptr : planned) {
    const Type& type = *type_ptr;
    FastParamPlan param = PlanParameter(type, signature, target);
    checked = checked || jit::IsCheckedArrival(param.stub.arrival);
    // V8 11-12 pass an empty on-heap Uint8Array's heap address; the slow callback
    // passes what the general path does (NULL, or a view's address).
    plan.reject_empty_typed_arrays =
        plan.reject_empty_typed_arrays || param.stub.value == StubValue::kTypedArrayData;
    rejects = rejects || jit::IsCheckedArrival(param.stub.arrival) ||
              param.stub.value == StubValue::kTypedArrayStruct || param.stub.value == StubValue::kTypedArrayData;
    plan.resolves = plan.resolves || jit::IsResolvedKind(param.stub.value);
    plan.params.push_back(std::move(param));
  }
  plan.result = ResultDeclaration(signature.result.kind);
  plan.stub_result = NativeStubValue(signature.result.kind);
  plan.int64_representation = IsInt64Kind(signature.result.kind) ? v8abi::Int64Representation::kBigInt
                                                                  : v8abi::Int64Representation::kNumber;
  if (plan.resolves) plan.smi_shift = target.smi_shift;
  // Before V8 12.6 the only way out of a fast call is the fallback flag: a closed
  // stub and a rejected argument set it in the options argument, and the slow
  // callback then throws. Later versions throw from the stub.
  const bool flag_rejects = !v8.throws_through_isolate;
  plan.rejects_through_flag = rejects && flag_rejects;
  plan.rejects_through_handler = checked && !flag_rejects;
  if (plan.rejects_through_flag) plan.reject_flag_offset = v8.fallback_flag_offset;
  // Every stub needs the options there: a closed library's stub and a deferred
  // one (FastBinding::SetDeferred) set its fallback flag.
  plan.options_arg = flag_rejects;
  // On both hosts' ABIs a variadic call places its arguments as a fixed one would
  // (x86-64 adds %al), so the declared call shape travels like any signature.
  plan.variadic = signature.variadic();
  plan.saves_errno = options.saved_errno != nullptr;
  return {std::move(plan), nullptr};
}

jit::StubRequest FastCallPlan::StubRequestTemplate() const {
  jit::StubRequest request;
  for (const FastParamPlan& param : params) request.params.push_back(param.stub);
  request.result = stub_result;
  request.options_arg = options_arg;
  request.smi_shift = smi_shift;
  request.reject_empty_typed_arrays = reject_empty_typed_arrays;
  request.variadic = variadic;
  request.struct_result = struct_result;
  if (rejects_through_flag) {
    request.reject_mode = jit::RejectMode::kSetOptionsFlag;
    request.reject_flag_offset = reject_flag_offset;
  }
  return request;
}

std::vector<V8Declaration> FastCallPlan::V8Arguments() const {
  std::vector<V8Declaration> arguments;
  arguments.push_back(Declare(CType::kV8Value));  // the receiver
  for (const FastParamPlan& param : params) arguments.push_back(param.declared);
  if (options_arg) arguments.push_back(Declare(CType::kCallbackOptions));
  return arguments;
}

}  // namespace zerocall
