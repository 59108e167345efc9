// See callback_thunks.h.
#include "callback/callback_thunks.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <mutex>

#include "jit/exec_memory.h"

namespace zerocall {

namespace {

constexpr size_t kSlotSize = 16;  // bytes of one thunk, and of its {context, entry} data

void PutLe32(ThunkCode& code, size_t at, uint32_t word) {
  for (int i = 0; i < 4; i++) code[at + i] = static_cast<uint8_t>(word >> (8 * i));
}

struct ThunkBlock {
  uint8_t* code;    // page_size bytes of thunks, RX
  void** data;      // page_size bytes of {context, entry} pairs, RW
};

class ThunkPool {
 public:
  void* Acquire(void* context, void (*entry)()) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (free_.empty() && !AddBlock()) return nullptr;
    uint8_t* code = free_.back();
    free_.pop_back();
    void** data = DataOf(code);
    data[0] = context;
    data[1] = reinterpret_cast<void*>(entry);
    return code;
  }

  void Release(void* code) {
    std::lock_guard<std::mutex> lock(mutex_);
    void** data = DataOf(static_cast<uint8_t*>(code));
    data[0] = nullptr;
    free_.push_back(static_cast<uint8_t*>(code));
  }

  std::vector<uintptr_t> CodePages() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<uintptr_t> pages;
    for (const ThunkBlock& block : blocks_) pages.push_back(reinterpret_cast<uintptr_t>(block.code));
    return pages;
  }

 private:
  static size_t PageSize() { return jit::ExecArena::page_size(); }
  // The data slot sits exactly one page above its thunk.
  static void** DataOf(uint8_t* code) { return reinterpret_cast<void**>(code + PageSize()); }

  static bool HostThunk(ThunkCode* code) {
#if defined(ZEROCALL_ARCH_X64)
    *code = X64CallbackThunk(static_cast<uint32_t>(PageSize()));
    return true;
#elif defined(ZEROCALL_ARCH_ARM64)
    *code = A64CallbackThunk(static_cast<uint32_t>(PageSize()));
    return true;
#else
    (void)code;
    return false;
#endif
  }

  bool AddBlock() {
    ThunkCode thunk;
    if (!HostThunk(&thunk) || !jit::ExecArena::ProcessAllowsExecutableMemory()) return false;
    const size_t page = PageSize();
    void* memory = mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) return false;
    auto* code = static_cast<uint8_t*>(memory);
    for (size_t at = 0; at < page; at += kSlotSize) std::memcpy(code + at, thunk.data(), kSlotSize);
    __builtin___clear_cache(reinterpret_cast<char*>(code), reinterpret_cast<char*>(code + page));
    if (mprotect(code, page, PROT_READ | PROT_EXEC) != 0) {
      munmap(memory, 2 * page);
      return false;
    }
    blocks_.push_back(ThunkBlock{code, reinterpret_cast<void**>(code + page)});
    for (size_t at = page; at >= kSlotSize; at -= kSlotSize) free_.push_back(code + at - kSlotSize);
    return true;
  }

  std::mutex mutex_;
  std::vector<ThunkBlock> blocks_;  // never unmapped: a stray late call still finds code
  std::vector<uint8_t*> free_;
};

ThunkPool& Pool() {
  static ThunkPool* pool = new ThunkPool;  // never destroyed: threads may outlive statics
  return *pool;
}

}  // namespace

ThunkCode X64CallbackThunk(uint32_t data_distance) {
  ThunkCode code;
  code.fill(0xCC);  // int3 after the jump
  // mov r10, [rip + disp32]: REX.W+R, 8B /r, ModRM 00 010 101; rip = thunk + 7
  code[0] = 0x4C;
  code[1] = 0x8B;
  code[2] = 0x15;
  PutLe32(code, 3, data_distance - 7);
  // jmp qword [rip + disp32]: FF /4, ModRM 00 100 101; rip = thunk + 13, target data + 8
  code[7] = 0xFF;
  code[8] = 0x25;
  PutLe32(code, 9, data_distance + 8 - 13);
  return code;
}

ThunkCode A64CallbackThunk(uint32_t data_distance) {
  ThunkCode code;
  // LDR (literal, 64-bit): 0x58000000 | imm19 << 5 | Rt, offset = imm19 * 4 from this instruction.
  auto ldr_literal = [](uint32_t rt, uint32_t offset) { return 0x58000000u | ((offset / 4) & 0x7FFFF) << 5 | rt; };
  PutLe32(code, 0, ldr_literal(9, data_distance));           // ldr x9, [data]
  PutLe32(code, 4, ldr_literal(16, data_distance + 8 - 4));  // ldr x16, [data + 8]
  PutLe32(code, 8, 0xD61F0000u | 16u << 5);                  // br x16
  PutLe32(code, 12, 0xD4200000u);                            // brk #0
  return code;
}

void* CallbackThunks::Acquire(void* context, void (*entry)()) { return Pool().Acquire(context, entry); }

void CallbackThunks::Release(void* code) { Pool().Release(code); }

std::vector<uintptr_t> CallbackThunks::CodePages() { return Pool().CodePages(); }

}  // namespace zerocall
