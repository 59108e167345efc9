// struct_passing_test.cc: the x86-64 SysV struct classifier (src/abi/) and how
// the planner routes kResolvedStruct params with it: registers, the whole
// struct on the stack when registers run out, MEMORY-class copies, the shuffle
// that loads each part from the struct's address, and the refusals
// (struct_passing_aapcs64_test.cc has AArch64's).

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "abi/struct_passing.h"
#include "jit/fast_stub.h"
#include "jit/stub_plan.h"
#include "struct_test_support.h"

namespace zerocall::jit {

// Readable failures: "p13 load_part#1 gpr1 -> in1".
void PrintTo(const ShuffleLoc& loc, std::ostream* out) {
  static const char* const kNames[] = {"gpr", "fpr", "in", "out", "gp_scratch", "fp_scratch"};
  *out << kNames[static_cast<int>(loc.kind)] << loc.index;
}
void PrintTo(const ShuffleMove& move, std::ostream* out) {
  static const char* const kOps[] = {"word", "float", "truncate", "save_word", "save_float", "load_part"};
  *out << "p" << move.param << " " << kOps[static_cast<int>(move.op)] << "#" << move.part << " ";
  PrintTo(move.from, out);
  *out << " -> ";
  PrintTo(move.to, out);
}

namespace {

using abi::ClassifyX64SysV;
using abi::ScalarField;
using abi::StructPart;
using abi::StructPassing;
using abi::StructShape;
using V = StubValue;
using namespace struct_test;  // NOLINT: field and request helpers
using Kind = ArgLocation::Kind;
using L = ShuffleLoc::Kind;


StructPassing InRegisters(std::vector<StructPart> parts) {
  return {StructPassing::Kind::kRegisters, std::move(parts), {}, false};
}

// ---- The classifier (psABI 3.2.3) ----

TEST(X64SysVStructTest, TwoDoublesAreTwoSseEightbytes) {
  EXPECT_EQ(ClassifyX64SysV({16, {F64(0), F64(8)}}), InRegisters({{0, 8, true}, {8, 8, true}}));
}

TEST(X64SysVStructTest, TwoInt64sAreTwoIntegerEightbytes) {
  EXPECT_EQ(ClassifyX64SysV({16, {I64(0), I64(8)}}), InRegisters({{0, 8, false}, {8, 8, false}}));
}

TEST(X64SysVStructTest, IntegerWinsTheMergeWithinAnEightbyte) {
  // { i32, f32, f64 }: INTEGER (i32 + f32), then SSE.
  EXPECT_EQ(ClassifyX64SysV({16, {I32(0), F32(4), F64(8)}}),
            InRegisters({{0, 8, false}, {8, 8, true}}));
  // { f64, i64 }: SSE, then INTEGER.
  EXPECT_EQ(ClassifyX64SysV({16, {F64(0), I64(8)}}), InRegisters({{0, 8, true}, {8, 8, false}}));
}

TEST(X64SysVStructTest, FloatsShareAnSseEightbyte) {
  EXPECT_EQ(ClassifyX64SysV({8, {F32(0), F32(4)}}), InRegisters({{0, 8, true}}));
  // 12 bytes: the second eightbyte holds one float, 4 bytes.
  EXPECT_EQ(ClassifyX64SysV({12, {F32(0), F32(4), F32(8)}}),
            InRegisters({{0, 8, true}, {8, 4, true}}));
}

TEST(X64SysVStructTest, SmallStructsAreOneShortIntegerPart) {
  EXPECT_EQ(ClassifyX64SysV({1, {I8(0)}}), InRegisters({{0, 1, false}}));
  EXPECT_EQ(ClassifyX64SysV({2, {I8(0), I8(1)}}), InRegisters({{0, 2, false}}));
  EXPECT_EQ(ClassifyX64SysV({3, {I8(0), I8(1), I8(2)}}), InRegisters({{0, 3, false}}));
  EXPECT_EQ(ClassifyX64SysV({4, {I8(0), I16(2)}}), InRegisters({{0, 4, false}}));  // padded
  EXPECT_EQ(ClassifyX64SysV({6, {I16(0), I16(2), I16(4)}}), InRegisters({{0, 6, false}}));
  EXPECT_EQ(ClassifyX64SysV({4, {F32(0)}}), InRegisters({{0, 4, true}}));
  EXPECT_EQ(ClassifyX64SysV({8, {I32(0), I32(4)}}), InRegisters({{0, 8, false}}));
}

TEST(X64SysVStructTest, NestedFieldsClassifyWhereTheyLie) {
  // { u8, { f32, f32 } }, flattened: u8@0 f32@4 f32@8 -> INTEGER, SSE (4 bytes).
  EXPECT_EQ(ClassifyX64SysV({12, {I8(0), F32(4), F32(8)}}),
            InRegisters({{0, 8, false}, {8, 4, true}}));
  // Eleven bytes: a full INTEGER eightbyte and a 3-byte one.
  std::vector<ScalarField> bytes;
  for (uint32_t i = 0; i < 11; ++i) bytes.push_back(I8(i));
  EXPECT_EQ(ClassifyX64SysV({11, bytes}), InRegisters({{0, 8, false}, {8, 3, false}}));
}

TEST(X64SysVStructTest, MoreThanSixteenBytesIsMemory) {
  const StructPassing want{StructPassing::Kind::kStack,
                           {{0, 8, false}, {8, 8, false}, {16, 8, false}}, {}, false};
  EXPECT_EQ(ClassifyX64SysV({24, {I64(0), I64(8), I64(16)}}), want);
  // All doubles still go to memory, as plain bytes (no part in an FP register).
  EXPECT_EQ(ClassifyX64SysV({24, {F64(0), F64(8), F64(16)}}), want);
  // 20 bytes: the last part is 4 bytes.
  EXPECT_EQ(ClassifyX64SysV({20, {F32(0), F32(4), F32(8), F32(12), F32(16)}}),
            (StructPassing{StructPassing::Kind::kStack, {{0, 8, false}, {8, 8, false}, {16, 4, false}}, {}, false}));
}

// ---- Planning ----

const StructShape kDoubles16{16, {F64(0), F64(8)}};
const StructShape kInts16{16, {I64(0), I64(8)}};
const StructShape kMixed16{16, {I32(0), F32(4), F64(8)}};
const StructShape kInts24{24, {I64(0), I64(8), I64(16)}};

ShuffleMove Load(uint16_t param, uint16_t part, ShuffleLoc from, ShuffleLoc to) {
  return {param, MoveOp::kLoadPart, from, to, part};
}

TEST(StructPlanTest, DoublesGoToFpRegistersFromTheAddressRegister) {
  auto plan = PlanStub(StructReq({V::kResolvedStruct}, {kDoubles16}), abi::kX64SysV, nullptr);
  ASSERT_TRUE(plan);
  const ParamRoute& route = plan->params[0];
  EXPECT_EQ(route.from, (ArgLocation{Kind::kGpr, 1}));
  EXPECT_EQ(route.to.kind, Kind::kNone);
  ASSERT_EQ(route.parts.size(), 2u);
  EXPECT_EQ(route.parts[0].to, (ArgLocation{Kind::kFpr, 0}));
  EXPECT_EQ(route.parts[1].to, (ArgLocation{Kind::kFpr, 1}));
  EXPECT_FALSE(plan->needs_frame);
  EXPECT_EQ(plan->shuffle, (std::vector<ShuffleMove>{Load(0, 0, {L::kGpr, 1}, {L::kFpr, 0}),
                                                      Load(0, 1, {L::kGpr, 1}, {L::kFpr, 1})}));
}

// The address arrives in rsi, which C wants for the second eightbyte: the
// first part loads before the register is overwritten.
TEST(StructPlanTest, TheAddressRegisterIsOverwrittenLast) {
  auto plan = PlanStub(StructReq({V::kResolvedStruct}, {kInts16}), abi::kX64SysV, nullptr);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->shuffle, (std::vector<ShuffleMove>{Load(0, 0, {L::kGpr, 1}, {L::kGpr, 0}),
                                                      Load(0, 1, {L::kGpr, 1}, {L::kGpr, 1})}));
}

// f(i64, struct {i64, i64}, f64 struct... ): the second struct's address sits in
// rdx, which the first struct's second part needs: rdx's readers go first.
TEST(StructPlanTest, TwoStructsInRegisters) {
  auto plan = PlanStub(StructReq({V::kResolvedStruct, V::kResolvedStruct}, {kInts16, kMixed16}),
                       abi::kX64SysV, nullptr);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->params[1].parts[0].to, (ArgLocation{Kind::kGpr, 2}));
  EXPECT_EQ(plan->params[1].parts[1].to, (ArgLocation{Kind::kFpr, 0}));
  EXPECT_EQ(plan->shuffle, (std::vector<ShuffleMove>{Load(0, 0, {L::kGpr, 1}, {L::kGpr, 0}),
                                                      Load(0, 1, {L::kGpr, 1}, {L::kGpr, 1}),
                                                      Load(1, 1, {L::kGpr, 2}, {L::kFpr, 0}),
                                                      Load(1, 0, {L::kGpr, 2}, {L::kGpr, 2})}));
}

