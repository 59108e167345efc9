// Executable memory for stubs, W^X: a page is either writable or executable, never
// both. Writing flips the page to RW, copies, flips it back to RX and flushes the
// instruction cache. One arena per isolate, so a page is only ever executed and
// written by the one thread that owns it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace zerocall::jit {

// A rewrite of code already placed (e.g. the stub a closed library's symbol gets).
struct CodePatch {
  uint8_t* address;
  std::vector<uint8_t> code;
};

class ExecArena {
 public:
  ExecArena() = default;
  ExecArena(const ExecArena&) = delete;
  ExecArena& operator=(const ExecArena&) = delete;
  ~ExecArena();  // unmaps every page: only once no code can run any stub

  // Whether this process may map executable memory at all (probed once: hardened
  // kernels refuse mprotect(PROT_EXEC) on anonymous memory).
  static bool ProcessAllowsExecutableMemory();

  // Reserves `size` bytes (16-byte aligned, never straddling a page) and returns
  // their address, or null if memory is refused. The bytes are RX and hold `int3`s.
  uint8_t* Allocate(size_t size);
  // Replaces the code at `address` (within one allocation). False if mprotect fails.
  bool Write(uint8_t* address, const std::vector<uint8_t>& code);

  size_t page_count() const { return pages_.size(); }
  // Start address of each page (for tests that check the mappings' protection).
  std::vector<uintptr_t> page_addresses() const;
  static size_t page_size();

 private:
  struct Page {
    uint8_t* base;
    size_t used;
  };
  bool NewPage();
  std::vector<Page> pages_;
};

}  // namespace zerocall::jit
