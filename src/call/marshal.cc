// See marshal.h. Check order in each converter: the common exact type first (Smi /
// number / bigint), then the less common accepted forms, else "not acceptable".
#include "util/v8_compat.h"
#include "call/marshal.h"

#include "call/c_string.h"
#include "util/js_errors.h"

#include <cmath>
#include <cstring>

namespace zerocall {

namespace {

// A number whose truncation toward zero fits int32 (V8's fast path truncates the
// same way, so both paths agree on 1.5 -> 1 and -0 -> 0).
bool Int32FromJs(v8::Local<v8::Value> value, int32_t* out) {
  if (value->IsInt32()) {
    *out = value.As<v8::Int32>()->Value();
    return true;
  }
  if (!value->IsNumber()) return false;
  double d = value.As<v8::Number>()->Value();
  if (!(d > -2147483649.0 && d < 2147483648.0)) return false;  // also rejects NaN
  *out = static_cast<int32_t>(d);
  return true;
}

bool Uint32FromJs(v8::Local<v8::Value> value, uint32_t* out) {
  if (value->IsUint32()) {
    *out = value.As<v8::Uint32>()->Value();
    return true;
  }
  if (!value->IsNumber()) return false;
  double d = value.As<v8::Number>()->Value();
  if (!(d > -1.0 && d < 4294967296.0)) return false;
  *out = static_cast<uint32_t>(d);
  return true;
}

// A bigint wraps to 64 bits; a number must be integral and inside
// [-2^63, 2^64) (beyond that there is no 64-bit value it could mean).
bool Bits64FromJs(v8::Local<v8::Value> value, uint64_t* out) {
  if (value->IsBigInt()) {
    *out = value.As<v8::BigInt>()->Uint64Value();
    return true;
  }
  if (!value->IsNumber()) return false;
  double d = value.As<v8::Number>()->Value();
  if (!(d >= -9223372036854775808.0 && d < 18446744073709551616.0) || d != std::trunc(d)) {
    return false;
  }
  if (d < 9223372036854775808.0) {
    *out = static_cast<uint64_t>(static_cast<int64_t>(d));
  } else {
    *out = static_cast<uint64_t>(d);
  }
  return true;
}

}  // namespace

bool PointerFromJs(v8::Local<v8::Value> value, void** out) {
  if (value->IsExternal()) {
    *out = ExternalValue(value);
    return true;
  }
  if (value->IsNull()) {
    *out = nullptr;
    return true;
  }
  return false;
}

bool BufferAddress(v8::Local<v8::Value> value, void** out, size_t* length) {
  if (value->IsArrayBufferView()) {
    auto view = value.As<v8::ArrayBufferView>();
    if (!view->HasBuffer()) {
      // A small typed array lives on the V8 heap; Buffer() moves its bytes
      // off-heap once, so the address stays valid for the call (and later ones).
      v8::HandleScope scope(v8::Isolate::GetCurrent());
      view->Buffer();
    }
    // Without making a handle where V8 allows (this also runs inside fast calls,
    // through value_argument.cc).
    const std::pair<void*, size_t> bytes = OffHeapViewBytes(view);
    *out = bytes.first;
    if (length) *length = bytes.second;
    return true;
  }
  if (value->IsArrayBuffer()) {
    auto buffer = value.As<v8::ArrayBuffer>();
    *out = ArrayBufferData(buffer);
    if (length) *length = buffer->ByteLength();
    return true;
  }
  if (value->IsSharedArrayBuffer()) {
    auto buffer = value.As<v8::SharedArrayBuffer>();
    *out = buffer->Data();
    if (length) *length = buffer->ByteLength();
    return true;
  }
  return false;
}

bool ArgumentFromJs(v8::Isolate* isolate, v8::Local<v8::Value> value, NativeType type,
                    NativeValue* out) {
  out->raw = 0;
  switch (type) {
    case NativeType::kVoid:
    case NativeType::kStruct:  // StructArgumentFromJs: it needs the layout
      return false;
    case NativeType::kBool:
      if (!value->IsBoolean()) return false;
      out->b = value->IsTrue() ? 1 : 0;
      return true;
    case NativeType::kI8:
    case NativeType::kI16:
    case NativeType::kI32: {
      int32_t v;
      if (!Int32FromJs(value, &v)) return false;
      if (type == NativeType::kI8) out->i8 = static_cast<int8_t>(v);
      else if (type == NativeType::kI16) out->i16 = static_cast<int16_t>(v);
      else out->i32 = v;
      return true;
    }
    case NativeType::kU8:
    case NativeType::kU16:
    case NativeType::kU32: {
      uint32_t v;
      if (!Uint32FromJs(value, &v)) return false;
      if (type == NativeType::kU8) out->u8 = static_cast<uint8_t>(v);
      else if (type == NativeType::kU16) out->u16 = static_cast<uint16_t>(v);
      else out->u32 = v;
      return true;
    }
    case NativeType::kU64:
    case NativeType::kI64:
    case NativeType::kUsize:
    case NativeType::kIsize:
      return Bits64FromJs(value, &out->u64);
    case NativeType::kF32:
      if (!value->IsNumber()) return false;
      out->f32 = static_cast<float>(value.As<v8::Number>()->Value());
      return true;
    case NativeType::kF64:
      if (!value->IsNumber()) return false;
      out->f64 = value.As<v8::Number>()->Value();
      return true;
    case NativeType::kPointer:
    case NativeType::kFunction:
      return PointerFromJs(value, &out->ptr);
    case NativeType::kBuffer:
      if (value->IsNull()) {
        out->ptr = nullptr;
        return true;
      }
      return BufferAddress(value, &out->ptr, nullptr);
    case NativeType::kCString:
    case NativeType::kCString16:
      // A string needs room for its copy (CStringFromJs); the rest passes as a
      // buffer or a pointer would.
      return BufferAddress(value, &out->ptr, nullptr) || PointerFromJs(value, &out->ptr);
  }
  return false;
}

std::string ExpectedArgument(const Type& type) {
  if (type.is_struct()) return ExpectedStruct(*type.layout);
  const char* accepted = "";
  switch (type.kind) {
    case NativeType::kVoid: accepted = "nothing"; break;
    case NativeType::kStruct: accepted = "a TypedArray, DataView or ArrayBuffer of its size"; break;
    case NativeType::kBool: accepted = "a boolean"; break;
    case NativeType::kI8:
    case NativeType::kI16:
    case NativeType::kI32: accepted = "a number in the int32 range"; break;
    case NativeType::kU8:
    case NativeType::kU16:
    case NativeType::kU32: accepted = "a number in the uint32 range"; break;
    case NativeType::kU64:
    case NativeType::kI64:
    case NativeType::kUsize:
    case NativeType::kIsize: accepted = "a bigint or an integral number"; break;
    case NativeType::kF32:
    case NativeType::kF64: accepted = "a number"; break;
    case NativeType::kPointer:
    case NativeType::kFunction: accepted = "a pointer object or null"; break;
    case NativeType::kBuffer: accepted = "a TypedArray, DataView, ArrayBuffer or null"; break;
    case NativeType::kCString:
    case NativeType::kCString16:
      accepted = "a string without U+0000, a TypedArray, DataView, ArrayBuffer, pointer object or null";
      break;
  }
  return std::string(NativeTypeName(type.kind)) + " (" + accepted + ")";
}

std::string DescribeRefusedArgument(v8::Isolate* isolate, NativeType type, v8::Local<v8::Value> value) {
  // The only string a string kind refuses.
  if (IsStringKind(type) && value->IsString()) return "a string containing U+0000";
  return DescribeValue(isolate, value);
}

v8::Local<v8::Value> PointerToJs(v8::Isolate* isolate, void* address) {
  if (address == nullptr) return v8::Null(isolate);
  return NewExternal(isolate, address);
}

namespace {

template <typename T>
T LoadAt(const void* at) {
  T value;
  std::memcpy(&value, at, sizeof value);
  return value;
}

}  // namespace

v8::Local<v8::Value> ValueAtToJs(v8::Isolate* isolate, NativeType type, const void* at) {
  switch (type) {
    case NativeType::kVoid:
    case NativeType::kStruct:  // StructToJs: it needs the layout
      return v8::Undefined(isolate);
    case NativeType::kBool: return v8::Boolean::New(isolate, LoadAt<uint8_t>(at) != 0);
    case NativeType::kU8: return v8::Integer::NewFromUnsigned(isolate, LoadAt<uint8_t>(at));
    case NativeType::kI8: return v8::Integer::New(isolate, LoadAt<int8_t>(at));
    case NativeType::kU16: return v8::Integer::NewFromUnsigned(isolate, LoadAt<uint16_t>(at));
    case NativeType::kI16: return v8::Integer::New(isolate, LoadAt<int16_t>(at));
    case NativeType::kU32: return v8::Integer::NewFromUnsigned(isolate, LoadAt<uint32_t>(at));
    case NativeType::kI32: return v8::Integer::New(isolate, LoadAt<int32_t>(at));
    case NativeType::kU64:
    case NativeType::kUsize: return v8::BigInt::NewFromUnsigned(isolate, LoadAt<uint64_t>(at));
    case NativeType::kI64:
    case NativeType::kIsize: return v8::BigInt::New(isolate, LoadAt<int64_t>(at));
    case NativeType::kF32: return v8::Number::New(isolate, LoadAt<float>(at));
    case NativeType::kF64: return v8::Number::New(isolate, LoadAt<double>(at));
    case NativeType::kPointer:
    case NativeType::kBuffer:
    case NativeType::kFunction: return PointerToJs(isolate, LoadAt<void*>(at));
    case NativeType::kCString:
    case NativeType::kCString16: return CStringToJs(isolate, type, LoadAt<void*>(at));
  }
  return v8::Undefined(isolate);
}

bool StructArgumentFromJs(v8::Local<v8::Value> value, const StructLayout& layout, void** bytes) {
  size_t length;
  return BufferAddress(value, bytes, &length) && length == layout.size;
}

std::string ExpectedStruct(const StructLayout& layout) {
  return layout.Describe() + " (a TypedArray, DataView or ArrayBuffer of " +
         std::to_string(layout.size) + " bytes)";
}

v8::Local<v8::Value> StructToJs(v8::Isolate* isolate, const StructLayout& layout, const void* bytes) {
  // Every byte is written below: no need for zeroed memory.
  v8::Local<v8::ArrayBuffer> buffer = NewUninitializedArrayBuffer(isolate, layout.size);
  if (layout.size > 0) std::memcpy(buffer->Data(), bytes, layout.size);
  return v8::Uint8Array::New(buffer, 0, layout.size);
}

}  // namespace zerocall
