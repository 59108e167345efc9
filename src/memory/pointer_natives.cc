// See pointer_natives.h. Reads go through memcpy: views may be unaligned.
#include "util/v8_compat.h"
#include "memory/pointer_natives.h"

#include <cmath>
#include <cstring>

#include "call/marshal.h"
#include "types/native_type.h"
#include "util/js_errors.h"

namespace zerocall {

namespace {

constexpr double kMaxSafeInteger = 9007199254740991.0;

// An offset or length: undefined (-> 0) or an integral number within the safe range.
bool IntegerArgument(v8::Local<v8::Value> value, int64_t* out) {
  if (value->IsUndefined()) {
    *out = 0;
    return true;
  }
  if (value->IsInt32()) {  // the common case, without the floating-point checks
    *out = value.As<v8::Int32>()->Value();
    return true;
  }
  if (!value->IsNumber()) return false;
  double d = value.As<v8::Number>()->Value();
  if (!(std::fabs(d) <= kMaxSafeInteger) || d != std::trunc(d)) return false;
  *out = static_cast<int64_t>(d);
  return true;
}

// The address of a pointer argument plus an offset, for reading through it.
bool ReadAddress(v8::Isolate* isolate, const char* what, v8::Local<v8::Value> pointer,
                 v8::Local<v8::Value> offset, uint8_t** out) {
  void* base;
  if (!PointerFromJs(pointer, &base) || base == nullptr) {
    ThrowTypeError(isolate, std::string(what) + ": expects a non-null pointer object, got " +
                                DescribeValue(isolate, pointer));
    return false;
  }
  int64_t delta;
  if (!IntegerArgument(offset, &delta)) {
    ThrowTypeError(isolate, std::string(what) + ": offset expects an integral number, got " +
                                DescribeValue(isolate, offset));
    return false;
  }
  *out = static_cast<uint8_t*>(base) + delta;
  return true;
}


}  // namespace

void PointerCreate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Value> value = info[0];
  uint64_t address;
  bool lossless = true;  // a bigint outside [0, 2^64) is not an address (no wrapping)
  if (value->IsBigInt()) {
    address = value.As<v8::BigInt>()->Uint64Value(&lossless);
  } else if (value->IsNumber() && value.As<v8::Number>()->Value() >= 0 &&
             value.As<v8::Number>()->Value() <= kMaxSafeInteger &&
             std::trunc(value.As<v8::Number>()->Value()) == value.As<v8::Number>()->Value()) {
    address = static_cast<uint64_t>(value.As<v8::Number>()->Value());
  } else {
    lossless = false;
  }
  if (!lossless) {
    ThrowTypeError(isolate, "UnsafePointer.create: expects a bigint in [0, 2^64) or a non-negative "
                            "safe integer, got " + DescribeValue(isolate, value));
    return;
  }
  info.GetReturnValue().Set(PointerToJs(isolate, reinterpret_cast<void*>(address)));
}

void PointerValue(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  void* address;
  if (!PointerFromJs(info[0], &address)) {
    ThrowTypeError(isolate, "UnsafePointer.value: expects a pointer object or null, got " +
                                DescribeValue(isolate, info[0]));
    return;
  }
  info.GetReturnValue().Set(
      v8::BigInt::NewFromUnsigned(isolate, reinterpret_cast<uintptr_t>(address)));
}

void PointerEquals(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  void* a;
  void* b;
  if (!PointerFromJs(info[0], &a) || !PointerFromJs(info[1], &b)) {
    ThrowTypeError(isolate, "UnsafePointer.equals: expects two pointer objects or null, got " +
                                DescribeValue(isolate, info[0]) + " and " +
                                DescribeValue(isolate, info[1]));
    return;
  }
  info.GetReturnValue().Set(a == b);
}

void PointerOffset(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (info[0]->IsNull()) {
    // Deno's words: there is no pointer arithmetic from null; create() is the way.
    ThrowTypeError(isolate,
                   "Invalid pointer to offset, pointer is null (use UnsafePointer.create(address))");
    return;
  }
  void* base;
  if (!PointerFromJs(info[0], &base)) {
    ThrowTypeError(isolate, "UnsafePointer.offset: expects a pointer object, got " +
                                DescribeValue(isolate, info[0]));
    return;
  }
  int64_t delta;
  bool lossless = true;
  if (info[1]->IsBigInt()) {
    delta = info[1].As<v8::BigInt>()->Int64Value(&lossless);
  } else if (info[1]->IsUndefined() || !IntegerArgument(info[1], &delta)) {
    ThrowTypeError(isolate, "UnsafePointer.offset: offset expects an integral number, got " +
                                DescribeValue(isolate, info[1]));
    return;
  }
  // No wrapping around the address space: that would be another, unrelated address.
  uintptr_t address;
  const uintptr_t start = reinterpret_cast<uintptr_t>(base);
  const uintptr_t distance = delta < 0 ? 0 - static_cast<uintptr_t>(delta) : static_cast<uintptr_t>(delta);
  if (!lossless || (delta < 0 ? __builtin_sub_overflow(start, distance, &address)
                              : __builtin_add_overflow(start, distance, &address))) {
    ThrowTypeError(isolate, "UnsafePointer.offset: offset " + DescribeValue(isolate, info[1]) +
                                " moves the pointer outside [0, 2^64)");
    return;
  }
  info.GetReturnValue().Set(PointerToJs(isolate, reinterpret_cast<void*>(address)));
}

