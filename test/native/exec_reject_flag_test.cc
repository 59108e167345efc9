// exec_reject_flag_test.cc: rejects through the options flag
// (RejectMode::kSetOptionsFlag, V8 11-12): a rejected param stores 1 in the options'
// fallback byte and the stub returns 0, through one tail for every checked param.
// Run against a real options block (OptionsBlock: known bytes, the flag at offsets
// 0 to 4095), typed and through the recorder.

#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "exec_checked_examples.h"
#include "exec_checked_values.h"
#include "exec_recorder.h"
#include "exec_requests.h"
#include "exec_support.h"

namespace zerocall::jit::test {
namespace {

class FlagRejectExec : public ExecTest {};

// TypedCheckedI64's signature (exec_checked_examples.h), rejects setting the flag
// at offsets 0 (V8 12's layout), 13 and the largest: accepted values reach C
// exactly and leave the block alone; each checked param rejected in turn (the
// later ones bad too) sets the flag, returns 0 and never calls C. Tail-called and
// framed.
TEST_F(FlagRejectExec, TypedCheckedFallback) {
  for (uint32_t offset : {uint32_t{0}, uint32_t{13}, kMaxRejectFlagOffset}) {
    for (bool framed : {false, true}) {
      StubRequest request = FlagRejects(Req(Int64Example::Target(framed), Int64Example::kParams,
                                            framed ? V::kU8 : V::kF64, /*options=*/true),
                                        Int64Example::kArrivals, offset);
      auto stub = ExecStub::Create(request);
      if (!stub) return;
      const std::string mode = std::string(framed ? "framed" : "tail call") + " flag@" + std::to_string(offset);
      ZC_EXPECT_EQ(stub->stub().tail_call, !framed) << mode;
      OptionsBlock block(offset);
      // The whole return register: 0 after a reject (also for the f64 result).
      auto call = [&](int64_t a, double b, int64_t cc, int64_t d, double e, int64_t u) {
        return stub->CallWithOptions<uint64_t, int64_t, double, int64_t, const void*, int64_t, double, int64_t>(
            block.address(), a, b, cc, kExamplePointer, d, e, u);
      };
      auto call_f64 = [&](int64_t a, double b, int64_t cc, int64_t d, double e, int64_t u) {
        return stub->CallWithOptions<double, int64_t, double, int64_t, const void*, int64_t, double, int64_t>(
            block.address(), a, b, cc, kExamplePointer, d, e, u);
      };
      // In range: C gets the wrapped values (as in TypedCheckedI64), the flag stays clear.
      const uint64_t calls = checked_i64_record.calls;
      if (framed) {
        ZC_EXPECT_EQ(call(INT32_MIN, 0.25, kTwo32 - 1, 255, 65536.5, 256), uint64_t{1}) << mode + ": u8 result";
      } else {
        ZC_EXPECT_EQ(call_f64(INT32_MIN, 0.25, kTwo32 - 1, 255, 65536.5, 256),
                     INT32_MIN + 0.5 + 3.0 * 4294967295.0 - 5.0)
            << mode + ": f64 result";
      }
      ZC_EXPECT_EQ(checked_i64_record.calls, calls + 1) << mode + ": target called once";
      ZC_EXPECT_EQ(checked_i64_record.a, INT32_MIN) << mode + ": a";
      ZC_EXPECT_EQ(checked_i64_record.c, 0xffffffffu) << mode + ": c";
      ZC_EXPECT_EQ(checked_i64_record.d, -1) << mode + ": d wrapped";
      ZC_EXPECT_EQ(checked_i64_record.e, 0u) << mode + ": e wrapped";
      ZC_EXPECT_EQ(checked_i64_record.u, 0u) << mode + ": u wrapped";
      ZC_EXPECT_TRUE(block.Is(/*flag_set=*/false)) << mode + ": options untouched";
      for (const auto& reject : Int64Example::Rejects()) {
        const std::string what = mode + ": rejecting param " + std::to_string(reject.param);
        const uint64_t before = checked_i64_record.calls;
        block.Reset();
        reject_log.Clear();
        const uint64_t got = std::apply(
            [&](auto... arg) { return stub->CallWithOptions<uint64_t>(block.address(), arg...); }, reject.args);
        ZC_EXPECT_EQ(got, uint64_t{0}) << what + ": returns 0";
        ZC_EXPECT_EQ(checked_i64_record.calls, before) << what + ": target not called";
        ZC_EXPECT_TRUE(block.Is(/*flag_set=*/true)) << what + ": exactly the flag set";
        ZC_EXPECT_TRUE(reject_log.contexts.empty()) << what + ": no handler";
      }
    }
  }
}

// Random signatures (every kind, resolved ones included, a random half of the
// integers checked as int64s or doubles), options always passed, the flag at
// a random offset. An accepted call reaches C exactly and leaves the options
// alone; then each checked param in turn gets a rejected value (those before
// it accepted ones, those after anything): the flag alone is set, the stub
// returns 0 with the stack balanced, C is not called, and only the resolved
// params before it were resolved.
TEST_F(FlagRejectExec, RecordedCheckedFallback) {
  std::mt19937_64 rng(0xfa11bac);
  const V results[] = {V::kVoid, V::kU8, V::kI32, V::kI64, V::kF64, V::kBool, V::kI16};
  const uint32_t offsets[] = {0, 1, 8, 255, 256, kMaxRejectFlagOffset};
  int signatures = 0;
  while (signatures < 600) {
    std::vector<V> params;
    std::vector<Arrival> arrivals;
    RandomCheckedSignature(rng, params, arrivals, /*with_i64=*/true);
    bool any = false;
    for (size_t i = 0; i < params.size(); ++i) any = any || IsChecked(arrivals, i);
    if (!any) continue;
    ++signatures;
    const V result = results[rng() % std::size(results)];
    const uint32_t offset = offsets[rng() % std::size(offsets)];
    StubRequest request = FlagRejects(Req(reinterpret_cast<const void*>(&zc_record), params, result, true),
                                      arrivals, offset);
    auto stub = ExecStub::Create(request);
    if (!stub) return;
    const std::string sig = DescribeChecked(params, arrivals, result, true) + " flag@" + std::to_string(offset);
    OptionsBlock block(offset);
    const uint64_t options_word = reinterpret_cast<uintptr_t>(block.address());
    std::vector<uint64_t> slots(params.size());  // sized once: raw holds addresses into it
    auto fill = [&](std::vector<uint64_t>& raw, size_t bad_at) {
      for (size_t i = 0; i < params.size(); ++i) {
        raw[i] = rng();
        if (params[i] == V::kBool) raw[i] &= 1;
        if (params[i] == V::kResolvedPointer && raw[i] == kResolveFailValue) raw[i] ^= 1;
        if (params[i] == V::kResolvedInteger) {
          slots[i] = RandomTaggedWord(rng, kNodeSmiShift);
          raw[i] = reinterpret_cast<uintptr_t>(&slots[i]);
        }
        if (IsChecked(arrivals, i)) {
          const bool bad = i == bad_at || (bad_at < i && rng() % 2 == 0);
          raw[i] = bad ? BadChecked(params, arrivals, i, rng) : GoodChecked(params, arrivals, i, rng);
        }
      }
    };
    {
      std::vector<uint64_t> raw(params.size());
      fill(raw, SIZE_MAX);
      LaidOutCall call;
      LayOut(params, raw, true, call, arrivals, options_word);
      const uint64_t calls = zc_recorded.calls;
      resolve_log.Clear();
      zc_invoke(&call.frame, stub->entry());
      ZC_EXPECT_EQ(zc_recorded.calls, calls + 1) << sig + ": accepted, target called once";
      ZC_EXPECT_EQ(call.frame.sp_delta, uint64_t{0}) << sig + ": stack balanced";
      CheckRecordedParams(call, params, raw, arrivals, sig);
      ZC_EXPECT_TRUE(resolve_log.values == ResolvedValues(params, raw)) << sig + ": every resolve, in order";
      ZC_EXPECT_TRUE(block.Is(/*flag_set=*/false)) << sig + ": accepted, options untouched";
    }
    for (size_t k = 0; k < params.size(); ++k) {
      if (!IsChecked(arrivals, k)) continue;
      std::vector<uint64_t> raw(params.size());
      fill(raw, k);
      LaidOutCall call;
      LayOut(params, raw, true, call, arrivals, options_word);
      const std::string label = sig + " rejecting param " + std::to_string(k);
      const uint64_t calls = zc_recorded.calls;
      block.Reset();
      resolve_log.Clear();
      reject_log.Clear();
      zc_invoke(&call.frame, stub->entry());
      ZC_EXPECT_EQ(zc_recorded.calls, calls) << label + ": target not called";
      ZC_EXPECT_EQ(call.frame.ret_gp, uint64_t{0}) << label + ": returns 0";
      ZC_EXPECT_EQ(call.frame.sp_delta, uint64_t{0}) << label + ": stack balanced";
      ZC_EXPECT_TRUE(block.Is(/*flag_set=*/true)) << label + ": exactly the flag set";
      ZC_EXPECT_TRUE(reject_log.contexts.empty()) << label + ": no handler";
      ZC_EXPECT_TRUE(resolve_log.values == ResolvedValues(params, raw, k)) << label + ": resolves before it only";
    }
  }
}

}  // namespace
}  // namespace zerocall::jit::test
