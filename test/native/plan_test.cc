// plan_test.cc: the argument planner, refusals, stub shape (tail call or frame,
// size budget, options location) and assembler corner encodings, on any host.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>

#include "jit/a64_assembler.h"
#include "jit/fast_stub.h"
#include "jit/stub_plan.h"
#include "jit/x64_assembler.h"
#include "request_support.h"

namespace zerocall::jit {
namespace {

using V = StubValue;
using Kind = ArgLocation::Kind;

constexpr uint64_t kTarget = 0x00007f1234567890;

// A64 instruction words as the bytes a CodeBuffer holds.
std::vector<uint8_t> LittleEndian(const std::vector<uint32_t>& words) {
  std::vector<uint8_t> bytes;
  for (uint32_t w : words) {
    for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<uint8_t>(w >> (8 * i)));
  }
  return bytes;
}

StubRequest Req(std::vector<V> params, V result = V::kVoid, bool options = false) {
  StubRequest r;
  r.target = kTarget;
  r.params.assign(params.begin(), params.end());
  r.result = result;
  r.options_arg = options;
  return r;
}

TEST(PlanTest, ShiftsGpParamsPastTheReceiver) {
  auto plan = PlanStub(Req({V::kI32, V::kF64, V::kPointer}), abi::kX64SysV, nullptr);
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->params.size(), 3u);
  EXPECT_EQ(plan->params[0].from, (ArgLocation{Kind::kGpr, 1}));
  EXPECT_EQ(plan->params[0].to, (ArgLocation{Kind::kGpr, 0}));
  EXPECT_EQ(plan->params[1].from, (ArgLocation{Kind::kFpr, 0}));
  EXPECT_EQ(plan->params[1].to, (ArgLocation{Kind::kFpr, 0}));
  EXPECT_EQ(plan->params[2].from, (ArgLocation{Kind::kGpr, 2}));
  EXPECT_EQ(plan->params[2].to, (ArgLocation{Kind::kGpr, 1}));
  EXPECT_EQ(plan->v8_stack_slots, 0);
  EXPECT_EQ(plan->c_stack_slots, 0);
  EXPECT_FALSE(plan->needs_frame);
}

TEST(PlanTest, X64SixthGpParamComesFromTheStack) {
  auto plan = PlanStub(Req(std::vector<V>(7, V::kI64)), abi::kX64SysV, nullptr);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->params[5].from, (ArgLocation{Kind::kStack, 0}));
  EXPECT_EQ(plan->params[5].to, (ArgLocation{Kind::kGpr, 5}));
  EXPECT_EQ(plan->params[6].from, (ArgLocation{Kind::kStack, 1}));
  EXPECT_EQ(plan->params[6].to, (ArgLocation{Kind::kStack, 0}));
  EXPECT_EQ(plan->v8_stack_slots, 2);
  EXPECT_EQ(plan->c_stack_slots, 1);
}

TEST(PlanTest, FpStackSlotBeforeTheRemovedGpSlotKeepsItsPosition) {
  std::vector<V> params(9, V::kF64);
  params.insert(params.end(), 9, V::kI32);  // GP params 0..8: 5 in regs (x64), then stack
  auto plan = PlanStub(Req(params), abi::kX64SysV, nullptr);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->params[8].from, (ArgLocation{Kind::kStack, 0}));  // 9th double
  EXPECT_EQ(plan->params[8].to, (ArgLocation{Kind::kStack, 0}));
  EXPECT_EQ(plan->params[14].from, (ArgLocation{Kind::kStack, 1}));  // 6th int -> r9
  EXPECT_EQ(plan->params[14].to, (ArgLocation{Kind::kGpr, 5}));
  EXPECT_EQ(plan->params[15].from, (ArgLocation{Kind::kStack, 2}));
  EXPECT_EQ(plan->params[15].to, (ArgLocation{Kind::kStack, 1}));
}

TEST(PlanTest, OptionsIsTheLastGpArgument) {
  auto in_reg = PlanStub(Req({V::kI32, V::kF64}, V::kVoid, true), abi::kX64SysV, nullptr);
  ASSERT_TRUE(in_reg);
  EXPECT_EQ(in_reg->options, (ArgLocation{Kind::kGpr, 2}));
  auto on_stack = PlanStub(Req(std::vector<V>(5, V::kI32), V::kVoid, true), abi::kX64SysV, nullptr);
  ASSERT_TRUE(on_stack);
  EXPECT_EQ(on_stack->options, (ArgLocation{Kind::kStack, 0}));
  auto a64 = PlanStub(Req(std::vector<V>(7, V::kI32), V::kVoid, true), abi::kAapcs64, nullptr);
  ASSERT_TRUE(a64);
  EXPECT_EQ(a64->options, (ArgLocation{Kind::kStack, 0}));
  auto none = PlanStub(Req({V::kI32}), abi::kAapcs64, nullptr);
  EXPECT_EQ(none->options.kind, Kind::kNone);
}

TEST(PlanTest, NarrowResultsNeedAFrame) {
  for (V v : {V::kBool, V::kI8, V::kU8, V::kI16, V::kU16}) {
    EXPECT_TRUE(PlanStub(Req({}, v), abi::kAapcs64, nullptr)->needs_frame) << StubValueName(v);
  }
  for (V v : {V::kVoid, V::kI32, V::kU32, V::kI64, V::kU64, V::kPointer, V::kF32, V::kF64}) {
    EXPECT_FALSE(PlanStub(Req({}, v), abi::kAapcs64, nullptr)->needs_frame) << StubValueName(v);
  }
}

TEST(RefusalTest, ReasonsAreReported) {
  for (auto emit : {EmitX64SysVStub, EmitAArch64Stub}) {
    std::string why;
    StubRequest null_target = Req({V::kI32});
    null_target.target = 0;
    EXPECT_FALSE(emit(null_target, &why));
    EXPECT_EQ(why, "target address is null");

    EXPECT_FALSE(emit(Req({V::kI32, V::kVoid}), &why));
    EXPECT_EQ(why, "parameter 1 is void");

    EXPECT_FALSE(emit(Req(std::vector<V>(kMaxStubParams + 1, V::kI32)), &why));
    EXPECT_EQ(why, "too many parameters (65 > 64)");
    EXPECT_TRUE(emit(Req(std::vector<V>(kMaxStubParams, V::kI32), V::kI8, true), &why));

    EXPECT_FALSE(emit(null_target, nullptr));  // why_not is optional
  }
  std::string why;
  StubRequest odd = Req({V::kI32});
  odd.code_address = 0x1002;
  EXPECT_FALSE(EmitAArch64Stub(odd, &why));
  EXPECT_EQ(why, "code_address is not 4-byte aligned");
  EXPECT_TRUE(EmitX64SysVStub(odd, &why));  // x86 code has no alignment requirement
}

