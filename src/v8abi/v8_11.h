// V8 11.3 (Node 20): BigInt arguments always take the slow callback, 64-bit
// results abort TurboFan, errors are signalled with the options' fallback flag.
#pragma once
#include "v8abi/fast_api_types.h"

namespace zerocall::v8abi {

using CTypeInfo = CTypeInfoWithSequence;
using FastApiCallbackOptions = FastApiCallbackOptionsWithFallback;

inline constexpr FastApiTraits kTraits = kV8_11_3;

}  // namespace zerocall::v8abi
