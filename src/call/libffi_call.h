// The general call path's engine: a libffi call interface prepared once per
// signature, then invoked with no allocation. The only file that includes <ffi.h>.
#pragma once
#include <memory>

#include "call/marshal.h"
#include "types/native_type.h"

namespace zerocall {

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
