// V8 12.4 (Node 22): BigInt arguments and 64-bit results work; errors are still
// signalled with the options' fallback flag.
#pragma once
#include "v8abi/fast_api_types.h"

namespace zerocall::v8abi {

using CTypeInfo = CTypeInfoWithSequence;
using FastApiCallbackOptions = FastApiCallbackOptionsWithFallback;

inline constexpr bool kBigIntArguments = true;
inline constexpr bool kInt64Results = true;
// Uint8Array arguments as FastApiTypedArray<uint8_t> (removed in V8 13).
inline constexpr bool kTypedArrayArguments = true;
// Arguments as v8::Local<v8::Value>, resolved by a helper the stub calls (buffers,
// and 64-bit integers that should accept numbers too).
inline constexpr bool kValueArguments = false;
inline constexpr bool kThrowsThroughIsolate = false;

}  // namespace zerocall::v8abi
