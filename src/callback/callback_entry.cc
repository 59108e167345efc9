// See callback_entry.h.
#include "callback/callback_entry.h"

#include "util/jit_setting.h"

extern "C" void zerocall_callback_entry_x64();
extern "C" void zerocall_callback_entry_aarch64();

namespace zerocall {

namespace {

// x86-64 System V passes the first 6 integer-class and 8 FP arguments in registers,
// AAPCS64 (Linux) 8 and 8; both then give each further scalar its own 8-byte stack
// slot, in parameter order, whichever class it is.
#if defined(ZEROCALL_ARCH_X64)
constexpr uint16_t kIntegerRegisters = 6;
#elif defined(ZEROCALL_ARCH_ARM64)
constexpr uint16_t kIntegerRegisters = 8;
#else
constexpr uint16_t kIntegerRegisters = 0;  // no entry routine
#endif
constexpr uint16_t kFpRegisters = 8;

bool IsFloatingPoint(NativeType type) { return type == NativeType::kF32 || type == NativeType::kF64; }

}  // namespace

bool CallbackArgumentSlots(const Signature& signature, std::vector<CallbackArgumentSlot>* slots) {
  if (CallbackEntryRoutine() == nullptr || signature.HasStructs()) return false;
  uint16_t gpr = 0, fpr = 0, stack = 0;
  slots->clear();
  for (NativeType type : signature.params) {
    if (IsFloatingPoint(type) && fpr < kFpRegisters) {
      slots->push_back({false, static_cast<uint16_t>(kFirstFpRegisterWord + fpr++)});
    } else if (!IsFloatingPoint(type) && gpr < kIntegerRegisters) {
      slots->push_back({false, gpr++});
    } else {
      slots->push_back({true, stack++});
    }
  }
  return true;
}

void (*CallbackEntryRoutine())() {
  if (JitDisabledByEnvironment()) return nullptr;
#if defined(ZEROCALL_ARCH_X64)
  return &zerocall_callback_entry_x64;
#elif defined(ZEROCALL_ARCH_ARM64)
  return &zerocall_callback_entry_aarch64;
#else
  return nullptr;
#endif
}

}  // namespace zerocall
