// See callback.h. The C entry point is a libffi closure (W^X-safe: Debian's libffi
// uses static trampolines); OnCall dispatches by thread.
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
#include "call/libffi_call.h"
#include "call/marshal.h"
#include "types/type_from_js.h"
#include "util/js_errors.h"
#include "util/v8_compat.h"

namespace zerocall {

namespace {

// A call from another thread, waiting for the JS thread to run the callback.
struct ForeignThreadCall {
  void** args;
  void* result;
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
};

void WriteZeroResult(const Signature& signature, void* result) {
  if (signature.result == NativeType::kVoid) return;
  size_t size = signature.result_struct ? signature.result_struct->size : 8;
  std::memset(result, 0, size > sizeof(ffi_arg) ? size : sizeof(ffi_arg));
}

// libffi wants integer results narrower than a register widened to ffi_arg.
void WriteResult(NativeType type, const NativeValue& value, void* result) {
  switch (type) {
    case NativeType::kVoid:
    case NativeType::kStruct: return;  // written by the caller, which knows the size
    case NativeType::kBool: *static_cast<ffi_arg*>(result) = value.b != 0; return;
    case NativeType::kU8: *static_cast<ffi_arg*>(result) = value.u8; return;
    case NativeType::kU16: *static_cast<ffi_arg*>(result) = value.u16; return;
    case NativeType::kU32: *static_cast<ffi_arg*>(result) = value.u32; return;
    case NativeType::kI8: *static_cast<ffi_sarg*>(result) = value.i8; return;
    case NativeType::kI16: *static_cast<ffi_sarg*>(result) = value.i16; return;
    case NativeType::kI32: *static_cast<ffi_sarg*>(result) = value.i32; return;
    case NativeType::kF32: std::memcpy(result, &value.f32, sizeof value.f32); return;
    case NativeType::kF64:
    case NativeType::kU64:
    case NativeType::kI64:
    case NativeType::kUsize:
    case NativeType::kIsize:
    case NativeType::kPointer:
    case NativeType::kBuffer:
    case NativeType::kFunction: std::memcpy(result, &value.u64, 8); return;
  }
}

}  // namespace

class Callback {
 public:
  Callback(AddonData* addon, Signature signature)
      : addon_(addon), signature_(std::move(signature)), js_thread_(std::this_thread::get_id()) {}

