// exec_apple_arm64_test.cc: stubs built for Apple's arm64 rules
// (EmitAppleArm64Stub) run on AArch64 (under qemu on x86-64 hosts), checked
// against exec_apple_arm64.h's reference of Apple's layout: the brief's packed
// examples with every result kind, rejects of checked params read from V8's
// packed stack, structs past the registers (HFAs packed
// like their members, others in 8-byte slots, copies of big ones), checked and
// resolved params among packed narrow ones, and random signatures.

#if defined(__aarch64__)

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "exec_apple_arm64.h"
#include "exec_recorder.h"
#include "exec_requests.h"
#include "exec_support.h"

namespace zerocall::jit::test {
namespace {

class AppleArm64Exec : public ExecTest {};

// The brief's shapes: nine i32, then a u8, a u16 and an f32 past eight
// doubles; i8/i64 alternating for alignment; every narrow kind packed.
TEST_F(AppleArm64Exec, PackedExamples) {
  std::mt19937_64 rng(2026);
  std::vector<V> nine(9, V::kI32);
  std::vector<V> brief = nine;
  brief.insert(brief.end(), {V::kU8, V::kU16});
  brief.insert(brief.end(), 8, V::kF64);
  brief.push_back(V::kF32);
  std::vector<V> alternating(8, V::kPointer);
  for (int k = 0; k < 6; ++k) alternating.push_back(k % 2 == 0 ? V::kI8 : V::kI64);
  std::vector<V> narrow(8, V::kU64);
  for (V v : {V::kBool, V::kI8, V::kU8, V::kI16, V::kU16, V::kBool, V::kI16, V::kI8, V::kU32, V::kF32}) {
    narrow.push_back(v);
  }
  for (const auto& params : {nine, brief, alternating, narrow}) {
    for (V result : {V::kI32, V::kI8, V::kU16, V::kBool, V::kI64, V::kF64, V::kVoid}) {
      for (bool options : {false, true}) {
        for (int round = 0; round < 3; ++round) {
          CheckApple(rng, params, result, options, Describe(params, result, options));
        }
      }
    }
  }
}

// Random signatures of up to 40 scalar params, options on and off.
TEST_F(AppleArm64Exec, RandomSignatures) {
  std::mt19937_64 rng(0xa99);
  const V kinds[] = {V::kBool, V::kI8, V::kU8, V::kI16, V::kU16, V::kI32, V::kU32,
                     V::kI64, V::kU64, V::kPointer, V::kF32, V::kF64};
  const V results[] = {V::kVoid, V::kI8, V::kU16, V::kBool, V::kI32, V::kI64, V::kF64};
  for (int iteration = 0; iteration < 800; ++iteration) {
    std::vector<V> params(rng() % 41);
    for (V& v : params) v = kinds[rng() % std::size(kinds)];
    const V result = results[rng() % std::size(results)];
    const bool options = rng() % 2 == 0;
    CheckApple(rng, params, result, options, Describe(params, result, options));
  }
}

// Structs past the registers: an HFA packed at its member's size (after
// eight doubles, or when seven leave too few), other structs in 8-byte slots
// at multiples of 8 after a packed byte, 3-byte and mixed ones, a 24-byte one
// by reference in a register and on the stack, then scalars after each.
TEST_F(AppleArm64Exec, StructsPackedOnTheStack) {
  std::mt19937_64 rng(31);
  const V S = V::kResolvedStruct;
  const ParamSpec f3{S, Arrival::kNative, &kShapeF3, 4};
  const ParamSpec d2{S, Arrival::kNative, &kShapeD2, 8};
  const ParamSpec i2{S, Arrival::kNative, &kShapeI2};
  const ParamSpec mixed{S, Arrival::kNative, &kShapeMixed};
  const ParamSpec b3{S, Arrival::kNative, &kShapeB3};
  const ParamSpec i3{S, Arrival::kNative, &kShapeI3};
  auto repeat = [](V v, int n) { return std::vector<ParamSpec>(n, ParamSpec{v}); };
  auto concat = [](std::vector<ParamSpec> a, const std::vector<ParamSpec>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  const std::vector<std::vector<ParamSpec>> cases = {
      concat(repeat(V::kF64, 8), {f3, {V::kF32}}),
      concat(repeat(V::kF64, 7), {f3, {V::kF64}, {V::kF32}}),
      concat(repeat(V::kF64, 6), {d2, f3, {V::kF32}}),
      concat(repeat(V::kF64, 7), {d2, {V::kF32}, {V::kI8}}),
      concat(repeat(V::kI8, 9), {i2, {V::kU16}, mixed, {V::kI8}}),
      concat(repeat(V::kI32, 7), {i2, {V::kI32}}),
      concat(repeat(V::kI64, 8), {{V::kU8}, b3, {V::kI16}, mixed}),
      {b3, mixed, i2, {V::kI32}},
      concat(repeat(V::kI64, 3), {i3, {V::kI32}, {V::kF32}}),
      concat(repeat(V::kI64, 8), {{V::kBool}, i3, {V::kU8}, f3}),
  };
  for (const auto& specs : cases) {
    for (V result : {V::kI64, V::kI16, V::kF64}) {
      for (bool options : {false, true}) CheckApple(rng, specs, result, options, "structs");
    }
  }
}

// Checked doubles and int64s of every checkable kind and resolved pointers,
// in registers and past them, among packed narrow params.
TEST_F(AppleArm64Exec, CheckedAndResolvedPacked) {
  std::mt19937_64 rng(47);
  const V checkable[] = {V::kI8, V::kU8, V::kI16, V::kU16, V::kI32, V::kU32};
  for (Arrival arrival : {Arrival::kCheckedF64, Arrival::kCheckedI64}) {
    for (V kind : checkable) {
      for (int before : {0, 7, 8, 12}) {
        std::vector<ParamSpec> specs;
        for (int k = 0; k < before; ++k) specs.push_back({k % 2 == 0 ? V::kI8 : V::kF64});
        specs.push_back({kind, arrival});
        specs.push_back({V::kResolvedPointer});
        specs.push_back({V::kU16});
        specs.push_back({kind, arrival});
        specs.push_back({V::kF32});
        for (int round = 0; round < 4; ++round) {
          CheckApple(rng, specs, V::kI32, round % 2 == 0,
                     std::string(StubValueName(kind)) + "~" + ArrivalName(arrival) + " after " + std::to_string(before));
        }
      }
    }
  }
}

// Random signatures over every kind above, structs included.
TEST_F(AppleArm64Exec, RandomMixedSignatures) {
  std::mt19937_64 rng(0x5eed);
  const V scalars[] = {V::kBool, V::kI8, V::kU8, V::kI16, V::kU16, V::kI32, V::kU32,
                       V::kI64, V::kU64, V::kPointer, V::kF32, V::kF64, V::kResolvedPointer};
  const ParamSpec structs[] = {{V::kResolvedStruct, Arrival::kNative, &kShapeF3, 4},
                               {V::kResolvedStruct, Arrival::kNative, &kShapeD2, 8},
                               {V::kResolvedStruct, Arrival::kNative, &kShapeI2},
                               {V::kResolvedStruct, Arrival::kNative, &kShapeMixed},
                               {V::kResolvedStruct, Arrival::kNative, &kShapeB3},
                               {V::kResolvedStruct, Arrival::kNative, &kShapeI3}};
  const V results[] = {V::kVoid, V::kI8, V::kU16, V::kBool, V::kI32, V::kI64, V::kF64};
  for (int iteration = 0; iteration < 600; ++iteration) {
    std::vector<ParamSpec> specs(rng() % 33);
    int struct_count = 0;
    for (ParamSpec& p : specs) {
      if (struct_count < 4 && rng() % 8 == 0) {
        p = structs[rng() % std::size(structs)];
        ++struct_count;
        continue;
      }
      p = {scalars[rng() % std::size(scalars)]};
      if (IsCheckableKind(p.kind) && rng() % 3 == 0) {
        p.arrival = rng() % 2 == 0 ? Arrival::kCheckedF64 : Arrival::kCheckedI64;
      }
    }
    const V result = results[rng() % std::size(results)];
    CheckApple(rng, specs, result, rng() % 2 == 0, "random mixed #" + std::to_string(iteration));
  }
}

// Rejects read V8's packed stack too. V8 passes seven i64 in x1..x7 (the
// receiver takes x0), then at [sp] a checked int64 (an i32 param), an i64 at
// [sp, #8], eight doubles in v0..v7, a checked double at [sp, #16], a u8 at
// [sp, #24] (4 bytes) and the options pointer at [sp, #32]. Each checked param
// rejected in turn: the handler once with its context and the exact double, C
// not called, the stack balanced; through the options flag the block's byte
// alone set and 0 returned. Accepted, C gets the checked i32 in w7 and the i64,
// the truncated double and the u8 at [sp], [sp, #8], [sp, #12].
TEST_F(AppleArm64Exec, RejectsFromPackedStack) {
  std::vector<V> params(7, V::kI64);
  params.push_back(V::kI32);  // 7: a checked int64
  params.push_back(V::kI64);
  for (int k = 0; k < 8; ++k) params.push_back(V::kF64);
  params.push_back(V::kI32);  // 17: a checked double, past v7
  params.push_back(V::kU8);
  std::vector<Arrival> arrivals(params.size(), Arrival::kNative);
  arrivals[7] = Arrival::kCheckedI64;
  arrivals[17] = Arrival::kCheckedF64;
  for (bool flag : {false, true}) {
    OptionsBlock block(77);
    StubRequest request = Req(reinterpret_cast<const void*>(&zc_record), params, V::kI32, /*options=*/true);
    if (flag) {
      request = FlagRejects(request, arrivals, block.offset);
    } else {
      WireRejects(request, arrivals);
    }
    auto stub = ExecStub::Create(request, nullptr, EmitAppleArm64Stub);
    if (!stub) return;
    for (int rejected : {7, 17}) {
      const uint64_t bad_i64 = uint64_t{1} << 32;
      const double bad_double = 1e300;
      ZcInvokeFrame frame{};
      frame.gp[0] = reinterpret_cast<uintptr_t>(kReceiver);
      for (int k = 1; k < 8; ++k) frame.gp[k] = 100 + k;
      for (int k = 0; k < 8; ++k) frame.fp[k] = DoubleBits(0.5 + k);
      std::vector<uint64_t> stack = {rejected == 7 ? bad_i64 : 12345, 0x8888,
                                     DoubleBits(rejected == 17 ? bad_double : -7.5), 0xeeeeeeee000000ff,
                                     reinterpret_cast<uintptr_t>(block.address())};
      frame.stack_slots = stack.size();
      frame.stack = stack.data();
      zc_recorded.calls = 0;
      reject_log.Clear();
      block.Reset();
      zc_invoke(&frame, stub->entry());
      const std::string what = std::string(flag ? "flag" : "handler") + " reject of param " + std::to_string(rejected);
      ZC_EXPECT_EQ(zc_recorded.calls, 0u) << what << ": C not called";
      ZC_EXPECT_EQ(frame.sp_delta, 0u) << what << ": stack balanced";
      if (flag) {
        ZC_EXPECT_EQ(static_cast<uint32_t>(frame.ret_gp), 0u) << what;
        ZC_EXPECT_TRUE(block.Is(true)) << what << ": the flag alone";
        ZC_EXPECT_TRUE(reject_log.contexts.empty()) << what << ": no handler";
      } else {
        ZC_EXPECT_EQ(frame.ret_gp, kRejectReturn) << what;
        CheckRejectedOnce(RejectContext(rejected),
                          rejected == 7 ? DoubleBits(static_cast<double>(bad_i64)) : DoubleBits(bad_double), what);
      }
    }
    // Accepted: C gets the checked i32s, the u8 and the rest by Apple's layout.
    ZcInvokeFrame frame{};
    frame.gp[0] = reinterpret_cast<uintptr_t>(kReceiver);
    for (int k = 1; k < 8; ++k) frame.gp[k] = 100 + k;
    std::vector<uint64_t> stack = {static_cast<uint64_t>(-5), 0x8888, DoubleBits(-7.5), 0xeeeeeeee000001ff,
                                   reinterpret_cast<uintptr_t>(block.address())};
    frame.stack_slots = stack.size();
    frame.stack = stack.data();
    zc_recorded.calls = 0;
    block.Reset();
    zc_invoke(&frame, stub->entry());
    ZC_EXPECT_EQ(zc_recorded.calls, 1u);
    ZC_EXPECT_TRUE(block.Is(false)) << "accepted: block untouched";
    ZC_EXPECT_EQ(zc_recorded.gp[6], 107u);
    ZC_EXPECT_EQ(static_cast<int32_t>(zc_recorded.gp[7]), -5) << "checked i64 -5 in w7";
    const auto* c_stack = reinterpret_cast<const uint8_t*>(zc_recorded.stack);
    uint64_t i64 = 0;
    int32_t i32 = 0;
    std::memcpy(&i64, c_stack + 0, 8);
    std::memcpy(&i32, c_stack + 8, 4);
    ZC_EXPECT_EQ(i64, 0x8888u) << "param 8 at [sp]";
    ZC_EXPECT_EQ(i32, -7) << "checked -7.5 truncated at [sp, #8]";
    ZC_EXPECT_EQ(c_stack[12], 0xffu) << "u8 at [sp, #12]";
  }
}

}  // namespace
}  // namespace zerocall::jit::test

#endif  // __aarch64__
