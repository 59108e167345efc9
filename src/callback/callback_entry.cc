// See callback_entry.h.
#include "callback/callback_entry.h"

#include "abi/host.h"
#include "util/jit_setting.h"

extern "C" void zerocall_callback_entry_x64();
extern "C" void zerocall_callback_entry_aarch64();

namespace zerocall {

// The entry saves 8 integer and 8 FP registers: at least what the host ABI has.
static_assert(abi::kHostAbi.gp_arg_regs <= kFirstFpRegisterWord && abi::kHostAbi.fp_arg_regs <= 8);

bool CallbackArgumentSlots(const Signature& signature, std::vector<CallbackArgumentSlot>* slots) {
  if (CallbackEntryRoutine() == nullptr || signature.HasStructs()) return false;
  abi::LocationAllocator locations(abi::kHostAbi);
  slots->clear();
  for (const Type& type : signature.params) {
    const abi::ArgLocation at = locations.Next(IsFloatKind(type.kind));
    switch (at.kind) {
      case abi::ArgLocation::Kind::kGpr: slots->push_back({false, at.index}); break;
      case abi::ArgLocation::Kind::kFpr:
        slots->push_back({false, static_cast<uint16_t>(kFirstFpRegisterWord + at.index)});
        break;
      case abi::ArgLocation::Kind::kStack:
      case abi::ArgLocation::Kind::kNone: slots->push_back({true, at.index}); break;
    }
  }
  return true;
}

void (*CallbackEntryRoutine())() {
  if (JitDisabledByEnvironment()) return nullptr;
  if constexpr (abi::kHostIsa == abi::Isa::kX64) {
    return &zerocall_callback_entry_x64;
  } else {
    return &zerocall_callback_entry_aarch64;
  }
}

}  // namespace zerocall
