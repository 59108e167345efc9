// The object behind an UnsafeCallback: its C entry point (a thunk into the register
// entry, or a libffi closure), the JS function, and the queue of calls for the JS
// thread (from other threads; for a nonblocking callback, every call).
// callback.cc makes, closes and frees it; callback_calls.cc runs its calls.
#pragma once
#include <ffi.h>
#include <uv.h>
#include <v8.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "call/libffi_call.h"
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
  ~Callback();

  // Prepares the C entry point and the cross-thread wake-up. False if neither a
  // thunk nor a libffi closure can be made.
  bool Prepare(v8::Local<v8::Context> context, v8::Local<v8::Function> function);

  // A thunk's call (callback_entry.h): the arguments are where the caller put them.
  void OnFrameCall(CallbackFrame* frame, uint64_t* stack_args);

  void* code() const { return code_; }
  bool uses_thunk() const { return thunk_; }

  // Later calls of the pointer report an error and return zero. Threads waiting
  // for this callback get zero now; posted calls not yet run are dropped.
  void Close();
  // ref()/unref(): the new reference count; above zero keeps the event loop alive.
  int AddReference(int delta);

 private:
  // The C entry point (libffi closure handler), on whatever thread C called from.
  static void OnLibffiCall(ffi_cif*, void* result, void** args, void* data);
  bool PrepareThunk();
  bool PrepareLibffiClosure();

  // Every call, whichever entry it came through, on whatever thread C called from.
  void OnCall(void** args, void* result);
  // The JS thread's side of calls from other threads.
  static void OnWakeUp(uv_async_t* handle);
  void Finish(ForeignThreadCall* call, bool zero);
  // A nonblocking callback's call: copied and queued for the JS thread.
  void Post(void** args);
  // Runs the posted calls queued so far, in order, until the queue is empty or closed.
  void RunPosted();
  // Runs the JS function with the C arguments and writes its result back. An
  // exception gives C a zero result; it is rethrown to the JS code that made the
  // foreign call (synchronous calls) or reported as uncaught (calls delivered from
  // other threads).
  void RunOnJsThread(void** args, void* result, bool delivered);
  // The JS return value as the C result; false (with a TypeError thrown) if the
  // value does not convert.
  bool ConvertResult(v8::Isolate* isolate, v8::Local<v8::Value> returned, void* result);

  AddonData* addon_;
  Signature signature_;
  std::thread::id js_thread_;
  CallbackFramePlan frame_plan_;             // thunk calls: where arguments and result are
  bool thunk_ = false;                       // code_ is a thunk, else a libffi closure
  std::unique_ptr<FfiCallInterface> ffi_;    // libffi closures only: the closure uses its cif
  ffi_closure* closure_ = nullptr;
  void* code_ = nullptr;                     // the C function pointer
  v8::Global<v8::Function> function_;
  v8::Global<v8::Context> context_;
  uv_async_t* async_ = nullptr;        // wakes the JS thread for calls from other threads
  std::mutex queue_mutex_;
  std::deque<ForeignThreadCall*> queue_;
  // Nonblocking callbacks: copies of calls not yet run (no bound: see docs/api.md).
  bool nonblocking_;
  PostedCallLayout posted_layout_;
  std::deque<std::unique_ptr<uint64_t[]>> posted_;
  std::atomic<bool> closed_{false};
  int refs_ = 0;
};

}  // namespace zerocall