// kResolvedPointer and kResolvedInteger are GP kinds on both sides, like
// kPointer, and never need a frame.
TEST(PlanTest, ResolvedKindsAreGpKinds) {
  for (V kind : {V::kResolvedPointer, V::kResolvedInteger}) {
    SCOPED_TRACE(StubValueName(kind));
    StubRequest r = Req({V::kF64, kind, V::kF32, V::kResolvedPointer}, V::kI64);
    r.resolver = 0x1000;
    SetResolverContexts(r, {0, 0x2000, 0, 0x3000});
    r.smi_shift = 32;
    for (const abi::Abi& shape : {abi::kX64SysV, abi::kAapcs64}) {
      auto plan = PlanStub(r, shape, nullptr);
      ASSERT_TRUE(plan);
      EXPECT_EQ(plan->params[1].from, (ArgLocation{Kind::kGpr, 1}));
      EXPECT_EQ(plan->params[1].to, (ArgLocation{Kind::kGpr, 0}));
      EXPECT_EQ(plan->params[3].from, (ArgLocation{Kind::kGpr, 2}));
      EXPECT_EQ(plan->params[3].to, (ArgLocation{Kind::kGpr, 1}));
      EXPECT_FALSE(plan->needs_frame);
    }
    EXPECT_EQ(ParamWidening(kind), Widening::kNone);
    EXPECT_FALSE(IsFloatKind(kind));
    EXPECT_TRUE(IsResolvedKind(kind));
  }
  EXPECT_FALSE(IsResolvedKind(V::kPointer));
  EXPECT_STREQ(StubValueName(V::kResolvedPointer), "resolved_ptr");
  EXPECT_STREQ(StubValueName(V::kResolvedInteger), "resolved_int");
}

TEST(RefusalTest, ResolvedKindsNeedAResolverAndContexts) {
  for (auto emit : {EmitX64SysVStub, EmitAArch64Stub}) {
    for (V kind : {V::kResolvedPointer, V::kResolvedInteger}) {
      const std::string param = std::string("parameter 1 (") + StubValueName(kind) + ")";
      std::string why;
      StubRequest r = Req({V::kI32, kind});
      r.smi_shift = 32;
      EXPECT_FALSE(emit(r, &why));
      EXPECT_EQ(why, param + " needs a resolver");
      r.resolver = 0x1000;
      SetResolverContexts(r, {0x2000, 0});
      EXPECT_FALSE(emit(r, &why));
      EXPECT_EQ(why, param + " has a null resolver_context");
      SetResolverContexts(r, {0, 0x2000});  // the i32's word is ignored
      EXPECT_TRUE(emit(r, &why)) << why;
    }
    // Without resolved params, both fields may stay empty or be set.
    std::string why;
    EXPECT_TRUE(emit(Req({V::kI32, V::kPointer}), &why));
    StubRequest extra = Req({V::kI32});
    extra.resolver = 0x1000;
    SetResolverContexts(extra, {0x2000});
    EXPECT_TRUE(emit(extra, &why));
  }
}

// kResolvedInteger needs a Smi shift a 64-bit shift can untag with; other
// kinds ignore it.
TEST(RefusalTest, ResolvedIntegersNeedASmiShift) {
  for (auto emit : {EmitX64SysVStub, EmitAArch64Stub}) {
    std::string why;
    StubRequest r = Req({V::kI32, V::kResolvedInteger});
    r.resolver = 0x1000;
    SetResolverContexts(r, {0, 0x2000});
    for (int shift : {0, 64, 255}) {
      r.smi_shift = static_cast<uint8_t>(shift);
      EXPECT_FALSE(emit(r, &why));
      EXPECT_EQ(why, "parameter 1 (resolved_int) needs smi_shift in 1..63 (got " +
                         std::to_string(shift) + ")");
    }
    for (int shift : {1, 31, 32, 63}) {
      r.smi_shift = static_cast<uint8_t>(shift);
      EXPECT_TRUE(emit(r, &why)) << why;
    }
    StubRequest ptr = Req({V::kResolvedPointer});
    ptr.resolver = 0x1000;
    SetResolverContexts(ptr, {0x2000});
    EXPECT_TRUE(emit(ptr, &why)) << why;  // smi_shift = 0, ignored
  }
}

struct SizeRow {
  const char* name;
  StubRequest request;
  size_t x64_size;
  size_t a64_size;
  bool tail_call;
};

// Absolute branch forms (code_address = 0), the worst case for size.
TEST(SizeTest, CommonShapesFitTheBudget) {
  std::vector<V> i32x6_f64x4 = {V::kI32, V::kF64, V::kI32, V::kF64, V::kI32,
                                V::kF64, V::kI32, V::kF64, V::kI32, V::kI32};
  const SizeRow rows[] = {
      {"nop", Req({}), 13, 16, true},
      {"add_i32", Req({V::kI32, V::kI32}, V::kI32), 19, 24, true},
      {"add_f64", Req({V::kF64, V::kF64}, V::kF64), 13, 16, true},
      {"sum6_i32", Req(std::vector<V>(6, V::kI32), V::kI32), 33, 40, true},
      {"i32x6_f64x4", Req(i32x6_f64x4, V::kF64), 33, 40, true},
      {"sum8_i32", Req(std::vector<V>(8, V::kI32), V::kI32), 53, 48, true},
      {"ret_i8", Req({V::kI8}, V::kI8), 26, 40, false},
      {"ret_bool", Req({V::kI32}, V::kBool), 30, 44, false},
  };
  for (const SizeRow& row : rows) {
    SCOPED_TRACE(row.name);
    auto x64 = EmitX64SysVStub(row.request);
    auto a64 = EmitAArch64Stub(row.request);
    ASSERT_TRUE(x64 && a64);
    EXPECT_EQ(x64->code.size(), row.x64_size);
    EXPECT_EQ(a64->code.size(), row.a64_size);
    EXPECT_LE(x64->code.size(), 64u);
    EXPECT_LE(a64->code.size(), 64u);
    EXPECT_EQ(x64->tail_call, row.tail_call);
    EXPECT_EQ(a64->tail_call, row.tail_call);
  }
}

TEST(SizeTest, NearTargetUsesRelativeBranches) {
  StubRequest r = Req({V::kI32, V::kI32}, V::kI32);
  r.code_address = kTarget - 0x1000;
  EXPECT_EQ(EmitX64SysVStub(r)->code.size(), 3u + 3u + 5u);  // mov, mov, jmp rel32
  EXPECT_EQ(EmitAArch64Stub(r)->code.size(), 3u * 4u);        // mov, mov, b
  r.code_address = kTarget + (uint64_t{1} << 32);            // beyond rel32 and b
  EXPECT_EQ(EmitX64SysVStub(r)->code.size(), 19u);
  EXPECT_EQ(EmitAArch64Stub(r)->code.size(), 24u);
}

// Callers size a slot with code_address = 0 and re-emit for the final address,
// so a known address must never make a stub longer.
TEST(SizeTest, KnownAddressNeverGrowsTheStub) {
  const std::vector<V> shapes[] = {{}, {V::kI32, V::kF64}, std::vector<V>(9, V::kI64),
                                   {V::kI8, V::kU16, V::kBool}};
  const uint64_t addresses[] = {kTarget - 0x1000, kTarget + 0x1000, kTarget - (uint64_t{1} << 26),
                                kTarget + (uint64_t{1} << 31), 0x10000, 0x0000100000000000};
  for (const auto& params : shapes) {
    for (V result : {V::kVoid, V::kI8, V::kF64}) {
      StubRequest r = Req(params, result, true);
      const size_t x64_unknown = EmitX64SysVStub(r)->code.size();
      const size_t a64_unknown = EmitAArch64Stub(r)->code.size();
      for (uint64_t address : addresses) {
        r.code_address = address;
        EXPECT_LE(EmitX64SysVStub(r)->code.size(), x64_unknown) << std::hex << address;
        EXPECT_LE(EmitAArch64Stub(r)->code.size(), a64_unknown) << std::hex << address;
      }
      r.code_address = 0;
    }
  }
}

