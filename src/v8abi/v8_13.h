// V8 13.6 (Node 24): no fallback flag any more; a fast call throws through the
// isolate (allowed since V8 12.6), and may re-enter JS.
#pragma once
#include "v8abi/fast_api_types.h"

namespace zerocall::v8abi {

using CTypeInfo = CTypeInfoWithSequence;
using FastApiCallbackOptions = FastApiCallbackOptionsWithIsolate;

inline constexpr bool kBigIntArguments = true;
inline constexpr bool kInt64Results = true;
// Uint8Array arguments as FastApiTypedArray<uint8_t> (removed in V8 13).
inline constexpr bool kTypedArrayArguments = false;
// Arguments as v8::Local<v8::Value>, resolved by a helper the stub calls (buffers,
// and 64-bit integers that should accept numbers too).
inline constexpr bool kValueArguments = true;
inline constexpr bool kThrowsThroughIsolate = true;

}  // namespace zerocall::v8abi
