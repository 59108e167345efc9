// V8 12.4 (Node 22): 3-byte CTypeInfo, Int64Representation at byte 3 (BigInt
// arguments and 64-bit results work), errors via FastApiCallbackOptions::fallback.
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
  Int64Representation repr;
  uint32_t arg_count;
  const CTypeInfo* arg_info;
};
static_assert(offsetof(CFunctionInfo, repr) == 3);

struct FastApiCallbackOptions {
  bool fallback;
  uintptr_t data;
  uintptr_t wasm_memory;
};
static_assert(offsetof(FastApiCallbackOptions, fallback) == 0);

inline constexpr bool kBigIntArguments = true;
inline constexpr bool kInt64Results = true;
inline constexpr bool kThrowsThroughIsolate = false;

inline CTypeInfo MakeTypeInfo(CType type, uint8_t flags) { return CTypeInfo{type, 0, flags}; }
inline void SetRepresentation(CFunctionInfo* info, Int64Representation repr) { info->repr = repr; }
// Makes V8 re-run the call through the slow callback.
inline void RequestFallback(FastApiCallbackOptions* options) { options->fallback = true; }

}  // namespace zerocall::v8abi
