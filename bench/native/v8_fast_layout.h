// Layout-only mirrors of V8's Fast API structs (v8::CTypeInfo, v8::CFunctionInfo,
// v8::CFunction), because Node's headers do not ship v8-fast-api-calls.h.
// Facts from shared/design/v8-fast-api.md:
//   V8 11.3-13.x: CTypeInfo = { u8 type; u8 sequence_type; u8 flags }   (3 bytes)
//   V8 14.x     : CTypeInfo = { u8 type; u8 flags }                     (2 bytes)
//   CFunctionInfo = { CTypeInfo ret; u8 int64_repr (12.x+; @3 before V8 14, @2 on 14);
//                     u32 arg_count @4; const CTypeInfo* args @8 }
//   CFunction     = { const void* address; const CFunctionInfo* info }
// Only FunctionTemplate::New(..., const CFunction*) from v8-template.h is used.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <v8.h>

namespace benchfast {

enum class T : uint8_t {
  kVoid = 0, kBool = 1, kUint8 = 2, kInt32 = 3, kUint32 = 4, kInt64 = 5, kUint64 = 6,
  kFloat32 = 7, kFloat64 = 8, kPointer = 9, kV8Value = 10,
};
enum class Seq : uint8_t { kScalar = 0, kIsSequence = 1, kIsTypedArray = 2 };

#if V8_MAJOR_VERSION >= 14
struct TypeInfo { T type; uint8_t flags; };
static_assert(sizeof(TypeInfo) == 2, "CTypeInfo is 2 bytes in V8 14");
constexpr TypeInfo TI(T t, Seq = Seq::kScalar) { return TypeInfo{t, 0}; }
#else
struct TypeInfo { T type; Seq seq; uint8_t flags; };
static_assert(sizeof(TypeInfo) == 3, "CTypeInfo is 3 bytes before V8 14");
constexpr TypeInfo TI(T t, Seq s = Seq::kScalar) { return TypeInfo{t, s, 0}; }
#endif

// Typed-array arguments (SequenceType::kIsTypedArray, FastApiTypedArray) exist up to
// V8 12.x only. From V8 13 a buffer is taken as a kV8Value argument (v8::Local<v8::Value>)
// and unwrapped in the fast function (ArrayBufferView::GetContents; V8 >= 12.6 lets a
// fast call open a HandleScope, allocate and throw).
#define BENCHFAST_HAS_TYPED_ARRAY (V8_MAJOR_VERSION <= 12)
#define BENCHFAST_HAS_VALUE_BUFFER (V8_MAJOR_VERSION >= 13)
// i64/u64 results abort TurboFan on V8 11.3 (and BigInt-repr i64 args take the slow path).
#define BENCHFAST_HAS_INT64 (V8_MAJOR_VERSION >= 12)

struct FunctionInfo {
  TypeInfo ret;
  uint8_t int64_repr;  // 0 = Number, 1 = BigInt; padding on V8 11.3
  uint32_t arg_count;  // includes the receiver
  const TypeInfo* args;
};
static_assert(sizeof(FunctionInfo) == 16, "CFunctionInfo is 16 bytes");
static_assert(offsetof(FunctionInfo, int64_repr) == sizeof(TypeInfo), "repr right after the return info");
static_assert(offsetof(FunctionInfo, arg_count) == 4, "arg_count at 4");
static_assert(offsetof(FunctionInfo, args) == 8, "arg_info at 8");

struct Function {
  const void* address;
  const FunctionInfo* info;
};
static_assert(sizeof(Function) == 16, "CFunction is 16 bytes");

// v8::FastApiTypedArray<T> (V8 <= 12.x): { size_t length_; T* data_ } (data includes byteOffset)
struct TypedArray {
  size_t length;
  void* data;
};

}  // namespace benchfast
