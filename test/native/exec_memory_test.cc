// exec_memory_test.cc: the executable-memory arena (src/jit/exec_memory.*):
// W^X in both modes, read from /proc/self/maps; a write window writes several
// stubs and pages with one flip back to RX; a write-once page is sealed after
// its window; data pages stay RW and never executable. The code written is
// run on the host ISA.

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "jit/a64_assembler.h"
#include "jit/code_buffer.h"
#include "jit/exec_memory.h"
#include "jit/x64_assembler.h"

namespace zerocall::jit {
namespace {

// "rw-p", "r-xp", ... of the mapping holding `address`, or "" if none.
std::string Protection(const void* address) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  const auto at = reinterpret_cast<uintptr_t>(address);
  while (std::getline(maps, line)) {
    std::istringstream fields(line);
    std::string range, perms;
    fields >> range >> perms;
    const uintptr_t start = std::stoull(range.substr(0, range.find('-')), nullptr, 16);
    const uintptr_t end = std::stoull(range.substr(range.find('-') + 1), nullptr, 16);
    if (start <= at && at < end) return perms;
  }
  return "";
}

// A host function returning `value`, or nothing on other ISAs.
std::vector<uint8_t> ReturnConstant(uint64_t value) {
  CodeBuffer buffer;
#if defined(__x86_64__)
  x64::Assembler a(buffer);
  a.MovImm64(x64::Gp::kRax, value);
  a.Ret();
#elif defined(__aarch64__)
  a64::Assembler a(buffer);
  a.MovImm64(a64::X::kX0, value);
  a.Ret();
#else
  (void)value;
#endif
  return buffer.Finish().value_or(std::vector<uint8_t>{});
}

#if defined(__x86_64__) || defined(__aarch64__)
constexpr bool kHostRuns = true;
#else
constexpr bool kHostRuns = false;
#endif

// `code` is mapped RX and, on a host that runs it, returns `value`.
void ExpectRunnable(const uint8_t* code, uint64_t value) {
  EXPECT_EQ(Protection(code), "r-xp");
  if (kHostRuns) {
    EXPECT_EQ(reinterpret_cast<uint64_t (*)()>(const_cast<uint8_t*>(code))(), value);
  }
}

class ExecArenaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!ExecArena::ProcessAllowsExecutableMemory()) GTEST_SKIP() << "executable memory refused";
  }
};

// Two stubs on one page and one on the next, written in one window: the pages
// are RW (not executable) inside it and RX after, and each stub runs.
TEST_F(ExecArenaTest, WindowWritesSeveralStubsThenFlipsBackToRx) {
  ExecArena arena;
  uint8_t* first = arena.Allocate(32);
  uint8_t* second = arena.Allocate(32);
  uint8_t* whole = arena.Allocate(ExecArena::page_size());
  ASSERT_NE(first, nullptr);
  ASSERT_EQ(second, first + 32);
  ASSERT_EQ(arena.page_count(), 2u);
  EXPECT_EQ(Protection(first), "r-xp");
  {
    ExecArena::WriteWindow window(arena);
    ASSERT_TRUE(window.Write(first, ReturnConstant(11)));
    EXPECT_EQ(Protection(first), "rw-p");
    EXPECT_EQ(Protection(whole), "r-xp");
    ASSERT_TRUE(window.Write(second, ReturnConstant(22)));
    ASSERT_TRUE(window.Write(whole, ReturnConstant(33)));
    EXPECT_EQ(Protection(whole), "rw-p");
    EXPECT_TRUE(window.Close());
    EXPECT_TRUE(window.Close());  // repeats the answer
  }
  ExpectRunnable(first, 11);
  ExpectRunnable(second, 22);
  ExpectRunnable(whole, 33);
  // Rewritable: the same stub again, in a window of its own.
  ASSERT_TRUE(arena.Write(first, ReturnConstant(44)));
  ExpectRunnable(first, 44);
}

// The destructor closes a window that was not closed explicitly.
TEST_F(ExecArenaTest, WindowClosesWhenItGoesOutOfScope) {
  ExecArena arena;
  uint8_t* stub = arena.Allocate(16);
  {
    ExecArena::WriteWindow window(arena);
    ASSERT_TRUE(window.Write(stub, ReturnConstant(5)));
  }
  ExpectRunnable(stub, 5);
}

