// See callback.h: making, closing and freeing callbacks (unsafe_callback.h); their
// calls run in callback_calls.cc. The C entry point is a thunk into the register
// entry (callback_entry.h) for every signature; a libffi closure only where there is
// no entry (ZEROCALL_JIT=0, executable memory refused), whose W^X is then libffi's
// (3.4 on Debian maps closures writable and executable at once).
#include "callback/callback.h"

#include <node.h>

#include <algorithm>
#include <mutex>
#include <vector>

#include "addon_data.h"
#include "call/marshal.h"
#include "callback/callback_thunks.h"
#include "callback/unsafe_callback.h"
#include "types/type_from_js.h"
#include "util/js_errors.h"
#include "util/v8_compat.h"

namespace zerocall {

namespace {
std::atomic<int64_t> live_callbacks{0};
}  // namespace

Callback::Callback(AddonData* addon, Signature signature, bool nonblocking)
    : addon_(addon),
      signature_(std::move(signature)),
      nonblocking_(nonblocking),
      posted_layout_(signature_) {
  live_callbacks++;
}

Callback::~Callback() { live_callbacks--; }

int64_t Callback::LiveCount() { return live_callbacks.load(); }

bool Callback::Prepare(v8::Local<v8::Context> context, v8::Local<v8::Function> function) {
  if (!PrepareThunk() && !PrepareLibffiClosure()) return false;
  cell_->Open(this, signature_, thunk_ ? &frame_plan_.result : nullptr);
  // A nonblocking callback never runs JS inside a foreign call: V8 11/12 stubs need
  // not defer for it (open_callbacks).
  if (!nonblocking_) addon_->CallbackOpened();  // Close() balances it
  async_ = new uv_async_t;
  async_->data = this;
  uv_async_init(node::GetCurrentEventLoop(addon_->isolate), async_, &Callback::OnWakeUp);
  uv_unref(reinterpret_cast<uv_handle_t*>(async_));
  function_.Reset(addon_->isolate, function);
  context_.Reset(addon_->isolate, context);
  addon_->callbacks.insert(this);
  return true;
}

void Callback::Close() {
  if (closed_.exchange(true)) return;
  addon_->callbacks.erase(this);
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
  addon_->closing_handles++;
  uv_close(reinterpret_cast<uv_handle_t*>(async_), [](uv_handle_t* handle) {
    auto* addon = static_cast<AddonData*>(handle->data);
    delete reinterpret_cast<uv_async_t*>(handle);
    addon->HandleClosed();
  });
  async_->data = addon_;
  async_ = nullptr;
  // Last: this may free the object. A close inside one of its calls on this thread
  // waits for the outermost to return (callback_calls.cc).
  if (js_depth_ > 0) {
    retire_pending_ = true;
  } else {
    cell_->Retire();
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
  const CallbackThunks::Thunk thunk = CallbackThunks::Acquire(CallbackEntryRoutine());
  code_ = thunk.code;
  cell_ = thunk.cell;
  thunk_ = code_ != nullptr;
  const auto in_slot = [](const CallbackArgumentSlot& slot) {
    return slot.kind == CallbackArgumentSlot::Kind::kRegister || slot.kind == CallbackArgumentSlot::Kind::kStack;
  };
  scalar_frame_ = thunk_ && !nonblocking_ && !signature_.result.is_struct() &&
                  std::all_of(frame_plan_.args.begin(), frame_plan_.args.end(), in_slot) &&
                  std::none_of(signature_.params.begin(), signature_.params.end(),
                               [](const Type& type) { return type.is_struct(); });
  return thunk_;
}

// The closure, its cif and its cell stay for good, like a thunk: C may call the
// pointer after close().
bool Callback::PrepareLibffiClosure() {
  std::unique_ptr<FfiCallInterface> ffi = FfiCallInterface::Prepare(signature_);
  if (!ffi) return false;
  auto* closure = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), &code_));
  if (closure == nullptr) return false;
  CallbackCell* cell = NewHeapCallbackCell();
  if (ffi_prep_closure_loc(closure, static_cast<ffi_cif*>(ffi->cif()), &Callback::OnLibffiCall, cell, code_) !=
      FFI_OK) {
    ffi_closure_free(closure);
    return false;
  }
  static auto* kept = new std::vector<std::unique_ptr<FfiCallInterface>>;  // reachable for ever
  static std::mutex kept_mutex;
  std::lock_guard<std::mutex> lock(kept_mutex);
  kept->push_back(std::move(ffi));
  cell_ = cell;
  return true;
}

namespace {

// A handle is its callback's cell (callbackCreate): null once closed.
Callback* CallbackFrom(AddonData* addon, v8::Local<v8::Value> handle) {
  if (!handle->IsExternal()) return nullptr;
  auto* cell = static_cast<CallbackCell*>(ExternalValue(handle));
  if (!cell->OnOwnerThread()) return nullptr;
  Callback* callback = cell->target.load(std::memory_order_relaxed);
  return callback != nullptr && callback->addon() == addon ? callback : nullptr;
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
  if (addon->closing) {
    ThrowError(isolate, "UnsafeCallback: the environment is ending");
    return;
  }
  auto callback = std::make_unique<Callback>(addon, std::move(signature), nonblocking);
  if (!callback->Prepare(context, info[2].As<v8::Function>())) {
    ThrowError(isolate, "UnsafeCallback: libffi could not create the closure");
    return;
  }
  Callback* made = callback.release();  // its cell's from now on
  v8::Local<v8::Value> pair[] = {PointerToJs(isolate, made->code()), NewExternal(isolate, made->cell())};
  info.GetReturnValue().Set(v8::Array::New(isolate, pair, 2));
}

void CallbackClose(const v8::FunctionCallbackInfo<v8::Value>& info) {
  if (Callback* callback = CallbackFrom(AddonData::From(info), info[0])) callback->Close();
}

void CallbackRef(const v8::FunctionCallbackInfo<v8::Value>& info) {
  if (!info[1]->IsInt32()) {
    ThrowTypeError(info.GetIsolate(), "callbackRef: malformed arguments");
    return;
  }
  Callback* callback = CallbackFrom(AddonData::From(info), info[0]);
  info.GetReturnValue().Set(callback ? callback->AddReference(info[1].As<v8::Int32>()->Value()) : 0);
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

void CallbackLiveCount(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(static_cast<double>(Callback::LiveCount()));
}

void CallbacksExit(const v8::FunctionCallbackInfo<v8::Value>& info) {
  for (Callback* callback : AddonData::From(info)->callbacks) callback->ReleaseForExit();
}

void CloseCallbacks(AddonData* addon) {
  auto callbacks = addon->callbacks;  // Close() erases itself
  for (Callback* callback : callbacks) callback->Close();
}

}  // namespace zerocall
