// abi.h: one description per C calling convention (register files, how arguments
// are assigned to registers and stack slots, how structs travel), read by every
// part of zerocall that lays out a C call: the fast-call stub planner
// (src/jit/stub_plan.cc), the callback entry's frame plan
// (src/callback/callback_entry.cc) and the register call (src/call/register_call.cc).
// Pure data and arithmetic: no V8, no libffi, every ABI compiles on every host.

#ifndef ZEROCALL_ABI_ABI_H_
#define ZEROCALL_ABI_ABI_H_

#include <cstdint>
#include <vector>

#include "abi/struct_passing.h"

namespace zerocall::abi {

// Where one argument lives at a call boundary.
struct ArgLocation {
  enum class Kind : uint8_t {
    kNone,   // not passed
    kGpr,    // index = integer argument register number (x64: 0=rdi..5=r9; a64: x0..x7)
    kFpr,    // index = FP argument register number (xmm0..7 / v0..7)
    kStack,  // index = stack argument position in units of Abi::stack_unit() bytes,
             // 0 = first stack argument: an 8-byte slot on Linux (x64:
             // [rsp + 8 + 8*index] at entry, a64: [sp + 8*index]), a byte offset
             // on Apple arm64 ([sp + index], arguments packed)
  };
  Kind kind = Kind::kNone;
  uint16_t index = 0;

  friend bool operator==(const ArgLocation&, const ArgLocation&) = default;
};

// The part of a calling convention that places arguments. Every supported ABI
// assigns them the same way: the next free GP register for integer and address
// kinds, the next free FP register for f32/f64, otherwise the stack, in
// argument order (SysV x86-64 psABI 3.2.3; AAPCS64 6.8.2 stages C.9-C.16).
// On the stack, Linux rounds every argument up to an 8-byte slot; Apple's
// arm64 ABI packs them at their natural alignment instead
// (packs_stack_arguments).
struct Abi {
  const char* name;
  uint8_t gp_arg_regs;  // x64 SysV: 6 (rdi..r9); AAPCS64: 8 (x0..x7)
  uint8_t fp_arg_regs;  // 8 on both
  // How a struct by value is passed; null = struct parameters are not laid out
  // for this ABI (they keep to libffi).
  StructPassing (*classify_struct)(const StructShape&);
  // Where the address of a struct result returned in memory goes: a GP register
  // outside the argument registers (AAPCS64 6.9: x8), or 0 = the first argument
  // register, taken from the arguments (psABI 3.2.3: rdi).
  uint8_t indirect_result_register = 0;
  // Apple arm64 ("Writing ARM64 code for Apple platforms"): a stack argument
  // takes its own size at its natural alignment (an i8 1 byte, an i32 4 at a
  // multiple of 4; composites and pointers 8 at a multiple of 8), not an
  // 8-byte slot; kStack indices are then byte offsets. The area is still
  // rounded up to 16 bytes at the call.
  bool packs_stack_arguments = false;
  // Apple arm64: the variadic arguments of a call ("..." part) never go in
  // registers, each takes an 8-byte slot at a multiple of 8 on the stack
  // (LocationAllocator::NextVariadic). Linux passes them like fixed ones.
  bool variadic_arguments_on_stack = false;

  // The bytes one unit of a kStack index stands for.
  constexpr uint32_t stack_unit() const { return packs_stack_arguments ? 1 : 8; }
};

inline constexpr Abi kX64SysV = {"x64_sysv", 6, 8, &ClassifyX64SysV};
inline constexpr Abi kAapcs64 = {"aapcs64", 8, 8, &ClassifyAapcs64, 8};
// Apple's arm64 (macOS, iOS): AAPCS64 with the deviations above. Its stubs
// also never touch x18 (the platform register: reserved on Apple, and the
// AArch64 stubs use no register above x17 but the frame record's x29/x30),
// and the caller extends 8/16-bit arguments to 32 bits, which every zerocall
// stub does on Linux too (ParamWidening). Selected for tests only: the host
// ABI (host.h) stays Linux's until a macOS build exists.
inline constexpr Abi kAppleArm64 = {"apple_arm64", 8, 8, &ClassifyAapcs64, 8,
                                    /*packs_stack_arguments=*/true,
                                    /*variadic_arguments_on_stack=*/true};

// Where one part of a struct argument goes.
struct StructPartLocation {
  StructPart part;
  ArgLocation at;

  friend bool operator==(const StructPartLocation&, const StructPartLocation&) = default;
};

// Hands out argument locations in order, like the ABI's NGRN/NSRN/NSAA counters
// (AAPCS64 6.8.2 stage A; psABI 3.2.3 "the next available register of the
// sequence", otherwise "pushed on the stack").
class LocationAllocator {
 public:
  explicit LocationAllocator(const Abi& abi) : abi_(&abi) {}

  // `bytes`: the argument's size (1, 2, 4 or 8), which only an ABI that packs
  // stack arguments reads (its offset and the space it takes).
  ArgLocation Next(bool is_float, uint32_t bytes = 8);
  // A variadic argument: on the stack in an 8-byte slot at a multiple of 8
  // when the ABI says so (variadic_arguments_on_stack), else as Next.
  ArgLocation NextVariadic(bool is_float);

  // A struct's parts and their locations: registers when enough of both
  // classes are left for all of them (kRegisters), else consecutive stack
  // slots with no register taken (and, when the ABI says so, none left for
  // later arguments of the struct's classes). kByReference structs have none.
  std::vector<StructPartLocation> NextStruct(const StructPassing& passing);

  uint16_t gp_used() const { return gp_used_; }
  uint16_t fp_used() const { return fp_used_; }
  // Units of abi.stack_unit() taken so far (with packing: the end of the last
  // stack argument, in bytes, before the 16-byte rounding at the call).
  uint16_t stack_used() const { return stack_used_; }

 private:
  // The next stack location for `bytes` bytes aligned to `align` (packing ABIs).
  ArgLocation NextStack(uint32_t bytes, uint32_t align);

  const Abi* abi_;
  uint16_t gp_used_ = 0;
  uint16_t fp_used_ = 0;
  uint16_t stack_used_ = 0;
};

}  // namespace zerocall::abi

#endif  // ZEROCALL_ABI_ABI_H_
