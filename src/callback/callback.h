// UnsafeCallback: a C function pointer (a thunk into the register entry, or a libffi
// closure) that calls a JS function.
// On the isolate's own thread the JS function runs synchronously (also re-entrantly,
// from inside a foreign call); from any other thread the calling thread blocks until
// the JS thread has run it and handed the result back. A nonblocking callback never
// waits: every call is copied and queued for the JS thread, which runs them in order.
#pragma once
#include <v8.h>

namespace zerocall {

struct AddonData;

// callbackCreate(resultCode, paramCodes[], fn, nonblocking) -> [pointer object, handle]
void CallbackCreate(const v8::FunctionCallbackInfo<v8::Value>& info);
// callbackClose(handle): later calls of the pointer report an error and return zero.
// The handle (an External of the callback's permanent cell) stays safe to pass.
void CallbackClose(const v8::FunctionCallbackInfo<v8::Value>& info);
// callbackRef(handle, delta) -> reference count; a ref'd callback keeps the event loop alive.
void CallbackRef(const v8::FunctionCallbackInfo<v8::Value>& info);

// callbackEntry(pointer) -> "thunk" (the register entry) or "libffi": which C entry
// point the callback got (tests prove the register entry is used where it applies).
void CallbackEntry(const v8::FunctionCallbackInfo<v8::Value>& info);

// callbackLiveCount() -> the process's callback objects not yet freed (a closed
// callback is freed once no call uses it; its pointer's 64 bytes stay).
void CallbackLiveCount(const v8::FunctionCallbackInfo<v8::Value>& info);

// callbacksExit(): on process 'exit' (lib/callback.js): every callback's calls from
// other threads get zero from now on (the event loop will not run them), those
// waiting and the one a callback is running too (exit never returns to it), so that
// no thread of the libuv pool, which exit joins, waits for JS.
void CallbacksExit(const v8::FunctionCallbackInfo<v8::Value>& info);

// Environment teardown: closes every callback of the isolate (their uv handles close
// asynchronously); each is freed once no thread uses it, and its pointer keeps
// returning zero (callback_cell.h).
void CloseCallbacks(AddonData* addon);

}  // namespace zerocall