// Corner encodings not reached by the golden stubs, checked once against objdump.
TEST(X64AssemblerTest, CornerEncodings) {
  using namespace x64;
  CodeBuffer buf;
  Assembler a(buf);
  a.MovRegMem(Gp::kRax, Mem{Gp::kRbp, 0});        // 48 8b 45 00      mov rax,[rbp+0x0]
  a.MovRegMem(Gp::kR12, Mem{Gp::kR12, 0});        // 4d 8b 24 24      mov r12,[r12]
  a.MovMemReg(Mem{Gp::kR13, -8}, Gp::kR15);       // 4d 89 7d f8      mov [r13-0x8],r15
  a.MovRegMem(Gp::kRcx, Mem{Gp::kRsp, 0x1000});   // 48 8b 8c 24 00 10 00 00
  a.ExtendRegReg(Extend::kSxtb, Gp::kRax, Gp::kRdi);  // 40 0f be c7  movsx eax,dil
  a.ExtendRegReg(Extend::kUxtb, Gp::kRcx, Gp::kRdx);  // 0f b6 ca     movzx ecx,dl
  a.ExtendRegReg(Extend::kSxth, Gp::kR9, Gp::kR10);   // 45 0f bf ca  movsx r9d,r10w
  a.SubRspImm(0x200);                              // 48 81 ec 00 02 00 00
  a.Push(Gp::kR12);                                // 41 54
  const std::vector<uint8_t> want = {
      0x48, 0x8b, 0x45, 0x00, 0x4d, 0x8b, 0x24, 0x24, 0x4d, 0x89, 0x7d, 0xf8,
      0x48, 0x8b, 0x8c, 0x24, 0x00, 0x10, 0x00, 0x00, 0x40, 0x0f, 0xbe, 0xc7,
      0x0f, 0xb6, 0xca, 0x45, 0x0f, 0xbf, 0xca, 0x48, 0x81, 0xec, 0x00, 0x02,
      0x00, 0x00, 0x41, 0x54};
  EXPECT_EQ(buf.bytes(), want);
}

// The resolver pre-pass forms with other registers and backward offsets.
TEST(X64AssemblerTest, ResolverForms) {
  using namespace x64;
  CodeBuffer buf;
  Assembler a(buf);
  a.TestRegReg(Gp::kRax, Gp::kRdi);    // 48 85 f8  test rax,rdi
  a.XorRegReg32(Gp::kR8, Gp::kR9);     // 45 31 c8  xor r8d,r9d
  a.JzRel8(-2);                        // 74 fe     je .
  EXPECT_EQ(buf.bytes(), (std::vector<uint8_t>{0x48, 0x85, 0xf8, 0x45, 0x31, 0xc8, 0x74, 0xfe}));
}

// The Smi shortcut's forms with other registers, and the branch forms the
// stubs never need (rel32, backward), checked once against objdump.
TEST(X64AssemblerTest, SmiForms) {
  using namespace x64;
  CodeBuffer buf;
  Assembler a(buf);
  a.TestRegImm8(Gp::kRdi, 1);     // 40 f6 c7 01        test dil,0x1
  a.TestRegImm8(Gp::kRax, 0x80);  // f6 c0 80           test al,0x80
  a.SarRegImm(Gp::kRax, 1);       // 48 c1 f8 01        sar rax,0x1
  a.SarRegImm(Gp::kR15, 63);      // 49 c1 ff 3f        sar r15,0x3f
  a.JnzRel8(-2);                  // 75 fe              jne .
  a.JnzRel32(0x1000);             // 0f 85 00 10 00 00  jne .+0x1006
  a.JmpRel8(-2);                  // eb fe              jmp .
  a.JmpRel8(127);                 // eb 7f              jmp .+0x81
  EXPECT_EQ(buf.bytes(), (std::vector<uint8_t>{0x40, 0xf6, 0xc7, 0x01, 0xf6, 0xc0, 0x80, 0x48,
                                               0xc1, 0xf8, 0x01, 0x49, 0xc1, 0xff, 0x3f, 0x75,
                                               0xfe, 0x0f, 0x85, 0x00, 0x10, 0x00, 0x00, 0xeb,
                                               0xfe, 0xeb, 0x7f}));
}

TEST(A64AssemblerTest, SmiForms) {
  using namespace a64;
  CodeBuffer buf;
  Assembler a(buf);
  a.Tbnz(X::kX0, 0, -4);           // 3707ffe0  tbnz w0, #0, .-4
  a.Tbnz(X::kX10, 63, 0x7ffc);     // b7fbffea  tbnz x10, #63, .+0x7ffc
  a.Tbnz(X::kX9, 31, -0x8000);     // 37fc0009  tbnz w9, #31, .-0x8000
  a.AsrImm(X::kX0, XReg(1), 1);    // 9341fc20  asr x0, x1, #1
  a.AsrImm(X::kX30, X::kX0, 63);   // 937ffc1e  asr x30, x0, #63
  const std::vector<uint32_t> words = {0x3707ffe0, 0xb7fbffea, 0x37fc0009, 0x9341fc20, 0x937ffc1e};
  EXPECT_EQ(buf.bytes(), LittleEndian(words));
}

TEST(A64AssemblerTest, ResolverForms) {
  using namespace a64;
  CodeBuffer buf;
  Assembler a(buf);
  a.Adr(X::kX0, -4);                   // 10ffffe0  adr x0, .-4
  a.Adr(X::kX17, 0xFFFFF);             // 707ffff1  adr x17, .+0xfffff
  a.Cbz(X::kX0, -8);                   // b4ffffc0  cbz x0, .-8
  const std::vector<uint32_t> words = {0x10ffffe0, 0x707ffff1, 0xb4ffffc0};
  EXPECT_EQ(buf.bytes(), LittleEndian(words));
}

TEST(A64AssemblerTest, CornerEncodings) {
  using namespace a64;
  CodeBuffer buf;
  Assembler a(buf);
  a.MovImm64(X::kX16, 0);                      // d2800010  mov x16, #0x0
  a.MovImm64(X::kX16, 0xffff000000000000);     // d2ffffe0|10 movz x16, #0xffff, lsl #48
  a.LdrImm(X::kX9, X::kSp, 4095 * 8);          // f97fffe9  ldr x9, [sp, #32760]
  a.LdrNarrowImm(Extend::kSxth, X::kX7, X::kX29, 2);  // 79c007a7  ldrsh w7, [x29, #2]
  a.Cset(X::kX0, Cond::kEq);                   // 1a9f17e0  cset w0, eq
  a.B(-4);                                     // 17ffffff  b .-4
  const std::vector<uint32_t> words = {0xd2800010, 0xd2fffff0, 0xf97fffe9,
                                       0x79c007a7, 0x1a9f17e0, 0x17ffffff};
  EXPECT_EQ(buf.bytes(), LittleEndian(words));
}

