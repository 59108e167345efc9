// The public fast-path trace: with ZEROCALL_TRACE_FAST=1 in the environment at
// start-up, V8 enters every fast-call stub through a trace prefix
// (jit/trace_prefix.h) that records the stub's label in a per-thread word before
// the stub runs; `lastFastCall()` reads and clears it. Stubs run only on their
// isolate's thread, so a thread's word is its isolate's. Without the variable no
// prefix exists and the stubs are entered directly (no cost).
#pragma once
#include <string>
#include <v8.h>

namespace zerocall {

namespace jit {
class ExecArena;
}

// ZEROCALL_TRACE_FAST=1 at start-up (read once per process).
bool FastTraceEnabled();

// What a fast call records: the symbols key, or "call" for an UnsafeFnPointer
// (a function without a library whose key is "UnsafeFnPointer").
std::string FastTraceLabel(const std::string& key, bool has_library);

// The entry V8 should call instead of `stub`: a trace prefix recording `label`.
// Null when tracing is off or executable memory is refused (then: `stub` itself).
void* TracedEntry(jit::ExecArena* arena, void* stub, const std::string& label);

// The general path ran for the function with `key`: if the last recorded fast
// call is that function's (a V8 11-12 stub that fell back to the slow callback),
// forget it. Does nothing (and costs one test) when tracing is off.
void ForgetFallenBackCall(const std::string& key, bool has_library);

// lastFastCall() -> the label of the last fast call on this thread, or null;
// resets it to null.
void LastFastCall(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace zerocall
