// Picks the Fast API declarations of the V8 this addon is compiled against.
// ZEROCALL_FAST_API is 0 for a V8 whose layout zerocall has not verified: a wrong
// layout aborts the process inside TurboFan, so such a build keeps every symbol on
// the general path instead.
#pragma once
#include <cstddef>
#include <cstdint>
#include <v8-version.h>

#if V8_MAJOR_VERSION == 11 && V8_MINOR_VERSION == 3
#include "v8abi/v8_11.h"
#define ZEROCALL_FAST_API 1
#elif V8_MAJOR_VERSION == 12 && V8_MINOR_VERSION == 4
#include "v8abi/v8_12.h"
#define ZEROCALL_FAST_API 1
#elif V8_MAJOR_VERSION == 13 && V8_MINOR_VERSION == 6
#include "v8abi/v8_13.h"
#define ZEROCALL_FAST_API 1
#elif V8_MAJOR_VERSION == 14 && V8_MINOR_VERSION == 6
#include "v8abi/v8_14.h"
#define ZEROCALL_FAST_API 1
#else
#define ZEROCALL_FAST_API 0
#endif

namespace zerocall::v8abi {
// "major.minor" of the V8 headers this addon is compiled against.
inline const char* CompiledV8Version() {
#define ZEROCALL_STRINGIFY_(x) #x
#define ZEROCALL_STRINGIFY(x) ZEROCALL_STRINGIFY_(x)
  return ZEROCALL_STRINGIFY(V8_MAJOR_VERSION) "." ZEROCALL_STRINGIFY(V8_MINOR_VERSION);
#undef ZEROCALL_STRINGIFY
#undef ZEROCALL_STRINGIFY_
}
}  // namespace zerocall::v8abi

#if ZEROCALL_FAST_API
namespace zerocall::v8abi {

using CFunctionInfo = CFunctionInfoOf<CTypeInfo>;

// Mirrors v8::CFunction: what FunctionTemplate::New takes a pointer to.
struct CFunction {
  const void* address;
  const CFunctionInfo* type_info;
};
static_assert(sizeof(CFunction) == 16);

inline CTypeInfo MakeTypeInfo(CType type, uint8_t flags) {
  CTypeInfo info{};
  info.type = type;
  info.flags = flags;
  return info;
}

// A typed-array argument of element type `type` (only where kTraits.typed_array_arguments).
template <typename Info = CTypeInfo>
inline Info MakeTypedArrayTypeInfo(CType type) {
  Info info = MakeTypeInfo(type, kFlagNone);
  if constexpr (requires { info.sequence_type; }) info.sequence_type = kSequenceIsTypedArray;
  return info;
}

// Makes V8 re-run the call through the slow callback (only V8 < 13 has the flag).
template <typename Options>
inline void RequestFallback(Options* options) {
  if constexpr (requires { options->fallback; }) options->fallback = true;
}

// The traits' flag offset is this version's options layout (V8 13+ has no flag).
template <typename Options>
constexpr bool FallbackFlagMatchesTraits() {
  if constexpr (requires(Options options) { options.fallback; }) {
    return !kTraits.throws_through_isolate && kTraits.fallback_flag_offset == offsetof(Options, fallback);
  } else {
    return kTraits.throws_through_isolate;
  }
}
static_assert(FallbackFlagMatchesTraits<FastApiCallbackOptions>());

}  // namespace zerocall::v8abi
#endif
