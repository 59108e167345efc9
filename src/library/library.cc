// See library.h.
#include "library/library.h"

#include <dlfcn.h>

#include <cstring>

#include "util/js_errors.h"
#include "util/v8_compat.h"

namespace zerocall {

namespace {
std::string LoaderError() {
  const char* reason = dlerror();
  return reason ? reason : "unknown reason";
}

// open()'s flags -> dlopen's mode; false: a flag this C library has no mode for.
bool LoaderMode(uint32_t flags, int* mode) {
  *mode = (flags & kOpenNow ? RTLD_NOW : RTLD_LAZY) | (flags & kOpenGlobal ? RTLD_GLOBAL : RTLD_LOCAL);
  if (flags & kOpenDeepBind) {
#ifdef RTLD_DEEPBIND
    *mode |= RTLD_DEEPBIND;
#else
    return false;
#endif
  }
  return true;
}
}  // namespace

void CreateLibraryTemplate(AddonData* addon) {
  auto tmpl = v8::ObjectTemplate::New(addon->isolate);
  tmpl->SetInternalFieldCount(1);
  addon->library_template.Reset(addon->isolate, tmpl);
}

std::shared_ptr<LibraryState> LibraryHandle::StateOf(AddonData* addon, v8::Local<v8::Value> value) {
  if (!value->IsObject()) return nullptr;
  auto object = value.As<v8::Object>();
  if (object->InternalFieldCount() != 1) return nullptr;
  auto* handle = static_cast<LibraryHandle*>(GetInternalPointer(object, 0));
  if (handle == nullptr || addon->libraries.count(handle) == 0) return nullptr;
  return handle->state_;
}

LibraryHandle::~LibraryHandle() {
  addon_->libraries.erase(this);
  object_.Reset();
}

void LibraryHandle::OnCollected(const v8::WeakCallbackInfo<LibraryHandle>& info) {
  // The library stays loaded (as in Deno) until close(); only the handle goes.
  delete info.GetParameter();
}

void LibraryOpen(const v8::FunctionCallbackInfo<v8::Value>& info) {
  AddonData* addon = AddonData::From(info);
  v8::Isolate* isolate = info.GetIsolate();
  std::string path = "null";
  const char* dl_path = nullptr;
  if (info[0]->IsString()) {
    v8::String::Utf8Value text(isolate, info[0]);
    path.assign(*text, text.length());
    dl_path = path.c_str();
  }
  // lib/ rejects a NUL too: the loader would open the path before it.
  if ((!info[0]->IsString() && !info[0]->IsNull()) || path.find('\0') != std::string::npos) {
    ThrowTypeError(isolate, "dlopen: path must be a string, a file: URL or null, got " +
                                DescribeValue(isolate, info[0]));
    return;
  }
  int mode;
  if (!info[1]->IsUint32()) {
    ThrowTypeError(isolate, "open: malformed flags");
    return;
  }
  if (!LoaderMode(info[1].As<v8::Uint32>()->Value(), &mode)) {
    ThrowError(isolate, "Could not open library: Could not open library: " + path +
                            ": deepBind: RTLD_DEEPBIND is not available with this C library");
    return;
  }
  dlerror();
  void* handle = dlopen(dl_path, mode);
  if (handle == nullptr) {
    // Deno's text (its loader error is wrapped twice, hence the repeated words).
    ThrowError(isolate, "Could not open library: Could not open library: " + LoaderError());
    return;
  }
  auto* library = new LibraryHandle();
  library->addon_ = addon;
  library->state_ = std::make_shared<LibraryState>();
  library->state_->handle = handle;
  library->state_->path = path;
  v8::Local<v8::Object> object = addon->library_template.Get(isolate)
                                     ->NewInstance(isolate->GetCurrentContext())
                                     .ToLocalChecked();
  SetInternalPointer(object, 0, library);
  library->object_.Reset(isolate, object);
  library->object_.SetWeak(library, LibraryHandle::OnCollected, v8::WeakCallbackType::kParameter);
  addon->libraries.insert(library);
  info.GetReturnValue().Set(object);
}

void LibraryFindSymbol(const v8::FunctionCallbackInfo<v8::Value>& info) {
  AddonData* addon = AddonData::From(info);
  v8::Isolate* isolate = info.GetIsolate();
  auto state = LibraryHandle::StateOf(addon, info[0]);
  if (!state || !info[1]->IsString()) {
    ThrowTypeError(isolate, "findSymbol: expected a library handle and a name");
    return;
  }
  v8::String::Utf8Value name(isolate, info[1]);
  if (std::strlen(*name) != static_cast<size_t>(name.length())) {  // lib/ rejects it first
    ThrowTypeError(isolate, "findSymbol: the name contains a NUL character");
    return;
  }
  // Deno's words first; the symbols key after them when it is not the C name. Made only
  // for an error: dlopen finds thousands of symbols at a time (bench bind_10k).
  auto failed = [&](const std::string& why) {
    std::string key_note;
    if (info[3]->IsString()) {
      v8::String::Utf8Value key(isolate, info[3]);
      if (std::strcmp(*key, *name) != 0) key_note = " (symbols key '" + std::string(*key) + "')";
    }
    ThrowError(isolate, "Failed to register symbol " + std::string(*name) + ": " + why + key_note);
  };
  if (state->closed) {
    failed("library is closed");
    return;
  }
  dlerror();
  void* address = dlsym(state->handle, *name);
  if (address == nullptr) {
    if (info[2]->IsTrue()) {
      info.GetReturnValue().SetNull();
      return;
    }
    failed("Could not obtain symbol from the library: " + LoaderError());
    return;
  }
  info.GetReturnValue().Set(NewExternal(isolate, address));
}

void LibraryClose(const v8::FunctionCallbackInfo<v8::Value>& info) {
  AddonData* addon = AddonData::From(info);
  auto state = LibraryHandle::StateOf(addon, info[0]);
  if (!state) {
    ThrowTypeError(info.GetIsolate(), "close: expected a library handle");
    return;
  }
  if (state->closed) return;
  state->closed = true;
  // Optimized code may still call the stubs directly: make them throw before the
  // code they jump to is unmapped. One window: each page is flipped once, however
  // many stubs it holds (no stub of this isolate runs until the window closes).
  jit::ExecArena::WriteWindow window(addon->arena);
  bool written = true;
  for (const jit::CodePatch& patch : state->close_patches) written = written && window.Write(patch.address, patch.code);
  if (!window.Close() || !written) {
    ThrowError(info.GetIsolate(), "close: cannot rewrite fast-call stubs; library left loaded");
    return;
  }
  state->close_patches.clear();
  addon->function_pool.Park(state->functions);
  if (addon->synchronous_callbacks > 0) {
    // Closed from a callback: the foreign call that called it may be running this
    // library's code, so the unload waits until JS code has returned to the event
    // loop (lib/library.js calls unloadDeferred from setImmediate).
    state->calls_in_flight++;
    info.GetReturnValue().Set(true);
    return;
  }
  UnloadIfClosed(*state);
}

void LibraryUnloadDeferred(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto state = LibraryHandle::StateOf(AddonData::From(info), info[0]);
  if (!state || !state->closed || state->calls_in_flight == 0) {
    ThrowTypeError(info.GetIsolate(), "unloadDeferred: expected a library closed from a callback");
    return;
  }
  if (--state->calls_in_flight == 0) UnloadIfClosed(*state);
}

void UnloadIfClosed(LibraryState& state) {
  if (!state.closed || state.calls_in_flight > 0 || state.handle == nullptr) return;
  dlclose(state.handle);
  state.handle = nullptr;
}

}  // namespace zerocall