// After five integers one GP register is left: a struct needing two goes to
// the stack whole, and the next integer still gets the last register.
TEST(StructPlanTest, AStructThatDoesNotFitGoesToTheStackWithoutTakingRegisters) {
  std::vector<V> params(5, V::kI64);
  params.push_back(V::kResolvedStruct);
  params.push_back(V::kI64);
  auto plan = PlanStub(StructReq(params, {kInts16}), abi::kX64SysV, nullptr);
  ASSERT_TRUE(plan);
  const ParamRoute& route = plan->params[5];
  EXPECT_EQ(route.from, (ArgLocation{Kind::kStack, 0}));
  EXPECT_EQ(route.parts[0].to, (ArgLocation{Kind::kStack, 0}));
  EXPECT_EQ(route.parts[1].to, (ArgLocation{Kind::kStack, 1}));
  EXPECT_EQ(plan->params[6].from, (ArgLocation{Kind::kStack, 1}));
  EXPECT_EQ(plan->params[6].to, (ArgLocation{Kind::kGpr, 5}));
  EXPECT_EQ(plan->v8_stack_slots, 2);
  EXPECT_EQ(plan->c_stack_slots, 2);
  EXPECT_FALSE(plan->needs_frame);  // rewritten in place: V8 passed two slots too
  // In place: slot 1 (the i64) is read before part 1 lands there; slot 0 (the
  // address) is read by part 1 before part 0 overwrites it.
  EXPECT_EQ(plan->shuffle.back(), Load(5, 0, {L::kIncoming, 0}, {L::kIncoming, 0}));
}

