// Plain C functions that write one value at base + offset, one per UnsafePointerView
// setter: the mirror of pointer_reads.h. Their signature is (pointer base, T value,
// f64 offset) -> void, so a bad value fails the bound function's own check as its
// parameter 1, the value's place in setX(offset, value); the JS side rejects null
// pointers and bad offsets first.
#pragma once
#include <v8.h>

namespace zerocall {

// pointerWriters() -> { [type name]: pointer object of the writer for that type }
void PointerWriters(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace zerocall
