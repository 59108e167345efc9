// stub_plan.h: classifies a StubRequest once into where each argument arrives
// from V8 and where the C target expects it. Both emitters read only this plan;
// neither re-derives ABI rules.

#ifndef ZEROCALL_JIT_STUB_PLAN_H_
#define ZEROCALL_JIT_STUB_PLAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "abi/abi.h"
#include "abi/struct_passing.h"
#include "jit/fast_stub.h"

namespace zerocall::jit {

// Where one part of a struct param goes in the C call.
struct StructPartRoute {
  abi::StructPart part;
  ArgLocation to;

  friend bool operator==(const StructPartRoute&, const StructPartRoute&) = default;
};

// One C parameter: its location in V8's call (receiver first) and in the C call.
struct ParamRoute {
  StubValue type;
  ArgLocation from;  // as V8 passes it to the stub
  ArgLocation to;    // as the C target expects it
  // kCheckedF64: `from` is FP-class (a double), `to` GP-class. kCheckedI64:
  // both GP-class, as for kNative; after the entry check the shuffle moves it
  // like a native param (kWord).
  Arrival arrival = Arrival::kNative;
  // kCheckedF64 whose C register no param arrives in (V8's receiver register,
  // the options register unless a flag reject still needs it, or one past V8's
  // GP params): the entry check converts straight into it and the shuffle has
  // nothing left to do for this param.
  bool converted_at_entry = false;
  // Struct kinds: `to` is kNone and each part of the struct has its own C
  // location (registers, or consecutive stack slots).
  std::vector<StructPartRoute> parts;
  // A struct passed by reference (StructPassing::kByReference): `parts` is
  // empty, `to` takes the address of the stub's copy of the struct, made
  // `copy_offset` bytes into StubPlan's copy area.
  bool by_reference = false;
  uint16_t copy_offset = 0;
  // StubRequest::struct_result's buffer (the last param). Returned in memory:
  // `to` is the hidden result pointer's register and the shuffle moves the
  // address there. Returned in registers: `to` is kNone, the address is saved
  // at `copy_offset` of the copy area after the prologue, and after the call
  // each of `parts` is stored from its result register (index k of `to`: the
  // k-th GP or FP result register) into the buffer.
  bool result_buffer = false;
};

// A place the shuffle reads or writes.
struct ShuffleLoc {
  enum class Kind : uint8_t {
    kGpr,        // GP argument register `index`
    kFpr,        // FP argument register `index`
    kIncoming,   // V8's stack slot `index`; without a frame also the C target's slot `index`
    kOutgoing,   // the C target's stack slot `index` in the stub's frame (framed stubs)
    kGpScratch,  // the GP register holding a value while a cycle is broken
    kFpScratch,  // the FP register likewise
  };
  Kind kind;
  uint16_t index = 0;

  friend bool operator==(const ShuffleLoc&, const ShuffleLoc&) = default;
};

// What a shuffle step does with the value it moves.
enum class MoveOp : uint8_t {
  kWord,       // a GP-class word (kCheckedI64 included, already range-checked at
               // entry): copied, narrow kinds widened, typed arrays dereferenced
  kFloat,      // f32/f64 bits: copied
  kTruncate,   // kCheckedF64 (already range-checked at entry): double -> integer toward
               // zero, then widened like kWord
  kSaveWord,   // cycle break: plain copy of `from` (a GP-class value) into kGpScratch
  kSaveFloat,  // cycle break: plain copy of `from` (a double or float) into kFpScratch
  kLoadPart,   // struct kinds: `from` holds the struct's address; load part
               // `part` of the struct (its bytes only) into `to`
  kCopyStruct,  // by-reference structs: `from` holds the struct's address; copy
                // its bytes into the param's place in the copy area, the
                // copy's address into `to`
};

// One step of the shuffle; `param` indexes StubPlan::params (for the save
// steps: the param whose value is saved).
struct ShuffleMove {
  uint16_t param;
  MoveOp op;
  ShuffleLoc from;
  ShuffleLoc to;
  uint16_t part = 0;  // kLoadPart: index into the param's ParamRoute::parts

  friend bool operator==(const ShuffleMove&, const ShuffleMove&) = default;
};

struct StubPlan {
  std::vector<ParamRoute> params;
  ArgLocation options;          // where V8 passes the options pointer (kNone if absent)
  // Stack units (Abi::stack_unit(): 8-byte slots, or bytes where the ABI packs
  // stack arguments) V8 fills (the options slot included) and the C target reads.
  uint16_t v8_stack_slots = 0;
  uint16_t c_stack_slots = 0;
  // A real call in a frame of its own: the result needs normalising after the
  // call, or errno saving, or the C target reads more stack slots than V8 passed
  // (possible with kCheckedF64 params, which take FP slots from V8 and GP slots in
  // C), so the incoming area cannot be rewritten in place; or the ABI packs stack
  // arguments and C reads any: V8's and C's packed layouts can overlap part of
  // an argument, which the shuffle's location-for-location conflicts do not see.
  bool needs_frame = false;
  // Bytes of the frame's area for by-reference struct copies, above the C
  // target's stack slots (a multiple of 8; nonzero means needs_frame).
  uint16_t copy_bytes = 0;
  // The FP argument registers the C call loads (what a variadic x86-64 call puts in %al).
  uint8_t fp_registers = 0;
  // The argument moves after the entry checks, in emission order: a parallel
  // move (no step overwrites a location a later step still reads; cycles go
  // through a scratch register). PlanShuffle has the algorithm.
  std::vector<ShuffleMove> shuffle;
};

std::optional<StubPlan> PlanStub(const StubRequest& request, const abi::Abi& abi,
                                 std::string* why_not);
// PlanStub's refusals (stub_request_check.cc): false, with the reason, for a
// request it cannot plan.
bool CheckStubRequest(const StubRequest& request, const abi::Abi& abi, std::string* why_not);

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

// The bytes a param takes as a stack argument where the ABI packs them
// (Abi::packs_stack_arguments): C's size of the kind, and what V8 passes (a C
// bool, the 8/16-bit kinds and i32/u32 as a 32-bit integer, an f32, a checked
// arrival's double or int64, everything else a 64-bit word or pointer).
uint32_t CArgBytes(StubValue value);
uint32_t V8ArgBytes(StubValue value, Arrival arrival);
Widening ResultWidening(StubValue value);

// Orders the argument moves of `plan` (params, needs_frame) into
// plan->shuffle. Exposed for the tests; PlanStub calls it.
void PlanShuffle(StubPlan* plan);

}  // namespace zerocall::jit

#endif  // ZEROCALL_JIT_STUB_PLAN_H_
