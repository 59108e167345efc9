// The register entry of callback thunks (callback_thunks.h): an assembly routine per
// ISA saves the C caller's argument registers into a CallbackFrame on its stack,
// calls zerocall_callback_dispatch(context, frame, stack_args) and returns the
// frame's result words in every result register the ABI uses (x86-64: rax, rdx,
// xmm0, xmm1; AArch64: x0, x1, d0-d3). Every signature goes through it (scalars,
// structs, any number of parameters): a libffi closure is made only where there is
// no entry (ZEROCALL_JIT=0, executable memory refused).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "callback/callback_frame_layout.h"
#include "types/native_type.h"

namespace zerocall {

// The entry's frame; callback_frame_layout.h states its offsets for the assembler.
struct CallbackFrame {
  // [0, 8): the integer argument registers; [8, 16): the FP argument registers' low
  // 64 bits (enough for scalars and for float/double HFA members).
  uint64_t registers[16];
  // [0, 2): the integer result registers; [2, 6): the FP result registers' low 64
  // bits. Narrow integers widened to 64 bits.
  uint64_t result[6];
  uint64_t indirect_result;  // AArch64: x8 at entry (x86-64 passes it in rdi)
  uint64_t unused;           // pads the frame to a multiple of 16 bytes
};
inline constexpr uint16_t kFirstFpRegisterWord = 8;
inline constexpr uint16_t kFirstFpResultWord = 2;
static_assert(offsetof(CallbackFrame, registers) == ZEROCALL_CB_FRAME_GP_ARGS);
static_assert(offsetof(CallbackFrame, registers) + 8 * kFirstFpRegisterWord == ZEROCALL_CB_FRAME_FP_ARGS);
static_assert(offsetof(CallbackFrame, result) == ZEROCALL_CB_FRAME_GP_RESULT);
static_assert(offsetof(CallbackFrame, result) + 8 * kFirstFpResultWord == ZEROCALL_CB_FRAME_FP_RESULT);
static_assert(offsetof(CallbackFrame, indirect_result) == ZEROCALL_CB_FRAME_INDIRECT_RESULT);
static_assert(sizeof(CallbackFrame) == ZEROCALL_CB_FRAME_SIZE && sizeof(CallbackFrame) % 16 == 0);

// Where the C caller put one argument. Values narrower than 8 bytes are in the low
// bytes (both ISAs are little-endian here).
struct CallbackArgumentSlot {
  enum class Kind : uint8_t {
    kRegister,           // a scalar in frame->registers[index]
    kStack,              // a scalar, or a struct's bytes as in memory, from stack_args[index]
    kGathered,           // a struct in registers: its parts (plan.parts[first_part, +part_count))
                         // are copied into the call's scratch words from word `index`
    kAddressInRegister,  // a struct passed by reference (AAPCS64, over 16 bytes): the
    kAddressOnStack,     // address of the caller's copy, in registers[index] / stack_args[index]
  };
  Kind kind;
  uint16_t index;
  uint16_t first_part = 0;
  uint16_t part_count = 0;
};

// One register's piece of a struct: `bytes` bytes at `offset` in the struct, the low
// bytes of frame word `word` (arguments: registers[word]; the result: result[word]).
struct CallbackStructPart {
  uint16_t word;
  uint16_t offset;
  uint8_t bytes;
};

// Where the result goes back to C.
struct CallbackResultSlot {
  enum class Kind : uint8_t {
    kGpWord,     // void, an integer or an address: result[0]
    kFpWord,     // f32/f64: result[kFirstFpResultWord]
    kRegisters,  // a struct in registers: written into scratch words from `index`, then
                 // its parts (plan.parts[first_part, +part_count)) into result words
    kIndirect,   // a struct returned in memory: written where the caller's hidden
                 // pointer points (registers[index] on x86-64, indirect_result on
                 // AArch64), which also comes back in result[0] (psABI: rax)
  };
  Kind kind = Kind::kGpWord;
  uint16_t index = 0;
  uint16_t first_part = 0;
  uint16_t part_count = 0;
  bool in_indirect_register = false;  // kIndirect: the address is frame->indirect_result
};

// Scratch words per call: struct arguments copied out of registers (at most one
// word per argument register) and a struct result in registers (at most 4 words).
inline constexpr uint16_t kCallbackScratchWords = 8 + 8 + 4;

// How one signature's calls arrive at the entry, under the host's C calling
// convention (abi/host.h), from the same classifiers as the fast-call stubs.
struct CallbackFramePlan {
  std::vector<CallbackArgumentSlot> args;  // one per parameter
  std::vector<CallbackStructPart> parts;   // of kGathered arguments and a kRegisters result
  CallbackResultSlot result;
  uint16_t scratch_words = 0;
};

// The plan for `signature`, or false when there is no entry (an ISA without one,
// or ZEROCALL_JIT=0) or the signature is variadic.
bool PlanCallbackFrame(const Signature& signature, CallbackFramePlan* plan);

// The host's entry routine, or null when there is none (or ZEROCALL_JIT=0).
void (*CallbackEntryRoutine())();

}  // namespace zerocall

extern "C" {
// Defined by the callback (callback_calls.cc): runs the call described by the frame.
void zerocall_callback_dispatch(void* context, zerocall::CallbackFrame* frame, uint64_t* stack_args);
}
