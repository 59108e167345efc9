// exec_apple_arm64_test.cc: stubs built for Apple's arm64 rules
// (EmitAppleArm64Stub) run on AArch64 (under qemu on x86-64 hosts). Linux C
// callees read Linux's layout, so the target is zc_record, which saves x0-x7,
// d0-d7 and the raw stack it gets; the test lays V8's call out and decodes
// what C got by Apple's rules, with its own reference of them: past the
// registers each argument at its own size and natural alignment (V8 passes a
// bool as a byte, the 8/16-bit kinds and i32/u32 as 4 bytes), 8/16-bit
// arguments extended to 32 bits in registers, the area 16-byte aligned at the
// call. Exact bits for every argument, the result, sp alignment and balance.

#if defined(__aarch64__)

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "exec_recorder.h"
#include "exec_support.h"

namespace zerocall::jit::test {
namespace {

class AppleArm64Exec : public ExecTest {};

bool IsFp(V v) { return v == V::kF32 || v == V::kF64; }

// Apple's C sizes, and what V8 passes on the stack.
uint32_t RefCBytes(V v) {
  switch (v) {
    case V::kBool: case V::kI8: case V::kU8: return 1;
    case V::kI16: case V::kU16: return 2;
    case V::kI32: case V::kU32: case V::kF32: return 4;
    default: return 8;
  }
}
uint32_t RefV8Bytes(V v) {
  if (v == V::kBool) return 1;
  return RefCBytes(v) < 4 ? 4 : RefCBytes(v);
}

// What C must see of a param V8 passed as `raw`: narrow kinds extended to 32
// bits, 32-bit kinds and f32 their low 32 bits, the rest all 64.
uint64_t Expected(V v, uint64_t raw) {
  switch (v) {
    case V::kBool: return raw & 0xff;
    case V::kI8: return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(raw)));
    case V::kU8: return static_cast<uint8_t>(raw);
    case V::kI16: return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(raw)));
    case V::kU16: return static_cast<uint16_t>(raw);
    case V::kI32: case V::kU32: case V::kF32: return static_cast<uint32_t>(raw);
    default: return raw;
  }
}
// The bits of a register a check compares (the callee reads 32 of a 32-bit
// or narrower argument).
uint64_t RegisterBits(V v, uint64_t reg) { return RefCBytes(v) < 8 ? static_cast<uint32_t>(reg) : reg; }

// Packs arguments at their natural alignment into a byte area.
struct PackedStack {
  std::vector<uint8_t> bytes;
  uint32_t Place(uint32_t size) {
    const uint32_t at = (static_cast<uint32_t>(bytes.size()) + size - 1) / size * size;
    bytes.resize(at + size, 0xee);  // padding: garbage
    return at;
  }
};

struct Where {
  bool in_register;
  uint32_t index;  // register number, or byte offset
};

struct AppleCall {
  ZcInvokeFrame frame{};
  std::vector<uint64_t> stack;
  std::vector<Where> c;
  uint32_t c_stack_bytes = 0;
};

// V8's call: the receiver in x0, then each param in the next register of its
// class or packed on the stack at V8's size, the options pointer last (GP).
AppleCall LayOutApple(const std::vector<V>& params, const std::vector<uint64_t>& raw, bool options) {
  AppleCall call;
  PackedStack v8;
  int gp = 1, fp = 0;
  call.frame.gp[0] = reinterpret_cast<uintptr_t>(kReceiver);
  auto put = [&](bool is_fp, uint32_t size, uint64_t bits) {
    int& used = is_fp ? fp : gp;
    if (used < 8) {
      (is_fp ? call.frame.fp : call.frame.gp)[used++] = bits;
      return;
    }
    const uint32_t at = v8.Place(size);
    std::memcpy(&v8.bytes[at], &bits, size);
  };
  for (size_t i = 0; i < params.size(); ++i) put(IsFp(params[i]), RefV8Bytes(params[i]), raw[i]);
  if (options) put(false, 8, reinterpret_cast<uintptr_t>(kOptions));
  v8.bytes.resize((v8.bytes.size() + 7) / 8 * 8, 0xee);
  call.stack.resize(v8.bytes.size() / 8);
  std::memcpy(call.stack.data(), v8.bytes.data(), v8.bytes.size());
  call.frame.stack_slots = call.stack.size();
  call.frame.stack = call.stack.data();
  // C: the same without the receiver and options, at C's sizes.
  PackedStack c;
  int cgp = 0, cfp = 0;
  for (V v : params) {
    int& used = IsFp(v) ? cfp : cgp;
    if (used < 8) {
      call.c.push_back({true, static_cast<uint32_t>(used++)});
    } else {
      call.c.push_back({false, c.Place(RefCBytes(v))});
    }
  }
  call.c_stack_bytes = static_cast<uint32_t>(c.bytes.size());
  return call;
}

// V8's bits for a param: random, with garbage above a narrow kind's bits in
// registers (a bool is 0 or 1 in its low byte).
uint64_t RandomRaw(std::mt19937_64& rng, V v) {
  uint64_t bits = rng();
  if (v == V::kBool) bits = (bits & ~uint64_t{0xff}) | (bits >> 63);
  return bits;
}

