// See exec_memory.h.
#include "jit/exec_memory.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

namespace zerocall::jit {

namespace {

size_t PageSize() {
  static const size_t size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

// A filler that traps if anything ever jumps into unwritten space.
constexpr uint8_t kTrapByte = 0xCC;  // x86-64 int3; AArch64 code is written whole

void FlushInstructionCache(uint8_t* begin, size_t size) {
  __builtin___clear_cache(reinterpret_cast<char*>(begin), reinterpret_cast<char*>(begin + size));
}

}  // namespace

bool ExecArena::ProcessAllowsExecutableMemory() {
  static const bool allowed = [] {
    void* page = mmap(nullptr, PageSize(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) return false;
    bool ok = mprotect(page, PageSize(), PROT_READ | PROT_EXEC) == 0;
    munmap(page, PageSize());
    return ok;
  }();
  return allowed;
}

std::vector<uintptr_t> ExecArena::page_addresses() const {
  std::vector<uintptr_t> addresses;
  for (const Page& page : pages_) addresses.push_back(reinterpret_cast<uintptr_t>(page.base));
  return addresses;
}

size_t ExecArena::page_size() { return PageSize(); }

ExecArena::~ExecArena() {
  for (const Page& page : pages_) munmap(page.base, PageSize());
}

bool ExecArena::NewPage() {
  void* memory = mmap(nullptr, PageSize(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) return false;
  auto* base = static_cast<uint8_t*>(memory);
  std::memset(base, kTrapByte, PageSize());
  if (mprotect(base, PageSize(), PROT_READ | PROT_EXEC) != 0) {
    munmap(base, PageSize());
    return false;
  }
  pages_.push_back(Page{base, 0});
  return true;
}

uint8_t* ExecArena::Allocate(size_t size) {
  size_t aligned = (size + 15) & ~size_t{15};
  if (aligned == 0 || aligned > PageSize()) return nullptr;
  if (pages_.empty() || pages_.back().used + aligned > PageSize()) {
    if (!NewPage()) return nullptr;
  }
  Page& page = pages_.back();
  uint8_t* address = page.base + page.used;
  page.used += aligned;
  return address;
}

bool ExecArena::Write(uint8_t* address, const std::vector<uint8_t>& code) {
  uint8_t* page = reinterpret_cast<uint8_t*>(reinterpret_cast<uintptr_t>(address) & ~(PageSize() - 1));
  if (mprotect(page, PageSize(), PROT_READ | PROT_WRITE) != 0) return false;
  std::memcpy(address, code.data(), code.size());
  bool ok = mprotect(page, PageSize(), PROT_READ | PROT_EXEC) == 0;
  FlushInstructionCache(address, code.size());
  return ok;
}

}  // namespace zerocall::jit
