// golden_test.cc: the emitted bytes of every golden case must equal the byte
// column of its reviewed objdump listing in golden/<abi>.txt. The listings are
// the spec; regenerate them with gen_golden.sh and review the diff.

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "golden_cases.h"
#include "jit/fast_stub.h"

namespace zerocall::jit::test {
namespace {

using Emitter = std::optional<EmittedStub> (*)(const StubRequest&, std::string*);

// name -> bytes, parsed from "== name: ..." headers and objdump instruction
// lines "   addr:\t<bytes>\t<mnemonic>". x86 bytes are 2-digit groups; A64
// words are 8-digit groups, printed as the little-endian word's value.
std::map<std::string, std::vector<uint8_t>> ParseListing(const std::string& path) {
  std::map<std::string, std::vector<uint8_t>> out;
  std::ifstream in(path);
  std::string line;
  std::vector<uint8_t>* current = nullptr;
  while (std::getline(in, line)) {
    if (line.rfind("== ", 0) == 0) {
      const std::string name = line.substr(3, line.find(':') - 3);
      current = &out[name];
      continue;
    }
    if (current == nullptr || line.empty() || line[0] == '#') continue;
    const size_t colon_tab = line.find(":\t");
    if (colon_tab == std::string::npos) continue;
    const size_t bytes_begin = colon_tab + 2;
    const size_t bytes_end = line.find('\t', bytes_begin);
    std::istringstream groups(line.substr(bytes_begin, bytes_end - bytes_begin));
    std::string group;
    while (groups >> group) {
      const unsigned long value = std::stoul(group, nullptr, 16);
      const size_t width = group.size() / 2;  // 1 (x86 byte) or 4 (A64 word)
      for (size_t i = 0; i < width; ++i) current->push_back(static_cast<uint8_t>(value >> (8 * i)));
    }
  }
  return out;
}

std::string Hex(const std::vector<uint8_t>& bytes) {
  std::string s;
  char buf[4];
  for (uint8_t b : bytes) {
    std::snprintf(buf, sizeof buf, "%02x ", b);
    s += buf;
  }
  return s;
}

void CheckAbi(const char* abi, Emitter emit) {
  const auto listing = ParseListing(std::string(ZEROCALL_GOLDEN_DIR) + "/" + abi + ".txt");
  ASSERT_FALSE(listing.empty()) << "missing or empty golden/" << abi << ".txt";
  const std::vector<GoldenCase> cases = GoldenCasesFor(abi);
  const std::vector<GoldenCode> fixed = GoldenFixedCodeFor(abi);
  EXPECT_EQ(listing.size(), cases.size() + fixed.size()) << "golden file and golden_cases.cc disagree";
  for (const GoldenCase& c : cases) {
    SCOPED_TRACE(std::string(abi) + "/" + c.name);
    std::string why;
    const std::optional<EmittedStub> stub = emit(c.request, &why);
    ASSERT_TRUE(stub.has_value()) << why;
    const auto it = listing.find(c.name);
    ASSERT_NE(it, listing.end()) << "no listing for " << c.name;
    EXPECT_EQ(stub->code, it->second) << "emitted: " << Hex(stub->code)
                                      << "\n golden:  " << Hex(it->second);
  }
  for (const GoldenCode& c : fixed) {
    SCOPED_TRACE(std::string(abi) + "/" + c.name);
    const auto it = listing.find(c.name);
    ASSERT_NE(it, listing.end()) << "no listing for " << c.name;
    EXPECT_EQ(c.code, it->second) << "emitted: " << Hex(c.code) << "\n golden:  " << Hex(it->second);
  }
}

TEST(GoldenTest, X64SysV) { CheckAbi("x64_sysv", EmitX64SysVStub); }
TEST(GoldenTest, AArch64) { CheckAbi("aarch64", EmitAArch64Stub); }
TEST(GoldenTest, AppleArm64) { CheckAbi("apple_arm64", EmitAppleArm64Stub); }

// x18 is Apple's platform register: no Apple stub may name it (the reviewed
// disassembly is the evidence, as the listing's bytes are the stubs').
TEST(GoldenTest, AppleArm64LeavesX18Alone) {
  std::ifstream in(std::string(ZEROCALL_GOLDEN_DIR) + "/apple_arm64.txt");
  ASSERT_TRUE(in.good());
  std::string line;
  int instructions = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("== ", 0) == 0) continue;
    ++instructions;
    EXPECT_EQ(line.find("x18"), std::string::npos) << line;
    EXPECT_EQ(line.find("w18"), std::string::npos) << line;
  }
  EXPECT_GT(instructions, 50);
}

}  // namespace
}  // namespace zerocall::jit::test
