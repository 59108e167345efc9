// callback_entry_test.cc: executes callback thunks (src/callback/callback_thunks.cc)
// and the host ISA's register entry (callback_entry_<isa>.S) with real C calls, and
// checks that every scalar argument is where PlanCallbackFrame says and that results
// come back in the right registers (structs: callback_struct_entry_test.cc). Built for
// the host and, by run.sh, for AArch64 under qemu-user.
#include <cstring>
#include <vector>

#include "callback_probe.h"
#include "checks.h"

using zerocall::NativeType;
using zerocall::test::Low;
using zerocall::test::Probe;
using zerocall::test::Word;

namespace {

class CallbackEntry : public zerocall::test::CountedChecksTest {
 protected:
  void SetUp() override {
    ASSERT_NE(zerocall::CallbackEntryRoutine(), nullptr) << "no entry routine on this host";
  }
};

TEST_F(CallbackEntry, WideArguments) {
  Probe probe;
  using T = NativeType;
  probe.signature.params = {T::kI8, T::kU16, T::kI32, T::kF32, T::kF64, T::kI64, T::kPointer, T::kU8,
                            T::kF64, T::kF64, T::kF64, T::kF64, T::kF64, T::kF64, T::kF64, T::kI32,
                            T::kU64, T::kF32, T::kI16, T::kF64};
  probe.signature.result = T::kF64;
  ZC_EXPECT_TRUE(probe.Plan()) << "the entry takes scalars";
  probe.SetResult(Word(6.25));
  auto fn = reinterpret_cast<double (*)(int8_t, uint16_t, int32_t, float, double, int64_t, void*, uint8_t,
                                        double, double, double, double, double, double, double, int32_t,
                                        uint64_t, float, int16_t, double)>(
      probe.Thunk());
  ZC_EXPECT_TRUE(fn != nullptr) << "a thunk was made";
  if (fn == nullptr) return;
  double r = fn(-3, 65000, -70000, 1.5f, 2.5, INT64_MIN + 1, reinterpret_cast<void*>(0xabc), 250, 3.5, 4.5,
                5.5, 6.5, 7.5, 8.5, 9.5, 123, UINT64_MAX - 1, -0.75f, -300, 10.5);
  ZC_EXPECT_TRUE(r == 6.25) << "f64 result in the FP result register";
  ZC_EXPECT_TRUE(probe.calls == 1 && probe.args.size() == 20) << "one dispatch with 20 arguments";
  if (probe.args.size() != 20) return;
  std::vector<uint64_t> w;
  for (size_t i = 0; i < 20; i++) w.push_back(probe.Word(i));
  ZC_EXPECT_TRUE(Low<int8_t>(w[0]) == -3) << "i8 (register)";
  ZC_EXPECT_TRUE(Low<uint16_t>(w[1]) == 65000) << "u16 (register)";
  ZC_EXPECT_TRUE(Low<int32_t>(w[2]) == -70000) << "i32 (register)";
  ZC_EXPECT_TRUE(Low<float>(w[3]) == 1.5f) << "f32 (register)";
  ZC_EXPECT_TRUE(Low<double>(w[4]) == 2.5) << "f64 (register)";
  ZC_EXPECT_TRUE(Low<int64_t>(w[5]) == INT64_MIN + 1) << "i64 (register)";
  ZC_EXPECT_TRUE(w[6] == 0xabc) << "pointer (register)";
  ZC_EXPECT_TRUE(Low<uint8_t>(w[7]) == 250) << "u8 (register on both ISAs)";
  const double fp[] = {3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5};
  for (int i = 0; i < 7; i++) ZC_EXPECT_TRUE(Low<double>(w[8 + i]) == fp[i]) << "f64 run (registers, then stack)";
  ZC_EXPECT_TRUE(Low<int32_t>(w[15]) == 123) << "i32 after the FP run";
  ZC_EXPECT_TRUE(w[16] == UINT64_MAX - 1) << "u64 (stack on x86-64)";
  ZC_EXPECT_TRUE(Low<float>(w[17]) == -0.75f) << "f32 (stack)";
  ZC_EXPECT_TRUE(Low<int16_t>(w[18]) == -300) << "i16 (stack)";
  ZC_EXPECT_TRUE(Low<double>(w[19]) == 10.5) << "f64 (stack)";
}

TEST_F(CallbackEntry, Results) {
  Probe probe;
  void* code = probe.Thunk();
  auto returns = [&](NativeType type, uint64_t word) {
    probe.signature.result = type;
    probe.Plan();
    probe.SetResult(word);
  };
  returns(NativeType::kU64, 0xfedcba9876543210ull);
  ZC_EXPECT_TRUE(reinterpret_cast<uint64_t (*)()>(code)() == 0xfedcba9876543210ull) << "u64 result";
  returns(NativeType::kF32, Word(-2.5f));
  ZC_EXPECT_TRUE(reinterpret_cast<float (*)()>(code)() == -2.5f) << "f32 result";
  returns(NativeType::kF64, Word(1e300));
  ZC_EXPECT_TRUE(reinterpret_cast<double (*)()>(code)() == 1e300) << "f64 result";
  returns(NativeType::kI32, static_cast<uint64_t>(-5));
  ZC_EXPECT_TRUE(reinterpret_cast<int32_t (*)()>(code)() == -5) << "i32 result";
}

// 40 parameters: past the 32 argument pointers the call keeps inline.
TEST_F(CallbackEntry, FortyArguments) {
  Probe probe;
  for (int k = 0; k < 40; k++) probe.signature.params.push_back(k % 2 ? NativeType::kF64 : NativeType::kI64);
  probe.signature.result = NativeType::kI64;
  ZC_EXPECT_TRUE(probe.Plan() && probe.plan.args.size() == 40) << "no parameter limit";
  probe.SetResult(40);
  using D = double;
  using L = int64_t;
  auto fn = reinterpret_cast<L (*)(L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D,
                                   L, D, L, D, L, D, L, D, L, D, L, D)>(probe.Thunk());
  const L r = fn(0, 1.5, 2, 3.5, 4, 5.5, 6, 7.5, 8, 9.5, 10, 11.5, 12, 13.5, 14, 15.5, 16, 17.5, 18, 19.5, 20, 21.5,
                 22, 23.5, 24, 25.5, 26, 27.5, 28, 29.5, 30, 31.5, 32, 33.5, 34, 35.5, 36, 37.5, 38, 39.5);
  ZC_EXPECT_TRUE(r == 40 && probe.args.size() == 40) << "one call, 40 arguments";
  if (probe.args.size() != 40) return;
  for (int k = 0; k < 40; k++) {
    const uint64_t w = probe.Word(k);
    ZC_EXPECT_TRUE(k % 2 ? Low<double>(w) == k + 0.5 : Low<int64_t>(w) == k) << "argument " << k;
  }
}

// Many thunks at once: each reaches its own context (slots beyond the first page too).
TEST_F(CallbackEntry, ManyThunks) {
  std::vector<Probe> probes(600);
  std::vector<void*> codes;
  for (size_t i = 0; i < probes.size(); i++) {
    probes[i].signature.result = NativeType::kU64;
    probes[i].Plan();
    probes[i].SetResult(i * 3);
    codes.push_back(probes[i].Thunk());
  }
  for (size_t i = 0; i < probes.size(); i++) {
    ZC_EXPECT_TRUE(reinterpret_cast<uint64_t (*)()>(codes[i])() == i * 3) << "thunk i reaches context i";
  }
  ZC_EXPECT_TRUE(zerocall::CallbackThunks::CodePages().size() >= 2) << "600 thunks need more than one page";
}

}  // namespace