  // Prepares the closure and the cross-thread wake-up. False if libffi refuses.
  bool Prepare(v8::Local<v8::Context> context, v8::Local<v8::Function> function) {
    ffi_ = FfiCallInterface::Prepare(signature_);
    if (!ffi_) return false;
    closure_ = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), &code_));
    if (closure_ == nullptr ||
        ffi_prep_closure_loc(closure_, static_cast<ffi_cif*>(ffi_->cif()), &Callback::OnCall, this,
                             code_) != FFI_OK) {
      return false;
    }
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
    if (closure_ != nullptr) ffi_closure_free(closure_);
  }

  void* code() const { return code_; }

  // Later calls of the pointer report an error and return zero. Threads waiting
  // for this callback get zero now.
  void Close() {
    if (closed_.exchange(true)) return;
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
  static void OnCall(ffi_cif*, void* result, void** args, void* data) {
    auto* self = static_cast<Callback*>(data);
    if (self->closed_) {
      std::fprintf(stderr, "zerocall: a closed UnsafeCallback was called; it returns zero\n");
      WriteZeroResult(self->signature_, result);
      return;
    }
    if (std::this_thread::get_id() == self->js_thread_) {
      self->RunOnJsThread(args, result, /*delivered=*/false);
      return;
    }
    ForeignThreadCall call;
    call.args = args;
    call.result = result;
    {
      std::lock_guard<std::mutex> lock(self->queue_mutex_);
      if (self->closed_) {
        WriteZeroResult(self->signature_, result);
        return;
      }
      self->queue_.push_back(&call);
      uv_async_send(self->async_);  // under the lock: Close() cannot free async_ meanwhile
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
    if (zero) WriteZeroResult(signature_, call->result);
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
    if (function_.IsEmpty() || addon_->closing) {
      WriteZeroResult(signature_, result);
      return;
    }
    // During a foreign call the callback's context is usually the entered one
    // already; entering it again costs more than the comparison.
    v8::Local<v8::Context> context = context_.Get(isolate);
    std::optional<v8::Context::Scope> context_scope;
    if (!isolate->InContext() || isolate->GetCurrentContext() != context) context_scope.emplace(context);
    // Arguments in a small stack array (no allocation per call for up to 16).
    const size_t argc = signature_.params.size();
    v8::Local<v8::Value> inline_argv[16];
    std::vector<v8::Local<v8::Value>> heap_argv(argc > 16 ? argc : 0);
    v8::Local<v8::Value>* argv = argc > 16 ? heap_argv.data() : inline_argv;
    for (size_t i = 0; i < argc; i++) {
      if (const StructLayout* layout = signature_.ParamStruct(i)) {
        argv[i] = StructToJs(isolate, *layout, args[i]);  // a copy of the struct's bytes
        continue;
      }
      NativeValue value;
      value.raw = 0;
      std::memcpy(&value, args[i], NativeTypeSize(signature_.params[i]));
      argv[i] = ResultToJs(isolate, signature_.params[i], value);
    }
    v8::Local<v8::Function> function = function_.Get(isolate);
    if (delivered) {
      // Exceptions inside a CallbackScope take the process's uncaught-exception path.
      node::CallbackScope callback_scope(isolate, context->Global(), {0, 0});
      v8::Local<v8::Value> returned;
      if (!function->Call(context, v8::Undefined(isolate), static_cast<int>(argc), argv)
               .ToLocal(&returned) ||
          !ConvertResult(isolate, returned, result)) {
        WriteZeroResult(signature_, result);
      }
      return;
    }
    v8::TryCatch try_catch(isolate);
    v8::Local<v8::Value> returned;
    if (function->Call(context, v8::Undefined(isolate), static_cast<int>(argc), argv)
            .ToLocal(&returned) &&
        ConvertResult(isolate, returned, result)) {
      return;
    }
    WriteZeroResult(signature_, result);
    if (!try_catch.HasCaught() || !try_catch.CanContinue()) return;
    if (addon_->foreign_call_depth > 0) {
      // Inside a general-path call: it rethrows once C returns (first exception wins).
      if (addon_->deferred_exception.IsEmpty()) {
        addon_->deferred_exception.Reset(isolate, try_catch.Exception());
      }
    } else {
      try_catch.ReThrow();  // inside a fast call: V8 throws it when the call returns
    }
  }

  // The JS return value as the C result; false (with a TypeError thrown) if the
  // value does not convert.
  bool ConvertResult(v8::Isolate* isolate, v8::Local<v8::Value> returned, void* result) {
    if (signature_.result == NativeType::kVoid) return true;
    if (const StructLayout* layout = signature_.result_struct.get()) {
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
    if (!ArgumentFromJs(isolate, returned, signature_.result, &value)) {
      ThrowTypeError(isolate, "UnsafeCallback: the callback's return value expects " +
                                  ExpectedArgument(signature_.result) + ", got " +
                                  DescribeValue(isolate, returned));
      return false;
    }
    WriteResult(signature_.result, value, result);
    return true;
  }

  AddonData* addon_;
  Signature signature_;
  std::thread::id js_thread_;
  std::unique_ptr<FfiCallInterface> ffi_;  // Safety: the closure uses its cif
  ffi_closure* closure_ = nullptr;
  void* code_ = nullptr;               // the C function pointer
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

void CloseCallbacks(AddonData* addon) {
  for (Callback* callback : addon->callbacks) callback->Close();
}

void DestroyCallbacks(AddonData* addon) {
  for (Callback* callback : addon->callbacks) delete callback;
  addon->callbacks.clear();
}

}  // namespace zerocall
