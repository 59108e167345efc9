// The register entry of callback thunks (callback_thunks.h): an assembly routine per
// ISA saves the C caller's argument registers into a CallbackFrame on its stack,
// calls zerocall_callback_dispatch(context, frame, stack_args) and returns
// frame->result in the result registers (x86-64: rax, rdx and xmm0; AArch64: x0, x1
// and d0). This replaces a libffi closure for signatures of scalars and addresses.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "types/native_type.h"

namespace zerocall {

// The entry's frame; callback_entry_<isa>.S hard-codes these offsets.
struct CallbackFrame {
  // [0, 8): the integer argument registers (x86-64: rdi rsi rdx rcx r8 r9; AArch64:
  // x0-x7); [8, 16): the FP argument registers' low 64 bits (xmm0-7 / d0-d7).
  uint64_t registers[16];
  uint64_t result[2];  // the result; narrow integers widened to 64 bits
};
inline constexpr uint16_t kFirstFpRegisterWord = 8;
static_assert(offsetof(CallbackFrame, result) == 128 && sizeof(CallbackFrame) == 144);

// Where the C caller put one argument: a register of the frame (an index into
// CallbackFrame::registers) or an 8-byte slot of its stack arguments. Values
// narrower than 8 bytes are in the low bytes (both ISAs are little-endian here).
struct CallbackArgumentSlot {
  bool on_stack;
  uint16_t index;
};

// The slots of every parameter under the host's C calling convention, or false
// when the entry does not handle the signature (structs, an unknown ISA).
bool CallbackArgumentSlots(const Signature& signature, std::vector<CallbackArgumentSlot>* slots);

// The host's entry routine, or null when there is none (or ZEROCALL_JIT=0).
void (*CallbackEntryRoutine())();

}  // namespace zerocall

extern "C" {
// Defined by the callback (callback.cc): runs the call described by the frame.
void zerocall_callback_dispatch(void* context, zerocall::CallbackFrame* frame, uint64_t* stack_args);
}
