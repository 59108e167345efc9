// See libffi_call.h.
#include "call/libffi_call.h"

#include <ffi.h>

#include <vector>

namespace zerocall {

ffi_type* FfiTypeOf(NativeType type) {
  switch (type) {
#define ZEROCALL_PRIMITIVE(kind, name, size, ffi) \
  case NativeType::kind:                          \
    return &ffi;
#include "types/primitives.inc"
#undef ZEROCALL_PRIMITIVE
  }
  return nullptr;
}

struct FfiCallInterface::Impl {
  ffi_cif cif;
  std::vector<ffi_type*> arg_types;  // Safety: cif points into this; same lifetime.
};

std::unique_ptr<FfiCallInterface> FfiCallInterface::Prepare(const Signature& signature) {
  std::unique_ptr<FfiCallInterface> call(new FfiCallInterface());
  call->impl_ = std::make_unique<Impl>();
  for (NativeType type : signature.params) call->impl_->arg_types.push_back(FfiTypeOf(type));
  ffi_status status =
      ffi_prep_cif(&call->impl_->cif, FFI_DEFAULT_ABI,
                   static_cast<unsigned>(call->impl_->arg_types.size()),
                   FfiTypeOf(signature.result), call->impl_->arg_types.data());
  if (status != FFI_OK) return nullptr;
  return call;
}

FfiCallInterface::~FfiCallInterface() = default;

void FfiCallInterface::Call(void* function, NativeValue* result, void** args) const {
  // libffi writes small integer results as a full ffi_arg: NativeValue is that wide.
  static_assert(sizeof(NativeValue) >= sizeof(ffi_arg));
  ffi_call(const_cast<ffi_cif*>(&impl_->cif), reinterpret_cast<void (*)()>(function), result,
           args);
}

}  // namespace zerocall