// ---- Checked doubles (Arrival::kCheckedF64) ----

using A = Arrival;
using L = ShuffleLoc::Kind;

StubRequest Checked(std::vector<V> params, std::vector<A> arrivals, V result = V::kVoid,
                    bool options = false) {
  StubRequest r = Req(std::move(params), result, options);
  SetArrivals(r, arrivals);
  r.reject_handler = 0x4000;
  for (StubParam& param : r.params) param.reject_context = 0x5000;
  return r;
}

ShuffleMove Step(uint16_t param, MoveOp op, ShuffleLoc from, ShuffleLoc to) {
  return {param, op, from, to, 0};
}

// f(i32~d, i32~d, ptr): the doubles arrive in xmm0/xmm1 (d0/d1), ptr in V8's
// second GP register, which C wants for the second integer: ptr moves up first,
// the second integer is converted after it; the first is converted at entry
// straight into the receiver's register.
TEST(CheckedPlanTest, PointerMovesUpBeforeTheIntegerLands) {
  for (const abi::Abi& shape : {abi::kX64SysV, abi::kAapcs64}) {
    auto plan = PlanStub(Checked({V::kI32, V::kI32, V::kPointer}, {A::kCheckedF64, A::kCheckedF64, A::kNative}),
                         shape, nullptr);
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->params[0].from, (ArgLocation{Kind::kFpr, 0}));
    EXPECT_EQ(plan->params[0].to, (ArgLocation{Kind::kGpr, 0}));
    EXPECT_TRUE(plan->params[0].converted_at_entry);
    EXPECT_EQ(plan->params[1].from, (ArgLocation{Kind::kFpr, 1}));
    EXPECT_EQ(plan->params[1].to, (ArgLocation{Kind::kGpr, 1}));
    EXPECT_FALSE(plan->params[1].converted_at_entry);
    EXPECT_EQ(plan->params[2].from, (ArgLocation{Kind::kGpr, 1}));
    EXPECT_EQ(plan->params[2].to, (ArgLocation{Kind::kGpr, 2}));
    EXPECT_EQ(plan->shuffle, (std::vector<ShuffleMove>{
                                 Step(2, MoveOp::kWord, {L::kGpr, 1}, {L::kGpr, 2}),
                                 Step(1, MoveOp::kTruncate, {L::kFpr, 1}, {L::kGpr, 1}),
                             }));
    EXPECT_FALSE(plan->needs_frame);
  }
}

// f(i32~d, f64): the f64 moves down from the second FP register to the first.
TEST(CheckedPlanTest, FloatsMoveDownPastCheckedDoubles) {
  auto plan = PlanStub(Checked({V::kU16, V::kF64}, {A::kCheckedF64, A::kNative}), abi::kAapcs64, nullptr);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->shuffle,
            (std::vector<ShuffleMove>{Step(1, MoveOp::kFloat, {L::kFpr, 1}, {L::kFpr, 0})}));
}

// x64: i32~d, f64 x7, i32~d x5, ptr. V8's slot 0 holds the second integer's
// double (C: rsi), rsi holds ptr (C: stack slot 0, which is V8's slot 0
// rewritten in place): a cycle through a GP register and a stack slot.
TEST(CheckedPlanTest, CycleThroughAStackSlotUsesTheScratch) {
  std::vector<V> params = {V::kI32};
  params.insert(params.end(), 7, V::kF64);
  params.insert(params.end(), 5, V::kI32);
  params.push_back(V::kPointer);
  std::vector<A> arrivals(params.size(), A::kNative);
  arrivals[0] = A::kCheckedF64;
  for (size_t i = 8; i < 13; ++i) arrivals[i] = A::kCheckedF64;
  auto plan = PlanStub(Checked(params, arrivals), abi::kX64SysV, nullptr);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->params[8].from, (ArgLocation{Kind::kStack, 0}));
  EXPECT_EQ(plan->params[8].to, (ArgLocation{Kind::kGpr, 1}));
  EXPECT_EQ(plan->params[13].from, (ArgLocation{Kind::kGpr, 1}));
  EXPECT_EQ(plan->params[13].to, (ArgLocation{Kind::kStack, 0}));
  EXPECT_FALSE(plan->needs_frame);  // C: 1 slot, V8: 5
  for (size_t i = 9; i < 13; ++i) EXPECT_TRUE(plan->params[i].converted_at_entry) << i;
  std::vector<ShuffleMove> want;
  for (uint16_t f = 1; f <= 7; ++f) want.push_back(Step(f, MoveOp::kFloat, {L::kFpr, f}, {L::kFpr, uint16_t(f - 1)}));
  // Stuck: rsi <- slot 0 (the first pending move) and slot 0 <- rsi. Save
  // rsi's pointer, convert the integer into rsi, store the pointer from the
  // scratch.
  want.push_back(Step(13, MoveOp::kSaveWord, {L::kGpr, 1}, {L::kGpScratch, 0}));
  want.push_back(Step(8, MoveOp::kTruncate, {L::kIncoming, 0}, {L::kGpr, 1}));
  want.push_back(Step(13, MoveOp::kWord, {L::kGpScratch, 0}, {L::kIncoming, 0}));
  EXPECT_EQ(plan->shuffle, want);
}

// x64: seven checked doubles and a pointer: C needs two stack slots, V8 passed
// none, so the stub cannot rewrite in place and calls from a frame.
TEST(CheckedPlanTest, MoreCStackThanV8StackNeedsAFrame) {
  std::vector<V> params(7, V::kI32);
  params.push_back(V::kPointer);
  std::vector<A> arrivals(7, A::kCheckedF64);
  arrivals.push_back(A::kNative);
  auto plan = PlanStub(Checked(params, arrivals, V::kI64), abi::kX64SysV, nullptr);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->v8_stack_slots, 0);
  EXPECT_EQ(plan->c_stack_slots, 2);
  EXPECT_TRUE(plan->needs_frame);
  EXPECT_EQ(plan->shuffle, (std::vector<ShuffleMove>{
                               Step(6, MoveOp::kTruncate, {L::kFpr, 6}, {L::kOutgoing, 0}),
                               Step(7, MoveOp::kWord, {L::kGpr, 1}, {L::kOutgoing, 1}),
                               Step(1, MoveOp::kTruncate, {L::kFpr, 1}, {L::kGpr, 1}),
                           }));
  auto stub = EmitX64SysVStub(Checked(params, arrivals, V::kI64));
  ASSERT_TRUE(stub);
  EXPECT_FALSE(stub->tail_call);
}

