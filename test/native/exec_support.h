// exec_support.h: what every execution test shares. The tests run emitted stubs on
// the host ISA (x86-64 natively, AArch64 natively or under qemu-user): typed cases
// call real C functions through a pointer typed as V8 calls it, R (*)(void* receiver,
// args..., [void* options]); recorder cases (exec_recorder.h) call through zc_invoke
// with exact register and stack contents. kResolvedPointer, kResolvedInteger and
// kResolvedStruct params run the host's real resolver routine (src/jit/resolver_*.S)
// with TestResolve; checked params (Arrival::kCheckedF64 / kCheckedI64) reject to
// TestReject. Requests are built in exec_requests.h.
#ifndef ZEROCALL_TEST_NATIVE_EXEC_SUPPORT_H_
#define ZEROCALL_TEST_NATIVE_EXEC_SUPPORT_H_

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "checks.h"
#include "harness.h"
#include "jit/fast_stub.h"
#include "jit/resolver.h"
#include "jit/stub_plan.h"

namespace zerocall::jit::test {

#if defined(__x86_64__)
constexpr auto kEmit = EmitX64SysVStub;
inline constexpr const abi::Abi& kEmitShape = abi::kX64SysV;
constexpr const char* kAbiName = "x86-64 SysV";
#elif defined(__aarch64__)
constexpr auto kEmit = EmitAArch64Stub;
inline constexpr const abi::Abi& kEmitShape = abi::kAapcs64;
constexpr const char* kAbiName = "AArch64";
#else
#error "the execution tests run stubs natively: x86-64 or AArch64 hosts only"
#endif

using V = StubValue;

// The base of every execution test: each counts its checks and makes at least one.
using ExecTest = ::zerocall::test::CountedChecksTest;

inline void* const kReceiver = reinterpret_cast<void*>(uintptr_t{0x7ece1e7e7});
inline void* const kOptions = reinterpret_cast<void*>(uintptr_t{0x0b7100b71});

// An emitted stub in its own page: mapped RW, written, then made RX (never RWX).
// Create records a test failure and returns nothing when that fails.
class ExecStub {
 public:
  // place_near: map close to this address so pc-relative branches are usable.
  // emit: the host ABI's emitter, or another one for the host ISA (the Apple
  // arm64 tests run EmitAppleArm64Stub's stubs under qemu).
  using Emitter = std::optional<EmittedStub> (*)(const StubRequest&, std::string*);
  static std::optional<ExecStub> Create(StubRequest request, const void* place_near = nullptr,
                                        Emitter emit = kEmit);

  ExecStub(ExecStub&& other) noexcept
      : mem_(std::exchange(other.mem_, nullptr)), size_(other.size_), stub_(std::move(other.stub_)) {}
  ExecStub& operator=(ExecStub&&) = delete;
  ~ExecStub();

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

// ---- The test resolver (kResolvedPointer, kResolvedInteger, kResolvedStruct) ----

// Resolving gives value + ResolveOffset(param index): each param has its own
// context, so a mixed-up context word shows. kResolveFailValue fails, and so
// does the address of resolve_fail_slot (kResolvedInteger values are slot
// addresses the stub reads), with only bit 40 of `failed` set (a 32-bit test
// of it would miss the failure).
constexpr uint64_t kResolveFailValue = 0xDEAD;
constexpr uint64_t kResolveFailed = uint64_t{1} << 40;
inline uint64_t ResolveOffset(size_t param) { return 1000 * (param + 1); }
extern uint64_t resolve_fail_slot;  // a heap-object word (odd)
inline uint64_t ResolveFailSlotAddress() { return reinterpret_cast<uintptr_t>(&resolve_fail_slot); }

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
extern ResolveLog resolve_log;

// Logs the call and calls zc_clobber_volatile first: the routine must restore
// the stub's argument registers.
extern "C" ResolveResult TestResolve(uint64_t value, const ResolveContext* base);

// Context i belongs to param i.
const TestResolveContext* ResolveContextFor(size_t param);

// Smis as Node's V8 tags them (no pointer compression): payload << 32.
constexpr uint8_t kNodeSmiShift = 32;

// ---- Tagged words (kResolvedInteger) ----

inline uint64_t SmiWord(int64_t payload, unsigned shift) { return static_cast<uint64_t>(payload) << shift; }
inline bool IsSmiWord(uint64_t word) { return (word & 1) == 0; }
inline int64_t SmiPayload(uint64_t word, unsigned shift) { return static_cast<int64_t>(word) >> shift; }

// The payloads at the edges of a 32-bit Smi, and one in between.
constexpr int64_t kSmiPayloads[] = {0, -1, INT32_MIN, INT32_MAX, 12345};

// A random tagged word: a third heap-object words (odd), the rest Smis whose
// payload fills the 64 - shift bits a Smi has, edges included.
uint64_t RandomTaggedWord(std::mt19937_64& rng, unsigned shift);

// ---- The test reject handler (Arrival::kCheckedF64, kCheckedI64) ----

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
extern RejectLog reject_log;

extern "C" uint64_t TestReject(uint64_t context, double value);

// Param i's reject context: distinct per param, with bits in both halves.
inline uint64_t RejectContext(size_t param) { return 0x00c0ffee00000000 + 0x10001 * (param + 1); }

inline uint64_t DoubleBits(double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return bits;
}
inline double BitsToDouble(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

// One reject, for `context`, with the double whose bits are `value_bits`.
void CheckRejectedOnce(uint64_t context, uint64_t value_bits, const std::string& what);

// Param i arrives as a checked double (FP-class at V8's side).
inline bool IsCheckedF64(const std::vector<Arrival>& arrivals, size_t i) {
  return i < arrivals.size() && arrivals[i] == Arrival::kCheckedF64;
}
// Param i arrives as a checked int64 (GP-class, where the native kind would).
inline bool IsCheckedI64(const std::vector<Arrival>& arrivals, size_t i) {
  return i < arrivals.size() && arrivals[i] == Arrival::kCheckedI64;
}
// Either: range-checked at entry, with a reject tail.
inline bool IsChecked(const std::vector<Arrival>& arrivals, size_t i) {
  return IsCheckedF64(arrivals, i) || IsCheckedI64(arrivals, i);
}

// ---- What V8 11-12 hand over ----

// A typed-array argument arrives as a pointer to V8's { length, data } descriptor.
struct TypedArrayDescriptor {
  size_t length;
  const uint8_t* data;
};
static_assert(offsetof(TypedArrayDescriptor, length) == kTypedArrayLengthOffset);
static_assert(offsetof(TypedArrayDescriptor, data) == kTypedArrayDataOffset);

// A stand-in for V8 11-12's FastApiCallbackOptions: a block of known bytes
// with the flag at `offset` clear. A reject (RejectMode::kSetOptionsFlag) must
// set exactly that byte to 1.
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

}  // namespace zerocall::jit::test

#endif  // ZEROCALL_TEST_NATIVE_EXEC_SUPPORT_H_
