// See callback.h. The C entry point is a thunk into the register entry
// (callback_entry.h) for scalar and address signatures, else a libffi closure
// (W^X-safe: Debian's libffi uses static trampolines); OnCall dispatches by thread.
#include "callback/callback.h"

#include <ffi.h>
#include <node.h>
#include <uv.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "addon_data.h"
#include "call/c_string.h"
#include "call/libffi_call.h"
#include "call/marshal.h"
#include "callback/callback_entry.h"
#include "callback/callback_thunks.h"
#include "callback/callback_values.h"
#include "types/type_from_js.h"
#include "util/js_errors.h"
#include "util/v8_compat.h"

namespace zerocall {

namespace {

// Arguments converted into a stack array; longer signatures use the heap.
constexpr size_t kInlineCallbackArguments = 16;
// Thunk calls point at each argument from a stack array: longer signatures use libffi.
constexpr size_t kMaxThunkArguments = 32;

// A call from another thread, waiting for the JS thread to run the callback.
struct ForeignThreadCall {
  void** args;
  void* result;
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
};

// JS arguments of one call, uninitialised until written (no per-call zeroing of
// the whole array; v8::Local's constructor would do that).
union InlineArguments {
  InlineArguments() {}
  v8::Local<v8::Value> values[kInlineCallbackArguments];
};

}  // namespace

class Callback {
 public:
  Callback(AddonData* addon, Signature signature)
      : addon_(addon), signature_(std::move(signature)), js_thread_(std::this_thread::get_id()) {
    addon_->CallbackOpened();  // Close() balances it
  }

  // Prepares the C entry point and the cross-thread wake-up. False if neither a
  // thunk nor a libffi closure can be made.
  bool Prepare(v8::Local<v8::Context> context, v8::Local<v8::Function> function) {
    if (!PrepareThunk() && !PrepareLibffiClosure()) return false;
    async_ = new uv_async_t;
    async_->data = this;
    uv_async_init(node::GetCurrentEventLoop(addon_->isolate), async_, &Callback::OnWakeUp);
    uv_unref(reinterpret_cast<uv_handle_t*>(async_));
    function_.Reset(addon_->isolate, function);
    context_.Reset(addon_->isolate, context);
    return true;
  }

  ~Callback() {
    Close();
    if (thunk_) CallbackThunks::Release(code_);
    if (closure_ != nullptr) ffi_closure_free(closure_);
  }

  // A thunk's call (callback_entry.h): the arguments are where the caller put them.
  void OnFrameCall(CallbackFrame* frame, uint64_t* stack_args) {
    void* args[kMaxThunkArguments];
    for (size_t i = 0; i < slots_.size(); i++) {
      const CallbackArgumentSlot slot = slots_[i];
      args[i] = slot.on_stack ? stack_args + slot.index : &frame->registers[slot.index];
    }
    OnCall(args, frame->result);
  }

  void* code() const { return code_; }
  bool uses_thunk() const { return thunk_; }

  // Later calls of the pointer report an error and return zero. Threads waiting
  // for this callback get zero now.
  void Close() {
    if (closed_.exchange(true)) return;
    addon_->CallbackClosed();
    std::deque<ForeignThreadCall*> waiting;
    {
      std::lock_guard<std::mutex> lock(queue_mutex_);
      waiting.swap(queue_);
    }
    for (ForeignThreadCall* call : waiting) Finish(call, /*zero=*/true);
    function_.Reset();
    context_.Reset();
    if (async_ != nullptr) {
      addon_->closing_handles++;
      uv_close(reinterpret_cast<uv_handle_t*>(async_), [](uv_handle_t* handle) {
        auto* addon = static_cast<AddonData*>(handle->data);
        delete reinterpret_cast<uv_async_t*>(handle);
        addon->HandleClosed();
      });
      async_->data = addon_;
      async_ = nullptr;
    }
  }

  int AddReference(int delta) {
    if (async_ == nullptr) return refs_;
    refs_ = refs_ + delta < 0 ? 0 : refs_ + delta;
    if (refs_ > 0) {
      uv_ref(reinterpret_cast<uv_handle_t*>(async_));
    } else {
      uv_unref(reinterpret_cast<uv_handle_t*>(async_));
    }
    return refs_;
  }

 private:
  // The C entry point (libffi closure handler), on whatever thread C called from.
  static void OnLibffiCall(ffi_cif*, void* result, void** args, void* data) {
    static_cast<Callback*>(data)->OnCall(args, result);
  }

