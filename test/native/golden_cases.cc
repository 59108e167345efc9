// golden_cases.cc: the requests behind the golden listings. Each one isolates a
// feature of the emitters: register shifts, the stack-to-register load, slot
// moves around interleaved FP slots, narrow extension, normalising frames,
// options placement, and the rel/absolute branch choice.

#include "golden_cases.h"

#include <cstdio>

#include "jit/stub_plan.h"

namespace zerocall::jit::test {
namespace {

using V = StubValue;

StubRequest Req(std::vector<V> params, V result, bool options = false,
                uint64_t code_address = 0) {
  StubRequest r;
  r.target = kGoldenTarget;
  r.code_address = code_address;
  r.params.assign(params.begin(), params.end());
  r.result = result;
  r.options_arg = options;
  return r;
}

// Req with the golden resolver, a context word per resolved param and, when a
// param is kResolvedInteger, Node's Smi shift (32: no pointer compression).
StubRequest Resolved(std::vector<V> params, V result, bool options = false,
                     uint64_t code_address = 0) {
  StubRequest r = Req(std::move(params), result, options, code_address);
  r.resolver = kGoldenResolver;
  for (size_t i = 0; i < r.params.size(); ++i) {
    if (IsResolvedKind(r.params[i].value)) {
      r.params[i].resolver_context = kGoldenResolveContext + 0x20 * i;
    }
    if (r.params[i].value == V::kResolvedInteger) r.smi_shift = 32;
  }
  return r;
}

StubRequest Variadic(StubRequest r) {
  r.variadic = true;
  return r;
}

StubRequest SavesErrno(StubRequest r) {
  r.errno_address = kGoldenErrnoAddress;
  r.errno_slot = kGoldenErrnoSlot;
  return r;
}

// Params marked `checked` arrive as checked doubles (Arrival::kCheckedF64),
// with the golden reject handler and a context word per param.
StubRequest Checked(StubRequest r, const std::vector<size_t>& checked) {
  for (size_t i : checked) r.params[i].arrival = Arrival::kCheckedF64;
  r.reject_handler = kGoldenRejectHandler;
  for (size_t i = 0; i < r.params.size(); ++i) r.params[i].reject_context = kGoldenRejectContext + 0x10 * i;
  return r;
}

// Params marked `as_i64` arrive as checked int64s (Arrival::kCheckedI64),
// `as_double` as checked doubles, with the golden reject handler and contexts.
StubRequest CheckedI64(StubRequest r, const std::vector<size_t>& as_i64,
                       const std::vector<size_t>& as_double = {}) {
  r = Checked(std::move(r), as_double);
  for (size_t i : as_i64) r.params[i].arrival = Arrival::kCheckedI64;
  return r;
}

// Params marked `as_i64` / `as_double` arrive checked, and a rejected one sets
// the options flag at `offset` (RejectMode::kSetOptionsFlag, V8 11-12): no
// handler, no contexts. The request must have options.
StubRequest Fallback(StubRequest r, const std::vector<size_t>& as_i64, const std::vector<size_t>& as_double,
                     uint32_t offset) {
  for (size_t i : as_i64) r.params[i].arrival = Arrival::kCheckedI64;
  for (size_t i : as_double) r.params[i].arrival = Arrival::kCheckedF64;
  r.reject_mode = RejectMode::kSetOptionsFlag;
  r.reject_flag_offset = offset;
  return r;
}

// kTypedArrayData params of length 0 set the options flag at offset 16.
StubRequest RejectingEmpty(StubRequest r) {
  r.reject_empty_typed_arrays = true;
  r.reject_mode = RejectMode::kSetOptionsFlag;
  r.reject_flag_offset = 16;
  return r;
}

std::vector<V> Repeat(V v, size_t n) { return std::vector<V>(n, v); }

std::vector<V> Concat(std::vector<V> a, const std::vector<V>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// 32 parameters cycling through every non-narrow kind.
std::vector<V> Mixed32() {
  const V cycle[] = {V::kI32, V::kF64, V::kI64, V::kF32, V::kPointer, V::kU32, V::kF64, V::kU64};
  std::vector<V> out;
  for (size_t i = 0; i < 32; ++i) out.push_back(cycle[i % 8]);
  return out;
}

}  // namespace

const std::vector<GoldenCase>& GoldenCases() {
  static const std::vector<GoldenCase> cases = {
      {"nop", Req({}, V::kVoid)},
      {"add_i32", Req({V::kI32, V::kI32}, V::kI32)},
      {"add_i32_near", Req({V::kI32, V::kI32}, V::kI32, false, kGoldenNearCode)},
      {"add_i32_far", Req({V::kI32, V::kI32}, V::kI32, false, kGoldenFarCode)},
      {"add_f64", Req({V::kF64, V::kF64}, V::kF64)},
      {"ptr_u64_i64", Req({V::kPointer, V::kU64, V::kI64}, V::kPointer)},
      {"f32_i32_f32_i64", Req({V::kF32, V::kI32, V::kF32, V::kI64}, V::kF32)},
      {"sum5_i32", Req(Repeat(V::kI32, 5), V::kI32)},
      {"sum6_i32", Req(Repeat(V::kI32, 6), V::kI32)},
      {"sum8_i32", Req(Repeat(V::kI32, 8), V::kI32)},
      {"sum9_i32", Req(Repeat(V::kI32, 9), V::kI32)},
      {"i32x6_f64x4", Req({V::kI32, V::kF64, V::kI32, V::kF64, V::kI32, V::kF64, V::kI32,
                           V::kF64, V::kI32, V::kI32},
                          V::kF64)},
      {"sum10_f64", Req(Repeat(V::kF64, 10), V::kF64)},
      // FP stack slot before the GP slot that moves into r9/x7: the slots
      // after it shift down, the FP slot in front stays put.
      {"f64x9_i32x10", Req(Concat(Repeat(V::kF64, 9), Repeat(V::kI32, 10)), V::kI32)},
      {"narrow_params", Req({V::kI8, V::kU8, V::kI16, V::kU16, V::kBool}, V::kVoid)},
      {"i8x10_stack", Req(Repeat(V::kI8, 10), V::kVoid)},
      {"ret_bool", Req({V::kI32}, V::kBool)},
      {"ret_i8", Req({V::kI8}, V::kI8)},
      {"ret_u8_near", Req({V::kU8}, V::kU8, false, kGoldenNearCode)},
      {"ret_i16", Req({V::kI16}, V::kI16)},
      {"ret_u16", Req({V::kU16}, V::kU16)},
      {"ret_i16_stack", Req(Concat(Repeat(V::kI32, 10), {V::kU16}), V::kI16)},
      {"options", Req({V::kI32, V::kI32}, V::kI32, true)},
      {"options_stack", Req(Repeat(V::kI32, 8), V::kI32, true)},
      {"mixed32", Req(Mixed32(), V::kF64)},
      // Typed arrays (V8 11-12): C gets the data pointer from V8's descriptor, in a
      // register, from the stack into the last register, and stack to stack.
      {"typed_array_u64", Req({V::kTypedArrayData, V::kU64}, V::kU32)},
      {"i32x5_typed_arrays_stack", Req(Concat(Repeat(V::kI32, 5), Repeat(V::kTypedArrayData, 3)), V::kU32)},
      // The same with reject_empty_typed_arrays (zerocall's V8 11-12 buffers): a
      // length-0 descriptor branches to the flag tail, in a register and from
      // V8's stack (loaded into the slot scratch, only read):
      {"typed_array_u64_empty_rejects", RejectingEmpty(Req({V::kTypedArrayData, V::kU64}, V::kU32, true))},
      {"i32x5_typed_arrays_stack_empty_rejects",
       RejectingEmpty(Req(Concat(Repeat(V::kI32, 5), Repeat(V::kTypedArrayData, 3)), V::kU32, true))},
      {"ret_u8_mixed32", Req(Mixed32(), V::kU8, true)},
      // Resolved pointers (V8 13+): resolver call at entry, early return on
      // failure, the pointer written back where V8 passed the value. In a
      // register, tail call:
      {"resolved_u64", Resolved({V::kResolvedPointer, V::kU64}, V::kU64)},
      // Two in registers around FP params, near target (pc-relative tail jump):
      {"f32_resolved_f64_resolved_near",
       Resolved({V::kF32, V::kResolvedPointer, V::kF64, V::kResolvedPointer}, V::kVoid, false,
                kGoldenNearCode)},
      // One in a register, two in V8 stack slots (both ABIs), narrow result
      // (framed), options after them:
      {"resolved_i32x7_f64_resolved_x2_ret_u8",
       Resolved(Concat(Concat({V::kResolvedPointer}, Repeat(V::kI32, 7)),
                       {V::kF64, V::kResolvedPointer, V::kResolvedPointer}),
                V::kU8, true)},
      // Resolved integers (V8 13+): a Smi in the slot is untagged inline and
      // skips the resolver call; anything else is resolved as above. In a
      // register, tail call:
      {"resolved_int_i64", Resolved({V::kResolvedInteger, V::kI64}, V::kI64)},
      // From a V8 stack slot (both ABIs), between a resolved pointer in a
      // register and one on the stack, an f64 among them, narrow result
      // (framed), options:
      {"i32x6_resolved_ptr_int_f64_ptr_ret_i16",
       Resolved(Concat(Repeat(V::kI32, 6),
                       {V::kResolvedPointer, V::kResolvedInteger, V::kF64, V::kResolvedPointer}),
                V::kI16, true)},
      // Checked doubles (V8 13+): integers V8 passes as float64 (marked ~d in
      // the headers), checked at entry, converted for C; out-of-line reject
      // tails after the body tail-call the handler with (context, double).
      // ptr moves up from the 2nd to the 3rd GP register before the 2nd
      // integer lands in the 2nd; the 1st is converted at entry into the 1st:
      {"checked_i32_i32_ptr", Checked(Req({V::kI32, V::kI32, V::kPointer}, V::kI32), {0, 1})},
      // The example: f64 moves down a register, u8 wraps, near branches:
      {"checked_example_near",
       Checked(Req({V::kI32, V::kF64, V::kI32, V::kPointer, V::kU8}, V::kF64, false, kGoldenNearCode),
               {0, 2, 4})},
      // x64: V8's slot 0 holds the 2nd integer (C: 2nd GP register) and the
      // pointer (V8: 2nd GP register) goes to C's slot 0: a cycle, broken with
      // the GP scratch; the other integers come from V8's stack (a64: a plain
      // shuffle, C's stack is empty):
      {"checked_cycle",
       Checked(Req(Concat(Concat({V::kI32}, Repeat(V::kF64, 7)), Concat(Repeat(V::kI32, 5), {V::kPointer})),
                   V::kVoid),
               {0, 8, 9, 10, 11, 12})},
      // x64: C needs two stack slots, V8 passed none: framed although the
      // result is not narrow (a64: tail call, all in registers):
      {"checked_i32x7_ptr", Checked(Req(Concat(Repeat(V::kI32, 7), {V::kPointer}), V::kI64), {0, 1, 2, 3, 4, 5, 6})},
      // A resolved pointer first, then checked doubles on V8's stack (both
      // ABIs), narrow result (framed), options:
      {"checked_resolved_stack_ret_u16",
       Checked(Resolved(Concat(Concat({V::kResolvedPointer}, Repeat(V::kF64, 8)), {V::kI16, V::kU32}),
                        V::kU16, true),
               {9, 10})},
      // Checked int64s (marked ~i64): where native integers arrive, range
      // checked at entry (no conversion), then moved and widened like native
      // params; the reject tails convert the int64 to a double for the handler.
      // In registers, u8 widened, tail call:
      {"checked_i64_i32_u8_ptr", CheckedI64(Req({V::kI32, V::kU8, V::kPointer}, V::kI32), {0, 1})},
      // On V8's stack (both ABIs) after seven pointers, a checked double in
      // the first FP register, narrow result (framed), options:
      {"checked_i64_stack_ret_u16",
       CheckedI64(Req(Concat(Repeat(V::kPointer, 7), {V::kI8, V::kU32, V::kI32}), V::kU16, true), {7, 8}, {9})},
      // Rejects that set the options flag (V8 11-12's fallback) instead of
      // calling a handler: every checked param branches to one tail.
      // The bench's many_args (6 i32 ~i64, 4 f64 interleaved), tail call; the
      // options pointer on V8's stack on x86-64 (loaded into r10), in x7 on
      // AArch64; flag at offset 0 as in V8 12's FastApiCallbackOptions:
      {"fallback_many_args",
       Fallback(Req({V::kI32, V::kF64, V::kI32, V::kF64, V::kI32, V::kF64, V::kI32, V::kF64, V::kI32, V::kI32},
                    V::kI32, true),
                {0, 2, 4, 6, 8, 9}, {}, 0)},
      // Options in a register, a checked double sharing the tail, u16 widened,
      // narrow result (framed; the tail still runs before the frame), flag at 16:
      {"fallback_u16_i8_d_ret_i8",
       Fallback(Req({V::kU16, V::kI8, V::kI32}, V::kI8, true), {0, 1}, {2}, 16)},
      // Variadic targets (marked "variadic"): x86-64 sets eax to the vector
      // registers the call loads right before the branch; AArch64 emits the
      // same stub as for a fixed target. Two doubles (eax = 2), tail call:
      {"variadic_i32x3_f64x2", Variadic(Req({V::kI32, V::kI32, V::kI32, V::kF64, V::kF64}, V::kF64))},
      // Ten doubles: eight registers (eax = 8), two stack slots:
      {"variadic_f64x10", Variadic(Req(Repeat(V::kF64, 10), V::kF64))},
      // Integers only, past the GP registers (eax = 0), near target:
      {"variadic_i32x9_near", Variadic(Req(Repeat(V::kI32, 9), V::kI32, false, kGoldenNearCode))},
      // errno saving (marked "errno"): framed; after the call errno's 32 bits
      // are copied, zero-extended, to the slot, then the result is normalised.
      {"errno_i32", SavesErrno(Req({V::kI32}, V::kI32))},
      {"errno_f64_ret_f64", SavesErrno(Req({V::kI32, V::kF64}, V::kF64))},
      // Narrow result, options, checked int64s rejecting through the flag:
      {"errno_fallback_ret_i8", SavesErrno(Fallback(Req({V::kI32, V::kI32}, V::kI8, true), {0, 1}, {}, 0))},
      // Both, with stack arguments (the frame's outgoing area):
      {"errno_variadic_i32x9", SavesErrno(Variadic(Req(Repeat(V::kI32, 9), V::kI32)))},
  };
  return cases;
}

namespace {

abi::StructShape Shape(uint32_t size, std::vector<abi::ScalarField> fields) { return {size, std::move(fields)}; }

// The struct shapes of both ABIs' golden cases.
struct StructShapes {
  abi::StructShape d2, i2, mixed, b3, f3, h3, b7, i3;
};
const StructShapes& GoldenStructShapes() {
  static const StructShapes shapes = [] {
    std::vector<abi::ScalarField> seven;
    for (uint32_t k = 0; k < 7; ++k) seven.push_back({k, 1, false});
    return StructShapes{
        Shape(16, {{0, 8, true}, {8, 8, true}}),
        Shape(16, {{0, 8, false}, {8, 8, false}}),
        Shape(16, {{0, 4, false}, {4, 4, true}, {8, 8, true}}),
        Shape(3, {{0, 1, false}, {1, 1, false}, {2, 1, false}}),
        Shape(12, {{0, 4, true}, {4, 4, true}, {8, 4, true}}),
        Shape(6, {{0, 2, false}, {2, 2, false}, {4, 2, false}}),
        Shape(7, seven),
        Shape(24, {{0, 8, false}, {8, 8, false}, {16, 8, false}}),
    };
  }();
  return shapes;
}

// Resolved() plus a shape per kResolvedStruct param, in order.
StubRequest WithStructs(StubRequest r, const std::vector<abi::StructShape>& shapes) {
  for (size_t i = 0, k = 0; i < r.params.size(); ++i) {
    if (IsStructKind(r.params[i].value)) r.params[i].shape = shapes.at(k++);
  }
  return r;
}

// Structs by value (V8 13+, x86-64 SysV; typed arrays V8 11-12): resolved at entry like a pointer,
// then each 8-byte part is loaded from the struct's address into its C
// register or stack slot.
const std::vector<GoldenCase>& StructGoldenCases() {
  const V S = V::kResolvedStruct;
  const V T = V::kTypedArrayStruct;
  const auto& [d2, i2, mixed, b3, f3, h3, b7, i3] = GoldenStructShapes();
  (void)h3;
  static const std::vector<GoldenCase> cases = {
      // Two doubles into xmm0/xmm1 from the address in rsi (bench struct16):
      {"struct_d2", WithStructs(Resolved({S}, V::kF64), {d2})},
      // Two int64s into rdi/rsi: rsi, which holds the address, is loaded last:
      {"struct_i2", WithStructs(Resolved({S}, V::kI64), {i2})},
      // INTEGER then SSE eightbyte, an f64 after it in xmm1; a 12-byte float
      // struct whose second part is one float (movss):
      {"struct_mixed_f64_f3", WithStructs(Resolved({S, V::kF64, S}, V::kF64), {mixed, f3})},
      // 3- and 7-byte structs: two overlapping loads each, none past the end:
      {"struct_b3_b7", WithStructs(Resolved({S, S}, V::kU32), {b3, b7})},
      // After five integers the two-INTEGER struct goes to the stack whole and
      // the next integer to r9 (V8's slots rewritten in place, tail call):
      {"struct_i64x5_i2_i64", WithStructs(Resolved(Concat(Repeat(V::kI64, 5), {S, V::kI64}), V::kI64), {i2})},
      // MEMORY class: 24 bytes copied into the outgoing area (framed):
      {"struct_i3_i32", WithStructs(Resolved({S, V::kI32}, V::kI64), {i3})},
      // Structs as byte typed arrays (V8 11-12, kTypedArrayStruct): the
      // descriptor's length compared with the size (else the flag tail), its
      // data pointer loaded over the descriptor pointer, then routed as above.
      // The bench's struct16, descriptor in rsi, options in rdx:
      {"typed_struct_d2",
       WithStructs(Fallback(Req({T}, V::kF64, true), {}, {}, 0), {d2})},
      // Descriptor on V8's stack (loaded into r10, written back), the struct to
      // C's stack after five integers, a checked int64 sharing the flag tail:
      {"typed_struct_i64x5_i2_i32",
       WithStructs(Fallback(Req(Concat(Repeat(V::kI64, 5), {T, V::kI32}), V::kI64, true), {6}, {}, 0), {i2})},
  };
  return cases;
}

// Structs by value on AArch64 (AAPCS64): HFA members one per s/d register,
// other structs of up to 16 bytes in X registers, bigger ones copied into the
// frame and passed by address.
const std::vector<GoldenCase>& A64StructGoldenCases() {
  const V S = V::kResolvedStruct;
  const V T = V::kTypedArrayStruct;
  const auto& [d2, i2, mixed, b3, f3, h3, b7, i3] = GoldenStructShapes();
  static const std::vector<GoldenCase> cases = {
      // An HFA of two doubles into d0/d1 from the address in x1:
      {"struct_d2", WithStructs(Resolved({S}, V::kF64), {d2})},
      // An HFA of three floats into s1..s3 after an f64 in d0; a mixed
      // (non-HFA) struct into x0/x1, x1 (its address) loaded last:
      {"struct_f64_f3_mixed", WithStructs(Resolved({V::kF64, S, S}, V::kF64), {f3, mixed})},
      // 3-, 6- and 7-byte structs: a high piece into x16 joined by orr, no
      // byte read past the end:
      {"struct_b3_h3_b7", WithStructs(Resolved({S, S, S}, V::kU32), {b3, h3, b7})},
      // After seven integers the 16-byte struct goes to the stack whole and
      // so does the integer after it (NGRN = 8); framed, as C needs 3 slots:
      {"struct_i64x7_i2_i64", WithStructs(Resolved(Concat(Repeat(V::kI64, 7), {S, V::kI64}), V::kI64), {i2})},
      // Over 16 bytes: copied into the frame through x17, its address in x0:
      {"struct_i3_i32", WithStructs(Resolved({S, V::kI32}, V::kI64), {i3})},
      // A byte typed array (V8 11-12): ldr x16 / cmp / b.ne on its length:
      {"typed_struct_d2", WithStructs(Fallback(Req({T}, V::kF64, true), {}, {}, 0), {d2})},
  };
  return cases;
}

// Apple arm64 (abi::kAppleArm64): stack arguments packed at their natural
// alignment on both sides, read and written at exactly their size; any C
// stack argument means a frame.
const std::vector<GoldenCase>& AppleGoldenCases() {
  const V S = V::kResolvedStruct;
  const auto& [d2, i2, mixed, b3, f3, h3, b7, i3] = GoldenStructShapes();
  static const std::vector<GoldenCase> cases = {
      // V8 passes p7 at [sp] and p8 at [sp, #4]; p7 goes to w7, p8 to C's
      // [sp] (ldr w9, [x29, #20] / str w9, [sp]):
      {"apple_sum9_i32", Req(Repeat(V::kI32, 9), V::kI32)},
      // V8: u8 @0 and i16 @4 (as 32-bit ints), i64 @8, u16 @16, f32 @20, f32
      // @24, i32 @28; C: u8 in w7, i16 @0 (strh), i64 @8, u16 @16 (strh),
      // f32 @20, f32 @24, i32 @28:
      {"apple_packed_mixed",
       Req(Concat(Concat(Repeat(V::kI64, 7), {V::kU8, V::kI16, V::kI64, V::kU16}),
                  Concat(Repeat(V::kF64, 8), {V::kF32, V::kF32, V::kI32})),
           V::kI64)},
      // Eight i8 in registers, then i8 @0, bool @1, i8 @2 (strb each), an
      // i8 result normalised:
      {"apple_i8x11_i8", Req(Concat(Repeat(V::kI8, 10), {V::kBool}), V::kI8)},
      // p7 and the options pointer on V8's stack ([sp], [sp, #8]); C reads
      // none, so the stub tail-calls:
      {"apple_i64x8_options", Req(Repeat(V::kI64, 8), V::kI64, /*options=*/true)},
      // After eight doubles a 3-float HFA packs at C's [sp], #4, #8 (str w9
      // each) and the f32 after it at #12; the address comes from [sp]:
      {"apple_f64x8_hfa3_f32", WithStructs(Resolved(Concat(Repeat(V::kF64, 8), {S, V::kF32}), V::kF64),
                                           {f3})},
  };
  return cases;
}

}  // namespace

std::vector<GoldenCase> GoldenCasesFor(const std::string& abi) {
  if (abi == "apple_arm64") return AppleGoldenCases();
  std::vector<GoldenCase> cases = GoldenCases();
  const std::vector<GoldenCase>& structs = abi == "x64_sysv" ? StructGoldenCases() : A64StructGoldenCases();
  cases.insert(cases.end(), structs.begin(), structs.end());
  return cases;
}

std::string DescribeRequest(const StubRequest& request) {
  std::string out = StubValueName(request.result);
  out += " (";
  for (size_t i = 0; i < request.params.size(); ++i) {
    if (i != 0) out += ", ";
    out += StubValueName(request.params[i].value);
    if (IsStructKind(request.params[i].value)) {
      out += '[';
      out += std::to_string(request.params[i].shape.size);
      out += ']';
    }
    if (request.params[i].arrival == Arrival::kCheckedF64) out += "~d";
    if (request.params[i].arrival == Arrival::kCheckedI64) out += "~i64";
  }
  out += ")";
  if (request.options_arg) out += " +options";
  if (request.reject_mode == RejectMode::kSetOptionsFlag) {
    out += " reject=flag@" + std::to_string(request.reject_flag_offset);
  }
  if (request.smi_shift != 0) out += " smi_shift=" + std::to_string(request.smi_shift);
  if (request.variadic) out += " variadic";
  if (request.errno_slot != 0) out += " errno";
  char buf[64];
  std::snprintf(buf, sizeof buf, " target=0x%llx code=0x%llx",
                static_cast<unsigned long long>(request.target),
                static_cast<unsigned long long>(request.code_address));
  out += buf;
  return out;
}

}  // namespace zerocall::jit::test
