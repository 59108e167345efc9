// The V8 Fast API type numbers and layouts shared by the supported V8 versions
// (11.3 to 14.6). Node ships no v8-fast-api-calls.h, so zerocall declares the layouts
// itself; the per-version files (v8_11.h ... v8_14.h) pick the pieces that apply.
// Numbers were read off the node binaries (shared/design/v8-fast-api.md); V8 10.x
// numbered differently.
#pragma once
#include <cstddef>
#include <cstdint>

namespace zerocall::v8abi {

enum class CType : uint8_t {
  kVoid = 0,
  kBool = 1,
  kUint8 = 2,
  kInt32 = 3,
  kUint32 = 4,
  kInt64 = 5,
  kUint64 = 6,
  kFloat32 = 7,
  kFloat64 = 8,
  kPointer = 9,
  kV8Value = 10,
  kSeqOneByteString = 11,
  kApiObject = 12,
  kAny = 13,
  kCallbackOptions = 255,  // CTypeInfo::kCallbackOptionsType
};

// CTypeInfo::Flags.
enum TypeFlags : uint8_t {
  kFlagNone = 0,
  kFlagAllowShared = 1 << 0,
  // Out-of-range, NaN and infinite numbers take the slow callback instead of
  // wrapping silently (measured on 11.3-14.6); fractions are still truncated.
  kFlagEnforceRange = 1 << 1,
  kFlagClamp = 1 << 2,
  kFlagIsRestricted = 1 << 3,
};

// CFunctionInfo::Int64Representation (V8 >= 12; a padding byte V8 11.3 ignores).
enum class Int64Representation : uint8_t { kNumber = 0, kBigInt = 1 };

// CTypeInfo up to V8 13.x: { type, SequenceType (0 = kScalar), flags }.
struct CTypeInfoWithSequence {
  CType type;
  uint8_t sequence_type;
  uint8_t flags;
};
static_assert(sizeof(CTypeInfoWithSequence) == 3);

// CTypeInfo from V8 14: SequenceType is gone.
struct CTypeInfoWithoutSequence {
  CType type;
  uint8_t flags;
};
static_assert(sizeof(CTypeInfoWithoutSequence) == 2);

// CFunctionInfo: the representation byte follows the return CTypeInfo directly.
template <typename TypeInfo>
struct CFunctionInfoOf {
  TypeInfo return_info;
  Int64Representation repr;
  uint32_t arg_count;  // receiver and options included
  const TypeInfo* arg_info;
};
static_assert(sizeof(CFunctionInfoOf<CTypeInfoWithSequence>) == 16);
static_assert(offsetof(CFunctionInfoOf<CTypeInfoWithSequence>, repr) == 3);
static_assert(offsetof(CFunctionInfoOf<CTypeInfoWithoutSequence>, repr) == 2);
static_assert(offsetof(CFunctionInfoOf<CTypeInfoWithoutSequence>, arg_count) == 4);
static_assert(offsetof(CFunctionInfoOf<CTypeInfoWithoutSequence>, arg_info) == 8);

// CTypeInfo::SequenceType::kIsTypedArray (V8 <= 12): the argument arrives as a
// pointer to a FastApiTypedArray<T>, whose layout follows.
inline constexpr uint8_t kSequenceIsTypedArray = 2;
struct FastApiTypedArrayLayout {
  size_t length;  // in elements
  void* data;     // the first element, byteOffset applied
};

// FastApiCallbackOptions up to V8 12.x: the fast function sets `fallback` to make
// V8 re-run the call through the slow callback.
struct FastApiCallbackOptionsWithFallback {
  bool fallback;
  uintptr_t data;
  uintptr_t wasm_memory;
};

// FastApiCallbackOptions from V8 13: no fallback; errors throw through the isolate.
struct FastApiCallbackOptionsWithIsolate {
  void* isolate;
  uintptr_t data;
};

// What one V8 version's Fast API can do (measured: shared/design/v8-fast-api.md).
// Pure data, so the planner's tests can use every version's on any build.
struct FastApiTraits {
  const char* version;          // "11.3", ...: V8's major.minor
  bool bigint_arguments;        // i64/u64 arguments as BigInt (Int64Representation, V8 >= 12)
  bool int64_results;           // 64-bit results (V8 11.3 aborts in TurboFan)
  bool typed_array_arguments;   // Uint8Array as FastApiTypedArray<uint8_t> (removed in V8 13)
  // Arguments as v8::Local<v8::Value> that the stub resolves by calling back into
  // C++, which may throw (buffers, and 64-bit integers that accept numbers too).
  bool value_arguments;
  // Errors throw through the isolate and fast calls may re-enter JS (V8 >= 12.6);
  // before, only options.fallback, at fallback_flag_offset.
  bool throws_through_isolate;
  uint32_t fallback_flag_offset;
  // Fast calls of more parameters abort the optimizing compiler (0: no such limit).
  uint32_t max_fast_parameters;
};

inline constexpr uint32_t kFallbackFlagOffset = offsetof(FastApiCallbackOptionsWithFallback, fallback);

// Node 20.
inline constexpr FastApiTraits kV8_11_3 = {"11.3", false, false, true, false, false, kFallbackFlagOffset, 0};
// Node 22.
inline constexpr FastApiTraits kV8_12_4 = {"12.4", true, true, true, false, false, kFallbackFlagOffset, 0};
// Node 24.
inline constexpr FastApiTraits kV8_13_6 = {"13.6", true, true, false, true, true, 0, 0};
// Node 26: its optimizing compiler aborts (Check failed: is_valid(value)) on a fast
// call of 32 or more parameters (bisected on Node 26.10: 30 work, 32 abort).
inline constexpr FastApiTraits kV8_14_6 = {"14.6", true, true, false, true, true, 0, 31};

}  // namespace zerocall::v8abi