// A mixed struct after five integers still fits: its INTEGER part takes the
// last GP register, its SSE part the first FP register.
TEST(StructPlanTest, AMixedStructSplitsOverTheLastGpRegisterAndAnFpRegister) {
  std::vector<V> params(5, V::kI32);
  params.push_back(V::kResolvedStruct);
  params.push_back(V::kF64);
  auto plan = PlanStub(StructReq(params, {kMixed16}), abi::kX64SysV, nullptr);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->params[5].parts[0].to, (ArgLocation{Kind::kGpr, 5}));
  EXPECT_EQ(plan->params[5].parts[1].to, (ArgLocation{Kind::kFpr, 0}));
  EXPECT_EQ(plan->params[6].to, (ArgLocation{Kind::kFpr, 1}));
  EXPECT_EQ(plan->c_stack_slots, 0);
}

TEST(StructPlanTest, MemoryClassStructsAreCopiedIntoStackSlots) {
  auto plan = PlanStub(StructReq({V::kResolvedStruct, V::kI32}, {kInts24}, V::kI64), abi::kX64SysV,
                       nullptr);
  ASSERT_TRUE(plan);
  for (uint16_t k = 0; k < 3; ++k) EXPECT_EQ(plan->params[0].parts[k].to, (ArgLocation{Kind::kStack, k}));
  EXPECT_EQ(plan->params[1].to, (ArgLocation{Kind::kGpr, 0}));  // registers stay free
  EXPECT_EQ(plan->c_stack_slots, 3);
  EXPECT_TRUE(plan->needs_frame);
  EXPECT_EQ(plan->shuffle, (std::vector<ShuffleMove>{
                               Load(0, 0, {L::kGpr, 1}, {L::kOutgoing, 0}),
                               Load(0, 1, {L::kGpr, 1}, {L::kOutgoing, 1}),
                               Load(0, 2, {L::kGpr, 1}, {L::kOutgoing, 2}),
                               {1, MoveOp::kWord, {L::kGpr, 2}, {L::kGpr, 0}, 0}}));
}

