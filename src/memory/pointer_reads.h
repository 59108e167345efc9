// Plain C functions that read one value at base + offset, one per UnsafePointerView
// getter. lib/pointer.js binds them like any foreign function (makeFunction), so the
// getters take the fast path (and otherwise the general path) with the same
// conversions as a symbol returning that type; the JS side rejects null pointers and
// bad offsets first, since these functions cannot check anything.
#pragma once
#include <span>
#include <v8.h>

namespace zerocall {

// One accessor of a type: its name in lib/ (primitives.inc) and the C function.
struct TypedAddress {
  const char* type;
  void* address;
};

// { [type name]: pointer object of that accessor } (pointerReaders, pointerWriters).
v8::Local<v8::Object> AddressTable(v8::Isolate* isolate, std::span<const TypedAddress> entries);

// pointerReaders() -> { [type name]: pointer object of the reader for that type }
void PointerReaders(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace zerocall
