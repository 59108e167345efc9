// exec_suite.cc: runs emitted stubs on the host ISA. Typed cases call real C
// functions through a pointer typed as V8 calls it, R (*)(void* receiver,
// args..., [void* options]); recorder cases call through zc_invoke with exact
// register and stack contents and check, via zc_record, the raw bits the C
// side receives (extension of narrow params, slot positions, alignment).
// kResolvedPointer and kResolvedInteger cases run the real resolver routine for
// the host ISA (src/jit/resolver_*.S) with TestResolve, which trashes every
// caller-saved register before it returns. A kResolvedInteger value is the
// address of a slot holding a tagged word: a Smi (the stub untags it, no
// resolve) or an odd heap-object word (TestResolve's answer is used).

#include "exec_suite.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "harness.h"
#include "jit/fast_stub.h"
#include "jit/resolver.h"
#include "jit/stub_plan.h"

namespace zerocall::jit::test {
namespace {

#if defined(__x86_64__)
constexpr auto kEmit = EmitX64SysVStub;
constexpr const abi::Abi& kEmitShape = abi::kX64SysV;
constexpr const char* kAbiName = "x86-64 SysV";
#elif defined(__aarch64__)
constexpr auto kEmit = EmitAArch64Stub;
constexpr const abi::Abi& kEmitShape = abi::kAapcs64;
constexpr const char* kAbiName = "AArch64";
#else
#error "exec_suite runs stubs natively: x86-64 or AArch64 hosts only"
#endif

using V = StubValue;

void* const kReceiver = reinterpret_cast<void*>(uintptr_t{0x7ece1e7e7});
void* const kOptions = reinterpret_cast<void*>(uintptr_t{0x0b7100b71});

// An emitted stub in its own page: mapped RW, written, then made RX (never RWX).
class ExecStub {
 public:
  // place_near: map close to this address so pc-relative branches are usable.
  static std::optional<ExecStub> Create(StubRequest request, Checker& checker,
                                        const void* place_near = nullptr) {
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    void* hint = nullptr;
    if (place_near != nullptr) {
      hint = reinterpret_cast<void*>((reinterpret_cast<uintptr_t>(place_near) + (64u << 20)) &
                                     ~(uintptr_t{page} - 1));
    }
    void* mem = mmap(hint, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) {
      checker.Fail(__FILE__, __LINE__, "mmap failed");
      return std::nullopt;
    }
    if (place_near != nullptr) request.code_address = reinterpret_cast<uintptr_t>(mem);
    std::string why;
    std::optional<EmittedStub> stub = kEmit(request, &why);
    if (!stub || stub->code.size() > page) {
      checker.Fail(__FILE__, __LINE__, "stub refused: " + why);
      munmap(mem, page);
      return std::nullopt;
    }
    std::memcpy(mem, stub->code.data(), stub->code.size());
    __builtin___clear_cache(static_cast<char*>(mem), static_cast<char*>(mem) + stub->code.size());
    if (mprotect(mem, page, PROT_READ | PROT_EXEC) != 0) {
      checker.Fail(__FILE__, __LINE__, "mprotect RX failed");
      munmap(mem, page);
      return std::nullopt;
    }
    return ExecStub(mem, page, std::move(*stub));
  }

  ExecStub(ExecStub&& other) noexcept
      : mem_(std::exchange(other.mem_, nullptr)), size_(other.size_), stub_(std::move(other.stub_)) {}
  ExecStub& operator=(ExecStub&&) = delete;
  ~ExecStub() {
    if (mem_ != nullptr) munmap(mem_, size_);
  }

  const void* entry() const { return mem_; }
  const EmittedStub& stub() const { return stub_; }

  // Calls the stub as V8 would: receiver first, options pointer last if asked.
  template <typename R, typename... A>
  R Call(bool options, A... args) const {
    if (options) {
      return reinterpret_cast<R (*)(void*, A..., void*)>(mem_)(kReceiver, args..., kOptions);
    }
    return reinterpret_cast<R (*)(void*, A...)>(mem_)(kReceiver, args...);
  }
  // Calls the stub as V8 would with a real options block.
  template <typename R, typename... A>
  R CallWithOptions(void* options, A... args) const {
    return reinterpret_cast<R (*)(void*, A..., void*)>(mem_)(kReceiver, args..., options);
  }

