// See callback_values.h.
#include "callback/callback_values.h"

#include <ffi.h>

#include <cstring>

#include "call/marshal.h"

namespace zerocall {

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
    case NativeType::kCString:
    case NativeType::kCString16:
    case NativeType::kFunction: std::memcpy(result, &value.u64, 8); return;
  }
}

size_t ResultSlotBytes(const Signature& signature) {
  if (signature.result.kind == NativeType::kVoid) return 0;
  const size_t size = signature.result.is_struct() ? signature.result.size() : 8;
  return size > sizeof(ffi_arg) ? size : sizeof(ffi_arg);
}

void WriteZeroResultSlot(const Signature& signature, void* result) {
  std::memset(result, 0, ResultSlotBytes(signature));
}

}  // namespace zerocall
