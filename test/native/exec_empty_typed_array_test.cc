// exec_empty_typed_array_test.cc: empty typed arrays (StubRequest::
// reject_empty_typed_arrays, zerocall's V8 11-12 buffers). A kTypedArrayData param
// whose { length, data } descriptor has length 0 sets the options flag and returns
// 0 without calling C (the slow callback then passes what the general path does);
// any other length passes its data pointer as before: in a register, and on V8's
// stack for a tail call and a framed one.

#include <string>
#include <vector>

#include "exec_requests.h"
#include "exec_support.h"

namespace zerocall::jit::test {
namespace {

class EmptyTypedArrayExec : public ExecTest {};

int target_calls = 0;
const void* Advance(const void* p, uint64_t n) {
  ++target_calls;
  return static_cast<const char*>(p) + n;
}
uint64_t SixIntsTwoArrays(int32_t a, int32_t b, int32_t c, int32_t d, int32_t e, int32_t f, const uint8_t* p,
                          const uint8_t* q) {
  ++target_calls;
  return uint64_t(a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f) + 1000u * p[0] + 100000u * q[1];
}
uint8_t SecondsFirstByte(int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, const uint8_t*, const uint8_t* q) {
  ++target_calls;
  return q[0];
}

StubRequest EmptyRejectingReq(const void* target, std::vector<V> params, V result, uint32_t offset) {
  StubRequest r = Req(target, std::move(params), result, /*options=*/true);
  r.reject_empty_typed_arrays = true;
  r.reject_mode = RejectMode::kSetOptionsFlag;
  r.reject_flag_offset = offset;
  return r;
}

const uint8_t bytes_p[4] = {7, 0, 0, 0};
const uint8_t bytes_q[4] = {200, 9, 0, 0};
const TypedArrayDescriptor p{4, bytes_p};
const TypedArrayDescriptor q{4, bytes_q};
const TypedArrayDescriptor empty_p{0, bytes_p};
const TypedArrayDescriptor empty_q{0, bytes_q};

TEST_F(EmptyTypedArrayExec, InARegister) {
  OptionsBlock block(16);
  auto stub = ExecStub::Create(
      EmptyRejectingReq(reinterpret_cast<const void*>(&Advance), {V::kTypedArrayData, V::kU64}, V::kPointer, 16));
  if (!stub) return;
  const int calls = target_calls;
  const void* got = stub->CallWithOptions<const void*, const void*, uint64_t>(block.address(), &q, uint64_t{1});
  ZC_EXPECT_TRUE(got == bytes_q + 1) << "non-empty: C gets the data pointer";
  ZC_EXPECT_TRUE(block.Is(/*flag_set=*/false)) << "non-empty: options untouched";
  ZC_EXPECT_EQ(target_calls, calls + 1) << "non-empty: C called once";
  block.Reset();
  got = stub->CallWithOptions<const void*, const void*, uint64_t>(block.address(), &empty_q, uint64_t{1});
  ZC_EXPECT_TRUE(got == nullptr) << "empty: returns 0";
  ZC_EXPECT_TRUE(block.Is(/*flag_set=*/true)) << "empty: exactly the flag set";
  ZC_EXPECT_EQ(target_calls, calls + 1) << "empty: C not called";
}

TEST_F(EmptyTypedArrayExec, OnTheStack) {
  const std::vector<V> params = {V::kI32, V::kI32, V::kI32, V::kI32, V::kI32, V::kI32,
                                 V::kTypedArrayData, V::kTypedArrayData};
  OptionsBlock block(16);
  for (V result : {V::kU64, V::kU8}) {  // tail call, and framed call
    const void* target = result == V::kU64 ? reinterpret_cast<const void*>(&SixIntsTwoArrays)
                                           : reinterpret_cast<const void*>(&SecondsFirstByte);
    auto stub = ExecStub::Create(EmptyRejectingReq(target, params, result, 16));
    if (!stub) continue;
    const std::string form = result == V::kU64 ? " (tail call)" : " (framed call)";
    const uint64_t expected = result == V::kU64 ? uint64_t{21 + 7000 + 900000} : uint64_t{200};
    using Fn = uint64_t (*)(void*, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, const void*, const void*,
                            void*);
    const auto call = reinterpret_cast<Fn>(const_cast<void*>(stub->entry()));
    block.Reset();
    int calls = target_calls;
    uint64_t got = call(kReceiver, 1, 1, 1, 1, 1, 1, &p, &q, block.address());
    if (result == V::kU8) got &= 0xff;
    ZC_EXPECT_EQ(got, expected) << "non-empty typed arrays" + form;
    ZC_EXPECT_TRUE(block.Is(/*flag_set=*/false)) << "non-empty typed arrays" + form + ": options untouched";
    ZC_EXPECT_EQ(target_calls, calls + 1) << "non-empty typed arrays" + form + ": C called once";
    for (int which = 0; which < 2; ++which) {
      block.Reset();
      calls = target_calls;
      got = call(kReceiver, 1, 1, 1, 1, 1, 1, which == 0 ? &empty_p : &p, which == 0 ? &q : &empty_q,
                 block.address());
      const std::string what = std::string(which == 0 ? "first" : "second") + " typed array empty" + form;
      ZC_EXPECT_EQ(got, uint64_t{0}) << what + ": returns 0";
      ZC_EXPECT_TRUE(block.Is(/*flag_set=*/true)) << what + ": exactly the flag set";
      ZC_EXPECT_EQ(target_calls, calls) << what + ": C not called";
    }
  }
}

}  // namespace
}  // namespace zerocall::jit::test
