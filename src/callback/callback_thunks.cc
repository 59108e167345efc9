// See callback_thunks.h.
#include "callback/callback_thunks.h"

#include <cstring>
#include <mutex>

#include "abi/host.h"
#include "jit/a64_assembler.h"
#include "jit/code_buffer.h"
#include "jit/exec_memory.h"
#include "jit/x64_assembler.h"

namespace zerocall {

namespace {

constexpr size_t kSlotSize = 16;  // bytes of one thunk, and of its {context, entry} data

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
    return arena_.page_addresses();
  }

 private:
  static size_t PageSize() { return jit::ExecArena::page_size(); }
  // The data slot sits exactly one page above its thunk.
  static void** DataOf(uint8_t* code) { return reinterpret_cast<void**>(code + PageSize()); }

  static std::optional<ThunkCode> HostThunk() {
    if constexpr (abi::kHostIsa == abi::Isa::kX64) {
      return X64CallbackThunk(static_cast<uint32_t>(PageSize()));
    } else {
      return A64CallbackThunk(static_cast<uint32_t>(PageSize()));
    }
  }

  // One code page of thunks, sealed by its one write.
  bool AddBlock() {
    const std::optional<ThunkCode> thunk = HostThunk();
    if (!thunk || !jit::ExecArena::ProcessAllowsExecutableMemory()) return false;
    const size_t page = PageSize();
    uint8_t* code = arena_.Allocate(page);
    if (code == nullptr) return false;
    std::vector<uint8_t> thunks(page);
    for (size_t at = 0; at < page; at += kSlotSize) std::memcpy(thunks.data() + at, thunk->data(), kSlotSize);
    if (!arena_.Write(code, thunks)) return false;
    for (size_t at = page; at >= kSlotSize; at -= kSlotSize) free_.push_back(code + at - kSlotSize);
    return true;
  }

  std::mutex mutex_;
  // Never destroyed (see Pool), so a stray late call still finds code.
  jit::ExecArena arena_{jit::ExecMode::kWriteOnce, /*data_pages=*/1};
  std::vector<uint8_t*> free_;
};

ThunkPool& Pool() {
  static ThunkPool* pool = new ThunkPool;  // never destroyed: threads may outlive statics
  return *pool;
}

// A thunk for a data slot `data_distance` bytes above it: `emit(context,
// entry)` loads the two words of the slot through labels on them and jumps;
// `pad` (one trap instruction) fills the slot's rest.
template <typename Assembler, typename Emit, typename Pad>
std::optional<ThunkCode> Thunk(uint32_t data_distance, Emit emit, Pad pad) {
  jit::CodeBuffer buffer;
  Assembler masm(buffer);
  const jit::Label context = buffer.NewLabel();
  const jit::Label entry = buffer.NewLabel();
  buffer.BindAt(context, data_distance);
  buffer.BindAt(entry, data_distance + 8);
  emit(masm, context, entry);
  while (buffer.size() < kSlotSize) pad(masm);
  std::optional<std::vector<uint8_t>> bytes = buffer.Finish();
  if (!bytes || bytes->size() != kSlotSize) return std::nullopt;
  ThunkCode code;
  std::memcpy(code.data(), bytes->data(), kSlotSize);
  return code;
}

}  // namespace

std::optional<ThunkCode> X64CallbackThunk(uint32_t data_distance) {
  using jit::x64::Assembler;
  return Thunk<Assembler>(
      data_distance,
      [](Assembler& masm, jit::Label context, jit::Label entry) {
        masm.MovRegRipRelative(jit::x64::Gp::kR10, context);  // mov r10, [rip + context]
        masm.JmpRipRelative(entry);                           // jmp [rip + entry]
      },
      [](Assembler& masm) { masm.Int3(); });
}

std::optional<ThunkCode> A64CallbackThunk(uint32_t data_distance) {
  using jit::a64::Assembler;
  using jit::a64::X;
  return Thunk<Assembler>(
      data_distance,
      [](Assembler& masm, jit::Label context, jit::Label entry) {
        masm.LdrLiteral(X::kX9, context);  // ldr x9, <context>
        masm.LdrLiteral(X::kX16, entry);   // ldr x16, <entry>
        masm.Br(X::kX16);                  // br x16
      },
      [](Assembler& masm) { masm.Brk(0); });
}

void* CallbackThunks::Acquire(void* context, void (*entry)()) { return Pool().Acquire(context, entry); }

void CallbackThunks::Release(void* code) { Pool().Release(code); }

std::vector<uintptr_t> CallbackThunks::CodePages() { return Pool().CodePages(); }

}  // namespace zerocall
