// See callback_thunks.h.
#include "callback/callback_thunks.h"

#include <cstring>
#include <mutex>

#include "abi/host.h"
#include "callback/callback_cell.h"
#include "jit/a64_assembler.h"
#include "jit/code_buffer.h"
#include "jit/exec_memory.h"
#include "jit/x64_assembler.h"

namespace zerocall {

namespace {

constexpr size_t kSlotSize = 16;  // bytes of one thunk
constexpr size_t kCellsPerCodeSlot = sizeof(CallbackCell) / kSlotSize;  // 3: the data pages per code page
static_assert(sizeof(CallbackCell) % kSlotSize == 0);

class ThunkPool {
 public:
  CallbackThunks::Thunk Acquire(void (*entry)()) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (next_ == end_ && !AddBlock()) return {nullptr, nullptr};
    uint8_t* code = next_;
    next_ += kSlotSize;
    CallbackCell* cell = CellOf(code);
    cell->context = cell;
    cell->entry = entry;
    return {code, cell};
  }

  std::vector<uintptr_t> CodePages() {
    std::lock_guard<std::mutex> lock(mutex_);
    return arena_.page_addresses();
  }

 private:
  static size_t PageSize() { return jit::ExecArena::page_size(); }
  // Thunk i of a code page has its cell at 48 * i in the data pages above.
  static size_t CellDistance(size_t slot) { return PageSize() + slot * (sizeof(CallbackCell) - kSlotSize); }
  static CallbackCell* CellOf(uint8_t* code) {
    const size_t slot = (reinterpret_cast<uintptr_t>(code) & (PageSize() - 1)) / kSlotSize;
    return reinterpret_cast<CallbackCell*>(code + CellDistance(slot));
  }

  static std::optional<ThunkCode> HostThunk(size_t slot) {
    const auto distance = static_cast<uint32_t>(CellDistance(slot));
    if constexpr (abi::kHostIsa == abi::Isa::kX64) {
      return X64CallbackThunk(distance);
    } else {
      return A64CallbackThunk(distance);
    }
  }

  // One code page of thunks, sealed by its one write.
  bool AddBlock() {
    if (!jit::ExecArena::ProcessAllowsExecutableMemory()) return false;
    const size_t page = PageSize();
    std::vector<uint8_t> thunks(page);
    for (size_t slot = 0; slot < page / kSlotSize; slot++) {
      const std::optional<ThunkCode> thunk = HostThunk(slot);
      if (!thunk) return false;
      std::memcpy(thunks.data() + slot * kSlotSize, thunk->data(), kSlotSize);
    }
    uint8_t* code = arena_.Allocate(page);
    if (code == nullptr || !arena_.Write(code, thunks)) return false;
    next_ = code;
    end_ = code + page;
    return true;
  }

  std::mutex mutex_;
  // Never destroyed (see Pool), so a stray late call still finds code.
  jit::ExecArena arena_{jit::ExecMode::kWriteOnce, /*data_pages=*/kCellsPerCodeSlot};
  uint8_t* next_ = nullptr;  // the next thunk of the newest code page
  uint8_t* end_ = nullptr;
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

CallbackThunks::Thunk CallbackThunks::Acquire(void (*entry)()) { return Pool().Acquire(entry); }

std::vector<uintptr_t> CallbackThunks::CodePages() { return Pool().CodePages(); }

}  // namespace zerocall
