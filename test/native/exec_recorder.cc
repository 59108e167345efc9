// exec_recorder.cc: recorder calls and the reference they are checked against
// (exec_recorder.h).

#include "exec_recorder.h"

#include <cstddef>
#include <cstring>

#include "exec_checked_values.h"
#include "exec_requests.h"

namespace zerocall::jit::test {
namespace {

// The reference assignment, for V8's side and for C's.
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
                        const std::vector<Arrival>& arrivals) {
  if (IsCheckedF64(arrivals, i)) return ExpectedParam(params[i], TruncatedBits(BitsToDouble(raw)));
  if (IsCheckedI64(arrivals, i)) return ExpectedParam(params[i], raw);  // in range: wrapped like native
  if (CallsResolver(params[i], raw)) return raw + ResolveOffset(i);
  if (params[i] == V::kResolvedInteger) return static_cast<uint64_t>(SmiPayload(TaggedWordAt(raw), smi_shift));
  return ExpectedParam(params[i], raw);
}

}  // namespace

uint64_t ReadLoc(const ZcRecord& rec, RefLoc loc) {
  switch (loc.kind) {
    case RefLoc::kGp: return rec.gp[loc.index];
    case RefLoc::kFp: return rec.fp[loc.index];
    case RefLoc::kStack: return rec.stack[loc.index];
  }
  return 0;
}

void LayOut(const std::vector<V>& params, const std::vector<uint64_t>& raw, bool options,
            LaidOutCall& call, const std::vector<Arrival>& arrivals, uint64_t options_word) {
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

std::vector<uint64_t> ResolvedValues(const std::vector<V>& params, const std::vector<uint64_t>& raw, size_t end) {
  std::vector<uint64_t> out;
  for (size_t i = 0; i < params.size() && i < end; ++i) {
    if (CallsResolver(params[i], raw[i])) out.push_back(raw[i]);
  }
  return out;
}

void CheckRecordedParams(const LaidOutCall& call, const std::vector<V>& params,
                         const std::vector<uint64_t>& raw, const std::vector<Arrival>& arrivals,
                         const std::string& label, uint8_t smi_shift) {
  for (size_t i = 0; i < params.size(); ++i) {
    const uint64_t mask = ContractMask(params[i]);
    const uint64_t got = ReadLoc(zc_recorded, call.c_locs[i]) & mask;
    const uint64_t want = ExpectedCParam(params, i, raw[i], smi_shift, arrivals) & mask;
    ZC_EXPECT_TRUE(got == want) << label << ": param " << i << " (" << StubValueName(params[i]) << ") got 0x"
                                << std::hex << got << " want 0x" << want;
  }
}

void CheckRecordedReject(const LaidOutCall& call, uint64_t calls_before, const std::string& what) {
  ZC_EXPECT_EQ(zc_recorded.calls, calls_before) << what + ": target not called";
  ZC_EXPECT_EQ(call.frame.ret_gp, kRejectReturn) << what + ": handler result";
  ZC_EXPECT_EQ(call.frame.sp_delta, uint64_t{0}) << what + ": stack balanced";
}

void CheckRecorded(std::mt19937_64& rng, const std::vector<V>& params, V result,
                   bool options, const std::string& label, uint8_t smi_shift,
                   const std::vector<Arrival>& arrivals) {
  StubRequest request = Req(reinterpret_cast<const void*>(&zc_record), params, result, options);
  request.smi_shift = smi_shift;
  WireRejects(request, arrivals);
  auto stub = ExecStub::Create(request);
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
    ADD_FAILURE() << "too many slots for the recorder: " << label;
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
  if (!arrivals.empty()) {
    ZC_EXPECT_TRUE(reject_log.contexts.empty()) << label + ": no reject";
  }

  ZC_EXPECT_EQ(zc_recorded.calls, calls_before + 1) << label + ": target called once";
  ZC_EXPECT_EQ(zc_recorded.misaligned, uint64_t{0}) << label + ": sp 16-aligned at the C call";
  ZC_EXPECT_EQ(frame.sp_delta, uint64_t{0}) << label + ": stack balanced";
  CheckRecordedParams(call, params, raw, arrivals, label, smi_shift);
  const std::vector<uint64_t> resolved = ResolvedValues(params, raw);
  if (!resolved.empty()) {
    ZC_EXPECT_TRUE(resolve_log.values == resolved) << label + ": each resolved param resolved once, in order";
    ZC_EXPECT_EQ(zc_clobber_misaligned, uint64_t{0}) << label + ": sp 16-aligned at the resolve call";
  }
  if (result == V::kF32 || result == V::kF64) {
    const uint64_t mask = result == V::kF32 ? 0xffffffff : ~uint64_t{0};
    ZC_EXPECT_EQ(frame.ret_fp & mask, zc_record_ret_fp & mask) << label + ": FP result";
  } else if (result != V::kVoid) {
    const uint64_t mask = ContractMask(result);
    ZC_EXPECT_EQ(frame.ret_gp & mask, ExpectedResult(result, zc_record_ret_gp) & mask)
        << label + ": result " + StubValueName(result);
  }
}

void CheckRandomSignatures(std::mt19937_64& rng, const std::vector<V>& kinds,
                           const std::vector<V>& results, int iterations) {
  for (int iteration = 0; iteration < iterations; ++iteration) {
    std::vector<V> params(rng() % 41);
    for (V& p : params) p = kinds[rng() % kinds.size()];
    const V result = results[rng() % results.size()];
    const bool options = rng() % 2 == 0;
    CheckRecorded(rng, params, result, options, Describe(params, result, options));
  }
}

void RandomCheckedSignature(std::mt19937_64& rng, std::vector<V>& params, std::vector<Arrival>& arrivals,
                            bool with_i64) {
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

}  // namespace zerocall::jit::test
