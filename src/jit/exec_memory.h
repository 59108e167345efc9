// Executable memory, W^X: a code page is either writable or executable, never
// both. The only home of mmap/mprotect for code: fast-call stubs (one arena per
// isolate, so a page is only ever executed and written by the thread that owns
// it) and callback thunk pages (one write-once arena per process).
#pragma once
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace zerocall::jit {

// A rewrite of code already placed (e.g. the stub a closed library's symbol gets).
struct CodePatch {
  uint8_t* address;
  std::vector<uint8_t> code;
};

// How an arena's code pages may be written.
enum class ExecMode : uint8_t {
  // Stubs: a page is RX, turns RW inside a write window and RX again when the
  // window closes, as often as needed.
  kRewritable,
  // Callback thunks: a page is RW (not executable) until the first window that
  // writes it closes, then RX for good, so other threads may run its code while
  // later pages are written. Allocate never returns space on such a page.
  kWriteOnce,
};

class ExecArena {
 public:
  // `data_pages`: RW pages mapped right above each code page (never
  // executable), for code that reads its data pc-relatively.
  explicit ExecArena(ExecMode mode = ExecMode::kRewritable, size_t data_pages = 0)
      : mode_(mode), data_pages_(data_pages) {}
  ExecArena(const ExecArena&) = delete;
  ExecArena& operator=(const ExecArena&) = delete;
  ~ExecArena();  // unmaps every page: only once no code can run any stub

  // Whether this process may map executable memory at all (probed once: hardened
  // kernels refuse mprotect(PROT_EXEC) on anonymous memory).
  static bool ProcessAllowsExecutableMemory();

  // Reserves `size` bytes (16-byte aligned, never straddling a page unless larger
  // than one: such a stub gets a run of pages of its own) and returns their
  // address, or null if memory is refused. The bytes hold `int3`s.
  uint8_t* Allocate(size_t size);
  // Replaces the code at `address` (within one allocation) in a window of its
  // own. False if mprotect fails or the page is sealed (kWriteOnce).
  bool Write(uint8_t* address, const std::vector<uint8_t>& code);

  class WriteWindow;

  size_t page_count() const { return pages_.size(); }
  // Start address of each code page or run (for tests that check the mappings' protection).
  std::vector<uintptr_t> page_addresses() const;
  static size_t page_size();

 private:
  struct Page {
    uint8_t* base;
    size_t used;
    size_t length;  // one page, or the run of a stub larger than a page
    bool writable;  // RW now (inside a window, or kWriteOnce before its first one)
    bool sealed;    // kWriteOnce: written, RX for good
  };
  static constexpr size_t kNoPage = SIZE_MAX;
  bool NewPage(size_t length);
  size_t MappingBytes(const Page& page) const { return page.length + data_pages_ * page_size(); }
  // The index of the page holding [address, address + size), or kNoPage.
  size_t PageOf(const uint8_t* address, size_t size) const;

  ExecMode mode_;
  size_t data_pages_;
  std::vector<Page> pages_;
};

// A scope in which code is written into one arena: a page turns RW (and not
// executable) at its first write in the window; when the window closes, every
// page written turns RX with one mprotect, however many stubs it got, and the
// instruction cache is flushed. One window per arena at a time; the code on a
// page being written must not run until the window closes.
class ExecArena::WriteWindow {
 public:
  explicit WriteWindow(ExecArena& arena) : arena_(arena) {}
  WriteWindow(const WriteWindow&) = delete;
  WriteWindow& operator=(const WriteWindow&) = delete;
  ~WriteWindow() { Close(); }

  // Copies `code` to `address` (within one allocation of the arena). False if
  // the address is not the arena's, mprotect fails or the page is sealed.
  bool Write(uint8_t* address, const std::vector<uint8_t>& code);
  // Makes the written pages RX (kWriteOnce: for good). False if this or any
  // Write failed. Later calls only repeat the answer.
  bool Close();

 private:
  ExecArena& arena_;
  std::vector<size_t> opened_;                           // page indices written here
  std::vector<std::pair<uint8_t*, size_t>> written_;     // ranges to flush
  bool ok_ = true;
  bool closed_ = false;
};

}  // namespace zerocall::jit
