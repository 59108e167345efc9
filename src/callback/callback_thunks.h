// Callback thunks: the C function pointers of UnsafeCallbacks (callback_entry.h). A
// thunk loads its cell (callback_cell.h) into the entry's context register and jumps
// to the entry routine:
//   x86-64:  mov r10, [rip + cell];  jmp [rip + cell + 8]
//   AArch64: ldr x9, cell;  ldr x16, cell + 8;  br x16
// Code and cells come from a write-once arena (exec_memory.h): a code page of 16-byte
// thunks, written once, then RX for good (never writable again, so threads may call
// thunks while others are handed out), and above it three data pages holding thunk
// i's 48-byte cell at 48 * i. A thunk is never reused: C may call a closed
// callback's pointer at any time. Process-wide, since any thread calls them.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace zerocall {

struct CallbackCell;

class CallbackThunks {
 public:
  struct Thunk {
    void* code;
    CallbackCell* cell;  // its context and entry set; the rest zero
  };
  // A new thunk that jumps to `entry` with its cell in the entry's context register,
  // or nulls when this ISA has no thunk or executable memory is refused.
  static Thunk Acquire(void (*entry)());
  // Start addresses of the code pages (tests check they are never writable).
  static std::vector<uintptr_t> CodePages();
};

// One thunk's bytes for a cell `data_distance` bytes above the thunk, padded
// with traps (pure functions, so both ISAs' encodings are tested on any host;
// nothing if the distance is out of the loads' reach).
using ThunkCode = std::array<uint8_t, 16>;
std::optional<ThunkCode> X64CallbackThunk(uint32_t data_distance);
std::optional<ThunkCode> A64CallbackThunk(uint32_t data_distance);

}  // namespace zerocall