// Addresses outside the arena's allocations, writes that cross a page's end,
// and writes after Close are refused, and the window reports it.
TEST_F(ExecArenaTest, WindowRefusesForeignAddresses) {
  ExecArena arena;
  uint8_t* stub = arena.Allocate(16);
  std::vector<uint8_t> elsewhere(64);
  ExecArena::WriteWindow window(arena);
  EXPECT_FALSE(window.Write(elsewhere.data(), ReturnConstant(1)));
  const std::vector<uint8_t> too_long(ExecArena::page_size() + 1, 0xCC);
  EXPECT_FALSE(window.Write(stub, too_long));
  EXPECT_FALSE(window.Close());
  EXPECT_FALSE(window.Write(stub, ReturnConstant(1)));
  EXPECT_EQ(Protection(stub), "r-xp");
}

// A stub larger than a page gets a run of pages of its own: the whole run is RW
// inside the window and RX after, the code at its end runs, and the next small
// stub goes on a fresh single page.
TEST_F(ExecArenaTest, StubLargerThanAPageGetsARun) {
  ExecArena arena;
  const size_t page = ExecArena::page_size();
  uint8_t* big = arena.Allocate(page + 100);
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(big) % page, 0u);
  EXPECT_EQ(Protection(big + page), "r-xp");
  // A nop slide over the first page into a return at the end of the code.
#if defined(__aarch64__)
  const std::vector<uint8_t> nop = {0x1F, 0x20, 0x03, 0xD5};
#else
  const std::vector<uint8_t> nop = {0x90};
#endif
  std::vector<uint8_t> code;
  while (code.size() < page + 100) code.insert(code.end(), nop.begin(), nop.end());
  const std::vector<uint8_t> tail = ReturnConstant(66);
  code.insert(code.end(), tail.begin(), tail.end());
  {
    ExecArena::WriteWindow window(arena);
    ASSERT_TRUE(window.Write(big, code));
    EXPECT_EQ(Protection(big), "rw-p");
    EXPECT_EQ(Protection(big + page), "rw-p");
  }
  ExpectRunnable(big, 66);
  EXPECT_EQ(Protection(big + page), "r-xp");
  uint8_t* small = arena.Allocate(16);
  ASSERT_NE(small, nullptr);
  EXPECT_EQ(arena.page_count(), 2u);
  EXPECT_NE(reinterpret_cast<uintptr_t>(small) & ~(page - 1), reinterpret_cast<uintptr_t>(big) + page);
  EXPECT_FALSE(arena.Write(big, std::vector<uint8_t>(2 * page + 1, 0xCC))) << "past the run's end";
}

// kWriteOnce: RW and not executable until its window closes, then RX for good:
// a second write is refused and leaves the code as it was; Allocate moves on
// to a fresh page. The data page above each code page is RW, never executable.
TEST_F(ExecArenaTest, WriteOncePagesAreSealed) {
  ExecArena arena(ExecMode::kWriteOnce, /*data_pages=*/1);
  const size_t page = ExecArena::page_size();
  uint8_t* stub = arena.Allocate(16);
  ASSERT_NE(stub, nullptr);
  EXPECT_EQ(Protection(stub), "rw-p");
  uint8_t* data = stub + page;
  EXPECT_EQ(Protection(data), "rw-p");
  const std::vector<uint8_t> code = ReturnConstant(77);
  ASSERT_TRUE(arena.Write(stub, code));
  ExpectRunnable(stub, 77);
  EXPECT_FALSE(arena.Write(stub, ReturnConstant(88)));
  EXPECT_EQ(std::memcmp(stub, code.data(), code.size()), 0);
  ExpectRunnable(stub, 77);

  std::memset(data, 0x5A, page);  // data pages are plain RW memory
  EXPECT_EQ(data[page - 1], 0x5A);
  EXPECT_FALSE(arena.Write(data, code)) << "a data page is not code";
  EXPECT_EQ(Protection(data), "rw-p");

  uint8_t* next = arena.Allocate(16);
  ASSERT_NE(next, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(next) % page, 0u) << "a fresh page, not the sealed one";
  EXPECT_EQ(arena.page_count(), 2u);
  EXPECT_EQ(arena.page_addresses(),
            (std::vector<uintptr_t>{reinterpret_cast<uintptr_t>(stub), reinterpret_cast<uintptr_t>(next)}));
}

}  // namespace
}  // namespace zerocall::jit
