// The general path's direct call: on x86-64 SysV and AArch64, a C function whose
// arguments all fit in argument registers can be called through one fixed,
// register-only function type (every integer-class register and every FP register
// loaded, the callee reads the ones it declares), so libffi's per-call work is
// skipped. Signatures with stack arguments still go through libffi.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "call/marshal.h"
#include "types/native_type.h"

namespace zerocall {

// Where each parameter goes: an integer or an FP argument register.
struct RegisterCallPlan {
  struct Slot {
    NativeType type;
    bool fp;
    uint8_t index;  // register number within its class
  };
  std::vector<Slot> params;
  NativeType result;
};

// Null when the signature needs stack arguments (or the host ISA is not supported).
std::optional<RegisterCallPlan> PlanRegisterCall(const Signature& signature);

// Calls `function` with `args` (one per parameter, converted by ArgumentFromJs).
void RegisterCall(const RegisterCallPlan& plan, void* function, const NativeValue* args,
                  NativeValue* result);

}  // namespace zerocall
