// See exec_memory.h.
#include "jit/exec_memory.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
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

bool Protect(uint8_t* page, size_t length, bool writable) {
  return mprotect(page, length, writable ? PROT_READ | PROT_WRITE : PROT_READ | PROT_EXEC) == 0;
}

}  // namespace

bool ExecArena::ProcessAllowsExecutableMemory() {
  static const bool allowed = [] {
    void* page = mmap(nullptr, PageSize(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) return false;
    bool ok = Protect(static_cast<uint8_t*>(page), PageSize(), /*writable=*/false);
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
  for (const Page& page : pages_) munmap(page.base, MappingBytes(page));
}

// The code page is trap-filled, then RX (kRewritable) or left RW until its
// first window closes (kWriteOnce); data pages stay RW.
bool ExecArena::NewPage(size_t length) {
  const Page page{nullptr, 0, length, mode_ == ExecMode::kWriteOnce, false};
  void* memory = mmap(nullptr, MappingBytes(page), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) return false;
  auto* base = static_cast<uint8_t*>(memory);
  std::memset(base, kTrapByte, length);
  if (!page.writable && !Protect(base, length, /*writable=*/false)) {
    munmap(base, MappingBytes(page));
    return false;
  }
  pages_.push_back(page);
  pages_.back().base = base;
  return true;
}

uint8_t* ExecArena::Allocate(size_t size) {
  size_t aligned = (size + 15) & ~size_t{15};
  if (aligned == 0) return nullptr;
  if (aligned > PageSize()) {
    // A stub of many parameters (V8 13+ spills 64 of them past a page): a run of its own.
    const size_t length = (aligned + PageSize() - 1) & ~(PageSize() - 1);
    if (!NewPage(length)) return nullptr;
    pages_.back().used = length;
    return pages_.back().base;
  }
  const bool fits = !pages_.empty() && pages_.back().length == PageSize() && !pages_.back().sealed &&
                    pages_.back().used + aligned <= PageSize();
  if (!fits && !NewPage(PageSize())) return nullptr;
  Page& page = pages_.back();
  uint8_t* address = page.base + page.used;
  page.used += aligned;
  return address;
}

size_t ExecArena::PageOf(const uint8_t* address, size_t size) const {
  for (size_t i = 0; i < pages_.size(); ++i) {
    const uint8_t* base = pages_[i].base;
    const uint8_t* end = base + pages_[i].length;
    if (address >= base && address < end && size <= static_cast<size_t>(end - address)) {
      return i;
    }
  }
  return kNoPage;
}

bool ExecArena::Write(uint8_t* address, const std::vector<uint8_t>& code) {
  WriteWindow window(*this);
  const bool written = window.Write(address, code);
  return window.Close() && written;
}

bool ExecArena::WriteWindow::Write(uint8_t* address, const std::vector<uint8_t>& code) {
  const size_t index = closed_ ? kNoPage : arena_.PageOf(address, code.size());
  if (index == kNoPage || arena_.pages_[index].sealed) return ok_ = false;
  Page& page = arena_.pages_[index];
  if (std::find(opened_.begin(), opened_.end(), index) == opened_.end()) {
    if (!page.writable) {
      if (!Protect(page.base, page.length, /*writable=*/true)) return ok_ = false;
      page.writable = true;
    }
    opened_.push_back(index);
  }
  if (!code.empty()) std::memcpy(address, code.data(), code.size());
  written_.emplace_back(address, code.size());
  return true;
}

bool ExecArena::WriteWindow::Close() {
  if (closed_) return ok_;
  closed_ = true;
  for (size_t index : opened_) {
    Page& page = arena_.pages_[index];
    if (!Protect(page.base, page.length, /*writable=*/false)) {
      ok_ = false;
      continue;
    }
    page.writable = false;
    page.sealed = arena_.mode_ == ExecMode::kWriteOnce;
  }
  for (const auto& [begin, size] : written_) FlushInstructionCache(begin, size);
  return ok_;
}

}  // namespace zerocall::jit