 private:
  ExecStub(void* mem, size_t size, EmittedStub stub) : mem_(mem), size_(size), stub_(std::move(stub)) {}
  void* mem_;
  size_t size_;
  EmittedStub stub_;
};

// ---- The test resolver (kResolvedPointer, kResolvedInteger) ----

// Resolving gives value + ResolveOffset(param index): each param has its own
// context, so a mixed-up context word shows. kResolveFailValue fails, and so
// does the address of resolve_fail_slot (kResolvedInteger values are slot
// addresses the stub reads), with only bit 40 of `failed` set (a 32-bit test
// of it would miss the failure).
constexpr uint64_t kResolveFailValue = 0xDEAD;
constexpr uint64_t kResolveFailed = uint64_t{1} << 40;
uint64_t ResolveOffset(size_t param) { return 1000 * (param + 1); }
uint64_t resolve_fail_slot = 0x0000123400005679;  // a heap-object word (odd)
uint64_t ResolveFailSlotAddress() { return reinterpret_cast<uintptr_t>(&resolve_fail_slot); }

struct TestResolveContext {
  ResolveContext base;  // first: the routine reads `resolve` at offset 0
  uint64_t offset;
};

// What TestResolve saw, in call order.
struct ResolveLog {
  std::vector<uint64_t> values;
  std::vector<const ResolveContext*> contexts;
  void Clear() {
    values.clear();
    contexts.clear();
  }
};
ResolveLog resolve_log;

extern "C" ResolveResult TestResolve(uint64_t value, const ResolveContext* base) {
  resolve_log.values.push_back(value);
  resolve_log.contexts.push_back(base);
  zc_clobber_volatile();  // the routine must restore the stub's argument registers
  if (value == kResolveFailValue || value == ResolveFailSlotAddress()) return {0xBAD, kResolveFailed};
  return {value + reinterpret_cast<const TestResolveContext*>(base)->offset, 0};
}

// Context i belongs to param i.
const TestResolveContext* ResolveContextFor(size_t param) {
  static const auto contexts = [] {
    std::array<TestResolveContext, kMaxStubParams> all{};
    for (size_t i = 0; i < all.size(); ++i) all[i] = {{&TestResolve}, ResolveOffset(i)};
    return all;
  }();
  return &contexts[param];
}

// Smis as Node's V8 tags them (no pointer compression): payload << 32.
constexpr uint8_t kNodeSmiShift = 32;

// Wires the host resolver and a context per resolved param, and Node's Smi shift.
StubRequest Req(const void* target, std::vector<V> params, V result, bool options = false) {
  StubRequest r;
  r.target = reinterpret_cast<uintptr_t>(target);
  r.params.assign(params.begin(), params.end());
  r.result = result;
  r.options_arg = options;
  r.smi_shift = kNodeSmiShift;
  for (size_t i = 0; i < r.params.size(); ++i) {
    if (r.params[i].value != V::kResolvedPointer && r.params[i].value != V::kResolvedInteger) continue;
    r.resolver = HostResolver();
    r.params[i].resolver_context = reinterpret_cast<uintptr_t>(ResolveContextFor(i));
  }
  return r;
}

// ---- Tagged words (kResolvedInteger) ----

uint64_t SmiWord(int64_t payload, unsigned shift) { return static_cast<uint64_t>(payload) << shift; }
bool IsSmiWord(uint64_t word) { return (word & 1) == 0; }
int64_t SmiPayload(uint64_t word, unsigned shift) { return static_cast<int64_t>(word) >> shift; }

// The payloads at the edges of a 32-bit Smi, and one in between.
constexpr int64_t kSmiPayloads[] = {0, -1, INT32_MIN, INT32_MAX, 12345};

// A random tagged word: a third heap-object words (odd), the rest Smis whose
// payload fills the 64 - shift bits a Smi has, edges included.
uint64_t RandomTaggedWord(std::mt19937_64& rng, unsigned shift) {
  const uint64_t pick = rng() % 6;
  if (pick < 2) return rng() | 1;
  if (pick == 2 && shift == kNodeSmiShift) return SmiWord(kSmiPayloads[rng() % 5], shift);
  const int64_t payload = static_cast<int64_t>(rng()) >> shift;  // sign-extended, 64 - shift bits
  if (pick == 3) return SmiWord(payload < 0 ? INT64_MIN >> shift : INT64_MAX >> shift, shift);
  return SmiWord(payload, shift);
}

// ---- Checked doubles (Arrival::kCheckedF64) ----

// The reject handler records what it gets, trashes the caller-saved registers
// (zc_clobber_volatile also checks sp alignment at its call, which shows a
// misaligned tail call) and returns kRejectReturn, which must reach V8 as the
// stub's result: the stub tail-calls the handler.
constexpr uint64_t kRejectReturn = 0x4e4a3c7ed;
struct RejectLog {
  std::vector<uint64_t> contexts;
  std::vector<uint64_t> values;  // the double's bits
  void Clear() {
    contexts.clear();
    values.clear();
  }
};
RejectLog reject_log;

uint64_t DoubleBits(double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return bits;
}
double BitsToDouble(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

// One reject, for `context`, with the double whose bits are `value_bits`.
void CheckRejectedOnce(Checker& c, uint64_t context, uint64_t value_bits, const std::string& what) {
  ZC_CHECK(c, reject_log.contexts == std::vector<uint64_t>{context}, what + ": context");
  ZC_CHECK(c, reject_log.values == std::vector<uint64_t>{value_bits}, what + ": exact double");
}

extern "C" uint64_t TestReject(uint64_t context, double value) {
  reject_log.contexts.push_back(context);
  reject_log.values.push_back(DoubleBits(value));
  zc_clobber_volatile();
  return kRejectReturn;
}

// Param i's reject context: distinct per param, with bits in both halves.
uint64_t RejectContext(size_t param) { return 0x00c0ffee00000000 + 0x10001 * (param + 1); }

// Param i arrives as a checked double (FP-class at V8's side).
bool IsCheckedF64(const std::vector<Arrival>& arrivals, size_t i) {
  return i < arrivals.size() && arrivals[i] == Arrival::kCheckedF64;
}
// Param i arrives as a checked int64 (GP-class, where the native kind would).
bool IsCheckedI64(const std::vector<Arrival>& arrivals, size_t i) {
  return i < arrivals.size() && arrivals[i] == Arrival::kCheckedI64;
}
// Either: range-checked at entry, with a reject tail.
bool IsChecked(const std::vector<Arrival>& arrivals, size_t i) {
  return IsCheckedF64(arrivals, i) || IsCheckedI64(arrivals, i);
}

// Sets arrivals, the test reject handler and a context per param.
void WireRejects(StubRequest& request, const std::vector<Arrival>& arrivals) {
  if (arrivals.empty()) return;
  for (size_t i = 0; i < arrivals.size(); ++i) request.params[i].arrival = arrivals[i];
  request.reject_handler = reinterpret_cast<uintptr_t>(&TestReject);
  for (size_t i = 0; i < request.params.size(); ++i) request.params[i].reject_context = RejectContext(i);
}

bool SignedCheck(V v) { return v == V::kI8 || v == V::kI16 || v == V::kI32; }

// The contract, independently of the stub: NaN and infinities never fit;
// otherwise truncate toward zero and require int32 (i8/i16/i32) or uint32.
bool RefAccepts(V kind, double d) {
  if (std::isnan(d) || std::isinf(d)) return false;
  const double t = std::trunc(d);
  return SignedCheck(kind) ? t >= -2147483648.0 && t <= 2147483647.0 : t >= 0.0 && t <= 4294967295.0;
}
// The truncated value's bits, for an accepted double.
uint64_t TruncatedBits(double d) { return static_cast<uint64_t>(static_cast<int64_t>(std::trunc(d))); }

// Doubles every checked kind accepts or rejects by its range (int32 / uint32).
const std::vector<double>& AcceptedDoubles(V kind) {
  static const std::vector<double> both = {
      0.0, -0.0, 1.9, -0.5, 0.5, 255.0, 256.0, 127.5, 65535.0, 65536.0, 32768.25, 4e-300, -4e-300,
      1e9, 2147483647.0, 2147483647.99};
  static const std::vector<double> signed_only = [] {
    std::vector<double> v = both;
    for (double d : {-1.9, -1.0, -129.0, -32769.0, -2147483648.0, -2147483648.99, -1e9}) v.push_back(d);
    return v;
  }();
  static const std::vector<double> unsigned_only = [] {
    std::vector<double> v = both;
    for (double d : {-0.99, 2147483648.0, 3e9, 4294967295.0, 4294967295.75}) v.push_back(d);
    return v;
  }();
  return SignedCheck(kind) ? signed_only : unsigned_only;
}
const std::vector<double>& RejectedDoubles(V kind) {
  static const std::vector<double> both = {
      std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::quiet_NaN(),
      BitsToDouble(0x7ff0000000000001),  // signalling NaN
      BitsToDouble(0xfff8dead0000beef),  // NaN with a payload
      std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), 1e300,
      -1e300, 9.3e18, -9.3e18, 9223372036854775808.0, -9223372036854775808.0, 1.8446744073709552e19,
      4294967296.0, 4294967296.5, 1e10, -1e10, std::numeric_limits<double>::max()};
  static const std::vector<double> signed_only = [] {
    std::vector<double> v = both;
    for (double d : {2147483648.0, 2147483648.5, -2147483649.0, 4294967295.0, 3e9}) v.push_back(d);
    return v;
  }();
  static const std::vector<double> unsigned_only = [] {
    std::vector<double> v = both;
    for (double d : {-1.0, -1.5, -2.0, -2147483648.0, -2147483649.0, -1e9}) v.push_back(d);
    return v;
  }();
  return SignedCheck(kind) ? signed_only : unsigned_only;
}

// An accepted double: a listed edge a third of the time, otherwise a random
// in-range integer, half of them with a fraction.
double GoodDouble(V kind, std::mt19937_64& rng) {
  const std::vector<double>& listed = AcceptedDoubles(kind);
  if (rng() % 3 == 0) return listed[rng() % listed.size()];
  const double whole = SignedCheck(kind) ? static_cast<double>(static_cast<int32_t>(rng()))
                                         : static_cast<double>(static_cast<uint32_t>(rng()));
  if (rng() % 2 == 0) return whole;
  const double fraction = static_cast<double>(rng() % 1000) / 1000.0;
  return whole < 0 || (whole == 0 && rng() % 2 == 0) ? whole - fraction : whole + fraction;
}
double BadDouble(V kind, std::mt19937_64& rng) {
  const std::vector<double>& listed = RejectedDoubles(kind);
  return listed[rng() % listed.size()];
}

const V kCheckableKinds[] = {V::kI32, V::kU32, V::kI8, V::kU8, V::kI16, V::kU16};

// ---- Checked int64s (Arrival::kCheckedI64) ----

// The contract, independently of the stub: int32 (i8/i16/i32) or uint32.
bool RefAcceptsI64(V kind, int64_t v) {
  return SignedCheck(kind) ? v >= INT32_MIN && v <= INT32_MAX : v >= 0 && v <= int64_t{UINT32_MAX};
}
// The double the reject handler must get for a rejected int64 (round to nearest).
uint64_t RejectedI64Bits(uint64_t raw) { return DoubleBits(static_cast<double>(static_cast<int64_t>(raw))); }

constexpr int64_t kTwo31 = int64_t{1} << 31;
constexpr int64_t kTwo32 = int64_t{1} << 32;

// Int64s every checked kind accepts or rejects by its range (int32 / uint32).
const std::vector<int64_t>& AcceptedInt64s(V kind) {
  static const std::vector<int64_t> both = {0, 1, 127, 128, 255, 256, 32767, 32768, 65535, 65536, INT32_MAX};
  static const std::vector<int64_t> signed_only = [] {
    std::vector<int64_t> v = both;
    for (int64_t d : {int64_t{-1}, int64_t{-128}, int64_t{-129}, int64_t{-32769}, int64_t{INT32_MIN}}) v.push_back(d);
    return v;
  }();
  static const std::vector<int64_t> unsigned_only = [] {
    std::vector<int64_t> v = both;
    for (int64_t d : {kTwo31, kTwo31 + 1, int64_t{3000000000}, kTwo32 - 1}) v.push_back(d);
    return v;
  }();
  return SignedCheck(kind) ? signed_only : unsigned_only;
}
// Among them values whose low 32 bits alone would pass (2^32 + 5, -2^32), so
// only a check of the whole word rejects them.
const std::vector<int64_t>& RejectedInt64s(V kind) {
  static const std::vector<int64_t> both = {
      INT64_MIN, INT64_MAX, kTwo32, kTwo32 + 5, -kTwo32, -kTwo32 + 7, INT64_MIN + 1, INT64_MAX - 1,
      kTwo32 + INT32_MAX, int64_t{0x0123456789abcdef}, -int64_t{0x0123456789abcdef},
      int64_t{1} << 53, (int64_t{1} << 53) + 1, -kTwo31 - 1};
  static const std::vector<int64_t> signed_only = [] {
    std::vector<int64_t> v = both;
    for (int64_t d : {kTwo31, kTwo31 + 1, kTwo32 - 1, int64_t{3000000000}}) v.push_back(d);
    return v;
  }();
  static const std::vector<int64_t> unsigned_only = [] {
    std::vector<int64_t> v = both;
    for (int64_t d : {int64_t{-1}, int64_t{-2}, int64_t{INT32_MIN}, -kTwo32 + 1, int64_t{-255}}) v.push_back(d);
    return v;
  }();
  return SignedCheck(kind) ? signed_only : unsigned_only;
}

// An accepted int64: a listed edge a third of the time, otherwise a random
// int32 (sign-extended) or uint32 (zero-extended).
int64_t GoodInt64(V kind, std::mt19937_64& rng) {
  const std::vector<int64_t>& listed = AcceptedInt64s(kind);
  if (rng() % 3 == 0) return listed[rng() % listed.size()];
  return SignedCheck(kind) ? int64_t{static_cast<int32_t>(rng())} : int64_t{static_cast<uint32_t>(rng())};
}
// A rejected int64: a listed one half the time, otherwise a random word
// outside the range.
int64_t BadInt64(V kind, std::mt19937_64& rng) {
  const std::vector<int64_t>& listed = RejectedInt64s(kind);
  if (rng() % 2 == 0) return listed[rng() % listed.size()];
  for (;;) {
    const int64_t v = static_cast<int64_t>(rng()) >> (rng() % 33);  // bias toward smaller magnitudes
    if (!RefAcceptsI64(kind, v)) return v;
  }
}

// A good or bad value for checked param i, as V8 passes it (double or int64 bits).
uint64_t GoodChecked(const std::vector<V>& params, const std::vector<Arrival>& arrivals, size_t i,
                     std::mt19937_64& rng) {
  if (IsCheckedI64(arrivals, i)) return static_cast<uint64_t>(GoodInt64(params[i], rng));
  return DoubleBits(GoodDouble(params[i], rng));
}
uint64_t BadChecked(const std::vector<V>& params, const std::vector<Arrival>& arrivals, size_t i,
                    std::mt19937_64& rng) {
  if (IsCheckedI64(arrivals, i)) return static_cast<uint64_t>(BadInt64(params[i], rng));
  return DoubleBits(BadDouble(params[i], rng));
}
// The double bits the reject handler must get for a rejected value.
uint64_t RejectedBits(const std::vector<Arrival>& arrivals, size_t i, uint64_t raw) {
  return IsCheckedI64(arrivals, i) ? RejectedI64Bits(raw) : raw;
}

std::string DescribeChecked(const std::vector<V>& params, const std::vector<Arrival>& arrivals,
                            V result, bool options) {
  std::string s = StubValueName(result);
  s += '(';
  for (size_t i = 0; i < params.size(); ++i) {
    if (i != 0) s += ',';
    s += StubValueName(params[i]);
    if (IsCheckedF64(arrivals, i)) s += "~d";
    if (IsCheckedI64(arrivals, i)) s += "~i64";
  }
  s += options ? ",+opt)" : ")";
  return s;
}

// ---- Typed C targets (compiled by the host compiler) ----

int nop_calls = 0;
extern "C" void Nop() { ++nop_calls; }
extern "C" int32_t AddI32(int32_t a, int32_t b) { return a + b; }
extern "C" double AddF64(double a, double b) { return a + b; }
extern "C" float MulF32(float a, int32_t b, float c) { return a * static_cast<float>(b) * c; }
extern "C" int32_t Sum7I32(int32_t a, int32_t b, int32_t c, int32_t d, int32_t e, int32_t f,
                           int32_t g) {
  return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g;
}
extern "C" int64_t Sum12I64(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f,
                            int64_t g, int64_t h, int64_t i, int64_t j, int64_t k, int64_t l) {
  return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * i + 10 * j + 11 * k +
         12 * l;
}
extern "C" double Sum10F64(double a, double b, double c, double d, double e, double f, double g,
                           double h, double i, double j) {
  return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * i + 10 * j;
}
// Twelve interleaved kinds, each weighted by its position.
extern "C" double Mixed12(int32_t a, double b, int64_t c, float d, uint32_t e, double f,
                          const void* g, double h, int32_t i, float j, uint64_t k, double l) {
  return a + 2 * b + 3.0 * static_cast<double>(c) + 4 * d + 5.0 * e + 6 * f +
         7.0 * static_cast<double>(reinterpret_cast<uintptr_t>(g)) + 8 * h + 9.0 * i + 10 * j +
         11.0 * static_cast<double>(k) + 12 * l;
}
extern "C" const void* PtrOffset(const void* p, uint64_t n) {
  return static_cast<const char*>(p) + n;
}

// ---- Typed cases ----

void TypedNop(Checker& c) {
  for (bool options : {false, true}) {
    auto stub = ExecStub::Create(Req(reinterpret_cast<const void*>(&Nop), {}, V::kVoid, options), c);
    if (!stub) return;
    const int before = nop_calls;
    stub->Call<void>(options);
    ZC_CHECK_EQ(c, nop_calls, before + 1, "nop called once");
  }
}

void TypedAddI32(Checker& c) {
  for (bool options : {false, true}) {
    auto stub = ExecStub::Create(
        Req(reinterpret_cast<const void*>(&AddI32), {V::kI32, V::kI32}, V::kI32, options), c);
    if (!stub) return;
    ZC_CHECK_EQ(c, (stub->Call<int32_t, int32_t, int32_t>(options, 2, 40)), 42, "2 + 40");
    ZC_CHECK_EQ(c, (stub->Call<int32_t, int32_t, int32_t>(options, -7, 3)), -4, "-7 + 3");
    ZC_CHECK(c, stub->stub().tail_call, "add_i32 is a tail call");
  }
}

void TypedFloats(Checker& c) {
  auto add = ExecStub::Create(
      Req(reinterpret_cast<const void*>(&AddF64), {V::kF64, V::kF64}, V::kF64), c);
  auto mul = ExecStub::Create(
      Req(reinterpret_cast<const void*>(&MulF32), {V::kF32, V::kI32, V::kF32}, V::kF32, true), c);
  if (!add || !mul) return;
  ZC_CHECK_EQ(c, (add->Call<double, double, double>(false, 1.5, 2.25)), 3.75, "f64 add");
  ZC_CHECK_EQ(c, (mul->Call<float, float, int32_t, float>(true, 1.5f, 4, -0.5f)), -3.0f, "f32 mul");
}

void TypedSum7I32(Checker& c) {
  for (bool options : {false, true}) {
    auto stub = ExecStub::Create(Req(reinterpret_cast<const void*>(&Sum7I32),
                                     std::vector<V>(7, V::kI32), V::kI32, options),
                                 c);
    if (!stub) return;
    const int32_t got = stub->Call<int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t,
                                   int32_t>(options, 1, 10, 100, 1000, 10000, 100000, 1000000);
    ZC_CHECK_EQ(c, got, 1 + 20 + 300 + 4000 + 50000 + 600000 + 7000000, "weighted sum of 7");
  }
}

void TypedSum12I64(Checker& c) {
  for (bool options : {false, true}) {
    auto stub = ExecStub::Create(Req(reinterpret_cast<const void*>(&Sum12I64),
                                     std::vector<V>(12, V::kI64), V::kI64, options),
                                 c);
    if (!stub) return;
    using I = int64_t;
    const int64_t got = stub->Call<I, I, I, I, I, I, I, I, I, I, I, I, I>(
        options, I{1} << 40, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -12);
    ZC_CHECK_EQ(c, got,
                (I{1} << 40) + 4 + 9 + 16 + 25 + 36 + 49 + 64 + 81 + 100 + 121 - 144,
                "weighted sum of 12 i64 (6 on the stack)");
  }
}

void TypedSum10F64(Checker& c) {
  for (bool options : {false, true}) {
    auto stub = ExecStub::Create(Req(reinterpret_cast<const void*>(&Sum10F64),
                                     std::vector<V>(10, V::kF64), V::kF64, options),
                                 c);
    if (!stub) return;
    using D = double;
    const double got =
        stub->Call<D, D, D, D, D, D, D, D, D, D, D>(options, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0.5);
    ZC_CHECK_EQ(c, got, 1.0 + 4 + 9 + 16 + 25 + 36 + 49 + 64 + 81 + 5, "weighted sum of 10 f64");
  }
}

void TypedMixed12(Checker& c) {
  const std::vector<V> params = {V::kI32, V::kF64, V::kI64, V::kF32,     V::kU32, V::kF64,
                                 V::kPointer, V::kF64, V::kI32, V::kF32, V::kU64, V::kF64};
  for (bool options : {false, true}) {
    auto stub = ExecStub::Create(Req(reinterpret_cast<const void*>(&Mixed12), params, V::kF64, options), c);
    if (!stub) return;
    const double got =
        stub->Call<double, int32_t, double, int64_t, float, uint32_t, double, const void*, double,
                   int32_t, float, uint64_t, double>(options, -1, 0.5, 3, 0.25f, 7u, 1.0,
                                                     reinterpret_cast<const void*>(uintptr_t{16}),
                                                     2.0, -3, 4.0f, 100u, 0.125);
    const double want = -1 + 1.0 + 9 + 1.0 + 35 + 6 + 112 + 16 - 27 + 40 + 1100 + 1.5;
    ZC_CHECK_EQ(c, got, want, "mixed 12");
  }
}

void TypedPointers(Checker& c) {
  auto stub = ExecStub::Create(
      Req(reinterpret_cast<const void*>(&PtrOffset), {V::kPointer, V::kU64}, V::kPointer), c);
  if (!stub) return;
  static char buffer[64];
  const void* got = stub->Call<const void*, const void*, uint64_t>(false, buffer, uint64_t{5});
  ZC_CHECK(c, got == buffer + 5, "pointer passes through");
}

// A typed-array argument arrives as a pointer to V8's { length, data } descriptor.
struct TypedArrayDescriptor {
  size_t length;
  const uint8_t* data;
};
static_assert(offsetof(TypedArrayDescriptor, data) == kTypedArrayDataOffset);

extern "C" uint64_t SixThenTwoArrays(int32_t a, int32_t b, int32_t c, int32_t d, int32_t e,
                                     int32_t f, const uint8_t* p, const uint8_t* q) {
  return uint64_t(a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f) + 1000u * p[0] + 100000u * q[1];
}
extern "C" uint8_t FirstByteOfSecond(int32_t, int32_t, int32_t, int32_t, int32_t, int32_t,
                                     const uint8_t*, const uint8_t* q) {
  return q[0];
}

void TypedArrays(Checker& c) {
  static const uint8_t bytes_p[4] = {7, 0, 0, 0};
  static const uint8_t bytes_q[4] = {200, 9, 0, 0};
  TypedArrayDescriptor p{4, bytes_p};
  TypedArrayDescriptor q{4, bytes_q};
  for (bool options : {false, true}) {
    auto in_register = ExecStub::Create(
        Req(reinterpret_cast<const void*>(&PtrOffset), {V::kTypedArrayData, V::kU64}, V::kPointer, options), c);
    if (in_register) {
      const void* got = in_register->Call<const void*, const void*, uint64_t>(options, &q, uint64_t{1});
      ZC_CHECK(c, got == bytes_q + 1, "typed array in a register: C gets its data pointer");
    }
    const std::vector<V> params = {V::kI32, V::kI32, V::kI32, V::kI32, V::kI32, V::kI32,
                                   V::kTypedArrayData, V::kTypedArrayData};
    auto on_stack = ExecStub::Create(
        Req(reinterpret_cast<const void*>(&SixThenTwoArrays), params, V::kU64, options), c);
    if (on_stack) {
      const uint64_t got = on_stack->Call<uint64_t, int32_t, int32_t, int32_t, int32_t, int32_t,
                                          int32_t, const void*, const void*>(options, 1, 1, 1, 1, 1, 1, &p, &q);
      ZC_CHECK_EQ(c, got, uint64_t{21 + 7000 + 900000}, "typed arrays on the stack (tail call)");
    }
    auto framed = ExecStub::Create(
        Req(reinterpret_cast<const void*>(&FirstByteOfSecond), params, V::kU8, options), c);
    if (framed) {
      const uint32_t got = framed->Call<uint32_t, int32_t, int32_t, int32_t, int32_t, int32_t,
                                        int32_t, const void*, const void*>(options, 1, 2, 3, 4, 5, 6, &p, &q);
      ZC_CHECK_EQ(c, got, uint32_t{200}, "typed array on the stack (framed call)");
    }
  }
}

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

void TypedResolved(Checker& c) {
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
      auto stub = ExecStub::Create(Req(target, params, framed ? V::kU8 : V::kU64, options), c);
      if (!stub) return;
      const std::string label = std::string(framed ? "framed" : "tail call") +
                                (options ? " +options" : "");
      ZC_CHECK_EQ(c, stub->stub().tail_call, !framed, label);
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
      ZC_CHECK_EQ(c, wide_record.calls, calls_before + 1, label + ": target called once");
      for (size_t k = 0; k < 5; ++k) {
        ZC_CHECK_EQ(c, reinterpret_cast<uintptr_t>(wide_record.p[k]),
                    values[k] + ResolveOffset(resolved_at[k]), label + ": resolved pointer");
        ZC_CHECK(c, k < resolve_log.values.size() && resolve_log.values[k] == values[k],
                 label + ": resolved in param order");
      }
      ZC_CHECK_EQ(c, resolve_log.values.size(), size_t{5}, label + ": one resolve per param");
      const I want_i[5] = {-1, 2, -3, 4, 0x7f};
      for (size_t k = 0; k < 5; ++k) ZC_CHECK_EQ(c, wide_record.i[k], want_i[k], label + ": i32");
      ZC_CHECK_EQ(c, wide_record.d[0], 0.5, label + ": f64 0");
      ZC_CHECK_EQ(c, wide_record.d[1], -2.75, label + ": f64 1");
      ZC_CHECK_EQ(c, wide_record.d[2], 1e300, label + ": f64 2");
      ZC_CHECK_EQ(c, wide_record.f[0], 1.25f, label + ": f32 0");
      ZC_CHECK_EQ(c, wide_record.f[1], 3.5f, label + ": f32 1");
      ZC_CHECK_EQ(c, zc_clobber_misaligned, uint64_t{0}, label + ": resolve called with sp aligned");
      const U want = framed ? 0x7f : values[0] + ResolveOffset(0) + values[4] + ResolveOffset(13);
      ZC_CHECK_EQ(c, got, want, label + ": result");

      // The fourth resolve fails: 0 back, the fifth never resolved, C never called.
      values[3] = kResolveFailValue;
      const U failed = call();
      ZC_CHECK_EQ(c, failed, U{0}, label + ": failure returns 0");
      ZC_CHECK_EQ(c, wide_record.calls, calls_before + 1, label + ": failure skips the target");
      ZC_CHECK_EQ(c, resolve_log.values.size(), size_t{4}, label + ": stops at the failure");
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
void TypedResolvedInteger(Checker& c) {
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
      auto stub = ExecStub::Create(Req(target, params, framed ? V::kI16 : V::kI64, options), c);
      if (!stub) return;
      const std::string mode = std::string(framed ? "framed" : "tail call") +
                               (options ? " +options" : "");
      ZC_CHECK_EQ(c, stub->stub().tail_call, !framed, mode);
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
        ZC_CHECK_EQ(c, int_record.calls, calls_before + 1, label + ": target called once");
        for (size_t k = 0; k < 4; ++k) ZC_CHECK_EQ(c, int_record.n[k], want_n[k], label + ": integer");
        for (size_t k = 0; k < 2; ++k) {
          ZC_CHECK_EQ(c, reinterpret_cast<uintptr_t>(int_record.p[k]), ptrs[k] + ResolveOffset(ptr_at[k]),
                      label + ": resolved pointer");
        }
        ZC_CHECK(c, resolve_log.values == want_resolves,
                 label + ": the resolver skipped for Smis, called in order for the rest");
        ZC_CHECK_EQ(c, int_record.i[0], -7, label + ": i32 0");
        ZC_CHECK_EQ(c, int_record.i[1], 0x1234, label + ": i32 1");
        ZC_CHECK_EQ(c, int_record.d[0], 0.5, label + ": f64 0");
        ZC_CHECK_EQ(c, int_record.d[1], -2.75, label + ": f64 1");
        ZC_CHECK_EQ(c, int_record.f, 1.25f, label + ": f32");
        ZC_CHECK_EQ(c, zc_clobber_misaligned, uint64_t{0}, label + ": resolve called with sp aligned");
        const U want = framed ? U{0x1234} : static_cast<U>(want_n[0] + want_n[3]);
        ZC_CHECK_EQ(c, got, want, label + ": result");
      }

      // The third integer (on V8's stack on both ABIs) is a heap word that
      // fails to resolve: 0 back, the fourth never read, C never called.
      slots[0] = SmiWord(5, kNodeSmiShift);
      slots[1] = SmiWord(6, kNodeSmiShift);
      values[2] = ResolveFailSlotAddress();
      slots[3] = 0x00005555aaaa0301;
      const uint64_t calls_before = int_record.calls;
      const U failed = call();
      ZC_CHECK_EQ(c, failed, U{0}, mode + ": failure returns 0");
      ZC_CHECK_EQ(c, int_record.calls, calls_before, mode + ": failure skips the target");
      ZC_CHECK(c, resolve_log.values == (std::vector<uint64_t>{ptrs[0], values[2]}),
               mode + ": Smis skipped, resolves stop at the failure");
    }
  }
}

