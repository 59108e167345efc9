// One call through the register entry (callback_entry.h): points at every argument
// where the C caller put it, gathering structs that arrived in registers into
// scratch words, says where the result is to be written, and afterwards moves a
// struct result into the result registers. Lives on the calling thread's stack for
// the call (a thread that waits for the JS thread keeps it alive meanwhile).
// Pure: no V8, so test/native executes it under both ISAs.
#pragma once
#include <cstdint>
#include <memory>

#include "callback/callback_entry.h"

namespace zerocall {

// Where a scalar argument (a kRegister or kStack slot) and a scalar result (kGpWord,
// kFpWord) are in the frame: the one statement of it, for CallbackFrameCall and the
// JS thread's scalar calls (callback_calls.cc), which need no frame walk.
inline void* ScalarArgumentAt(const CallbackArgumentSlot& slot, CallbackFrame* frame, uint64_t* stack_args) {
  return slot.kind == CallbackArgumentSlot::Kind::kRegister ? static_cast<void*>(&frame->registers[slot.index])
                                                             : static_cast<void*>(stack_args + slot.index);
}
inline void* ScalarResultAt(const CallbackResultSlot& slot, CallbackFrame* frame) {
  return slot.kind == CallbackResultSlot::Kind::kFpWord ? &frame->result[kFirstFpResultWord] : &frame->result[0];
}

class CallbackFrameCall {
 public:
  CallbackFrameCall(const CallbackFramePlan& plan, CallbackFrame* frame, uint64_t* stack_args);
  CallbackFrameCall(const CallbackFrameCall&) = delete;
  CallbackFrameCall& operator=(const CallbackFrameCall&) = delete;

  // args()[i] points at parameter i's value (a struct: its bytes).
  void** args() { return args_; }
  // Where the result is written: a result word for scalars (narrow integers
  // widened), the struct's bytes otherwise.
  void* result() const { return result_; }
  // Once the result is written: a struct result in registers goes to its words.
  void Finish();

 private:
  // Most signatures: the argument pointers in the object itself; longer ones on
  // the heap (no limit on the parameter count).
  static constexpr size_t kInlineArguments = 32;

  const CallbackFramePlan& plan_;
  CallbackFrame* frame_;
  void** args_;
  void* result_;
  std::unique_ptr<void*[]> heap_args_;
  void* inline_args_[kInlineArguments];  // uninitialised until written
  uint64_t scratch_[kCallbackScratchWords];
};

}  // namespace zerocall
