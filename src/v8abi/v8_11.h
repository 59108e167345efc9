// V8 11.3 (Node 20): 3-byte CTypeInfo, no Int64Representation (BigInt arguments
// always take the slow callback), 64-bit results abort TurboFan, errors are
// signalled with FastApiCallbackOptions::fallback.
#pragma once
#include <cstddef>

#include "v8abi/fast_api_types.h"

namespace zerocall::v8abi {

struct CTypeInfo {
  CType type;
  uint8_t sequence_type;  // 0 = kScalar
  uint8_t flags;
};
static_assert(sizeof(CTypeInfo) == 3);

struct CFunctionInfo {
  CTypeInfo return_info;
  uint8_t padding;  // where 12.x keeps Int64Representation; ignored here
  uint32_t arg_count;
  const CTypeInfo* arg_info;
};

struct FastApiCallbackOptions {
  bool fallback;  // set by the fast function: V8 then runs the slow callback
  uintptr_t data;
  uintptr_t wasm_memory;
};
static_assert(offsetof(FastApiCallbackOptions, fallback) == 0);

inline constexpr bool kBigIntArguments = false;
inline constexpr bool kInt64Results = false;
inline constexpr bool kThrowsThroughIsolate = false;

inline CTypeInfo MakeTypeInfo(CType type, uint8_t flags) { return CTypeInfo{type, 0, flags}; }
inline void SetRepresentation(CFunctionInfo*, Int64Representation) {}
// Makes V8 re-run the call through the slow callback.
inline void RequestFallback(FastApiCallbackOptions* options) { options->fallback = true; }

}  // namespace zerocall::v8abi