// Narrow results: zc_garbage_ident8/16 fill the bits above the value with 0x5a.
void TypedNarrowResults(Checker& c) {
  struct Row {
    V kind;
    const void* fn;
    uint32_t in;
    uint32_t want;
  };
  const void* f8 = reinterpret_cast<const void*>(&zc_garbage_ident8);
  const void* f16 = reinterpret_cast<const void*>(&zc_garbage_ident16);
  const Row rows[] = {
      {V::kI8, f8, 0x7f, 0x7f},       {V::kI8, f8, 0x80, 0xffffff80},
      {V::kI8, f8, 255, 0xffffffff},  {V::kU8, f8, 0xff, 0xff},
      {V::kU8, f8, 256, 0},           {V::kI16, f16, 0x8000, 0xffff8000},
      {V::kI16, f16, 0x7fff, 0x7fff}, {V::kU16, f16, 0xffff, 0xffff},
      {V::kU16, f16, 0x10000, 0},
  };
  for (const Row& row : rows) {
    for (bool options : {false, true}) {
      auto stub = ExecStub::Create(Req(row.fn, {row.kind}, row.kind, options), c);
      if (!stub) return;
      ZC_CHECK(c, !stub->stub().tail_call, "narrow result needs a frame");
      const uint32_t got = stub->Call<uint32_t, uint32_t>(options, row.in);
      ZC_CHECK_EQ(c, got, row.want, std::string(StubValueName(row.kind)) + " result of " +
                                        std::to_string(row.in));
    }
  }
  // bool: any nonzero low byte is true. Bound as bool (u32): the u32 param is
  // not narrowed, so 0x100 reaches C whole and its low byte is 0.
  auto as_bool = ExecStub::Create(Req(f8, {V::kU32}, V::kBool), c);
  if (!as_bool) return;
  ZC_CHECK_EQ(c, (as_bool->Call<uint32_t, uint32_t>(false, 0)), 0u, "bool of 0");
  ZC_CHECK_EQ(c, (as_bool->Call<uint32_t, uint32_t>(false, 1)), 1u, "bool of 1");
  ZC_CHECK_EQ(c, (as_bool->Call<uint32_t, uint32_t>(false, 0x42)), 1u, "bool of 0x42");
  ZC_CHECK_EQ(c, (as_bool->Call<uint32_t, uint32_t>(false, 0x100)), 0u, "bool of low byte 0");
}

// ---- Recorder cases: exact bits at the C boundary ----

// Independent reference of both ABIs' argument assignment (next GP / next FP
// register, else the next 8-byte stack slot, in argument order).
struct RefLoc {
  enum Kind { kGp, kFp, kStack } kind;
  int index;
};
class RefAssigner {
 public:
  RefLoc Next(bool fp) {
    int& used = fp ? fp_ : gp_;
    if (used < (fp ? kHarnessFpRegs : kHarnessGpRegs)) return {fp ? RefLoc::kFp : RefLoc::kGp, used++};
    return {RefLoc::kStack, stack_++};
  }
  int stack() const { return stack_; }

 private:
  int gp_ = 0, fp_ = 0, stack_ = 0;
};

bool IsFp(V v) { return v == V::kF32 || v == V::kF64; }

// Bits of the C-side value the contract fixes, per kind.
uint64_t ContractMask(V v) {
  switch (v) {
    case V::kI64: case V::kU64: case V::kPointer: case V::kResolvedPointer:
    case V::kResolvedInteger: case V::kF64:
      return ~uint64_t{0};
    default: return 0xffffffff;
  }
}

// What C must receive, given what V8 passed (V8 passes 8/16-bit kinds as 32 bits).
uint64_t ExpectedParam(V v, uint64_t raw) {
  switch (v) {
    case V::kBool: case V::kU8: return raw & 0xff;
    case V::kI8: return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(raw)));
    case V::kU16: return raw & 0xffff;
    case V::kI16: return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(raw)));
    default: return raw;
  }
}

// What V8 must get back for a raw C result register.
uint64_t ExpectedResult(V v, uint64_t raw) {
  switch (v) {
    case V::kBool: return (raw & 0xff) != 0 ? 1 : 0;
    default: return ExpectedParam(v, raw);
  }
}

uint64_t ReadLoc(const ZcRecord& rec, RefLoc loc) {
  switch (loc.kind) {
    case RefLoc::kGp: return rec.gp[loc.index];
    case RefLoc::kFp: return rec.fp[loc.index];
    case RefLoc::kStack: return rec.stack[loc.index];
  }
  return 0;
}

// One V8-style call laid out for zc_invoke: the receiver, each param's raw bits
// and the options pointer in V8's registers and stack slots; c_locs says where
// the C side finds each param.
struct LaidOutCall {
  ZcInvokeFrame frame{};
  std::vector<uint64_t> stack;
  std::vector<RefLoc> c_locs;
  int c_stack_slots = 0;
};

// A rejected recorded call: the target was not called, the handler's result is
// what V8 gets, and the stack is balanced.
void CheckRecordedReject(Checker& c, const LaidOutCall& call, uint64_t calls_before,
                         const std::string& what) {
  ZC_CHECK_EQ(c, zc_recorded.calls, calls_before, what + ": target not called");
  ZC_CHECK_EQ(c, call.frame.ret_gp, kRejectReturn, what + ": handler result");
  ZC_CHECK_EQ(c, call.frame.sp_delta, uint64_t{0}, what + ": stack balanced");
}

void LayOut(const std::vector<V>& params, const std::vector<uint64_t>& raw, bool options,
            LaidOutCall& call, const std::vector<Arrival>& arrivals = {},
            uint64_t options_word = reinterpret_cast<uintptr_t>(kOptions)) {
  auto put = [&](RefLoc loc, uint64_t value) {
    switch (loc.kind) {
      case RefLoc::kGp: call.frame.gp[loc.index] = value; break;
      case RefLoc::kFp: call.frame.fp[loc.index] = value; break;
      case RefLoc::kStack:
        if (call.stack.size() <= static_cast<size_t>(loc.index)) call.stack.resize(loc.index + 1);
        call.stack[loc.index] = value;
        break;
    }
  };
  RefAssigner v8_view, c_view;
  put(v8_view.Next(false), reinterpret_cast<uintptr_t>(kReceiver));
  for (size_t i = 0; i < params.size(); ++i) {
    put(v8_view.Next(IsFp(params[i]) || IsCheckedF64(arrivals, i)), raw[i]);
    call.c_locs.push_back(c_view.Next(IsFp(params[i])));
  }
  if (options) put(v8_view.Next(false), options_word);
  call.frame.stack_slots = call.stack.size();
  call.frame.stack = call.stack.data();
  call.c_stack_slots = c_view.stack();
}

// The tagged word in the slot a kResolvedInteger value points at.
uint64_t TaggedWordAt(uint64_t raw) { return *reinterpret_cast<const uint64_t*>(raw); }

// Whether param i reaches TestResolve: resolved pointers always, resolved
// integers unless their slot holds a Smi.
bool CallsResolver(V v, uint64_t raw) {
  return v == V::kResolvedPointer || (v == V::kResolvedInteger && !IsSmiWord(TaggedWordAt(raw)));
}

// What C must receive for param i: a resolved value plus its context's offset,
// or an untagged Smi.
uint64_t ExpectedCParam(const std::vector<V>& params, size_t i, uint64_t raw, unsigned smi_shift,
                        const std::vector<Arrival>& arrivals = {}) {
  if (IsCheckedF64(arrivals, i)) return ExpectedParam(params[i], TruncatedBits(BitsToDouble(raw)));
  if (IsCheckedI64(arrivals, i)) return ExpectedParam(params[i], raw);  // in range: wrapped like native
  if (CallsResolver(params[i], raw)) return raw + ResolveOffset(i);
  if (params[i] == V::kResolvedInteger) return static_cast<uint64_t>(SmiPayload(TaggedWordAt(raw), smi_shift));
  return ExpectedParam(params[i], raw);
}

// The values TestResolve must have seen, in order, for the params before `end`.
std::vector<uint64_t> ResolvedValues(const std::vector<V>& params, const std::vector<uint64_t>& raw,
                                     size_t end = SIZE_MAX) {
  std::vector<uint64_t> out;
  for (size_t i = 0; i < params.size() && i < end; ++i) {
    if (CallsResolver(params[i], raw[i])) out.push_back(raw[i]);
  }
  return out;
}

// Every C-side argument zc_record got, against what the contract says.
void CheckRecordedParams(Checker& c, const LaidOutCall& call, const std::vector<V>& params,
                         const std::vector<uint64_t>& raw, const std::vector<Arrival>& arrivals,
                         const std::string& label, uint8_t smi_shift = kNodeSmiShift) {
  for (size_t i = 0; i < params.size(); ++i) {
    const uint64_t mask = ContractMask(params[i]);
    const uint64_t got = ReadLoc(zc_recorded, call.c_locs[i]) & mask;
    const uint64_t want = ExpectedCParam(params, i, raw[i], smi_shift, arrivals) & mask;
    if (got != want) {
      std::ostringstream msg;
      msg << label << ": param " << i << " (" << StubValueName(params[i]) << ") got 0x" << std::hex
          << got << " want 0x" << want;
      c.Fail(__FILE__, __LINE__, msg.str());
    }
    ++c.checks;
  }
}

