// Per-isolate state of the addon (the addon is context-aware: the main thread and
// every worker_thread that loads it get their own AddonData).
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>
#include <node.h>
#include <v8.h>

#include "util/v8_compat.h"

#include "jit/exec_memory.h"
#include "library/function_pool.h"

namespace zerocall {

class Callback;
class ForeignFunction;
class LibraryHandle;

struct AddonData {
  explicit AddonData(v8::Isolate* isolate) : isolate(isolate) {}
  ~AddonData();  // frees what the garbage collector had not collected yet

  // The AddonData a binding function was created with (its FunctionTemplate data).
  static AddonData* From(const v8::FunctionCallbackInfo<v8::Value>& info) {
    return static_cast<AddonData*>(ExternalValue(info.Data()));
  }

  v8::Isolate* isolate;
  // An internalized property name made once per isolate, keyed by the literal's address
  // (names read on every bind, e.g. makeFunction's options: no string-table lookup each time).
  v8::Local<v8::String> Name(const char* literal);
  std::vector<std::pair<const char*, v8::Eternal<v8::String>>> names;
  // The environment is being torn down: no more JS (promises are not settled).
  bool closing = false;
  v8::Global<v8::ObjectTemplate> library_template;
  // Stubs of this isolate's fast calls (only this isolate's thread runs or writes them).
  jit::ExecArena arena;
  // Entries into the general (libffi) path; tests read it to prove which path ran.
  uint64_t general_calls = 0;
  // C's errno right after the last synchronous call of an `errno: true` function on
  // this isolate's thread, zero-extended (errno() reads it). Fast-call stubs store
  // to this address (FastCallOptions::saved_errno), the general path through Invoke.
  uint64_t saved_errno = 0;
  // Owned here until collected, so worker teardown frees them too.
  std::unordered_set<ForeignFunction*> functions;
  std::unordered_set<LibraryHandle*> libraries;
  std::unordered_set<Callback*> callbacks;
  // Callbacks created and not yet closed (V8 11-12 stubs defer while any is open).
  uint32_t open_callbacks = 0;
  void CallbackOpened();
  void CallbackClosed();
  // General-path calls in progress, and the first exception a synchronous callback
  // threw during them (rethrown when the foreign call returns).
  int foreign_call_depth = 0;
  // Synchronous callbacks running on this thread: each is inside a foreign call, whose C
  // code a library closed meanwhile must outlive (LibraryClose defers the unload).
  uint32_t synchronous_callbacks = 0;
  v8::Global<v8::Value> deferred_exception;
  // Functions of closed libraries waiting to be rebound, and shared UnsafeFnPointer functions.
  FunctionPool function_pool;

  // Nonblocking calls in flight: the environment's cleanup waits for them, since
  // they refer to this data (see addon.cc).
  void NonblockingCallStarted() { nonblocking_calls++; }
  void NonblockingCallEnded();
  uint32_t nonblocking_calls = 0;
  // uv handles being closed (callbacks' wake-ups): cleanup waits for them too.
  void HandleClosed();
  uint32_t closing_handles = 0;
  void FinishCleanupWhenIdle();
  node::AsyncCleanupHookHandle cleanup_hook;
  void (*cleanup_done)(void*) = nullptr;
  void* cleanup_done_arg = nullptr;
};

}  // namespace zerocall
