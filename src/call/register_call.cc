// See register_call.h. Why a mismatched function type is safe here: on both ABIs
// the caller owns every argument register and the (unused) stack, arguments that
// the callee does not declare are simply not read, and each declared argument is
// in the register the callee's own prototype assigns it (same order, same class).
#include "call/register_call.h"

#include <cstring>

#include "abi/host.h"

namespace zerocall {

namespace {

// The function types below pass 8 integer and 8 FP registers: at least what the
// host ABI has.
static_assert(abi::kHostAbi.gp_arg_regs <= 8 && abi::kHostAbi.fp_arg_regs <= 8);

using IntegerResultFn = uint64_t (*)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
                                     uint64_t, uint64_t, double, double, double, double, double,
                                     double, double, double);
using FloatResultFn = double (*)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
                                 uint64_t, uint64_t, double, double, double, double, double,
                                 double, double, double);

// The integer register image of an argument: narrow kinds extended to 64 bits,
// since compilers assume callers extend them (at least to 32).
uint64_t IntegerRegister(NativeType type, const NativeValue& value) {
  switch (type) {
    case NativeType::kBool: return value.b != 0;
    case NativeType::kU8: return value.u8;
    case NativeType::kI8: return static_cast<uint64_t>(static_cast<int64_t>(value.i8));
    case NativeType::kU16: return value.u16;
    case NativeType::kI16: return static_cast<uint64_t>(static_cast<int64_t>(value.i16));
    case NativeType::kU32: return value.u32;
    case NativeType::kI32: return static_cast<uint64_t>(static_cast<int64_t>(value.i32));
    case NativeType::kVoid:
    case NativeType::kU64:
    case NativeType::kI64:
    case NativeType::kUsize:
    case NativeType::kIsize:
    case NativeType::kF32:
    case NativeType::kF64:
    case NativeType::kPointer:
    case NativeType::kBuffer:
    case NativeType::kFunction:
    case NativeType::kCString:
    case NativeType::kCString16:
    case NativeType::kStruct: return value.u64;
  }
  return value.u64;
}

// The FP register image: an f32 travels in the low 32 bits of the register.
double FloatRegister(NativeType type, const NativeValue& value) {
  if (type == NativeType::kF64) return value.f64;
  uint64_t bits = 0;
  std::memcpy(&bits, &value.f32, sizeof value.f32);
  double image;
  std::memcpy(&image, &bits, sizeof image);
  return image;
}

}  // namespace

std::optional<RegisterCallPlan> PlanRegisterCall(const Signature& signature) {
  if (signature.HasStructs()) return std::nullopt;  // structs: libffi
  // The fixed function type below does not say how many vector registers it loads
  // (x86-64 %al), which a variadic callee reads: libffi's variadic call does.
  if (signature.variadic()) return std::nullopt;
  RegisterCallPlan plan;
  plan.result = signature.result.kind;
  abi::LocationAllocator locations(abi::kHostAbi);
  for (const Type& type : signature.params) {
    const bool is_fp = IsFloatKind(type.kind);
    const abi::ArgLocation at = locations.Next(is_fp);
    if (at.kind == abi::ArgLocation::Kind::kStack) return std::nullopt;  // libffi places those
    plan.params.push_back({type.kind, is_fp, static_cast<uint8_t>(at.index)});
  }
  return plan;
}

void RegisterCall(const RegisterCallPlan& plan, void* function, const NativeValue* args,
                  NativeValue* result) {
  uint64_t gp[8] = {};
  double fp[8] = {};
  for (size_t i = 0; i < plan.params.size(); i++) {
    const RegisterCallPlan::Slot& slot = plan.params[i];
    if (slot.fp) {
      fp[slot.index] = FloatRegister(slot.type, args[i]);
    } else {
      gp[slot.index] = IntegerRegister(slot.type, args[i]);
    }
  }
  const bool float_result = IsFloatKind(plan.result);
  if (!float_result) {
    // Narrow results: only the low bits are defined; ResultToJs reads just those.
    result->u64 = reinterpret_cast<IntegerResultFn>(function)(
        gp[0], gp[1], gp[2], gp[3], gp[4], gp[5], gp[6], gp[7], fp[0], fp[1], fp[2], fp[3], fp[4],
        fp[5], fp[6], fp[7]);
    return;
  }
  double image = reinterpret_cast<FloatResultFn>(function)(
      gp[0], gp[1], gp[2], gp[3], gp[4], gp[5], gp[6], gp[7], fp[0], fp[1], fp[2], fp[3], fp[4],
      fp[5], fp[6], fp[7]);
  if (plan.result == NativeType::kF64) {
    result->f64 = image;
  } else {
    std::memcpy(&result->f32, &image, sizeof result->f32);  // the low 32 bits of xmm0 / s0
  }
}

}  // namespace zerocall
