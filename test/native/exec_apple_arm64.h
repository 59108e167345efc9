// exec_apple_arm64.h: the reference of Apple's arm64 argument layout the
// Apple execution tests (exec_apple_arm64_test.cc) check stubs against, and
// the recorder call that does it. Linux C callees read Linux's layout, so the
// target is zc_record (harness_a64.S), which saves x0-x7, d0-d7, the raw stack
// it gets and its address; V8's call is laid out and what C got decoded by
// Apple's rules, independently of src/abi/: past the registers each argument
// at its own size and natural alignment (V8 passes a bool as a byte, the
// 8/16-bit kinds and i32/u32 as 4 bytes, checked arrivals as 8), 8/16-bit
// arguments extended to 32 bits in registers, the area 16-byte aligned at the
// call. AArch64 hosts only.
#ifndef ZEROCALL_TEST_NATIVE_EXEC_APPLE_ARM64_H_
#define ZEROCALL_TEST_NATIVE_EXEC_APPLE_ARM64_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "abi/struct_passing.h"
#include "exec_support.h"

namespace zerocall::jit::test {

// One param of a test call: its kind and arrival, and for structs the shape
// (hfa_member: 4 or 8 for an HFA of floats or doubles, 0 otherwise).
struct ParamSpec {
  V kind;
  Arrival arrival = Arrival::kNative;
  const abi::StructShape* shape = nullptr;
  uint32_t hfa_member = 0;
};

// Calls a stub for `specs -> result` built by EmitAppleArm64Stub and bound to
// zc_record, with random bits (checked params: accepted values; structs:
// random bytes), and checks every piece C got at Apple's location, the copy
// of a struct passed by reference, the result, the resolver calls, sp
// alignment and balance, and that the stub has a frame exactly when needed.
void CheckApple(std::mt19937_64& rng, const std::vector<ParamSpec>& specs, V result, bool options,
                const std::string& label);
// The same for plain params of `params`.
void CheckApple(std::mt19937_64& rng, const std::vector<V>& params, V result, bool options,
                const std::string& label);

}  // namespace zerocall::jit::test

#endif  // ZEROCALL_TEST_NATIVE_EXEC_APPLE_ARM64_H_
