// The object behind an UnsafeCallback: its C entry point (a thunk into the register
// entry, or a libffi closure) and permanent cell (callback_cell.h), the JS function,
// and the queue of calls for the JS thread (from other threads; for a nonblocking
// callback, every call). callback.cc makes and closes it; callback_calls.cc runs its
// calls. The cell frees it once it is closed and unused, on whichever thread that
// is: the destructor only frees memory.
#pragma once
#include <ffi.h>
#include <uv.h>
#include <v8.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "call/libffi_call.h"
#include "callback/callback_cell.h"
#include "callback/callback_entry.h"
#include "callback/posted_call.h"
#include "types/native_type.h"

namespace zerocall {

struct AddonData;

// A call from another thread, waiting for the JS thread to run the callback.
struct ForeignThreadCall {
  void** args;
  void* result;
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
};

class Callback {
 public:
  // `nonblocking`: calls never wait (posted_call.h); the result must be void.
  Callback(AddonData* addon, Signature signature, bool nonblocking);
  // Only memory: called by the cell (callback_cell.h), or after a failed Prepare.
  ~Callback();
  // Callback objects alive in the process (tests: closed ones are freed).
  static int64_t LiveCount();

  // Prepares the C entry point and the cross-thread wake-up. False if neither a
  // thunk nor a libffi closure can be made (the object is then the caller's to delete).
  bool Prepare(v8::Local<v8::Context> context, v8::Local<v8::Function> function);

  // A thunk's call (callback_entry.h) through its cell.
  static void OnThunkCall(CallbackCell* cell, CallbackFrame* frame, uint64_t* stack_args);

  void* code() const { return code_; }
  CallbackCell* cell() const { return cell_; }
  AddonData* addon() const { return addon_; }
  bool uses_thunk() const { return thunk_; }

  // On the JS thread: later calls of the pointer report an error and return zero.
  // Threads waiting for this callback get zero now; posted calls not yet run are
  // dropped. The object is freed meanwhile or later (callback_cell.h): no use after.
  void Close();
  // process 'exit' (lib/callback.js): the event loop will not run again, so calls
  // from other threads get zero from now on, those waiting too, and so does a call
  // the JS function is running for another thread (exit never returns to it). Calls
  // on the JS thread (from other 'exit' listeners) still run JS.
  void ReleaseForExit();
  // ref()/unref(): the new reference count; above zero keeps the event loop alive.
  int AddReference(int delta);

 private:
  class JsThreadUse;

  // Runs `run(callback, on_js_thread)` with the cell's callback, kept alive for it;
  // false (nothing run) once it is closed.
  template <typename Run>
  static bool WithCallback(CallbackCell* cell, Run run);
  // The C entry point (libffi closure handler), on whatever thread C called from.
  static void OnLibffiCall(ffi_cif*, void* result, void** args, void* data);
  bool PrepareThunk();
  bool PrepareLibffiClosure();

  // Every call, whichever entry it came through, on whatever thread C called from.
  void OnCall(void** args, void* result, bool on_js_thread);
  // The JS thread's side of calls from other threads.
  static void OnWakeUp(uv_async_t* handle);
  // Hands a call from another thread its result (`result`, or zero) once.
  void Finish(ForeignThreadCall* call, bool zero, const void* result = nullptr);
  // A nonblocking callback's call: copied and queued for the JS thread.
  void Post(void** args);
  // Runs the posted calls queued so far, in order, until the queue is empty or closed.
  void RunPosted();
  // Runs the JS function with the C arguments and writes its result back. An
  // exception gives C a zero result; it is rethrown to the JS code that made the
  // foreign call (synchronous calls) or reported as uncaught (calls delivered from
  // other threads).
  // `arg_at(i)` is where argument i is.
  template <typename ArgAt>
  void RunOnJsThread(const ArgAt& arg_at, void* result, bool delivered);
  void RunScalarFrameCall(CallbackFrame* frame, uint64_t* stack_args);
  // The JS return value as the C result; false (with a TypeError thrown) if the
  // value does not convert.
  bool ConvertResult(v8::Isolate* isolate, v8::Local<v8::Value> returned, void* result);

  AddonData* addon_;
  Signature signature_;
  CallbackCell* cell_ = nullptr;
  int js_depth_ = 0;             // calls of it in progress on the JS thread (nested)
  bool retire_pending_ = false;  // closed while js_depth_ > 0: retired when it drops to 0
  CallbackFramePlan frame_plan_;             // thunk calls: where arguments and result are
  bool thunk_ = false;                       // code_ is a thunk, else a libffi closure
  bool scalar_frame_ = false;                // a thunk whose JS-thread calls take RunScalarFrameCall
  void* code_ = nullptr;                     // the C function pointer
  v8::Global<v8::Function> function_;
  v8::Global<v8::Context> context_;
  uv_async_t* async_ = nullptr;        // wakes the JS thread for calls from other threads
  std::mutex queue_mutex_;
  std::deque<ForeignThreadCall*> queue_;
  ForeignThreadCall* delivering_ = nullptr;  // the call OnWakeUp is running
  bool exiting_ = false;                     // ReleaseForExit ran (under queue_mutex_)
  // Nonblocking callbacks: copies of calls not yet run (no bound: see docs/api.md).
  bool nonblocking_;
  PostedCallLayout posted_layout_;
  std::deque<std::unique_ptr<uint64_t[]>> posted_;
  std::atomic<bool> closed_{false};
  int refs_ = 0;
};

}  // namespace zerocall
