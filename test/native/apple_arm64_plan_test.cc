// apple_arm64_plan_test.cc: Apple's arm64 rules (abi::kAppleArm64) in the
// location allocator and the planner, on any host: stack arguments packed at
// their natural alignment (byte offsets), variadic arguments on the stack in
// 8-byte slots, HFAs and registers as on Linux, and that Linux is untouched.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "abi/abi.h"
#include "abi/host.h"
#include "jit/fast_stub.h"
#include "jit/stub_plan.h"
#include "struct_test_support.h"

namespace zerocall::jit {
namespace {

using V = StubValue;
using Kind = ArgLocation::Kind;
using abi::LocationAllocator;

ArgLocation Stack(uint16_t index) { return {Kind::kStack, index}; }

// Uses up every argument register of both classes.
void FillRegisters(LocationAllocator& a) {
  for (int i = 0; i < 8; ++i) a.Next(false);
  for (int i = 0; i < 8; ++i) a.Next(true);
}

StubRequest Req(std::vector<V> params, V result = V::kVoid, bool options = false) {
  StubRequest r;
  r.target = 0x00007f1234567890;
  r.params.assign(params.begin(), params.end());
  r.result = result;
  r.options_arg = options;
  return r;
}

TEST(AppleArm64Abi, LinuxStaysTheHostAbi) {
  EXPECT_FALSE(abi::kHostAbi.packs_stack_arguments);
  EXPECT_FALSE(abi::kHostAbi.variadic_arguments_on_stack);
  EXPECT_EQ(abi::kHostAbi.stack_unit(), 8u);
  EXPECT_FALSE(abi::kAapcs64.packs_stack_arguments);
  EXPECT_EQ(abi::kAppleArm64.stack_unit(), 1u);
  EXPECT_EQ(abi::kAppleArm64.gp_arg_regs, 8);
  EXPECT_EQ(abi::kAppleArm64.fp_arg_regs, 8);
  EXPECT_EQ(abi::kAppleArm64.indirect_result_register, 8);
}

// Past the registers: each argument at its own size and alignment.
TEST(AppleArm64Abi, PacksStackArgumentsAtTheirNaturalAlignment) {
  LocationAllocator a(abi::kAppleArm64);
  FillRegisters(a);
  EXPECT_EQ(a.Next(false, 4), Stack(0));    // i32
  EXPECT_EQ(a.Next(false, 1), Stack(4));    // u8
  EXPECT_EQ(a.Next(false, 2), Stack(6));    // u16
  EXPECT_EQ(a.Next(true, 4), Stack(8));     // f32
  EXPECT_EQ(a.Next(false, 1), Stack(12));   // i8
  EXPECT_EQ(a.Next(false, 8), Stack(16));   // i64: 13 rounded up to 16
  EXPECT_EQ(a.Next(true, 8), Stack(24));    // f64
  EXPECT_EQ(a.Next(false, 2), Stack(32));   // u16
  EXPECT_EQ(a.stack_used(), 34);
  // Linux: one 8-byte slot each.
  LocationAllocator l(abi::kAapcs64);
  FillRegisters(l);
  for (uint16_t k = 0; k < 8; ++k) EXPECT_EQ(l.Next(k % 2 == 0, k % 2 == 0 ? 4 : 1), Stack(k));
  EXPECT_EQ(l.stack_used(), 8);
}

// The brief's example: nine i32, then a u8, a u16 and an f32 past the FP registers.
TEST(AppleArm64Abi, NineI32ThenNarrowAndFloat) {
  LocationAllocator a(abi::kAppleArm64);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(a.Next(false, 4), (ArgLocation{Kind::kGpr, static_cast<uint16_t>(i)}));
  EXPECT_EQ(a.Next(false, 4), Stack(0));
  EXPECT_EQ(a.Next(false, 1), Stack(4));
  EXPECT_EQ(a.Next(false, 2), Stack(6));
  for (int i = 0; i < 8; ++i) EXPECT_EQ(a.Next(true, 8), (ArgLocation{Kind::kFpr, static_cast<uint16_t>(i)}));
  EXPECT_EQ(a.Next(true, 4), Stack(8));
  EXPECT_EQ(a.stack_used(), 12);
}

TEST(AppleArm64Abi, MixedI8AndI64Alignment) {
  LocationAllocator a(abi::kAppleArm64);
  FillRegisters(a);
  EXPECT_EQ(a.Next(false, 1), Stack(0));
  EXPECT_EQ(a.Next(false, 8), Stack(8));
  EXPECT_EQ(a.Next(false, 1), Stack(16));
  EXPECT_EQ(a.Next(false, 2), Stack(18));
  EXPECT_EQ(a.Next(false, 4), Stack(20));
  EXPECT_EQ(a.Next(false, 1), Stack(24));
  EXPECT_EQ(a.Next(false, 8), Stack(32));
  EXPECT_EQ(a.stack_used(), 40);
}

// Variadic arguments skip the free registers and take 8-byte slots at
// multiples of 8; fixed ones after them still get registers. Linux: as fixed.
TEST(AppleArm64Abi, VariadicArgumentsGoOnTheStackInEightByteSlots) {
  LocationAllocator a(abi::kAppleArm64);
  EXPECT_EQ(a.Next(false, 8), (ArgLocation{Kind::kGpr, 0}));  // the format
  EXPECT_EQ(a.NextVariadic(false), Stack(0));
  EXPECT_EQ(a.NextVariadic(true), Stack(8));
  EXPECT_EQ(a.NextVariadic(false), Stack(16));
  EXPECT_EQ(a.gp_used(), 1);
  EXPECT_EQ(a.fp_used(), 0);
  EXPECT_EQ(a.stack_used(), 24);
  LocationAllocator b(abi::kAppleArm64);
  FillRegisters(b);
  EXPECT_EQ(b.Next(false, 1), Stack(0));
  EXPECT_EQ(b.NextVariadic(false), Stack(8));  // 1 rounded up to 8
  LocationAllocator l(abi::kAapcs64);
  EXPECT_EQ(l.Next(false), (ArgLocation{Kind::kGpr, 0}));
  EXPECT_EQ(l.NextVariadic(false), (ArgLocation{Kind::kGpr, 1}));
  EXPECT_EQ(l.NextVariadic(true), (ArgLocation{Kind::kFpr, 0}));
}

// The planner does not know where "..." starts, so it refuses variadic targets.
TEST(AppleArm64Abi, PlannerRefusesVariadicTargets) {
  StubRequest r = Req({V::kPointer, V::kI32}, V::kI32);
  r.variadic = true;
  std::string why;
  EXPECT_FALSE(PlanStub(r, abi::kAppleArm64, &why));
  EXPECT_EQ(why, "variadic targets are not planned for apple_arm64 (libffi calls them)");
  EXPECT_FALSE(EmitAppleArm64Stub(r, &why));
  EXPECT_TRUE(PlanStub(r, abi::kAapcs64, nullptr));
}

// HFAs: registers as on Linux (one s/d register per member); on the stack
// packed like their members (4-byte floats at multiples of 4). Other structs
// take 8-byte slots at multiples of 8.
TEST(AppleArm64Abi, StructsOnTheStack) {
  using namespace struct_test;
  const abi::StructShape f3{12, {F32(0), F32(4), F32(8)}};
  const abi::StructShape mixed{12, {I32(0), F32(4), I32(8)}};
  const abi::StructPassing hfa = abi::kAppleArm64.classify_struct(f3);
  LocationAllocator regs(abi::kAppleArm64);
  const auto in_regs = regs.NextStruct(hfa);
  ASSERT_EQ(in_regs.size(), 3u);
  for (uint16_t k = 0; k < 3; ++k) {
    EXPECT_EQ(in_regs[k].at, (ArgLocation{Kind::kFpr, k}));
    EXPECT_EQ(in_regs[k].part, (abi::StructPart{4u * k, 4, true}));
  }
  LocationAllocator a(abi::kAppleArm64);
  FillRegisters(a);
  EXPECT_EQ(a.Next(false, 1), Stack(0));
  const auto packed = a.NextStruct(hfa);
  ASSERT_EQ(packed.size(), 3u);
  EXPECT_EQ(packed[0].at, Stack(4));
  EXPECT_EQ(packed[1].at, Stack(8));
  EXPECT_EQ(packed[2].at, Stack(12));
  EXPECT_EQ(packed[2].part, (abi::StructPart{8, 4, true}));
  EXPECT_EQ(a.Next(false, 2), Stack(16));
  const auto words = a.NextStruct(abi::kAppleArm64.classify_struct(mixed));
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[0].at, Stack(24));
  EXPECT_EQ(words[1].at, Stack(32));
  EXPECT_EQ(words[1].part.offset, 8u);
  EXPECT_EQ(a.stack_used(), 40);
  // Linux keeps the HFA's 8-byte stack pieces.
  LocationAllocator l(abi::kAapcs64);
  FillRegisters(l);
  const auto linux_parts = l.NextStruct(hfa);
  ASSERT_EQ(linux_parts.size(), 2u);
  EXPECT_EQ(linux_parts[0].at, Stack(0));
  EXPECT_EQ(linux_parts[1].at, Stack(1));
}

// V8's view packs too (after the receiver), and any C stack argument means a
// frame: nine i32 arrive at [sp] and [sp, #4]; C reads one at [sp].
TEST(AppleArm64Plan, NineI32) {
  auto plan = PlanStub(Req(std::vector<V>(9, V::kI32), V::kI32), abi::kAppleArm64, nullptr);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->params[7].from, Stack(0));
  EXPECT_EQ(plan->params[7].to, (ArgLocation{Kind::kGpr, 7}));
  EXPECT_EQ(plan->params[8].from, Stack(4));
  EXPECT_EQ(plan->params[8].to, Stack(0));
  EXPECT_EQ(plan->v8_stack_slots, 8);
  EXPECT_EQ(plan->c_stack_slots, 4);
  EXPECT_TRUE(plan->needs_frame);
  auto linux_plan = PlanStub(Req(std::vector<V>(9, V::kI32), V::kI32), abi::kAapcs64, nullptr);
  ASSERT_TRUE(linux_plan);
  EXPECT_EQ(linux_plan->params[8].from, Stack(1));
  EXPECT_EQ(linux_plan->params[8].to, Stack(0));
  EXPECT_FALSE(linux_plan->needs_frame);
}

