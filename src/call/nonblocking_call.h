// `nonblocking: true` symbols: the arguments are converted on the JS thread, the C
// call runs on the libuv thread pool, and a Promise settles with the result. The
// buffers passed stay alive (their backing stores are held) until the call returns,
// and the library is not unloaded while a call is in flight.
#pragma once
#include <v8.h>

#include <memory>
#include <vector>

#include "call/marshal.h"

namespace zerocall {

class ForeignFunction;

// Queues `fn`'s call with the converted `values` (one per parameter) and the
// copies of its string arguments, kept until it settles; returns its Promise.
v8::Local<v8::Promise> StartNonblockingCall(const v8::FunctionCallbackInfo<v8::Value>& info,
                                            ForeignFunction* fn, const NativeValue* values,
                                            std::vector<std::unique_ptr<char[]>> strings);

}  // namespace zerocall
