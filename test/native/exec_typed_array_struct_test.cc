// exec_typed_array_struct_test.cc: structs as byte typed arrays (kTypedArrayStruct,
// V8 11-12). V8 passes a pointer to a Uint8Array's { length, data } descriptor; the
// stub requires the length to be the struct's size, otherwise sets the options flag
// (the only reject mode it takes) and returns 0 without calling C; then C gets the
// bytes at `data` exactly as for a resolved struct: every shape of exec_structs.h
// (also flush against a PROT_NONE page), the struct after five integers (the
// descriptor on V8's stack, the struct on C's) and five structs in one framed call.

#include <string>
#include <type_traits>
#include <vector>

#include "exec_requests.h"
#include "exec_structs.h"
#include "exec_support.h"

namespace zerocall::jit::test {
namespace {

class TypedArrayStructExec : public ExecTest {};

// A Uint8Array's descriptor (length in bytes) over `value`'s bytes.
template <typename S>
TypedArrayDescriptor BytesOf(uint64_t length, const S* value) {
  return {length, reinterpret_cast<const uint8_t*>(value)};
}

// Lengths a struct of `size` bytes must refuse: one off either way, none,
// and a length whose low 32 bits alone would match.
std::vector<uint64_t> WrongLengths(uint64_t size) {
  return {size - 1, size + 1, 0, (uint64_t{1} << 32) + size, ~uint64_t{0}};
}

// One struct param: its bytes exactly, from ordinary memory and from the end
// of a readable page; every wrong length sets the flag alone and skips C.
template <typename S, typename R>
void CheckOneTypedArrayStruct(GuardedPage& guard, const char* name, R (*target)(S),
                              const abi::StructShape& shape, R (*expected)(const S&)) {
  const V result = std::is_floating_point_v<R> ? (sizeof(R) == 4 ? V::kF32 : V::kF64)
                                               : (sizeof(R) == 4 ? V::kU32 : V::kI64);
  auto stub = ExecStub::Create(
      TypedArrayStructReq(reinterpret_cast<const void*>(target), {V::kTypedArrayStruct}, result, {shape}, 8));
  if (!stub) return;
  OptionsBlock block(8);
  const S plain = Pattern<S>(1);
  for (const S* at : {&plain, guard.At(Pattern<S>(2))}) {
    const TypedArrayDescriptor descriptor = BytesOf(sizeof(S), at);
    const uint64_t calls = struct_record.calls;
    const R got = stub->template CallWithOptions<R, const TypedArrayDescriptor*>(block.address(), &descriptor);
    ZC_EXPECT_EQ(struct_record.calls, calls + 1) << std::string(name) + ": called once";
    ZC_EXPECT_TRUE(Received(0, *at)) << std::string(name) + ": every byte";
    ZC_EXPECT_TRUE(got == expected(*at)) << std::string(name) + ": result";
    ZC_EXPECT_TRUE(block.Is(/*flag_set=*/false)) << std::string(name) + ": options untouched";
  }
  for (uint64_t length : WrongLengths(sizeof(S))) {
    const TypedArrayDescriptor descriptor = BytesOf(length, &plain);
    const std::string what = std::string(name) + ": length " + std::to_string(length);
    const uint64_t calls = struct_record.calls;
    block.Reset();
    const uint64_t got =
        stub->template CallWithOptions<uint64_t, const TypedArrayDescriptor*>(block.address(), &descriptor);
    ZC_EXPECT_EQ(got, uint64_t{0}) << what + ": returns 0";
    ZC_EXPECT_EQ(struct_record.calls, calls) << what + ": target not called";
    ZC_EXPECT_TRUE(block.Is(/*flag_set=*/true)) << what + ": exactly the flag set";
  }
}

TEST_F(TypedArrayStructExec, TypedArrayStructs) {
  GuardedPage guard;
  ZC_EXPECT_TRUE(guard.ok()) << "guard pages mapped";
  if (!guard.ok()) return;
  ForEachStructCase([&](const char* name, auto target, const abi::StructShape& shape, auto expected) {
    CheckOneTypedArrayStruct(guard, name, target, shape, expected);
  });

  {  // The descriptor on V8's stack (after five integers), the struct to C's stack.
    std::vector<V> params(5, V::kI64);
    params.push_back(V::kTypedArrayStruct);
    params.push_back(V::kI64);
    auto stub = ExecStub::Create(
        TypedArrayStructReq(reinterpret_cast<const void*>(&IntsThenI2), params, V::kI64, {kShapeI2}));
    if (!stub) return;
    OptionsBlock block(0);
    const I2 s = Pattern<I2>(3);
    auto call = [&](uint64_t length) {
      const TypedArrayDescriptor descriptor = BytesOf(length, &s);
      return stub->CallWithOptions<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, const TypedArrayDescriptor*,
                                   int64_t>(block.address(), -1, -2, -3, -4, -5, &descriptor, -6);
    };
    ZC_EXPECT_EQ(call(16), int64_t{-6}) << "IntsThenI2: result";
    ZC_EXPECT_TRUE(Received(0, s)) << "IntsThenI2: the struct";
    for (int k = 0; k < 6; ++k) ZC_EXPECT_EQ(struct_record.ints[k], int64_t{-1 - k}) << "IntsThenI2: integers";
    ZC_EXPECT_TRUE(block.Is(/*flag_set=*/false)) << "IntsThenI2: options untouched";
    for (uint64_t length : WrongLengths(16)) {
      const uint64_t calls = struct_record.calls;
      block.Reset();
      ZC_EXPECT_EQ(call(length), int64_t{0}) << "IntsThenI2: a wrong length returns 0";
      ZC_EXPECT_EQ(struct_record.calls, calls) << "IntsThenI2: a wrong length skips the target";
      ZC_EXPECT_TRUE(block.Is(/*flag_set=*/true)) << "IntsThenI2: a wrong length sets the flag";
    }
  }
  {  // Everything, framed; each struct of the wrong length in turn (the later ones too).
    const V T = V::kTypedArrayStruct;
    const std::vector<V> params = {V::kF64, T, V::kI32, T, T, T, V::kI64, T, V::kF64};
    auto stub = ExecStub::Create(TypedArrayStructReq(reinterpret_cast<const void*>(&Everything), params, V::kU8,
                                                     {kShapeD2, kShapeMixed, kShapeI3, kShapeI2, kShapeB3}, 4095));
    if (!stub) return;
    ZC_EXPECT_TRUE(!stub->stub().tail_call) << "Everything: framed";
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
    ZC_EXPECT_EQ(call(-1), uint64_t{0xff}) << "Everything: u8 result normalised";
    ZC_EXPECT_TRUE(Received(0, a) && Received(1, b) && Received(2, s3) && Received(3, d)) << "Everything: structs";
    ZC_EXPECT_EQ(struct_record.ints[0], int64_t{0x1ff}) << "Everything: i32";
    ZC_EXPECT_EQ(struct_record.ints[1], int64_t{-9}) << "Everything: i64";
    ZC_EXPECT_EQ(struct_record.ints[2], int64_t{0x030201}) << "Everything: B3 at a page end";
    ZC_EXPECT_EQ(struct_record.doubles[0], 0.5) << "Everything: f64 before";
    ZC_EXPECT_EQ(struct_record.doubles[1], -2.5) << "Everything: f64 after";
    ZC_EXPECT_TRUE(block.Is(/*flag_set=*/false)) << "Everything: options untouched";
    for (int wrong = 0; wrong < 5; ++wrong) {
      const uint64_t calls = struct_record.calls;
      block.Reset();
      ZC_EXPECT_EQ(call(wrong), uint64_t{0}) << "Everything: a wrong length returns 0";
      ZC_EXPECT_EQ(struct_record.calls, calls) << "Everything: a wrong length skips the target";
      ZC_EXPECT_TRUE(block.Is(/*flag_set=*/true)) << "Everything: a wrong length sets the flag";
    }
  }
}

}  // namespace
}  // namespace zerocall::jit::test