// Runs a shuffle symbolically: every step must read its param's original
// value (or the scratch that saved it), and afterwards every param must be
// where C wants it, without any entry-converted register being overwritten.
void CheckShuffleIsAParallelMove(const StubPlan& plan, const std::string& label) {
  auto key = [](ShuffleLoc loc) { return static_cast<int>(loc.kind) * 1000 + loc.index; };
  auto source = [](ArgLocation at) {
    if (at.kind == Kind::kGpr) return ShuffleLoc{L::kGpr, at.index};
    if (at.kind == Kind::kFpr) return ShuffleLoc{L::kFpr, at.index};
    return ShuffleLoc{L::kIncoming, at.index};
  };
  auto destination = [&](ArgLocation at) {
    if (at.kind != Kind::kStack) return source(at);
    return ShuffleLoc{plan.needs_frame ? L::kOutgoing : L::kIncoming, at.index};
  };
  std::map<int, int> holds;  // location -> param whose value it holds
  for (size_t i = 0; i < plan.params.size(); ++i) holds[key(source(plan.params[i].from))] = int(i);
  for (size_t i = 0; i < plan.params.size(); ++i) {
    if (plan.params[i].converted_at_entry) holds[key(destination(plan.params[i].to))] = int(i);
  }
  for (const ShuffleMove& step : plan.shuffle) {
    auto it = holds.find(key(step.from));
    ASSERT_TRUE(it != holds.end() && it->second == step.param) << label << ": step reads a clobbered value";
    holds[key(step.to)] = step.param;
  }
  for (size_t i = 0; i < plan.params.size(); ++i) {
    auto it = holds.find(key(destination(plan.params[i].to)));
    ASSERT_TRUE(it != holds.end() && it->second == int(i)) << label << ": param " << i << " misplaced";
  }
}

TEST(CheckedPlanTest, RandomShufflesAreParallelMoves) {
  std::mt19937_64 rng(99);
  const V kinds[] = {V::kI8, V::kU8, V::kI16, V::kU16, V::kI32, V::kU32, V::kI64, V::kPointer,
                     V::kF32, V::kF64, V::kBool};
  int cycles = 0;
  for (int iteration = 0; iteration < 4000; ++iteration) {
    std::vector<V> params(rng() % 41);
    std::vector<A> arrivals(params.size(), A::kNative);
    for (size_t i = 0; i < params.size(); ++i) {
      params[i] = kinds[rng() % std::size(kinds)];
      if (IsCheckableKind(params[i]) && rng() % 2 == 0) {
        arrivals[i] = rng() % 3 == 0 ? A::kCheckedI64 : A::kCheckedF64;
      }
    }
    const V result = rng() % 4 == 0 ? V::kU8 : V::kI64;
    for (const abi::Abi& shape : {abi::kX64SysV, abi::kAapcs64}) {
      auto plan = PlanStub(Checked(params, arrivals, result, rng() % 2 == 0), shape, nullptr);
      ASSERT_TRUE(plan);
      CheckShuffleIsAParallelMove(*plan, "iteration " + std::to_string(iteration));
      for (const ShuffleMove& step : plan->shuffle) {
        cycles += step.op == MoveOp::kSaveWord || step.op == MoveOp::kSaveFloat;
      }
      EXPECT_EQ(plan->needs_frame, result == V::kU8 || plan->c_stack_slots > plan->v8_stack_slots);
    }
  }
  EXPECT_GT(cycles, 50);
}

// Without checked params the shuffle is in param order, as before: register
// shifts, the stack-to-register load, then the slot moves.
TEST(CheckedPlanTest, NativeShufflesKeepParamOrder) {
  std::vector<V> params(9, V::kF64);
  params.insert(params.end(), 9, V::kI32);
  auto plan = PlanStub(Req(params), abi::kX64SysV, nullptr);
  ASSERT_TRUE(plan);
  for (size_t k = 1; k < plan->shuffle.size(); ++k) EXPECT_LT(plan->shuffle[k - 1].param, plan->shuffle[k].param);
  EXPECT_EQ(plan->shuffle.size(), 9u);  // the nine doubles stay put
}

TEST(RefusalTest, CheckedDoublesOnlyForCheckableKinds) {
  for (auto emit : {EmitX64SysVStub, EmitAArch64Stub}) {
    std::string why;
    StubRequest r;
    for (V kind : {V::kF64, V::kF32, V::kI64, V::kU64, V::kPointer, V::kBool}) {
      r = Checked({V::kI32, kind}, {A::kNative, A::kCheckedF64});
      EXPECT_FALSE(emit(r, &why));
      EXPECT_EQ(why, std::string("parameter 1 (") + StubValueName(kind) +
                         ") cannot arrive as a checked double (i8 u8 i16 u16 i32 u32 only)");
    }
    r = Checked({V::kI32, V::kU8}, {A::kNative, static_cast<A>(7)});
    EXPECT_FALSE(emit(r, &why));
    EXPECT_EQ(why, "parameter 1 (u8) has an unknown arrival");
    r = Checked({V::kI32, V::kU8}, {A::kNative, A::kCheckedF64});
    r.reject_handler = 0;
    EXPECT_FALSE(emit(r, &why));
    EXPECT_EQ(why, "parameter 1 (u8) needs a reject_handler");
    r.reject_handler = 0x4000;
    SetRejectContexts(r, {0, 0});  // any word, 0 included
    EXPECT_TRUE(emit(r, &why)) << why;
    for (V kind : {V::kI8, V::kU8, V::kI16, V::kU16, V::kI32, V::kU32}) {
      EXPECT_TRUE(emit(Checked({kind}, {A::kCheckedF64}), &why)) << why;
    }
    // All native: no handler needed.
    EXPECT_TRUE(emit(Req({V::kI32}), &why));
    StubRequest native = Req({V::kI32, V::kF64});
    SetArrivals(native, {A::kNative, A::kNative});
    EXPECT_TRUE(emit(native, &why)) << why;
  }
  EXPECT_STREQ(ArrivalName(A::kCheckedF64), "checked_f64");
  EXPECT_STREQ(ArrivalName(A::kNative), "native");
}

// The checked-double forms with other registers, checked once against objdump.
TEST(X64AssemblerTest, CheckedForms) {
  using namespace x64;
  CodeBuffer buf;
  Assembler a(buf);
  a.Cvttsd2siRegXmm(Gp::kR10, XmmReg(15));             // f2 4d 0f 2c d7        cvttsd2si r10,xmm15
  a.Cvttsd2siRegMem(Gp::kR10, Mem{Gp::kRbp, 0x90});    // f2 4c 0f 2c 95 90 00 00 00
  a.MovsxdRegReg(Gp::kR11, Gp::kR10);                  // 4d 63 da              movsxd r11,r10d
  a.MovRegReg32(Gp::kR11, Gp::kRsi);                   // 41 89 f3              mov r11d,esi
  a.CmpRegReg(Gp::kR11, Gp::kR10);                     // 4d 39 d3              cmp r11,r10
  a.MovapsXmmXmm(XmmReg(2), XmmReg(15));               // 41 0f 28 d7           movaps xmm2,xmm15
  a.MovsdXmmMem(XmmReg(15), Mem{Gp::kRsp, 0x200});     // f2 44 0f 10 bc 24 00 02 00 00
  a.MovsdMemXmm(Mem{Gp::kRsp, 0}, XmmReg(1));          // f2 0f 11 0c 24        movsd [rsp],xmm1
  EXPECT_EQ(buf.bytes(), (std::vector<uint8_t>{
                             0xf2, 0x4d, 0x0f, 0x2c, 0xd7, 0xf2, 0x4c, 0x0f, 0x2c, 0x95, 0x90, 0x00,
                             0x00, 0x00, 0x4d, 0x63, 0xda, 0x41, 0x89, 0xf3, 0x4d, 0x39, 0xd3, 0x41,
                             0x0f, 0x28, 0xd7, 0xf2, 0x44, 0x0f, 0x10, 0xbc, 0x24, 0x00, 0x02, 0x00,
                             0x00, 0xf2, 0x0f, 0x11, 0x0c, 0x24}));
}

