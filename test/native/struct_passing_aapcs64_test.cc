// struct_passing_aapcs64_test.cc: the AAPCS64 struct classifier (src/abi/)
// and how the planner routes struct params with it: HFAs member by member in
// FP registers, other small structs in GP registers, a struct that no longer
// fits on the stack with its register class used up, and copies of big
// structs passed by reference.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "abi/struct_passing.h"
#include "jit/fast_stub.h"
#include "jit/stub_plan.h"
#include "struct_test_support.h"

namespace zerocall::jit {
namespace {

using abi::ClassifyAapcs64;
using abi::ScalarField;
using abi::StructPart;
using abi::StructPassing;
using abi::StructShape;
using V = StubValue;
using namespace struct_test;  // NOLINT: field and request helpers
using Kind = ArgLocation::Kind;
using L = ShuffleLoc::Kind;


StructShape Bytes(uint32_t n) {
  StructShape shape{n, {}};
  for (uint32_t i = 0; i < n; ++i) shape.fields.push_back(I8(i));
  return shape;
}

StructPassing Hfa(std::vector<StructPart> members, std::vector<StructPart> slots) {
  return {StructPassing::Kind::kRegisters, std::move(members), std::move(slots), true};
}
StructPassing General(std::vector<StructPart> parts) {
  return {StructPassing::Kind::kRegisters, std::move(parts), {}, true};
}
const StructPassing kByReference{StructPassing::Kind::kByReference, {}, {}, false};

// ---- The classifier ----

TEST(Aapcs64StructTest, HfasOfOneToFourFloatsTakeAnSRegisterEach) {
  EXPECT_EQ(ClassifyAapcs64({4, {F32(0)}}), Hfa({{0, 4, true}}, {{0, 4, false}}));
  EXPECT_EQ(ClassifyAapcs64({8, {F32(0), F32(4)}}), Hfa({{0, 4, true}, {4, 4, true}}, {{0, 8, false}}));
  EXPECT_EQ(ClassifyAapcs64({12, {F32(0), F32(4), F32(8)}}),
            Hfa({{0, 4, true}, {4, 4, true}, {8, 4, true}}, {{0, 8, false}, {8, 4, false}}));
  EXPECT_EQ(ClassifyAapcs64({16, {F32(0), F32(4), F32(8), F32(12)}}),
            Hfa({{0, 4, true}, {4, 4, true}, {8, 4, true}, {12, 4, true}}, {{0, 8, false}, {8, 8, false}}));
}

TEST(Aapcs64StructTest, HfasOfOneToFourDoublesTakeADRegisterEach) {
  EXPECT_EQ(ClassifyAapcs64({8, {F64(0)}}), Hfa({{0, 8, true}}, {{0, 8, false}}));
  EXPECT_EQ(ClassifyAapcs64({16, {F64(0), F64(8)}}),
            Hfa({{0, 8, true}, {8, 8, true}}, {{0, 8, false}, {8, 8, false}}));
  // 32 bytes: still an HFA, so in registers, not by reference.
  EXPECT_EQ(ClassifyAapcs64({32, {F64(0), F64(8), F64(16), F64(24)}}),
            Hfa({{0, 8, true}, {8, 8, true}, {16, 8, true}, {24, 8, true}},
                {{0, 8, false}, {8, 8, false}, {16, 8, false}, {24, 8, false}}));
}

TEST(Aapcs64StructTest, NestedHfasAreFlattenedInOffsetOrder) {
  // { f32, { f32, f32 } }, fields listed out of order.
  EXPECT_EQ(ClassifyAapcs64({12, {F32(4), F32(8), F32(0)}}),
            Hfa({{0, 4, true}, {4, 4, true}, {8, 4, true}}, {{0, 8, false}, {8, 4, false}}));
}

TEST(Aapcs64StructTest, MixedMembersAreNoHfa) {
  // float and double together: 16 bytes in two X registers.
  EXPECT_EQ(ClassifyAapcs64({16, {F32(0), F64(8)}}), General({{0, 8, false}, {8, 8, false}}));
  // float and integer.
  EXPECT_EQ(ClassifyAapcs64({8, {I32(0), F32(4)}}), General({{0, 8, false}}));
  // { u8, { f32, f32 } }
  EXPECT_EQ(ClassifyAapcs64({12, {I8(0), F32(4), F32(8)}}), General({{0, 8, false}, {8, 4, false}}));
  // Five floats: too many members, and over 16 bytes.
  EXPECT_EQ(ClassifyAapcs64({20, {F32(0), F32(4), F32(8), F32(12), F32(16)}}), kByReference);
}

TEST(Aapcs64StructTest, IntegerStructsUpTo16BytesTakeOneXRegisterPer8Bytes) {
  for (uint32_t n = 1; n <= 16; ++n) {
    std::vector<StructPart> parts = {{0, static_cast<uint8_t>(n < 8 ? n : 8), false}};
    if (n > 8) parts.push_back({8, static_cast<uint8_t>(n - 8), false});
    EXPECT_EQ(ClassifyAapcs64(Bytes(n)), General(parts)) << n << " bytes";
  }
  EXPECT_EQ(ClassifyAapcs64({16, {I64(0), I64(8)}}), General({{0, 8, false}, {8, 8, false}}));
}

TEST(Aapcs64StructTest, BiggerNonHfasArePassedByReference) {
  EXPECT_EQ(ClassifyAapcs64(Bytes(17)), kByReference);
  EXPECT_EQ(ClassifyAapcs64({24, {I64(0), I64(8), I64(16)}}), kByReference);
  EXPECT_EQ(ClassifyAapcs64({40, {F64(0), F64(8), F64(16), F64(24), F64(32)}}), kByReference);
}

// ---- Planning ----

const StructShape kFloats3{12, {F32(0), F32(4), F32(8)}};
const StructShape kInts16{16, {I64(0), I64(8)}};
const StructShape kInts24{24, {I64(0), I64(8), I64(16)}};

ShuffleMove Load(uint16_t param, uint16_t part, ShuffleLoc from, ShuffleLoc to) {
  return {param, MoveOp::kLoadPart, from, to, part};
}

TEST(Aapcs64PlanTest, AnHfaOfFloatsTakesOneSRegisterPerMember) {
  auto plan = PlanStub(StructReq({V::kF64, V::kResolvedStruct, V::kF64}, {kFloats3}), abi::kAapcs64, nullptr);
  ASSERT_TRUE(plan);
  const ParamRoute& route = plan->params[1];
  EXPECT_EQ(route.from, (ArgLocation{Kind::kGpr, 1}));
  ASSERT_EQ(route.parts.size(), 3u);
  for (uint16_t k = 0; k < 3; ++k) {
    EXPECT_EQ(route.parts[k].part, (StructPart{4u * k, 4, true}));
    EXPECT_EQ(route.parts[k].to, (ArgLocation{Kind::kFpr, static_cast<uint16_t>(1 + k)}));
  }
  EXPECT_EQ(plan->params[2].to, (ArgLocation{Kind::kFpr, 4}));
  EXPECT_FALSE(plan->needs_frame);
}

// Seven doubles leave one V register: the HFA goes on the stack as in memory
// (two slots), NSRN becomes 8 and the double after it goes on the stack too.
TEST(Aapcs64PlanTest, AnHfaThatDoesNotFitUsesUpTheFpRegisters) {
  std::vector<V> params(7, V::kF64);
  params.push_back(V::kResolvedStruct);
  params.push_back(V::kF64);
  params.push_back(V::kI64);
  auto plan = PlanStub(StructReq(params, {kFloats3}), abi::kAapcs64, nullptr);
  ASSERT_TRUE(plan);
  const ParamRoute& route = plan->params[7];
  ASSERT_EQ(route.parts.size(), 2u);
  EXPECT_EQ(route.parts[0], (StructPartRoute{{0, 8, false}, {Kind::kStack, 0}}));
  EXPECT_EQ(route.parts[1], (StructPartRoute{{8, 4, false}, {Kind::kStack, 1}}));
  EXPECT_EQ(plan->params[8].to, (ArgLocation{Kind::kStack, 2}));
  EXPECT_EQ(plan->params[9].to, (ArgLocation{Kind::kGpr, 0}));  // GP registers untouched
  EXPECT_EQ(plan->c_stack_slots, 3);
}

// Seven integers leave one X register: the 16-byte struct goes on the stack,
// NGRN becomes 8 and the integer after it goes on the stack too (x86-64 would
// give it the last register).
TEST(Aapcs64PlanTest, AStructThatDoesNotFitUsesUpTheGpRegisters) {
  std::vector<V> params(7, V::kI64);
  params.push_back(V::kResolvedStruct);
  params.push_back(V::kI64);
  params.push_back(V::kF64);
  auto plan = PlanStub(StructReq(params, {kInts16}), abi::kAapcs64, nullptr);
  ASSERT_TRUE(plan);
  const ParamRoute& route = plan->params[7];
  EXPECT_EQ(route.from, (ArgLocation{Kind::kStack, 0}));  // V8: x0 receiver, x1..x7 the integers
  EXPECT_EQ(route.parts[0], (StructPartRoute{{0, 8, false}, {Kind::kStack, 0}}));
  EXPECT_EQ(route.parts[1], (StructPartRoute{{8, 8, false}, {Kind::kStack, 1}}));
  EXPECT_EQ(plan->params[8].to, (ArgLocation{Kind::kStack, 2}));
  EXPECT_EQ(plan->params[9].to, (ArgLocation{Kind::kFpr, 0}));  // FP registers untouched
  EXPECT_EQ(plan->v8_stack_slots, 2);
  EXPECT_EQ(plan->c_stack_slots, 3);
  EXPECT_TRUE(plan->needs_frame);
}

// Over 16 bytes: C gets the address of a copy in the stub's frame, in the
// next X register; the copies of two structs lie one after the other.
TEST(Aapcs64PlanTest, BigStructsAreCopiedAndPassedByAddress) {
  auto plan = PlanStub(StructReq({V::kResolvedStruct, V::kI32, V::kResolvedStruct}, {kInts24, Bytes(17)}, V::kI64),
                       abi::kAapcs64, nullptr);
  ASSERT_TRUE(plan);
  EXPECT_TRUE(plan->params[0].by_reference);
  EXPECT_TRUE(plan->params[0].parts.empty());
  EXPECT_EQ(plan->params[0].to, (ArgLocation{Kind::kGpr, 0}));
  EXPECT_EQ(plan->params[0].copy_offset, 0);
  EXPECT_EQ(plan->params[1].to, (ArgLocation{Kind::kGpr, 1}));
  EXPECT_EQ(plan->params[2].to, (ArgLocation{Kind::kGpr, 2}));
  EXPECT_EQ(plan->params[2].copy_offset, 24);
  EXPECT_EQ(plan->copy_bytes, 48);  // 24 + 17 rounded up to 8
  EXPECT_EQ(plan->c_stack_slots, 0);
  EXPECT_TRUE(plan->needs_frame);
  EXPECT_EQ(plan->shuffle, (std::vector<ShuffleMove>{
                               {0, MoveOp::kCopyStruct, {L::kGpr, 1}, {L::kGpr, 0}, 0},
                               {1, MoveOp::kWord, {L::kGpr, 2}, {L::kGpr, 1}, 0},
                               {2, MoveOp::kCopyStruct, {L::kGpr, 3}, {L::kGpr, 2}, 0}}));
}

TEST(Aapcs64PlanTest, TheAddressRegisterIsOverwrittenLast) {
  auto plan = PlanStub(StructReq({V::kResolvedStruct}, {kInts16}), abi::kAapcs64, nullptr);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->shuffle, (std::vector<ShuffleMove>{Load(0, 0, {L::kGpr, 1}, {L::kGpr, 0}),
                                                      Load(0, 1, {L::kGpr, 1}, {L::kGpr, 1})}));
}

}  // namespace
}  // namespace zerocall::jit
