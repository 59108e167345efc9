// exec_apple_arm64.cc: see exec_apple_arm64.h.
#if defined(__aarch64__)

#include "exec_apple_arm64.h"

#include <algorithm>
#include <cstring>

#include "exec_requests.h"

namespace zerocall::jit::test {
namespace {

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

// One piece of what C must get: `bytes` bytes (compared as the low bytes of
// the register or at the stack offset) equal to `want`; a by-reference
// struct's piece is its copy's address, whose bytes must equal `copy_of`.
struct CPiece {
  enum Where { kGp, kFp, kStack } where;
  uint32_t index;  // register number or byte offset
  uint32_t bytes;
  uint64_t want;
  const uint8_t* copy_of = nullptr;
  uint32_t copy_bytes = 0;
};

// Apple's assignment of C's arguments, independent of src/abi/.
struct RefCView {
  int gp = 0, fp = 0;
  PackedStack stack;
  CPiece Next(bool is_fp, uint32_t bytes, uint64_t want) {
    int& used = is_fp ? fp : gp;
    if (used < 8) return {is_fp ? CPiece::kFp : CPiece::kGp, static_cast<uint32_t>(used++), bytes, want};
    return {CPiece::kStack, stack.Place(bytes), bytes, want};
  }
};

uint64_t LoadLe(const uint8_t* p, uint32_t bytes) {
  uint64_t v = 0;
  std::memcpy(&v, p, bytes);
  return v;
}

// V8's bits for a param and what C must get of it, appended to `pieces`:
// scalars as Expected; a resolved pointer + its ResolveOffset; a checked
// double or int64 in the kind's range, truncated and wrapped; a struct from
// `storage` (random bytes) in registers or, past them, packed on the stack (an
// HFA at its member's size, anything else in 8-byte slots), a struct over 16
// bytes as the address of a copy.
uint64_t MakeParam(std::mt19937_64& rng, const ParamSpec& p, size_t i, RefCView& c, std::vector<CPiece>& pieces,
                   std::vector<std::vector<uint8_t>>& storage) {
  if (p.kind == V::kResolvedPointer) {
    const uint64_t raw = rng() >> 1;
    pieces.push_back(c.Next(false, 8, raw + ResolveOffset(i)));
    return raw;
  }
  if (p.kind == V::kResolvedStruct) {
    storage.emplace_back(p.shape->size);
    for (uint8_t& b : storage.back()) b = static_cast<uint8_t>(rng());
    const uint8_t* data = storage.back().data();
    const uint32_t size = p.shape->size;
    if (size > 16) {
      CPiece piece = c.Next(false, 8, 0);
      piece.copy_of = data;
      piece.copy_bytes = size;
      pieces.push_back(piece);
    } else if (p.hfa_member != 0) {
      const uint32_t n = size / p.hfa_member;
      const bool regs = c.fp + static_cast<int>(n) <= 8;
      if (!regs) c.fp = 8;
      for (uint32_t k = 0; k < n; ++k) {
        pieces.push_back(c.Next(true, p.hfa_member, LoadLe(data + k * p.hfa_member, p.hfa_member)));
      }
    } else {
      const uint32_t n = (size + 7) / 8;
      if (c.gp + static_cast<int>(n) > 8) c.gp = 8;
      for (uint32_t k = 0; k < n; ++k) {
        const uint32_t bytes = std::min<uint32_t>(8, size - 8 * k);
        CPiece piece = c.Next(false, 8, LoadLe(data + 8 * k, bytes));
        piece.bytes = bytes;  // the callee reads the struct's bytes only
        pieces.push_back(piece);
      }
    }
    return reinterpret_cast<uintptr_t>(data) - ResolveOffset(i);
  }
  if (p.arrival != Arrival::kNative) {
    const bool is_signed = p.kind == V::kI8 || p.kind == V::kI16 || p.kind == V::kI32;
    const int64_t n = is_signed ? static_cast<int32_t>(rng()) : static_cast<int64_t>(static_cast<uint32_t>(rng()));
    pieces.push_back(c.Next(false, RefCBytes(p.kind), Expected(p.kind, static_cast<uint64_t>(n))));
    if (p.arrival == Arrival::kCheckedI64) return static_cast<uint64_t>(n);
    const double frac = static_cast<double>(rng() % 4) / 4.0;  // 0, .25, .5, .75: truncated away
    return DoubleBits(static_cast<double>(n) + (n < 0 ? -frac : frac));
  }
  uint64_t raw = rng();
  if (p.kind == V::kBool) raw = (raw & ~uint64_t{0xff}) | (raw >> 63);  // a C bool: 0 or 1
  pieces.push_back(c.Next(IsFp(p.kind), RefCBytes(p.kind), Expected(p.kind, raw)));
  return raw;
}

// How V8 passes a param: its class and its bytes on the stack.
bool V8IsFp(const ParamSpec& p) { return IsFp(p.kind) || p.arrival == Arrival::kCheckedF64; }
uint32_t V8Bytes(const ParamSpec& p) {
  if (p.arrival != Arrival::kNative || IsStructKind(p.kind) || p.kind == V::kResolvedPointer) return 8;
  return RefV8Bytes(p.kind);
}

uint64_t Mask(uint32_t bytes) { return bytes == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * bytes)) - 1; }

}  // namespace

