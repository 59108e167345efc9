// stub_plan.h: classifies a StubRequest once into where each argument arrives
// from V8 and where the C target expects it. Both emitters read only this plan;
// neither re-derives ABI rules.

#ifndef ZEROCALL_JIT_STUB_PLAN_H_
#define ZEROCALL_JIT_STUB_PLAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jit/fast_stub.h"

namespace zerocall::jit {

// The part of a calling convention the planner needs. Both supported ABIs
// assign arguments the same way: the next free GP register for integer and
// pointer kinds, the next free FP register for f32/f64, otherwise the next
// 8-byte stack slot, in argument order (SysV x86-64 psABI 3.2.3; AAPCS64
// 6.8.2 stages C.9-C.16 with Linux's 8-byte stack slot rounding).
struct AbiShape {
  uint8_t gp_arg_regs;  // x64 SysV: 6 (rdi..r9); AAPCS64: 8 (x0..x7)
  uint8_t fp_arg_regs;  // 8 on both
};

inline constexpr AbiShape kX64SysVShape = {6, 8};
inline constexpr AbiShape kAArch64Shape = {8, 8};

// One C parameter: its location in V8's call (receiver first) and in the C call.
struct ParamRoute {
  StubValue type;
  ArgLocation from;  // as V8 passes it to the stub
  ArgLocation to;    // as the C target expects it
};

struct StubPlan {
  std::vector<ParamRoute> params;
  ArgLocation options;          // where V8 passes the options pointer (kNone if absent)
  uint16_t v8_stack_slots = 0;  // 8-byte stack slots V8 fills
  uint16_t c_stack_slots = 0;   // 8-byte stack slots the C target reads
  bool needs_frame = false;     // the result needs normalising after a real call
};

std::optional<StubPlan> PlanStub(const StubRequest& request, AbiShape shape,
                                 std::string* why_not);

// How a narrow integer is widened to 32 bits (params before the call, results after).
enum class Widening : uint8_t {
  kNone,        // 32/64-bit, pointer and FP kinds: passed through
  kSignByte,    // i8
  kZeroByte,    // u8, and bool parameters (V8 passes a C bool: 0 or 1)
  kSignHalf,    // i16
  kZeroHalf,    // u16
  kBoolResult,  // bool results: any nonzero low byte becomes 1
};
Widening ParamWidening(StubValue value);
Widening ResultWidening(StubValue value);

// True for the kinds passed in FP registers.
bool IsFloatKind(StubValue value);
// True for bool/i8/u8/i16/u16: the kinds a stub extends (params) or normalises (results).
bool IsNarrowKind(StubValue value);
// True for the kinds the stub hands to the resolver routine at entry
// (kResolvedPointer, kResolvedInteger).
bool IsResolvedKind(StubValue value);

}  // namespace zerocall::jit

#endif  // ZEROCALL_JIT_STUB_PLAN_H_
