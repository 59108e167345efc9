// See callback_frame_call.h.
#include "callback/callback_frame_call.h"

#include <cstring>

namespace zerocall {

CallbackFrameCall::CallbackFrameCall(const CallbackFramePlan& plan, CallbackFrame* frame, uint64_t* stack_args)
    : plan_(plan), frame_(frame) {
  const size_t count = plan.args.size();
  if (count > kInlineArguments) heap_args_.reset(new void*[count]);
  args_ = heap_args_ ? heap_args_.get() : inline_args_;
  auto gather = [&](uint16_t first_part, uint16_t part_count, uint64_t* into) {
    // Each part is the low bytes of its register; the rest of the word is not ours.
    auto* bytes = reinterpret_cast<uint8_t*>(into);
    for (uint16_t p = first_part; p < first_part + part_count; p++) {
      const CallbackStructPart& part = plan.parts[p];
      std::memcpy(bytes + part.offset, &frame->registers[part.word], part.bytes);
    }
  };
  for (size_t i = 0; i < count; i++) {
    const CallbackArgumentSlot& slot = plan.args[i];
    switch (slot.kind) {
      case CallbackArgumentSlot::Kind::kRegister:
      case CallbackArgumentSlot::Kind::kStack: args_[i] = ScalarArgumentAt(slot, frame, stack_args); break;
      case CallbackArgumentSlot::Kind::kGathered:
        gather(slot.first_part, slot.part_count, scratch_ + slot.index);
        args_[i] = scratch_ + slot.index;
        break;
      case CallbackArgumentSlot::Kind::kAddressInRegister:
        args_[i] = reinterpret_cast<void*>(frame->registers[slot.index]);
        break;
      case CallbackArgumentSlot::Kind::kAddressOnStack: args_[i] = reinterpret_cast<void*>(stack_args[slot.index]); break;
    }
  }
  const CallbackResultSlot& result = plan.result;
  switch (result.kind) {
    case CallbackResultSlot::Kind::kGpWord:
    case CallbackResultSlot::Kind::kFpWord: result_ = ScalarResultAt(result, frame); break;
    case CallbackResultSlot::Kind::kRegisters: result_ = scratch_ + result.index; break;
    case CallbackResultSlot::Kind::kIndirect: {
      const uint64_t address = result.in_indirect_register ? frame->indirect_result : frame->registers[result.index];
      // The callee returns the address it was given (psABI 3.2.3: in rax; AAPCS64
      // asks nothing, and x0 is free then).
      frame->result[0] = address;
      result_ = reinterpret_cast<void*>(address);
      break;
    }
  }
}

void CallbackFrameCall::Finish() {
  const CallbackResultSlot& result = plan_.result;
  if (result.kind != CallbackResultSlot::Kind::kRegisters) return;
  const auto* bytes = reinterpret_cast<const uint8_t*>(scratch_ + result.index);
  for (uint16_t p = result.first_part; p < result.first_part + result.part_count; p++) {
    const CallbackStructPart& part = plan_.parts[p];
    // The bits above a part are unspecified for C; zero keeps them predictable.
    frame_->result[part.word] = 0;
    std::memcpy(&frame_->result[part.word], bytes + part.offset, part.bytes);
  }
}

}  // namespace zerocall
