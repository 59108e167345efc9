// V8 14.6 (Node 26): CTypeInfo shrank to 2 bytes (SequenceType removed), so
// Int64Representation sits at byte 2; errors throw through the isolate.
#pragma once
#include <cstddef>

#include "v8abi/fast_api_types.h"

namespace zerocall::v8abi {

struct CTypeInfo {
  CType type;
  uint8_t flags;
};
static_assert(sizeof(CTypeInfo) == 2);

struct CFunctionInfo {
  CTypeInfo return_info;
  Int64Representation repr;
  uint32_t arg_count;
  const CTypeInfo* arg_info;
};
static_assert(offsetof(CFunctionInfo, repr) == 2);

struct FastApiCallbackOptions {
  void* isolate;
  uintptr_t data;
};

inline constexpr bool kBigIntArguments = true;
inline constexpr bool kInt64Results = true;
inline constexpr bool kThrowsThroughIsolate = true;

inline CTypeInfo MakeTypeInfo(CType type, uint8_t flags) { return CTypeInfo{type, flags}; }
inline void SetRepresentation(CFunctionInfo* info, Int64Representation repr) { info->repr = repr; }
// No fallback flag in this V8: errors throw through the isolate instead.
inline void RequestFallback(FastApiCallbackOptions*) {}

}  // namespace zerocall::v8abi
