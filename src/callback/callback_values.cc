// See callback_values.h.
#include "callback/callback_values.h"

#include <ffi.h>

#include <cstring>

#include "call/marshal.h"

namespace zerocall {

namespace {

template <typename T>
T Load(const void* slot) {
  T value;
  std::memcpy(&value, slot, sizeof value);
  return value;
}

}  // namespace

v8::Local<v8::Value> ArgumentSlotToJs(v8::Isolate* isolate, NativeType type, const void* slot) {
  switch (type) {
    case NativeType::kVoid:
    case NativeType::kStruct: return v8::Undefined(isolate);  // structs: StructToJs
    case NativeType::kBool: return v8::Boolean::New(isolate, Load<uint8_t>(slot) != 0);
    case NativeType::kU8: return v8::Integer::NewFromUnsigned(isolate, Load<uint8_t>(slot));
    case NativeType::kI8: return v8::Integer::New(isolate, Load<int8_t>(slot));
    case NativeType::kU16: return v8::Integer::NewFromUnsigned(isolate, Load<uint16_t>(slot));
    case NativeType::kI16: return v8::Integer::New(isolate, Load<int16_t>(slot));
    case NativeType::kU32: return v8::Integer::NewFromUnsigned(isolate, Load<uint32_t>(slot));
    case NativeType::kI32: return v8::Integer::New(isolate, Load<int32_t>(slot));
    case NativeType::kU64:
    case NativeType::kUsize: return v8::BigInt::NewFromUnsigned(isolate, Load<uint64_t>(slot));
    case NativeType::kI64:
    case NativeType::kIsize: return v8::BigInt::New(isolate, Load<int64_t>(slot));
    case NativeType::kF32: return v8::Number::New(isolate, Load<float>(slot));
    case NativeType::kF64: return v8::Number::New(isolate, Load<double>(slot));
    case NativeType::kPointer:
    case NativeType::kBuffer:
    case NativeType::kFunction: return PointerToJs(isolate, Load<void*>(slot));
  }
  return v8::Undefined(isolate);
}

void WriteResultSlot(NativeType type, const NativeValue& value, void* result) {
  switch (type) {
    case NativeType::kVoid:
    case NativeType::kStruct: return;  // written by the caller, which knows the size
    case NativeType::kBool: *static_cast<ffi_arg*>(result) = value.b != 0; return;
    case NativeType::kU8: *static_cast<ffi_arg*>(result) = value.u8; return;
    case NativeType::kU16: *static_cast<ffi_arg*>(result) = value.u16; return;
    case NativeType::kU32: *static_cast<ffi_arg*>(result) = value.u32; return;
    case NativeType::kI8: *static_cast<ffi_sarg*>(result) = value.i8; return;
    case NativeType::kI16: *static_cast<ffi_sarg*>(result) = value.i16; return;
    case NativeType::kI32: *static_cast<ffi_sarg*>(result) = value.i32; return;
    case NativeType::kF32: std::memcpy(result, &value.f32, sizeof value.f32); return;
    case NativeType::kF64:
    case NativeType::kU64:
    case NativeType::kI64:
    case NativeType::kUsize:
    case NativeType::kIsize:
    case NativeType::kPointer:
    case NativeType::kBuffer:
    case NativeType::kFunction: std::memcpy(result, &value.u64, 8); return;
  }
}

void WriteZeroResultSlot(const Signature& signature, void* result) {
  if (signature.result == NativeType::kVoid) return;
  size_t size = signature.result_struct ? signature.result_struct->size : 8;
  std::memset(result, 0, size > sizeof(ffi_arg) ? size : sizeof(ffi_arg));
}

}  // namespace zerocall