// Calls a stub for `params -> result` bound to zc_record with random bits
// (kResolvedInteger: the address of a random tagged word) and checks every
// C-side argument, the result, stack alignment and balance, and the resolve calls.
void CheckRecorded(Checker& c, std::mt19937_64& rng, const std::vector<V>& params, V result,
                   bool options, const std::string& label, uint8_t smi_shift = kNodeSmiShift,
                   const std::vector<Arrival>& arrivals = {}) {
  StubRequest request = Req(reinterpret_cast<const void*>(&zc_record), params, result, options);
  request.smi_shift = smi_shift;
  WireRejects(request, arrivals);
  auto stub = ExecStub::Create(request, c);
  if (!stub) return;
  std::vector<uint64_t> raw(params.size());
  std::vector<uint64_t> slots(params.size());  // sized once: raw holds addresses into it
  for (size_t i = 0; i < params.size(); ++i) {
    raw[i] = rng();
    if (params[i] == V::kBool) raw[i] = (raw[i] & ~uint64_t{0xff}) | (raw[i] >> 63);  // C bool byte
    if (params[i] == V::kResolvedPointer && raw[i] == kResolveFailValue) raw[i] ^= 1;
    if (params[i] == V::kResolvedInteger) {
      slots[i] = RandomTaggedWord(rng, smi_shift);
      raw[i] = reinterpret_cast<uintptr_t>(&slots[i]);
    }
    if (IsCheckedF64(arrivals, i)) raw[i] = DoubleBits(GoodDouble(params[i], rng));
    if (IsCheckedI64(arrivals, i)) raw[i] = static_cast<uint64_t>(GoodInt64(params[i], rng));
  }
  LaidOutCall call;
  LayOut(params, raw, options, call, arrivals);
  if (call.c_stack_slots > kRecordedStackSlots) {
    c.Fail(__FILE__, __LINE__, "too many slots for the recorder: " + label);
    return;
  }
  zc_record_ret_gp = rng();
  zc_record_ret_fp = rng();
  std::memset(&zc_recorded, 0xEE, offsetof(ZcRecord, misaligned));
  const uint64_t calls_before = zc_recorded.calls;
  resolve_log.Clear();
  zc_clobber_misaligned = 0;
  reject_log.Clear();
  zc_invoke(&call.frame, stub->entry());
  const ZcInvokeFrame& frame = call.frame;
  if (!arrivals.empty()) ZC_CHECK(c, reject_log.contexts.empty(), label + ": no reject");

  ZC_CHECK_EQ(c, zc_recorded.calls, calls_before + 1, label + ": target called once");
  ZC_CHECK_EQ(c, zc_recorded.misaligned, uint64_t{0}, label + ": sp 16-aligned at the C call");
  ZC_CHECK_EQ(c, frame.sp_delta, uint64_t{0}, label + ": stack balanced");
  CheckRecordedParams(c, call, params, raw, arrivals, label, smi_shift);
  const std::vector<uint64_t> resolved = ResolvedValues(params, raw);
  if (!resolved.empty()) {
    ZC_CHECK(c, resolve_log.values == resolved, label + ": each resolved param resolved once, in order");
    ZC_CHECK_EQ(c, zc_clobber_misaligned, uint64_t{0}, label + ": sp 16-aligned at the resolve call");
  }
  if (result == V::kF32 || result == V::kF64) {
    const uint64_t mask = result == V::kF32 ? 0xffffffff : ~uint64_t{0};
    ZC_CHECK_EQ(c, frame.ret_fp & mask, zc_record_ret_fp & mask, label + ": FP result");
  } else if (result != V::kVoid) {
    const uint64_t mask = ContractMask(result);
    ZC_CHECK_EQ(c, frame.ret_gp & mask, ExpectedResult(result, zc_record_ret_gp) & mask,
                label + ": result " + StubValueName(result));
  }
}

std::string Describe(const std::vector<V>& params, V result, bool options) {
  std::string s = StubValueName(result);
  s += '(';
  for (size_t i = 0; i < params.size(); ++i) {
    if (i != 0) s += ',';
    s += StubValueName(params[i]);
  }
  s += options ? ",+opt)" : ")";
  return s;
}

// i8 given 255 reaches C as -1; u8 given 256 reaches C as 0 (the brief's examples).
void RecordedNarrowExamples(Checker& c) {
  auto stub8 = ExecStub::Create(
      Req(reinterpret_cast<const void*>(&zc_record), {V::kI8, V::kU8, V::kI16, V::kU16, V::kBool}, V::kVoid), c);
  if (!stub8) return;
  ZcInvokeFrame frame{};
  frame.gp[0] = reinterpret_cast<uintptr_t>(kReceiver);
  frame.gp[1] = 255;
  frame.gp[2] = 256;
  frame.gp[3] = 0x18000;
  frame.gp[4] = 0xfffff;
  frame.gp[5] = 0xffffff01;  // bool true, garbage above the byte
  zc_invoke(&frame, stub8->entry());
  ZC_CHECK_EQ(c, static_cast<int32_t>(zc_recorded.gp[0]), -1, "i8 255 -> -1");
  ZC_CHECK_EQ(c, static_cast<uint32_t>(zc_recorded.gp[1]), 0u, "u8 256 -> 0");
  ZC_CHECK_EQ(c, static_cast<int32_t>(zc_recorded.gp[2]), -32768, "i16 0x18000 -> -32768");
  ZC_CHECK_EQ(c, static_cast<uint32_t>(zc_recorded.gp[3]), 0xffffu, "u16 0xfffff -> 0xffff");
  ZC_CHECK_EQ(c, static_cast<uint32_t>(zc_recorded.gp[4]), 1u, "bool true -> 1");
}

// Every count of GP (0..12) and FP (0..12) params, in three interleavings,
// with and without options.
void RecordedGrid(Checker& c) {
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
        CheckRecorded(c, rng, params, result, options, Describe(params, result, options));
        CheckRecorded(c, rng, params, V::kI8, !options, Describe(params, V::kI8, !options));
      }
    }
  }
}

// Narrow params in registers and on the stack, every narrow result, with and without options.
void RecordedNarrow(Checker& c) {
  std::mt19937_64 rng(777);
  const V narrow[] = {V::kBool, V::kI8, V::kU8, V::kI16, V::kU16};
  for (int count : {1, 5, 6, 7, 8, 9, 12, 16}) {
    for (V kind : narrow) {
      std::vector<V> params(count, kind);
      for (V result : {V::kVoid, V::kBool, V::kI8, V::kU8, V::kI16, V::kU16, V::kU32}) {
        for (bool options : {false, true}) {
          CheckRecorded(c, rng, params, result, options, Describe(params, result, options));
        }
      }
      // Narrow kinds interleaved with doubles past the FP registers.
      std::vector<V> mixed;
      for (int i = 0; i < count; ++i) {
        mixed.push_back(kind);
        mixed.push_back(V::kF64);
      }
      CheckRecorded(c, rng, mixed, V::kI16, true, Describe(mixed, V::kI16, true));
      CheckRecorded(c, rng, mixed, V::kI32, false, Describe(mixed, V::kI32, false));
    }
  }
}

// `iterations` random signatures of 0..40 params drawn from `kinds`, results
// from `results`, options on or off.
void CheckRandomSignatures(Checker& c, std::mt19937_64& rng, const std::vector<V>& kinds,
                           const std::vector<V>& results, int iterations) {
  for (int iteration = 0; iteration < iterations; ++iteration) {
    std::vector<V> params(rng() % 41);
    for (V& p : params) p = kinds[rng() % kinds.size()];
    const V result = results[rng() % results.size()];
    const bool options = rng() % 2 == 0;
    CheckRecorded(c, rng, params, result, options, Describe(params, result, options));
  }
}

// Random signatures of 0..40 params over every kind.
void RecordedRandom(Checker& c) {
  std::mt19937_64 rng(20261121);
  CheckRandomSignatures(c, rng,
                        {V::kBool, V::kI8, V::kU8, V::kI16, V::kU16, V::kI32, V::kU32, V::kI64,
                         V::kU64, V::kPointer, V::kF32, V::kF64},
                        {V::kVoid, V::kBool, V::kI8, V::kU8, V::kI16, V::kU16, V::kI32, V::kU32,
                         V::kI64, V::kU64, V::kPointer, V::kF32, V::kF64},
                        1500);
}

// kResolvedPointer among every count of GP params (so in registers and on the
// stack on both ABIs), with FP params between them, tail-called and framed,
// with and without options; then random signatures over every kind.
void RecordedResolved(Checker& c) {
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
          CheckRecorded(c, rng, params, result, options, Describe(params, result, options));
        }
      }
    }
  }
  // kResolvedPointer twice as likely as the other kinds.
  CheckRandomSignatures(c, rng,
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
void RecordedResolveFailure(Checker& c) {
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
        auto stub = ExecStub::Create(Req(reinterpret_cast<const void*>(&zc_record), params, result, options), c);
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
          ZC_CHECK_EQ(c, call.frame.ret_gp, uint64_t{0}, label + ": returns 0");
          ZC_CHECK_EQ(c, call.frame.sp_delta, uint64_t{0}, label + ": stack balanced");
          ZC_CHECK_EQ(c, zc_recorded.calls, calls_before, label + ": target not called");
          ZC_CHECK(c, resolve_log.values == ResolvedValues(params, raw, k + 1),
                   label + ": resolves stop at the failure");
        }
      }
    }
  }
}

// kResolvedInteger among every count of GP params (registers and stack on both
// ABIs), mixed with kResolvedPointer, plain integers and FP params, tail-called
// and framed, with and without options; random signatures; and Smi shifts
// other than Node's 32 (1 as with pointer compression, 31, 63).
void RecordedResolvedInteger(Checker& c) {
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
            CheckRecorded(c, rng, params, result, options, Describe(params, result, options));
          }
        }
      }
    }
  }
  CheckRandomSignatures(c, rng,
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
      CheckRecorded(c, rng, params, result, options,
                    Describe(params, result, options) + " smi_shift=" + std::to_string(shift), shift);
    }
  }
}

// With the stub mapped near its target, the pc-relative branch form is used and works.
void NearTargetUsesRelativeBranch(Checker& c) {
  const void* target = reinterpret_cast<const void*>(&AddI32);
  const void* narrow_target = reinterpret_cast<const void*>(&zc_garbage_ident8);
  auto far = ExecStub::Create(Req(target, {V::kI32, V::kI32}, V::kI32), c);
  auto near = ExecStub::Create(Req(target, {V::kI32, V::kI32}, V::kI32), c, target);
  auto near_call = ExecStub::Create(Req(narrow_target, {V::kI8}, V::kI8), c, narrow_target);
  if (!far || !near || !near_call) return;
  const int64_t distance = static_cast<int64_t>(reinterpret_cast<uintptr_t>(near->entry()) -
                                                reinterpret_cast<uintptr_t>(target));
  if (distance < -(int64_t{100} << 20) || distance > (int64_t{100} << 20)) {
    c.Note("mmap ignored the placement hint; relative-branch size check skipped");
  } else {
    ZC_CHECK(c, near->stub().code.size() < far->stub().code.size(), "relative form is shorter");
  }
  ZC_CHECK_EQ(c, (near->Call<int32_t, int32_t, int32_t>(false, 20, 22)), 42, "near tail call");
  ZC_CHECK_EQ(c, (near_call->Call<int32_t, int32_t>(false, 0x1ff)), -1, "near call + normalise");
}


// ---- Checked doubles: cases ----

// The example signature f64 (i32~d, f64, i32~d, ptr, u8~d): V8 passes the three
// integers in xmm0/xmm2/xmm3 (d0/d2/d3) and the pointer in the second GP
// register; C gets rdi, xmm0, rsi, rdx, rcx (x0, d0, x1, x2, x3).
struct CheckedRecord {
  uint64_t calls;
  int32_t a;
  double b;
  int32_t c;
  const void* p;
  uint32_t u;
};
CheckedRecord checked_record;

extern "C" double CheckedExample(int32_t a, double b, int32_t c, const void* p, uint8_t u) {
  checked_record = {checked_record.calls + 1, a, b, c, p, u};
  return a + 2 * b + 3.0 * c + 5.0 * u;
}
extern "C" uint8_t CheckedExampleU8(int32_t a, double b, int32_t c, const void* p, uint8_t u) {
  CheckedExample(a, b, c, p, u);
  return static_cast<uint8_t>(u + 1);
}

void TypedChecked(Checker& c) {
  const std::vector<V> params = {V::kI32, V::kF64, V::kI32, V::kPointer, V::kU8};
  const Arrival D = Arrival::kCheckedF64;
  const Arrival N = Arrival::kNative;
  const std::vector<Arrival> arrivals = {D, N, D, N, D};
  const void* ptr = reinterpret_cast<const void*>(uintptr_t{0x7f00c0de0010});
  struct Row {
    double a, b, c, u;
    int32_t want_a, want_c;
    uint32_t want_u;
  };
  const Row rows[] = {
      {1.9, 0.25, -1.9, 255.0, 1, -1, 255},
      {-0.0, -1.5, 2147483647.5, 256.0, 0, INT32_MAX, 0},
      {-2147483648.9, 1e300, 0.5, 511.99, INT32_MIN, 0, 255},
      {42, 0, -42, 4294967295.0, 42, -42, 255},
  };
  for (bool framed : {false, true}) {
    for (bool options : {false, true}) {
      StubRequest request = Req(framed ? reinterpret_cast<const void*>(&CheckedExampleU8)
                                       : reinterpret_cast<const void*>(&CheckedExample),
                                params, framed ? V::kU8 : V::kF64, options);
      WireRejects(request, arrivals);
      auto stub = ExecStub::Create(request, c);
      if (!stub) return;
      const std::string mode = std::string(framed ? "framed" : "tail call") + (options ? " +options" : "");
      ZC_CHECK_EQ(c, stub->stub().tail_call, !framed, mode);
      auto call_f64 = [&](double a, double b, double cc, double u) {
        return stub->Call<double, double, double, double, const void*, double>(options, a, b, cc, ptr, u);
      };
      auto call_u8 = [&](double a, double b, double cc, double u) {
        return stub->Call<uint32_t, double, double, double, const void*, double>(options, a, b, cc, ptr, u);
      };
      for (const Row& row : rows) {
        const uint64_t calls = checked_record.calls;
        reject_log.Clear();
        if (framed) {
          ZC_CHECK_EQ(c, call_u8(row.a, row.b, row.c, row.u), (row.want_u + 1) & 0xff, mode + ": u8 result");
        } else {
          ZC_CHECK_EQ(c, call_f64(row.a, row.b, row.c, row.u),
                      row.want_a + 2 * row.b + 3.0 * row.want_c + 5.0 * row.want_u, mode + ": f64 result");
        }
        ZC_CHECK_EQ(c, checked_record.calls, calls + 1, mode + ": target called once");
        ZC_CHECK_EQ(c, checked_record.a, row.want_a, mode + ": a");
        ZC_CHECK_EQ(c, checked_record.b, row.b, mode + ": b");
        ZC_CHECK_EQ(c, checked_record.c, row.want_c, mode + ": c");
        ZC_CHECK(c, checked_record.p == ptr, mode + ": p");
        ZC_CHECK_EQ(c, checked_record.u, row.want_u, mode + ": u");
        ZC_CHECK(c, reject_log.contexts.empty(), mode + ": no reject");
      }
      // Each checked param rejected in turn (the later ones rejected too: the
      // first one is reported).
      const size_t checked_at[3] = {0, 2, 4};
      for (size_t k = 0; k < 3; ++k) {
        for (double bad : {std::numeric_limits<double>::quiet_NaN(), 1e300, -2147483649.0, 4294967296.0}) {
          double v[3] = {7.5, -7.5, 7.0};
          for (size_t j = k; j < 3; ++j) v[j] = bad;
          if (k == 2 && bad == -2147483649.0) v[2] = -1.0;  // u8: -1 is out of uint32
          const uint64_t calls = checked_record.calls;
          reject_log.Clear();
          zc_clobber_misaligned = 0;
          if (framed) {
            ZC_CHECK_EQ(c, call_u8(v[0], 0.5, v[1], v[2]), static_cast<uint32_t>(kRejectReturn),
                        mode + ": the handler's result reaches V8");
          } else {
            call_f64(v[0], 0.5, v[1], v[2]);
          }
          ZC_CHECK_EQ(c, checked_record.calls, calls, mode + ": rejected, target not called");
          CheckRejectedOnce(c, RejectContext(checked_at[k]), DoubleBits(v[k]), mode);
          ZC_CHECK_EQ(c, zc_clobber_misaligned, uint64_t{0}, mode + ": handler entered with sp aligned");
        }
      }
    }
  }
}

