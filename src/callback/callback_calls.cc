// Running an UnsafeCallback's calls (unsafe_callback.h): a call reaches the callback
// through its cell (callback_cell.h), which keeps it alive meanwhile; OnCall
// dispatches by thread: on the JS thread the function runs at once, other threads
// queue the call and wait. A nonblocking callback's calls are copied and queued from
// every thread (Post).
#include <node.h>

#include <cstdio>
#include <cstring>
#include <optional>

#include "addon_data.h"
#include "call/c_string.h"
#include "call/marshal.h"
#include "callback/callback.h"
#include "callback/callback_exception.h"
#include "callback/callback_frame_call.h"
#include "callback/callback_values.h"
#include "callback/unsafe_callback.h"
#include "util/js_errors.h"

namespace zerocall {

namespace {

// Arguments converted into a stack array; longer signatures use the heap.
constexpr size_t kInlineCallbackArguments = 16;

// JS arguments of one call, uninitialised until written (no per-call zeroing of
// the whole array; v8::Local's constructor would do that).
union InlineArguments {
  InlineArguments() {}
  v8::Local<v8::Value> values[kInlineCallbackArguments];
};

// The result of a call delivered from another thread, until it is handed over.
class DeliveredResult {
 public:
  explicit DeliveredResult(const Signature& signature) : size_(ResultSlotBytes(signature)) {
    if (size_ > sizeof inline_) heap_.reset(new uint64_t[(size_ + 7) / 8]);
  }
  void* bytes() { return heap_ ? static_cast<void*>(heap_.get()) : inline_; }

 private:
  size_t size_;
  uint64_t inline_[4];
  std::unique_ptr<uint64_t[]> heap_;
};

// Argument i where args[i] points (RunOnJsThread's argument locator).
auto InArray(void** args) {
  return [args](size_t i) { return args[i]; };
}

}  // namespace

// Keeps a callback alive for its uses on the JS thread, and retires it when the
// outermost use ends after a close() inside it; nothing may touch it afterwards.
class Callback::JsThreadUse {
 public:
  explicit JsThreadUse(Callback* callback) : callback_(callback) { callback_->js_depth_++; }
  ~JsThreadUse() {
    if (--callback_->js_depth_ == 0 && callback_->retire_pending_) callback_->cell_->Retire();
  }
  JsThreadUse(const JsThreadUse&) = delete;
  JsThreadUse& operator=(const JsThreadUse&) = delete;

 private:
  Callback* callback_;
};

template <typename Run>
bool Callback::WithCallback(CallbackCell* cell, Run run) {
  if (cell->OnOwnerThread()) {  // close() happens on this thread only: no counting
    Callback* callback = cell->target.load(std::memory_order_relaxed);
    if (callback == nullptr) return false;
    JsThreadUse use(callback);
    run(callback, /*on_js_thread=*/true);
    return true;
  }
  Callback* callback = cell->Acquire();
  if (callback == nullptr) return false;
  run(callback, /*on_js_thread=*/false);
  cell->Release();
  return true;
}

void Callback::OnThunkCall(CallbackCell* cell, CallbackFrame* frame, uint64_t* stack_args) {
  const bool ran = WithCallback(cell, [&](Callback* callback, bool on_js_thread) {
    if (on_js_thread && callback->scalar_frame_) {
      callback->RunScalarFrameCall(frame, stack_args);
      return;
    }
    CallbackFrameCall call(callback->frame_plan_, frame, stack_args);
    callback->OnCall(call.args(), call.result(), on_js_thread);
    call.Finish();
  });
  if (!ran) cell->ReturnZero(frame);
}

// The commonest call, without the general frame walk: synchronous, on the JS thread,
// scalars in register words or stack slots and a scalar result.
void Callback::RunScalarFrameCall(CallbackFrame* frame, uint64_t* stack_args) {
  void* result = ScalarResultAt(frame_plan_.result, frame);
  if (closed_) {  // by its own JS function, in a call further out
    WriteZeroResultSlot(signature_, result);
    return;
  }
  const auto arg_at = [this, frame, stack_args](size_t i) {
    return ScalarArgumentAt(frame_plan_.args[i], frame, stack_args);
  };
  RunOnJsThread(arg_at, result, /*delivered=*/false);
}

void Callback::OnLibffiCall(ffi_cif*, void* result, void** args, void* data) {
  auto* cell = static_cast<CallbackCell*>(data);
  const bool ran = WithCallback(
      cell, [&](Callback* callback, bool on_js_thread) { callback->OnCall(args, result, on_js_thread); });
  if (!ran) cell->ReturnZero(result);
}

void Callback::OnCall(void** args, void* result, bool on_js_thread) {
  if (closed_) {  // meanwhile: by the JS thread while this thread held it, or inside an outer call
    WriteZeroResultSlot(signature_, result);
    return;
  }
  if (nonblocking_) {
    Post(args);
    return;
  }
  if (on_js_thread) {
    RunOnJsThread(InArray(args), result, /*delivered=*/false);
    return;
  }
  ForeignThreadCall call;
  call.args = args;
  call.result = result;
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    if (closed_ || exiting_) {  // exiting: the event loop will not run it
      WriteZeroResultSlot(signature_, result);
      return;
    }
    queue_.push_back(&call);
    uv_async_send(async_);  // under the lock: Close() cannot free async_ meanwhile
  }
  std::unique_lock<std::mutex> lock(call.mutex);
  call.finished.wait(lock, [&] { return call.done; });
}

