// See callback_cell.h.
#include "callback/callback_cell.h"

#include <cstdio>
#include <cstring>
#include <mutex>
#include <vector>

#include "callback/callback_entry.h"
#include "callback/callback_values.h"
#include "callback/unsafe_callback.h"

namespace zerocall {

namespace {

// closed_result: the bytes a closed call zeroes in memory (a thunk's struct result
// returned in memory; a libffi result buffer), where a thunk finds their address,
// and whether the call was reported yet. Larger results are zeroed up to the cap.
constexpr uint32_t kZeroBytesMask = (1u << 26) - 1;
constexpr int kRegisterShift = 26;  // 4 bits: the frame's argument register holding the address
constexpr uint32_t kInIndirectRegister = 1u << 30;
constexpr uint32_t kReported = 1u << 31;

uint32_t ZeroBytes(size_t bytes) { return bytes > kZeroBytesMask ? kZeroBytesMask : static_cast<uint32_t>(bytes); }

void ReportOnce(std::atomic<uint32_t>& closed_result) {
  if (closed_result.fetch_or(kReported) & kReported) return;
  std::fprintf(stderr, "zerocall: a closed UnsafeCallback was called; it returns zero\n");
}

}  // namespace

void CallbackCell::Open(Callback* callback, const Signature& signature, const CallbackResultSlot* result_slot) {
  target.store(callback);
  body.store(callback);
  js_thread = ThisThread();
  refs.store(1);
  uint32_t closed = 0;
  if (result_slot == nullptr) {  // libffi: the whole result buffer
    closed = ZeroBytes(ResultSlotBytes(signature));
  } else if (result_slot->kind == CallbackResultSlot::Kind::kIndirect) {
    closed = ZeroBytes(signature.result.size()) | (uint32_t{result_slot->index} & 0xf) << kRegisterShift |
             (result_slot->in_indirect_register ? kInIndirectRegister : 0);
  }
  closed_result.store(closed);
}

Callback* CallbackCell::Acquire() {
  // Counted before the target is read: a close that comes later sees the count and
  // leaves the body to the last Release (both sequentially consistent).
  refs.fetch_add(1);
  if (Callback* callback = target.load()) return callback;
  Release();
  return nullptr;
}

void CallbackCell::Release() {
  if (refs.fetch_sub(1) != 1) return;
  delete body.exchange(nullptr);  // the first to reach zero frees it; later ones find null
}

void CallbackCell::Retire() {
  target.store(nullptr);
  Release();
}

void CallbackCell::ReturnZero(CallbackFrame* frame) {
  const uint32_t closed = closed_result.load(std::memory_order_relaxed);
  std::memset(frame->result, 0, sizeof frame->result);
  if (const uint32_t bytes = closed & kZeroBytesMask) {
    const uint64_t address = closed & kInIndirectRegister ? frame->indirect_result
                                                          : frame->registers[(closed >> kRegisterShift) & 0xf];
    std::memset(reinterpret_cast<void*>(address), 0, bytes);
    frame->result[0] = address;
  }
  ReportOnce(closed_result);
}

void CallbackCell::ReturnZero(void* result) {
  std::memset(result, 0, closed_result.load(std::memory_order_relaxed) & kZeroBytesMask);
  ReportOnce(closed_result);
}

CallbackCell* NewHeapCallbackCell() {
  // Reachable for ever (LeakSanitizer included): a closure's pointer may be called
  // at any time.
  static std::mutex mutex;
  static auto* cells = new std::vector<CallbackCell*>;
  auto* cell = new CallbackCell{};
  std::lock_guard<std::mutex> lock(mutex);
  cells->push_back(cell);
  return cell;
}

}  // namespace zerocall
