// See libffi_call.h.
#include "call/libffi_call.h"

#include <ffi.h>

#include <vector>

namespace zerocall {

ffi_type* FfiTypeOf(NativeType type) {
  switch (type) {
#define ZEROCALL_PRIMITIVE(kind, name, size, ffi, type_class) \
  case NativeType::kind:                                      \
    return &ffi;
#include "types/primitives.inc"
#undef ZEROCALL_PRIMITIVE
    case NativeType::kStruct: return nullptr;  // built per layout (FfiCallInterface)
  }
  return nullptr;
}

struct FfiCallInterface::Impl {
  ffi_cif cif;
  std::vector<ffi_type*> arg_types;  // Safety: cif points into these; same lifetime.
  std::vector<std::unique_ptr<ffi_type>> struct_types;
  std::vector<std::unique_ptr<std::vector<ffi_type*>>> struct_elements;

  // libffi's description of a type; a struct's is built (recursively) and kept here.
  ffi_type* TypeFor(const Type& type) {
    if (!type.is_struct()) return FfiTypeOf(type.kind);
    auto elements = std::make_unique<std::vector<ffi_type*>>();
    for (const StructLayout::Field& field : type.layout->fields) elements->push_back(TypeFor(field.type));
    elements->push_back(nullptr);
    auto type_description = std::make_unique<ffi_type>();
    type_description->size = 0;  // ffi_prep_cif computes size and alignment
    type_description->alignment = 0;
    type_description->type = FFI_TYPE_STRUCT;
    type_description->elements = elements->data();
    struct_elements.push_back(std::move(elements));
    struct_types.push_back(std::move(type_description));
    return struct_types.back().get();
  }
};

std::unique_ptr<FfiCallInterface> FfiCallInterface::Prepare(const Signature& signature) {
  std::unique_ptr<FfiCallInterface> call(new FfiCallInterface());
  call->impl_ = std::make_unique<Impl>();
  Impl& impl = *call->impl_;
  for (const Type& param : signature.params) impl.arg_types.push_back(impl.TypeFor(param));
  ffi_type* result = impl.TypeFor(signature.result);
  const auto count = static_cast<unsigned>(impl.arg_types.size());
  // A variadic callee reads its variable part as the ABI passes variadic arguments
  // (x86-64: %al counts the vector registers; Apple AArch64: on the stack).
  ffi_status status =
      signature.variadic()
          ? ffi_prep_cif_var(&impl.cif, FFI_DEFAULT_ABI, static_cast<unsigned>(*signature.fixed_params), count,
                             result, impl.arg_types.data())
          : ffi_prep_cif(&impl.cif, FFI_DEFAULT_ABI, count, result, impl.arg_types.data());
  if (status != FFI_OK) return nullptr;
  return call;
}

FfiCallInterface::~FfiCallInterface() = default;

void FfiCallInterface::Call(void* function, void* result, void** args) const {
  // libffi writes small integer results as a full ffi_arg: callers pass >= 8 bytes.
  static_assert(sizeof(NativeValue) >= sizeof(ffi_arg));
  ffi_call(const_cast<ffi_cif*>(&impl_->cif), reinterpret_cast<void (*)()>(function), result,
           args);
}

void* FfiCallInterface::cif() const { return &impl_->cif; }

}  // namespace zerocall