// V8 passes the 8/16-bit kinds as 32-bit integers and bool as a byte; C gets
// each at its own size. Checked arrivals take 8 bytes on V8's side.
TEST(AppleArm64Plan, NarrowKindsAndCheckedArrivals) {
  std::vector<V> params(8, V::kI64);
  for (V v : {V::kU8, V::kI16, V::kBool, V::kI8, V::kU32, V::kI64, V::kU16}) params.push_back(v);
  StubRequest r = Req(params, V::kVoid, /*options=*/true);
  r.params[11].arrival = Arrival::kCheckedI64;  // the i8
  r.reject_handler = 0x1000;
  auto plan = PlanStub(r, abi::kAppleArm64, nullptr);
  ASSERT_TRUE(plan);
  // V8: p7 @0 (i64), u8 @8 (4), i16 @12 (4), bool @16 (1), i8~i64 @24 (8),
  // u32 @32, i64 @40, u16 @48 (4), options @56.
  const uint16_t from[] = {0, 8, 12, 16, 24, 32, 40, 48};
  // C: p7 in x7; u8 @0, i16 @2, bool @4, i8 @5, u32 @8, i64 @16, u16 @24.
  const uint16_t to[] = {0, 2, 4, 5, 8, 16, 24};
  for (size_t k = 0; k < 8; ++k) EXPECT_EQ(plan->params[7 + k].from, Stack(from[k])) << k;
  EXPECT_EQ(plan->params[7].to, (ArgLocation{Kind::kGpr, 7}));
  for (size_t k = 0; k < 7; ++k) EXPECT_EQ(plan->params[8 + k].to, Stack(to[k])) << k;
  EXPECT_EQ(plan->options, Stack(56));
  EXPECT_EQ(plan->v8_stack_slots, 64);
  EXPECT_EQ(plan->c_stack_slots, 26);
  EXPECT_TRUE(plan->needs_frame);
  EXPECT_EQ(CArgBytes(V::kBool), 1u);
  EXPECT_EQ(V8ArgBytes(V::kI16, Arrival::kNative), 4u);
  EXPECT_EQ(V8ArgBytes(V::kI16, Arrival::kCheckedF64), 8u);
  EXPECT_EQ(V8ArgBytes(V::kF32, Arrival::kNative), 4u);
}

// Without C stack arguments there is no frame: V8's packed stack is only read.
TEST(AppleArm64Plan, OptionsOnTheStackStillTailCalls) {
  auto plan = PlanStub(Req(std::vector<V>(8, V::kI32), V::kI32, true), abi::kAppleArm64, nullptr);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->params[7].from, Stack(0));
  EXPECT_EQ(plan->options, Stack(8));
  EXPECT_EQ(plan->c_stack_slots, 0);
  EXPECT_FALSE(plan->needs_frame);
  std::string why;
  auto stub = EmitAppleArm64Stub(Req(std::vector<V>(8, V::kI32), V::kI32, true), &why);
  ASSERT_TRUE(stub) << why;
  EXPECT_TRUE(stub->tail_call);
  EXPECT_EQ(stub->options_location, Stack(8));
}

}  // namespace
}  // namespace zerocall::jit
