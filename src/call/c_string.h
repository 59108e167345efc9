// The C string kinds (cstring: UTF-8 char*, cstring16: UTF-16 char16_t*): a JS
// string argument becomes a NUL-terminated copy valid for the call; a result or a
// callback argument is decoded up to its NUL. Anything else a string parameter
// accepts (a buffer, a pointer object, null) is converted by marshal.cc as
// `buffer`/`pointer` would be.
//
// Where copies live: a per-thread scratch arena (a fixed block for short strings,
// so no allocation per call, plus blocks of their own for long ones). A general
// call's copies are released when it returns (CStringScratchScope). A fast call
// cannot run code after C returns (the stub tail-calls C), so its first string
// parameter releases the previous fast call's copies instead, down to the base that
// the innermost running UnsafeCallback set (CStringCallbackBase): a callback that
// calls another string symbol cannot free the strings of the call it runs inside.
// Nonblocking calls own heap copies until their Promise settles.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>
#include <v8.h>

#include "types/native_type.h"

namespace zerocall {

inline bool IsStringKind(NativeType type) {
  return type == NativeType::kCString || type == NativeType::kCString16;
}

// Where the copies of one call's string arguments go.
class CStringCopies {
 public:
  // owned = true (nonblocking calls): every copy on the heap, kept by TakeOwned's
  // holder; otherwise in the scratch arena until this object goes away.
  explicit CStringCopies(bool owned);
  ~CStringCopies();
  CStringCopies(const CStringCopies&) = delete;
  CStringCopies& operator=(const CStringCopies&) = delete;

  char* Allocate(size_t bytes);
  std::vector<std::unique_ptr<char[]>> TakeOwned() { return std::move(owned_); }

 private:
  bool is_owned_;
  size_t mark_ = 0;  // the arena's top at construction (arena copies only)
  size_t spills_mark_ = 0;
  std::vector<std::unique_ptr<char[]>> owned_;
};

// While an UnsafeCallback's JS function runs: fast calls made from it release
// scratch copies only down to where the arena stood when it started.
class CStringCallbackBase {
 public:
  CStringCallbackBase();
  ~CStringCallbackBase();
  CStringCallbackBase(const CStringCallbackBase&) = delete;
  CStringCallbackBase& operator=(const CStringCallbackBase&) = delete;

 private:
  size_t saved_base_, saved_spills_base_;
};

// A fast call's first string parameter: frees the previous fast call's copies.
void ReleaseFastCallCStrings();

// Encodes string `value` for a parameter of string kind `type` into `copies`;
// false (nothing thrown) when it contains U+0000.
bool CStringFromJs(v8::Isolate* isolate, v8::Local<v8::String> value, NativeType type,
                   CStringCopies* copies, void** out);
// Same, into the scratch arena without a scope (fast calls, see above).
bool CStringFromJsForFastCall(v8::Isolate* isolate, v8::Local<v8::String> value, NativeType type,
                              void** out);

// The JS string a NUL-terminated C string of `type` spells (UTF-8 errors become
// U+FFFD), null for NULL; an empty handle (an Error thrown) if it is too long.
v8::Local<v8::Value> CStringToJs(v8::Isolate* isolate, NativeType type, const void* address);

}  // namespace zerocall
