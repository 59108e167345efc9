// The general call path's engine: a libffi call interface prepared once per
// signature, then invoked with no allocation. The only file that includes <ffi.h>.
#pragma once
#include <memory>

#include "call/marshal.h"
#include "types/native_type.h"

struct _ffi_type;  // libffi's ffi_type

namespace zerocall {

// The libffi type of a primitive (for this file and for callback closures).
_ffi_type* FfiTypeOf(NativeType type);

class FfiCallInterface {
 public:
  // Returns null if libffi refuses the signature.
  static std::unique_ptr<FfiCallInterface> Prepare(const Signature& signature);
  ~FfiCallInterface();

  // Calls `function` with `args[i]` pointing at the i-th argument's value.
  void Call(void* function, NativeValue* result, void** args) const;

 private:
  FfiCallInterface() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zerocall
