// V8 14.6 (Node 26): CTypeInfo shrank to 2 bytes (SequenceType removed), which
// moves the Int64Representation byte; errors throw through the isolate.
#pragma once
#include "v8abi/fast_api_types.h"

namespace zerocall::v8abi {

using CTypeInfo = CTypeInfoWithoutSequence;
using FastApiCallbackOptions = FastApiCallbackOptionsWithIsolate;

inline constexpr FastApiTraits kTraits = kV8_14_6;

}  // namespace zerocall::v8abi
