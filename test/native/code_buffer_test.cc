// code_buffer_test.cc: labels in the code buffer: every fixup kind forward and
// backward at the edges of its reach, through the assemblers' label forms
// (expected encodings checked once against GNU objdump), and the refusals:
// a distance out of reach, a misaligned one, an unbound label.

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "jit/a64_assembler.h"
#include "jit/code_buffer.h"
#include "jit/x64_assembler.h"

namespace zerocall::jit {
namespace {

std::vector<uint8_t> Words(const std::vector<uint32_t>& words) {
  std::vector<uint8_t> bytes;
  for (uint32_t w : words) {
    for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<uint8_t>(w >> (8 * i)));
  }
  return bytes;
}

// n bytes of x86 nop, or n/4 A64 nops.
void Pad8(CodeBuffer& buf, size_t n) {
  for (size_t i = 0; i < n; ++i) buf.Emit8(0x90);
}
void PadWords(CodeBuffer& buf, size_t n) {
  for (size_t i = 0; i < n; ++i) buf.Emit32(0xD503201F);
}

TEST(CodeBufferLabelTest, X64ShortAndLongBothWays) {
  using namespace x64;
  CodeBuffer buf;
  Assembler a(buf);
  const Label top = a.NewLabel();
  const Label end = a.NewLabel();
  a.Bind(top);
  a.Jz(end, Reach::kShort);   // 0: 74 0d        je 0xf
  a.Jnz(end, Reach::kLong);   // 2: 0f 85 07 00 00 00  jne 0xf
  a.Jmp(top, Reach::kShort);  // 8: eb f6        jmp 0x0
  a.Jmp(top, Reach::kLong);   // a: e9 f1 ff ff ff     jmp 0x0
  a.Bind(end);
  a.Jnz(top, Reach::kShort);  // f: 75 ef        jne 0x0
  const std::optional<std::vector<uint8_t>> code = buf.Finish();
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, (std::vector<uint8_t>{0x74, 0x0d, 0x0f, 0x85, 0x07, 0x00, 0x00, 0x00, 0xeb, 0xf6, 0xe9,
                                         0xf1, 0xff, 0xff, 0xff, 0x75, 0xef}));
}

// rel8 reaches 127 bytes ahead of the branch's end and 128 behind it.
TEST(CodeBufferLabelTest, X64Rel8Reach) {
  using namespace x64;
  for (const auto& [pad, fits] : {std::pair{127, true}, std::pair{128, false}}) {
    CodeBuffer buf;
    Assembler a(buf);
    const Label ahead = a.NewLabel();
    a.Jmp(ahead, Reach::kShort);
    Pad8(buf, static_cast<size_t>(pad));
    a.Bind(ahead);
    const auto code = buf.Finish();
    ASSERT_EQ(code.has_value(), fits) << pad;
    if (fits) {
      EXPECT_EQ((*code)[1], 0x7f);
    }
  }
  for (const auto& [pad, fits] : {std::pair{126, true}, std::pair{127, false}}) {
    CodeBuffer buf;
    Assembler a(buf);
    const Label behind = a.NewLabel();
    a.Bind(behind);
    Pad8(buf, static_cast<size_t>(pad));
    a.Jnz(behind, Reach::kShort);  // from its end: -(pad + 2)
    const auto code = buf.Finish();
    ASSERT_EQ(code.has_value(), fits) << pad;
    if (fits) {
      EXPECT_EQ(code->back(), 0x80);
    }
  }
}

// rip-relative operands count from the instruction's end; labels may lie
// past the code (the callback thunks' data page).
TEST(CodeBufferLabelTest, X64RipRelativeBeyondTheCode) {
  using namespace x64;
  CodeBuffer buf;
  Assembler a(buf);
  const Label data = a.NewLabel();
  buf.BindAt(data, 0x2000);
  a.MovRegRipRelative(Gp::kRax, data);  // 48 8b 05 f9 1f 00 00  mov rax,[rip+0x1ff9]
  a.MovRegRipRelative(Gp::kR15, data);  // 4c 8b 3d f2 1f 00 00  mov r15,[rip+0x1ff2]
  a.JmpRipRelative(data);               // ff 25 ec 1f 00 00     jmp [rip+0x1fec]
  a.Int3();                             // cc
  const auto code = buf.Finish();
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, (std::vector<uint8_t>{0x48, 0x8b, 0x05, 0xf9, 0x1f, 0x00, 0x00, 0x4c, 0x8b, 0x3d, 0xf2,
                                         0x1f, 0x00, 0x00, 0xff, 0x25, 0xec, 0x1f, 0x00, 0x00, 0xcc}));
}

