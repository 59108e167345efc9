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
void CallbackClose(const v8::FunctionCallbackInfo<v8::Value>& info);
// callbackRef(handle, delta) -> reference count; a ref'd callback keeps the event loop alive.
void CallbackRef(const v8::FunctionCallbackInfo<v8::Value>& info);

// callbackEntry(pointer) -> "thunk" (the register entry) or "libffi": which C entry
// point the callback got (tests prove the register entry is used where it applies).
void CallbackEntry(const v8::FunctionCallbackInfo<v8::Value>& info);

// Environment teardown: closes every callback of the isolate (their uv handles
// close asynchronously), then, once the handles are closed, frees them.
void CloseCallbacks(AddonData* addon);
void DestroyCallbacks(AddonData* addon);

}  // namespace zerocall
