// callback_entry_test.cc: executes callback thunks (src/callback/callback_thunks.cc)
// and the host ISA's register entry (callback_entry_<isa>.S) with real C calls, and
// checks that every argument is where CallbackArgumentSlots says and that results come
// back in the right registers. Built for the host and, by run.sh, for AArch64 under
// qemu-user.
#include <cstring>
#include <vector>

#include "callback/callback_entry.h"
#include "callback/callback_thunks.h"
#include "checks.h"

using zerocall::CallbackArgumentSlot;
using zerocall::CallbackFrame;
using zerocall::NativeType;
using zerocall::Signature;

namespace {

// What the dispatch routine saw, and what it answers.
struct Probe {
  Signature signature;
  std::vector<uint64_t> words;  // each argument's 8 bytes, read through its slot
  uint64_t result = 0;
  int calls = 0;
};

}  // namespace

void zerocall_callback_dispatch(void* context, CallbackFrame* frame, uint64_t* stack_args) {
  auto* probe = static_cast<Probe*>(context);
  std::vector<CallbackArgumentSlot> slots;
  zerocall::CallbackArgumentSlots(probe->signature, &slots);
  probe->words.clear();
  for (const CallbackArgumentSlot& slot : slots) {
    probe->words.push_back(slot.on_stack ? stack_args[slot.index] : frame->registers[slot.index]);
  }
  frame->result[0] = probe->result;
  probe->calls++;
}

namespace {

class CallbackEntry : public zerocall::test::CountedChecksTest {
 protected:
  void SetUp() override {
    ASSERT_NE(zerocall::CallbackEntryRoutine(), nullptr) << "no entry routine on this host";
  }
};

template <typename T>
T Low(uint64_t word) {
  T value;
  std::memcpy(&value, &word, sizeof value);
  return value;
}

template <typename T>
uint64_t Word(T value) {
  uint64_t word = 0;
  std::memcpy(&word, &value, sizeof value);
  return word;
}

TEST_F(CallbackEntry, WideArguments) {
  Probe probe;
  using T = NativeType;
  probe.signature.params = {T::kI8, T::kU16, T::kI32, T::kF32, T::kF64, T::kI64, T::kPointer, T::kU8,
                            T::kF64, T::kF64, T::kF64, T::kF64, T::kF64, T::kF64, T::kF64, T::kI32,
                            T::kU64, T::kF32, T::kI16, T::kF64};
  probe.result = Word(6.25);
  auto fn = reinterpret_cast<double (*)(int8_t, uint16_t, int32_t, float, double, int64_t, void*, uint8_t,
                                        double, double, double, double, double, double, double, int32_t,
                                        uint64_t, float, int16_t, double)>(
      zerocall::CallbackThunks::Acquire(&probe, zerocall::CallbackEntryRoutine()));
  ZC_EXPECT_TRUE(fn != nullptr) << "a thunk was made";
  if (fn == nullptr) return;
  double r = fn(-3, 65000, -70000, 1.5f, 2.5, INT64_MIN + 1, reinterpret_cast<void*>(0xabc), 250, 3.5, 4.5,
                5.5, 6.5, 7.5, 8.5, 9.5, 123, UINT64_MAX - 1, -0.75f, -300, 10.5);
  ZC_EXPECT_TRUE(r == 6.25) << "f64 result in the FP result register";
  ZC_EXPECT_TRUE(probe.calls == 1 && probe.words.size() == 20) << "one dispatch with 20 arguments";
  if (probe.words.size() != 20) return;
  const auto& w = probe.words;
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
  zerocall::CallbackThunks::Release(reinterpret_cast<void*>(fn));
}

TEST_F(CallbackEntry, Results) {
  Probe probe;
  void* code = zerocall::CallbackThunks::Acquire(&probe, zerocall::CallbackEntryRoutine());
  probe.signature.params = {};
  probe.result = 0xfedcba9876543210ull;
  ZC_EXPECT_TRUE(reinterpret_cast<uint64_t (*)()>(code)() == 0xfedcba9876543210ull) << "u64 result";
  probe.result = Word(-2.5f);
  ZC_EXPECT_TRUE(reinterpret_cast<float (*)()>(code)() == -2.5f) << "f32 result";
  probe.result = static_cast<uint64_t>(-5);
  ZC_EXPECT_TRUE(reinterpret_cast<int32_t (*)()>(code)() == -5) << "i32 result";
  zerocall::CallbackThunks::Release(code);
}

// Many thunks at once: each reaches its own context (slots beyond the first page too).
TEST_F(CallbackEntry, ManyThunks) {
  std::vector<Probe> probes(600);
  std::vector<void*> codes;
  for (size_t i = 0; i < probes.size(); i++) {
    probes[i].result = i * 3;
    codes.push_back(zerocall::CallbackThunks::Acquire(&probes[i], zerocall::CallbackEntryRoutine()));
  }
  for (size_t i = 0; i < probes.size(); i++) {
    ZC_EXPECT_TRUE(reinterpret_cast<uint64_t (*)()>(codes[i])() == i * 3) << "thunk i reaches context i";
  }
  for (void* code : codes) zerocall::CallbackThunks::Release(code);
  ZC_EXPECT_TRUE(zerocall::CallbackThunks::CodePages().size() >= 2) << "600 thunks need more than one page";
}

}  // namespace