// Calls a stub for `params -> result` built for Apple's rules and checks
// every argument C got at Apple's location, the result, alignment, balance.
void CheckApple(std::mt19937_64& rng, const std::vector<V>& params, V result, bool options,
                const std::string& label) {
  StubRequest request;
  request.target = reinterpret_cast<uintptr_t>(&zc_record);
  request.params.assign(params.begin(), params.end());
  request.result = result;
  request.options_arg = options;
  auto stub = ExecStub::Create(request, nullptr, EmitAppleArm64Stub);
  if (!stub) return;
  std::vector<uint64_t> raw;
  for (V v : params) raw.push_back(RandomRaw(rng, v));
  AppleCall call = LayOutApple(params, raw, options);
  // A stack-bound bool travels as V8's byte: 0 or 1 there too.
  std::memset(&zc_recorded, 0, sizeof zc_recorded);
  zc_record_ret_gp = rng();
  zc_record_ret_fp = rng();
  zc_invoke(&call.frame, stub->entry());
  ZC_EXPECT_EQ(zc_recorded.calls, 1u) << label;
  ZC_EXPECT_EQ(zc_recorded.misaligned, 0u) << label << ": sp not 16-byte aligned at the call";
  ZC_EXPECT_EQ(call.frame.sp_delta, 0u) << label << ": stack not balanced";
  ZC_EXPECT_EQ(stub->stub().tail_call, call.c_stack_bytes == 0 && (result == V::kVoid || RefCBytes(result) >= 4))
      << label << ": a frame exactly when C reads stack arguments or the result is narrow";
  const auto* c_stack = reinterpret_cast<const uint8_t*>(zc_recorded.stack);
  for (size_t i = 0; i < params.size(); ++i) {
    const V v = params[i];
    const uint64_t want = Expected(v, raw[i]);
    const std::string what = label + " param " + std::to_string(i) + " (" + StubValueName(v) + ")";
    if (call.c[i].in_register) {
      const uint64_t reg = IsFp(v) ? zc_recorded.fp[call.c[i].index] : zc_recorded.gp[call.c[i].index];
      ZC_EXPECT_EQ(RegisterBits(v, reg), want) << what << " in register " << call.c[i].index;
    } else {
      uint64_t got = 0;
      std::memcpy(&got, c_stack + call.c[i].index, RefCBytes(v));
      const uint64_t mask = RefCBytes(v) == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * RefCBytes(v))) - 1;
      ZC_EXPECT_EQ(got, want & mask) << what << " at [sp, #" << call.c[i].index << "]";
    }
  }
  switch (result) {
    case V::kVoid: break;
    case V::kF64: ZC_EXPECT_EQ(call.frame.ret_fp, zc_record_ret_fp) << label << " result"; break;
    case V::kBool:
      ZC_EXPECT_EQ(static_cast<uint32_t>(call.frame.ret_gp), (zc_record_ret_gp & 0xff) != 0 ? 1u : 0u) << label;
      break;
    default:
      ZC_EXPECT_EQ(RegisterBits(result, call.frame.ret_gp), Expected(result, zc_record_ret_gp)) << label << " result";
  }
}

// The brief's shapes: nine i32, then a u8, a u16 and an f32 past eight
// doubles; i8/i64 alternating for alignment; every narrow kind packed.
TEST_F(AppleArm64Exec, PackedExamples) {
  std::mt19937_64 rng(2026);
  std::vector<V> nine(9, V::kI32);
  std::vector<V> brief = nine;
  brief.insert(brief.end(), {V::kU8, V::kU16});
  brief.insert(brief.end(), 8, V::kF64);
  brief.push_back(V::kF32);
  std::vector<V> alternating(8, V::kPointer);
  for (int k = 0; k < 6; ++k) alternating.push_back(k % 2 == 0 ? V::kI8 : V::kI64);
  std::vector<V> narrow(8, V::kU64);
  for (V v : {V::kBool, V::kI8, V::kU8, V::kI16, V::kU16, V::kBool, V::kI16, V::kI8, V::kU32, V::kF32}) {
    narrow.push_back(v);
  }
  for (const auto& params : {nine, brief, alternating, narrow}) {
    for (V result : {V::kI32, V::kI8, V::kU16, V::kBool, V::kI64, V::kF64, V::kVoid}) {
      for (bool options : {false, true}) {
        for (int round = 0; round < 3; ++round) {
          CheckApple(rng, params, result, options, Describe(params, result, options));
        }
      }
    }
  }
}

// Random signatures of up to 40 scalar params, options on and off.
TEST_F(AppleArm64Exec, RandomSignatures) {
  std::mt19937_64 rng(0xa99);
  const V kinds[] = {V::kBool, V::kI8, V::kU8, V::kI16, V::kU16, V::kI32, V::kU32,
                     V::kI64, V::kU64, V::kPointer, V::kF32, V::kF64};
  const V results[] = {V::kVoid, V::kI8, V::kU16, V::kBool, V::kI32, V::kI64, V::kF64};
  for (int iteration = 0; iteration < 800; ++iteration) {
    std::vector<V> params(rng() % 41);
    for (V& v : params) v = kinds[rng() % std::size(kinds)];
    const V result = results[rng() % std::size(results)];
    const bool options = rng() % 2 == 0;
    CheckApple(rng, params, result, options, Describe(params, result, options));
  }
}

}  // namespace
}  // namespace zerocall::jit::test

#endif  // __aarch64__