TEST(A64AssemblerTest, CheckedForms) {
  using namespace a64;
  CodeBuffer buf;
  Assembler a(buf);
  a.FmovD(a64::V::kV16, VReg(3));                   // 1e604070  fmov d16, d3
  a.LdrDImm(a64::V::kV17, X::kX29, 4095 * 8);       // fd7fffb1  ldr d17, [x29, #32760]
  a.StrDImm(a64::V::kV16, X::kSp, 8);               // fd0007f0  str d16, [sp, #8]
  a.FcvtzsXD(XReg(7), VReg(31));               // 9e7803e7  fcvtzs x7, d31
  a.FcmpD(a64::V::kV16, VReg(5));                   // 1e652200  fcmp d16, d5
  a.CmpExtendW(XReg(3), XReg(5), true);        // eb25c07f  cmp x3, w5, sxtw
  a.CmpExtendW(X::kX9, X::kX9, false);         // eb29413f  cmp x9, w9, uxtw
  a.BCond(Cond::kNe, -8);                      // 54ffffc1  b.ne .-8
  a.BCond(Cond::kNe, 0xFFFFC);                 // 547fffe1  b.ne .+0xffffc
  const std::vector<uint32_t> words = {0x1e604070, 0xfd7fffb1, 0xfd0007f0, 0x9e7803e7, 0x1e652200,
                                       0xeb25c07f, 0xeb29413f, 0x54ffffc1, 0x547fffe1};
  EXPECT_EQ(buf.bytes(), LittleEndian(words));
}

// ---- Checked int64s (Arrival::kCheckedI64) ----

// A checked int64 takes exactly the locations and moves of the native param
// (GP-class both sides, kWord): the plan differs from the all-native one only
// in the arrivals, on both ABIs, with and without checked doubles around it.
TEST(CheckedI64PlanTest, RoutedLikeNativeParams) {
  std::mt19937_64 rng(64);
  const V kinds[] = {V::kI8, V::kU8, V::kI16, V::kU16, V::kI32, V::kU32, V::kI64, V::kPointer,
                     V::kF32, V::kF64};
  for (int iteration = 0; iteration < 500; ++iteration) {
    std::vector<V> params(rng() % 30);
    std::vector<A> with_i64(params.size(), A::kNative);
    for (size_t i = 0; i < params.size(); ++i) {
      params[i] = kinds[rng() % std::size(kinds)];
      if (IsCheckableKind(params[i]) && rng() % 3 == 0) with_i64[i] = A::kCheckedF64;
    }
    std::vector<A> native = with_i64;
    for (size_t i = 0; i < params.size(); ++i) {
      if (IsCheckableKind(params[i]) && with_i64[i] == A::kNative && rng() % 2 == 0) with_i64[i] = A::kCheckedI64;
    }
    const bool options = rng() % 2 == 0;
    for (const abi::Abi& shape : {abi::kX64SysV, abi::kAapcs64}) {
      auto a = PlanStub(Checked(params, native, V::kI32, options), shape, nullptr);
      auto b = PlanStub(Checked(params, with_i64, V::kI32, options), shape, nullptr);
      ASSERT_TRUE(a && b);
      ASSERT_EQ(a->params.size(), b->params.size());
      for (size_t i = 0; i < params.size(); ++i) {
        EXPECT_EQ(a->params[i].from, b->params[i].from) << iteration << " param " << i;
        EXPECT_EQ(a->params[i].to, b->params[i].to) << iteration << " param " << i;
        EXPECT_EQ(b->params[i].arrival, with_i64[i]);
        if (with_i64[i] == A::kCheckedI64) {
          EXPECT_FALSE(b->params[i].converted_at_entry);
        }
      }
      EXPECT_EQ(a->options, b->options);
      EXPECT_EQ(a->needs_frame, b->needs_frame);
      EXPECT_EQ(a->v8_stack_slots, b->v8_stack_slots);
      EXPECT_EQ(a->c_stack_slots, b->c_stack_slots);
      EXPECT_EQ(a->shuffle, b->shuffle) << iteration;
    }
  }
}

TEST(RefusalTest, CheckedInt64sOnlyForCheckableKinds) {
  for (auto emit : {EmitX64SysVStub, EmitAArch64Stub}) {
    std::string why;
    for (V kind : {V::kF64, V::kF32, V::kI64, V::kU64, V::kPointer, V::kBool, V::kTypedArrayData}) {
      StubRequest r = Checked({V::kI32, kind}, {A::kNative, A::kCheckedI64});
      EXPECT_FALSE(emit(r, &why));
      EXPECT_EQ(why, std::string("parameter 1 (") + StubValueName(kind) +
                         ") cannot arrive as a checked int64 (i8 u8 i16 u16 i32 u32 only)");
    }
    StubRequest r = Checked({V::kI32, V::kU8}, {A::kCheckedI64, A::kNative});
    r.reject_handler = 0;
    EXPECT_FALSE(emit(r, &why));
    EXPECT_EQ(why, "parameter 0 (i32) needs a reject_handler");
    r.reject_handler = 0x4000;
    EXPECT_TRUE(emit(r, &why)) << why;
    for (V kind : {V::kI8, V::kU8, V::kI16, V::kU16, V::kI32, V::kU32}) {
      EXPECT_TRUE(emit(Checked({kind}, {A::kCheckedI64}), &why)) << why;
    }
  }
  EXPECT_STREQ(ArrivalName(A::kCheckedI64), "checked_i64");
  EXPECT_TRUE(IsCheckedArrival(A::kCheckedI64));
  EXPECT_TRUE(IsCheckedArrival(A::kCheckedF64));
  EXPECT_FALSE(IsCheckedArrival(A::kNative));
}

// int64 -> double for the reject tails, checked once against objdump.
TEST(X64AssemblerTest, CheckedI64Forms) {
  using namespace x64;
  CodeBuffer buf;
  Assembler a(buf);
  a.Cvtsi2sdXmmReg(XmmReg(0), Gp::kRsi);   // f2 48 0f 2a c6  cvtsi2sd xmm0,rsi
  a.Cvtsi2sdXmmReg(XmmReg(0), Gp::kR10);   // f2 49 0f 2a c2  cvtsi2sd xmm0,r10
  a.Cvtsi2sdXmmReg(XmmReg(15), Gp::kR9);   // f2 4d 0f 2a f9  cvtsi2sd xmm15,r9
  a.Cvtsi2sdXmmReg(XmmReg(9), Gp::kRax);   // f2 4c 0f 2a c8  cvtsi2sd xmm9,rax
  EXPECT_EQ(buf.bytes(), (std::vector<uint8_t>{0xf2, 0x48, 0x0f, 0x2a, 0xc6, 0xf2, 0x49, 0x0f, 0x2a, 0xc2,
                                               0xf2, 0x4d, 0x0f, 0x2a, 0xf9, 0xf2, 0x4c, 0x0f, 0x2a, 0xc8}));
}

