// exec_recorded_test.cc: recorder calls (exec_recorder.h) of scalar signatures:
// the brief's narrow examples, every count of GP and FP params (0..12 each) in three
// interleavings, narrow params in registers and on the stack with every narrow
// result, and 1500 random signatures of up to 40 params, with and without options.

#include <random>
#include <vector>

#include "exec_recorder.h"
#include "exec_requests.h"
#include "exec_support.h"

namespace zerocall::jit::test {

namespace {

class RecordedExec : public ExecTest {};

// i8 given 255 reaches C as -1; u8 given 256 reaches C as 0 (the brief's examples).
TEST_F(RecordedExec, RecordedNarrowExamples) {
  auto stub8 = ExecStub::Create(
      Req(reinterpret_cast<const void*>(&zc_record), {V::kI8, V::kU8, V::kI16, V::kU16, V::kBool}, V::kVoid));
  if (!stub8) return;
  ZcInvokeFrame frame{};
  frame.gp[0] = reinterpret_cast<uintptr_t>(kReceiver);
  frame.gp[1] = 255;
  frame.gp[2] = 256;
  frame.gp[3] = 0x18000;
  frame.gp[4] = 0xfffff;
  frame.gp[5] = 0xffffff01;  // bool true, garbage above the byte
  zc_invoke(&frame, stub8->entry());
  ZC_EXPECT_EQ(static_cast<int32_t>(zc_recorded.gp[0]), -1) << ("i8 255 -> -1");
  ZC_EXPECT_EQ(static_cast<uint32_t>(zc_recorded.gp[1]), 0u) << ("u8 256 -> 0");
  ZC_EXPECT_EQ(static_cast<int32_t>(zc_recorded.gp[2]), -32768) << ("i16 0x18000 -> -32768");
  ZC_EXPECT_EQ(static_cast<uint32_t>(zc_recorded.gp[3]), 0xffffu) << ("u16 0xfffff -> 0xffff");
  ZC_EXPECT_EQ(static_cast<uint32_t>(zc_recorded.gp[4]), 1u) << ("bool true -> 1");
}

// Every count of GP (0..12) and FP (0..12) params, in three interleavings,
// with and without options.
TEST_F(RecordedExec, RecordedGrid) {
  std::mt19937_64 rng(12345);
  for (int gp = 0; gp <= 12; ++gp) {
    for (int fp = 0; fp <= 12; ++fp) {
      for (int order = 0; order < 3; ++order) {
        std::vector<V> params;
        int g = 0, f = 0;
        while (g < gp || f < fp) {
          bool take_gp;
          switch (order) {
            case 0: take_gp = g < gp; break;             // all GP first
            case 1: take_gp = f >= fp; break;            // all FP first
            default: take_gp = (g + f) % 2 == 0 ? g < gp : f >= fp; break;  // alternating
          }
          if (take_gp) {
            params.push_back(g % 2 == 0 ? V::kI64 : V::kI32);
            ++g;
          } else {
            params.push_back(f % 2 == 0 ? V::kF64 : V::kF32);
            ++f;
          }
        }
        const bool options = (gp + fp + order) % 2 == 1;
        const V result = (gp + fp) % 3 == 0 ? V::kF64 : V::kI64;
        CheckRecorded(rng, params, result, options, Describe(params, result, options));
        CheckRecorded(rng, params, V::kI8, !options, Describe(params, V::kI8, !options));
      }
    }
  }
}

// Narrow params in registers and on the stack, every narrow result, with and without options.
TEST_F(RecordedExec, RecordedNarrow) {
  std::mt19937_64 rng(777);
  const V narrow[] = {V::kBool, V::kI8, V::kU8, V::kI16, V::kU16};
  for (int count : {1, 5, 6, 7, 8, 9, 12, 16}) {
    for (V kind : narrow) {
      std::vector<V> params(count, kind);
      for (V result : {V::kVoid, V::kBool, V::kI8, V::kU8, V::kI16, V::kU16, V::kU32}) {
        for (bool options : {false, true}) {
          CheckRecorded(rng, params, result, options, Describe(params, result, options));
        }
      }
      // Narrow kinds interleaved with doubles past the FP registers.
      std::vector<V> mixed;
      for (int i = 0; i < count; ++i) {
        mixed.push_back(kind);
        mixed.push_back(V::kF64);
      }
      CheckRecorded(rng, mixed, V::kI16, true, Describe(mixed, V::kI16, true));
      CheckRecorded(rng, mixed, V::kI32, false, Describe(mixed, V::kI32, false));
    }
  }
}

// Random signatures of 0..40 params over every kind.
TEST_F(RecordedExec, RecordedRandom) {
  std::mt19937_64 rng(20261121);
  CheckRandomSignatures(rng,
                        {V::kBool, V::kI8, V::kU8, V::kI16, V::kU16, V::kI32, V::kU32, V::kI64,
                         V::kU64, V::kPointer, V::kF32, V::kF64},
                        {V::kVoid, V::kBool, V::kI8, V::kU8, V::kI16, V::kU16, V::kI32, V::kU32,
                         V::kI64, V::kU64, V::kPointer, V::kF32, V::kF64},
                        1500);
}

}  // namespace
}  // namespace zerocall::jit::test
