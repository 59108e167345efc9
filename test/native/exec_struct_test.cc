// exec_struct_test.cc: structs by value (kResolvedStruct). The stub gets each
// struct as a resolved value and passes its bytes as the C ABI wants them: every
// shape of exec_structs.h (2-double, 2-int64, mixed, 3/6/7/11/12-byte, nested,
// 24-byte MEMORY / by reference), also flush against a PROT_NONE page, after five or
// seven integers, after seven doubles, a callee that writes its copy, and five
// structs in one framed call.

#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "exec_requests.h"
#include "exec_structs.h"
#include "exec_support.h"

namespace zerocall::jit::test {
namespace {

class StructExec : public ExecTest {};

// One struct param: the stub passes the struct's bytes exactly, from ordinary
// memory and from the end of a readable page.
template <typename S, typename R>
void CheckOneStruct(GuardedPage& guard, const char* name, R (*target)(S),
                    const abi::StructShape& shape, R (*expected)(const S&)) {
  auto stub = ExecStub::Create(StructReq(reinterpret_cast<const void*>(target), {V::kResolvedStruct},
                                         std::is_floating_point_v<R> ? (sizeof(R) == 4 ? V::kF32 : V::kF64)
                                                                     : (sizeof(R) == 4 ? V::kU32 : V::kI64),
                                         {shape}));
  if (!stub) return;
  const S plain = Pattern<S>(1);
  for (const S* at : {&plain, guard.At(Pattern<S>(2))}) {
    resolve_log.Clear();
    const uint64_t calls = struct_record.calls;
    const R got = stub->template Call<R, uint64_t>(false, StructValue(at, 0));
    ZC_EXPECT_EQ(struct_record.calls, calls + 1) << std::string(name) + ": called once";
    ZC_EXPECT_TRUE(Received(0, *at)) << std::string(name) + ": every byte";
    ZC_EXPECT_TRUE(got == expected(*at)) << std::string(name) + ": result";
    ZC_EXPECT_EQ(resolve_log.values.size(), size_t{1}) << std::string(name) + ": one resolve";
  }
  // A failed resolve: C never called, 0 in the GP result register (V8 sees
  // the exception and ignores the result, so xmm0 is left as it was).
  const uint64_t calls = struct_record.calls;
  const R failed = stub->template Call<R, uint64_t>(false, kResolveFailValue);
  if constexpr (!std::is_floating_point_v<R>) {
    ZC_EXPECT_TRUE(failed == R{0}) << std::string(name) + ": failure returns 0";
  }
  ZC_EXPECT_EQ(struct_record.calls, calls) << std::string(name) + ": failure skips the target";
}

TEST_F(StructExec, TypedStructs) {
  GuardedPage guard;
  ZC_EXPECT_TRUE(guard.ok()) << "guard pages mapped";
  if (!guard.ok()) return;
  ForEachStructCase([&](const char* name, auto target, const abi::StructShape& shape, auto expected) {
    CheckOneStruct(guard, name, target, shape, expected);
  });

  {  // The struct after five integers goes to the stack; the last integer to r9.
    std::vector<V> params(5, V::kI64);
    params.push_back(V::kResolvedStruct);
    params.push_back(V::kI64);
    auto stub = ExecStub::Create(
        StructReq(reinterpret_cast<const void*>(&IntsThenI2), params, V::kI64, {kShapeI2}));
    if (!stub) return;
    const I2 s = Pattern<I2>(3);
    const int64_t got = stub->Call<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, uint64_t, int64_t>(
        false, -1, -2, -3, -4, -5, StructValue(&s, 5), -6);
    ZC_EXPECT_EQ(got, int64_t{-6}) << "IntsThenI2: result";
    ZC_EXPECT_TRUE(Received(0, s)) << "IntsThenI2: the struct";
    for (int k = 0; k < 6; ++k) ZC_EXPECT_EQ(struct_record.ints[k], int64_t{-1 - k}) << "IntsThenI2: integers";
  }
  {  // Registers used up by a struct that did not fit.
    std::vector<V> params(7, V::kI64);
    params.push_back(V::kResolvedStruct);
    params.push_back(V::kI64);
    auto stub = ExecStub::Create(
        StructReq(reinterpret_cast<const void*>(&SevenIntsThenI2), params, V::kI64, {kShapeI2}));
    if (!stub) return;
    const I2 s = Pattern<I2>(8);
    const int64_t got = stub->Call<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, uint64_t,
                                   int64_t>(false, -1, -2, -3, -4, -5, -6, -7, StructValue(&s, 7), -8);
    ZC_EXPECT_EQ(got, int64_t{-8}) << "SevenIntsThenI2: result";
    ZC_EXPECT_TRUE(Received(0, s)) << "SevenIntsThenI2: the struct";
    for (int k = 0; k < 8; ++k) ZC_EXPECT_EQ(struct_record.ints[k], int64_t{-1 - k})
        << "SevenIntsThenI2: integers";
  }
  {
    std::vector<V> params(7, V::kF64);
    params.push_back(V::kResolvedStruct);
    params.push_back(V::kF64);
    auto stub = ExecStub::Create(
        StructReq(reinterpret_cast<const void*>(&SevenDoublesThenF3), params, V::kF64, {kShapeF3}));
    if (!stub) return;
    const F3* s = guard.At(Pattern<F3>(9));
    const double got = stub->Call<double, double, double, double, double, double, double, double, uint64_t, double>(
        false, 1, 2, 4, 8, 16, 32, 64, StructValue(s, 7), -0.25);
    ZC_EXPECT_EQ(got, -0.25) << "SevenDoublesThenF3: result";
    ZC_EXPECT_TRUE(Received(0, *s)) << "SevenDoublesThenF3: the struct";
    ZC_EXPECT_EQ(struct_record.doubles[0], 63.0) << "SevenDoublesThenF3: doubles 0-5";
    ZC_EXPECT_EQ(struct_record.doubles[1], 64.0) << "SevenDoublesThenF3: double 6";
  }
  {  // C writes its copy, never the caller's bytes.
    auto stub = ExecStub::Create(
        StructReq(reinterpret_cast<const void*>(&ScribbleI3), {V::kResolvedStruct}, V::kI64, {kShapeI3}));
    if (!stub) return;
    const I3 original = Pattern<I3>(10);
    I3 s = original;
    ZC_EXPECT_EQ((stub->Call<int64_t, uint64_t>(false, StructValue(&s, 0))), int64_t{0}) << "ScribbleI3: result";
    ZC_EXPECT_TRUE(Received(0, original)) << "ScribbleI3: the struct";
    ZC_EXPECT_TRUE(std::memcmp(&s, &original, sizeof s) == 0) << "ScribbleI3: the caller's bytes unchanged";
  }
  for (bool options : {false, true}) {  // Everything, framed, with and without options.
    const std::vector<V> params = {V::kF64, V::kResolvedStruct, V::kI32, V::kResolvedStruct,
                                   V::kResolvedStruct, V::kResolvedStruct, V::kI64, V::kResolvedStruct,
                                   V::kF64};
    auto stub = ExecStub::Create(StructReq(reinterpret_cast<const void*>(&Everything), params, V::kU8,
                                           {kShapeD2, kShapeMixed, kShapeI3, kShapeI2, kShapeB3}, options));
    if (!stub) return;
    ZC_EXPECT_TRUE(!stub->stub().tail_call) << "Everything: framed";
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
    ZC_EXPECT_EQ(uint32_t{got}, uint32_t{0xff}) << "Everything: u8 result normalised";
    ZC_EXPECT_TRUE(Received(0, a) && Received(1, b) && Received(2, s3) && Received(3, d)) << "Everything: structs";
    ZC_EXPECT_EQ(struct_record.ints[0], int64_t{0x1ff}) << "Everything: i32";
    ZC_EXPECT_EQ(struct_record.ints[1], int64_t{-9}) << "Everything: i64";
    ZC_EXPECT_EQ(struct_record.ints[2], int64_t{0x030201}) << "Everything: B3 at a page end";
    ZC_EXPECT_EQ(struct_record.doubles[0], 0.5) << "Everything: f64 before";
    ZC_EXPECT_EQ(struct_record.doubles[1], -2.5) << "Everything: f64 after";
    ZC_EXPECT_EQ(resolve_log.values.size(), size_t{5}) << "Everything: five resolves";
  }
}

}  // namespace
}  // namespace zerocall::jit::test
