// V8 13.6 (Node 24): no fallback flag any more; a fast call throws through the
// isolate (allowed since V8 12.6), and may re-enter JS.
#pragma once
#include "v8abi/fast_api_types.h"

namespace zerocall::v8abi {

using CTypeInfo = CTypeInfoWithSequence;
using FastApiCallbackOptions = FastApiCallbackOptionsWithIsolate;

inline constexpr FastApiTraits kTraits = kV8_13_6;

}  // namespace zerocall::v8abi
