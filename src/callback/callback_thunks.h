// Callback thunks: the C function pointers of UnsafeCallbacks whose signatures the
// register entry handles (callback_entry.h). A thunk loads its callback into the
// entry's context register and jumps to the entry routine:
//   x86-64:  mov r10, [rip + data];  jmp [rip + data + 8]
//   AArch64: ldr x9, data;  ldr x16, data + 8;  br x16
// Code and data come in pairs of pages from a write-once arena (exec_memory.h):
// the code page holds the same 16-byte thunk in every slot and is written once,
// then RX for good (never writable again, so threads may call thunks while others
// are handed out); slot i of the data page, one page above, holds {context, entry}.
// Process-wide, since any thread calls them.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace zerocall {

class CallbackThunks {
 public:
  // A thunk that jumps to `entry` with `context` in the entry's context register,
  // or null when this ISA has no thunk or executable memory is refused.
  static void* Acquire(void* context, void (*entry)());
  // Returns a thunk from Acquire to the pool; nothing may call it any more.
  static void Release(void* code);
  // Start addresses of the code pages (tests check they are never writable).
  static std::vector<uintptr_t> CodePages();
};

// One thunk's bytes for a data slot `data_distance` bytes above the thunk, padded
// with traps (pure functions, so both ISAs' encodings are tested on any host;
// nothing if the distance is out of the loads' reach).
using ThunkCode = std::array<uint8_t, 16>;
std::optional<ThunkCode> X64CallbackThunk(uint32_t data_distance);
std::optional<ThunkCode> A64CallbackThunk(uint32_t data_distance);

}  // namespace zerocall
