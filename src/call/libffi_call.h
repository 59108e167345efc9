// The general call path's engine: a libffi call interface prepared once per
// signature (struct types included), then invoked with no allocation. Callbacks
// build their closures on the same interface.
#pragma once
#include <memory>

#include "call/marshal.h"
#include "types/native_type.h"

struct _ffi_type;  // libffi's ffi_type

namespace zerocall {

// The libffi type of a primitive.
_ffi_type* FfiTypeOf(NativeType type);

class FfiCallInterface {
 public:
  // Returns null if libffi refuses the signature.
  static std::unique_ptr<FfiCallInterface> Prepare(const Signature& signature);
  ~FfiCallInterface();

  // Calls `function` with `args[i]` pointing at the i-th argument's value (for a
  // struct: at its bytes); `result` has room for the result (a struct's size, and
  // at least 8 bytes).
  void Call(void* function, void* result, void** args) const;

  // The prepared ffi_cif, for ffi_prep_closure_loc.
  void* cif() const;

 private:
  FfiCallInterface() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zerocall
