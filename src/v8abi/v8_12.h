// V8 12.4 (Node 22): BigInt arguments and 64-bit results work; errors are still
// signalled with the options' fallback flag.
#pragma once
#include "v8abi/fast_api_types.h"

namespace zerocall::v8abi {

using CTypeInfo = CTypeInfoWithSequence;
using FastApiCallbackOptions = FastApiCallbackOptionsWithFallback;

inline constexpr bool kBigIntArguments = true;
inline constexpr bool kInt64Results = true;
inline constexpr bool kThrowsThroughIsolate = false;

}  // namespace zerocall::v8abi
