// exec_checked_recorded_test.cc: recorder calls (exec_recorder.h) with checked
// params, once per arrival kind (double; int64, mixed with doubles):
//   Examples: the brief's values (255 -> -1 as i8, 256 -> 0 as u8, fractions
//     truncated, int32/uint32 edges) for every checked kind in registers and on
//     V8's stack, then every rejected value in every position, with the exact
//     double the handler gets; a reference predicate checks the value lists.
//   Grid, Random: every count of checked, native GP and FP params in three
//     orders, and 1500 random signatures over every kind (resolved ones too),
//     which cover the parallel move into C's registers, cycles included.
//   Reject: 300 random signatures, each checked param rejected in turn with
//     accepted values before it and anything after it.

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "exec_checked_arrival.h"
#include "exec_checked_values.h"
#include "exec_recorder.h"
#include "exec_requests.h"
#include "exec_support.h"

namespace zerocall::jit::test {
namespace {

class CheckedRecordedExec : public CheckedArrivalTest {};

// The seeds of one arrival kind's random draws.
struct Seeds {
  uint64_t examples, grid, random, reject;
};
Seeds SeedsFor(Arrival arrival) {
  if (arrival == Arrival::kCheckedI64) return {0x164e8a3, 0x164c4ec, 0x164d0b1e, 0x164e1ec7};
  return {0xe8a3, 0xc4ec6ed, 0xd0b1e, 0x4e1ec7};
}

// ---- Examples ----

// The values of one arrival kind, as V8 passes them (T: double or int64_t).
template <typename T>
struct CheckedValues;
template <>
struct CheckedValues<double> {
  static constexpr Arrival kArrival = Arrival::kCheckedF64;
  static bool Accepts(V kind, double d) { return RefAccepts(kind, d); }
  static const std::vector<double>& Rejected(V kind) { return RejectedDoubles(kind); }
  static double Good(V kind, std::mt19937_64& rng) { return GoodDouble(kind, rng); }
  static uint64_t Bits(double d) { return DoubleBits(d); }
  static uint64_t HandlerBits(double d) { return DoubleBits(d); }
};
template <>
struct CheckedValues<int64_t> {
  static constexpr Arrival kArrival = Arrival::kCheckedI64;
  static bool Accepts(V kind, int64_t v) { return RefAcceptsI64(kind, v); }
  static const std::vector<int64_t>& Rejected(V kind) { return RejectedInt64s(kind); }
  static int64_t Good(V kind, std::mt19937_64& rng) { return GoodInt64(kind, rng); }
  static uint64_t Bits(int64_t v) { return static_cast<uint64_t>(v); }
  static uint64_t HandlerBits(int64_t v) { return DoubleBits(static_cast<double>(v)); }
};

const std::vector<V> kExampleKinds = {V::kI8, V::kU8, V::kI16, V::kU16, V::kI32, V::kU32};

// One arrival kind's examples: `lead` params of `lead_kind` first (so the checked
// params move from registers to V8's stack), the six checked kinds, then with
// `then_checked_double` an i32 checked as a double and an f64, and a pointer last.
template <typename T>
struct Examples {
  struct Row {
    T in[6];
    uint32_t want[6];  // what C gets for kExampleKinds, low 32 bits
  };
  V lead_kind;
  std::vector<int> leads;
  bool then_checked_double;
  std::vector<Row> rows;
};

const Examples<double> kDoubleExamples = {
    V::kF64, {0, 5, 8}, false,
    {{{255.0, 256.0, -1.9, 65536.9, -0.0, 4294967295.0}, {0xffffffff, 0, 0xffffffff, 0, 0, 0xffffffff}},
     {{1.9, -0.5, 32768.0, -0.0, -2147483648.0, 2147483648.0}, {1, 0, 0xffff8000, 0, 0x80000000, 0x80000000}},
     {{-1.9, 255.9, -32769.0, 65535.5, 2147483647.9, 0.999}, {0xffffffff, 255, 0x7fff, 0xffff, 0x7fffffff, 0}},
     {{-128.5, 4294967295.9, 2147483647.0, 4294967295.0, -2147483648.99, 1.5},
      {0xffffff80, 0xff, 0xffffffff, 0xffff, 0x80000000, 1}}}};

const Examples<int64_t> kInt64Examples = {
    V::kPointer, {0, 3, 7}, true,
    {{{255, 256, -32769, 65536, INT32_MIN, kTwo32 - 1}, {0xffffffff, 0, 0x7fff, 0, 0x80000000, 0xffffffff}},
     {{-1, kTwo31, 32768, 65535, INT32_MAX, kTwo31}, {0xffffffff, 0, 0xffff8000, 0xffff, 0x7fffffff, 0x80000000}},
     {{0, INT32_MAX, INT32_MIN, kTwo32 - 1, -1, 0}, {0, 0xff, 0, 0xffff, 0xffffffff, 0}},
     {{-128, 255, -1, 0, 0, INT32_MAX}, {0xffffff80, 0xff, 0xffffffff, 0, 0, 0x7fffffff}},
     {{INT32_MIN, kTwo32 - 1, INT32_MAX, kTwo31, -kTwo31, 0}, {0, 0xff, 0xffffffff, 0, 0x80000000, 0}}}};

// Each example row tail-called and framed, with and without options; then every
// rejected value of each kind in every position (with then_checked_double, the
// checked double after it bad too: only the first is reported), and the checked
// double rejected after accepted values.
template <typename T>
void RunExamples(const Examples<T>& examples, uint64_t seed) {
  using Values = CheckedValues<T>;
  const std::vector<V>& kinds = kExampleKinds;
  std::mt19937_64 rng(seed);
  for (int lead : examples.leads) {
    std::vector<V> params(lead, examples.lead_kind);
    params.insert(params.end(), kinds.begin(), kinds.end());
    if (examples.then_checked_double) params.insert(params.end(), {V::kI32, V::kF64});
    params.push_back(V::kPointer);
    std::vector<Arrival> arrivals(params.size(), Arrival::kNative);
    for (size_t i = lead; i < lead + kinds.size(); ++i) arrivals[i] = Values::kArrival;
    const size_t checked_double = lead + kinds.size();
    if (examples.then_checked_double) arrivals[checked_double] = Arrival::kCheckedF64;
    for (V result : {V::kVoid, V::kI8}) {
      for (bool options : {false, true}) {
        StubRequest request = Req(reinterpret_cast<const void*>(&zc_record), params, result, options);
        WireRejects(request, arrivals);
        auto stub = ExecStub::Create(request);
        if (!stub) return;
        const std::string label = DescribeChecked(params, arrivals, result, options);
        std::vector<uint64_t> raw(params.size());
        for (uint64_t& r : raw) r = rng();
        if (examples.then_checked_double) raw[checked_double] = DoubleBits(-2147483648.5);
        for (const auto& row : examples.rows) {
          for (size_t j = 0; j < kinds.size(); ++j) {
            raw[lead + j] = Values::Bits(row.in[j]);
            ZC_EXPECT_TRUE(Values::Accepts(kinds[j], row.in[j])) << label + ": reference accepts";
          }
          LaidOutCall call;
          LayOut(params, raw, options, call, arrivals);
          const uint64_t calls = zc_recorded.calls;
          reject_log.Clear();
          zc_invoke(&call.frame, stub->entry());
          ZC_EXPECT_EQ(zc_recorded.calls, calls + 1) << label + ": target called";
          ZC_EXPECT_EQ(call.frame.sp_delta, uint64_t{0}) << label + ": stack balanced";
          ZC_EXPECT_TRUE(reject_log.contexts.empty()) << label + ": no reject";
          for (size_t j = 0; j < kinds.size(); ++j) {
            const uint64_t got = ReadLoc(zc_recorded, call.c_locs[lead + j]) & 0xffffffff;
            ZC_EXPECT_EQ(got, uint64_t{row.want[j]})
                << label + ": " + StubValueName(kinds[j]) + " of " + std::to_string(row.in[j]);
          }
          for (int i = 0; i < lead; ++i) ZC_EXPECT_EQ(ReadLoc(zc_recorded, call.c_locs[i]), raw[i])
              << label + ": lead";
          if (examples.then_checked_double) {
            ZC_EXPECT_EQ(ReadLoc(zc_recorded, call.c_locs[checked_double]) & 0xffffffff, uint64_t{0x80000000})
                << label + ": checked double";
            ZC_EXPECT_EQ(ReadLoc(zc_recorded, call.c_locs[checked_double + 1]), raw[checked_double + 1])
                << label + ": f64";
          }
          ZC_EXPECT_EQ(ReadLoc(zc_recorded, call.c_locs.back()), raw.back()) << label + ": pointer";
        }
        for (size_t j = 0; j < kinds.size(); ++j) {
          for (T bad : Values::Rejected(kinds[j])) {
            ZC_EXPECT_TRUE(!Values::Accepts(kinds[j], bad)) << label + ": reference rejects";
            for (size_t i = 0; i < kinds.size(); ++i) raw[lead + i] = Values::Bits(Values::Good(kinds[i], rng));
            raw[lead + j] = Values::Bits(bad);
            if (examples.then_checked_double) {
              raw[checked_double] = rng() % 2 == 0 ? DoubleBits(1e300) : DoubleBits(-2.5);
            }
            LaidOutCall call;
            LayOut(params, raw, options, call, arrivals);
            const uint64_t calls = zc_recorded.calls;
            reject_log.Clear();
            zc_invoke(&call.frame, stub->entry());
            const std::string what = label + ": " + StubValueName(kinds[j]) + " rejects " + std::to_string(bad);
            CheckRecordedReject(call, calls, what);
            CheckRejectedOnce(RejectContext(lead + j), Values::HandlerBits(bad), what);
          }
        }
        if (!examples.then_checked_double) continue;
        // The checked kinds accepted, the checked double after them rejected.
        for (size_t i = 0; i < kinds.size(); ++i) raw[lead + i] = Values::Bits(Values::Good(kinds[i], rng));
        raw[checked_double] = DoubleBits(2147483648.0);
        LaidOutCall call;
        LayOut(params, raw, options, call, arrivals);
        reject_log.Clear();
        zc_invoke(&call.frame, stub->entry());
        CheckRejectedOnce(RejectContext(checked_double), DoubleBits(2147483648.0), label);
      }
    }
  }
}

TEST_P(CheckedRecordedExec, Examples) {
  const uint64_t seed = SeedsFor(GetParam()).examples;
  if (GetParam() == Arrival::kCheckedI64) {
    RunExamples(kInt64Examples, seed);
  } else {
    RunExamples(kDoubleExamples, seed);
  }
}

// ---- Grid, random signatures, rejects ----

// Signatures of `checked` checked integers, `gp` native GP params (pointers,
// i32, u16, i64) and `fp` doubles and floats, in three orders: checked first
// (the native GP params then move up to higher C registers or onto C's stack),
// checked last, and shuffled. Tail-called where possible, framed for a narrow
// result or when C needs more stack than V8 passed. The checked integers are
// doubles, or for kCheckedI64 two in three int64s (the others doubles).
TEST_P(CheckedRecordedExec, Grid) {
  const bool with_i64 = GetParam() == Arrival::kCheckedI64;
  std::mt19937_64 rng(SeedsFor(GetParam()).grid);
  const V natives[] = {V::kPointer, V::kI32, V::kU16, V::kI64};
  for (int checked = 1; checked <= 10; ++checked) {
    for (int gp = 0; gp <= 9; ++gp) {
      for (int fp = 0; fp <= 10; fp += (fp < 2 || fp >= 6) ? 1 : 2) {
        std::vector<std::pair<V, Arrival>> all;
        for (int i = 0; i < checked; ++i) {
          const Arrival arrival = with_i64 && i % 3 != 2 ? Arrival::kCheckedI64 : Arrival::kCheckedF64;
          all.push_back({kCheckableKinds[(i + gp) % 6], arrival});
        }
        for (int i = 0; i < gp; ++i) all.push_back({natives[(i + checked) % 4], Arrival::kNative});
        for (int i = 0; i < fp; ++i) all.push_back({i % 3 == 2 ? V::kF32 : V::kF64, Arrival::kNative});
        for (int order = 0; order < 3; ++order) {
          std::vector<std::pair<V, Arrival>> sig = all;
          if (order == 1) std::rotate(sig.begin(), sig.begin() + checked, sig.end());
          if (order == 2) std::shuffle(sig.begin(), sig.end(), rng);
          std::vector<V> params;
          std::vector<Arrival> arrivals;
          for (const auto& [kind, arrival] : sig) {
            params.push_back(kind);
            arrivals.push_back(arrival);
          }
          const bool options = (checked + gp + fp + order) % 2 == 0;
          const V result = order == 2 ? V::kI16 : (fp % 2 == 0 ? V::kI64 : V::kF64);
          CheckRecorded(rng, params, result, options, DescribeChecked(params, arrivals, result, options),
                        kNodeSmiShift, arrivals);
        }
      }
    }
  }
}

// Random signatures of 0..40 params over every kind; each integer kind that can
// be checked is, with probability 1/2 (for kCheckedI64 half of those arrive as
// int64s, the others as doubles); some need more C stack than V8 passed, hence
// a frame.
TEST_P(CheckedRecordedExec, Random) {
  const bool with_i64 = GetParam() == Arrival::kCheckedI64;
  std::mt19937_64 rng(SeedsFor(GetParam()).random);
  const V results[] = {V::kVoid, V::kBool, V::kI8, V::kU16, V::kI32, V::kU32, V::kI64, V::kPointer,
                       V::kF32, V::kF64};
  int framed_by_stack = 0;
  for (int iteration = 0; iteration < 1500; ++iteration) {
    std::vector<V> params;
    std::vector<Arrival> arrivals;
    RandomCheckedSignature(rng, params, arrivals, with_i64);
    const V result = results[rng() % std::size(results)];
    const bool options = rng() % 2 == 0;
    StubRequest request = Req(reinterpret_cast<const void*>(&zc_record), params, result, options);
    WireRejects(request, arrivals);
    std::optional<StubPlan> plan = PlanStub(request, kEmitShape, nullptr);
    if (plan && plan->c_stack_slots > plan->v8_stack_slots) ++framed_by_stack;
    CheckRecorded(rng, params, result, options, DescribeChecked(params, arrivals, result, options),
                  kNodeSmiShift, arrivals);
  }
  ZC_EXPECT_TRUE(framed_by_stack > 20) << "random signatures include C stacks larger than V8's";
}

// Random signatures with at least one checked param: param k (each checked one
// in turn) gets a rejected value, those before it accepted ones, those after
// it anything. The handler runs once with k's context and exact bits (an
// int64 converted to a double), its result reaches V8, the target is never
// called, the resolved params before k were resolved (in order) and none
// after, and the stack is balanced.
TEST_P(CheckedRecordedExec, Reject) {
  const bool with_i64 = GetParam() == Arrival::kCheckedI64;
  std::mt19937_64 rng(SeedsFor(GetParam()).reject);
  const V results[] = {V::kVoid, V::kU8, V::kI32, V::kI64, V::kF64, V::kBool};
  int signatures = 0;
  while (signatures < 300) {
    std::vector<V> params;
    std::vector<Arrival> arrivals;
    RandomCheckedSignature(rng, params, arrivals, with_i64);
    bool any = false;
    for (size_t i = 0; i < params.size(); ++i) any = any || IsChecked(arrivals, i);
    if (!any) continue;
    ++signatures;
    const V result = results[rng() % std::size(results)];
    const bool options = rng() % 2 == 0;
    StubRequest request = Req(reinterpret_cast<const void*>(&zc_record), params, result, options);
    WireRejects(request, arrivals);
    auto stub = ExecStub::Create(request);
    if (!stub) return;
    for (size_t k = 0; k < params.size(); ++k) {
      if (!IsChecked(arrivals, k)) continue;
      std::vector<uint64_t> raw(params.size());
      std::vector<uint64_t> slots(params.size());
      for (size_t i = 0; i < params.size(); ++i) {
        raw[i] = rng();
        if (params[i] == V::kResolvedPointer && raw[i] == kResolveFailValue) raw[i] ^= 1;
        if (params[i] == V::kResolvedInteger) {
          slots[i] = RandomTaggedWord(rng, kNodeSmiShift);
          raw[i] = reinterpret_cast<uintptr_t>(&slots[i]);
        }
        if (IsChecked(arrivals, i)) {
          const bool bad = i == k || (i > k && rng() % 2 == 0);
          raw[i] = bad ? BadChecked(params, arrivals, i, rng) : GoodChecked(params, arrivals, i, rng);
        }
      }
      LaidOutCall call;
      LayOut(params, raw, options, call, arrivals);
      const std::string label = DescribeChecked(params, arrivals, result, options) + " rejecting param " +
                                std::to_string(k);
      const uint64_t calls = zc_recorded.calls;
      reject_log.Clear();
      resolve_log.Clear();
      zc_clobber_misaligned = 0;
      zc_invoke(&call.frame, stub->entry());
      CheckRecordedReject(call, calls, label);
      CheckRejectedOnce(RejectContext(k), RejectedBits(arrivals, k, raw[k]), label);
      ZC_EXPECT_TRUE(resolve_log.values == ResolvedValues(params, raw, k)) << label + ": resolves before it only";
      ZC_EXPECT_EQ(zc_clobber_misaligned, uint64_t{0}) << label + ": sp aligned in the handler";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Exec, CheckedRecordedExec, kCheckedArrivals, CheckedArrivalName);

}  // namespace
}  // namespace zerocall::jit::test
