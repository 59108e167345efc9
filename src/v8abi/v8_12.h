// V8 12.4 (Node 22): BigInt arguments and 64-bit results work; errors are still
// signalled with the options' fallback flag.
#pragma once
#include "v8abi/fast_api_types.h"

namespace zerocall::v8abi {

using CTypeInfo = CTypeInfoWithSequence;
using FastApiCallbackOptions = FastApiCallbackOptionsWithFallback;

inline constexpr FastApiTraits kTraits = kV8_12_4;

}  // namespace zerocall::v8abi