// The brief's values, each checked kind in registers and (after eight
// doubles) on V8's stack, tail-called and framed, with and without options;
// then every rejected value in every position.
void RecordedCheckedExamples(Checker& c) {
  const std::vector<V> kinds = {V::kI8, V::kU8, V::kI16, V::kU16, V::kI32, V::kU32};
  struct Row {
    double in[6];
    uint32_t want[6];
  };
  const Row rows[] = {
      {{255.0, 256.0, -1.9, 65536.9, -0.0, 4294967295.0},
       {0xffffffff, 0, 0xffffffff, 0, 0, 0xffffffff}},
      {{1.9, -0.5, 32768.0, -0.0, -2147483648.0, 2147483648.0},
       {1, 0, 0xffff8000, 0, 0x80000000, 0x80000000}},
      {{-1.9, 255.9, -32769.0, 65535.5, 2147483647.9, 0.999},
       {0xffffffff, 255, 0x7fff, 0xffff, 0x7fffffff, 0}},
      {{-128.5, 4294967295.9, 2147483647.0, 4294967295.0, -2147483648.99, 1.5},
       {0xffffff80, 0xff, 0xffffffff, 0xffff, 0x80000000, 1}},
  };
  std::mt19937_64 rng(0xe8a3);
  for (int lead_doubles : {0, 5, 8}) {
    std::vector<V> params(lead_doubles, V::kF64);
    params.insert(params.end(), kinds.begin(), kinds.end());
    params.push_back(V::kPointer);
    std::vector<Arrival> arrivals(params.size(), Arrival::kNative);
    for (size_t i = lead_doubles; i < lead_doubles + kinds.size(); ++i) arrivals[i] = Arrival::kCheckedF64;
    for (V result : {V::kVoid, V::kI8}) {
      for (bool options : {false, true}) {
        StubRequest request = Req(reinterpret_cast<const void*>(&zc_record), params, result, options);
        WireRejects(request, arrivals);
        auto stub = ExecStub::Create(request, c);
        if (!stub) return;
        const std::string label = DescribeChecked(params, arrivals, result, options);
        std::vector<uint64_t> raw(params.size());
        for (uint64_t& r : raw) r = rng();
        for (const Row& row : rows) {
          for (size_t j = 0; j < kinds.size(); ++j) {
            raw[lead_doubles + j] = DoubleBits(row.in[j]);
            ZC_CHECK(c, RefAccepts(kinds[j], row.in[j]), label + ": reference accepts");
          }
          LaidOutCall call;
          LayOut(params, raw, options, call, arrivals);
          const uint64_t calls = zc_recorded.calls;
          reject_log.Clear();
          zc_invoke(&call.frame, stub->entry());
          ZC_CHECK_EQ(c, zc_recorded.calls, calls + 1, label + ": target called");
          ZC_CHECK_EQ(c, call.frame.sp_delta, uint64_t{0}, label + ": stack balanced");
          for (size_t j = 0; j < kinds.size(); ++j) {
            const uint64_t got = ReadLoc(zc_recorded, call.c_locs[lead_doubles + j]) & 0xffffffff;
            ZC_CHECK_EQ(c, got, uint64_t{row.want[j]},
                        label + ": " + StubValueName(kinds[j]) + " of " + std::to_string(row.in[j]));
          }
          ZC_CHECK_EQ(c, ReadLoc(zc_recorded, call.c_locs.back()), raw.back(), label + ": pointer");
        }
        for (size_t j = 0; j < kinds.size(); ++j) {
          for (double bad : RejectedDoubles(kinds[j])) {
            ZC_CHECK(c, !RefAccepts(kinds[j], bad), label + ": reference rejects");
            for (size_t i = 0; i < kinds.size(); ++i) raw[lead_doubles + i] = DoubleBits(GoodDouble(kinds[i], rng));
            raw[lead_doubles + j] = DoubleBits(bad);
            LaidOutCall call;
            LayOut(params, raw, options, call, arrivals);
            const uint64_t calls = zc_recorded.calls;
            reject_log.Clear();
            zc_invoke(&call.frame, stub->entry());
            const std::string what = label + ": " + StubValueName(kinds[j]) + " rejects " +
                                     std::to_string(bad);
            CheckRecordedReject(c, call, calls, what);
            CheckRejectedOnce(c, RejectContext(lead_doubles + j), DoubleBits(bad), what);
          }
        }
      }
    }
  }
}

// ---- Checked int64s: cases ----

// f64 (i32~i64, f64, u32~i64, ptr, i8~i64, u16~d, u8~i64): the int64s arrive
// where native integers would (V8's 2nd, 3rd, 5th, 6th GP registers), the u16
// as a double in the 2nd FP register; C gets them in order, the double first
// in the FP registers.
struct CheckedI64Record {
  uint64_t calls;
  int32_t a;
  double b;
  uint32_t c;
  const void* p;
  int32_t d;
  uint32_t e;
  uint32_t u;
};
CheckedI64Record checked_i64_record;

extern "C" double CheckedI64Example(int32_t a, double b, uint32_t c, const void* p, int8_t d, uint16_t e,
                                    uint8_t u) {
  checked_i64_record = {checked_i64_record.calls + 1, a, b, c, p, d, e, u};
  return a + 2 * b + 3.0 * c + 5.0 * d + 7.0 * e + 11.0 * u;
}
extern "C" uint8_t CheckedI64ExampleU8(int32_t a, double b, uint32_t c, const void* p, int8_t d,
                                       uint16_t e, uint8_t u) {
  CheckedI64Example(a, b, c, p, d, e, u);
  return static_cast<uint8_t>(u + 1);
}

// The arguments of the checked-int64 reject tests (a, cc, d: int64; e: double;
// u: int64): the k-th checked param and every later one out of range, the
// earlier ones good; `which` (0..3) picks the bad values.
struct CheckedI64Args {
  int64_t a, cc, d;
  double e;
  int64_t u;
};
CheckedI64Args BadCheckedI64Args(size_t k, int which) {
  const int64_t bad_signed[4] = {kTwo31, -kTwo31 - 1, INT64_MIN, INT64_MAX};
  const int64_t bad_unsigned[4] = {-1, kTwo32, INT64_MIN, INT64_MAX};
  const double bad_double[4] = {std::numeric_limits<double>::quiet_NaN(), 1e300, 65536.0 * 65536.0, -1.0};
  CheckedI64Args args{7, 7, -7, 7.5, 7};
  if (k <= 0) args.a = bad_signed[which];
  if (k <= 1) args.cc = bad_unsigned[which];
  if (k <= 2) args.d = bad_signed[(which + 1) % 4];
  if (k <= 3) args.e = bad_double[which];
  if (k <= 4) args.u = bad_unsigned[(which + 1) % 4];
  return args;
}

void TypedCheckedI64(Checker& c) {
  const std::vector<V> params = {V::kI32, V::kF64, V::kU32, V::kPointer, V::kI8, V::kU16, V::kU8};
  const Arrival I = Arrival::kCheckedI64;
  const Arrival D = Arrival::kCheckedF64;
  const Arrival N = Arrival::kNative;
  const std::vector<Arrival> arrivals = {I, N, I, N, I, D, I};
  const void* ptr = reinterpret_cast<const void*>(uintptr_t{0x7f00c0de0010});
  struct Row {
    int64_t a;
    double b;
    int64_t cc, d;
    double e;
    int64_t u;
    int32_t want_a;
    uint32_t want_c;
    int32_t want_d;
    uint32_t want_e, want_u;
  };
  const Row rows[] = {
      {INT32_MIN, 0.25, 0, 255, 65536.5, 256, INT32_MIN, 0, -1, 0, 0},
      {INT32_MAX, -1.5, kTwo31, -129, 1.9, 255, INT32_MAX, 0x80000000u, 127, 1, 255},
      {-1, 1e300, kTwo32 - 1, 128, 65535.0, kTwo32 - 1, -1, 0xffffffffu, -128, 65535, 255},
      {0, 0, INT32_MAX, INT32_MIN, -0.0, 0, 0, 0x7fffffffu, 0, 0, 0},
  };
  for (bool framed : {false, true}) {
    for (bool options : {false, true}) {
      StubRequest request = Req(framed ? reinterpret_cast<const void*>(&CheckedI64ExampleU8)
                                       : reinterpret_cast<const void*>(&CheckedI64Example),
                                params, framed ? V::kU8 : V::kF64, options);
      WireRejects(request, arrivals);
      auto stub = ExecStub::Create(request, c);
      if (!stub) return;
      const std::string mode = std::string(framed ? "framed" : "tail call") + (options ? " +options" : "");
      ZC_CHECK_EQ(c, stub->stub().tail_call, !framed, mode);
      auto call_f64 = [&](int64_t a, double b, int64_t cc, int64_t d, double e, int64_t u) {
        return stub->Call<double, int64_t, double, int64_t, const void*, int64_t, double, int64_t>(
            options, a, b, cc, ptr, d, e, u);
      };
      auto call_u8 = [&](int64_t a, double b, int64_t cc, int64_t d, double e, int64_t u) {
        return stub->Call<uint32_t, int64_t, double, int64_t, const void*, int64_t, double, int64_t>(
            options, a, b, cc, ptr, d, e, u);
      };
      for (const Row& row : rows) {
        const uint64_t calls = checked_i64_record.calls;
        reject_log.Clear();
        if (framed) {
          ZC_CHECK_EQ(c, call_u8(row.a, row.b, row.cc, row.d, row.e, row.u), (row.want_u + 1) & 0xff,
                      mode + ": u8 result");
        } else {
          ZC_CHECK_EQ(c, call_f64(row.a, row.b, row.cc, row.d, row.e, row.u),
                      row.want_a + 2 * row.b + 3.0 * row.want_c + 5.0 * row.want_d + 7.0 * row.want_e +
                          11.0 * row.want_u,
                      mode + ": f64 result");
        }
        ZC_CHECK_EQ(c, checked_i64_record.calls, calls + 1, mode + ": target called once");
        ZC_CHECK_EQ(c, checked_i64_record.a, row.want_a, mode + ": a");
        ZC_CHECK_EQ(c, checked_i64_record.b, row.b, mode + ": b");
        ZC_CHECK_EQ(c, checked_i64_record.c, row.want_c, mode + ": c");
        ZC_CHECK(c, checked_i64_record.p == ptr, mode + ": p");
        ZC_CHECK_EQ(c, checked_i64_record.d, row.want_d, mode + ": d");
        ZC_CHECK_EQ(c, checked_i64_record.e, row.want_e, mode + ": e");
        ZC_CHECK_EQ(c, checked_i64_record.u, row.want_u, mode + ": u");
        ZC_CHECK(c, reject_log.contexts.empty(), mode + ": no reject");
      }
      // Each checked param rejected in turn, the later ones rejected too: only
      // the first is reported, with the int64 as a double (or the double).
      const size_t checked_at[5] = {0, 2, 4, 5, 6};
      for (size_t k = 0; k < 5; ++k) {
        for (int which = 0; which < 4; ++which) {
          const auto [a, cc, d, e, u] = BadCheckedI64Args(k, which);
          const uint64_t want[5] = {DoubleBits(static_cast<double>(a)), DoubleBits(static_cast<double>(cc)),
                                    DoubleBits(static_cast<double>(d)), DoubleBits(e),
                                    DoubleBits(static_cast<double>(u))};
          const uint64_t calls = checked_i64_record.calls;
          reject_log.Clear();
          zc_clobber_misaligned = 0;
          if (framed) {
            ZC_CHECK_EQ(c, call_u8(a, 0.5, cc, d, e, u), static_cast<uint32_t>(kRejectReturn),
                        mode + ": the handler's result reaches V8");
          } else {
            call_f64(a, 0.5, cc, d, e, u);
          }
          const std::string what = mode + ": rejecting param " + std::to_string(checked_at[k]);
          ZC_CHECK_EQ(c, checked_i64_record.calls, calls, what + ": target not called");
          CheckRejectedOnce(c, RejectContext(checked_at[k]), want[k], what);
          ZC_CHECK_EQ(c, zc_clobber_misaligned, uint64_t{0}, what + ": handler entered with sp aligned");
        }
      }
    }
  }
}

