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

// A thread's scratch arena for the copies of synchronous calls: short strings share
// the block; longer ones get their own.
constexpr size_t kScratchBlockBytes = 4096;

struct CStringScratch {
  alignas(16) char block[kScratchBlockBytes];
  size_t top = 0;
  size_t base = 0;  // CStringCallbackBase: fast calls release down to here
  std::vector<std::unique_ptr<char[]>> spills;
  size_t spills_base = 0;

  // Two-byte aligned (cstring16 copies).
  char* Allocate(size_t bytes) {
    const size_t start = (top + 1) & ~size_t{1};
    if (bytes <= kScratchBlockBytes - start) [[likely]] {
      top = start + bytes;
      return block + start;
    }
    return Spill(bytes);
  }
  [[gnu::noinline]] char* Spill(size_t bytes) {
    spills.emplace_back(new char[bytes]);
    return spills.back().get();
  }
  void ReleaseTo(size_t mark, size_t spills_mark) {
    top = mark;
    if (spills.size() != spills_mark) [[unlikely]] spills.resize(spills_mark);
  }
  // Copies above the base that a callback must not let nested calls release.
  bool HoldsCopies() const { return top != base || spills.size() != spills_base; }
};

// This thread's scratch arena, null until its first string copy: a plain
// initial-exec TLS word, one load from inline code.
extern __thread CStringScratch* tls_cstring_scratch __attribute__((tls_model("initial-exec")));

// While an UnsafeCallback's JS function runs: fast calls made from it release
// scratch copies only down to where the arena stood when it started. Nothing to
// protect (the usual case, checked inline) when the arena holds no copies above its
// base or does not exist yet: nested calls then free only their own copies.
class CStringCallbackBase {
 public:
  CStringCallbackBase() : scratch_(tls_cstring_scratch) {
    if (scratch_ == nullptr || !scratch_->HoldsCopies()) [[likely]] {
      scratch_ = nullptr;
      return;
    }
    Enter();
  }
  ~CStringCallbackBase() {
    if (scratch_ != nullptr) [[unlikely]] Leave();
  }
  CStringCallbackBase(const CStringCallbackBase&) = delete;
  CStringCallbackBase& operator=(const CStringCallbackBase&) = delete;

 private:
  void Enter();
  void Leave();
  CStringScratch* scratch_;
  size_t saved_base_ = 0, saved_spills_base_ = 0;
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
