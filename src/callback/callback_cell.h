// A callback's permanent cell: what its C pointer reaches first, and all that is left
// of it once it is closed. C keeps function pointers longer than JS keeps callbacks,
// so a cell is never freed or reused: a thunk's cell is its data slot
// (callback_thunks.h, 16 bytes of code + 48 of data per callback), a libffi
// closure's cell lives on the heap next to the closure.
//
// Lifetime: the Callback behind a cell (its body) is freed once it is closed and no
// call uses it. Calls on the owning JS thread need no counting (close() runs on that
// thread: a close inside the callback is finished when the outermost call returns);
// calls from any other thread hold a reference while they use the body. After
// close() (or the environment's end) every call returns zero to C, reported once.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace zerocall {

class Callback;
struct CallbackFrame;
struct CallbackResultSlot;
struct Signature;

struct CallbackCell {
  // Thunks: loaded into the entry's context register (this cell's own address), and
  // the entry routine. Unused in a libffi closure's cell.
  void* context;
  void (*entry)();
  std::atomic<Callback*> target;  // null once closed: calls then return zero
  std::atomic<Callback*> body;    // freed by whoever drops the last reference
  const void* js_thread;          // the owner's thread (ThisThread()), whose calls are not counted
  std::atomic<uint32_t> refs;     // 1 (the owner, until close) + calls from other threads
  // What a call after close zeroes besides the result registers (ClosedResult).
  std::atomic<uint32_t> closed_result;

  // Gives the cell to `callback`, owned by the current (JS) thread, whose result
  // is described by `signature` (and, for thunks, `result_slot`).
  void Open(Callback* callback, const Signature& signature, const CallbackResultSlot* result_slot);
  // The calling thread's thread pointer: unique among live threads, and one register
  // read (pthread_self is a call through the PLT).
  static const void* ThisThread() { return __builtin_thread_pointer(); }
  bool OnOwnerThread() const { return js_thread == ThisThread(); }
  // Another thread's call: the body, held until Release(), or null once closed.
  Callback* Acquire();
  void Release();
  // The owner closes (on its thread): later calls return zero; the body is freed
  // once calls from other threads have dropped their references.
  void Retire();

  // A call after close: a zero result (thunks: in the frame's result words and a
  // struct returned in memory; libffi: at `result`), and the report on stderr the
  // first time.
  void ReturnZero(CallbackFrame* frame);
  void ReturnZero(void* result);
};
static_assert(sizeof(CallbackCell) == 48, "a thunk's data slot");

// A libffi closure's cell (a heap cell that is never freed).
CallbackCell* NewHeapCallbackCell();

}  // namespace zerocall
