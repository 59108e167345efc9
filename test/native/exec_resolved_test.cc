// exec_resolved_test.cc: params the stub resolves before the call. kResolvedPointer
// values go to the real resolver routine (resolver_x64.S / resolver_aarch64.S) and
// TestResolve, which trashes every caller-saved register first; kResolvedInteger
// values are the address of a slot holding a tagged word: a Smi, which the stub
// untags inline, or an odd heap-object word, which is resolved. Typed calls record
// what C gets and count the calls; recorder calls run grids and random signatures;
// a failing resolve at each resolved param in turn returns 0 and skips C.

#include <random>
#include <string>
#include <vector>

#include "exec_recorder.h"
#include "exec_requests.h"
#include "exec_support.h"

namespace zerocall::jit::test {

namespace {

class ResolvedExec : public ExecTest {};

// Fifteen params, five of them resolved: 10 GP (x64: 5 in registers, 5 on V8's
// stack; a64: 7 and 3) and 5 FP in registers, which must survive every
// resolver call. ResolvedWide records what it gets and counts its calls.
struct WideRecord {
  uint64_t calls;
  const void* p[5];
  int32_t i[5];
  double d[3];
  float f[2];
};
WideRecord wide_record;

extern "C" void RecordWide(const void* p0, double d0, int32_t i0, const void* p1, float f0,
                           int32_t i1, int32_t i2, const void* p2, double d1, int32_t i3,
                           const void* p3, float f1, int32_t i4, const void* p4, double d2) {
  ++wide_record.calls;
  const void* p[5] = {p0, p1, p2, p3, p4};
  const int32_t i[5] = {i0, i1, i2, i3, i4};
  std::memcpy(wide_record.p, p, sizeof p);
  std::memcpy(wide_record.i, i, sizeof i);
  wide_record.d[0] = d0;
  wide_record.d[1] = d1;
  wide_record.d[2] = d2;
  wide_record.f[0] = f0;
  wide_record.f[1] = f1;
}
extern "C" uint64_t ResolvedWide(const void* p0, double d0, int32_t i0, const void* p1, float f0,
                                 int32_t i1, int32_t i2, const void* p2, double d1, int32_t i3,
                                 const void* p3, float f1, int32_t i4, const void* p4, double d2) {
  RecordWide(p0, d0, i0, p1, f0, i1, i2, p2, d1, i3, p3, f1, i4, p4, d2);
  return reinterpret_cast<uintptr_t>(p0) + reinterpret_cast<uintptr_t>(p4);
}
extern "C" uint8_t ResolvedWideU8(const void* p0, double d0, int32_t i0, const void* p1, float f0,
                                  int32_t i1, int32_t i2, const void* p2, double d1, int32_t i3,
                                  const void* p3, float f1, int32_t i4, const void* p4, double d2) {
  RecordWide(p0, d0, i0, p1, f0, i1, i2, p2, d1, i3, p3, f1, i4, p4, d2);
  return static_cast<uint8_t>(i4);
}

TEST_F(ResolvedExec, TypedResolved) {
  const V R = V::kResolvedPointer;
  const std::vector<V> params = {R,       V::kF64, V::kI32, R,       V::kF32, V::kI32, V::kI32, R,
                                 V::kF64, V::kI32, R,       V::kF32, V::kI32, R,       V::kF64};
  const size_t resolved_at[5] = {0, 3, 7, 10, 13};
  using U = uint64_t;
  using I = int32_t;
  for (bool framed : {false, true}) {
    for (bool options : {false, true}) {
      const void* target = framed ? reinterpret_cast<const void*>(&ResolvedWideU8)
                                  : reinterpret_cast<const void*>(&ResolvedWide);
      auto stub = ExecStub::Create(Req(target, params, framed ? V::kU8 : V::kU64, options));
      if (!stub) return;
      const std::string label = std::string(framed ? "framed" : "tail call") +
                                (options ? " +options" : "");
      ZC_EXPECT_EQ(stub->stub().tail_call, !framed) << label;
      U values[5] = {0x10000, 0x7f0000002000, 0x30000, 0x40000, 0x50000};
      auto call = [&] {
        resolve_log.Clear();
        zc_clobber_misaligned = 0;
        return stub->Call<U, U, double, I, U, float, I, I, U, double, I, U, float, I, U, double>(
            options, values[0], 0.5, -1, values[1], 1.25f, 2, -3, values[2], -2.75, 4, values[3],
            3.5f, 0x7f, values[4], 1e300);
      };
      const uint64_t calls_before = wide_record.calls;
      const U got = call();
      ZC_EXPECT_EQ(wide_record.calls, calls_before + 1) << label + ": target called once";
      for (size_t k = 0; k < 5; ++k) {
        ZC_EXPECT_EQ(reinterpret_cast<uintptr_t>(wide_record.p[k]), values[k] + ResolveOffset(resolved_at[k]))
            << label + ": resolved pointer";
        ZC_EXPECT_TRUE(k < resolve_log.values.size() && resolve_log.values[k] == values[k])
            << label + ": resolved in param order";
      }
      ZC_EXPECT_EQ(resolve_log.values.size(), size_t{5}) << label + ": one resolve per param";
      const I want_i[5] = {-1, 2, -3, 4, 0x7f};
      for (size_t k = 0; k < 5; ++k) ZC_EXPECT_EQ(wide_record.i[k], want_i[k]) << label + ": i32";
      ZC_EXPECT_EQ(wide_record.d[0], 0.5) << label + ": f64 0";
      ZC_EXPECT_EQ(wide_record.d[1], -2.75) << label + ": f64 1";
      ZC_EXPECT_EQ(wide_record.d[2], 1e300) << label + ": f64 2";
      ZC_EXPECT_EQ(wide_record.f[0], 1.25f) << label + ": f32 0";
      ZC_EXPECT_EQ(wide_record.f[1], 3.5f) << label + ": f32 1";
      ZC_EXPECT_EQ(zc_clobber_misaligned, uint64_t{0}) << label + ": resolve called with sp aligned";
      const U want = framed ? 0x7f : values[0] + ResolveOffset(0) + values[4] + ResolveOffset(13);
      ZC_EXPECT_EQ(got, want) << label + ": result";

      // The fourth resolve fails: 0 back, the fifth never resolved, C never called.
      values[3] = kResolveFailValue;
      const U failed = call();
      ZC_EXPECT_EQ(failed, U{0}) << label + ": failure returns 0";
      ZC_EXPECT_EQ(wide_record.calls, calls_before + 1) << label + ": failure skips the target";
      ZC_EXPECT_EQ(resolve_log.values.size(), size_t{4}) << label + ": stops at the failure";
    }
  }
}

// Eleven params: four resolved integers (x64: two in registers, two on V8's
// stack; a64: three and one), two resolved pointers and FP params between
// them. IntWide records what it gets and counts its calls.
struct IntRecord {
  uint64_t calls;
  int64_t n[4];
  const void* p[2];
  int32_t i[2];
  double d[2];
  float f;
};
IntRecord int_record;

extern "C" void RecordInts(int64_t n0, double d0, const void* p0, int64_t n1, float f, int32_t i0,
                           int32_t i1, int64_t n2, double d1, const void* p1, int64_t n3) {
  ++int_record.calls;
  const int64_t n[4] = {n0, n1, n2, n3};
  std::memcpy(int_record.n, n, sizeof n);
  int_record.p[0] = p0;
  int_record.p[1] = p1;
  int_record.i[0] = i0;
  int_record.i[1] = i1;
  int_record.d[0] = d0;
  int_record.d[1] = d1;
  int_record.f = f;
}
extern "C" int64_t IntWide(int64_t n0, double d0, const void* p0, int64_t n1, float f, int32_t i0,
                           int32_t i1, int64_t n2, double d1, const void* p1, int64_t n3) {
  RecordInts(n0, d0, p0, n1, f, i0, i1, n2, d1, p1, n3);
  return n0 + n3;
}
extern "C" int16_t IntWideI16(int64_t n0, double d0, const void* p0, int64_t n1, float f,
                              int32_t i0, int32_t i1, int64_t n2, double d1, const void* p1,
                              int64_t n3) {
  RecordInts(n0, d0, p0, n1, f, i0, i1, n2, d1, p1, n3);
  return static_cast<int16_t>(i1);
}

// Every Smi payload edge in every integer position, heap-object words between
// them: C gets the sign-extended payload and TestResolve sees only the heap
// words (and the pointers); a failing heap word returns 0 without calling C.
TEST_F(ResolvedExec, TypedResolvedInteger) {
  const V N = V::kResolvedInteger;
  const V P = V::kResolvedPointer;
  const std::vector<V> params = {N, V::kF64, P, N, V::kF32, V::kI32, V::kI32, N, V::kF64, P, N};
  const size_t int_at[4] = {0, 3, 7, 10};
  const size_t ptr_at[2] = {2, 9};
  using U = uint64_t;
  using I = int32_t;
  for (bool framed : {false, true}) {
    for (bool options : {false, true}) {
      const void* target = framed ? reinterpret_cast<const void*>(&IntWideI16)
                                  : reinterpret_cast<const void*>(&IntWide);
      auto stub = ExecStub::Create(Req(target, params, framed ? V::kI16 : V::kI64, options));
      if (!stub) return;
      const std::string mode = std::string(framed ? "framed" : "tail call") +
                               (options ? " +options" : "");
      ZC_EXPECT_EQ(stub->stub().tail_call, !framed) << mode;
      const U ptrs[2] = {0x7f0000010000, 0x20000};
      U slots[4];
      U values[4];
      for (size_t k = 0; k < 4; ++k) values[k] = reinterpret_cast<uintptr_t>(&slots[k]);
      auto call = [&] {
        resolve_log.Clear();
        zc_clobber_misaligned = 0;
        return stub->Call<U, U, double, U, U, float, I, I, U, double, U, U>(
            options, values[0], 0.5, ptrs[0], values[1], 1.25f, -7, 0x1234, values[2], -2.75,
            ptrs[1], values[3]);
      };
      // Row r: integer k holds payload kSmiPayloads[(r + k) % 5], except that
      // where bit k of heap_mask(r) is set it holds a heap-object word.
      for (unsigned r = 0; r < 10; ++r) {
        const unsigned heap_mask = r < 5 ? 0 : (r == 9 ? 0xf : 1u << (r - 5));
        const std::string label = mode + " row " + std::to_string(r);
        std::vector<uint64_t> want_resolves;
        int64_t want_n[4];
        for (size_t k = 0; k < 4; ++k) {
          if (heap_mask & (1u << k)) {
            slots[k] = 0x00005555aaaa0001 + 0x100 * k;
            want_n[k] = static_cast<int64_t>(values[k] + ResolveOffset(int_at[k]));
          } else {
            const int64_t payload = kSmiPayloads[(r + k) % 5];
            slots[k] = SmiWord(payload, kNodeSmiShift);
            want_n[k] = payload;
          }
        }
        // Resolves in param order: n0, p0, n1, n2, p1, n3 (Smis skipped).
        for (size_t param = 0; param < params.size(); ++param) {
          for (size_t k = 0; k < 4; ++k) {
            if (int_at[k] == param && (heap_mask & (1u << k))) want_resolves.push_back(values[k]);
          }
          for (size_t k = 0; k < 2; ++k) {
            if (ptr_at[k] == param) want_resolves.push_back(ptrs[k]);
          }
        }
        const uint64_t calls_before = int_record.calls;
        const U got = call();
        ZC_EXPECT_EQ(int_record.calls, calls_before + 1) << label + ": target called once";
        for (size_t k = 0; k < 4; ++k) ZC_EXPECT_EQ(int_record.n[k], want_n[k]) << label + ": integer";
        for (size_t k = 0; k < 2; ++k) {
          ZC_EXPECT_EQ(reinterpret_cast<uintptr_t>(int_record.p[k]), ptrs[k] + ResolveOffset(ptr_at[k]))
              << label + ": resolved pointer";
        }
        ZC_EXPECT_TRUE(resolve_log.values == want_resolves)
            << label + ": the resolver skipped for Smis, called in order for the rest";
        ZC_EXPECT_EQ(int_record.i[0], -7) << label + ": i32 0";
        ZC_EXPECT_EQ(int_record.i[1], 0x1234) << label + ": i32 1";
        ZC_EXPECT_EQ(int_record.d[0], 0.5) << label + ": f64 0";
        ZC_EXPECT_EQ(int_record.d[1], -2.75) << label + ": f64 1";
        ZC_EXPECT_EQ(int_record.f, 1.25f) << label + ": f32";
        ZC_EXPECT_EQ(zc_clobber_misaligned, uint64_t{0}) << label + ": resolve called with sp aligned";
        const U want = framed ? U{0x1234} : static_cast<U>(want_n[0] + want_n[3]);
        ZC_EXPECT_EQ(got, want) << label + ": result";
      }

      // The third integer (on V8's stack on both ABIs) is a heap word that
      // fails to resolve: 0 back, the fourth never read, C never called.
      slots[0] = SmiWord(5, kNodeSmiShift);
      slots[1] = SmiWord(6, kNodeSmiShift);
      values[2] = ResolveFailSlotAddress();
      slots[3] = 0x00005555aaaa0301;
      const uint64_t calls_before = int_record.calls;
      const U failed = call();
      ZC_EXPECT_EQ(failed, U{0}) << mode + ": failure returns 0";
      ZC_EXPECT_EQ(int_record.calls, calls_before) << mode + ": failure skips the target";
      ZC_EXPECT_TRUE(resolve_log.values == (std::vector<uint64_t>{ptrs[0], values[2]}))
          << mode + ": Smis skipped, resolves stop at the failure";
    }
  }
}

// kResolvedPointer among every count of GP params (so in registers and on the
// stack on both ABIs), with FP params between them, tail-called and framed,
// with and without options; then random signatures over every kind.
TEST_F(ResolvedExec, RecordedResolved) {
  std::mt19937_64 rng(0x5e501);
  const V R = V::kResolvedPointer;
  for (int gp = 1; gp <= 12; ++gp) {
    for (int pattern = 0; pattern < 3; ++pattern) {
      std::vector<V> params;
      for (int g = 0; g < gp; ++g) {
        const bool resolved = pattern == 0 ? true : pattern == 1 ? g % 2 == 0 : g >= gp / 2;
        params.push_back(resolved ? R : (g % 2 == 0 ? V::kI64 : V::kU16));
        if (g % 3 == 1) params.push_back(V::kF64);
        if (g % 4 == 2) params.push_back(V::kF32);
      }
      for (V result : {V::kVoid, V::kI64, V::kF64, V::kU8, V::kBool}) {
        for (bool options : {false, true}) {
          CheckRecorded(rng, params, result, options, Describe(params, result, options));
        }
      }
    }
  }
  // kResolvedPointer twice as likely as the other kinds.
  CheckRandomSignatures(rng,
                        {R, R, V::kBool, V::kI8, V::kU16, V::kI32, V::kU64, V::kPointer, V::kI64,
                         V::kF32, V::kF64},
                        {V::kVoid, V::kBool, V::kI8, V::kU16, V::kI32, V::kU64, V::kPointer,
                         V::kF32, V::kF64},
                        600);
}

// A failing resolve, at each resolved param in turn (registers and stack on
// both ABIs): the stub returns 0 with the stack balanced, the later params are
// never resolved and the target is never called. A failing kResolvedInteger
// points at resolve_fail_slot (a heap-object word); the other integers hold
// random tagged words, so Smis before the failure skip the resolver.
TEST_F(ResolvedExec, RecordedResolveFailure) {
  std::mt19937_64 rng(0xfa11);
  const V R = V::kResolvedPointer;
  const V N = V::kResolvedInteger;
  const std::vector<V> signatures[] = {
      {R, V::kF64, V::kI32, R, V::kF32, V::kI64, R, V::kI32, V::kF64, V::kI32, R, V::kI32, R,
       V::kF32},
      {N, V::kF64, R, V::kI32, N, V::kF32, V::kI64, N, R, V::kF64, V::kI32, N, V::kI32, N, V::kF32},
  };
  for (const std::vector<V>& params : signatures) {
    for (V result : {V::kVoid, V::kI64, V::kU8, V::kBool, V::kF64}) {
      for (bool options : {false, true}) {
        auto stub = ExecStub::Create(Req(reinterpret_cast<const void*>(&zc_record), params, result, options));
        if (!stub) return;
        for (size_t k = 0; k < params.size(); ++k) {
          if (!IsResolvedKind(params[k])) continue;
          std::vector<uint64_t> raw(params.size());
          std::vector<uint64_t> slots(params.size());
          for (size_t i = 0; i < params.size(); ++i) {
            raw[i] = rng() | 1;  // never kResolveFailValue (odd)
            if (params[i] == N) {
              slots[i] = RandomTaggedWord(rng, kNodeSmiShift);
              raw[i] = reinterpret_cast<uintptr_t>(&slots[i]);
            }
          }
          raw[k] = params[k] == N ? ResolveFailSlotAddress() : kResolveFailValue;
          LaidOutCall call;
          LayOut(params, raw, options, call);
          const std::string label = Describe(params, result, options) + " failing at param " +
                                    std::to_string(k);
          const uint64_t calls_before = zc_recorded.calls;
          resolve_log.Clear();
          call.frame.ret_gp = 0x1234;
          zc_invoke(&call.frame, stub->entry());
          ZC_EXPECT_EQ(call.frame.ret_gp, uint64_t{0}) << label + ": returns 0";
          ZC_EXPECT_EQ(call.frame.sp_delta, uint64_t{0}) << label + ": stack balanced";
          ZC_EXPECT_EQ(zc_recorded.calls, calls_before) << label + ": target not called";
          ZC_EXPECT_TRUE(resolve_log.values == ResolvedValues(params, raw, k + 1))
              << label + ": resolves stop at the failure";
        }
      }
    }
  }
}

// kResolvedInteger among every count of GP params (registers and stack on both
// ABIs), mixed with kResolvedPointer, plain integers and FP params, tail-called
// and framed, with and without options; random signatures; and Smi shifts
// other than Node's 32 (1 as with pointer compression, 31, 63).
TEST_F(ResolvedExec, RecordedResolvedInteger) {
  std::mt19937_64 rng(0x5a117);
  const V N = V::kResolvedInteger;
  const V R = V::kResolvedPointer;
  for (int gp = 1; gp <= 12; ++gp) {
    for (int pattern = 0; pattern < 3; ++pattern) {
      std::vector<V> params;
      for (int g = 0; g < gp; ++g) {
        V kind = g % 2 == 0 ? V::kI64 : V::kU16;
        if (pattern == 0) kind = N;
        if (pattern == 1) kind = g % 3 == 0 ? N : g % 3 == 1 ? R : V::kI32;
        if (pattern == 2 && g >= gp / 2) kind = g % 2 == 0 ? N : R;
        params.push_back(kind);
        if (g % 3 == 1) params.push_back(V::kF64);
        if (g % 4 == 2) params.push_back(V::kF32);
      }
      for (V result : {V::kVoid, V::kI64, V::kF64, V::kI16, V::kBool}) {
        for (bool options : {false, true}) {
          // Several draws: each integer is a Smi or a heap word at random.
          for (int draw = 0; draw < 3; ++draw) {
            CheckRecorded(rng, params, result, options, Describe(params, result, options));
          }
        }
      }
    }
  }
  CheckRandomSignatures(rng,
                        {N, N, R, V::kBool, V::kI8, V::kU16, V::kI32, V::kU64, V::kI64, V::kF32,
                         V::kF64},
                        {V::kVoid, V::kBool, V::kU8, V::kI16, V::kI32, V::kI64, V::kF32, V::kF64},
                        600);
  for (uint8_t shift : {1, 31, 63}) {
    for (int iteration = 0; iteration < 40; ++iteration) {
      std::vector<V> params(1 + rng() % 14);
      for (V& p : params) p = rng() % 3 == 0 ? V::kF64 : rng() % 2 == 0 ? N : V::kI64;
      const V result = iteration % 2 == 0 ? V::kI64 : V::kU8;
      const bool options = iteration % 4 < 2;
      CheckRecorded(rng, params, result, options,
                    Describe(params, result, options) + " smi_shift=" + std::to_string(shift), shift);
    }
  }
}

}  // namespace
}  // namespace zerocall::jit::test