void Callback::Post(void** args) {
  std::unique_ptr<uint64_t[]> copy = posted_layout_.Copy(args);  // outside the lock
  std::lock_guard<std::mutex> lock(queue_mutex_);
  if (closed_) return;
  posted_.push_back(std::move(copy));
  uv_async_send(async_);  // under the lock: Close() cannot free async_ meanwhile
}

void Callback::OnWakeUp(uv_async_t* handle) {
  auto* self = static_cast<Callback*>(handle->data);
  JsThreadUse use(self);  // the JS function may close it
  if (self->nonblocking_) {
    self->RunPosted();
    return;
  }
  for (;;) {
    ForeignThreadCall* call;
    {
      std::lock_guard<std::mutex> lock(self->queue_mutex_);
      if (self->queue_.empty()) return;
      call = self->queue_.front();
      self->queue_.pop_front();
      self->delivering_ = call;  // released by ReleaseForExit if the JS function exits the process
    }
    // The result is written here first: the caller may be released meanwhile.
    DeliveredResult result(self->signature_);
    self->RunOnJsThread(InArray(call->args), result.bytes(), /*delivered=*/true);
    {
      std::lock_guard<std::mutex> lock(self->queue_mutex_);
      self->delivering_ = nullptr;
    }
    self->Finish(call, /*zero=*/false, result.bytes());
  }
}

void Callback::ReleaseForExit() {
  std::deque<ForeignThreadCall*> waiting;
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    exiting_ = true;
    waiting.swap(queue_);
    if (delivering_ != nullptr) waiting.push_back(delivering_);
    delivering_ = nullptr;
  }
  for (ForeignThreadCall* call : waiting) Finish(call, /*zero=*/true);
}

void Callback::RunPosted() {
  std::vector<void*> args(posted_layout_.count());
  uint64_t unused_result[2];  // the result is void
  for (;;) {
    std::unique_ptr<uint64_t[]> call;
    {
      std::lock_guard<std::mutex> lock(queue_mutex_);
      if (closed_ || posted_.empty()) return;  // closed by the JS function: Close() dropped the rest
      call = std::move(posted_.front());
      posted_.pop_front();
    }
    posted_layout_.Point(call.get(), args.data());
    RunOnJsThread(InArray(args.data()), unused_result, /*delivered=*/true);
  }
}

void Callback::Finish(ForeignThreadCall* call, bool zero, const void* result) {
  std::lock_guard<std::mutex> lock(call->mutex);
  if (call->done) return;  // released already (ReleaseForExit)
  if (zero) {
    WriteZeroResultSlot(signature_, call->result);
  } else {
    std::memcpy(call->result, result, ResultSlotBytes(signature_));
  }
  call->done = true;
  call->finished.notify_one();
}

