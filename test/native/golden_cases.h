// golden_cases.h: the named stub requests whose disassembly is pinned in
// golden/x64_sysv.txt, golden/aarch64.txt and golden/apple_arm64.txt.

#ifndef ZEROCALL_TEST_NATIVE_GOLDEN_CASES_H_
#define ZEROCALL_TEST_NATIVE_GOLDEN_CASES_H_

#include <string>
#include <vector>

#include "jit/fast_stub.h"

namespace zerocall::jit::test {

// Fixed addresses so the listings are reproducible.
inline constexpr uint64_t kGoldenTarget = 0x00007f1234567890;
inline constexpr uint64_t kGoldenNearCode = 0x00007f1230000000;  // 73 MB below the target
inline constexpr uint64_t kGoldenFarCode = 0x0000100000000000;   // beyond rel32 and b/bl
// kResolvedPointer: the resolver routine, and param i's context word
// kGoldenResolveContext + 0x20 * i.
inline constexpr uint64_t kGoldenResolver = 0x00007f1234500120;
inline constexpr uint64_t kGoldenResolveContext = 0x0000555500c0ffe0;

// kCheckedF64 and kCheckedI64: the reject handler, and param i's context word
// kGoldenRejectContext + 0x10 * i.
inline constexpr uint64_t kGoldenRejectHandler = 0x00007f1234500200;
inline constexpr uint64_t kGoldenRejectContext = 0x0000555500dec000;

// errno saving: the thread's errno and the slot the stub copies it to.
inline constexpr uint64_t kGoldenErrnoAddress = 0x00007f12345e0000;
inline constexpr uint64_t kGoldenErrnoSlot = 0x0000555500e00000;

struct GoldenCase {
  std::string name;
  StubRequest request;
};

// All cases, in file order.
const std::vector<GoldenCase>& GoldenCases();
// The cases of one listing ("x64_sysv", "aarch64"): GoldenCases(), then the
// ABI's struct cases; "apple_arm64": its own few stack-argument cases.
std::vector<GoldenCase> GoldenCasesFor(const std::string& abi);

// Code other than fast-call stubs, pinned in the same listings after the
// stubs: closed stubs and callback thunks (golden_fixed_code.cc).
struct GoldenCode {
  std::string name;
  std::string description;  // for the listing header
  std::vector<uint8_t> code;
};
// None for "apple_arm64" (its fixed code is AArch64's).
std::vector<GoldenCode> GoldenFixedCodeFor(const std::string& abi);

// "i32 (i32, i32) +options @near" style summary for listing headers.
std::string DescribeRequest(const StubRequest& request);

}  // namespace zerocall::jit::test

#endif  // ZEROCALL_TEST_NATIVE_GOLDEN_CASES_H_
