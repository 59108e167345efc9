// A loaded shared library: dlopen/dlsym/dlclose and the "closed" state its symbols
// check. The JS DynamicLibrary holds a LibraryHandle object; each bound function
// shares the LibraryState.
#pragma once
#include <memory>
#include <string>
#include <vector>
#include <v8.h>

#include "addon_data.h"
#include "jit/exec_memory.h"
#include "library/function_pool.h"

namespace zerocall {

struct LibraryState {
  void* handle = nullptr;  // dlopen handle; null once closed
  std::string path;        // for error messages ("null" for the process)
  bool closed = false;
  // Nonblocking calls running, and closes from a callback not yet past their foreign
  // call: unloading waits for them.
  uint32_t calls_in_flight = 0;
  // Stub rewrites that make the fast path throw once the library is closed.
  std::vector<jit::CodePatch> close_patches;
  // The functions bound to this library (they outlive it, parked in the pool).
  std::vector<PooledFunction> functions;
};

class LibraryHandle {
 public:
  // The state behind a handle object made by LibraryOpen, or null.
  static std::shared_ptr<LibraryState> StateOf(AddonData* addon, v8::Local<v8::Value> value);
  ~LibraryHandle();

 private:
  friend void LibraryOpen(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void OnCollected(const v8::WeakCallbackInfo<LibraryHandle>& info);
  AddonData* addon_ = nullptr;
  std::shared_ptr<LibraryState> state_;
  v8::Global<v8::Object> object_;
};

// open(path: string | null, flags: kOpen* bits) -> handle object; throws Error on failure.
void LibraryOpen(const v8::FunctionCallbackInfo<v8::Value>& info);
// dlopen()'s options as open()'s flags (lib/library.js has the same numbers).
constexpr uint32_t kOpenGlobal = 1;    // RTLD_GLOBAL (else RTLD_LOCAL)
constexpr uint32_t kOpenNow = 2;       // RTLD_NOW (else RTLD_LAZY)
constexpr uint32_t kOpenDeepBind = 4;  // RTLD_DEEPBIND
// findSymbol(handle, name: string, optional: boolean, key?: string) -> pointer object,
// or null when optional and missing; otherwise throws Deno's "Failed to register
// symbol" Error with the loader's text (and the key when it is not the C name).
void LibraryFindSymbol(const v8::FunctionCallbackInfo<v8::Value>& info);
// close(handle): marks the library closed and unloads it; a second close is a no-op.
// Returns true when a synchronous callback is running: the unload then waits for
// unloadDeferred(handle), which JS calls once the foreign call has returned.
void LibraryClose(const v8::FunctionCallbackInfo<v8::Value>& info);
void LibraryUnloadDeferred(const v8::FunctionCallbackInfo<v8::Value>& info);

void CreateLibraryTemplate(AddonData* addon);
// Unloads a closed library once no call is running in it.
void UnloadIfClosed(LibraryState& state);

}  // namespace zerocall
