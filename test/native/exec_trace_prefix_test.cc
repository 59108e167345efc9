// exec_trace_prefix_test.cc: trace prefixes (ZEROCALL_TRACE_FAST=1,
// jit/trace_prefix.h), executed. Entered instead of a stub, a prefix stores its
// constant into the word, then jumps to the stub, which gets every register and
// stack argument untouched: a 12-int64 stub and a 12-param mixed stub (with the
// options argument), the prefix in a page of its own, with the absolute jump and
// (when the page lands in reach) the pc-relative one.

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "exec_requests.h"
#include "exec_support.h"
#include "jit/trace_prefix.h"

namespace zerocall::jit::test {
namespace {

#if defined(__x86_64__)
constexpr auto kEmitTracePrefix = EmitX64TracePrefix;
#else
constexpr auto kEmitTracePrefix = EmitAArch64TracePrefix;
#endif

class TracePrefixExec : public ExecTest {};

uint64_t trace_word = 0;

int64_t WeightedInts(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f, int64_t g, int64_t h,
                     int64_t i, int64_t j, int64_t k, int64_t l) {
  return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * i + 10 * j + 11 * k + 12 * l;
}
double WeightedMixed(int32_t a, double b, int64_t c, float d, uint32_t e, double f, const void* g, double h,
                     int32_t i, float j, uint64_t k, double l) {
  return a + 2 * b + 3.0 * static_cast<double>(c) + 4 * d + 5.0 * e + 6 * f +
         7.0 * static_cast<double>(reinterpret_cast<uintptr_t>(g)) + 8 * h + 9.0 * i + 10 * j +
         11.0 * static_cast<double>(k) + 12 * l;
}

// The prefix for `stub` in a page of its own, mapped RX (never RWX); unmapped by the caller.
void* MapTracePrefix(const ExecStub& stub, uint64_t value, bool near) {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  void* hint = near ? reinterpret_cast<void*>((reinterpret_cast<uintptr_t>(stub.entry()) + (64u << 20)) &
                                              ~(uintptr_t{page} - 1))
                    : nullptr;
  void* mem = mmap(hint, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) {
    ADD_FAILURE() << "mmap failed";
    return nullptr;
  }
  TracePrefixRequest request;
  request.word = reinterpret_cast<uint64_t>(&trace_word);
  request.value = value;
  request.stub = reinterpret_cast<uint64_t>(stub.entry());
  const std::vector<uint8_t> absolute = kEmitTracePrefix(request);
  request.code_address = near ? reinterpret_cast<uint64_t>(mem) : 0;
  const std::vector<uint8_t> code = kEmitTracePrefix(request);
  ZC_EXPECT_TRUE(code.size() <= absolute.size()) << "a known address never makes the prefix longer";
  std::memcpy(mem, code.data(), code.size());
  __builtin___clear_cache(static_cast<char*>(mem), static_cast<char*>(mem) + code.size());
  if (mprotect(mem, page, PROT_READ | PROT_EXEC) != 0) {
    ADD_FAILURE() << "mprotect RX failed";
    munmap(mem, page);
    return nullptr;
  }
  return mem;
}

TEST_F(TracePrefixExec, EntersTheStubWithItsArgumentsUntouched) {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  auto ints = ExecStub::Create(Req(reinterpret_cast<const void*>(&WeightedInts), std::vector<V>(12, V::kI64), V::kI64));
  const std::vector<V> mixed_params = {V::kI32, V::kF64, V::kI64, V::kF32, V::kU32, V::kF64,
                                       V::kPointer, V::kF64, V::kI32, V::kF32, V::kU64, V::kF64};
  auto mixed = ExecStub::Create(Req(reinterpret_cast<const void*>(&WeightedMixed), mixed_params, V::kF64, true));
  if (!ints || !mixed) return;
  using I = int64_t;
  const int64_t ints_expected = WeightedInts(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
  const auto* g = reinterpret_cast<const void*>(0x40);
  const double mixed_expected = WeightedMixed(-3, 0.5, 1LL << 40, 1.25f, 7u, -2.5, g, 8.0, 9, -0.75f, 11u, 0.125);
  for (bool near : {false, true}) {
    const std::string form = near ? " (near jump)" : " (absolute jump)";
    void* entry = MapTracePrefix(*ints, 0x1122334455667788u, near);
    if (entry != nullptr) {
      trace_word = 0;
      const int64_t got = reinterpret_cast<I (*)(void*, I, I, I, I, I, I, I, I, I, I, I, I)>(entry)(
          kReceiver, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
      ZC_EXPECT_EQ(got, ints_expected) << "twelve int64s through the prefix" + form;
      ZC_EXPECT_EQ(trace_word, uint64_t{0x1122334455667788u}) << "the prefix stored its value" + form;
      munmap(entry, page);
    }
    entry = MapTracePrefix(*mixed, 0x2a, near);
    if (entry != nullptr) {
      trace_word = 0;
      const double got =
          reinterpret_cast<double (*)(void*, int32_t, double, int64_t, float, uint32_t, double, const void*, double,
                                      int32_t, float, uint64_t, double, void*)>(entry)(
              kReceiver, -3, 0.5, 1LL << 40, 1.25f, 7u, -2.5, g, 8.0, 9, -0.75f, 11u, 0.125, kOptions);
      ZC_EXPECT_EQ(got, mixed_expected) << "twelve mixed params and options through the prefix" + form;
      ZC_EXPECT_EQ(trace_word, uint64_t{0x2a}) << "the prefix stored its value" + form;
      munmap(entry, page);
    }
  }
}

}  // namespace
}  // namespace zerocall::jit::test