void PointerOf(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  void* address;
  if (!BufferAddress(info[0], &address, nullptr)) {
    ThrowTypeError(isolate,
                   "UnsafePointer.of: expects a TypedArray, DataView, ArrayBuffer or "
                   "UnsafeCallback, got " + DescribeValue(isolate, info[0]));
    return;
  }
  info.GetReturnValue().Set(PointerToJs(isolate, address));
}

void PointerGetCString(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  uint8_t* address;
  if (!ReadAddress(isolate, "UnsafePointerView.getCString", info[0], info[1], &address)) return;
  int64_t bound = -1;  // none: up to the NUL
  if (!info[2]->IsUndefined() && (!IntegerArgument(info[2], &bound) || bound < 0)) {
    ThrowTypeError(isolate,
                   "UnsafePointerView.getCString: maxByteLength expects a non-negative integral "
                   "number, got " + DescribeValue(isolate, info[2]));
    return;
  }
  const char* text = reinterpret_cast<const char*>(address);
  // A bound stops the read there even without a NUL (strnlen reads no further).
  size_t length = bound < 0 ? std::strlen(text) : strnlen(text, static_cast<size_t>(bound));
  v8::Local<v8::String> result;
  if (length > static_cast<size_t>(v8::String::kMaxLength) ||
      !v8::String::NewFromUtf8(isolate, text, v8::NewStringType::kNormal,
                               static_cast<int>(length))
           .ToLocal(&result)) {
    ThrowError(isolate, "UnsafePointerView.getCString: string too long");
    return;
  }
  info.GetReturnValue().Set(result);
}

void PointerGetArrayBuffer(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  int64_t length;
  if (info[1]->IsUndefined() || !IntegerArgument(info[1], &length) || length < 0) {
    ThrowTypeError(isolate,
                   "UnsafePointerView.getArrayBuffer: byteLength expects a non-negative integral "
                   "number, got " + DescribeValue(isolate, info[1]));
    return;
  }
  uint8_t* address;
  if (!ReadAddress(isolate, "UnsafePointerView.getArrayBuffer", info[0], info[2], &address)) {
    return;
  }
  // Safety: the ArrayBuffer aliases foreign memory it does not own (Deno's
  // semantics); the caller keeps that memory alive while the buffer is used.
  std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(
      address, static_cast<size_t>(length), [](void*, size_t, void*) {}, nullptr);
  info.GetReturnValue().Set(v8::ArrayBuffer::New(isolate, std::move(store)));
}

namespace {
// copyInto / copyFrom: (pointer, buffer, offset); the buffer's byteLength bytes move
// between it and pointer + offset, in the direction `into_buffer` says.
void CopyWithBuffer(const v8::FunctionCallbackInfo<v8::Value>& info, const char* what,
                    const char* buffer_name, bool into_buffer) {
  v8::Isolate* isolate = info.GetIsolate();
  void* buffer;
  size_t length;
  if (!BufferAddress(info[1], &buffer, &length)) {
    ThrowTypeError(isolate, std::string(what) + ": " + buffer_name +
                                " expects a TypedArray, DataView or ArrayBuffer, got " +
                                DescribeValue(isolate, info[1]));
    return;
  }
  uint8_t* address;
  if (!ReadAddress(isolate, what, info[0], info[2], &address)) return;
  if (length == 0) return;
  if (into_buffer) {
    std::memmove(buffer, address, length);
  } else {
    std::memmove(address, buffer, length);
  }
}
}  // namespace

void PointerCopyInto(const v8::FunctionCallbackInfo<v8::Value>& info) {
  CopyWithBuffer(info, "UnsafePointerView.copyInto", "destination", true);
}

void PointerCopyFrom(const v8::FunctionCallbackInfo<v8::Value>& info) {
  CopyWithBuffer(info, "UnsafePointerView.copyFrom", "source", false);
}

void ReadStatic(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  NativeType type;
  if (!info[0]->IsExternal() || !info[1]->IsUint32() ||
      !NativeTypeFromCode(info[1].As<v8::Uint32>()->Value(), &type) || type == NativeType::kVoid) {
    ThrowTypeError(isolate, "readStatic: malformed arguments");
    return;
  }
  auto* address = static_cast<uint8_t*>(ExternalValue(info[0]));
  // Deno's semantics: a pointer-typed static is the address of the variable itself.
  if (IsAddressKind(type)) {
    info.GetReturnValue().Set(info[0]);
    return;
  }
  info.GetReturnValue().Set(ValueAtToJs(isolate, type, address));
}

}  // namespace zerocall
