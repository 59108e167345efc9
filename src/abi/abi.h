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
    kStack,  // index = 8-byte stack argument slot, 0 = first stack argument
             // (x64: [rsp + 8 + 8*index] at entry, a64: [sp + 8*index] at entry)
  };
  Kind kind = Kind::kNone;
  uint16_t index = 0;

  friend bool operator==(const ArgLocation&, const ArgLocation&) = default;
};

// The part of a calling convention that places arguments. Both supported ABIs
// assign them the same way: the next free GP register for integer and address
// kinds, the next free FP register for f32/f64, otherwise the next 8-byte stack
// slot, in argument order (SysV x86-64 psABI 3.2.3; AAPCS64 6.8.2 stages
// C.9-C.16 with Linux's 8-byte stack slot rounding).
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
};

inline constexpr Abi kX64SysV = {"x64_sysv", 6, 8, &ClassifyX64SysV};
inline constexpr Abi kAapcs64 = {"aapcs64", 8, 8, &ClassifyAapcs64, 8};

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

  ArgLocation Next(bool is_float);

  // A struct's parts and their locations: registers when enough of both
  // classes are left for all of them (kRegisters), else consecutive stack
  // slots with no register taken (and, when the ABI says so, none left for
  // later arguments of the struct's classes). kByReference structs have none.
  std::vector<StructPartLocation> NextStruct(const StructPassing& passing);

  uint16_t gp_used() const { return gp_used_; }
  uint16_t fp_used() const { return fp_used_; }
  uint16_t stack_used() const { return stack_used_; }

 private:
  const Abi* abi_;
  uint16_t gp_used_ = 0;
  uint16_t fp_used_ = 0;
  uint16_t stack_used_ = 0;
};

}  // namespace zerocall::abi

#endif  // ZEROCALL_ABI_ABI_H_