  // Scalar and address signatures with few enough arguments: a thunk into the
  // register entry (no libffi on the way in).
  bool PrepareThunk() {
    if (!CallbackArgumentSlots(signature_, &slots_) || slots_.size() > kMaxThunkArguments) {
      slots_.clear();
      return false;
    }
    code_ = CallbackThunks::Acquire(this, CallbackEntryRoutine());
    thunk_ = code_ != nullptr;
    return thunk_;
  }

  bool PrepareLibffiClosure() {
    ffi_ = FfiCallInterface::Prepare(signature_);
    if (!ffi_) return false;
    closure_ = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), &code_));
    return closure_ != nullptr &&
           ffi_prep_closure_loc(closure_, static_cast<ffi_cif*>(ffi_->cif()), &Callback::OnLibffiCall,
                                this, code_) == FFI_OK;
  }

  // Every call, whichever entry it came through, on whatever thread C called from.
  void OnCall(void** args, void* result) {
    if (closed_) {
      std::fprintf(stderr, "zerocall: a closed UnsafeCallback was called; it returns zero\n");
      WriteZeroResultSlot(signature_, result);
      return;
    }
    if (std::this_thread::get_id() == js_thread_) {
      RunOnJsThread(args, result, /*delivered=*/false);
      return;
    }
    ForeignThreadCall call;
    call.args = args;
    call.result = result;
    {
      std::lock_guard<std::mutex> lock(queue_mutex_);
      if (closed_) {
        WriteZeroResultSlot(signature_, result);
        return;
      }
      queue_.push_back(&call);
      uv_async_send(async_);  // under the lock: Close() cannot free async_ meanwhile
    }
    std::unique_lock<std::mutex> lock(call.mutex);
    call.finished.wait(lock, [&] { return call.done; });
  }

  // The JS thread's side of calls from other threads.
  static void OnWakeUp(uv_async_t* handle) {
    auto* self = static_cast<Callback*>(handle->data);
    for (;;) {
      ForeignThreadCall* call;
      {
        std::lock_guard<std::mutex> lock(self->queue_mutex_);
        if (self->queue_.empty()) return;
        call = self->queue_.front();
        self->queue_.pop_front();
      }
      self->RunOnJsThread(call->args, call->result, /*delivered=*/true);
      self->Finish(call, /*zero=*/false);
    }
  }

  void Finish(ForeignThreadCall* call, bool zero) {
    if (zero) WriteZeroResultSlot(signature_, call->result);
    std::lock_guard<std::mutex> lock(call->mutex);
    call->done = true;
    call->finished.notify_one();
  }

  // Runs the JS function with the C arguments and writes its result back. An
  // exception gives C a zero result; it is rethrown to the JS code that made the
  // foreign call (synchronous calls) or reported as uncaught (calls delivered from
  // other threads).
  void RunOnJsThread(void** args, void* result, bool delivered) {
    v8::Isolate* isolate = addon_->isolate;
    v8::HandleScope scope(isolate);
    CStringCallbackBase strings;  // string arguments of calls it makes (c_string.h)
    if (function_.IsEmpty() || addon_->closing || (!delivered && EarlierCallbackThrew(isolate))) {
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
      argv[i] = type.is_struct() ? StructToJs(isolate, *type.layout, args[i])  // a copy of its bytes
                                 : ValueAtToJs(isolate, type.kind, args[i]);
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
      }
      return;
    }
#if V8_MAJOR_VERSION >= 13
    // No TryCatch: an exception stays pending and is thrown where the innermost
    // foreign call returns to JS, fast call or general call alike.
    v8::Local<v8::Value> returned;
    if (!function->Call(context, v8::Undefined(isolate), static_cast<int>(argc), argv)
             .ToLocal(&returned) ||
        !ConvertResult(isolate, returned, result)) {
      WriteZeroResultSlot(signature_, result);
    }
  }
#else
    v8::TryCatch try_catch(isolate);
    v8::Local<v8::Value> returned;
    if (function->Call(context, v8::Undefined(isolate), static_cast<int>(argc), argv)
            .ToLocal(&returned) &&
        ConvertResult(isolate, returned, result)) {
      return;
    }
    WriteZeroResultSlot(signature_, result);
    if (!try_catch.HasCaught() || !try_catch.CanContinue()) return;
    if (addon_->foreign_call_depth > 0) {
      // Inside a general-path call: it rethrows once C returns.
      if (addon_->deferred_exception.IsEmpty()) {
        addon_->deferred_exception.Reset(isolate, try_catch.Exception());
      }
    } else {
      try_catch.ReThrow();
    }
  }