TEST(CodeBufferLabelTest, A64EveryKindBothWays) {
  using namespace a64;
  CodeBuffer buf;
  Assembler a(buf);
  const Label top = a.NewLabel();
  const Label end = a.NewLabel();
  a.Bind(top);
  a.B(end);                        // 0x00: 14000007  b 0x1c
  a.Cbz(X::kX10, end);             // 0x04: b40000ca  cbz x10, 0x1c
  a.Tbnz(X::kX9, 0, end);          // 0x08: 370000a9  tbnz w9, #0, 0x1c
  a.BCond(Cond::kNe, end);         // 0x0c: 54000081  b.ne 0x1c
  a.Adr(X::kX17, end);             // 0x10: 10000071  adr x17, 0x1c
  a.LdrLiteral(X::kX16, end);      // 0x14: 58000050  ldr x16, 0x1c
  a.B(top);                        // 0x18: 17fffffa  b 0x0
  a.Bind(end);
  a.Cbz(X::kX0, top);              // 0x1c: b4ffff20  cbz x0, 0x0
  a.Tbnz(X::kX10, 63, top);        // 0x20: b7ffff0a  tbnz x10, #63, 0x0
  a.BCond(Cond::kVs, top);         // 0x24: 54fffee6  b.vs 0x0
  a.Adr(X::kX0, top);              // 0x28: 10fffec0  adr x0, 0x0
  a.LdrLiteral(X::kX9, top);       // 0x2c: 58fffea9  ldr x9, 0x0
  const auto code = buf.Finish();
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, Words({0x14000007, 0xb40000ca, 0x370000a9, 0x54000081, 0x10000071, 0x58000050,
                          0x17fffffa, 0xb4ffff20, 0xb7ffff0a, 0x54fffee6, 0x10fffec0, 0x58fffea9}));
}

// The bytes of one A64 label form at offset 0 referring to `offset`, if it reaches.
template <typename Refer>
std::optional<std::vector<uint8_t>> ReferTo(size_t offset, Refer refer) {
  CodeBuffer buf;
  a64::Assembler a(buf);
  const Label target = a.NewLabel();
  refer(a, target);
  buf.BindAt(target, offset);
  return buf.Finish();
}

// imm14 (tbnz) reaches 32 KiB - 4 ahead and 32 KiB behind; imm19 1 MiB;
// word offsets must be whole words; adr counts bytes.
TEST(CodeBufferLabelTest, A64ReachAndAlignment) {
  using namespace a64;
  const auto tbnz = [](Assembler& a, Label target) { a.Tbnz(X::kX0, 0, target); };
  EXPECT_TRUE(ReferTo(0x7ffc, tbnz).has_value());
  EXPECT_FALSE(ReferTo(0x8000, tbnz).has_value());
  EXPECT_FALSE(ReferTo(6, tbnz).has_value());  // not a whole word
  {
    CodeBuffer buf;
    Assembler a(buf);
    const Label behind = a.NewLabel();
    a.Bind(behind);
    PadWords(buf, 0x2000);  // 32 KiB
    a.Tbnz(X::kX0, 0, behind);
    const auto code = buf.Finish();
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(std::vector<uint8_t>(code->end() - 4, code->end()), Words({0x37040000}));  // tbnz w0, #0, .-0x8000
  }
  const auto ldr = [](Assembler& a, Label data) { a.LdrLiteral(X::kX9, data); };
  EXPECT_EQ(ReferTo(0xffffc, ldr), Words({0x587fffe9}));  // ldr x9, 0xffffc
  EXPECT_FALSE(ReferTo(0x100000, ldr).has_value());
  const auto adr = [](Assembler& a, Label target) { a.Adr(X::kX17, target); };
  EXPECT_EQ(ReferTo(0xfffff, adr), Words({0x707ffff1}));  // adr x17, 0xfffff (odd is fine)
  EXPECT_FALSE(ReferTo(0x100000, adr).has_value());
}

TEST(CodeBufferLabelTest, UnboundLabelIsRefused) {
  CodeBuffer buf;
  x64::Assembler a(buf);
  const Label never = a.NewLabel();
  a.Jmp(never, x64::Reach::kLong);
  EXPECT_FALSE(buf.Finish().has_value());
}

// Labels nobody refers to need no binding; code without labels passes as it is.
TEST(CodeBufferLabelTest, UnreferencedLabels) {
  CodeBuffer buf;
  x64::Assembler a(buf);
  (void)a.NewLabel();
  a.Ret();
  EXPECT_EQ(buf.Finish(), (std::optional<std::vector<uint8_t>>{{0xc3}}));
}

}  // namespace
}  // namespace zerocall::jit