// The brief's values: each checked kind as an int64 in registers and (after
// `lead` pointers) on V8's stack, between a checked double, an f64 and a
// pointer, tail-called and framed, with and without options; then every
// rejected int64 in every position, with the exact double the handler gets.
void RecordedCheckedI64Examples(Checker& c) {
  const std::vector<V> kinds = {V::kI8, V::kU8, V::kI16, V::kU16, V::kI32, V::kU32};
  struct Row {
    int64_t in[6];
    uint32_t want[6];
  };
  const Row rows[] = {
      {{255, 256, -32769, 65536, INT32_MIN, kTwo32 - 1},
       {0xffffffff, 0, 0x7fff, 0, 0x80000000, 0xffffffff}},
      {{-1, kTwo31, 32768, 65535, INT32_MAX, kTwo31},
       {0xffffffff, 0, 0xffff8000, 0xffff, 0x7fffffff, 0x80000000}},
      {{0, INT32_MAX, INT32_MIN, kTwo32 - 1, -1, 0},
       {0, 0xff, 0, 0xffff, 0xffffffff, 0}},
      {{-128, 255, -1, 0, 0, INT32_MAX},
       {0xffffff80, 0xff, 0xffffffff, 0, 0, 0x7fffffff}},
      {{INT32_MIN, kTwo32 - 1, INT32_MAX, kTwo31, -kTwo31, 0},
       {0, 0xff, 0xffffffff, 0, 0x80000000, 0}},
  };
  std::mt19937_64 rng(0x164e8a3);
  for (int lead : {0, 3, 7}) {
    std::vector<V> params(lead, V::kPointer);
    params.insert(params.end(), kinds.begin(), kinds.end());
    params.insert(params.end(), {V::kI32, V::kF64, V::kPointer});
    std::vector<Arrival> arrivals(params.size(), Arrival::kNative);
    for (size_t i = lead; i < lead + kinds.size(); ++i) arrivals[i] = Arrival::kCheckedI64;
    const size_t checked_double = lead + kinds.size();
    arrivals[checked_double] = Arrival::kCheckedF64;
    for (V result : {V::kVoid, V::kI8}) {
      for (bool options : {false, true}) {
        StubRequest request = Req(reinterpret_cast<const void*>(&zc_record), params, result, options);
        WireRejects(request, arrivals);
        auto stub = ExecStub::Create(request, c);
        if (!stub) return;
        const std::string label = DescribeChecked(params, arrivals, result, options);
        std::vector<uint64_t> raw(params.size());
        for (uint64_t& r : raw) r = rng();
        raw[checked_double] = DoubleBits(-2147483648.5);
        for (const Row& row : rows) {
          for (size_t j = 0; j < kinds.size(); ++j) {
            raw[lead + j] = static_cast<uint64_t>(row.in[j]);
            ZC_CHECK(c, RefAcceptsI64(kinds[j], row.in[j]), label + ": reference accepts");
          }
          LaidOutCall call;
          LayOut(params, raw, options, call, arrivals);
          const uint64_t calls = zc_recorded.calls;
          reject_log.Clear();
          zc_invoke(&call.frame, stub->entry());
          ZC_CHECK_EQ(c, zc_recorded.calls, calls + 1, label + ": target called");
          ZC_CHECK_EQ(c, call.frame.sp_delta, uint64_t{0}, label + ": stack balanced");
          ZC_CHECK(c, reject_log.contexts.empty(), label + ": no reject");
          for (size_t j = 0; j < kinds.size(); ++j) {
            const uint64_t got = ReadLoc(zc_recorded, call.c_locs[lead + j]) & 0xffffffff;
            ZC_CHECK_EQ(c, got, uint64_t{row.want[j]},
                        label + ": " + StubValueName(kinds[j]) + " of " + std::to_string(row.in[j]));
          }
          for (int i = 0; i < lead; ++i) ZC_CHECK_EQ(c, ReadLoc(zc_recorded, call.c_locs[i]), raw[i], label + ": lead");
          ZC_CHECK_EQ(c, ReadLoc(zc_recorded, call.c_locs[checked_double]) & 0xffffffff, uint64_t{0x80000000},
                      label + ": checked double");
          ZC_CHECK_EQ(c, ReadLoc(zc_recorded, call.c_locs[checked_double + 1]), raw[checked_double + 1],
                      label + ": f64");
          ZC_CHECK_EQ(c, ReadLoc(zc_recorded, call.c_locs.back()), raw.back(), label + ": pointer");
        }
        for (size_t j = 0; j < kinds.size(); ++j) {
          for (int64_t bad : RejectedInt64s(kinds[j])) {
            ZC_CHECK(c, !RefAcceptsI64(kinds[j], bad), label + ": reference rejects");
            for (size_t i = 0; i < kinds.size(); ++i) raw[lead + i] = static_cast<uint64_t>(GoodInt64(kinds[i], rng));
            raw[lead + j] = static_cast<uint64_t>(bad);
            // The checked double after them is bad too: only the first is reported.
            raw[checked_double] = rng() % 2 == 0 ? DoubleBits(1e300) : DoubleBits(-2.5);
            LaidOutCall call;
            LayOut(params, raw, options, call, arrivals);
            const uint64_t calls = zc_recorded.calls;
            reject_log.Clear();
            zc_invoke(&call.frame, stub->entry());
            const std::string what = label + ": " + StubValueName(kinds[j]) + " rejects " + std::to_string(bad);
            CheckRecordedReject(c, call, calls, what);
            CheckRejectedOnce(c, RejectContext(lead + j), DoubleBits(static_cast<double>(bad)), what);
          }
        }
        // The int64s accepted, the checked double after them rejected.
        for (size_t i = 0; i < kinds.size(); ++i) raw[lead + i] = static_cast<uint64_t>(GoodInt64(kinds[i], rng));
        raw[checked_double] = DoubleBits(2147483648.0);
        LaidOutCall call;
        LayOut(params, raw, options, call, arrivals);
        reject_log.Clear();
        zc_invoke(&call.frame, stub->entry());
        CheckRejectedOnce(c, RejectContext(checked_double), DoubleBits(2147483648.0), label);
      }
    }
  }
}

// Signatures of `checked` checked integers, `gp` native GP params (pointers,
// i32, u16, i64) and `fp` doubles and floats, in three orders: checked first
// (the native GP params then move up to higher C registers or onto C's stack),
// checked last, and shuffled. Tail-called where possible, framed for a narrow
// result or when C needs more stack than V8 passed. The checked integers are
// doubles, or with `with_i64` two in three int64s (the others doubles).
void CheckedGrid(Checker& c, uint64_t seed, bool with_i64) {
  std::mt19937_64 rng(seed);
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
          CheckRecorded(c, rng, params, result, options, DescribeChecked(params, arrivals, result, options),
                        kNodeSmiShift, arrivals);
        }
      }
    }
  }
}

void RecordedCheckedGrid(Checker& c) { CheckedGrid(c, 0xc4ec6ed, /*with_i64=*/false); }
void RecordedCheckedI64Grid(Checker& c) { CheckedGrid(c, 0x164c4ec, /*with_i64=*/true); }

// A random signature of 0..40 params over every kind; each integer kind that
// can be checked is, with probability 1/2; with `with_i64` half of those
// arrive as int64s, the others as doubles.
void RandomCheckedSignature(std::mt19937_64& rng, std::vector<V>& params, std::vector<Arrival>& arrivals,
                            bool with_i64 = false) {
  static const V kinds[] = {V::kBool, V::kI8, V::kU8, V::kI16, V::kU16, V::kI32, V::kU32, V::kI64,
                            V::kU64, V::kPointer, V::kF32, V::kF64, V::kResolvedPointer,
                            V::kResolvedInteger, V::kI32, V::kU32, V::kI8, V::kU16};
  params.resize(rng() % 41);
  arrivals.assign(params.size(), Arrival::kNative);
  for (size_t i = 0; i < params.size(); ++i) {
    params[i] = kinds[rng() % std::size(kinds)];
    if (IsCheckableKind(params[i]) && rng() % 2 == 0) {
      arrivals[i] = with_i64 && rng() % 2 == 0 ? Arrival::kCheckedI64 : Arrival::kCheckedF64;
    }
  }
}

void CheckedRandom(Checker& c, uint64_t seed, bool with_i64) {
  std::mt19937_64 rng(seed);
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
    CheckRecorded(c, rng, params, result, options, DescribeChecked(params, arrivals, result, options),
                  kNodeSmiShift, arrivals);
  }
  ZC_CHECK(c, framed_by_stack > 20, "random signatures include C stacks larger than V8's");
}

void RecordedCheckedRandom(Checker& c) { CheckedRandom(c, 0xd0b1e, /*with_i64=*/false); }
void RecordedCheckedI64Random(Checker& c) { CheckedRandom(c, 0x164d0b1e, /*with_i64=*/true); }

// Random signatures with at least one checked param: param k (each checked one
// in turn) gets a rejected value, those before it accepted ones, those after
// it anything. The handler runs once with k's context and exact bits (an
// int64 converted to a double), its result reaches V8, the target is never
// called, the resolved params before k were resolved (in order) and none
// after, and the stack is balanced.
void CheckedReject(Checker& c, uint64_t seed, bool with_i64) {
  std::mt19937_64 rng(seed);
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
    auto stub = ExecStub::Create(request, c);
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
      CheckRecordedReject(c, call, calls, label);
      CheckRejectedOnce(c, RejectContext(k), RejectedBits(arrivals, k, raw[k]), label);
      ZC_CHECK(c, resolve_log.values == ResolvedValues(params, raw, k), label + ": resolves before it only");
      ZC_CHECK_EQ(c, zc_clobber_misaligned, uint64_t{0}, label + ": sp aligned in the handler");
    }
  }
}

void RecordedCheckedReject(Checker& c) { CheckedReject(c, 0x4e1ec7, /*with_i64=*/false); }
void RecordedCheckedI64Reject(Checker& c) { CheckedReject(c, 0x164e1ec7, /*with_i64=*/true); }

// ---- Rejects through the options flag (RejectMode::kSetOptionsFlag) ----

// A stand-in for V8 11-12's FastApiCallbackOptions: a block of known bytes
// with the flag at `offset` clear. A reject must set exactly that byte to 1.
struct OptionsBlock {
  std::array<uint8_t, kMaxRejectFlagOffset + 1> bytes;
  uint32_t offset;

  explicit OptionsBlock(uint32_t flag_offset) : offset(flag_offset) { Reset(); }
  void Reset() {
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(0xA5 ^ i);
    bytes[offset] = 0;
  }
  // The block as a reject (flag set) or anything else (untouched) leaves it.
  bool Is(bool flag_set) const {
    for (size_t i = 0; i < bytes.size(); ++i) {
      const uint8_t want = i == offset ? (flag_set ? 1 : 0) : static_cast<uint8_t>(0xA5 ^ i);
      if (bytes[i] != want) return false;
    }
    return true;
  }
  void* address() { return bytes.data(); }
};

StubRequest FlagRejects(StubRequest request, const std::vector<Arrival>& arrivals, uint32_t offset) {
  for (size_t i = 0; i < arrivals.size(); ++i) request.params[i].arrival = arrivals[i];
  request.reject_mode = RejectMode::kSetOptionsFlag;
  request.reject_flag_offset = offset;
  return request;
}