TEST(A64AssemblerTest, CheckedI64Forms) {
  using namespace a64;
  CodeBuffer buf;
  Assembler a(buf);
  a.ScvtfDX(VReg(0), XReg(1));     // 9e620020  scvtf d0, x1
  a.ScvtfDX(VReg(0), X::kX9);      // 9e620120  scvtf d0, x9
  a.ScvtfDX(VReg(31), XReg(7));    // 9e6200ff  scvtf d31, x7
  a.ScvtfDX(VReg(16), X::kX30);    // 9e6203d0  scvtf d16, x30
  EXPECT_EQ(buf.bytes(), LittleEndian({0x9e620020, 0x9e620120, 0x9e6200ff, 0x9e6203d0}));
}

// ---- Rejects through the options flag (RejectMode::kSetOptionsFlag) ----

StubRequest FlagChecked(std::vector<V> params, std::vector<A> arrivals, V result = V::kVoid,
                        uint32_t offset = 0) {
  StubRequest r = Req(std::move(params), result, /*options=*/true);
  SetArrivals(r, arrivals);
  r.reject_mode = RejectMode::kSetOptionsFlag;
  r.reject_flag_offset = offset;
  return r;
}

// No handler and no contexts needed; the options argument and a short offset are.
TEST(RefusalTest, FlagRejectsNeedOptions) {
  for (auto emit : {EmitX64SysVStub, EmitAArch64Stub}) {
    std::string why;
    EXPECT_TRUE(emit(FlagChecked({V::kI32, V::kU8}, {A::kCheckedI64, A::kCheckedF64}), &why)) << why;
    EXPECT_TRUE(emit(FlagChecked({V::kI16}, {A::kCheckedI64}, V::kVoid, kMaxRejectFlagOffset), &why)) << why;
    StubRequest r = FlagChecked({V::kI32, V::kU8}, {A::kNative, A::kCheckedI64});
    r.options_arg = false;
    EXPECT_FALSE(emit(r, &why));
    EXPECT_EQ(why, "parameter 1 (u8) sets an options flag but has no options_arg");
    EXPECT_FALSE(emit(FlagChecked({V::kI32}, {A::kCheckedI64}, V::kVoid, kMaxRejectFlagOffset + 1), &why));
    EXPECT_EQ(why, "reject_flag_offset 4096 > 4095");
    StubRequest unknown = FlagChecked({V::kI32}, {A::kCheckedI64});
    unknown.reject_mode = static_cast<RejectMode>(7);
    EXPECT_FALSE(emit(unknown, &why));
    EXPECT_EQ(why, "parameter 0 (i32) has an unknown reject_mode");
    // Without checked params the mode is ignored, options or not.
    StubRequest plain = FlagChecked({V::kI32}, {A::kNative});
    plain.options_arg = false;
    EXPECT_TRUE(emit(plain, &why)) << why;
  }
}

// Every checked param branches to one tail at the end, whatever its arrival;
// the flag mode costs the body nothing: the same bytes as kCallHandler up to
// the reject tails.
TEST(FlagRejectTest, OneSharedTail) {
  const std::vector<V> params = {V::kI32, V::kF64, V::kU8, V::kI16};
  const std::vector<A> arrivals = {A::kCheckedI64, A::kNative, A::kCheckedF64, A::kCheckedI64};
  StubRequest flag = FlagChecked(params, arrivals, V::kI32, 0);
  StubRequest handler = Checked(params, arrivals, V::kI32, true);
  // x86-64: options in rcx (rdi receiver, rsi rdx the int64s; the checked
  // double arrives in xmm1).
  const std::vector<uint8_t> x64_flag = EmitX64SysVStub(flag)->code;
  const std::vector<uint8_t> x64_tail = {0xc6, 0x01, 0x01, 0x31, 0xc0, 0xc3};  // mov byte [rcx],1; xor; ret
  ASSERT_GT(x64_flag.size(), x64_tail.size());
  EXPECT_TRUE(std::equal(x64_tail.begin(), x64_tail.end(), x64_flag.end() - x64_tail.size()));
  const std::vector<uint8_t> x64_handler = EmitX64SysVStub(handler)->code;
  const size_t body = x64_flag.size() - x64_tail.size();
  // The jne displacements differ (the tails sit elsewhere); everything else matches.
  size_t differing = 0;
  for (size_t i = 0; i < body; ++i) differing += x64_flag[i] != x64_handler[i];
  EXPECT_LE(differing, 3u * 4u);  // three jne rel32
  // AArch64: options in x3; the tail is mov x16,#1; strb w16,[x3]; mov x0,#0; ret.
  const std::vector<uint8_t> a64_flag = EmitAArch64Stub(flag)->code;
  const std::vector<uint8_t> a64_tail = LittleEndian({0xd2800030, 0x39000070, 0xd2800000, 0xd65f03c0});
  ASSERT_GT(a64_flag.size(), a64_tail.size());
  EXPECT_TRUE(std::equal(a64_tail.begin(), a64_tail.end(), a64_flag.end() - a64_tail.size()));
}

// f(p, p, i32~d, i32~d) +options on x86-64: V8 passes the pointers in rsi/rdx
// and the options in rcx; C wants the second integer in rcx. With a handler
// the check converts straight into rcx; a flag reject still reads the options
// after the checks, so there the conversion waits for the shuffle.
TEST(FlagRejectTest, EntryConversionKeepsTheOptions) {
  const std::vector<V> params = {V::kPointer, V::kPointer, V::kI32, V::kI32};
  const std::vector<A> arrivals = {A::kNative, A::kNative, A::kCheckedF64, A::kCheckedF64};
  std::optional<StubPlan> handler = PlanStub(Checked(params, arrivals, V::kVoid, true), abi::kX64SysV, nullptr);
  std::optional<StubPlan> flag = PlanStub(FlagChecked(params, arrivals), abi::kX64SysV, nullptr);
  ASSERT_TRUE(handler && flag);
  const ArgLocation rcx{Kind::kGpr, 3};
  EXPECT_EQ(flag->options, rcx);
  EXPECT_EQ(flag->params[3].to, rcx);
  EXPECT_TRUE(handler->params[3].converted_at_entry);
  EXPECT_FALSE(flag->params[3].converted_at_entry);
  // The shuffle converts it instead, after the pointers moved down.
  ASSERT_FALSE(flag->shuffle.empty());
  EXPECT_EQ(flag->shuffle.back(), Step(3, MoveOp::kTruncate, {L::kFpr, 1}, {L::kGpr, 3}));
}

