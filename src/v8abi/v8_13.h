// V8 13.6 (Node 24): 3-byte CTypeInfo, Int64Representation at byte 3; no fallback
// flag any more: a fast call throws through the isolate (allowed since V8 12.6).
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
  void* isolate;
  uintptr_t data;
};

inline constexpr bool kBigIntArguments = true;
inline constexpr bool kInt64Results = true;
inline constexpr bool kThrowsThroughIsolate = true;

inline CTypeInfo MakeTypeInfo(CType type, uint8_t flags) { return CTypeInfo{type, 0, flags}; }
inline void SetRepresentation(CFunctionInfo* info, Int64Representation repr) { info->repr = repr; }
// No fallback flag in this V8: errors throw through the isolate instead.
inline void RequestFallback(FastApiCallbackOptions*) {}

}  // namespace zerocall::v8abi