// TypedCheckedI64's signature, rejects setting the flag at offsets 0 (V8 12's
// layout), 13 and the largest: accepted values reach C exactly and leave the
// block alone; each checked param rejected in turn (the later ones bad too)
// sets the flag, returns 0 and never calls C. Tail-called and framed.
void TypedCheckedFallback(Checker& c) {
  const std::vector<V> params = {V::kI32, V::kF64, V::kU32, V::kPointer, V::kI8, V::kU16, V::kU8};
  const Arrival I = Arrival::kCheckedI64;
  const Arrival D = Arrival::kCheckedF64;
  const Arrival N = Arrival::kNative;
  const std::vector<Arrival> arrivals = {I, N, I, N, I, D, I};
  const void* ptr = reinterpret_cast<const void*>(uintptr_t{0x7f00c0de0010});
  for (uint32_t offset : {uint32_t{0}, uint32_t{13}, kMaxRejectFlagOffset}) {
    for (bool framed : {false, true}) {
      StubRequest request = FlagRejects(Req(framed ? reinterpret_cast<const void*>(&CheckedI64ExampleU8)
                                                   : reinterpret_cast<const void*>(&CheckedI64Example),
                                            params, framed ? V::kU8 : V::kF64, /*options=*/true),
                                        arrivals, offset);
      auto stub = ExecStub::Create(request, c);
      if (!stub) return;
      const std::string mode = std::string(framed ? "framed" : "tail call") + " flag@" + std::to_string(offset);
      ZC_CHECK_EQ(c, stub->stub().tail_call, !framed, mode);
      OptionsBlock block(offset);
      // The whole return register: 0 after a reject (also for the f64 result).
      auto call = [&](int64_t a, double b, int64_t cc, int64_t d, double e, int64_t u) {
        return stub->CallWithOptions<uint64_t, int64_t, double, int64_t, const void*, int64_t, double, int64_t>(
            block.address(), a, b, cc, ptr, d, e, u);
      };
      auto call_f64 = [&](int64_t a, double b, int64_t cc, int64_t d, double e, int64_t u) {
        return stub->CallWithOptions<double, int64_t, double, int64_t, const void*, int64_t, double, int64_t>(
            block.address(), a, b, cc, ptr, d, e, u);
      };
      // In range: C gets the wrapped values (as in TypedCheckedI64), the flag stays clear.
      const uint64_t calls = checked_i64_record.calls;
      if (framed) {
        ZC_CHECK_EQ(c, call(INT32_MIN, 0.25, kTwo32 - 1, 255, 65536.5, 256), uint64_t{1}, mode + ": u8 result");
      } else {
        ZC_CHECK_EQ(c, call_f64(INT32_MIN, 0.25, kTwo32 - 1, 255, 65536.5, 256),
                    INT32_MIN + 0.5 + 3.0 * 4294967295.0 - 5.0, mode + ": f64 result");
      }
      ZC_CHECK_EQ(c, checked_i64_record.calls, calls + 1, mode + ": target called once");
      ZC_CHECK_EQ(c, checked_i64_record.a, INT32_MIN, mode + ": a");
      ZC_CHECK_EQ(c, checked_i64_record.c, 0xffffffffu, mode + ": c");
      ZC_CHECK_EQ(c, checked_i64_record.d, -1, mode + ": d wrapped");
      ZC_CHECK_EQ(c, checked_i64_record.e, 0u, mode + ": e wrapped");
      ZC_CHECK_EQ(c, checked_i64_record.u, 0u, mode + ": u wrapped");
      ZC_CHECK(c, block.Is(/*flag_set=*/false), mode + ": options untouched");
      const size_t checked_at[5] = {0, 2, 4, 5, 6};
      for (size_t k = 0; k < 5; ++k) {
        for (int which = 0; which < 4; ++which) {
          const auto [a, cc, d, e, u] = BadCheckedI64Args(k, which);
          const std::string what = mode + ": rejecting param " + std::to_string(checked_at[k]);
          const uint64_t before = checked_i64_record.calls;
          block.Reset();
          reject_log.Clear();
          ZC_CHECK_EQ(c, call(a, 0.5, cc, d, e, u), uint64_t{0}, what + ": returns 0");
          ZC_CHECK_EQ(c, checked_i64_record.calls, before, what + ": target not called");
          ZC_CHECK(c, block.Is(/*flag_set=*/true), what + ": exactly the flag set");
          ZC_CHECK(c, reject_log.contexts.empty(), what + ": no handler");
        }
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
void RecordedCheckedFallback(Checker& c) {
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
    auto stub = ExecStub::Create(request, c);
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
      ZC_CHECK_EQ(c, zc_recorded.calls, calls + 1, sig + ": accepted, target called once");
      ZC_CHECK_EQ(c, call.frame.sp_delta, uint64_t{0}, sig + ": stack balanced");
      CheckRecordedParams(c, call, params, raw, arrivals, sig);
      ZC_CHECK(c, resolve_log.values == ResolvedValues(params, raw), sig + ": every resolve, in order");
      ZC_CHECK(c, block.Is(/*flag_set=*/false), sig + ": accepted, options untouched");
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
      ZC_CHECK_EQ(c, zc_recorded.calls, calls, label + ": target not called");
      ZC_CHECK_EQ(c, call.frame.ret_gp, uint64_t{0}, label + ": returns 0");
      ZC_CHECK_EQ(c, call.frame.sp_delta, uint64_t{0}, label + ": stack balanced");
      ZC_CHECK(c, block.Is(/*flag_set=*/true), label + ": exactly the flag set");
      ZC_CHECK(c, reject_log.contexts.empty(), label + ": no handler");
      ZC_CHECK(c, resolve_log.values == ResolvedValues(params, raw, k), label + ": resolves before it only");
    }
  }
}

// ---- Structs by value (kResolvedStruct) ----
//
// The stub gets each struct as a resolved value: TestResolve adds the param's
// ResolveOffset, so the test passes the struct's address minus it. C targets
// take the structs by value and copy what they received into struct_record;
// every byte must match what the stub was given. Structs of 3, 6, 7, 11 and
// 12 bytes also run against the end of a readable page (the next one is
// PROT_NONE): a load past the struct's bytes would fault.

struct D2 { double x, y; };
struct I2 { int64_t a, b; };
struct Mixed { int32_t i; float f; double d; };
struct F3 { float a, b, c; };
struct B3 { uint8_t b[3]; };
struct H3 { uint16_t h[3]; };
struct B7 { uint8_t b[7]; };
struct B11 { uint8_t b[11]; };
struct Nested { uint8_t tag; struct { float x, y; } point; };
struct I3 { int64_t a, b, c; };
struct D4 { double a, b, c, d; };

struct StructRecord {
  uint64_t calls;
  uint8_t bytes[4][32];  // the structs C received, in order
  int64_t ints[8];
  double doubles[2];
};
StructRecord struct_record;

template <typename S>
void RecordStruct(int k, const S& s) {
  static_assert(sizeof(S) <= sizeof struct_record.bytes[0]);
  std::memcpy(struct_record.bytes[k], &s, sizeof s);
}

extern "C" double TakeD2(D2 s) { ++struct_record.calls; RecordStruct(0, s); return s.x + 1000 * s.y; }
extern "C" int64_t TakeI2(I2 s) { ++struct_record.calls; RecordStruct(0, s); return s.a - 7 * s.b; }
extern "C" double TakeMixed(Mixed s) { ++struct_record.calls; RecordStruct(0, s); return s.d; }
extern "C" float TakeF3(F3 s) { ++struct_record.calls; RecordStruct(0, s); return s.c; }
extern "C" uint32_t TakeB3(B3 s) { ++struct_record.calls; RecordStruct(0, s); return s.b[2]; }
extern "C" uint32_t TakeH3(H3 s) { ++struct_record.calls; RecordStruct(0, s); return s.h[2]; }
extern "C" uint32_t TakeB7(B7 s) { ++struct_record.calls; RecordStruct(0, s); return s.b[6]; }
extern "C" uint32_t TakeB11(B11 s) { ++struct_record.calls; RecordStruct(0, s); return s.b[10]; }
extern "C" float TakeNested(Nested s) { ++struct_record.calls; RecordStruct(0, s); return s.point.y; }
extern "C" int64_t TakeI3(I3 s) { ++struct_record.calls; RecordStruct(0, s); return s.c; }
// Five integers take five GP registers: the I2 needs two and goes to the stack
// whole, the next integer still gets the last register.
extern "C" int64_t IntsThenI2(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, I2 s, int64_t f) {
  ++struct_record.calls;
  RecordStruct(0, s);
  const int64_t ints[6] = {a, b, c, d, e, f};
  std::memcpy(struct_record.ints, ints, sizeof ints);
  return f;
}
// Seven integers leave one register on AArch64: the I2 goes to the stack and
// so does the integer after it (NGRN = 8); on x86-64 both go to the stack too.
extern "C" int64_t SevenIntsThenI2(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f,
                                   int64_t g, I2 s, int64_t h) {
  ++struct_record.calls;
  RecordStruct(0, s);
  const int64_t ints[8] = {a, b, c, d, e, f, g, h};
  std::memcpy(struct_record.ints, ints, sizeof ints);
  return h;
}
// Seven doubles leave one FP register: the F3 goes to the stack (AArch64:
// NSRN = 8, so y follows it there; x86-64: y takes xmm7).
extern "C" double SevenDoublesThenF3(double a, double b, double c, double d, double e, double f,
                                     double g, F3 s, double y) {
  ++struct_record.calls;
  RecordStruct(0, s);
  struct_record.doubles[0] = a + b + c + d + e + f;
  struct_record.doubles[1] = g;
  return y;
}
// C may write its parameter: the caller's struct must not change.
extern "C" int64_t ScribbleI3(I3 s) {
  ++struct_record.calls;
  RecordStruct(0, s);
  s.a = s.b = s.c = 0;
  return s.a;
}
// Everything at once, framed (u8 result): structs in FP and GP registers, a
// MEMORY-class copy, a struct that no longer fits after them, scalars between.
extern "C" uint8_t Everything(double x, D2 a, int32_t i, Mixed b, I3 c, I2 d, int64_t j, B3 e,
                              double y) {
  ++struct_record.calls;
  RecordStruct(0, a);
  RecordStruct(1, b);
  RecordStruct(2, c);
  RecordStruct(3, d);
  const int64_t ints[3] = {i, j, e.b[0] | e.b[1] << 8 | e.b[2] << 16};
  std::memcpy(struct_record.ints, ints, sizeof ints);
  struct_record.doubles[0] = x;
  struct_record.doubles[1] = y;
  return static_cast<uint8_t>(i);
}

abi::StructShape ShapeOf(uint32_t size, std::vector<abi::ScalarField> fields) { return {size, std::move(fields)}; }
std::vector<abi::ScalarField> Fields(uint32_t count, uint8_t size, bool is_float) {
  std::vector<abi::ScalarField> fields;
  for (uint32_t k = 0; k < count; ++k) fields.push_back({k * size, size, is_float});
  return fields;
}

const abi::StructShape kShapeD2 = ShapeOf(16, Fields(2, 8, true));
const abi::StructShape kShapeI2 = ShapeOf(16, Fields(2, 8, false));
const abi::StructShape kShapeMixed = ShapeOf(16, {{0, 4, false}, {4, 4, true}, {8, 8, true}});
const abi::StructShape kShapeF3 = ShapeOf(12, Fields(3, 4, true));
const abi::StructShape kShapeB3 = ShapeOf(3, Fields(3, 1, false));
const abi::StructShape kShapeH3 = ShapeOf(6, Fields(3, 2, false));
const abi::StructShape kShapeB7 = ShapeOf(7, Fields(7, 1, false));
const abi::StructShape kShapeB11 = ShapeOf(11, Fields(11, 1, false));
const abi::StructShape kShapeNested = ShapeOf(12, {{0, 1, false}, {4, 4, true}, {8, 4, true}});
const abi::StructShape kShapeI3 = ShapeOf(24, Fields(3, 8, false));

// Req plus the struct shapes, one per kResolvedStruct param in order.
StubRequest StructReq(const void* target, std::vector<V> params, V result,
                      const std::vector<abi::StructShape>& shapes, bool options = false) {
  StubRequest r = Req(target, std::move(params), result, options);
  r.resolver = HostResolver();
  for (size_t i = 0, k = 0; i < r.params.size(); ++i) {
    if (r.params[i].value != V::kResolvedStruct) continue;
    r.params[i].shape = shapes.at(k++);
    r.params[i].resolver_context = reinterpret_cast<uintptr_t>(ResolveContextFor(i));
  }
  return r;
}

// What the stub gets for a struct at `bytes` as param `param`.
uint64_t StructValue(const void* bytes, size_t param) {
  return reinterpret_cast<uintptr_t>(bytes) - ResolveOffset(param);
}

// Test bytes: 0x11, 0x22, ... (distinct, nonzero).
template <typename S>
S Pattern(uint8_t seed) {
  S s;
  auto* bytes = reinterpret_cast<uint8_t*>(&s);
  for (size_t k = 0; k < sizeof s; ++k) bytes[k] = static_cast<uint8_t>(seed + 0x11 * (k + 1));
  return s;
}

template <typename S>
bool Received(int k, const S& want) {
  return std::memcmp(struct_record.bytes[k], &want, sizeof want) == 0;
}

// Two pages, the second PROT_NONE; At<S>() places S's bytes flush against it.
class GuardedPage {
 public:
  GuardedPage() {
    page_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    void* mem = mmap(nullptr, 2 * page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mem_ = mem == MAP_FAILED ? nullptr : static_cast<uint8_t*>(mem);
    if (mem_ != nullptr) mprotect(mem_ + page_, page_, PROT_NONE);
  }
  ~GuardedPage() {
    if (mem_ != nullptr) munmap(mem_, 2 * page_);
  }
  bool ok() const { return mem_ != nullptr; }
  template <typename S>
  const S* At(const S& value) {
    uint8_t* at = mem_ + page_ - sizeof value;
    std::memcpy(at, &value, sizeof value);
    return reinterpret_cast<const S*>(at);
  }

 private:
  size_t page_ = 0;
  uint8_t* mem_ = nullptr;
};

// One struct param: the stub passes the struct's bytes exactly, from ordinary
// memory and from the end of a readable page.
template <typename S, typename R>
void CheckOneStruct(Checker& c, GuardedPage& guard, const char* name, R (*target)(S),
                    const abi::StructShape& shape, R (*expected)(const S&)) {
  auto stub = ExecStub::Create(StructReq(reinterpret_cast<const void*>(target), {V::kResolvedStruct},
                                         std::is_floating_point_v<R> ? (sizeof(R) == 4 ? V::kF32 : V::kF64)
                                                                     : (sizeof(R) == 4 ? V::kU32 : V::kI64),
                                         {shape}),
                               c);
  if (!stub) return;
  const S plain = Pattern<S>(1);
  for (const S* at : {&plain, guard.At(Pattern<S>(2))}) {
    resolve_log.Clear();
    const uint64_t calls = struct_record.calls;
    const R got = stub->template Call<R, uint64_t>(false, StructValue(at, 0));
    ZC_CHECK_EQ(c, struct_record.calls, calls + 1, std::string(name) + ": called once");
    ZC_CHECK(c, Received(0, *at), std::string(name) + ": every byte");
    ZC_CHECK(c, got == expected(*at), std::string(name) + ": result");
    ZC_CHECK_EQ(c, resolve_log.values.size(), size_t{1}, std::string(name) + ": one resolve");
  }
  // A failed resolve: C never called, 0 in the GP result register (V8 sees
  // the exception and ignores the result, so xmm0 is left as it was).
  const uint64_t calls = struct_record.calls;
  const R failed = stub->template Call<R, uint64_t>(false, kResolveFailValue);
  if constexpr (!std::is_floating_point_v<R>) ZC_CHECK(c, failed == R{0}, std::string(name) + ": failure returns 0");
  ZC_CHECK_EQ(c, struct_record.calls, calls, std::string(name) + ": failure skips the target");
}

// Every struct shape of the execution tests with its C target and the result that
// target must return, handed to `check(name, target, shape, expected)`.
template <typename Check>
void ForEachStructCase(Check&& check) {
  check("D2", &TakeD2, kShapeD2, +[](const D2& s) { return s.x + 1000 * s.y; });
  check("I2", &TakeI2, kShapeI2, +[](const I2& s) { return s.a - 7 * s.b; });
  check("Mixed", &TakeMixed, kShapeMixed, +[](const Mixed& s) { return s.d; });
  check("F3", &TakeF3, kShapeF3, +[](const F3& s) { return s.c; });
  check("B3", &TakeB3, kShapeB3, +[](const B3& s) { return uint32_t{s.b[2]}; });
  check("H3", &TakeH3, kShapeH3, +[](const H3& s) { return uint32_t{s.h[2]}; });
  check("B7", &TakeB7, kShapeB7, +[](const B7& s) { return uint32_t{s.b[6]}; });
  check("B11", &TakeB11, kShapeB11, +[](const B11& s) { return uint32_t{s.b[10]}; });
  check("Nested", &TakeNested, kShapeNested, +[](const Nested& s) { return s.point.y; });
  check("I3", &TakeI3, kShapeI3, +[](const I3& s) { return s.c; });
}

void TypedStructs(Checker& c) {
  GuardedPage guard;
  ZC_CHECK(c, guard.ok(), "guard pages mapped");
  if (!guard.ok()) return;
  ForEachStructCase([&](const char* name, auto target, const abi::StructShape& shape, auto expected) {
    CheckOneStruct(c, guard, name, target, shape, expected);
  });

  {  // The struct after five integers goes to the stack; the last integer to r9.
    std::vector<V> params(5, V::kI64);
    params.push_back(V::kResolvedStruct);
    params.push_back(V::kI64);
    auto stub = ExecStub::Create(StructReq(reinterpret_cast<const void*>(&IntsThenI2), params, V::kI64, {kShapeI2}), c);
    if (!stub) return;
    const I2 s = Pattern<I2>(3);
    const int64_t got = stub->Call<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, uint64_t, int64_t>(
        false, -1, -2, -3, -4, -5, StructValue(&s, 5), -6);
    ZC_CHECK_EQ(c, got, int64_t{-6}, "IntsThenI2: result");
    ZC_CHECK(c, Received(0, s), "IntsThenI2: the struct");
    for (int k = 0; k < 6; ++k) ZC_CHECK_EQ(c, struct_record.ints[k], int64_t{-1 - k}, "IntsThenI2: integers");
  }
  {  // Registers used up by a struct that did not fit.
    std::vector<V> params(7, V::kI64);
    params.push_back(V::kResolvedStruct);
    params.push_back(V::kI64);
    auto stub = ExecStub::Create(StructReq(reinterpret_cast<const void*>(&SevenIntsThenI2), params, V::kI64, {kShapeI2}), c);
    if (!stub) return;
    const I2 s = Pattern<I2>(8);
    const int64_t got = stub->Call<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, uint64_t,
                                   int64_t>(false, -1, -2, -3, -4, -5, -6, -7, StructValue(&s, 7), -8);
    ZC_CHECK_EQ(c, got, int64_t{-8}, "SevenIntsThenI2: result");
    ZC_CHECK(c, Received(0, s), "SevenIntsThenI2: the struct");
    for (int k = 0; k < 8; ++k) ZC_CHECK_EQ(c, struct_record.ints[k], int64_t{-1 - k}, "SevenIntsThenI2: integers");
  }
  {
    std::vector<V> params(7, V::kF64);
    params.push_back(V::kResolvedStruct);
    params.push_back(V::kF64);
    auto stub = ExecStub::Create(StructReq(reinterpret_cast<const void*>(&SevenDoublesThenF3), params, V::kF64, {kShapeF3}), c);
    if (!stub) return;
    const F3* s = guard.At(Pattern<F3>(9));
    const double got = stub->Call<double, double, double, double, double, double, double, double, uint64_t, double>(
        false, 1, 2, 4, 8, 16, 32, 64, StructValue(s, 7), -0.25);
    ZC_CHECK_EQ(c, got, -0.25, "SevenDoublesThenF3: result");
    ZC_CHECK(c, Received(0, *s), "SevenDoublesThenF3: the struct");
    ZC_CHECK_EQ(c, struct_record.doubles[0], 63.0, "SevenDoublesThenF3: doubles 0-5");
    ZC_CHECK_EQ(c, struct_record.doubles[1], 64.0, "SevenDoublesThenF3: double 6");
  }
  {  // C writes its copy, never the caller's bytes.
    auto stub = ExecStub::Create(StructReq(reinterpret_cast<const void*>(&ScribbleI3), {V::kResolvedStruct}, V::kI64, {kShapeI3}), c);
    if (!stub) return;
    const I3 original = Pattern<I3>(10);
    I3 s = original;
    ZC_CHECK_EQ(c, (stub->Call<int64_t, uint64_t>(false, StructValue(&s, 0))), int64_t{0}, "ScribbleI3: result");
    ZC_CHECK(c, Received(0, original), "ScribbleI3: the struct");
    ZC_CHECK(c, std::memcmp(&s, &original, sizeof s) == 0, "ScribbleI3: the caller's bytes unchanged");
  }
  for (bool options : {false, true}) {  // Everything, framed, with and without options.
    const std::vector<V> params = {V::kF64, V::kResolvedStruct, V::kI32, V::kResolvedStruct,
                                   V::kResolvedStruct, V::kResolvedStruct, V::kI64, V::kResolvedStruct,
                                   V::kF64};
    auto stub = ExecStub::Create(StructReq(reinterpret_cast<const void*>(&Everything), params, V::kU8,
                                           {kShapeD2, kShapeMixed, kShapeI3, kShapeI2, kShapeB3}, options),
                                 c);
    if (!stub) return;
    ZC_CHECK(c, !stub->stub().tail_call, "Everything: framed");
    const D2 a = Pattern<D2>(4);
    const Mixed b = Pattern<Mixed>(5);
    const I3 s3 = Pattern<I3>(6);
    const I2 d = Pattern<I2>(7);
    const B3* e = guard.At(B3{{1, 2, 3}});
    resolve_log.Clear();
    const uint8_t got = stub->Call<uint8_t, double, uint64_t, int32_t, uint64_t, uint64_t, uint64_t, int64_t,
                                   uint64_t, double>(options, 0.5, StructValue(&a, 1), 0x1ff, StructValue(&b, 3),
                                                     StructValue(&s3, 4), StructValue(&d, 5), -9,
                                                     StructValue(e, 7), -2.5);
    ZC_CHECK_EQ(c, uint32_t{got}, uint32_t{0xff}, "Everything: u8 result normalised");
    ZC_CHECK(c, Received(0, a) && Received(1, b) && Received(2, s3) && Received(3, d), "Everything: structs");
    ZC_CHECK_EQ(c, struct_record.ints[0], int64_t{0x1ff}, "Everything: i32");
    ZC_CHECK_EQ(c, struct_record.ints[1], int64_t{-9}, "Everything: i64");
    ZC_CHECK_EQ(c, struct_record.ints[2], int64_t{0x030201}, "Everything: B3 at a page end");
    ZC_CHECK_EQ(c, struct_record.doubles[0], 0.5, "Everything: f64 before");
    ZC_CHECK_EQ(c, struct_record.doubles[1], -2.5, "Everything: f64 after");
    ZC_CHECK_EQ(c, resolve_log.values.size(), size_t{5}, "Everything: five resolves");
  }
}

// ---- Structs as byte typed arrays (kTypedArrayStruct, V8 11-12) ----
//
// V8 passes a pointer to a { length, data } descriptor; the stub requires the
// length to be the struct's size, otherwise sets the options flag (the only
// reject mode it takes) and returns 0 without calling C; then C gets the
// bytes at `data` exactly as for a resolved struct.

static_assert(offsetof(TypedArrayDescriptor, length) == kTypedArrayLengthOffset);

// A Uint8Array's descriptor (length in bytes) over `value`'s bytes.
template <typename S>
TypedArrayDescriptor BytesOf(uint64_t length, const S* value) {
  return {length, reinterpret_cast<const uint8_t*>(value)};
}

// Req with options, a shape per kTypedArrayStruct param in order, and flag rejects at `offset`.
StubRequest TypedArrayStructReq(const void* target, std::vector<V> params, V result,
                                const std::vector<abi::StructShape>& shapes, uint32_t offset = 0) {
  StubRequest r = Req(target, std::move(params), result, /*options=*/true);
  for (size_t i = 0, k = 0; i < r.params.size(); ++i) {
    if (r.params[i].value == V::kTypedArrayStruct) r.params[i].shape = shapes.at(k++);
  }
  r.reject_mode = RejectMode::kSetOptionsFlag;
  r.reject_flag_offset = offset;
  return r;
}

// Lengths a struct of `size` bytes must refuse: one off either way, none,
// and a length whose low 32 bits alone would match.
std::vector<uint64_t> WrongLengths(uint64_t size) {
  return {size - 1, size + 1, 0, (uint64_t{1} << 32) + size, ~uint64_t{0}};
}

// One struct param: its bytes exactly, from ordinary memory and from the end
// of a readable page; every wrong length sets the flag alone and skips C.
template <typename S, typename R>
void CheckOneTypedArrayStruct(Checker& c, GuardedPage& guard, const char* name, R (*target)(S),
                              const abi::StructShape& shape, R (*expected)(const S&)) {
  const V result = std::is_floating_point_v<R> ? (sizeof(R) == 4 ? V::kF32 : V::kF64)
                                               : (sizeof(R) == 4 ? V::kU32 : V::kI64);
  auto stub = ExecStub::Create(
      TypedArrayStructReq(reinterpret_cast<const void*>(target), {V::kTypedArrayStruct}, result, {shape}, 8), c);
  if (!stub) return;
  OptionsBlock block(8);
  const S plain = Pattern<S>(1);
  for (const S* at : {&plain, guard.At(Pattern<S>(2))}) {
    const TypedArrayDescriptor descriptor = BytesOf(sizeof(S), at);
    const uint64_t calls = struct_record.calls;
    const R got = stub->template CallWithOptions<R, const TypedArrayDescriptor*>(block.address(), &descriptor);
    ZC_CHECK_EQ(c, struct_record.calls, calls + 1, std::string(name) + ": called once");
    ZC_CHECK(c, Received(0, *at), std::string(name) + ": every byte");
    ZC_CHECK(c, got == expected(*at), std::string(name) + ": result");
    ZC_CHECK(c, block.Is(/*flag_set=*/false), std::string(name) + ": options untouched");
  }
  for (uint64_t length : WrongLengths(sizeof(S))) {
    const TypedArrayDescriptor descriptor = BytesOf(length, &plain);
    const std::string what = std::string(name) + ": length " + std::to_string(length);
    const uint64_t calls = struct_record.calls;
    block.Reset();
    const uint64_t got =
        stub->template CallWithOptions<uint64_t, const TypedArrayDescriptor*>(block.address(), &descriptor);
    ZC_CHECK_EQ(c, got, uint64_t{0}, what + ": returns 0");
    ZC_CHECK_EQ(c, struct_record.calls, calls, what + ": target not called");
    ZC_CHECK(c, block.Is(/*flag_set=*/true), what + ": exactly the flag set");
  }
}

void TypedArrayStructs(Checker& c) {
  GuardedPage guard;
  ZC_CHECK(c, guard.ok(), "guard pages mapped");
  if (!guard.ok()) return;
  ForEachStructCase([&](const char* name, auto target, const abi::StructShape& shape, auto expected) {
    CheckOneTypedArrayStruct(c, guard, name, target, shape, expected);
  });

  {  // The descriptor on V8's stack (after five integers), the struct to C's stack.
    std::vector<V> params(5, V::kI64);
    params.push_back(V::kTypedArrayStruct);
    params.push_back(V::kI64);
    auto stub = ExecStub::Create(
        TypedArrayStructReq(reinterpret_cast<const void*>(&IntsThenI2), params, V::kI64, {kShapeI2}), c);
    if (!stub) return;
    OptionsBlock block(0);
    const I2 s = Pattern<I2>(3);
    auto call = [&](uint64_t length) {
      const TypedArrayDescriptor descriptor = BytesOf(length, &s);
      return stub->CallWithOptions<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, const TypedArrayDescriptor*,
                                   int64_t>(block.address(), -1, -2, -3, -4, -5, &descriptor, -6);
    };
    ZC_CHECK_EQ(c, call(16), int64_t{-6}, "IntsThenI2: result");
    ZC_CHECK(c, Received(0, s), "IntsThenI2: the struct");
    for (int k = 0; k < 6; ++k) ZC_CHECK_EQ(c, struct_record.ints[k], int64_t{-1 - k}, "IntsThenI2: integers");
    ZC_CHECK(c, block.Is(/*flag_set=*/false), "IntsThenI2: options untouched");
    for (uint64_t length : WrongLengths(16)) {
      const uint64_t calls = struct_record.calls;
      block.Reset();
      ZC_CHECK_EQ(c, call(length), int64_t{0}, "IntsThenI2: a wrong length returns 0");
      ZC_CHECK_EQ(c, struct_record.calls, calls, "IntsThenI2: a wrong length skips the target");
      ZC_CHECK(c, block.Is(/*flag_set=*/true), "IntsThenI2: a wrong length sets the flag");
    }
  }
  {  // Everything, framed; each struct of the wrong length in turn (the later ones too).
    const V T = V::kTypedArrayStruct;
    const std::vector<V> params = {V::kF64, T, V::kI32, T, T, T, V::kI64, T, V::kF64};
    auto stub = ExecStub::Create(TypedArrayStructReq(reinterpret_cast<const void*>(&Everything), params, V::kU8,
                                                     {kShapeD2, kShapeMixed, kShapeI3, kShapeI2, kShapeB3}, 4095),
                                 c);
    if (!stub) return;
    ZC_CHECK(c, !stub->stub().tail_call, "Everything: framed");
    OptionsBlock block(4095);
    const D2 a = Pattern<D2>(4);
    const Mixed b = Pattern<Mixed>(5);
    const I3 s3 = Pattern<I3>(6);
    const I2 d = Pattern<I2>(7);
    const B3* e = guard.At(B3{{1, 2, 3}});
    const uint64_t sizes[5] = {16, 16, 24, 16, 3};
    auto call = [&](int wrong_from) {
      TypedArrayDescriptor ds[5] = {BytesOf(16, &a), BytesOf(16, &b), BytesOf(24, &s3), BytesOf(16, &d), BytesOf(3, e)};
      for (int k = wrong_from; k >= 0 && k < 5; ++k) ds[k].length = sizes[k] + 8;
      return stub->CallWithOptions<uint64_t, double, const void*, int32_t, const void*, const void*, const void*,
                                   int64_t, const void*, double>(block.address(), 0.5, &ds[0], 0x1ff, &ds[1], &ds[2],
                                                                 &ds[3], -9, &ds[4], -2.5);
    };
    ZC_CHECK_EQ(c, call(-1), uint64_t{0xff}, "Everything: u8 result normalised");
    ZC_CHECK(c, Received(0, a) && Received(1, b) && Received(2, s3) && Received(3, d), "Everything: structs");
    ZC_CHECK_EQ(c, struct_record.ints[0], int64_t{0x1ff}, "Everything: i32");
    ZC_CHECK_EQ(c, struct_record.ints[1], int64_t{-9}, "Everything: i64");
    ZC_CHECK_EQ(c, struct_record.ints[2], int64_t{0x030201}, "Everything: B3 at a page end");
    ZC_CHECK_EQ(c, struct_record.doubles[0], 0.5, "Everything: f64 before");
    ZC_CHECK_EQ(c, struct_record.doubles[1], -2.5, "Everything: f64 after");
    ZC_CHECK(c, block.Is(/*flag_set=*/false), "Everything: options untouched");
    for (int wrong = 0; wrong < 5; ++wrong) {
      const uint64_t calls = struct_record.calls;
      block.Reset();
      ZC_CHECK_EQ(c, call(wrong), uint64_t{0}, "Everything: a wrong length returns 0");
      ZC_CHECK_EQ(c, struct_record.calls, calls, "Everything: a wrong length skips the target");
      ZC_CHECK(c, block.Is(/*flag_set=*/true), "Everything: a wrong length sets the flag");
    }
  }
}

}  // namespace

const char* ExecAbiName() { return kAbiName; }

const std::vector<ExecCase>& ExecCases() {
  static const std::vector<ExecCase> cases = {
      {"TypedNop", TypedNop},
      {"TypedAddI32", TypedAddI32},
      {"TypedFloats", TypedFloats},
      {"TypedSum7I32", TypedSum7I32},
      {"TypedSum12I64", TypedSum12I64},
      {"TypedSum10F64", TypedSum10F64},
      {"TypedMixed12", TypedMixed12},
      {"TypedPointers", TypedPointers},
      {"TypedArrays", TypedArrays},
      {"TypedResolved", TypedResolved},
      {"TypedResolvedInteger", TypedResolvedInteger},
      {"TypedNarrowResults", TypedNarrowResults},
      {"RecordedNarrowExamples", RecordedNarrowExamples},
      {"RecordedGrid", RecordedGrid},
      {"RecordedNarrow", RecordedNarrow},
      {"RecordedRandom", RecordedRandom},
      {"RecordedResolved", RecordedResolved},
      {"RecordedResolveFailure", RecordedResolveFailure},
      {"RecordedResolvedInteger", RecordedResolvedInteger},
      {"NearTargetUsesRelativeBranch", NearTargetUsesRelativeBranch},
      {"TypedChecked", TypedChecked},
      {"RecordedCheckedExamples", RecordedCheckedExamples},
      {"RecordedCheckedGrid", RecordedCheckedGrid},
      {"RecordedCheckedRandom", RecordedCheckedRandom},
      {"RecordedCheckedReject", RecordedCheckedReject},
      {"TypedCheckedI64", TypedCheckedI64},
      {"RecordedCheckedI64Examples", RecordedCheckedI64Examples},
      {"RecordedCheckedI64Grid", RecordedCheckedI64Grid},
      {"RecordedCheckedI64Random", RecordedCheckedI64Random},
      {"RecordedCheckedI64Reject", RecordedCheckedI64Reject},
      {"TypedCheckedFallback", TypedCheckedFallback},
      {"RecordedCheckedFallback", RecordedCheckedFallback},
      {"TypedStructs", TypedStructs},
      {"TypedArrayStructs", TypedArrayStructs},
  };
  return cases;
}

}  // namespace zerocall::jit::test
