// See fast_eligibility.h. Each rule names the measured V8 behaviour behind it.
#include "call/fast_eligibility.h"

#include "jit/fast_stub.h"

namespace zerocall {

namespace {

const char* ParameterBlocker(NativeType type, const FastApiCapabilities& v8) {
  switch (type) {
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
    case NativeType::kU64:
    case NativeType::kI64:
    case NativeType::kUsize:
    case NativeType::kIsize:
      // As numbers (see fast_call.cc); V8 11.3 cannot return 64 bits, so there they
      // never meet a 64-bit result and BigInt arguments take the general path.
      return nullptr;
    case NativeType::kVoid:
      return "void parameter";
    case NativeType::kStruct:
      // V8 13+ passes any value as a v8::Local the stub resolves to the
      // struct's bytes; V8 11-12 pass a Uint8Array as a FastApiTypedArray
      // whose length the stub checks (a wrong one sets the fallback flag;
      // other views take the slow callback).
      return v8.struct_arguments ? nullptr : "struct parameters take the general path on this V8 or CPU";
    case NativeType::kU8:
    case NativeType::kI8:
    case NativeType::kU16:
    case NativeType::kI16:
    case NativeType::kU32:
    case NativeType::kI32:
    case NativeType::kF32:
    case NativeType::kF64:
    case NativeType::kPointer:
      return nullptr;
    case NativeType::kFunction:
      // A function argument is how C gets a callback to call during the call.
      return v8.reentrant_calls ? nullptr
                                : "function parameters need a V8 that lets fast calls re-enter JS";
  }
  return "unknown parameter type";
}

const char* ResultBlocker(NativeType type, const FastApiCapabilities& v8) {
  if (type == NativeType::kStruct) return "struct results take the general path";
  if (IsInt64Kind(type) && !v8.int64_results) {
    return "this V8 aborts on 64-bit fast-call results";
  }
  return nullptr;
}

}  // namespace

const char* FastPathBlocker(const Signature& signature, bool may_call_back,
                            const FastApiCapabilities& v8) {
  if (!v8.available) return "no verified Fast API layout for this V8";
  if (may_call_back && !v8.reentrant_calls) {
    return "callback: true needs a V8 that lets fast calls re-enter JS";
  }
  if (const char* why = ResultBlocker(signature.result, v8)) return why;
  size_t struct_bytes = 0;
  for (size_t i = 0; i < signature.params.size(); i++) {
    if (const char* why = ParameterBlocker(signature.params[i], v8)) return why;
    if (const StructLayout* layout = signature.ParamStruct(i)) struct_bytes += layout->size;
  }
  static_assert(kMaxFastStructBytes == jit::kMaxStubStructBytes && kMaxFastStructBytes == 128);
  if (struct_bytes > kMaxFastStructBytes) {
    return "struct parameters of more than 128 bytes in all take the general path";
  }
  return nullptr;
}

}  // namespace zerocall