// A cycle through a struct's address: f(i32~d, f64 x7, i32~d x5, struct
// {i64, i64}). V8 passes the address in rsi (its first GP param: every integer
// before it arrived as a double) and the 2nd and 3rd integers (params 8, 9) in
// its stack slots 0 and 1; C wants those integers in rsi and rdx and the struct (no GP
// register left) in slots 0 and 1, rewritten in place. rsi is saved in the GP
// scratch register and both parts read the address from there.
TEST(StructPlanTest, ACycleThroughTheAddressRedirectsEveryPart) {
  std::vector<V> params = {V::kI32};
  params.insert(params.end(), 7, V::kF64);
  params.insert(params.end(), 5, V::kI32);
  params.push_back(V::kResolvedStruct);
  StubRequest r = StructReq(params, {kInts16}, V::kVoid);
  for (size_t i : {0, 8, 9, 10, 11, 12}) r.params[i] = {V::kI32, Arrival::kCheckedF64};
  r.reject_handler = 0x00007f1234500200;
  for (StubParam& param : r.params) param.reject_context = 0x6000;
  auto plan = PlanStub(r, abi::kX64SysV, nullptr);
  ASSERT_TRUE(plan);
  EXPECT_FALSE(plan->needs_frame);
  EXPECT_EQ(plan->params[13].from, (ArgLocation{Kind::kGpr, 1}));
  EXPECT_EQ(plan->params[13].parts[0].to, (ArgLocation{Kind::kStack, 0}));
  EXPECT_EQ(plan->params[13].parts[1].to, (ArgLocation{Kind::kStack, 1}));
  // The 3rd integer (param 9: slot 1 -> rdx) is converted at entry straight
  // into rdx, so slot 1 is free for part 1, which reads the address from rsi; then only the cycle rsi -> slot 0 -> rsi
  // is left (param 8 and part 0). A part off the cycle always drains before
  // the cycle is broken, so the saved location has one reader left then.
  const std::vector<ShuffleMove>& shuffle = plan->shuffle;
  ASSERT_GE(shuffle.size(), 5u);
  const size_t n = shuffle.size();
  EXPECT_TRUE(plan->params[9].converted_at_entry);
  EXPECT_EQ(shuffle[n - 4], Load(13, 1, {L::kGpr, 1}, {L::kIncoming, 1}));
  EXPECT_EQ(shuffle[n - 3], (ShuffleMove{13, MoveOp::kSaveWord, {L::kGpr, 1}, {L::kGpScratch, 0}, 0}));
  EXPECT_EQ(shuffle[n - 2], (ShuffleMove{8, MoveOp::kTruncate, {L::kIncoming, 0}, {L::kGpr, 1}, 0}));
  EXPECT_EQ(shuffle[n - 1], Load(13, 0, {L::kGpScratch, 0}, {L::kIncoming, 0}));
}

TEST(StructPlanTest, Refusals) {
  std::string why;
  constexpr abi::Abi kNoStructs = {"no_structs", 8, 8, nullptr};
  EXPECT_FALSE(PlanStub(StructReq({V::kResolvedStruct}, {kDoubles16}), kNoStructs, &why));
  EXPECT_EQ(why, "parameter 0 (resolved_struct): this ABI's stubs do not pass structs");
  EXPECT_FALSE(PlanStub(StructReq({V::kResolvedStruct}, {StructShape{}}), abi::kX64SysV, &why));
  EXPECT_EQ(why, "parameter 0 (resolved_struct) has an empty struct");
  StubRequest no_resolver = StructReq({V::kResolvedStruct}, {kDoubles16});
  no_resolver.resolver = 0;
  EXPECT_FALSE(PlanStub(no_resolver, abi::kX64SysV, &why));
  EXPECT_EQ(why, "parameter 0 (resolved_struct) needs a resolver");
  // 128 bytes of structs in all pass, 129 do not.
  std::vector<ScalarField> bytes;
  for (uint32_t i = 0; i < 65; ++i) bytes.push_back(I8(i));
  const StructShape b64{64, std::vector<ScalarField>(bytes.begin(), bytes.begin() + 64)};
  const StructShape b65{65, bytes};
  EXPECT_TRUE(PlanStub(StructReq({V::kResolvedStruct, V::kResolvedStruct}, {b64, b64}), abi::kX64SysV, &why)) << why;
  EXPECT_FALSE(PlanStub(StructReq({V::kResolvedStruct, V::kResolvedStruct}, {b64, b65}), abi::kX64SysV, &why));
  EXPECT_EQ(why, "struct parameters of 129 bytes in all (at most 128)");
  EXPECT_STREQ(StubValueName(V::kResolvedStruct), "resolved_struct");
  EXPECT_TRUE(IsResolvedKind(V::kResolvedStruct));
}

}  // namespace
}  // namespace zerocall::jit