template <typename ArgAt>
void Callback::RunOnJsThread(const ArgAt& arg_at, void* result, bool delivered) {
  v8::Isolate* isolate = addon_->isolate;
  v8::HandleScope scope(isolate);
  CStringCallbackBase strings;  // string arguments of calls it makes (c_string.h)
  if (function_.IsEmpty() || addon_->closing || (!delivered && EarlierCallbackThrew(addon_))) {
    WriteZeroResultSlot(signature_, result);
    return;
  }
  // Function::Call runs the function in the given context itself; a scope is
  // needed only where no context is entered at all (calls from the event loop).
  v8::Local<v8::Context> context = context_.Get(isolate);
  std::optional<v8::Context::Scope> context_scope;
  if (!isolate->InContext()) context_scope.emplace(context);
  const size_t argc = signature_.params.size();
  InlineArguments inline_argv;
  std::vector<v8::Local<v8::Value>> heap_argv(argc > kInlineCallbackArguments ? argc : 0);
  v8::Local<v8::Value>* argv = argc > kInlineCallbackArguments ? heap_argv.data() : inline_argv.values;
  for (size_t i = 0; i < argc; i++) {
    const Type& type = signature_.params[i];
    if (type.kind == NativeType::kI32) {  // the commonest, without the switch
      argv[i] = v8::Integer::New(isolate, *static_cast<const int32_t*>(arg_at(i)));
    } else {
      argv[i] = type.is_struct() ? StructToJs(isolate, *type.layout, arg_at(i))  // a copy of its bytes
                                 : ValueAtToJs(isolate, type.kind, arg_at(i));
    }
  }
  v8::Local<v8::Function> function = function_.Get(isolate);
  if (delivered) {
    // Exceptions inside a CallbackScope take the process's uncaught-exception path.
    node::CallbackScope callback_scope(isolate, context->Global(), {0, 0});
    v8::Local<v8::Value> returned;
    if (!function->Call(context, v8::Undefined(isolate), static_cast<int>(argc), argv)
             .ToLocal(&returned) ||
        !ConvertResult(isolate, returned, result)) {
      WriteZeroResultSlot(signature_, result);
      // Terminated from the event loop: the worker is ending (terminate(), exit).
      // V8 lifts the termination once no JS is on the stack, so later calls would
      // run JS again: every callback of this environment is closed instead.
      if (isolate->IsExecutionTerminating()) CloseCallbacks(addon_);
    }
    return;
  }
  // A zero result for C when the function or the conversion threw; the exception
  // goes where this V8 wants it (callback_exception.h).
  const bool converted = RunSynchronousCallback(addon_, [&] {
    v8::Local<v8::Value> returned;
    return function->Call(context, v8::Undefined(isolate), static_cast<int>(argc), argv)
               .ToLocal(&returned) &&
           ConvertResult(isolate, returned, result);
  });
  if (!converted) WriteZeroResultSlot(signature_, result);
}

bool Callback::ConvertResult(v8::Isolate* isolate, v8::Local<v8::Value> returned, void* result) {
  // The common exact cases first; everything else (and every error) below.
  switch (signature_.result.kind) {
    case NativeType::kVoid: return true;
    case NativeType::kI32:
      if (!returned->IsInt32()) break;
      *static_cast<ffi_sarg*>(result) = returned.As<v8::Int32>()->Value();
      return true;
    case NativeType::kF64:
      if (!returned->IsNumber()) break;
      *static_cast<double*>(result) = returned.As<v8::Number>()->Value();
      return true;
    default: break;
  }
  if (const StructLayout* layout = signature_.result.struct_layout()) {
    void* bytes;
    if (!StructArgumentFromJs(returned, *layout, &bytes)) {
      ThrowTypeError(isolate, "UnsafeCallback: the callback's return value expects " +
                                  ExpectedStruct(*layout) + ", got " + DescribeValue(isolate, returned));
      return false;
    }
    std::memcpy(result, bytes, layout->size);
    return true;
  }
  NativeValue value;
  if (!ArgumentFromJs(isolate, returned, signature_.result.kind, &value)) {
    ThrowTypeError(isolate, "UnsafeCallback: the callback's return value expects " +
                                ExpectedArgument(signature_.result) + ", got " +
                                DescribeValue(isolate, returned));
    return false;
  }
  WriteResultSlot(signature_.result.kind, value, result);
  return true;
}

}  // namespace zerocall

void zerocall_callback_dispatch(void* context, zerocall::CallbackFrame* frame, uint64_t* stack_args) {
  zerocall::Callback::OnThunkCall(static_cast<zerocall::CallbackCell*>(context), frame, stack_args);
}