#endif

  // Whether a callback of the foreign call in progress has thrown: then the call's
  // later callbacks return zero to C without running JS, and its caller gets the
  // first exception.
  bool EarlierCallbackThrew(v8::Isolate* isolate) const {
#if V8_MAJOR_VERSION >= 13
    return isolate->HasPendingException();
#else
    return addon_->foreign_call_depth > 0 && !addon_->deferred_exception.IsEmpty();
#endif
  }

  // The JS return value as the C result; false (with a TypeError thrown) if the
  // value does not convert.
  bool ConvertResult(v8::Isolate* isolate, v8::Local<v8::Value> returned, void* result) {
    if (signature_.result.kind == NativeType::kVoid) return true;
    if (const StructLayout* layout = signature_.result.struct_layout()) {
      void* bytes;
      if (!StructArgumentFromJs(returned, *layout, &bytes)) {
        ThrowTypeError(isolate, "UnsafeCallback: the callback's return value expects " +
                                    ExpectedStruct(*layout) + ", got " +
                                    DescribeValue(isolate, returned));
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

  AddonData* addon_;
  Signature signature_;
  std::thread::id js_thread_;
  std::vector<CallbackArgumentSlot> slots_;  // thunk calls: where each argument arrives
  bool thunk_ = false;                       // code_ is a thunk, else a libffi closure
  std::unique_ptr<FfiCallInterface> ffi_;    // libffi closures only: the closure uses its cif
  ffi_closure* closure_ = nullptr;
  void* code_ = nullptr;                     // the C function pointer
  v8::Global<v8::Function> function_;
  v8::Global<v8::Context> context_;
  uv_async_t* async_ = nullptr;        // wakes the JS thread for calls from other threads
  std::mutex queue_mutex_;
  std::deque<ForeignThreadCall*> queue_;
  std::atomic<bool> closed_{false};
  int refs_ = 0;
};

namespace {

Callback* CallbackFrom(AddonData* addon, v8::Local<v8::Value> handle) {
  if (!handle->IsExternal()) return nullptr;
  auto* callback = static_cast<Callback*>(ExternalValue(handle));
  return addon->callbacks.count(callback) ? callback : nullptr;
}

}  // namespace

}  // namespace zerocall

void zerocall_callback_dispatch(void* context, zerocall::CallbackFrame* frame, uint64_t* stack_args) {
  static_cast<zerocall::Callback*>(context)->OnFrameCall(frame, stack_args);
}

namespace zerocall {

void CallbackCreate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  AddonData* addon = AddonData::From(info);
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  Signature signature;
  if (!SignatureFromJs(context, info[0], info[1], &signature) || !info[2]->IsFunction()) {
    ThrowTypeError(isolate, "callbackCreate: malformed arguments");
    return;
  }
  auto callback = std::make_unique<Callback>(addon, std::move(signature));
  if (!callback->Prepare(context, info[2].As<v8::Function>())) {
    ThrowError(isolate, "UnsafeCallback: libffi could not create the closure");
    return;
  }
  v8::Local<v8::Value> pair[] = {PointerToJs(isolate, callback->code()),
                                 NewExternal(isolate, callback.get())};
  addon->callbacks.insert(callback.release());
  info.GetReturnValue().Set(v8::Array::New(isolate, pair, 2));
}

void CallbackClose(const v8::FunctionCallbackInfo<v8::Value>& info) {
  if (Callback* callback = CallbackFrom(AddonData::From(info), info[0])) callback->Close();
}

void CallbackRef(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Callback* callback = CallbackFrom(AddonData::From(info), info[0]);
  if (callback == nullptr || !info[1]->IsInt32()) {
    ThrowTypeError(info.GetIsolate(), "callbackRef: malformed arguments");
    return;
  }
  info.GetReturnValue().Set(callback->AddReference(info[1].As<v8::Int32>()->Value()));
}

void CallbackEntry(const v8::FunctionCallbackInfo<v8::Value>& info) {
  void* code;
  if (PointerFromJs(info[0], &code) && code != nullptr) {
    for (Callback* callback : AddonData::From(info)->callbacks) {
      if (callback->code() != code) continue;
      info.GetReturnValue().Set(NewString(info.GetIsolate(), callback->uses_thunk() ? "thunk" : "libffi"));
      return;
    }
  }
  ThrowTypeError(info.GetIsolate(), "callbackEntry: not a callback's pointer");
}

void CloseCallbacks(AddonData* addon) {
  for (Callback* callback : addon->callbacks) callback->Close();
}

void DestroyCallbacks(AddonData* addon) {
  for (Callback* callback : addon->callbacks) delete callback;
  addon->callbacks.clear();
}

}  // namespace zerocall
