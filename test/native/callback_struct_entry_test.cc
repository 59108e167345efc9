// callback_struct_entry_test.cc: callback thunks with struct parameters and results,
// executed with real C calls on the host ISA (and, by run.sh, on AArch64 under
// qemu-user): for every shape class of both ABIs (HFAs of 1-4 floats and doubles,
// mixed integer/float eightbytes, 3- and 12-byte structs, a nested HFA, 24- and
// 40-byte structs: SysV MEMORY, AAPCS64 by reference / HFA) the callback sees the
// caller's bytes where PlanCallbackFrame points (callback_probe.cc runs the addon's
// CallbackFrameCall) and the caller gets the callback's struct result back; then
// structs once the registers are used up, and a result in memory behind 8 integers.
#include <cstring>
#include <vector>

#include "callback_probe.h"
#include "checks.h"

using zerocall::NativeType;
using zerocall::StructLayout;
using zerocall::Type;
using zerocall::test::Low;
using zerocall::test::Probe;

namespace {

class CallbackStructEntry : public zerocall::test::CountedChecksTest {
 protected:
  void SetUp() override {
    ASSERT_NE(zerocall::CallbackEntryRoutine(), nullptr) << "no entry routine on this host";
  }
};

Type Struct(std::vector<Type> fields) { return Type::Struct(StructLayout::Build(std::move(fields))); }

constexpr NativeType kF32 = NativeType::kF32;
constexpr NativeType kF64 = NativeType::kF64;
constexpr NativeType kI32 = NativeType::kI32;
constexpr NativeType kI64 = NativeType::kI64;
constexpr NativeType kU8 = NativeType::kU8;

struct F1 { float a; };
struct F2 { float a, b; };
struct F3 { float a, b, c; };
struct F4 { float a, b, c, d; };
struct D1 { double a; };
struct D2 { double a, b; };
struct D3 { double a, b, c; };
struct D4 { double a, b, c, d; };
struct LD { int64_t a; double b; };
struct DL { double a; int64_t b; };
struct FID { float a; int32_t b; double c; };
struct IF { int32_t a; float b; };
struct II { int64_t a, b; };
struct I3 { int32_t a, b, c; };
struct B3 { uint8_t a, b, c; };
struct Nest { F2 inner; float c; };
struct M24 { int64_t a; double b; int32_t c; };  // 4 bytes of tail padding
struct M40 { int64_t a, b, c, d; double e; };

// Calls St fn(int32_t, St, int32_t) through a thunk; `compare` bytes are checked (all
// but tail padding, which callers need not preserve).
template <typename St>
void CheckShape(const char* name, const Type& type, St arg, St result, size_t compare = sizeof(St)) {
  Probe probe;
  probe.signature.params = {kI32, type, kI32};
  probe.signature.result = type;
  ZC_EXPECT_TRUE(probe.Plan()) << name << ": the entry takes it";
  ZC_EXPECT_EQ(type.size(), sizeof(St)) << name << ": the layout is C's";
  probe.SetStructResult(result);
  auto fn = reinterpret_cast<St (*)(int32_t, St, int32_t)>(probe.Thunk());
  St got;
  std::memset(&got, 0, sizeof got);
  got = fn(-7, arg, 9);
  ZC_EXPECT_TRUE(std::memcmp(&got, &result, compare) == 0) << name << ": the struct result";
  ZC_EXPECT_TRUE(probe.calls == 1 && probe.args.size() == 3) << name << ": one call, 3 arguments";
  if (probe.args.size() == 3) {
    ZC_EXPECT_TRUE(Low<int32_t>(probe.Word(0)) == -7 && Low<int32_t>(probe.Word(2)) == 9) << name << ": the integers";
    ZC_EXPECT_TRUE(std::memcmp(probe.args[1].data(), &arg, compare) == 0) << name << ": the struct argument";
  }
}

TEST_F(CallbackStructEntry, EveryShapeClass) {
  CheckShape("f1", Struct({kF32}), F1{1.5f}, F1{-2.25f});
  CheckShape("f2", Struct({kF32, kF32}), F2{1.5f, 2.5f}, F2{-3.5f, 4.5f});
  CheckShape("f3", Struct({kF32, kF32, kF32}), F3{1.5f, 2.5f, 3.5f}, F3{-1, -2, -3});
  CheckShape("f4", Struct({kF32, kF32, kF32, kF32}), F4{1, 2, 3, 4}, F4{-5, -6, -7, -8.5f});
  CheckShape("d1", Struct({kF64}), D1{1e300}, D1{-0.1});
  CheckShape("d2", Struct({kF64, kF64}), D2{1.25, 2.5}, D2{-3.75, 1e-300});
  CheckShape("d3", Struct({kF64, kF64, kF64}), D3{1, 2, 3}, D3{-4, -5, -6.5});
  CheckShape("d4", Struct({kF64, kF64, kF64, kF64}), D4{1, 2, 3, 4}, D4{-5, -6, -7, -8.5});
  CheckShape("{i64, f64}", Struct({kI64, kF64}), LD{INT64_MIN + 3, 2.5}, LD{-9, -0.75});
  CheckShape("{f64, i64}", Struct({kF64, kI64}), DL{2.5, INT64_MAX - 1}, DL{-0.75, -9});
  CheckShape("{f32, i32, f64}", Struct({kF32, kI32, kF64}), FID{1.5f, -2, 3.5}, FID{-4.5f, 5, -6.5});
  CheckShape("{i32, f32}", Struct({kI32, kF32}), IF{-1, 2.5f}, IF{3, -4.5f});
  CheckShape("{i64, i64}", Struct({kI64, kI64}), II{1, -2}, II{INT64_MIN, INT64_MAX});
  CheckShape("{i32, i32, i32}", Struct({kI32, kI32, kI32}), I3{1, -2, 3}, I3{-4, 5, -6});
  CheckShape("{u8, u8, u8}", Struct({kU8, kU8, kU8}), B3{1, 2, 255}, B3{254, 0, 7});
  CheckShape("{{f32, f32}, f32}", Struct({Struct({kF32, kF32}), kF32}), Nest{{1, 2}, 3}, Nest{{-4, -5}, -6});
  CheckShape("{i64, f64, i32}", Struct({kI64, kF64, kI32}), M24{1, 2.5, -3}, M24{-4, 5.5, 6}, 20);
  CheckShape("{i64 x4, f64}", Struct({kI64, kI64, kI64, kI64, kF64}), M40{1, 2, 3, 4, 5.5},
             M40{-6, -7, -8, INT64_MIN, -9.5});
}

// x86-64: the 7th integer is on the stack and {i64, f64} needs a GP register, so all of
// it goes on the stack; {f64, f64} after 8 doubles too. AArch64: {i64, f64} needs two of
// the one GP register left, so it goes on the stack and the last i32 follows it there.
TEST_F(CallbackStructEntry, StructsAfterTheRegisters) {
  Probe probe;
  const Type ld = Struct({kI64, kF64});
  const Type d2 = Struct({kF64, kF64});
  probe.signature.params = {kI64, kI64, kI64, kI64, kI64, kI64, kI64, ld, kF64, kF64, kF64, kF64, kF64, kF64,
                            kF64, kF64, d2, kI32};
  probe.signature.result = kF64;
  ZC_EXPECT_TRUE(probe.Plan()) << "planned";
  probe.SetResult(zerocall::test::Word(-0.5));
  using L = int64_t;
  using D = double;
  auto fn = reinterpret_cast<D (*)(L, L, L, L, L, L, L, LD, D, D, D, D, D, D, D, D, D2, int32_t)>(probe.Thunk());
  ZC_EXPECT_TRUE(fn(1, 2, 3, 4, 5, 6, 7, LD{8, 9.5}, 10.5, 11.5, 12.5, 13.5, 14.5, 15.5, 16.5, 17.5, D2{18.5, 19.5},
                    20) == -0.5)
      << "the result";
  ZC_EXPECT_TRUE(probe.args.size() == 18) << "18 arguments";
  if (probe.args.size() != 18) return;
  for (int k = 0; k < 7; k++) ZC_EXPECT_TRUE(Low<int64_t>(probe.Word(k)) == k + 1) << "integer " << k;
  LD got_ld;
  std::memcpy(&got_ld, probe.args[7].data(), sizeof got_ld);
  ZC_EXPECT_TRUE(got_ld.a == 8 && got_ld.b == 9.5) << "{i64, f64} on the stack";
  for (int k = 8; k < 16; k++) ZC_EXPECT_TRUE(Low<double>(probe.Word(k)) == k + 2.5) << "double " << k;
  D2 got_d2;
  std::memcpy(&got_d2, probe.args[16].data(), sizeof got_d2);
  ZC_EXPECT_TRUE(got_d2.a == 18.5 && got_d2.b == 19.5) << "{f64, f64} on the stack";
  ZC_EXPECT_TRUE(Low<int32_t>(probe.Word(17)) == 20) << "the last i32";
}

// x86-64: {i64, i64} needs 2 GP registers where 1 is left: on the stack, and the next
// i64 still takes r9. Then big structs after 8 integers (AArch64: their addresses on
// the stack) and a 40-byte result in memory (x86-64: its address takes rdi).
TEST_F(CallbackStructEntry, SplitsAndBigStructs) {
  using L = int64_t;
  Probe split;
  split.signature.params = {kI64, kI64, kI64, kI64, kI64, Struct({kI64, kI64}), kI64};
  split.signature.result = kI64;
  split.Plan();
  split.SetResult(99);
  auto split_fn = reinterpret_cast<L (*)(L, L, L, L, L, II, L)>(split.Thunk());
  ZC_EXPECT_TRUE(split_fn(1, 2, 3, 4, 5, II{6, 7}, 8) == 99) << "split: the result";
  II got_ii;
  std::memcpy(&got_ii, split.args.at(5).data(), sizeof got_ii);
  ZC_EXPECT_TRUE(got_ii.a == 6 && got_ii.b == 7 && Low<int64_t>(split.Word(6)) == 8 && Low<int64_t>(split.Word(4)) == 5)
      << "split: the struct and its neighbours";

  Probe big;
  const Type m24 = Struct({kI64, kF64, kI32});
  const Type m40 = Struct({kI64, kI64, kI64, kI64, kF64});
  big.signature.params = {kI64, kI64, kI64, kI64, kI64, kI64, kI64, kI64, m24, Struct({kF64, kF64, kF64, kF64}), kF64};
  big.signature.result = m40;
  ZC_EXPECT_TRUE(big.Plan()) << "planned";
  const M40 answer{-1, -2, -3, -4, -5.5};
  big.SetStructResult(answer);
  auto big_fn = reinterpret_cast<M40 (*)(L, L, L, L, L, L, L, L, M24, D4, double)>(big.Thunk());
  const M40 got = big_fn(1, 2, 3, 4, 5, 6, 7, 8, M24{9, 10.5, 11}, D4{12.5, 13.5, 14.5, 15.5}, 16.5);
  ZC_EXPECT_TRUE(std::memcmp(&got, &answer, sizeof got) == 0) << "the 40-byte result";
  ZC_EXPECT_TRUE(big.args.size() == 11) << "11 arguments";
  if (big.args.size() != 11) return;
  for (int k = 0; k < 8; k++) ZC_EXPECT_TRUE(Low<int64_t>(big.Word(k)) == k + 1) << "integer " << k;
  M24 got_m24;
  D4 got_d4;
  std::memcpy(&got_m24, big.args[8].data(), sizeof got_m24);
  std::memcpy(&got_d4, big.args[9].data(), sizeof got_d4);
  ZC_EXPECT_TRUE(got_m24.a == 9 && got_m24.b == 10.5 && got_m24.c == 11) << "the 24-byte struct";
  ZC_EXPECT_TRUE(got_d4.a == 12.5 && got_d4.b == 13.5 && got_d4.c == 14.5 && got_d4.d == 15.5) << "{f64 x4}";
  ZC_EXPECT_TRUE(Low<double>(big.Word(10)) == 16.5) << "the double after them";
}

}  // namespace
