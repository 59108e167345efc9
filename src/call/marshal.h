// Conversions between JS values and C values, shared by every call path.
// Integer rules (api-contract.md): numbers only, no coercion; 32-bit kinds accept a
// number whose truncation fits int32/uint32 (8/16-bit kinds then wrap to their width);
// 64-bit kinds take a bigint (wrapped to 64 bits) or an integral number.
#pragma once
#include <cstdint>
#include <string>
#include <v8.h>

#include "types/native_type.h"

namespace zerocall {

// One C value in an 8-byte slot: what libffi reads an argument from and writes a
// result into (it widens small integer results to a full register, hence the slot).
union NativeValue {
  uint8_t b;
  int8_t i8;
  uint8_t u8;
  int16_t i16;
  uint16_t u16;
  int32_t i32;
  uint32_t u32;
  int64_t i64;
  uint64_t u64;
  float f32;
  double f64;
  void* ptr;
  uint64_t raw;
};
static_assert(sizeof(NativeValue) == 8);

// Converts `value` to the C value of `type`. Returns false, without throwing, when
// the value is not acceptable; the caller throws with ExpectedArgument().
bool ArgumentFromJs(v8::Isolate* isolate, v8::Local<v8::Value> value, NativeType type,
                    NativeValue* out);

// "i32 (a number in the int32 range)": the expectation an argument error names.
std::string ExpectedArgument(const Type& type);
// What an argument error says it got ("a string", "1.5", ...).
std::string DescribeRefusedArgument(v8::Isolate* isolate, NativeType type, v8::Local<v8::Value> value);

// The JS value of a C value of a scalar or address `type` stored at `at` (any
// alignment; a register image or a libffi slot holds it in its low bytes):
// `undefined` for void.
v8::Local<v8::Value> ValueAtToJs(v8::Isolate* isolate, NativeType type, const void* at);
// The JS value of a C result (`undefined` for void).
inline v8::Local<v8::Value> ResultToJs(v8::Isolate* isolate, NativeType type, const NativeValue& value) {
  return ValueAtToJs(isolate, type, &value);
}

// An address as a JS pointer value: a pointer object (v8::External), or null.
v8::Local<v8::Value> PointerToJs(v8::Isolate* isolate, void* address);
// The address behind a pointer value; false unless `value` is a pointer object or null.
bool PointerFromJs(v8::Local<v8::Value> value, void** out);
// The address of the first byte of a TypedArray/DataView (byteOffset honoured) or
// ArrayBuffer/SharedArrayBuffer; false for anything else. `length` may be null.
// As in Deno: a buffer without memory (`new Uint8Array()`, `new ArrayBuffer(0)`)
// is null, a zero-length view into real memory is its address, and a zero-length
// buffer over foreign memory is that memory's address. The general path and the
// V8 13+ stub resolver both use this one routine.
bool BufferAddress(v8::Local<v8::Value> value, void** out, size_t* length);

// Structs by value: the argument is a buffer of exactly the struct's size (its
// bytes are the struct); the result is a new Uint8Array holding a copy.
bool StructArgumentFromJs(v8::Local<v8::Value> value, const StructLayout& layout, void** bytes);
std::string ExpectedStruct(const StructLayout& layout);
v8::Local<v8::Value> StructToJs(v8::Isolate* isolate, const StructLayout& layout, const void* bytes);

}  // namespace zerocall
