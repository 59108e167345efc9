// The trace prefixes' bytes (jit/trace_prefix.h) on both ISAs, absolute and
// pc-relative, checked against GNU objdump's listing of the same request:
//   word 0x7f0000001230, value 0x5555deadbeef, stub 0x7f0000100000,
//   prefix at 0 (unknown: absolute jump) or at 0x7f0000200000 (in reach).
// exec_suite.cc runs them.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "jit/trace_prefix.h"

namespace zerocall::jit {
namespace {

TracePrefixRequest Request(uint64_t code_address) {
  TracePrefixRequest r;
  r.word = 0x7f0000001230;
  r.value = 0x5555deadbeef;
  r.stub = 0x7f0000100000;
  r.code_address = code_address;
  return r;
}

std::vector<uint8_t> Words(std::initializer_list<uint32_t> words) {
  std::vector<uint8_t> bytes;
  for (uint32_t w : words) {
    for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<uint8_t>(w >> (8 * i)));
  }
  return bytes;
}

const std::vector<uint8_t> kX64Head = {
    0x48, 0xb8, 0xef, 0xbe, 0xad, 0xde, 0x55, 0x55, 0x00, 0x00,  // movabs rax, 0x5555deadbeef
    0x49, 0xbb, 0x30, 0x12, 0x00, 0x00, 0x00, 0x7f, 0x00, 0x00,  // movabs r11, 0x7f0000001230
    0x49, 0x89, 0x03,                                            // mov qword [r11], rax
};

TEST(TracePrefixTest, X64Absolute) {
  std::vector<uint8_t> expected = kX64Head;
  expected.insert(expected.end(), {0x49, 0xbb, 0x00, 0x00, 0x10, 0x00, 0x00, 0x7f, 0x00, 0x00,  // movabs r11, stub
                                   0x41, 0xff, 0xe3});                                          // jmp r11
  EXPECT_EQ(EmitX64TracePrefix(Request(0)), expected);
}

TEST(TracePrefixTest, X64Near) {
  std::vector<uint8_t> expected = kX64Head;
  expected.insert(expected.end(), {0xe9, 0xe4, 0xff, 0xef, 0xff});  // jmp 0x7f0000100000
  EXPECT_EQ(EmitX64TracePrefix(Request(0x7f0000200000)), expected);
  // Out of rel32 reach: the absolute form.
  EXPECT_EQ(EmitX64TracePrefix(Request(0x100000)), EmitX64TracePrefix(Request(0)));
}

TEST(TracePrefixTest, AArch64Absolute) {
  EXPECT_EQ(EmitAArch64TracePrefix(Request(0)),
            Words({0xd297ddf0, 0xf2bbd5b0, 0xf2caaab0,  // mov x16, #0x5555deadbeef
                   0xd2824611, 0xf2cfe011,              // mov x17, #0x7f0000001230
                   0xf9000230,                          // str x16, [x17]
                   0xd2a00210, 0xf2cfe010,              // mov x16, #0x7f0000100000
                   0xd61f0200}));                       // br x16
}

TEST(TracePrefixTest, AArch64Near) {
  EXPECT_EQ(EmitAArch64TracePrefix(Request(0x7f0000200000)),
            Words({0xd297ddf0, 0xf2bbd5b0, 0xf2caaab0, 0xd2824611, 0xf2cfe011, 0xf9000230,
                   0x17fbfffa}));  // b 0x7f0000100000
  // Out of b's reach (+-128 MiB), or a misaligned stub: the absolute form.
  EXPECT_EQ(EmitAArch64TracePrefix(Request(0x7f0010000000)), EmitAArch64TracePrefix(Request(0)));
  TracePrefixRequest odd = Request(0x7f0000200000);
  odd.stub += 2;
  TracePrefixRequest odd_absolute = odd;
  odd_absolute.code_address = 0;
  EXPECT_EQ(EmitAArch64TracePrefix(odd), EmitAArch64TracePrefix(odd_absolute));
}

}  // namespace
}  // namespace zerocall::jit
