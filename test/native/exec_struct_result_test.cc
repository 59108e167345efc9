// exec_struct_result_test.cc: struct results (StubRequest::struct_result). The
// last param is the buffer for the result's bytes: resolved (kResolvedStruct,
// V8 13+) or a typed array of the struct's size (kTypedArrayStruct, V8 11-12).
// For every shape of exec_structs.h but Nested (its padding is C's to leave) the
// stub must leave exactly the struct C returned in the buffer, placed flush
// against a PROT_NONE page and with a canary after it in ordinary memory:
// register results stored part by part after the call, MEMORY-class ones (x86-64
// over 16 bytes; AArch64 non-HFA over 16) written by C through the hidden pointer.
// Also with the buffer on V8's stack (after seven integers), a failed resolve
// (C never called), and a wrong typed-array length (the options flag).

#include <cstring>
#include <string>
#include <vector>

#include "exec_requests.h"
#include "exec_structs.h"
#include "exec_support.h"

namespace zerocall::jit::test {
namespace {

class StructResultExec : public ExecTest {};

template <typename S>
S MakeStruct(int64_t seed) {
  struct_record.calls++;
  return Pattern<S>(static_cast<uint8_t>(seed));
}

// After seven integers the buffer arrives on V8's stack on both ABIs.
template <typename S>
S MakeAfterSeven(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f, int64_t g) {
  struct_record.calls++;
  for (int k = 0; k < 7; ++k) struct_record.ints[k] = (int64_t[]){a, b, c, d, e, f, g}[k];
  return Pattern<S>(static_cast<uint8_t>(a + g));
}

StubRequest ResultReq(const void* target, std::vector<V> params, const abi::StructShape& shape, bool typed) {
  StubRequest request = typed ? TypedArrayStructReq(target, std::move(params), V::kVoid, {shape}, 8)
                              : StructReq(target, std::move(params), V::kVoid, {shape});
  request.struct_result = true;
  return request;
}

// The canary after a buffer in ordinary memory.
constexpr uint8_t kCanary = 0xC5;

template <typename S>
struct Landing {
  uint8_t bytes[sizeof(S) + 8];
  Landing() { std::memset(bytes, kCanary, sizeof bytes); }
  bool Holds(const S& want) const {
    for (size_t k = sizeof(S); k < sizeof bytes; ++k) {
      if (bytes[k] != kCanary) return false;
    }
    return std::memcmp(bytes, &want, sizeof want) == 0;
  }
};

template <typename S>
void CheckResolvedResult(GuardedPage& guard, const char* name, const abi::StructShape& shape) {
  auto stub = ExecStub::Create(ResultReq(reinterpret_cast<const void*>(&MakeStruct<S>),
                                         {V::kI64, V::kResolvedStruct}, shape, false));
  if (!stub) return;
  Landing<S> plain;
  S* flush = const_cast<S*>(guard.At(S{}));
  for (int64_t seed : {1, 7}) {
    const uint64_t calls = struct_record.calls;
    stub->Call<uint64_t, int64_t, uint64_t>(false, seed, StructValue(plain.bytes, 1));
    ZC_EXPECT_TRUE(plain.Holds(Pattern<S>(static_cast<uint8_t>(seed)))) << std::string(name) + ": exact bytes";
    stub->Call<uint64_t, int64_t, uint64_t>(false, seed + 1, StructValue(flush, 1));
    ZC_EXPECT_TRUE(std::memcmp(flush, &static_cast<const S&>(Pattern<S>(static_cast<uint8_t>(seed + 1))), sizeof(S)) == 0)
        << std::string(name) + ": at a page end";
    ZC_EXPECT_EQ(struct_record.calls, calls + 2) << std::string(name) + ": called twice";
  }
  const uint64_t calls = struct_record.calls;
  const uint64_t failed = stub->Call<uint64_t, int64_t, uint64_t>(false, 3, kResolveFailValue);
  ZC_EXPECT_EQ(failed, uint64_t{0}) << std::string(name) + ": a failed resolve returns 0";
  ZC_EXPECT_EQ(struct_record.calls, calls) << std::string(name) + ": a failed resolve skips the target";
}

template <typename S>
void CheckTypedArrayResult(const char* name, const abi::StructShape& shape) {
  auto stub = ExecStub::Create(ResultReq(reinterpret_cast<const void*>(&MakeStruct<S>),
                                         {V::kI64, V::kTypedArrayStruct}, shape, true));
  if (!stub) return;
  OptionsBlock block(8);
  Landing<S> landing;
  const TypedArrayDescriptor descriptor{sizeof(S), landing.bytes};
  stub->CallWithOptions<uint64_t, int64_t, const TypedArrayDescriptor*>(block.address(), 5, &descriptor);
  ZC_EXPECT_TRUE(landing.Holds(Pattern<S>(5))) << std::string(name) + ": typed array, exact bytes";
  ZC_EXPECT_TRUE(block.Is(/*flag_set=*/false)) << std::string(name) + ": options untouched";
  const uint64_t calls = struct_record.calls;
  Landing<S> untouched;
  const TypedArrayDescriptor wrong{sizeof(S) + 1, untouched.bytes};
  block.Reset();
  stub->CallWithOptions<uint64_t, int64_t, const TypedArrayDescriptor*>(block.address(), 6, &wrong);
  ZC_EXPECT_TRUE(block.Is(/*flag_set=*/true)) << std::string(name) + ": a wrong length falls back";
  ZC_EXPECT_EQ(struct_record.calls, calls) << std::string(name) + ": a wrong length skips the target";
  ZC_EXPECT_EQ(untouched.bytes[0], kCanary) << std::string(name) + ": a wrong length writes nothing";
}

template <typename S>
void CheckAfterSeven(const char* name, const abi::StructShape& shape) {
  std::vector<V> params(7, V::kI64);
  params.push_back(V::kResolvedStruct);
  auto stub = ExecStub::Create(ResultReq(reinterpret_cast<const void*>(&MakeAfterSeven<S>), params, shape, false));
  if (!stub) return;
  Landing<S> landing;
  stub->Call<uint64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, uint64_t>(
      false, 1, -2, 3, -4, 5, -6, 9, StructValue(landing.bytes, 7));
  ZC_EXPECT_TRUE(landing.Holds(Pattern<S>(10))) << std::string(name) + " after seven: exact bytes";
  const int64_t want[7] = {1, -2, 3, -4, 5, -6, 9};
  for (int k = 0; k < 7; ++k) ZC_EXPECT_EQ(struct_record.ints[k], want[k]) << std::string(name) + " after seven: integers";
}

TEST_F(StructResultExec, EveryShape) {
  GuardedPage guard;
  ZC_EXPECT_TRUE(guard.ok()) << "guard pages mapped";
  if (!guard.ok()) return;
#define ZC_RESULT_CASE(S)                        \
  CheckResolvedResult<S>(guard, #S, kShape##S);  \
  CheckTypedArrayResult<S>(#S, kShape##S);       \
  CheckAfterSeven<S>(#S, kShape##S);
  ZC_RESULT_CASE(D2)
  ZC_RESULT_CASE(I2)
  ZC_RESULT_CASE(Mixed)
  ZC_RESULT_CASE(F3)
  ZC_RESULT_CASE(B3)
  ZC_RESULT_CASE(H3)
  ZC_RESULT_CASE(B7)
  ZC_RESULT_CASE(B11)
  ZC_RESULT_CASE(I3)
#undef ZC_RESULT_CASE
}

}  // namespace
}  // namespace zerocall::jit::test
