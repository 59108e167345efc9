// Module entry: creates the per-isolate AddonData and exports the binding's natives
// (lib/internal/binding.js is their only user).
#include <dlfcn.h>
#include <node.h>
#include <v8.h>

#include "util/v8_compat.h"
#include "addon_data.h"
#include "call/fast_host.h"
#include "call/fast_trace.h"
#include "call/foreign_function.h"
#include "callback/callback.h"
#include "callback/callback_thunks.h"
#include "memory/pointer_reads.h"
#include "memory/pointer_writes.h"
#include "library/library.h"
#include "memory/pointer_natives.h"
#include "types/native_type.h"
#include "types/type_from_js.h"
#include "util/js_errors.h"

namespace zerocall {

AddonData::~AddonData() {
  // Destructors erase themselves from the sets: iterate over copies.
  auto functions = this->functions;
  for (ForeignFunction* fn : functions) delete fn;
  auto libraries = this->libraries;
  for (LibraryHandle* library : libraries) delete library;
  library_template.Reset();
  deferred_exception.Reset();
}

namespace {
// Frees the AddonData and tells Node the cleanup is done.
void FinishCleanup(AddonData* addon) {
  void (*done)(void*) = addon->cleanup_done;
  void* done_arg = addon->cleanup_done_arg;
  delete addon;
  done(done_arg);
}

// The environment is ending: free the per-isolate state now, or once the last
// nonblocking call has returned from the thread pool.
void OnEnvironmentCleanup(void* data, void (*done)(void*), void* done_arg) {
  auto* addon = static_cast<AddonData*>(data);
  addon->closing = true;
  addon->cleanup_done = done;
  addon->cleanup_done_arg = done_arg;
  CloseCallbacks(addon);
  addon->FinishCleanupWhenIdle();
}
}  // namespace

void AddonData::FinishCleanupWhenIdle() {
  if (closing && nonblocking_calls == 0 && closing_handles == 0) FinishCleanup(this);
}

void AddonData::NonblockingCallEnded() {
  nonblocking_calls--;
  FinishCleanupWhenIdle();
}

v8::Local<v8::String> AddonData::Name(const char* literal) {
  for (const auto& [key, name] : names) {
    if (key == literal) return name.Get(isolate);
  }
  v8::Local<v8::String> name =
      v8::String::NewFromUtf8(isolate, literal, v8::NewStringType::kInternalized).ToLocalChecked();
  names.emplace_back(literal, v8::Eternal<v8::String>(isolate, name));
  return name;
}

void AddonData::CallbackOpened() {
  if (open_callbacks++ == 0) ForeignFunction::OpenCallbacksChanged(this);
}

void AddonData::CallbackClosed() {
  // At teardown no JS runs any more: the stubs can stay as they are.
  if (--open_callbacks == 0 && !closing) ForeignFunction::OpenCallbacksChanged(this);
}

void AddonData::HandleClosed() {
  closing_handles--;
  FinishCleanupWhenIdle();
}

namespace {

// Node unloads an addon when the last environment that loaded it (say, the only worker)
// is torn down, but V8 compile threads may still read the process-wide CFunctionInfos
// this library interned (call/fast_call.cc), and fast-call stubs jump to functions in
// it. Pinning the library keeps both valid for the life of the process.
void PinAddonInMemory() {
  static const bool pinned = [] {
    Dl_info self;
    if (dladdr(reinterpret_cast<void*>(&PinAddonInMemory), &self) == 0 || self.dli_fname == nullptr) {
      return false;
    }
    return dlopen(self.dli_fname, RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE) != nullptr;
  }();
  (void)pinned;
}

void GeneralCallCount(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(static_cast<double>(AddonData::From(info)->general_calls));
}

// errno() -> C's errno right after the last synchronous call of an `errno: true`
// function on this thread (0 before any).
void SavedErrno(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(static_cast<int32_t>(AddonData::From(info)->saved_errno));
}

// jitPages() -> [start address (bigint), ...] of this isolate's stub pages and the
// process's callback thunk pages.
void JitPages(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  std::vector<uintptr_t> pages = AddonData::From(info)->arena.page_addresses();
  for (uintptr_t page : CallbackThunks::CodePages()) pages.push_back(page);
  v8::Local<v8::Array> result = v8::Array::New(isolate, static_cast<int>(pages.size()));
  for (uint32_t i = 0; i < pages.size(); i++) {
    result->Set(isolate->GetCurrentContext(), i, v8::BigInt::NewFromUnsigned(isolate, pages[i])).Check();
  }
  info.GetReturnValue().Set(result);
}

void SetFunction(AddonData* addon, v8::Local<v8::Context> context, v8::Local<v8::Object> target,
                 const char* name, v8::FunctionCallback callback) {
  v8::Isolate* isolate = addon->isolate;
  v8::Local<v8::Function> function =
      v8::FunctionTemplate::New(isolate, callback, NewExternal(isolate, addon))
          ->GetFunction(context)
          .ToLocalChecked();
  function->SetName(NewString(isolate, name));
  target->Set(context, NewString(isolate, name), function).Check();
}

void Initialize(v8::Local<v8::Object> exports, v8::Local<v8::Value>, v8::Local<v8::Context> context,
                void*) {
  v8::Isolate* isolate = v8::Isolate::GetCurrent();  // Context::GetIsolate() is gone in V8 14
  PinAddonInMemory();
  auto* addon = new AddonData(isolate);
  addon->cleanup_hook = node::AddEnvironmentCleanupHook(isolate, OnEnvironmentCleanup, addon);
  CreateLibraryTemplate(addon);

  struct Entry {
    const char* name;
    v8::FunctionCallback callback;
  };
  static const Entry kNatives[] = {
      {"open", LibraryOpen},
      {"findSymbol", LibraryFindSymbol},
      {"close", LibraryClose},
      {"unloadDeferred", LibraryUnloadDeferred},
      {"makeFunction", ForeignFunction::Make},
      {"checkSignature", CheckSignature},
      {"structSize", StructSize},
      {"readStatic", ReadStatic},
      {"pointerCreate", PointerCreate},
      {"pointerValue", PointerValue},
      {"pointerEquals", PointerEquals},
      {"pointerOffset", PointerOffset},
      {"pointerOf", PointerOf},
      {"pointerReaders", PointerReaders},
      {"pointerWriters", PointerWriters},
      {"getCString", PointerGetCString},
      {"getArrayBuffer", PointerGetArrayBuffer},
      {"copyInto", PointerCopyInto},
      {"copyFrom", PointerCopyFrom},
      {"generalCallCount", GeneralCallCount},
      {"errno", SavedErrno},
      {"callPath", ForeignFunction::CallPath},
      {"lastFastCall", LastFastCall},
      {"callbackCreate", CallbackCreate},
      {"callbackClose", CallbackClose},
      {"callbackRef", CallbackRef},
      {"callbackEntry", CallbackEntry},
      {"callbackLiveCount", CallbackLiveCount},
      {"callbacksExit", CallbacksExit},
      {"jitPages", JitPages},
  };
  for (const Entry& entry : kNatives) {
    SetFunction(addon, context, exports, entry.name, entry.callback);
  }

  v8::Local<v8::Array> names = v8::Array::New(isolate, static_cast<int>(kNativeTypeCount));
  for (uint32_t i = 0; i < kNativeTypeCount; i++) {
    names->Set(context, i, NewString(isolate, NativeTypeName(static_cast<NativeType>(i)))).Check();
  }
  exports->Set(context, NewString(isolate, "typeNames"), names).Check();
  exports->Set(context, NewString(isolate, "signatureLimits"), SignatureLimitsToJs(context)).Check();
  exports->Set(context, NewString(isolate, "v8Version"), NewString(isolate, v8::V8::GetVersion()))
      .Check();
  // Whether a new (on-heap) Uint8Array reaches C where it is, as a struct result's
  // buffer on the fast path (V8 11-12's typed-array arguments; lib/internal/wrap.js).
  const bool in_place = FastPathDisabledReason() == nullptr && HostFastCallTarget().v8.typed_array_arguments;
  exports->Set(context, NewString(isolate, "resultBuffersInPlace"), v8::Boolean::New(isolate, in_place)).Check();
}

}  // namespace
}  // namespace zerocall

NODE_MODULE_INIT(/* exports, module, context */) { zerocall::Initialize(exports, module, context, nullptr); }
