// See callback.h: making, closing and freeing callbacks (unsafe_callback.h); their
// calls run in callback_calls.cc. The C entry point is a thunk into the register
// entry (callback_entry.h) for every signature; a libffi closure only where there is
// no entry (ZEROCALL_JIT=0, executable memory refused), whose W^X is then libffi's
// (3.4 on Debian maps closures writable and executable at once).
#include "callback/callback.h"

#include <node.h>

#include "addon_data.h"
#include "call/marshal.h"
#include "callback/callback_thunks.h"
#include "callback/unsafe_callback.h"
#include "types/type_from_js.h"
#include "util/js_errors.h"
#include "util/v8_compat.h"

namespace zerocall {

Callback::Callback(AddonData* addon, Signature signature, bool nonblocking)
    : addon_(addon),
      signature_(std::move(signature)),
      js_thread_(std::this_thread::get_id()),
      nonblocking_(nonblocking),
      posted_layout_(signature_) {
  // A nonblocking callback never runs JS inside a foreign call: V8 11/12 stubs need
  // not defer for it (open_callbacks).
  if (!nonblocking_) addon_->CallbackOpened();  // Close() balances it
}

bool Callback::Prepare(v8::Local<v8::Context> context, v8::Local<v8::Function> function) {
  if (!PrepareThunk() && !PrepareLibffiClosure()) return false;
  async_ = new uv_async_t;
  async_->data = this;
  uv_async_init(node::GetCurrentEventLoop(addon_->isolate), async_, &Callback::OnWakeUp);
  uv_unref(reinterpret_cast<uv_handle_t*>(async_));
  function_.Reset(addon_->isolate, function);
  context_.Reset(addon_->isolate, context);
  return true;
}

Callback::~Callback() {
  Close();
  if (thunk_) CallbackThunks::Release(code_);
  if (closure_ != nullptr) ffi_closure_free(closure_);
}

void Callback::Close() {
  if (closed_.exchange(true)) return;
  if (!nonblocking_) addon_->CallbackClosed();
  std::deque<ForeignThreadCall*> waiting;
  std::deque<std::unique_ptr<uint64_t[]>> dropped;  // freed outside the lock
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    waiting.swap(queue_);
    dropped.swap(posted_);
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

int Callback::AddReference(int delta) {
  if (async_ == nullptr) return refs_;
  refs_ = refs_ + delta < 0 ? 0 : refs_ + delta;
  if (refs_ > 0) {
    uv_ref(reinterpret_cast<uv_handle_t*>(async_));
  } else {
    uv_unref(reinterpret_cast<uv_handle_t*>(async_));
  }
  return refs_;
}

// Every signature: a thunk into the register entry (no libffi on the way in, and
// no page that is writable and executable at once).
bool Callback::PrepareThunk() {
  if (!PlanCallbackFrame(signature_, &frame_plan_)) return false;
  code_ = CallbackThunks::Acquire(this, CallbackEntryRoutine());
  thunk_ = code_ != nullptr;
  return thunk_;
}

bool Callback::PrepareLibffiClosure() {
  ffi_ = FfiCallInterface::Prepare(signature_);
  if (!ffi_) return false;
  closure_ = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), &code_));
  return closure_ != nullptr &&
         ffi_prep_closure_loc(closure_, static_cast<ffi_cif*>(ffi_->cif()), &Callback::OnLibffiCall,
                              this, code_) == FFI_OK;
}

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
  const bool nonblocking = info[3]->IsTrue();
  if (!SignatureFromJs(context, info[0], info[1], &signature) || !info[2]->IsFunction() ||
      (nonblocking && signature.result.kind != NativeType::kVoid)) {
    ThrowTypeError(isolate, "callbackCreate: malformed arguments");
    return;
  }
  auto callback = std::make_unique<Callback>(addon, std::move(signature), nonblocking);
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