void CheckApple(std::mt19937_64& rng, const std::vector<ParamSpec>& specs, V result, bool options,
                const std::string& label) {
  std::vector<V> kinds;
  std::vector<Arrival> arrivals;
  std::vector<abi::StructShape> shapes;
  size_t resolved = 0;
  for (const ParamSpec& p : specs) {
    kinds.push_back(p.kind);
    arrivals.push_back(p.arrival);
    if (p.shape != nullptr) shapes.push_back(*p.shape);
    if (IsResolvedKind(p.kind)) ++resolved;
  }
  StubRequest request = StructReq(reinterpret_cast<const void*>(&zc_record), kinds, result, shapes, options);
  WireRejects(request, arrivals);
  auto stub = ExecStub::Create(request, nullptr, EmitAppleArm64Stub);
  if (!stub) return;
  RefCView c;
  std::vector<CPiece> pieces;
  std::vector<std::vector<uint8_t>> storage;
  storage.reserve(specs.size());  // the structs' addresses must not move
  ZcInvokeFrame frame{};
  PackedStack v8;
  int gp = 1, fp = 0;
  frame.gp[0] = reinterpret_cast<uintptr_t>(kReceiver);
  auto put = [&](bool is_fp, uint32_t size, uint64_t bits) {
    int& used = is_fp ? fp : gp;
    if (used < 8) {
      (is_fp ? frame.fp : frame.gp)[used++] = bits;
      return;
    }
    std::memcpy(&v8.bytes[v8.Place(size)], &bits, size);
  };
  for (size_t i = 0; i < specs.size(); ++i) {
    put(V8IsFp(specs[i]), V8Bytes(specs[i]), MakeParam(rng, specs[i], i, c, pieces, storage));
  }
  if (options) put(false, 8, reinterpret_cast<uintptr_t>(kOptions));
  v8.bytes.resize((v8.bytes.size() + 7) / 8 * 8, 0xee);
  std::vector<uint64_t> stack(v8.bytes.size() / 8);
  std::memcpy(stack.data(), v8.bytes.data(), v8.bytes.size());
  frame.stack_slots = stack.size();
  frame.stack = stack.data();
  std::memset(&zc_recorded, 0, sizeof zc_recorded);
  resolve_log.Clear();
  zc_record_ret_gp = rng();
  zc_record_ret_fp = rng();
  zc_invoke(&frame, stub->entry());
  ZC_EXPECT_EQ(zc_recorded.calls, 1u) << label;
  ZC_EXPECT_EQ(zc_recorded.misaligned, 0u) << label << ": sp not 16-byte aligned at the call";
  ZC_EXPECT_EQ(frame.sp_delta, 0u) << label << ": stack not balanced";
  ZC_EXPECT_EQ(resolve_log.values.size(), resolved) << label << ": resolver calls";
  const bool copies = std::any_of(pieces.begin(), pieces.end(), [](const CPiece& p) { return p.copy_of != nullptr; });
  const bool narrow_result = result != V::kVoid && RefCBytes(result) < 4;
  ZC_EXPECT_EQ(stub->stub().tail_call, c.stack.bytes.empty() && !narrow_result && !copies)
      << label << ": a frame exactly when C reads stack arguments, copies or the result is narrow";
  const auto* c_stack = reinterpret_cast<const uint8_t*>(zc_recorded.stack);
  for (size_t k = 0; k < pieces.size(); ++k) {
    const CPiece& piece = pieces[k];
    uint64_t got = 0;
    switch (piece.where) {
      case CPiece::kGp: got = zc_recorded.gp[piece.index]; break;
      case CPiece::kFp: got = zc_recorded.fp[piece.index]; break;
      case CPiece::kStack: got = LoadLe(c_stack + piece.index, piece.bytes); break;
    }
    const std::string what = label + " piece " + std::to_string(k) + " in " +
                             (piece.where == CPiece::kStack ? "[sp, #" : piece.where == CPiece::kGp ? "x" : "v") +
                             std::to_string(piece.index) + (piece.where == CPiece::kStack ? "]" : "");
    if (piece.copy_of == nullptr) {
      ZC_EXPECT_EQ(got & Mask(piece.bytes), piece.want & Mask(piece.bytes)) << what;
      continue;
    }
    // The copy lives in the stub's frame, dead once the stub returned: read
    // it from what zc_record saved of the stack at the call.
    const uint64_t offset = got - zc_recorded.stack_address;
    ZC_EXPECT_TRUE(got % 8 == 0 && got >= zc_recorded.stack_address &&
                   offset + piece.copy_bytes <= sizeof zc_recorded.stack)
        << what << ": the copy is in the caller's frame, 8-aligned, above the stack arguments";
    if (got % 8 != 0 || got < zc_recorded.stack_address || offset + piece.copy_bytes > sizeof zc_recorded.stack) continue;
    ZC_EXPECT_TRUE(offset >= c.stack.bytes.size()) << what << ": the copy is above C's stack arguments";
    ZC_EXPECT_EQ(std::memcmp(c_stack + offset, piece.copy_of, piece.copy_bytes), 0) << what << ": the copy's bytes";
  }
  switch (result) {
    case V::kVoid: break;
    case V::kF64: ZC_EXPECT_EQ(frame.ret_fp, zc_record_ret_fp) << label << " result"; break;
    case V::kBool:
      ZC_EXPECT_EQ(static_cast<uint32_t>(frame.ret_gp), (zc_record_ret_gp & 0xff) != 0 ? 1u : 0u) << label;
      break;
    default:
      ZC_EXPECT_EQ(RegisterBits(result, frame.ret_gp), Expected(result, zc_record_ret_gp)) << label << " result";
  }
}

void CheckApple(std::mt19937_64& rng, const std::vector<V>& params, V result, bool options, const std::string& label) {
  std::vector<ParamSpec> specs;
  for (V v : params) specs.push_back({v});
  CheckApple(rng, specs, result, options, label);
}

}  // namespace zerocall::jit::test

#endif  // __aarch64__