// Rejecting empty typed arrays needs flag rejects (there is no value a handler
// could report) and the options argument; it changes nothing for other params.
TEST(RefusalTest, EmptyTypedArrayRejectsNeedFlagRejects) {
  for (auto emit : {EmitX64SysVStub, EmitAArch64Stub}) {
    StubRequest r = FlagChecked({V::kI32, V::kTypedArrayData}, {A::kNative, A::kNative}, V::kI32, 8);
    r.reject_empty_typed_arrays = true;
    std::string why;
    EXPECT_TRUE(emit(r, &why)) << why;
    r.reject_mode = RejectMode::kCallHandler;
    r.reject_handler = 0x4000;
    EXPECT_FALSE(emit(r, &why));
    EXPECT_EQ(why, "parameter 1 (typed_array) rejects an empty typed array through the options flag only (reject_mode)");
    r.reject_mode = RejectMode::kSetOptionsFlag;
    r.options_arg = false;
    EXPECT_FALSE(emit(r, &why));
    EXPECT_EQ(why, "parameter 1 (typed_array) sets an options flag but has no options_arg");
    // Without a typed-array param the flag asks for nothing.
    StubRequest plain = Req({V::kI32}, V::kI32);
    plain.reject_empty_typed_arrays = true;
    EXPECT_TRUE(emit(plain, &why)) << why;
    EXPECT_EQ(emit(plain, &why)->code, emit(Req({V::kI32}, V::kI32), &why)->code);
  }
}

// A typed-array struct needs its shape and flag rejects (its wrong length has
// no value a handler could report); it is routed like a resolved struct.
TEST(RefusalTest, TypedArrayStructsNeedShapesAndFlagRejects) {
  const abi::StructShape d2{16, {{0, 8, true}, {8, 8, true}}};
  StubRequest r = FlagChecked({V::kI32, V::kTypedArrayStruct}, {A::kNative, A::kNative}, V::kF64);
  std::string why;
  EXPECT_FALSE(EmitX64SysVStub(r, &why));
  EXPECT_EQ(why, "parameter 1 (typed_array_struct) has an empty struct");
  SetShapes(r, {{}, d2});
  EXPECT_TRUE(EmitX64SysVStub(r, &why)) << why;
  r.reject_mode = RejectMode::kCallHandler;
  r.reject_handler = 0x4000;
  EXPECT_FALSE(EmitX64SysVStub(r, &why));
  EXPECT_EQ(why, "parameter 1 (typed_array_struct) rejects a wrong length through the options flag only (reject_mode)");
  r.reject_mode = RejectMode::kSetOptionsFlag;
  r.options_arg = false;
  EXPECT_FALSE(EmitX64SysVStub(r, &why));
  EXPECT_EQ(why, "parameter 1 (typed_array_struct) sets an options flag but has no options_arg");
  r.options_arg = true;
  r.params[1].shape.size = 0;
  EXPECT_FALSE(EmitX64SysVStub(r, &why));
  EXPECT_EQ(why, "parameter 1 (typed_array_struct) has an empty struct");
  r.params[1].shape = d2;
  EXPECT_TRUE(EmitAArch64Stub(r, &why)) << why;
  constexpr abi::Abi kNoStructs = {"no_structs", 8, 8, nullptr};
  EXPECT_FALSE(PlanStub(r, kNoStructs, &why));
  EXPECT_EQ(why, "parameter 1 (typed_array_struct): this ABI's stubs do not pass structs");
  // The same routes as a resolved struct: two FP parts, and 128 bytes in all at most.
  std::optional<StubPlan> plan = PlanStub(r, abi::kX64SysV, &why);
  ASSERT_TRUE(plan) << why;
  ASSERT_EQ(plan->params[1].parts.size(), 2u);
  EXPECT_EQ(plan->params[1].parts[0].to, (ArgLocation{Kind::kFpr, 0}));
  EXPECT_EQ(plan->params[1].parts[1].to, (ArgLocation{Kind::kFpr, 1}));
  r.params.assign(9, StubParam(V::kTypedArrayStruct));
  SetShapes(r, std::vector<abi::StructShape>(9, d2));
  EXPECT_FALSE(EmitX64SysVStub(r, &why));
  EXPECT_EQ(why, "struct parameters of 144 bytes in all (at most 128)");
}

TEST(X64AssemblerTest, FlagForms) {
  using namespace x64;
  CodeBuffer buf;
  Assembler a(buf);
  a.MovMemImm8(Mem{Gp::kRcx, 0}, 1);      // c6 01 01           mov byte [rcx],1
  a.MovMemImm8(Mem{Gp::kR10, 16}, 1);     // 41 c6 42 10 01     mov byte [r10+0x10],1
  a.MovMemImm8(Mem{Gp::kR9, 4095}, 1);    // 41 c6 81 ff 0f 00 00 01  mov byte [r9+0xfff],1
  a.MovMemImm8(Mem{Gp::kRsp, 8}, 0x7f);   // c6 44 24 08 7f     mov byte [rsp+8],0x7f
  a.CmpMemImm32(Mem{Gp::kRsi, 0}, 16);    // 48 81 3e 10 00 00 00  cmp qword [rsi],0x10
  a.CmpMemImm32(Mem{Gp::kR10, 0}, 128);   // 49 81 3a 80 00 00 00  cmp qword [r10],0x80
  EXPECT_EQ(buf.bytes(), (std::vector<uint8_t>{0xc6, 0x01, 0x01, 0x41, 0xc6, 0x42, 0x10, 0x01, 0x41, 0xc6,
                                               0x81, 0xff, 0x0f, 0x00, 0x00, 0x01, 0xc6, 0x44, 0x24, 0x08,
                                               0x7f, 0x48, 0x81, 0x3e, 0x10, 0x00, 0x00, 0x00, 0x49, 0x81,
                                               0x3a, 0x80, 0x00, 0x00, 0x00}));
}

TEST(A64AssemblerTest, FlagForms) {
  using namespace a64;
  CodeBuffer buf;
  Assembler a(buf);
  a.StrbImm(X::kX16, XReg(7), 0);       // 390000f0  strb w16, [x7]
  a.StrbImm(X::kX16, X::kX9, 16);       // 39004130  strb w16, [x9, #16]
  a.StrbImm(X::kX16, XReg(1), 4095);    // 393ffc30  strb w16, [x1, #4095]
  EXPECT_EQ(buf.bytes(), LittleEndian({0x390000f0, 0x39004130, 0x393ffc30}));
}

// Both passes of a checked stub lay out the same bytes, and a known address
// never makes one longer.
TEST(SizeTest, CheckedStubsAreStable) {
  const std::vector<V> params = {V::kI32, V::kF64, V::kI32, V::kPointer, V::kU8};
  const std::vector<A> f64_arrivals = {A::kCheckedF64, A::kNative, A::kCheckedF64, A::kNative, A::kCheckedF64};
  const std::vector<A> i64_arrivals = {A::kCheckedI64, A::kNative, A::kCheckedF64, A::kNative, A::kCheckedI64};
  for (const std::vector<A>& arrivals : {f64_arrivals, i64_arrivals}) {
    for (V result : {V::kF64, V::kU8}) {
     for (RejectMode mode : {RejectMode::kCallHandler, RejectMode::kSetOptionsFlag}) {
      StubRequest r = Checked(params, arrivals, result, true);
      r.reject_mode = mode;
      const size_t x64_unknown = EmitX64SysVStub(r)->code.size();
      const size_t a64_unknown = EmitAArch64Stub(r)->code.size();
      for (uint64_t address : {kTarget - 0x1000, uint64_t{0x0000100000000000}}) {
        r.code_address = address;
        EXPECT_LE(EmitX64SysVStub(r)->code.size(), x64_unknown);
        EXPECT_LE(EmitAArch64Stub(r)->code.size(), a64_unknown);
      }
     }
    }
  }
}

}  // namespace
}  // namespace zerocall::jit
