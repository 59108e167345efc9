// See callback_entry.h. The plan reads the ABI description (abi/abi.h) the fast-call
// stubs use: LocationAllocator numbers the registers and stack slots, the ABI's
// struct classifier says how a struct travels, so a callback receives exactly what
// the stubs (and C compilers) pass.
#include "callback/callback_entry.h"

#include "abi/host.h"
#include "util/jit_setting.h"

extern "C" void zerocall_callback_entry_x64();
extern "C" void zerocall_callback_entry_aarch64();

namespace zerocall {

namespace {

using abi::ArgLocation;

// The entry saves 8 integer and 8 FP argument registers (at least what the host ABI
// has), AArch64's x8 and the result registers below.
static_assert(abi::kHostAbi.gp_arg_regs <= kFirstFpRegisterWord && abi::kHostAbi.fp_arg_regs <= 8);
static_assert(abi::kHostAbi.indirect_result_register == 0 || abi::kHostAbi.indirect_result_register == 8,
              "the entries save x8 as the only indirect result register");

// Frame word of a register location, numbered as in CallbackFrame::registers (or,
// for results, CallbackFrame::result).
uint16_t RegisterWord(ArgLocation at, uint16_t first_fp_word) {
  return at.kind == ArgLocation::Kind::kFpr ? static_cast<uint16_t>(first_fp_word + at.index) : at.index;
}

uint16_t WordsOf(size_t bytes) { return static_cast<uint16_t>((bytes + 7) / 8); }

// A struct parameter: gathered from its registers, in place on the stack, or
// through the address of the caller's copy.
CallbackArgumentSlot StructSlot(const StructLayout& layout, abi::LocationAllocator* locations,
                                CallbackFramePlan* plan) {
  const abi::StructPassing passing = abi::kHostAbi.classify_struct(StructShapeOf(layout));
  if (passing.kind == abi::StructPassing::Kind::kByReference) {
    const ArgLocation at = locations->Next(/*is_float=*/false);
    return at.kind == ArgLocation::Kind::kGpr ? CallbackArgumentSlot{CallbackArgumentSlot::Kind::kAddressInRegister, at.index}
                                               : CallbackArgumentSlot{CallbackArgumentSlot::Kind::kAddressOnStack, at.index};
  }
  const std::vector<abi::StructPartLocation> parts = locations->NextStruct(passing);
  // NextStruct puts a struct either wholly in registers or wholly in consecutive
  // stack slots; the slots hold its bytes as in memory (8-byte pieces, or AArch64's
  // stack_parts), so the callback reads it where it lies.
  if (parts.front().at.kind == ArgLocation::Kind::kStack) return {CallbackArgumentSlot::Kind::kStack, parts.front().at.index};
  CallbackArgumentSlot slot{CallbackArgumentSlot::Kind::kGathered, plan->scratch_words,
                            static_cast<uint16_t>(plan->parts.size()), static_cast<uint16_t>(parts.size())};
  for (const abi::StructPartLocation& part : parts) {
    plan->parts.push_back({RegisterWord(part.at, kFirstFpRegisterWord), static_cast<uint16_t>(part.part.offset),
                           part.part.bytes});
  }
  plan->scratch_words = static_cast<uint16_t>(plan->scratch_words + WordsOf(layout.size));
  return slot;
}

// A struct result: in result registers, numbered like argument registers from a
// fresh start (x86-64: rax, rdx / xmm0, xmm1; AArch64: x0, x1 / v0-v3), or in
// memory at the caller's hidden pointer, which takes the first integer argument
// register where the ABI has no register of its own for it (psABI 3.2.3: rdi).
CallbackResultSlot StructResultSlot(const StructLayout& layout, abi::LocationAllocator* locations,
                                    CallbackFramePlan* plan) {
  const abi::StructPassing passing = abi::kHostAbi.classify_struct(StructShapeOf(layout));
  CallbackResultSlot slot;
  if (passing.kind != abi::StructPassing::Kind::kRegisters) {
    slot.kind = CallbackResultSlot::Kind::kIndirect;
    slot.in_indirect_register = abi::kHostAbi.indirect_result_register != 0;
    if (!slot.in_indirect_register) slot.index = locations->Next(/*is_float=*/false).index;
    return slot;
  }
  slot.kind = CallbackResultSlot::Kind::kRegisters;
  abi::LocationAllocator results(abi::kHostAbi);
  slot.first_part = static_cast<uint16_t>(plan->parts.size());
  for (const abi::StructPartLocation& part : results.NextStruct(passing)) {
    plan->parts.push_back({RegisterWord(part.at, kFirstFpResultWord), static_cast<uint16_t>(part.part.offset),
                           part.part.bytes});
  }
  slot.part_count = static_cast<uint16_t>(plan->parts.size() - slot.first_part);
  // The result's scratch words come after the arguments' (assigned by the caller).
  return slot;
}

}  // namespace

bool PlanCallbackFrame(const Signature& signature, CallbackFramePlan* plan) {
  *plan = CallbackFramePlan{};
  if (CallbackEntryRoutine() == nullptr || signature.variadic()) return false;
  abi::LocationAllocator locations(abi::kHostAbi);
  if (const StructLayout* layout = signature.result.struct_layout()) {
    // First: its hidden pointer comes before every argument.
    plan->result = StructResultSlot(*layout, &locations, plan);
  } else if (IsFloatKind(signature.result.kind)) {
    plan->result.kind = CallbackResultSlot::Kind::kFpWord;
  }
  plan->args.reserve(signature.params.size());
  for (const Type& type : signature.params) {
    if (const StructLayout* layout = type.struct_layout()) {
      plan->args.push_back(StructSlot(*layout, &locations, plan));
      continue;
    }
    const ArgLocation at = locations.Next(IsFloatKind(type.kind));
    if (at.kind == ArgLocation::Kind::kStack) {
      plan->args.push_back({CallbackArgumentSlot::Kind::kStack, at.index});
    } else {
      plan->args.push_back({CallbackArgumentSlot::Kind::kRegister, RegisterWord(at, kFirstFpRegisterWord)});
    }
  }
  if (plan->result.kind == CallbackResultSlot::Kind::kRegisters) {
    plan->result.index = plan->scratch_words;
    plan->scratch_words = static_cast<uint16_t>(plan->scratch_words + WordsOf(signature.result.size()));
  }
  // Cannot fail (callback_entry.h counts the words); a plan past it would overrun.
  if (plan->scratch_words > kCallbackScratchWords) {
    *plan = CallbackFramePlan{};
    return false;
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
