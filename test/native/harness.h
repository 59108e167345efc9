// harness.h: assembly helpers for the execution tests (harness_x64.S,
// harness_a64.S). zc_invoke makes a call with explicit register and stack
// contents, as V8 would; zc_record is a C target that records what it received.

#ifndef ZEROCALL_TEST_NATIVE_HARNESS_H_
#define ZEROCALL_TEST_NATIVE_HARNESS_H_

#include <cstddef>
#include <cstdint>

extern "C" {

#if defined(__x86_64__)
inline constexpr int kHarnessGpRegs = 6;
#else
inline constexpr int kHarnessGpRegs = 8;
#endif
inline constexpr int kHarnessFpRegs = 8;
inline constexpr int kRecordedStackSlots = 80;

// Field offsets are hard-coded in the .S files; see the static_asserts below.
struct ZcInvokeFrame {
  uint64_t gp[8];          // argument GP registers (x64 uses the first 6)
  uint64_t fp[8];          // argument FP registers, low 64 bits
  uint64_t stack_slots;    // number of 8-byte stack argument slots
  const uint64_t* stack;   // their contents, slot 0 first
  uint64_t ret_gp;         // rax / x0 after the call
  uint64_t ret_fp;         // xmm0 / d0 after the call, low 64 bits
  uint64_t sp_delta;       // stack pointer after the call minus before (must be 0)
};

struct ZcRecord {
  uint64_t gp[8];
  uint64_t fp[8];
  uint64_t stack[kRecordedStackSlots];  // the callee's incoming stack slots
  uint64_t misaligned;                  // nonzero if sp broke 16-byte alignment at the call
  uint64_t calls;                       // incremented per call
  // The address of stack slot 0 (sp at the call): a pointer C got into the
  // caller's frame (a by-reference struct's copy) maps to stack[] through it.
  uint64_t stack_address;
};

// Calls fn with the frame's registers and stack arguments.
void zc_invoke(ZcInvokeFrame* frame, const void* fn);
// Records its incoming arguments into zc_recorded, returns zc_record_ret_gp in
// rax/x0 and zc_record_ret_fp in xmm0/d0.
void zc_record();
extern ZcRecord zc_recorded;
extern uint64_t zc_record_ret_gp;
extern uint64_t zc_record_ret_fp;

// Return their argument's low 8 / 16 bits with garbage (0x5a..) in the bits
// above, which the C ABI allows for narrow results.
uint64_t zc_garbage_ident8(uint64_t value);
uint64_t zc_garbage_ident16(uint64_t value);

// Fills every caller-saved GP and vector register it may (x64: rcx rdx rsi rdi
// r8-r11, xmm0-15; a64: x0-x17, q0-q7, q16-q31) with 0x5a.. garbage, so a
// resolve function calling it proves the resolver routine restores them. ORs
// sp's misalignment at its call (nonzero = broken) into zc_clobber_misaligned.
void zc_clobber_volatile();
extern uint64_t zc_clobber_misaligned;

}  // extern "C"

static_assert(offsetof(ZcInvokeFrame, fp) == 64);
static_assert(offsetof(ZcInvokeFrame, stack_slots) == 128);
static_assert(offsetof(ZcInvokeFrame, stack) == 136);
static_assert(offsetof(ZcInvokeFrame, ret_gp) == 144);
static_assert(offsetof(ZcInvokeFrame, ret_fp) == 152);
static_assert(offsetof(ZcInvokeFrame, sp_delta) == 160);
static_assert(offsetof(ZcRecord, stack) == 128);
static_assert(offsetof(ZcRecord, misaligned) == 128 + 8 * kRecordedStackSlots);
static_assert(offsetof(ZcRecord, calls) == 136 + 8 * kRecordedStackSlots);
static_assert(offsetof(ZcRecord, stack_address) == 144 + 8 * kRecordedStackSlots);

#endif  // ZEROCALL_TEST_NATIVE_HARNESS_H_
